"""Both planners keep every hard constraint on generated scenarios, as an independent checker sees it."""

from __future__ import annotations

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning import Plan, Scenario, cpsat_plan, greedy_plan
from careinspect.rules.planning.generate import generate_scenario
from tests.planning.builders import YEAR
from tests.planning.checker import violations

SEEDS = (1, 2)


@pytest.fixture(scope="module")
def plans() -> list[tuple[Scenario, Plan]]:
    calendar = WorkingDayCalendar()
    made = []
    for seed in SEEDS:
        scenario = generate_scenario(40, 6, seed=seed)
        greedy = greedy_plan(scenario, YEAR, calendar)
        made += [
            (scenario, greedy),
            (scenario, cpsat_plan(scenario, YEAR, calendar, time_limit=3, hint=greedy)),
        ]
    return made


def _found(plans: list[tuple[Scenario, Plan]], *kinds: str) -> list[tuple[str, str]]:
    calendar = WorkingDayCalendar()
    return [
        v for scenario, plan in plans for v in violations(scenario, YEAR, calendar, plan) if v[0] in kinds
    ]


def test_cal1_on_site_days_are_consecutive_working_days(plans: list[tuple[Scenario, Plan]]) -> None:
    assert _found(plans, "CAL-1", "days") == []


def test_sch1_every_placement_inside_its_window_and_the_horizon(plans: list[tuple[Scenario, Plan]]) -> None:
    assert _found(plans, "window") == []


def test_sch6_no_fourth_consecutive_lead_without_a_recorded_exception(
    plans: list[tuple[Scenario, Plan]],
) -> None:
    assert _found(plans, "SCH-6") == []


def test_knd1_lead_holds_the_specialism_and_has_no_conflict(plans: list[tuple[Scenario, Plan]]) -> None:
    assert _found(plans, "kind", "conflict") == []


def test_no_inspector_double_booked_on_leave_or_over_weekly_days(plans: list[tuple[Scenario, Plan]]) -> None:
    assert _found(plans, "overlap", "leave", "weekly") == []


def test_every_inspection_due_is_placed_or_explained_once(plans: list[tuple[Scenario, Plan]]) -> None:
    assert _found(plans, "once", "complete") == []
    assert all(u.reason for _, plan in plans for u in plan.unassigned)
    assert all(a.reason.startswith("window ") for _, plan in plans for a in plan.assignments)


def test_cpsat_never_places_fewer_or_costs_more_than_its_greedy_hint(
    plans: list[tuple[Scenario, Plan]],
) -> None:
    for (_, greedy), (_, cpsat) in zip(plans[::2], plans[1::2], strict=True):
        assert cpsat.figures.placed >= greedy.figures.placed
        assert cpsat.figures.cost <= greedy.figures.cost


def test_the_checker_finds_a_double_booking(plans: list[tuple[Scenario, Plan]]) -> None:
    """The checker itself can fail: a plan with one inspection copied onto another's days is caught."""
    scenario, plan = plans[0]
    first, second = plan.assignments[0], plan.assignments[1]
    clash = type(second)(second.urn, first.inspector, first.start, first.end, "")
    broken = Plan((first, clash, *plan.assignments[2:]), plan.unassigned, plan.figures)
    kinds = {kind for kind, _ in violations(scenario, YEAR, WorkingDayCalendar(), broken)}
    assert "overlap" in kinds
