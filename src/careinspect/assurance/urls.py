"""The assurance pages, included by the project's urls under `assurance/` with the namespace `assurance`."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "assurance"
urlpatterns: list[URLPattern] = []
