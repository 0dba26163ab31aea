"""Plans made from the database and a manager's changes (issue 14 item 3): stored with their reasons,
re-planned keeping the locks and moving as little as possible, moves checked against the hard
constraints, and inspections scheduled from the plan with the notice the rules give (NTC-1)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from careinspect.inspections.models import Inspection
from careinspect.planning import services
from careinspect.planning.models import Placement, Plan, Unplaced
from careinspect.registry.models import LocalAuthority, Provider, ProviderKind
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at
from tests.conftest import d
from tests.planning.records import (
    NOW,
    YEAR,
    agency,
    authority,
    conflict,
    inspector,
    leave,
    manager,
    published,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden() -> LocalAuthority:
    return authority()


@pytest.fixture
def rim() -> User:
    return manager()


@pytest.fixture
def team(camden: LocalAuthority) -> dict[str, User]:
    """Two London inspectors and one in Yorkshire; nine agencies due in the year, one nobody may lead."""
    leeds = authority("383", "Leeds", "Yorkshire and the Humber")
    people = {
        "lon1": inspector("lon1", days=2),
        "lon2": inspector("lon2", days=2),
        "yor1": inspector("yor1", region="Yorkshire and the Humber", kinds="ASA,IFA", days=2),
    }
    for n, (end, grade) in enumerate(
        [
            ("2025-10-15", "inadequate"),
            ("2025-10-20", "inadequate"),
            ("2025-06-10", "requires_improvement"),
            ("2025-07-01", "requires_improvement"),
            ("2023-01-10", "good"),
        ],
        start=1,
    ):
        agency(f"SC00000{n}", la=camden if n % 2 else leeds, last=(end, grade))
    agency("SC800001", kind=ProviderKind.IFA, la=leeds, registered="2025-11-03")
    agency("SC800002", kind=ProviderKind.IFA, registered="2025-12-01")  # no local authority
    agency("SC800003", kind=ProviderKind.IFA, la=camden, last=("2025-09-01", "inadequate"))
    barred = agency("SC900001", kind=ProviderKind.VAA, la=camden, last=("2025-10-15", "inadequate"))
    conflict(people["lon1"], provider=barred)
    conflict(people["lon2"], la=camden)
    return people


def slots(plan: Plan) -> dict[str, tuple[str, date]]:
    return {
        p.provider.urn: (p.inspector.username, p.start)
        for p in plan.placements.select_related("provider", "inspector")
    }


def test_a_plan_is_stored_with_every_placement_and_reason(rim: User, team: dict[str, User]) -> None:
    plan = services.make_plan(by=rim, now=NOW, horizon=YEAR, time_limit=5)

    assert (plan.horizon_from, plan.horizon_to, plan.made_by, plan.status) == (
        YEAR.first,
        YEAR.last,
        rim,
        "draft",
    )
    assert set(plan.figures) == {"cp_sat", "greedy"}
    placements = list(plan.placements.select_related("provider", "inspector"))
    unplaced = list(plan.unplaced.select_related("provider"))
    assert len(placements) + len(unplaced) == Provider.objects.count() == 9
    assert plan.figures["cp_sat"]["placed"] == len(placements) == 8
    # Nobody may lead the VAA: lon1 declared a link with it, lon2 with its local authority, yor1 lacks VAA.
    [stopped] = unplaced
    assert stopped.provider.urn == "SC900001"
    assert (
        stopped.reason
        == "every inspector with the VAA specialism is barred: 2 declared a conflict of interest"
    )
    by_urn = {p.provider.urn: p for p in placements}
    for placement in placements:
        assert placement.window_start <= placement.start <= placement.end <= placement.window_end
        assert placement.reason
    assert by_urn["SC000005"].reason.startswith(
        "overdue: its window (SCH-1) closed on 31 March 2026, so it goes"
    )
    assert "the agency's region is not known" in by_urn["SC800002"].reason
    # lon2 declared a link with Camden: none of the Camden agencies is theirs.
    camden_urns = {"SC000001", "SC000003", "SC000005", "SC800003"}
    assert all(by_urn[urn].inspector.username != "lon2" for urn in camden_urns)
    assert Placement.history.filter(plan_id=plan.pk).count() == 8
    assert Unplaced.history.filter(plan_id=plan.pk).count() == 1


def test_a_replan_keeps_two_locks_and_moves_as_little_as_possible(rim: User, team: dict[str, User]) -> None:
    first = services.make_plan(by=rim, now=NOW, horizon=YEAR, time_limit=5)
    before = slots(first)
    by_urn = {p.provider.urn: p for p in first.placements.select_related("provider", "inspector", "plan")}
    services.lock_placement(by_urn["SC000001"], by=rim, now=NOW)
    moved = services.move_placement(
        by_urn["SC000002"], inspector=team["yor1"], start=d("2026-09-01"), by=rim, now=NOW
    )
    assert (moved.locked_by, moved.start, moved.end) == (rim, d("2026-09-01"), d("2026-09-02"))

    again = services.make_plan(by=rim, now=at("2026-04-02"), horizon=YEAR, time_limit=5, previous=first)

    after = slots(again)
    assert after["SC000001"] == before["SC000001"]
    assert after["SC000002"] == ("yor1", d("2026-09-01"))
    locked = {
        p.provider.urn: p.locked_by
        for p in again.placements.filter(locked_by__isnull=False).select_related("provider")
    }
    assert locked == {"SC000001": rim, "SC000002": rim}
    # Nothing else changed, so nothing else moves.
    assert {u: s for u, s in after.items() if u != "SC000002"} == {
        u: s for u, s in before.items() if u != "SC000002"
    }
    assert again.figures["cp_sat"]["moved"] == 0
    assert again.previous == first

    # Leave over one unlocked placement: that one moves, and only that one.
    unlocked = next(p for p in again.placements.select_related("provider", "inspector") if not p.fixed)
    leave(unlocked.inspector, unlocked.start.isoformat(), unlocked.end.isoformat())
    third = services.make_plan(by=rim, now=at("2026-04-03"), horizon=YEAR, time_limit=5, previous=again)
    changed = {u for u, s in slots(third).items() if after.get(u) != s}
    assert changed == {unlocked.provider.urn}
    assert third.figures["cp_sat"]["moved"] == 1


def test_a_lock_that_can_no_longer_stand_is_planned_again_with_a_note(
    rim: User, team: dict[str, User]
) -> None:
    first = services.make_plan(by=rim, now=NOW, horizon=YEAR, time_limit=5)
    placement = first.placements.select_related("provider", "inspector").get(provider__urn="SC000001")
    services.lock_placement(placement, by=rim, now=NOW)
    leave(placement.inspector, placement.start.isoformat(), placement.end.isoformat())

    again = services.make_plan(by=rim, now=NOW, horizon=YEAR, time_limit=5, previous=first)

    [note] = again.notes
    assert note.startswith(
        "the lock of SC000001 could not stand, so it was planned again: the lock of SC000001"
    )
    replanned = again.placements.get(provider__urn="SC000001")
    assert replanned.locked_by is None and (replanned.inspector, replanned.start) != (
        placement.inspector,
        placement.start,
    )


def test_only_a_manager_plans_or_changes_a_plan(rim: User, team: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        services.make_plan(by=team["lon1"], now=NOW, horizon=YEAR, time_limit=2)
    plan = services.make_plan(by=rim, now=NOW, horizon=YEAR, time_limit=2)
    placement = plan.placements.first()
    assert placement is not None
    for change in (
        lambda: services.lock_placement(placement, by=team["lon1"], now=NOW),
        lambda: services.move_placement(
            placement, inspector=team["lon1"], start=placement.start, by=team["lon1"], now=NOW
        ),
        lambda: services.schedule_from_plan(placement, by=team["lon1"], now=NOW),
        lambda: services.finalise_plan(plan, by=team["lon1"], now=NOW),
    ):
        with pytest.raises(PermissionDenied):
            change()


# Moves, on a plan laid out by hand --------------------------------------------------------------------


def hand_plan(rim: User, *rows: tuple[Provider, User, str, str]) -> list[Placement]:
    plan = Plan.objects.create(
        horizon_from=YEAR.first, horizon_to=YEAR.last, made_by=rim, made_at=NOW, time_limit=2
    )
    return [
        Placement.objects.create(
            plan=plan,
            provider=provider,
            inspector=who,
            start=d(start),
            end=d(end),
            reason="laid out by hand",
            kind=provider.kind,
            region="London",
            window_start=d("2026-04-17"),
            window_end=d("2026-12-31"),
            days_on_site=2,
            priority=1,
        )
        for provider, who, start, end in rows
    ]


@pytest.fixture
def laid_out(rim: User, camden: LocalAuthority) -> tuple[list[Placement], dict[str, User]]:
    people = {"a": inspector("a", days=2), "b": inspector("b", days=3), "c": inspector("c", kinds="IFA")}
    one, two, three = (agency(f"SC00000{n}", la=camden) for n in (1, 2, 3))
    placements = hand_plan(
        rim,
        (one, people["a"], "2026-06-01", "2026-06-02"),  # Monday, Tuesday
        (two, people["b"], "2026-06-08", "2026-06-09"),
        (three, people["b"], "2026-06-10", "2026-06-11"),
    )
    return placements, people


def refusal(placement: Placement, who: User, start: str, rim: User, **extra: str) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        services.move_placement(placement, inspector=who, start=d(start), by=rim, now=NOW, **extra)
    placement.refresh_from_db()
    assert placement.locked_by is None  # nothing changed
    return caught.value


def test_a_move_is_refused_on_leave_overlap_conflict_and_the_weekly_cap(
    rim: User, laid_out: tuple[list[Placement], dict[str, User]], camden: LocalAuthority
) -> None:
    (one, two, _), people = laid_out
    leave(people["b"], "2026-06-15", "2026-06-19", "Training")
    assert (
        refusal(one, people["b"], "2026-06-16", rim).message
        == "b is on leave from 15 June 2026 to 19 June 2026"
    )
    overlap = refusal(one, people["b"], "2026-06-09", rim)
    assert (overlap.field, overlap.message) == (
        "start",
        "b is already on site at SC000002 from 8 June 2026 to 9 June 2026",
    )
    # Thursday and Friday: Thursday 11 June is already one of its days at SC000003.
    assert refusal(one, people["b"], "2026-06-11", rim).message.startswith("b is already on site")
    capped = refusal(two, people["a"], "2026-06-04", rim)
    assert capped.message == "a works at most 2 on-site days a week; that week is already full"
    conflict(people["a"], la=camden)
    conflicted = refusal(two, people["a"], "2026-06-22", rim)
    assert (conflicted.field, conflicted.message) == (
        "inspector",
        "a has declared a conflict of interest with Agency SC000002",
    )
    assert refusal(two, people["c"], "2026-06-22", rim).message == "c does not inspect ASAs"
    holiday = refusal(two, people["b"], "2026-08-31", rim)  # the summer bank holiday
    assert (holiday.rule, holiday.field) == ("CAL-4", "start")
    assert refusal(two, people["b"], "2027-01-05", rim).message.startswith(
        "5 January 2027 is outside its window"
    )
    assert refusal(two, people["b"], "2026-06-26", rim).message.startswith(
        "its 2 on-site days must be consecutive"
    )


def test_sch6_needs_a_recorded_exception(
    rim: User, laid_out: tuple[list[Placement], dict[str, User]]
) -> None:
    (_, two, _), people = laid_out
    for end in ("2016-05-10", "2019-06-12", "2022-07-14"):
        published(two.provider, people["a"], end)
    barred = refusal(two, people["a"], "2026-06-22", rim)
    assert (barred.rule, barred.field) == ("SCH-6", "sch6_exception")

    moved = services.move_placement(
        two,
        inspector=people["a"],
        start=d("2026-06-22"),
        by=rim,
        now=NOW,
        sch6_exception="Continuity during enforcement",
    )

    assert (moved.inspector, moved.start, moved.end, moved.locked_by) == (
        people["a"],
        d("2026-06-22"),
        d("2026-06-23"),
        rim,
    )
    assert moved.sch6_exception == "Continuity during enforcement"
    assert moved.reason == "moved by Rim on 1 April 2026; SCH-6 exception: Continuity during enforcement"
    # The next plan keeps it, the exception recorded (the planner's SCH-6 exception for a lock).
    assert services.lock_reason(moved) == "Continuity during enforcement"
    assert moved.history.first().history_change_reason == "Moved"


# Scheduling from the plan ------------------------------------------------------------------------------


def test_schedule_from_the_plan_gives_notice_counted_past_a_bank_holiday(
    rim: User, laid_out: tuple[list[Placement], dict[str, User]], camden: LocalAuthority
) -> None:
    _, people = laid_out
    spring = agency("SC000009", la=camden)
    [placement] = hand_plan(rim, (spring, people["a"], "2026-05-12", "2026-05-13"))

    inspection = services.schedule_from_plan(placement, by=rim, now=at("2026-04-20"))

    # RULES: NTC-1, CAL-3 — 10 working days before Tuesday 12 May, the early May bank holiday (4 May) not
    # counted: Monday 27 April, not Tuesday 28 April.
    assert inspection.notice_due == d("2026-04-27")
    assert (inspection.status, inspection.kind) == (Status.SCHEDULED.value, "sccif-full")
    assert (inspection.lead_inspector, inspection.manager) == (people["a"], rim)
    assert (inspection.start_date, inspection.end_date) == (d("2026-05-12"), d("2026-05-13"))
    placement.refresh_from_db()
    assert placement.scheduled_inspection == inspection and placement.fixed
    with pytest.raises(RuleViolation, match=f"already scheduled as {inspection.reference}"):
        services.schedule_from_plan(placement, by=rim, now=at("2026-04-20"))


def test_schedule_from_the_plan_is_refused_once_the_notice_day_has_passed(
    rim: User, laid_out: tuple[list[Placement], dict[str, User]], camden: LocalAuthority
) -> None:
    _, people = laid_out
    spring = agency("SC000009", la=camden)
    fostering = agency("SC800009", kind=ProviderKind.IFA, la=camden)
    late, visit = hand_plan(
        rim,
        (spring, people["a"], "2026-05-12", "2026-05-13"),
        (fostering, people["c"], "2026-05-12", "2026-05-13"),
    )

    with pytest.raises(RuleViolation) as caught:
        services.schedule_from_plan(late, by=rim, now=at("2026-04-28"))
    assert (caught.value.rule, caught.value.message) == (
        "NTC-1",
        "notice for a start on 12 May 2026 had to be given by 27 April 2026; choose a later start",
    )
    with pytest.raises(RuleViolation) as announced:
        services.schedule_from_plan(visit, by=rim, now=at("2026-04-20"))
    assert announced.value.rule == "NTC-4"
    assert not Inspection.objects.exists()
    late.refresh_from_db()
    assert late.scheduled_inspection is None


def test_a_scheduled_placement_stays_fixed_in_the_replan(rim: User, team: dict[str, User]) -> None:
    first = services.make_plan(by=rim, now=NOW, horizon=YEAR, time_limit=5)
    placement = first.placements.select_related("provider", "inspector", "plan").get(provider__urn="SC000001")
    inspection = services.schedule_from_plan(placement, by=rim, now=NOW)

    again = services.make_plan(by=rim, now=NOW, horizon=YEAR, time_limit=5, previous=first)

    kept = again.placements.get(provider__urn="SC000001")
    assert kept.scheduled_inspection == inspection
    assert (kept.inspector, kept.start, kept.end) == (placement.inspector, placement.start, placement.end)
    assert kept.reason == f"fixed: {inspection.reference} scheduled"
    assert again.figures["cp_sat"]["moved"] == 0
