"""The CP-SAT planner: the greedy plan, improved by CP-SAT one regional neighbourhood at a time.

1. The greedy plan (made here unless given) is the complete, feasible starting point.
2. A small instance (up to WHOLE_MODEL_PAIRS inspection–inspector pairs) is one model, solved to a
   proven optimum when the time allows.
3. Otherwise, or when the one model ran out of time, a large neighbourhood search (lns.py) re-solves
   small regional models with CP-SAT until the time limit or until it stops finding improvements, each
   starting from the current plan as its hint, so the plan only ever gets better.
4. The result is compared with the greedy plan on the shared objective (unplaced, then moved, then
   cost): it is never worse, and the check says so rather than assumes it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning.greedy import greedy_plan
from careinspect.rules.planning.lns import Search
from careinspect.rules.planning.model import Subproblem, solve
from careinspect.rules.planning.plan import Plan, assemble
from careinspect.rules.planning.problem import Problem, Slot
from careinspect.rules.planning.scenario import Scenario
from careinspect.rules.planning.timeline import Horizon

RESERVE_SECONDS = 1.0  # inside the time limit, for writing the reasons of the final plan
WHOLE_MODEL_PAIRS = 3000


def _whole(problem: Problem, chosen: dict[str, Slot]) -> Subproblem:
    """Every inspection in one model, with every inspector who may lead it, over the whole horizon."""
    providers = [p for p in problem.to_plan if problem.starts[p.urn]]
    candidates = {
        p.urn: [i for i in problem.eligible[p.urn] if i.days_per_week >= p.days_on_site] for p in providers
    }
    providers = [p for p in providers if candidates[p.urn]]
    outside: dict[str, int | None] = {p.urn: problem.unplaced_cost for p in providers}
    return Subproblem(
        "whole plan", providers, candidates, outside, dict(chosen), range(len(problem.timeline))
    )


def _score(plan: Plan) -> tuple[int, int, int]:
    """Lower is better: unplaced, then moved, then cost, the order problem.py's weights give them."""
    return (plan.figures.unplaced, plan.figures.moved, plan.figures.cost)


def cpsat_plan(
    scenario: Scenario,
    horizon: Horizon,
    calendar: WorkingDayCalendar,
    time_limit: float = 50.0,
    hint: Plan | None = None,
    previous: Mapping[str, tuple[str, date]] | None = None,
    workers: int = 2,
) -> Plan:
    """The CP-SAT plan within `time_limit` seconds (a hint given by the caller is not counted).

    `hint` is a complete greedy plan (made here when not given); `previous` (urn → inspector, start) is
    the plan being revised, from which as little as possible moves.
    """
    started = time.perf_counter()
    deadline = started + time_limit - RESERVE_SECONDS
    if hint is None:
        hint = greedy_plan(scenario, horizon, calendar, previous)
    problem = Problem(scenario, horizon, calendar, dict(previous or {}))
    chosen = {
        a.urn: Slot(a.inspector, problem.timeline.index[a.start]) for a in hint.assignments if not a.locked
    }
    diaries = problem.diaries()
    for urn, slot in chosen.items():
        diaries[slot.inspector].book(
            range(slot.start, slot.start + scenario.provider_by_urn[urn].days_on_site)
        )
    search = Search(problem, diaries, chosen, workers)
    status = "HINT_ONLY"
    whole = _whole(problem, chosen)
    if sum(len(c) for c in whole.candidates.values()) <= WHOLE_MODEL_PAIRS:
        outcome = solve(problem, whole, problem.diaries(), deadline - time.perf_counter(), workers)
        search.passes.append(outcome.summary | {"changed": search.apply(whole, outcome.chosen)})
        status = outcome.status
    if status != "OPTIMAL":
        search.run(lambda: deadline - time.perf_counter())
        status = "FEASIBLE" if search.passes else status
    plan = assemble(
        problem,
        chosen,
        planner="cp-sat",
        status=status,
        seconds=time.perf_counter() - started,
        previous=previous,
        passes=_summarise(search.passes),
    )
    if _score(plan) > _score(hint):  # cannot happen while every model starts from the current plan
        raise AssertionError("the CP-SAT plan is worse than its greedy hint")
    return plan


def _summarise(passes: list[dict[str, object]]) -> tuple[dict[str, object], ...]:
    """One line per status: how many models, how many changed the plan, how long they took."""
    lines = []
    for status in sorted({p["status"] for p in passes}, key=str):
        mine = [p for p in passes if p["status"] == status]
        lines.append(
            {
                "status": status,
                "models": len(mine),
                "improved": sum(1 for p in mine if p.get("changed")),
                "seconds": round(sum(float(str(p["seconds"])) for p in mine), 2),
            }
        )
    return tuple(lines)
