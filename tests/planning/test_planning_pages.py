"""The manager's planning pages (issue 14 item 3): who sees what, the plan by week and by inspector with
its reasons, the manager's buttons, and a number of queries that does not grow with the placements."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careinspect.inspections.models import Inspection
from careinspect.planning.models import InspectorProfile, Placement, Plan
from careinspect.registry.models import LocalAuthority, Provider
from tests.conftest import d
from tests.planning.records import NOW, YEAR, agency, authority, inspector, leave

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.planning.urls")]
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def camden() -> LocalAuthority:
    return authority()


@pytest.fixture
def staff(people: dict[str, User]) -> dict[str, User]:
    """The shared people (tests/people.py), the inspector and manager with profiles, and a colleague."""
    InspectorProfile.objects.create(
        user=people["inspector"], region="London", kinds="ASA,IFA", days_per_week=3
    )
    return {**people, "colleague": inspector("colleague", days=3)}


def plan_of(staff: dict[str, User], camden: LocalAuthority, count: int, status: str = "draft") -> Plan:
    """A plan laid out by hand: `count` placements shared between the inspector and a colleague."""
    plan = Plan.objects.create(
        horizon_from=YEAR.first,
        horizon_to=YEAR.last,
        made_by=staff["manager"],
        made_at=NOW,
        time_limit=2,
        status=status,
        figures={"cp_sat": {"placed": count, "unplaced": 0}, "greedy": {"placed": count, "unplaced": 0}},
    )
    first = Provider.objects.count()
    for n in range(count):
        provider = agency(f"SC{first + n + 100:06d}", la=camden)
        week = d("2026-06-01").toordinal() + 7 * (n // 2)
        start = datetime.fromordinal(week).date()
        Placement.objects.create(
            plan=plan,
            provider=provider,
            inspector=staff["inspector"] if n % 2 else staff["colleague"],
            start=start,
            end=datetime.fromordinal(week + 1).date(),
            reason=f"window for placement {n}",
            kind="ASA",
            region="London",
            window_start=d("2026-04-17"),
            window_end=d("2027-03-31"),
            days_on_site=2,
            priority=1,
        )
    return plan


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(staff: dict[str, User], camden: LocalAuthority) -> None:
    plan = plan_of(staff, camden, 2)
    for url in ("/planning/", f"/planning/{plan.pk}/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_a_provider_user_finds_no_plan(staff: dict[str, User], camden: LocalAuthority) -> None:
    plan = plan_of(staff, camden, 2, status="final")
    placement = plan.placements.first()
    assert placement is not None
    client = signed_in(staff["provider_a"])
    for url in (
        "/planning/",
        f"/planning/{plan.pk}/",
        f"/planning/{plan.pk}/placements/{placement.pk}/move/",
    ):
        assert client.get(url).status_code == 404
    for action in ("lock", "schedule"):
        assert client.post(f"/planning/{plan.pk}/placements/{placement.pk}/{action}/").status_code == 404
    assert (
        client.post("/planning/", {"horizon_from": "2026-04-01", "horizon_to": "2027-03-31"}).status_code
        == 404
    )
    placement.refresh_from_db()
    assert placement.locked_by is None and Plan.objects.count() == 1


def test_an_inspector_reads_their_own_placements_in_final_plans_only(
    staff: dict[str, User], camden: LocalAuthority
) -> None:
    draft = plan_of(staff, camden, 4)
    final = plan_of(staff, camden, 4, status="final")
    client = signed_in(staff["inspector"])

    listing = client.get("/planning/").content.decode()
    assert f"Plan {final.pk}" in listing and f"Plan {draft.pk}<" not in listing
    assert "Make the plan" not in listing
    assert client.get(f"/planning/{draft.pk}/").status_code == 404
    page = client.get(f"/planning/{final.pk}/").content.decode()
    mine = final.placements.filter(inspector=staff["inspector"]).select_related("provider")
    theirs = final.placements.filter(inspector=staff["colleague"]).select_related("provider")
    assert mine.count() == theirs.count() == 2
    assert all(p.provider.urn in page for p in mine)
    assert not any(p.provider.urn in page for p in theirs)
    assert "Not placed" not in page and "Lock<" not in page and "Re-plan" not in page
    placement = mine.first()
    assert placement is not None
    assert client.post(f"/planning/{final.pk}/placements/{placement.pk}/lock/").status_code == 403
    assert client.post(f"/planning/{final.pk}/replan/", {"time_limit": "2"}).status_code == 403
    assert (
        client.post("/planning/", {"horizon_from": "2026-04-01", "horizon_to": "2027-03-31"}).status_code
        == 403
    )
    placement.refresh_from_db()
    assert placement.locked_by is None and Plan.objects.count() == 2


def test_the_manager_sees_the_plan_by_week_and_by_inspector_with_reasons(
    staff: dict[str, User], camden: LocalAuthority
) -> None:
    plan = plan_of(staff, camden, 4)
    page = signed_in(staff["manager"]).get(f"/planning/{plan.pk}/").content.decode()

    assert 'data-test-id="by-week"' in page and 'data-test-id="not-placed"' in page
    assert "1 Jun 2026</th>" in page and "8 Jun 2026</th>" in page  # the week rows
    for placement in plan.placements.select_related("provider"):
        assert placement.provider.urn in page and placement.reason in page
        assert f"/planning/{plan.pk}/placements/{placement.pk}/move/" in page
    assert "Re-plan, keeping the locks" in page and "Make this the final plan" in page


def test_the_plan_page_takes_the_same_queries_for_4_or_40_placements(
    staff: dict[str, User], camden: LocalAuthority
) -> None:
    small, large = plan_of(staff, camden, 4), plan_of(staff, camden, 40)
    for user in (staff["manager"], staff["inspector"]):
        Plan.objects.filter(pk__in=[small.pk, large.pk]).update(status="final")
        client = signed_in(user)
        client.get(f"/planning/{small.pk}/")  # the session and the user's permissions, once
        counts = []
        for plan in (small, large):
            with CaptureQueriesContext(connection) as done:
                assert client.get(f"/planning/{plan.pk}/").status_code == 200
            counts.append(len(done))
        assert counts[0] == counts[1] <= 12, (user, counts)


@pytest.fixture
def due(staff: dict[str, User], camden: LocalAuthority) -> None:
    """Three ASAs due in the year, for the planner."""
    agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))
    agency("SC000002", la=camden, last=("2025-06-10", "requires_improvement"))
    agency("SC000003", la=camden, last=("2023-01-10", "good"))


def at_ten(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=LONDON), tick=False)


def test_a_manager_makes_locks_moves_replans_and_schedules(staff: dict[str, User], due: None) -> None:
    client = signed_in(staff["manager"])
    with at_ten("2026-04-01"):
        form = client.get("/planning/").content.decode()
        assert 'value="2026-04-01"' in form and 'value="2027-03-31"' in form  # a year from today
        refused = client.post(
            "/planning/", {"horizon_from": "2026-04-01", "horizon_to": "2026-03-01", "time_limit": "2"}
        )
        assert "The last day must be on or after the first day" in refused.content.decode()
        made = client.post(
            "/planning/", {"horizon_from": "2026-04-01", "horizon_to": "2027-03-31", "time_limit": "2"}
        )
    plan = Plan.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/planning/{plan.pk}/"
    placements = {p.provider.urn: p for p in plan.placements.select_related("provider", "inspector")}
    # With the shared people's two agencies (tests/people.py): registered years ago, never inspected.
    assert set(placements) == {"SC000001", "SC000002", "SC000003", "SC900001", "SC900002"}

    locked = client.post(f"/planning/{plan.pk}/placements/{placements['SC000001'].pk}/lock/")
    assert locked["Location"] == f"/planning/{plan.pk}/#by-inspector"
    assert Placement.objects.get(pk=placements["SC000001"].pk).locked_by == staff["manager"]

    target = placements["SC000002"]
    move_url = f"/planning/{plan.pk}/placements/{target.pk}/move/"
    leave(staff["colleague"], "2026-07-06", "2026-07-10")
    with at_ten("2026-04-01"):
        assert "Move and lock" in client.get(move_url).content.decode()
        onleave = client.post(move_url, {"inspector": staff["colleague"].pk, "start": "2026-07-07"})
        assert "colleague is on leave from 6 July 2026 to 10 July 2026" in onleave.content.decode()
        moved = client.post(move_url, {"inspector": staff["colleague"].pk, "start": "2026-07-14"})
    assert moved.status_code == 302
    target.refresh_from_db()
    assert (target.inspector, target.start, target.locked_by) == (
        staff["colleague"],
        d("2026-07-14"),
        staff["manager"],
    )

    with at_ten("2026-04-02"):
        replanned = client.post(f"/planning/{plan.pk}/replan/", {"time_limit": "2"})
    again = Plan.objects.exclude(pk=plan.pk).get()
    assert replanned["Location"] == f"/planning/{again.pk}/" and again.previous == plan
    kept = {p.provider.urn: p for p in again.placements.select_related("provider")}
    assert kept["SC000002"].start == d("2026-07-14") and kept["SC000002"].locked_by == staff["manager"]
    assert kept["SC000001"].start == placements["SC000001"].start

    with at_ten("2026-04-02"):
        scheduled = client.post(
            f"/planning/{again.pk}/placements/{kept['SC000002'].pk}/schedule/", follow=True
        )
    inspection = Inspection.objects.get()
    assert (inspection.provider.urn, inspection.start_date, inspection.manager) == (
        "SC000002",
        d("2026-07-14"),
        staff["manager"],
    )
    # 10 working days before Tuesday 14 July 2026 (NTC-1).
    assert f"{inspection.reference} scheduled for Agency SC000002; notice is due by 30 June 2026" in (
        scheduled.content.decode()
    )
    with at_ten("2026-07-01"):  # the notice day has passed for a start on the first possible day
        late = client.post(
            f"/planning/{again.pk}/placements/{kept['SC000003'].pk}/move/",
            {"inspector": staff["inspector"].pk, "start": "2026-07-07"},
        )
        assert late.status_code == 302
        refused = client.post(f"/planning/{again.pk}/placements/{kept['SC000003'].pk}/schedule/", follow=True)
    assert "SC000003 not scheduled: notice for a start on 7 July 2026 had to be given by 23 June 2026" in (
        refused.content.decode()
    )
    assert Inspection.objects.count() == 1

    final = client.post(f"/planning/{again.pk}/final/")
    assert final.status_code == 302 and Plan.objects.get(pk=again.pk).status == "final"
