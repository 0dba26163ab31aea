"""JSON API of notifications (django-ninja), added to the project's API under `/notifications`."""

from ninja import Router

router = Router(tags=["notifications"])
