"""The horizon as the planner sees it: the weekdays of its ISO weeks, numbered 5 × week + weekday.

RULES: CAL-1 — a bank holiday, a closure day or a day outside the horizon is a position that no
inspection may use, so only working days are ever on-site days. Weekends have no position at all, so a
week's last day and the next week's first are neighbours, as consecutive working days are.

An inspection's on-site days are consecutive working days inside one ISO week (inspections do not run
over a weekend or around a bank holiday). With weeks of exactly five positions, "the week it falls in"
is a linear relation (5 × week ≤ start, start + days ≤ 5 × week + 5), which keeps each inspector's
weekly cap of on-site days cheap to state in CP-SAT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation

WEEKDAYS = 5


@dataclass(frozen=True)
class Horizon:
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise RuleViolation(
                f"{self.last.isoformat()} is before the horizon's start {self.first.isoformat()}", field="to"
            )


class Timeline:
    def __init__(self, horizon: Horizon, calendar: WorkingDayCalendar) -> None:
        self.horizon = horizon
        self.monday = horizon.first - timedelta(days=horizon.first.weekday())
        self.week_count = (horizon.last - self.monday).days // 7 + 1
        self.size = WEEKDAYS * self.week_count
        self.dates = [
            self.monday + timedelta(days=7 * (n // WEEKDAYS) + n % WEEKDAYS) for n in range(self.size)
        ]
        self.working = [
            horizon.first <= day <= horizon.last and calendar.is_working_day(day) for day in self.dates
        ]
        if not any(self.working):
            raise RuleViolation("the horizon has no working day (CAL-1)", field="to")
        self.index = {day: n for n, day in enumerate(self.dates) if self.working[n]}
        # rank[n]: working days before position n, so working-day counts are differences of ranks.
        self.rank = [0] * (self.size + 1)
        for n in range(self.size):
            self.rank[n + 1] = self.rank[n] + self.working[n]

    def __len__(self) -> int:
        return self.size

    @staticmethod
    def week_of(position: int) -> int:
        return position // WEEKDAYS

    def position(self, day: date) -> int:
        """The first position on or after `day` (a weekend day moves to the next Monday)."""
        offset = (day - self.monday).days
        if offset < 0:
            return 0
        weeks, weekday = divmod(offset, 7)
        return min(self.size, WEEKDAYS * weeks + min(weekday, WEEKDAYS))

    def starts(self, first: date, last: date, length: int) -> list[int]:
        """Every first day of `length` consecutive working days, in one week, between `first` and `last`."""
        low, high = self.position(first), self.position(last + timedelta(days=1))
        working = self.working
        return [
            s
            for s in range(low, high - length + 1)
            if s % WEEKDAYS + length <= WEEKDAYS and all(working[s : s + length])
        ]

    def earliest(self, first: date) -> int:
        """The first working position on or after `first` and the horizon's start."""
        n = self.position(max(first, self.horizon.first))
        while n < self.size and not self.working[n]:
            n += 1
        return n

    def working_run(self, start: int, length: int) -> list[int]:
        """`length` consecutive working days from the working day `start`, over weekends and holidays."""
        days = [start]
        n = start
        while len(days) < length:
            n += 1
            if n >= self.size:
                raise RuleViolation(f"runs past the horizon's end {self.horizon.last}", field="locks")
            if self.working[n]:
                days.append(n)
        return days

    def working_days_between(self, start: int, later: int) -> int:
        """Working days from `start` up to but not including `later`."""
        return self.rank[later] - self.rank[start]
