"""The JSON API (django-ninja); the OpenAPI schema and its docs are served at /api/docs."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.operation import Operation
from ninja.security import django_auth

from careinspect.inspections.api import router as inspections_router
from careinspect.registry.api import router as registry_router

# The inspections API was one module before it was split by kind (`careinspect.inspections.api.*`).
INSPECTIONS_API = "careinspect.inspections.api"


class CareinspectAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Ninja names an operation after its module: the inspections API keeps the names it had as one
        module, so the OpenAPI document (and any client generated from it) did not change with the split."""
        view = operation.view_func
        if view.__module__.startswith(f"{INSPECTIONS_API}."):
            return f"{INSPECTIONS_API}_{view.__name__}".replace(".", "_")
        return super().get_openapi_operation_id(operation)


api = CareinspectAPI(
    title="careinspect API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)
api.add_router("/registry", registry_router)
api.add_router("/inspections", inspections_router)
