"""The messaging pages, included by the project's urls under `outbox/` with the namespace `messaging`."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "messaging"
urlpatterns: list[URLPattern] = []
