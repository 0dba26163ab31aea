"""Which team visits which RAA in which week, as an optimisation (OR-Tools CP-SAT). RULES: THM-4.

One boolean per (RAA, week, team) that the team may take (no declared link to the RAA's LAs); each RAA
exactly once; a team on at most one RAA a week. The cost, to be as small as possible:

- spread: each RAA as close as it can be to its own evenly spaced week, RAAs taken in the order given
  (the i-th of n in a window of w weeks aims at week floor((2i + 1) * w / 2n), the middle of its share);
- rotation: the i-th RAA preferably goes to team (i mod teams) + 1, so that teams take turns as in 2023.

Being a week off always costs more than every rotation preference together, so rotation only settles ties.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

_TIME_LIMIT_SECONDS = 30.0


class NoPlan(Exception):
    """No assignment respects the team-weeks and the declared links."""


def target_week(index: int, raas: int, weeks: int) -> int:
    """The evenly spaced week (0-based) the `index`-th of `raas` RAAs aims at in `weeks` weeks."""
    return (2 * index + 1) * weeks // (2 * raas)


def solve_plan(
    urns: Sequence[str], weeks: int, teams: int, allowed: Mapping[str, Sequence[int]]
) -> dict[str, tuple[int, int]]:
    """URN -> (week index from 0, team number from 1); `allowed` gives each URN's possible teams."""
    model = cp_model.CpModel()
    take: dict[tuple[str, int, int], cp_model.IntVar] = {
        (urn, week, team): model.new_bool_var(f"{urn} week {week} team {team}")
        for urn in urns
        for week in range(weeks)
        for team in allowed[urn]
    }
    for urn in urns:
        model.add_exactly_one(v for (u, _, _), v in take.items() if u == urn)
    for week in range(weeks):
        for team in range(1, teams + 1):
            # RULES: THM-4 — a team is on one RAA a week.
            model.add_at_most_one(v for (_, w, t), v in take.items() if (w, t) == (week, team))

    week_off_cost = len(urns) + 1  # more than every rotation preference together
    cost = []
    for n, urn in enumerate(urns):
        aim, turn = target_week(n, len(urns), weeks), n % teams + 1
        for week in range(weeks):
            for team in allowed[urn]:
                price = abs(week - aim) * week_off_cost + (team != turn)
                cost.append(price * take[urn, week, team])
    model.minimize(sum(cost))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # one worker: the same answer every run
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = _TIME_LIMIT_SECONDS
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        raise NoPlan
    if status != cp_model.OPTIMAL:
        raise RuntimeError("the plan model found no optimal plan in time")
    return {urn: (week, team) for (urn, week, team), v in take.items() if solver.boolean_value(v)}
