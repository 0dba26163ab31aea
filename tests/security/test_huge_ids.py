"""Every API operation with a record's id in its path, asked with an id past the database's integers (2**63,
the first a signed 64-bit integer cannot hold, and 10**30): never a 5xx, never a 2xx (issue 10).

The routers after the inspections API (thematic, fieldwork, assurance, enforcement, compliance,
notifications, messaging) take path ids as `RecordId` (`careinspect.inspections.schemas`), bounded like
the ids in a request's body: such an id is refused with a 422 in the API's one error shape, naming the
path parameter. The inspections API's path ids stay plain integers, as the ID walk found them: a larger
one names no record and is answered as an id that exists nowhere, 404 (DPR-3), before anything else is
read where the operation takes no body. Both answers are documented on every operation with an id.

The operations come from the OpenAPI document, so a new one is tried without a change here; a new path id
that is a plain integer outside the inspections API fails `test_every_path_id_is_bounded`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careinspect.api import api
from careinspect.inspections.schemas import ErrorOut

pytestmark = pytest.mark.django_db

HUGE = (2**63, 10**30)
LARGEST_ID = 2**63 - 1
# Path parameters that are not a record's id, and what to write for them.
NOT_IDS = {"team": "1", "area": "helped_protected", "urn": "SC000000"}
# The inspections API, whose path ids are plain integers (404 for an id that names nothing, however large).
UNBOUNDED = "/api/inspections/"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    ids: tuple[str, ...]
    bounded: frozenset[str]  # the ids documented with the `RecordId` bound
    has_body: bool

    def url(self, huge: str, value: int) -> str:
        """The path with `huge` written as `value` and every other parameter as a real-looking one."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            return str(value) if name == huge else NOT_IDS.get(name, "1")

        return re.sub(r"{(\w+)}", fill, self.path)


def operations() -> list[Operation]:
    found = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            path_params = [p for p in operation.get("parameters", ()) if p["in"] == "path"]
            ids = [p for p in path_params if p["name"] not in NOT_IDS]
            if not ids:
                continue
            bounded = {p["name"] for p in ids if p["schema"].get("maximum") == LARGEST_ID}
            found.append(
                Operation(
                    method.upper(),
                    path,
                    tuple(p["name"] for p in ids),
                    frozenset(bounded),
                    "requestBody" in operation,
                )
            )
    return found


def test_every_path_id_is_bounded_outside_the_inspections_api() -> None:
    found = operations()
    assert len(found) > 80, "the whole API is walked"
    unbounded = sorted(
        f"{o.method} {o.path} {name}" for o in found for name in o.ids if name not in o.bounded
    )
    assert [u for u in unbounded if not u.split()[1].startswith(UNBOUNDED)] == []
    assert unbounded, "the inspections API's path ids are still plain integers (see the docstring)"


def ask(client: Client, method: str, url: str) -> Any:
    return client.generic(method, url, data=json.dumps({}), content_type="application/json")


@pytest.mark.parametrize("who", ["manager", "provider_user_a"])
def test_a_huge_path_id_is_refused_naming_it_never_a_server_error(
    request: pytest.FixtureRequest, who: str
) -> None:
    user: User = request.getfixturevalue(who)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    wrong = []
    for operation in operations():
        for name in operation.ids:
            for value in HUGE:
                url = operation.url(name, value)
                answer = ask(client, operation.method, url)
                said = f"{operation.method} {url} → {answer.status_code} {answer.content[:200]!r}"
                if name in operation.bounded:
                    if answer.status_code != 422:
                        wrong.append(said)
                        continue
                    error = ErrorOut.model_validate(answer.json())
                    if error.field != name or ["path", name] not in [e.get("loc") for e in error.errors]:
                        wrong.append(said)
                elif not operation.has_body and answer.status_code != 404:
                    wrong.append(said)  # the inspections API: an id that names nothing
                elif answer.status_code not in (404, 422):
                    wrong.append(said)  # …refused, whatever its body says first
    assert wrong == []


def test_the_document_says_a_path_id_is_bounded() -> None:
    """A client generated from the document sends no id the API refuses as too large."""
    document = api.get_openapi_schema()
    detail = document["paths"]["/api/thematic/programmes/{pk}"]["get"]
    (pk,) = [p for p in detail["parameters"] if p["name"] == "pk"]
    assert (pk["schema"]["minimum"], pk["schema"]["maximum"]) == (1, LARGEST_ID)
    assert 422 in detail["responses"] and 404 in detail["responses"]
