"""Fixed placements stay put; SCH-6 bars a fourth lead unless a fixed placement records the exception;
a re-plan moves as little as possible."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.planning import Lock, Scenario, cpsat_plan, greedy_plan
from careinspect.rules.planning.generate import generate_scenario
from tests.planning.builders import JUNE, YEAR, inspector, provider
from tests.planning.checker import violations

CALENDAR = WorkingDayCalendar()
SAME_LEAD_THRICE = ("LON1", "LON1", "LON1")


def test_sch6_the_lead_of_the_last_three_inspections_is_not_given_a_fourth() -> None:
    scenario = Scenario(
        (provider("SC000001", previous=SAME_LEAD_THRICE),), (inspector("LON1"), inspector("LON2"))
    )
    for plan in (greedy_plan(scenario, JUNE, CALENDAR), cpsat_plan(scenario, JUNE, CALENDAR, time_limit=5)):
        assert plan.get("SC000001").inspector == "LON2"  # type: ignore[union-attr]


def test_sch6_only_the_barred_lead_leaves_it_unplaced_and_says_why() -> None:
    scenario = Scenario((provider("SC000001", previous=SAME_LEAD_THRICE),), (inspector("LON1"),))
    plan = cpsat_plan(scenario, JUNE, CALENDAR, time_limit=5)
    assert [u.urn for u in plan.unassigned] == ["SC000001"]
    assert "led its last 3 inspections (SCH-6)" in plan.unassigned[0].reason


def test_sch6_exception_recorded_for_a_locked_fourth_lead() -> None:
    scenario = Scenario(
        (provider("SC000001", previous=SAME_LEAD_THRICE),),
        (inspector("LON1"), inspector("LON2")),
        (Lock("SC000001", "LON1", date(2026, 6, 9), "continuity during enforcement"),),
    )
    plan = cpsat_plan(scenario, JUNE, CALENDAR, time_limit=5)
    placed = plan.get("SC000001")
    assert placed is not None and (placed.inspector, placed.start, placed.end) == (
        "LON1",
        date(2026, 6, 9),
        date(2026, 6, 10),
    )
    assert placed.locked and placed.sch6_exception == "continuity during enforcement"
    assert plan.figures.sch6_exceptions == 1
    assert violations(scenario, JUNE, CALENDAR, plan) == []


def test_cal4_a_lock_on_a_bank_holiday_is_refused() -> None:
    scenario = Scenario(
        (provider("SC000001", window=("2026-08-24", "2026-09-04")),),
        (inspector("LON1"),),
        (Lock("SC000001", "LON1", date(2026, 8, 31)),),  # the summer bank holiday
    )
    with pytest.raises(RuleViolation, match="bank holiday") as caught:
        greedy_plan(scenario, YEAR, CALENDAR)
    assert caught.value.rule == "CAL-4"


def test_a_lock_on_the_inspectors_leave_is_refused() -> None:
    scenario = Scenario(
        (provider("SC000001"),),
        (inspector("LON1", leave=("2026-06-10",)),),
        (Lock("SC000001", "LON1", date(2026, 6, 9)),),
    )
    with pytest.raises(RuleViolation, match="leave"):
        cpsat_plan(scenario, JUNE, CALENDAR, time_limit=5)


@pytest.fixture(scope="module")
def generated() -> tuple[Scenario, object]:
    scenario = generate_scenario(40, 6, seed=5)
    return scenario, cpsat_plan(scenario, YEAR, CALENDAR, time_limit=3)


def test_locked_placements_are_kept_exactly(generated: tuple[Scenario, object]) -> None:
    scenario, first = generated
    chosen = first.assignments[len(first.assignments) // 2]  # type: ignore[attr-defined]
    # Lock it a week later than the planner put it, with the same inspector, where that is free.
    later = CALENDAR.add_working_days(chosen.start, 5)
    locked = scenario.with_locks((Lock(chosen.urn, chosen.inspector, later, "announced"),))
    try:
        plan = cpsat_plan(locked, YEAR, CALENDAR, time_limit=3)
    except RuleViolation:
        pytest.skip("the week after is not free for that inspector in this scenario")
    kept = plan.get(chosen.urn)
    assert kept is not None and kept.locked and (kept.inspector, kept.start) == (chosen.inspector, later)
    assert violations(locked, YEAR, CALENDAR, plan) == []


def test_replan_with_nothing_changed_moves_nothing(generated: tuple[Scenario, object]) -> None:
    scenario, first = generated
    previous = first.slots()  # type: ignore[attr-defined]
    again = cpsat_plan(scenario, YEAR, CALENDAR, time_limit=3, previous=previous)
    assert again.figures.moved == 0
    assert again.slots() == previous


def test_replan_after_new_leave_moves_only_what_it_must(generated: tuple[Scenario, object]) -> None:
    scenario, first = generated
    previous = first.slots()  # type: ignore[attr-defined]
    hit = first.assignments[0]  # type: ignore[attr-defined]
    lead = scenario.inspector_by_id[hit.inspector]
    on_leave = replace(lead, leave=lead.leave | {hit.start})
    changed = Scenario(
        scenario.providers, tuple(on_leave if i.id == lead.id else i for i in scenario.inspectors)
    )
    again = cpsat_plan(changed, YEAR, CALENDAR, time_limit=3, previous=previous)
    assert again.figures.moved == 1
    assert again.slots()[hit.urn] != previous[hit.urn]
    assert {u: s for u, s in again.slots().items() if u != hit.urn} == {
        u: s for u, s in previous.items() if u != hit.urn
    }
    assert violations(changed, YEAR, CALENDAR, again) == []
