"""The programme window: the dates between which fieldwork may take place. RULES: THM-4."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careinspect.rules.errors import RuleViolation


@dataclass(frozen=True)
class ProgrammeWindow:
    """First and last calendar days on which fieldwork may happen (2023: 1 October to 31 December).

    Calendar dates, not working days: a window may open on a weekend; the plan finds the working days.
    """

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise RuleViolation(
                f"{self.end.isoformat()} is before the window's start, {self.start.isoformat()}",
                field="window_end",
            )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def describe(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"
