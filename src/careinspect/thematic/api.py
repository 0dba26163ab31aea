"""JSON API of thematic (django-ninja), added to the project's API under `/thematic`."""

from ninja import Router

router = Router(tags=["thematic"])
