"""JSON API of fieldwork (django-ninja), added to the project's API under `/fieldwork`."""

from ninja import Router

router = Router(tags=["fieldwork"])
