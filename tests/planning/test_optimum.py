"""A scenario small enough to solve on paper: CP-SAT finds its optimum, the greedy planner does not.

Three weeks in June 2026 (no bank holiday), a London inspector and a South East one, both working
2 on-site days a week; three London agencies needing 2 days each:
- A, priority 5, window the three weeks;
- B, priority 1, window the first week only;
- C, priority 1, window the three weeks.
The greedy planner books A first (most urgent) on Mon 1 June; B's only week is then full in London, so
B goes to the South East inspector (one region step, 60); C waits a week (5). Total 65, one placement
out of region. The optimum keeps everyone in London: B on 1 June, A on 8 June (5 weekdays x priority 5
= 25), C on 15 June (10). Total 35, none out of region; any other arrangement costs more.
"""

from __future__ import annotations

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning import Scenario, cpsat_plan, greedy_plan
from careinspect.rules.planning.problem import REGION_STEP
from tests.planning.builders import JUNE, inspector, provider

SCENARIO = Scenario(
    providers=(
        provider("SC000001", priority=5),
        provider("SC000002", priority=1, window=("2026-06-01", "2026-06-05")),
        provider("SC000003", priority=1),
    ),
    inspectors=(inspector("LON1"), inspector("SE1", region="South East")),
)


def _starts(plan: object) -> dict[str, tuple[str, str]]:
    return {a.urn: (a.inspector, a.start.isoformat()) for a in plan.assignments}  # type: ignore[attr-defined]


def test_sch5_greedy_books_the_most_urgent_first_and_sends_one_away() -> None:
    greedy = greedy_plan(SCENARIO, JUNE, WorkingDayCalendar())
    assert _starts(greedy) == {
        "SC000001": ("LON1", "2026-06-01"),
        "SC000002": ("SE1", "2026-06-01"),
        "SC000003": ("LON1", "2026-06-08"),
    }
    assert (greedy.figures.cost, greedy.figures.out_of_region) == (REGION_STEP + 5, 1)


def test_sch5_cpsat_finds_the_known_optimum_all_in_region() -> None:
    plan = cpsat_plan(SCENARIO, JUNE, WorkingDayCalendar(), time_limit=10)
    assert plan.figures.status == "OPTIMAL"
    assert _starts(plan) == {
        "SC000002": ("LON1", "2026-06-01"),
        "SC000001": ("LON1", "2026-06-08"),
        "SC000003": ("LON1", "2026-06-15"),
    }
    assert (plan.figures.cost, plan.figures.out_of_region, plan.figures.unplaced) == (35, 0, 0)
    assert "its own region (London)" in plan.get("SC000002").reason  # type: ignore[union-attr]
