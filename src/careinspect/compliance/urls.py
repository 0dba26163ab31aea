"""The compliance pages, under `compliance/` with the namespace `compliance`."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "compliance"
urlpatterns: list[URLPattern] = []
