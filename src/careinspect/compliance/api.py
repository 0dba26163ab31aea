"""JSON API of compliance (django-ninja), added to the project's API under `/compliance`."""

from ninja import Router

router = Router(tags=["compliance"])
