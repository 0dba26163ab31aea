"""The OpenAPI document names each schema once and documents the errors every operation may answer.

Ninja files every schema under its class name in `components/schemas`: two apps' schemas of the same name
(fieldwork's sample case and the inspections API's `CaseOut`) left one of them described by the other's
fields, so a client (and schemathesis) checked the inspection's cases against the fieldwork's shape.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pydantic
from ninja import Router

from careinspect.api import api as ninja_api


def routers(router: Router) -> Iterator[Router]:
    yield router
    for child in router._routers:
        yield from routers(child[1])


def models_in(annotation: Any) -> Iterator[type[pydantic.BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from models_in(field.annotation)
    for argument in typing.get_args(annotation):
        yield from models_in(argument)


def test_every_schema_of_the_api_has_a_name_of_its_own() -> None:
    named: dict[str, set[str]] = defaultdict(set)
    for _, top in ninja_api._routers:
        for router in routers(top):
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    used = [*operation.response_models.values(), *operation.models]
                    for model in (m for annotation in used for m in models_in(annotation)):
                        named[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert len(named) > 50, "the whole API is walked"
    assert {name: sorted(where) for name, where in named.items() if len(where) > 1} == {}


def test_the_fieldwork_sample_and_the_inspection_cases_have_their_own_shapes() -> None:
    document = ninja_api.get_openapi_schema()
    schemas = document["components"]["schemas"]
    assert "case_ref" in schemas["CaseOut"]["properties"]
    assert "record_type" in schemas["ThematicCaseOut"]["properties"]
    fieldwork = document["paths"]["/api/fieldwork/inspections/{pk}/cases"]["get"]["responses"][200]
    assert fieldwork["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/ThematicCaseOut"
    }


def test_every_operation_documents_401_403_and_its_404_where_the_path_names_a_record() -> None:
    document = ninja_api.get_openapi_schema()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    undocumented = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            expected = {401, 403, 422}
            if any(p["in"] == "path" for p in operation.get("parameters", ())):
                expected.add(404)
            for status in expected:
                answer = operation["responses"].get(status, {})
                if answer.get("content", {}).get("application/json", {}).get("schema") != error:
                    undocumented.append(f"{method.upper()} {path} {status}")
    assert undocumented == []
    # A list without a record in its path cannot answer 404, and does not say it may.
    assert 404 not in document["paths"]["/api/messages/reminders"]["get"]["responses"]
