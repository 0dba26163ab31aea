"""Why each inspection was placed where it was, and what stopped the ones left unplaced.

Both are read off the finished plan (every inspector's final diary), so they hold whichever planner made
it: "no eligible inspector free" means that no slot is free in the plan as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping

from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.problem import Problem
from careinspect.rules.planning.regions import region_steps
from careinspect.rules.planning.scenario import Inspector, ProviderDue, why_not_lead


def _earliest_free(
    diaries: Mapping[str, Diary], inspectors: list[Inspector], starts: list[int], length: int
) -> int | None:
    free = [next((s for s in starts if diaries[i.id].fits_run(s, length)), None) for i in inspectors]
    found = [s for s in free if s is not None]
    return min(found) if found else None


def placement_reason(
    problem: Problem, diaries: Mapping[str, Diary], provider: ProviderDue, inspector: Inspector, start: int
) -> str:
    """Window, priority and region, in words. Called before the placement is booked in `diaries`."""
    p = provider
    delay = problem.working_delay(p, start)
    when = (
        "on the first day it could start"
        if delay == 0
        else f"{delay} working days after the first day it could"
    )
    text = f"window {p.window_start} to {p.window_end}; priority {p.priority}, {when}"
    steps = region_steps(p.region, inspector.region)
    if steps == 0:
        return f"{text}; inspector from its own region ({p.region})"
    where = "a bordering region" if steps == 1 else "across the country"
    home = [i for i in problem.eligible[p.urn] if i.region == p.region]
    if not home:
        return f"{text}; inspector from {inspector.region} ({where}): no {p.region} inspector may lead it"
    local = _earliest_free(diaries, home, problem.starts[p.urn], p.days_on_site)
    if local is None:
        return (
            f"{text}; inspector from {inspector.region} ({where}): every {p.region} inspector who may lead "
            "it is booked, on leave or at their weekly on-site days throughout its window"
        )
    later = problem.timeline.working_days_between(start, local) if local > start else 0
    if later > 0:
        return (
            f"{text}; inspector from {inspector.region} ({where}): the first {p.region} inspector free in "
            f"the plan could start only {later} working days later"
        )
    return (
        f"{text}; inspector from {inspector.region} ({where}): a {p.region} inspector is free as soon in the "
        "plan, but the solver's time ran out before it moved the inspection there"
    )


def unplaced_reason(problem: Problem, diaries: Mapping[str, Diary], provider: ProviderDue) -> str:
    p = provider
    first, last = problem.timeline.horizon.first, problem.timeline.horizon.last
    if p.window_end < first:
        return f"overdue: its window closed on {p.window_end}, before the horizon starts on {first}"
    starts = problem.starts[p.urn]
    if not starts:
        return (
            f"its window {p.window_start} to {p.window_end} has no {p.days_on_site} consecutive working days "
            f"in one week between {first} and {last}"
        )
    holders = [i for i in problem.scenario.inspectors if p.kind in i.kinds]
    if not holders:
        return f"no inspector holds the {p.kind} specialism"
    refusals = [why_not_lead(p, i) for i in holders]
    if all(r is not None for r in refusals):
        parts = [
            f"{refusals.count('conflict')} declared a conflict of interest",
            f"{refusals.count('sch6')} led its last 3 inspections (SCH-6)",
        ]
        stopped = "; ".join(part for part in parts if not part.startswith("0 "))
        return f"every inspector with the {p.kind} specialism is barred: {stopped}"
    eligible = problem.eligible[p.urn]
    if all(i.days_per_week < p.days_on_site for i in eligible):
        return f"no inspector who may lead it works {p.days_on_site} on-site days a week"
    if all(diaries[i.id].on_leave_throughout(starts, p.days_on_site) for i in eligible):
        return (
            f"every one of the {len(eligible)} inspectors who may lead it is on leave throughout its window"
        )
    return (
        f"no qualified inspector free in its window: all {len(eligible)} who may lead it are booked, on "
        "leave or at their weekly on-site days on every day it could start"
    )
