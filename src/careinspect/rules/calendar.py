"""Working days in England. Rules: CAL-1, CAL-2, CAL-3, CAL-4.

Bank holidays come from the maintained `holidays` package (England's calendar, so the one-off days
such as 19 Sept 2022 and 8 May 2023 are included); the regulator's own closure days come from policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import holidays

from careinspect.rules.errors import RuleViolation

_SATURDAY = 5


class WorkingDayCalendar:
    """Answers "is this a working day?" and counts working days forwards and backwards."""

    def __init__(self, extra_closure_days: Iterable[date] = ()) -> None:
        # RULES: CAL-1 — Monday to Friday, not a bank holiday in England, not a configured closure day.
        self._bank_holidays = holidays.country_holidays("GB", subdiv="ENG")
        self._closures = frozenset(extra_closure_days)
        # Deadlines walk day by day; a set per year makes each step a hash lookup, not a holidays query.
        self._closed_by_year: dict[int, frozenset[date]] = {}

    def _closed(self, year: int) -> frozenset[date]:
        closed = self._closed_by_year.get(year)
        if closed is None:
            holidays_of_year = holidays.country_holidays("GB", subdiv="ENG", years=year)
            closed = frozenset(set(holidays_of_year) | {d for d in self._closures if d.year == year})
            self._closed_by_year[year] = closed
        return closed

    def bank_holiday_name(self, day: date) -> str | None:
        return self._bank_holidays.get(day)

    def why_not_working(self, day: date) -> str | None:
        """None for a working day; otherwise the reason, in words a user understands."""
        if day.weekday() >= _SATURDAY:
            return f"it is a {day:%A}"
        holiday = self.bank_holiday_name(day)
        if holiday:
            return f"it is a bank holiday in England ({holiday})"
        if day in self._closures:
            return "it is a closure day set by the administrator"
        return None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < _SATURDAY and day not in self._closed(day.year)

    def require_working_day(self, day: date, *, field: str, role: str = "day") -> date:
        """RULES: CAL-4 — a notice day, on-site day or deadline must be a working day."""
        reason = self.why_not_working(day)
        if reason:
            raise RuleViolation(
                f"{day.isoformat()} cannot be {_article(role)} {role}: {reason}, not a working day",
                rule="CAL-4",
                field=field,
            )
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start` (before it when negative); `start` itself is day 0.

        RULES: CAL-2 — "within N WD of the end": day 0 is the last day, the deadline the Nth WD after.
        RULES: CAL-3 — "N WD before": the Nth working day before the first on-site day.
        """
        step = timedelta(days=1 if count >= 0 else -1)
        day, remaining = start, abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def subtract_working_days(self, start: date, count: int) -> date:
        return self.add_working_days(start, -count)

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, otherwise the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    def working_days_between(self, start: date, end: date) -> int:
        """The `n` for which `add_working_days(start, n) == end`, when `end` is a working day.

        Forwards it counts the working days after `start` up to and including `end`; backwards, minus
        the working days from `end` up to but not including `start`.
        """
        if end < start:
            return -sum(1 for n in range((start - end).days) if self.is_working_day(end + timedelta(n)))
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(n)))


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def day_text(day: date) -> str:
    """A date as GOV.UK writes it: "3 December 2026" (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def describe_days(start: date, end: date) -> str:
    """Days as GOV.UK writes them: "26 November 2026" for one day, "26 November 2026 to 27 November 2026"
    for more (no "X to X" for a one-day visit)."""
    return day_text(start) if start == end else f"{day_text(start)} to {day_text(end)}"
