"""The planning problem both planners solve: who may lead what, on which days, at what cost.

Costs are whole numbers on one scale: the CP-SAT planner minimises it, and every plan, the greedy
baseline's included, is measured on it, so that plans can be compared figure for figure:
- each weekday an inspection starts after the earliest day it could (its window's first working day in
  the horizon) costs its priority, so urgent inspections go first (SCH-5, SCH-7, SCH-10). Weekdays, not
  working days, because weekdays are the timeline's positions and so the cost stays linear in the start;
  the figures and reasons count working days exactly;
- an inspector from a bordering region costs REGION_STEP, from further away twice that;
- in a re-plan, an inspection moved from its previous placement costs more than any single inspection
  could gain by moving, so nothing moves unless that places more inspections;
- an inspection left unplaced costs as much as UNPLACED_TIMES_MOVE moves: placing one more inspection
  is worth moving up to that many others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.locks import FixedPlacement, fix_locks
from careinspect.rules.planning.regions import region_steps
from careinspect.rules.planning.scenario import Inspector, ProviderDue, Scenario, why_not_lead
from careinspect.rules.planning.timeline import Horizon, Timeline

REGION_STEP = 60  # a priority-1 inspection waits 12 weeks, a priority-5 one 12 weekdays, to stay in region
UNPLACED_TIMES_MOVE = 20


@dataclass(frozen=True)
class Slot:
    inspector: str
    start: int  # index on the timeline


class Problem:
    def __init__(
        self,
        scenario: Scenario,
        horizon: Horizon,
        calendar: WorkingDayCalendar,
        previous: dict[str, tuple[str, date]] | None = None,
    ) -> None:
        self.scenario = scenario
        self.timeline = Timeline(horizon, calendar)
        self.fixed: dict[str, FixedPlacement] = fix_locks(scenario, self.timeline, calendar)
        first, last = horizon.first, horizon.last
        self.overdue = [p for p in scenario.providers if p.window_end < first and p.urn not in self.fixed]
        self.not_due = [p for p in scenario.providers if p.window_start > last and p.urn not in self.fixed]
        skipped = {p.urn for p in self.overdue + self.not_due} | set(self.fixed)
        # Most urgent first, then the tightest deadline: the order the greedy planner books in.
        self.to_plan = sorted(
            (p for p in scenario.providers if p.urn not in skipped),
            key=lambda p: (-p.priority, p.window_end, p.urn),
        )
        self.starts = {
            p.urn: self.timeline.starts(p.window_start, p.window_end, p.days_on_site) for p in self.to_plan
        }
        self.earliest = {p.urn: self.timeline.earliest(p.window_start) for p in self.to_plan}
        self.eligible = {p.urn: self._eligible(p) for p in self.to_plan}
        self.previous = self._still_possible(previous or {})
        max_priority = max((p.priority for p in self.to_plan), default=1)
        self.move_cost = max_priority * len(self.timeline) + 2 * REGION_STEP + 1
        self.unplaced_cost = UNPLACED_TIMES_MOVE * self.move_cost

    def _eligible(self, provider: ProviderDue) -> list[Inspector]:
        """Inspectors who may lead it (specialism, no conflict, SCH-6), nearest region first."""
        able = [i for i in self.scenario.inspectors if why_not_lead(provider, i) is None]
        return sorted(able, key=lambda i: (region_steps(provider.region, i.region), i.id))

    def _still_possible(self, previous: dict[str, tuple[str, date]]) -> dict[str, Slot]:
        """The previous placements that could still stand: same rules, inside the window and horizon."""
        kept: dict[str, Slot] = {}
        for p in self.to_plan:
            if p.urn not in previous:
                continue
            inspector, day = previous[p.urn]
            start = self.timeline.index.get(day)
            if start in self.starts[p.urn] and any(i.id == inspector for i in self.eligible[p.urn]):
                kept[p.urn] = Slot(inspector, start)
        return kept

    def diaries(self) -> dict[str, Diary]:
        """Every inspector's diary with their leave and the fixed placements already in it."""
        diaries = {i.id: Diary(i, self.timeline) for i in self.scenario.inspectors}
        for placement in self.fixed.values():
            diaries[placement.inspector].book(placement.days)
        return diaries

    def region_cost(self, provider: ProviderDue, inspector: Inspector) -> int:
        return REGION_STEP * region_steps(provider.region, inspector.region)

    def delay(self, provider: ProviderDue, start: int) -> int:
        """Weekdays after the earliest day the inspection could start: the cost's unit."""
        return start - self.earliest[provider.urn]

    def working_delay(self, provider: ProviderDue, start: int) -> int:
        """Working days after the earliest day the inspection could start: the figures' unit."""
        return self.timeline.working_days_between(self.earliest[provider.urn], start)

    def cost(self, provider: ProviderDue, inspector: Inspector, start: int) -> int:
        return self.region_cost(provider, inspector) + provider.priority * self.delay(provider, start)
