"""One CP-SAT model: some inspections, the inspectors each may have, and the diaries as they stand.

Each inspection has one start variable (its domain: the first days of its window's one-week runs of
working days) and, per candidate inspector, a presence literal shared by two optional intervals:
- on the day axis, its on-site days, in a no-overlap with the inspector's leave and fixed bookings;
- on the week axis (the week its start falls in: two linear constraints), a one-week interval whose
  demand is its days on site, in a cumulative whose capacity is the inspector's `days_per_week`.
So the weekly cap costs no boolean per inspection and week. The objective is the shared cost scale
(problem.py) plus what leaving an inspection out of this model costs the caller.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.problem import Problem, Slot
from careinspect.rules.planning.scenario import Inspector, ProviderDue
from careinspect.rules.planning.timeline import WEEKDAYS, Timeline


@dataclass
class Subproblem:
    name: str
    providers: list[ProviderDue]
    candidates: dict[str, list[Inspector]]
    # Per inspection, what leaving it where it is (outside this model) costs; None: it must be placed here.
    outside_cost: dict[str, int | None]
    hint: dict[str, Slot]
    span: range  # the positions this model may place on-site days in (whole weeks)


@dataclass(frozen=True)
class Outcome:
    chosen: dict[str, Slot]
    status: str
    seconds: float
    summary: dict[str, Any]


@dataclass
class _Choice:
    start: cp_model.IntVar
    week: cp_model.IntVar
    present: dict[str, cp_model.IntVar]
    first: int  # its earliest start in this model
    placed: cp_model.IntVar | None  # only for an inspection that may stay outside the model


class _Builder:
    def __init__(self, problem: Problem, sub: Subproblem, diaries: Mapping[str, Diary]) -> None:
        self.problem, self.sub, self.diaries = problem, sub, diaries
        self.model = cp_model.CpModel()
        self.day_intervals: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
        self.week_intervals: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
        self.week_demands: dict[str, list[int]] = defaultdict(list)
        self.cost_vars: list[cp_model.IntVar] = []
        self.cost_coefs: list[int] = []
        self.constant = 0
        self.choices: dict[str, _Choice] = {}

    def _cost(self, var: cp_model.IntVar, coef: int) -> None:
        self.cost_vars.append(var)
        self.cost_coefs.append(coef)

    def add_inspection(self, provider: ProviderDue) -> None:
        model, problem, span = self.model, self.problem, self.sub.span
        urn, length = provider.urn, provider.days_on_site
        starts = [s for s in problem.starts[urn] if s in span]
        start = model.new_int_var_from_domain(cp_model.Domain.from_values(starts), f"start {urn}")
        week = model.new_int_var_from_domain(
            cp_model.Domain.from_values(sorted({Timeline.week_of(s) for s in starts})), f"week {urn}"
        )
        # The week it falls in, linearly: five positions a week (timeline.py).
        model.add(WEEKDAYS * week <= start)
        model.add(start + length <= WEEKDAYS * week + WEEKDAYS)
        present: dict[str, cp_model.IntVar] = {}
        outside = self.sub.outside_cost[urn]
        for inspector in self.sub.candidates[urn]:
            lit = model.new_bool_var(f"{urn} by {inspector.id}")
            present[inspector.id] = lit
            self.day_intervals[inspector.id].append(
                model.new_optional_fixed_size_interval_var(start, length, lit, f"days {urn} {inspector.id}")
            )
            self.week_intervals[inspector.id].append(
                model.new_optional_fixed_size_interval_var(week, 1, lit, f"week {urn} {inspector.id}")
            )
            self.week_demands[inspector.id].append(length)
            self._cost(lit, problem.region_cost(provider, inspector) - (outside or 0))
        self.constant -= provider.priority * problem.earliest[urn]
        self._cost(start, provider.priority)
        placed = None
        if outside is None:
            model.add_exactly_one(present.values())
        else:
            # Staying outside costs `outside`; each presence literal above takes that back.
            self.constant += outside
            placed = model.new_bool_var(f"{urn} placed")
            model.add(sum(present.values()) == placed)
            # Left outside, the start means nothing: pin it to its first value and take that wait back.
            model.add(start == starts[0]).only_enforce_if(~placed)
            wait = provider.priority * (starts[0] - problem.earliest[urn])
            self.constant -= wait
            self._cost(placed, wait)
        self._add_move_cost(provider, start, present)
        self.choices[urn] = _Choice(start, week, present, starts[0], placed)

    def _add_move_cost(
        self, provider: ProviderDue, start: cp_model.IntVar, present: dict[str, cp_model.IntVar]
    ) -> None:
        """A re-plan pays move_cost unless the inspection keeps its previous inspector and first day."""
        previous = self.problem.previous.get(provider.urn)
        if previous is None:
            return
        cost = self.problem.move_cost
        if previous.inspector not in present:
            for lit in present.values():
                self._cost(lit, cost)
            return
        same = self.model.new_bool_var(f"{provider.urn} unmoved")
        self.model.add_implication(same, present[previous.inspector])
        self.model.add(start == previous.start).only_enforce_if(same)
        self.constant += cost
        self._cost(same, -cost)
        self.model.add_hint(same, self.sub.hint.get(provider.urn) == previous)

    def add_inspectors(self) -> None:
        """Per inspector: no two things on one day, and at most `days_per_week` on-site days a week."""
        model, span = self.model, self.sub.span
        first_week, last_week = Timeline.week_of(span.start), Timeline.week_of(span.stop - 1)
        for inspector_id, intervals in self.day_intervals.items():
            diary = self.diaries[inspector_id]
            fixed = [
                model.new_fixed_size_interval_var(
                    max(s, span.start), min(s + n, span.stop) - max(s, span.start), "busy"
                )
                for s, n in diary.blocked_runs()
                if s < span.stop and s + n > span.start
            ]
            model.add_no_overlap(intervals + fixed)
            loaded = [(w, diary.week_load[w]) for w in range(first_week, last_week + 1) if diary.week_load[w]]
            weeks = self.week_intervals[inspector_id] + [
                model.new_fixed_size_interval_var(w, 1, "booked week") for w, _ in loaded
            ]
            demands = self.week_demands[inspector_id] + [load for _, load in loaded]
            model.add_cumulative(weeks, demands, diary.inspector.days_per_week)

    def add_hint(self) -> None:
        for urn, choice in self.choices.items():
            slot = self.sub.hint.get(urn)
            if slot is not None and slot.inspector not in choice.present:
                slot = None
            start = slot.start if slot else choice.first
            self.model.add_hint(choice.start, start)
            for inspector_id, lit in choice.present.items():
                self.model.add_hint(lit, slot is not None and slot.inspector == inspector_id)
            # The week and "placed" follow from the rest; hinting them too keeps the hint complete.
            self.model.add_hint(choice.week, Timeline.week_of(start))
            if choice.placed is not None:
                self.model.add_hint(choice.placed, slot is not None)

    def objective(self) -> None:
        self.model.minimize(cp_model.LinearExpr.weighted_sum(self.cost_vars, self.cost_coefs) + self.constant)


def solve(
    problem: Problem, sub: Subproblem, diaries: Mapping[str, Diary], seconds: float, workers: int
) -> Outcome:
    started = time.perf_counter()
    builder = _Builder(problem, sub, diaries)
    for provider in sub.providers:
        builder.add_inspection(provider)
    builder.add_inspectors()
    builder.add_hint()
    builder.objective()
    built = time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds - built)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 14
    status = solver.solve(builder.model)
    name = solver.status_name(status)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {
            urn: Slot(inspector_id, solver.value(choice.start))
            for urn, choice in builder.choices.items()
            for inspector_id, lit in choice.present.items()
            if solver.boolean_value(lit)
        }
    else:  # no solution within the time: the hint is complete and feasible, so it stands
        chosen = {urn: slot for urn, slot in sub.hint.items() if urn in builder.choices}
    seconds_taken = time.perf_counter() - started
    summary = {
        "name": sub.name,
        "status": name,
        "inspections": len(sub.providers),
        "placed": len(chosen),
        "seconds": round(seconds_taken, 2),
        "model_seconds": round(built, 2),
    }
    return Outcome(chosen, name, seconds_taken, summary)
