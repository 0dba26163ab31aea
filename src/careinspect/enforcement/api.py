"""JSON API of enforcement (django-ninja), added to the project's API under `/enforcement`."""

from ninja import Router

router = Router(tags=["enforcement"])
