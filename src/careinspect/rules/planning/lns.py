"""Large neighbourhood search by region and time: small CP-SAT models, each solved to the end, in turn.

One model of a whole region is too large for CP-SAT to improve on in seconds (its own neighbourhood
search barely moves on it), so the decomposition is done here, along the problem's seams, as OR-Tools'
maintainers advise for large instances. A neighbourhood is a team of a region's inspectors and a span of
weeks:
- every inspection the team leads in those weeks may move to any day of the span in its window, with
  any of the team who may lead it;
- the region's inspections now led from another region, or unplaced, may come home to the team in the
  span (or stay where they are, at their present cost).
Everything else stays fixed, so the models are small enough to solve to optimality in a fraction of a
second. Neighbourhoods alternate between ones aimed at an inspection away from home (its window, the home
inspectors who may lead it, and colleagues who can take their other work) and random ones, which shorten
waits. The current plan is each model's hint, so the plan never gets worse.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.model import Subproblem, solve
from careinspect.rules.planning.problem import Problem, Slot
from careinspect.rules.planning.scenario import Inspector, ProviderDue
from careinspect.rules.planning.timeline import WEEKDAYS, Timeline

TEAM_SIZE = 5
HOME_LEADS_IN_TEAM = 3  # for an aimed neighbourhood: home inspectors who may lead the inspection away
SPAN_WEEKS = 6
AWAY_PER_NEIGHBOURHOOD = 30  # inspections away from home or unplaced that may come home, costliest first
SECONDS_PER_NEIGHBOURHOOD = 1.0
AIMS_PER_INSPECTION = 3  # aimed neighbourhoods tried for one inspection away before it is let be
STALL_LIMIT = 60  # neighbourhoods in a row, each solved to optimality without a change: nothing left to find


class Search:
    def __init__(
        self,
        problem: Problem,
        diaries: dict[str, Diary],
        chosen: dict[str, Slot],
        workers: int,
        seed: int = 14,
    ) -> None:
        self.problem, self.diaries, self.chosen, self.workers = problem, diaries, chosen, workers
        self.rng = random.Random(seed)
        self.by_region: dict[str, list[Inspector]] = {}
        for inspector in problem.scenario.inspectors:
            self.by_region.setdefault(inspector.region, []).append(inspector)
        self.aims: dict[str, int] = {}
        self.passes: list[dict[str, Any]] = []

    # What the plan is now

    def _is_away(self, provider: ProviderDue) -> bool:
        slot = self.chosen.get(provider.urn)
        if slot is None:
            return bool(self.problem.starts[provider.urn])
        return self.problem.scenario.inspector_by_id[slot.inspector].region != provider.region

    def _current_cost(self, provider: ProviderDue) -> int:
        """What keeping its present placement (or none) costs, as the models count it."""
        problem, slot = self.problem, self.chosen.get(provider.urn)
        if slot is None:
            return problem.unplaced_cost
        inspector = problem.scenario.inspector_by_id[slot.inspector]
        previous = problem.previous.get(provider.urn)
        moved = problem.move_cost if previous is not None and previous != slot else 0
        return problem.cost(provider, inspector, slot.start) + moved

    def _able(self, provider: ProviderDue, inspector: Inspector, starts: list[int]) -> bool:
        return inspector.days_per_week >= provider.days_on_site and not self.diaries[
            inspector.id
        ].on_leave_throughout(starts, provider.days_on_site)

    # Building one neighbourhood

    def neighbourhood(
        self, region: str, team: list[Inspector], span: range
    ) -> tuple[Subproblem, dict[str, Diary]]:
        problem, scenario, ids = self.problem, self.problem.scenario, {i.id for i in team}
        led = [
            scenario.provider_by_urn[urn]
            for urn, slot in self.chosen.items()
            if slot.inspector in ids and slot.start in span
        ]
        away = [
            p
            for p in problem.to_plan
            if p.region == region and self._is_away(p) and any(s in span for s in problem.starts[p.urn])
        ]
        away.sort(key=lambda p: (-self._current_cost(p), p.urn))
        diaries = {i: self.diaries[i].copy() for i in ids}
        for p in led:
            slot = self.chosen[p.urn]
            diaries[slot.inspector].unbook(range(slot.start, slot.start + p.days_on_site))
        candidates: dict[str, list[Inspector]] = {}
        for p in led + away:
            starts = [s for s in problem.starts[p.urn] if s in span]
            candidates[p.urn] = [
                i
                for i in problem.eligible[p.urn]
                if i.id in ids
                and (self._able(p, i, starts) or self.chosen.get(p.urn, Slot("", -1)).inspector == i.id)
            ]
        away = [p for p in away if candidates[p.urn]][:AWAY_PER_NEIGHBOURHOOD]
        outside: dict[str, int | None] = {p.urn: None for p in led}
        outside |= {p.urn: self._current_cost(p) for p in away}
        name = (
            f"{region}: {len(ids)} inspectors, weeks {span.start // WEEKDAYS}-{(span.stop - 1) // WEEKDAYS}"
        )
        hint = {p.urn: self.chosen[p.urn] for p in led}
        return Subproblem(name, led + away, candidates, outside, hint, span), diaries

    def _span_around(self, provider: ProviderDue) -> range:
        """SPAN_WEEKS whole weeks inside the horizon, over a random part of the inspection's window."""
        starts = self.problem.starts[provider.urn]
        centre = Timeline.week_of(self.rng.choice(starts))
        first = max(0, min(centre - SPAN_WEEKS // 2, self.problem.timeline.week_count - SPAN_WEEKS))
        return range(first * WEEKDAYS, min(len(self.problem.timeline), (first + SPAN_WEEKS) * WEEKDAYS))

    def _random_span(self) -> range:
        weeks = self.problem.timeline.week_count
        first = self.rng.randrange(max(1, weeks - SPAN_WEEKS + 1))
        return range(first * WEEKDAYS, min(len(self.problem.timeline), (first + SPAN_WEEKS) * WEEKDAYS))

    def _aimed(self) -> tuple[str, list[Inspector], range] | None:
        """A neighbourhood for the costliest inspection away from home not yet tried often enough."""
        away = [
            p
            for p in self.problem.to_plan
            if self._is_away(p) and self.aims.get(p.urn, 0) < AIMS_PER_INSPECTION
        ]
        if not away:
            return None
        target = max(away, key=lambda p: (self._current_cost(p), p.urn))
        self.aims[target.urn] = self.aims.get(target.urn, 0) + 1
        home = [i for i in self.by_region.get(target.region, []) if i in self.problem.eligible[target.urn]]
        leads = [i for i in home if i.days_per_week >= target.days_on_site]
        self.rng.shuffle(leads)
        team = leads[:HOME_LEADS_IN_TEAM]
        others = [i for i in self.by_region.get(target.region, []) if i not in team]
        self.rng.shuffle(others)
        team += others[: TEAM_SIZE - len(team)]
        return target.region, team, self._span_around(target)

    def _random(self) -> tuple[str, list[Inspector], range]:
        region = self.rng.choice(sorted(self.by_region))
        staff = list(self.by_region[region])
        self.rng.shuffle(staff)
        return region, staff[:TEAM_SIZE], self._random_span()

    def neighbourhoods(self) -> Iterator[tuple[str, list[Inspector], range]]:
        """Aimed and random neighbourhoods in turn; only random ones once every aim has been tried."""
        while True:
            aimed = self._aimed()
            if aimed is not None:
                yield aimed
            yield self._random()

    # Solving and keeping the result

    def apply(self, sub: Subproblem, placed: Mapping[str, Slot]) -> int:
        """Book the model's placements; returns how many inspections changed."""
        moves = [
            (p, self.chosen.get(p.urn), placed[p.urn])
            for p in sub.providers
            if p.urn in placed and placed[p.urn] != self.chosen.get(p.urn)
        ]
        # Every old booking comes out before any new one goes in: a new one may take an old one's days.
        for provider, old, _ in moves:
            if old is not None:
                self.diaries[old.inspector].unbook(range(old.start, old.start + provider.days_on_site))
        for provider, _, new in moves:
            self.diaries[new.inspector].book(range(new.start, new.start + provider.days_on_site))
            self.chosen[provider.urn] = new
        return len(moves)

    def run(self, seconds_left: Callable[[], float]) -> None:
        stalled = 0
        for region, team, span in self.neighbourhoods():
            left = seconds_left()
            if left < 0.2 or stalled >= STALL_LIMIT:
                return
            sub, diaries = self.neighbourhood(region, team, span)
            if not sub.providers:
                stalled += 1
                continue
            outcome = solve(self.problem, sub, diaries, min(SECONDS_PER_NEIGHBOURHOOD, left), self.workers)
            changed = self.apply(sub, outcome.chosen)
            self.passes.append(outcome.summary | {"changed": changed})
            stalled = stalled + 1 if changed == 0 and outcome.status == "OPTIMAL" else 0
