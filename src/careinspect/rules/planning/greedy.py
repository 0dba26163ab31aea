"""The greedy planner: the baseline, and the complete first solution CP-SAT starts from.

It plans as a dispatcher would by hand: most urgent inspection first (priority, then the closing
window), each on the earliest day anyone who may lead it is free; among those free that day, an
inspector from its own region, then the nearest, then the least booked. It never weighs a wait against
a journey and never looks ahead; the CP-SAT planner does both, on the shared cost scale (problem.py),
on which both plans are measured.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import date

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.plan import Plan, assemble
from careinspect.rules.planning.problem import Problem, Slot
from careinspect.rules.planning.regions import region_steps
from careinspect.rules.planning.scenario import ProviderDue, Scenario
from careinspect.rules.planning.timeline import Horizon


def earliest_slot(problem: Problem, diaries: Mapping[str, Diary], provider: ProviderDue) -> Slot | None:
    """The earliest free start with anyone who may lead it; on the same day the nearest region, then the
    least booked inspector. Candidates come nearest region first, so most searches stop early."""
    starts, length = problem.starts[provider.urn], provider.days_on_site
    best: tuple[int, int, int, str] | None = None  # start, region steps, booked days, inspector
    for inspector in problem.eligible[provider.urn]:
        if inspector.days_per_week < length:
            continue
        diary = diaries[inspector.id]
        steps = region_steps(provider.region, inspector.region)
        for start in starts:
            if best is not None and start > best[0]:
                break
            if diary.fits_run(start, length):
                best = min(
                    best or (start, steps, diary.booked_days, inspector.id),
                    (start, steps, diary.booked_days, inspector.id),
                )
                break
    return None if best is None else Slot(best[3], best[0])


def book_greedily(
    problem: Problem, diaries: Mapping[str, Diary], providers: Iterable[ProviderDue], chosen: dict[str, Slot]
) -> None:
    """Place each provider not yet in `chosen`, in the order given, in its cheapest free slot."""
    for provider in providers:
        if provider.urn in chosen:
            continue
        slot = earliest_slot(problem, diaries, provider)
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
