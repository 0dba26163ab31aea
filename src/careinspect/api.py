"""The JSON API (django-ninja); the OpenAPI schema and its docs are served at /api/docs."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from careinspect.inspections.api import router as inspections_router
from careinspect.registry.api import router as registry_router

api = NinjaAPI(
    title="careinspect API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)
api.add_router("/registry", registry_router)
api.add_router("/inspections", inspections_router)
