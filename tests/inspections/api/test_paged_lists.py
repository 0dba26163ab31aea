"""The API's lists come a page at a time (issue 10): `limit` (default 100, at most 1000) and `offset`, the
answer still a JSON list, and `X-Total-Count` saying how many there are in all. A page costs the same
queries however long the list: a case list of a million rows answers its first page as fast as one of ten.

RULES: CAS-1 — the inspector chooses the cases to track from the agency's case list, page by page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careinspect.inspections.models import Inspection
from careinspect.inspections.services import lifecycle
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from tests.clock import at
from tests.inspections.api.conftest import Api, World
from tests.inspections.conftest import Walk, case_list_csv, evidence_services

pytestmark = pytest.mark.django_db

PAGED = ["/events", "/cases", "/evidence", "/requirements", "/recommendations"]


def with_cases(walk: Walk, count: int) -> Inspection:
    """The walk's inspection, notified, with a case list of `count` cases received through the service."""
    inspection = walk.to(Status.NOTIFIED)
    evidence_services().receive_case_list(
        inspection, by=walk.inspector, filename="cases.csv", data=case_list_csv(count), now=at("2025-12-04")
    )
    return inspection


def total(answer: object) -> int:
    return int(answer["X-Total-Count"])  # type: ignore[index]


def test_cas1_cases_come_a_page_at_a_time_in_case_reference_order(
    walk: Walk, inspector: User, api: Callable[[User], Api]
) -> None:
    inspection = with_cases(walk, 25)
    client = api(inspector)
    everything = client.get(f"{inspection.pk}/cases")
    assert (everything.status_code, total(everything), len(everything.json())) == (200, 25, 25)
    page = client.get(f"{inspection.pk}/cases?limit=10&offset=20")
    assert total(page) == 25
    assert [c["case_ref"] for c in page.json()] == [f"AS-{n:03d}" for n in range(21, 26)]
    pages = [client.get(f"{inspection.pk}/cases?limit=10&offset={o}").json() for o in (0, 10, 20)]
    assert [c["id"] for p in pages for c in p] == [c["id"] for c in everything.json()]


def test_a_page_defaults_to_100_and_never_exceeds_1000(
    walk: Walk, inspector: User, api: Callable[[User], Api]
) -> None:
    inspection = with_cases(walk, 120)
    client = api(inspector)
    assert len(client.get(f"{inspection.pk}/cases").json()) == 100
    assert len(client.get(f"{inspection.pk}/cases?limit=1000").json()) == 120
    too_many = client.get(f"{inspection.pk}/cases?limit=1001")
    assert (too_many.status_code, too_many.json()["field"]) == (422, "limit")
    beyond = client.get(f"{inspection.pk}/cases?offset={2**62}")
    assert (beyond.status_code, beyond.json(), total(beyond)) == (200, [], 120)
    assert client.get(f"{inspection.pk}/cases?offset={2**62 + 1}").status_code == 422
    assert client.get(f"{inspection.pk}/cases?offset=-1").status_code == 422


def test_cas1_a_page_of_cases_costs_the_same_queries_however_long_the_list(
    walk: Walk, inspector: User, api: Callable[[User], Api]
) -> None:
    inspection = with_cases(walk, 12)
    client = api(inspector)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(f"{inspection.pk}/cases?limit=10")
        assert len(answer.json()) == 10
        return len(captured)

    short = queries()
    evidence_services().receive_case_list(
        inspection, by=inspector, filename="cases.csv", data=case_list_csv(1500), now=at("2025-12-05")
    )
    assert total(client.get(f"{inspection.pk}/cases?limit=1")) == 1500
    assert queries() == short


def test_every_list_of_an_inspection_is_paged_with_its_total(
    world: World, inspector: User, api: Callable[[User], Api]
) -> None:
    client = api(inspector)
    for path in PAGED:
        whole = client.get(f"{world.a.pk}{path}")
        assert whole.status_code == 200, path
        assert isinstance(whole.json(), list) and total(whole) == len(whole.json()) >= 1, path
        first = client.get(f"{world.a.pk}{path}?limit=1")
        assert (len(first.json()), total(first)) == (1, total(whole)), path
        assert first.json() == whole.json()[:1], path
        assert client.get(f"{world.a.pk}{path}?offset={total(whole)}").json() == [], path


def test_dpr3_the_total_counts_only_what_the_user_may_see(
    world: World, inspector: User, provider_user_a: User, api: Callable[[User], Api]
) -> None:
    team, agency = (
        api(inspector).get(f"{world.a.pk}/events"),
        api(provider_user_a).get(f"{world.a.pk}/events"),
    )
    assert total(agency) == len(agency.json()) < total(team)
    assert api(provider_user_a).get(f"{world.a.pk}/evidence").status_code == 404


def test_the_list_of_inspections_is_paged_and_its_queries_do_not_grow_with_it(
    world: World, manager: User, inspector: User, provider_b: Provider, api: Callable[[User], Api]
) -> None:
    client = api(manager)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get("?limit=50")
        assert answer.status_code == 200
        return len(captured), total(answer)

    few, count = queries()
    for week in range(4):
        lifecycle.schedule_inspection(
            provider_b,
            lead_inspector=inspector,
            manager=manager,
            start=date(2027, 3, 1 + 7 * week),
            end=date(2027, 3, 2 + 7 * week),
            by=manager,
            now=at("2026-11-02"),
        )
    assert queries() == (few, count + 4)
    second = client.get("?limit=2&offset=2")
    assert (len(second.json()), total(second)) == (2, count + 4)
    notified = client.get("?status=notified")
    assert total(notified) == len(notified.json()) == 1
