"""Every error the API answers has the shape its OpenAPI document gives (issue 10): `detail` a sentence,
`rule` and `field`, and the problems one by one under `errors`. A request ninja refuses as invalid used to
answer `{"detail": [...]}`, a list where the schema said a string.

RULES: INF-2 — the case list's upload is the example: a missing file, rows with errors, a broken rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.api import api as ninja_api
from careinspect.inspections.schemas import ErrorOut
from careinspect.rules.lifecycle import Status
from tests.inspections.api.conftest import Api
from tests.inspections.conftest import Walk, case_list_csv

pytestmark = pytest.mark.django_db


def error_of(answer: Any) -> dict[str, Any]:
    """The body of a 422, checked against the documented schema: `detail` is a sentence, never a list."""
    assert answer.status_code == 422, answer.content
    body: dict[str, Any] = answer.json()
    ErrorOut.model_validate(body)
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_inf2_case_list_upload_without_a_file_names_the_field(
    walk: Walk, provider_user_a: User, api: Callable[[User], Api]
) -> None:
    inspection = walk.to(Status.NOTIFIED)
    client = api(provider_user_a)
    body = error_of(client.client.post(client.url(f"{inspection.pk}/case-list"), {}))
    assert body == {
        "detail": "file: Field required",
        "rule": None,
        "field": "file",
        "errors": [{"loc": ["file", "file"], "msg": "Field required", "type": "missing"}],
    }


def test_inf2_case_list_rows_with_errors_are_listed_under_errors(
    walk: Walk, provider_user_a: User, api: Callable[[User], Api]
) -> None:
    inspection = walk.to(Status.NOTIFIED)
    bad = case_list_csv(0, rows=[("AS-001", "child", "202", "therapy", "2025-06-02", "", "Y"), ("", "child")])
    body = error_of(api(provider_user_a).upload(f"{inspection.pk}/case-list", "cases.csv", bad))
    assert (body["rule"], body["field"]) == ("INF-2", "case_list")
    assert body["errors"] and {"sheet", "row", "column", "value", "message"} <= set(body["errors"][0])


def test_inf2_a_case_list_sent_after_feedback_is_a_rule_broken(
    walk: Walk, inspector: User, api: Callable[[User], Api]
) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    body = error_of(api(inspector).upload(f"{inspection.pk}/case-list", "cases.csv", case_list_csv(3)))
    assert (body["rule"], body["field"]) == ("INF-2", "case_list")


def test_an_invalid_body_names_each_field_under_errors(walk: Walk, api: Callable[[User], Api]) -> None:
    inspection = walk.to(Status.ON_SITE)
    answer = api(walk.inspector).post(
        f"{inspection.pk}/recommendations", {"nms_standard": 5, "evidence_ids": [2**70]}
    )
    body = error_of(answer)
    assert body["field"] == "nms_standard"
    assert [e["loc"][-1] for e in body["errors"]] == ["nms_standard", "text", 0]
    assert "evidence_ids.0: Input should be less than or equal to" in body["detail"]


def test_an_invalid_query_answers_the_same_shape(walk: Walk, api: Callable[[User], Api]) -> None:
    walk.to(Status.NOTIFIED)
    body = error_of(api(walk.inspector).get("?status=nope&limit=0"))
    assert body["field"] == "limit"
    assert [e["loc"] for e in body["errors"]] == [["query", "limit"], ["query", "filters", "status", 0]]
    assert body["detail"].startswith("limit: Input should be greater than or equal to 1; status.0: Input")


def test_the_openapi_document_gives_every_operation_its_422_in_the_one_error_shape() -> None:
    document = ninja_api.get_openapi_schema()
    shape = document["components"]["schemas"]["ErrorOut"]
    assert shape["properties"]["detail"]["type"] == "string"
    assert shape["properties"]["errors"]["type"] == "array"
    assert shape["required"] == ["detail"]
    undocumented = [
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if operation["responses"].get(422, {}).get("content", {}).get("application/json", {}).get("schema")
        != {"$ref": "#/components/schemas/ErrorOut"}
    ]
    assert undocumented == []
    cases = document["paths"]["/api/inspections/{inspection_id}/cases"]["get"]
    assert {p["name"] for p in cases["parameters"] if p["in"] == "query"} == {"limit", "offset"}
    assert "X-Total-Count" in cases["responses"][200]["headers"]
