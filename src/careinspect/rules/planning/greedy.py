"""The greedy planner: the baseline, and the complete first solution CP-SAT starts from.

Most urgent inspection first (priority, then the closing window), each takes the cheapest slot still
free on the shared cost scale (problem.py): the earliest start, an inspector from its own region unless
one from further away could start soon enough to be worth the travel, the least-booked inspector on a
tie. It never looks ahead, which is what the CP-SAT planner improves on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import date

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.plan import Plan, assemble
from careinspect.rules.planning.problem import Problem, Slot
from careinspect.rules.planning.scenario import Inspector, ProviderDue, Scenario
from careinspect.rules.planning.timeline import Horizon


def cheapest_slot(
    problem: Problem,
    diaries: Mapping[str, Diary],
    provider: ProviderDue,
    candidates: Iterable[Inspector] | None = None,
) -> Slot | None:
    """The lowest-cost free slot; candidates come nearest region first, so the search stops early."""
    starts, length = problem.starts[provider.urn], provider.days_on_site
    best: tuple[int, int, str, int] | None = None
    for inspector in problem.eligible[provider.urn] if candidates is None else candidates:
        travel = problem.region_cost(provider, inspector)
        if best is not None and travel > best[0]:
            break
        diary = diaries[inspector.id]
        if inspector.days_per_week < length:
            continue
        for start in starts:
            cost = travel + provider.priority * problem.delay(provider, start)
            if best is not None and cost > best[0]:
                break
            if diary.fits_run(start, length):
                best = min(
                    best or (cost, diary.booked_days, inspector.id, start),
                    (cost, diary.booked_days, inspector.id, start),
                )
                break
    return None if best is None else Slot(best[2], best[3])


def book_greedily(
    problem: Problem, diaries: Mapping[str, Diary], providers: Iterable[ProviderDue], chosen: dict[str, Slot]
) -> None:
    """Place each provider not yet in `chosen`, in the order given, in its cheapest free slot."""
    for provider in providers:
        if provider.urn in chosen:
            continue
        slot = cheapest_slot(problem, diaries, provider)
        if slot is not None:
            diaries[slot.inspector].book(range(slot.start, slot.start + provider.days_on_site))
            chosen[provider.urn] = slot


def keep_previous(problem: Problem, diaries: Mapping[str, Diary], chosen: dict[str, Slot]) -> None:
    """A re-plan moves as little as possible: previous placements that still fit are kept first."""
    for provider in problem.to_plan:
        slot = problem.previous.get(provider.urn)
        if slot is not None and diaries[slot.inspector].fits_run(slot.start, provider.days_on_site):
            diaries[slot.inspector].book(range(slot.start, slot.start + provider.days_on_site))
            chosen[provider.urn] = slot


def greedy_plan(
    scenario: Scenario,
    horizon: Horizon,
    calendar: WorkingDayCalendar,
    previous: Mapping[str, tuple[str, date]] | None = None,
) -> Plan:
    """Every inspection due in the horizon placed greedily; `previous` (urn → inspector, start) is kept
    where it still fits."""
    started = time.perf_counter()
    problem = Problem(scenario, horizon, calendar, dict(previous or {}))
    diaries = problem.diaries()
    chosen: dict[str, Slot] = {}
    keep_previous(problem, diaries, chosen)
    book_greedily(problem, diaries, problem.to_plan, chosen)
    return assemble(
        problem,
        chosen,
        planner="greedy",
        status="COMPLETE",
        seconds=time.perf_counter() - started,
        previous=previous,
    )
