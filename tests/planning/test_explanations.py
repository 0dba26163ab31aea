"""Each placement says why (window, priority, region); each inspection left out says what stopped it."""

from __future__ import annotations

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning import Inspector, Plan, ProviderDue, Scenario, cpsat_plan, greedy_plan
from tests.planning.builders import JUNE, inspector, provider

CALENDAR = WorkingDayCalendar()
FIRST_WEEK = ("2026-06-01", "2026-06-05")


def _plans(providers: tuple[ProviderDue, ...], inspectors: tuple[Inspector, ...]) -> list[Plan]:
    scenario = Scenario(providers, inspectors)
    return [greedy_plan(scenario, JUNE, CALENDAR), cpsat_plan(scenario, JUNE, CALENDAR, time_limit=5)]


def _reason(plan: Plan, urn: str) -> str:
    return next(u.reason for u in plan.unassigned if u.urn == urn)


def test_knd1_no_inspector_holds_the_specialism() -> None:
    for plan in _plans((provider("SC000001", kind="VAA"),), (inspector("LON1"),)):
        assert _reason(plan, "SC000001") == "no inspector holds the VAA specialism"


def test_every_candidate_conflicted() -> None:
    inspectors = (
        inspector("LON1", conflicts=("SC000001",)),
        inspector("SE1", region="South East", conflicts=("SC000001",)),
    )
    for plan in _plans((provider("SC000001"),), inspectors):
        assert _reason(plan, "SC000001") == (
            "every inspector with the IFA specialism is barred: 2 declared a conflict of interest"
        )


def test_cal1_window_without_working_days_in_one_week() -> None:
    for plan in _plans((provider("SC000001", window=("2026-06-05", "2026-06-08")),), (inspector("LON1"),)):
        assert "has no 2 consecutive working days in one week" in _reason(plan, "SC000001")


def test_sch1_window_closed_before_the_horizon_is_overdue() -> None:
    for plan in _plans((provider("SC000001", window=("2026-01-05", "2026-05-29")),), (inspector("LON1"),)):
        assert _reason(plan, "SC000001").startswith("overdue: its window closed on 2026-05-29")


def test_every_candidate_on_leave_throughout_the_window() -> None:
    leave = ("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05")
    for plan in _plans((provider("SC000001", window=FIRST_WEEK),), (inspector("LON1", leave=leave),)):
        assert "on leave throughout its window" in _reason(plan, "SC000001")


def test_no_qualified_inspector_free_in_its_window() -> None:
    providers = (provider("SC000001", window=FIRST_WEEK, priority=2), provider("SC000002", window=FIRST_WEEK))
    for plan in _plans(providers, (inspector("LON1"),)):
        assert [a.urn for a in plan.assignments] == ["SC000001"]
        assert _reason(plan, "SC000002").startswith("no qualified inspector free in its window")


def test_placement_reason_names_window_priority_and_region() -> None:
    providers = (provider("SC000001", window=FIRST_WEEK, priority=4),)
    inspectors = (inspector("SE1", region="South East"),)
    for plan in _plans(providers, inspectors):
        [placed] = plan.assignments
        assert placed.reason == (
            "window 2026-06-01 to 2026-06-05; priority 4, on the first day it could start; inspector from "
            "South East (a bordering region): no London inspector may lead it"
        )
