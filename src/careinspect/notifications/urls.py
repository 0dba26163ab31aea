"""The notifications pages, included by the project's urls under `notifications/` with the namespace
`notifications`.
"""

from django.urls import URLPattern, path  # noqa: F401

app_name = "notifications"
urlpatterns: list[URLPattern] = []
