"""JSON API of messaging (django-ninja), added to the project's API under `/messaging`."""

from ninja import Router

router = Router(tags=["messaging"])
