"""Each inspector's diary on the timeline: days on leave, days on site and on-site days per week.

The greedy planner books into it one inspection at a time; the CP-SAT planner reads it as what is
already fixed (locks, and earlier passes of its decomposition).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from careinspect.rules.planning.scenario import Inspector
from careinspect.rules.planning.timeline import Timeline

FREE, ON_SITE, ON_LEAVE = 0, 1, 2


class Diary:
    def __init__(self, inspector: Inspector, timeline: Timeline) -> None:
        self.inspector = inspector
        self.days = bytearray(len(timeline))
        for day in inspector.leave:
            n = timeline.index.get(day)
            if n is not None:
                self.days[n] = ON_LEAVE
        self.week_load = [0] * timeline.week_count
        self.booked_days = 0

    def copy(self) -> Diary:
        twin = Diary.__new__(Diary)
        twin.inspector = self.inspector
        twin.days, twin.week_load, twin.booked_days = (
            bytearray(self.days),
            list(self.week_load),
            self.booked_days,
        )
        return twin

    def fits(self, days: Sequence[int]) -> bool:
        """Free on each of the days, and within `days_per_week` on-site days in each week they touch."""
        if any(self.days[n] for n in days):
            return False
        added: dict[int, int] = {}
        for n in days:
            week = Timeline.week_of(n)
            added[week] = added.get(week, 0) + 1
        return all(self.week_load[w] + k <= self.inspector.days_per_week for w, k in added.items())

    def fits_run(self, start: int, length: int) -> bool:
        """`fits` for consecutive days in one week, the case the planners ask about most, made fast."""
        if any(self.days[start : start + length]):
            return False
        return self.week_load[Timeline.week_of(start)] + length <= self.inspector.days_per_week

    def book(self, days: Sequence[int]) -> None:
        for n in days:
            self.days[n] = ON_SITE
            self.week_load[Timeline.week_of(n)] += 1
        self.booked_days += len(days)

    def unbook(self, days: Sequence[int]) -> None:
        for n in days:
            self.days[n] = FREE
            self.week_load[Timeline.week_of(n)] -= 1
        self.booked_days -= len(days)

    def on_leave_throughout(self, starts: Sequence[int], length: int) -> bool:
        return all(ON_LEAVE in self.days[s : s + length] for s in starts)

    def blocked_runs(self) -> Iterator[tuple[int, int]]:
        """(start, length) of each run of days that are not free: fixed intervals for CP-SAT."""
        n, size = 0, len(self.days)
        while n < size:
            if self.days[n] == FREE:
                n += 1
                continue
            start = n
            while n < size and self.days[n] != FREE:
                n += 1
            yield start, n - start
