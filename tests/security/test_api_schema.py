"""The API against its own OpenAPI document (issue 10 item 7): schemathesis generates requests for every
operation of the document the server serves, as a signed-in inspector and as a manager, and no answer may
be a 5xx or differ from what the document says (`not_a_server_error`, `response_schema_conformance`).

Requests go through Django's WSGI application in this process, as gunicorn's would, with the session
cookie of a signed-in user and a CSRF token (the API checks it on every write, as the pages do). Each
operation gets `EXAMPLES` generated cases (fixed seed), then one case on each real record its path names
(the two agencies' records of `tests/security/world.py`), so answers about real records are checked too.
Bounded: no shrinking, no example database. Run alone with `make test-schema` (`-m schema`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from careinspect.inspections.models import (
    Case,
    DeferralRequest,
    Evidence,
    Inspection,
    Judgement,
    ProviderResponse,
)
from careinspect.wsgi import application
from tests.security.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.schema]

EXAMPLES = 5  # generated cases per operation and user, besides one on each real record
BOUNDED = hypothesis_settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
)
CHECKS = [not_a_server_error, response_schema_conformance]
RECORDS = {
    "inspection_id": Inspection,
    "deferral_id": DeferralRequest,
    "case_id": Case,
    "evidence_id": Evidence,
    "judgement_id": Judgement,
    "response_id": ProviderResponse,
}


@contextmanager
def served_in_process() -> Iterator[None]:
    """Django's handler closes the database connection after each request, as a server needs; here the
    requests share the test's connection and its transaction, as Django's test client arranges for its own
    (each of its requests connects the closing again, so this goes around the WSGI requests alone)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world_ids(world: World) -> dict[str, list[int]]:
    """The real ids each path parameter can take."""
    return {
        name: sorted(model._default_manager.values_list("pk", flat=True)) for name, model in RECORDS.items()
    }


def signed_in(user: User) -> tuple[dict[str, str], dict[str, str]]:
    """The cookies and headers of a browser signed in as `user`: its session and a CSRF token."""
    client = Client()
    client.force_login(user)
    token = get_random_string(32)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookies = {settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: token}
    return cookies, {"X-CSRFToken": token}


def served_schema(user: User) -> Any:
    """The document the server serves (behind sign-in, like /api/docs), its requests sent to the app."""
    client = Client()
    client.force_login(user)
    served = client.get("/api/openapi.json")
    assert served.status_code == 200
    schema = schemathesis.openapi.from_dict(served.json())
    schema.app = application
    return schema


def strategies(operation: Any, ids: dict[str, list[int]]) -> list[tuple[str, Any, int]]:
    """What to try on the operation: `EXAMPLES` generated cases, then one case on each real record its
    path names (so every record is read, or written to, at least once)."""
    tried = [("generated", operation.as_strategy(), EXAMPLES)]
    for name in (p.name for p in operation.path_parameters if p.name in ids):
        tried += [(f"{name}={pk}", operation.as_strategy(path_parameters={name: pk}), 1) for pk in ids[name]]
    return tried


def problems_with(
    schema: Any, cookies: dict[str, str], headers: dict[str, str], ids: dict[str, list[int]]
) -> list[str]:
    """Every operation tried; what failed, with the request that showed it."""
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for label, strategy, examples in strategies(operation, ids):

            @hypothesis_settings(BOUNDED, max_examples=examples)
            @given(case=strategy)
            def run(case: Any) -> None:
                case.call_and_validate(cookies=cookies, headers=headers, checks=CHECKS)

            try:
                run()
            # Every failure is reported, not only the first (schemathesis raises a group of them).
            except (Exception, BaseExceptionGroup) as failure:
                found.append(f"{operation.label} ({label}): {failure}")
    return found


@pytest.mark.parametrize("who", ["inspector", "manager"])
def test_every_operation_answers_without_a_server_error_and_as_its_schema_says(
    world: World, world_ids: dict[str, list[int]], who: str
) -> None:
    user = getattr(world, who)
    cookies, headers = signed_in(user)
    schema = served_schema(user)
    operations = sum(1 for _ in schema.get_all_operations())
    assert operations >= 30, "the whole API is tried"
    with served_in_process():
        problems = problems_with(schema, cookies, headers, world_ids)
    assert problems == []
