"""The thematic pages, included by the project's urls under `thematic/` with the namespace `thematic`."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "thematic"
urlpatterns: list[URLPattern] = []
