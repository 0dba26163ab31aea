"""The JSON API (django-ninja); the OpenAPI schema and its docs are served at /api/docs.

Every error answers one shape, `ErrorOut`: `{"detail": str, "rule", "field", "errors": [...]}`. A broken
rule fills `rule` and `field` (the services' RuleViolation); a request whose parameters or body do not
validate names the first field at fault and lists every problem under `errors` (ninja's own answer put
that list in `detail`, where the documented schema says a string). Every operation documents its 401, 403
and 422, and its 404 where its path names a record.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.security import django_auth

from careinspect.assurance.api import router as assurance_router
from careinspect.compliance.api import router as compliance_router
from careinspect.enforcement.api import router as enforcement_router
from careinspect.fieldwork.api import router as fieldwork_router
from careinspect.inspections.api import router as inspections_router
from careinspect.inspections.schemas import ErrorOut
from careinspect.messaging.api import router as messaging_router
from careinspect.notifications.api import router as notifications_router
from careinspect.registry.api import router as registry_router
from careinspect.thematic.api import router as thematic_router

# The inspections API was one module before it was split by kind (`careinspect.inspections.api.*`).
INSPECTIONS_API = "careinspect.inspections.api"
# Where a value came from, first in ninja's error locations: not part of the field's name.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
# The operations' parameters that are schemas (a body, a set of filters): ninja names them in a location,
# the caller never does.
_SCHEMA_PARAMETERS = {"payload", "filters", "page"}
_ERROR_SCHEMA = "ErrorOut"
_UNPROCESSABLE = (
    "A rule broken (`rule`, `field`) or a request refused as invalid (`field`, each problem in `errors`)"
)
# What any operation may answer besides its own responses, in the same shape: nobody signed in (ninja's
# session auth), a signed-in user who may not do this or the CSRF check failed (the routers'
# `answer_errors`), and, where the path names a record, a record this user may not see or that is not there
# (DPR-3: the same answer for both).
_UNAUTHORISED = "Not signed in"
_FORBIDDEN = "Signed in, but not allowed to do this (or the CSRF token is missing)"
_NOT_FOUND = "No such record, or not one this user may see"


class CareinspectAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Ninja names an operation after its module: the inspections API keeps the names it had as one
        module, so the OpenAPI document (and any client generated from it) did not change with the split."""
        view = operation.view_func
        if view.__module__.startswith(f"{INSPECTIONS_API}."):
            return f"{INSPECTIONS_API}_{view.__name__}".replace(".", "_")
        return super().get_openapi_operation_id(operation)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's document, with the errors every operation may answer in the one error shape: 401, 403,
        422 (a rule, or an invalid request) and, where the path names a record, 404. The schema says what
        the API answers."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            _ERROR_SCHEMA, ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        error = {"$ref": f"#/components/schemas/{_ERROR_SCHEMA}"}
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                answers = {401: _UNAUTHORISED, 403: _FORBIDDEN, 422: _UNPROCESSABLE}
                if any(p.get("in") == "path" for p in operation.get("parameters", ())):
                    answers[404] = _NOT_FOUND
                for status, description in answers.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {
                            "description": description,
                            "content": {"application/json": {"schema": error}},
                        }
        return schema


api = CareinspectAPI(
    title="careinspect API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)
api.add_router("/registry", registry_router)
api.add_router("/inspections", inspections_router)
api.add_router("/thematic", thematic_router)
api.add_router("/fieldwork", fieldwork_router)
api.add_router("/assurance", assurance_router)
api.add_router("/enforcement", enforcement_router)
api.add_router("/compliance", compliance_router)
api.add_router("/notifications", notifications_router)
api.add_router("/messages", messaging_router)


def _field(location: Any) -> str:
    """`["body", "payload", "evidence_ids", 0]` → `evidence_ids.0`, `["file", "file"]` → `file`: the field
    as the caller sent it."""
    parts = [str(p) for p in (location or ())]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in _SCHEMA_PARAMETERS:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request whose parameters or body do not validate: 422 in the API's one error shape."""
    problems = [(list(e.get("loc", ())), str(e.get("msg", "")), str(e.get("type", ""))) for e in exc.errors]
    fields = [_field(loc) for loc, _, _ in problems]
    detail = "; ".join(f"{f}: {msg}" if f else msg for f, (_, msg, _) in zip(fields, problems, strict=True))
    answer = ErrorOut(
        detail=detail or "the request is not valid",
        rule=None,
        field=fields[0] if fields else None,
        errors=[{"loc": loc, "msg": msg, "type": kind} for loc, msg, kind in problems],
    )
    return api.create_response(request, answer.model_dump(), status=422)
