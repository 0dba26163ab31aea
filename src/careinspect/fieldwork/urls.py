"""The fieldwork pages, included by the project's urls under `fieldwork/` with the namespace `fieldwork`."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "fieldwork"
urlpatterns: list[URLPattern] = []
