"""The demo's inspectors (issue 14, done when): a manager plans the demo's year, sees why each inspection
sits where it does, locks two, re-plans, and schedules from the plan."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from careinspect.planning import services
from careinspect.planning.demo import DEMO_INSPECTORS, load_demo_planning
from careinspect.planning.models import Conflict, InspectorProfile, Leave, Plan
from careinspect.rules.planning import Horizon
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.sccif_full import load_demo_inspections

pytestmark = pytest.mark.django_db
DEMO_DAY = date(2026, 6, 3)  # a Wednesday
NOW = datetime.combine(DEMO_DAY, time(10), tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_gives_every_region_an_inspector_and_loads_twice_the_same() -> None:
    load_demo_agencies_and_sign_ins(DEMO_DAY)
    first = load_demo_planning(DEMO_DAY)
    again = load_demo_planning(DEMO_DAY)

    assert first == again
    assert (first.inspectors, first.leave, first.conflicts) == (9, 4, 2)
    assert (
        InspectorProfile.objects.count() == 9 and Leave.objects.count() == 4 and Conflict.objects.count() == 2
    )
    assert len({p.region for p in InspectorProfile.objects.all()}) == 9
    added = User.objects.filter(username__startswith="demo-inspector-")
    assert added.count() == len(DEMO_INSPECTORS) - 1
    assert not any(u.has_usable_password() for u in added)  # planned, never signed in as
    assert all(u.has_perm("inspections.inspect") for u in added)


def test_a_manager_plans_the_demo_year_locks_two_replans_and_schedules() -> None:
    load_demo_agencies_and_sign_ins(DEMO_DAY)
    load_demo_inspections(DEMO_DAY)
    load_demo_planning(DEMO_DAY)
    manager = User.objects.get(username="manager")
    year = Horizon(DEMO_DAY, DEMO_DAY + timedelta(days=364))

    plan = services.make_plan(by=manager, now=NOW, horizon=year, time_limit=10)

    placements = list(plan.placements.select_related("provider", "inspector", "plan"))
    assert len(placements) >= 20
    assert all(p.reason for p in placements) and all(u.reason for u in plan.unplaced.all())
    # The demo inspections already scheduled and notified are fixed where they are.
    fixed = [p for p in placements if p.scheduled_inspection_id]
    assert fixed and all(p.reason.startswith("fixed: INS-") for p in fixed)
    # Leave and conflicts hold.
    for placement in placements:
        assert not Leave.objects.filter(
            inspector=placement.inspector, first_day__lte=placement.end, last_day__gte=placement.start
        ).exists()
    linked = Conflict.objects.get(provider__isnull=False)
    assert not any(p.provider == linked.provider and p.inspector == linked.inspector for p in placements)

    free = [p for p in placements if not p.fixed]
    one, two = free[0], free[-1]
    services.lock_placement(one, by=manager, now=NOW)
    services.lock_placement(two, by=manager, now=NOW)
    again = services.make_plan(by=manager, now=NOW, horizon=year, time_limit=10, previous=plan)

    kept = {p.provider_id: p for p in again.placements.all()}
    for locked in (one, two):
        assert (kept[locked.provider_id].inspector_id, kept[locked.provider_id].start) == (
            locked.inspector_id,
            locked.start,
        )
        assert kept[locked.provider_id].locked_by == manager
    assert again.figures["cp_sat"]["moved"] == 0
    asa = next(
        p
        for p in again.placements.select_related("provider", "inspector", "plan")
        if p.kind == "ASA" and not p.fixed
    )
    inspection = services.schedule_from_plan(asa, by=manager, now=NOW)
    assert (inspection.provider, inspection.start_date, inspection.lead_inspector) == (
        asa.provider,
        asa.start,
        asa.inspector,
    )
    assert inspection.notice_due is not None and inspection.notice_due >= DEMO_DAY
    assert Plan.objects.count() == 2
