"""JSON API of assurance (django-ninja), added to the project's API under `/assurance`."""

from ninja import Router

router = Router(tags=["assurance"])
