"""The project's urls with the planning pages, for the tests (`pytest.mark.urls`): until the project's
`urls.py` includes them, they are added here under `planning/`; once it does, this is the project's own."""

from django.urls import include, path

from careinspect.urls import urlpatterns as project

_wired = any(getattr(pattern, "namespace", None) == "planning" for pattern in project)
urlpatterns = project if _wired else [*project, path("planning/", include("careinspect.planning.urls"))]
