"""The enforcement pages, included by the project's urls under `enforcement/` with the namespace
`enforcement`.
"""

from django.urls import URLPattern, path  # noqa: F401

app_name = "enforcement"
urlpatterns: list[URLPattern] = []
