"""The weeks of a programme window in which fieldwork can happen. Rules: THM-4, KND-2, CAL-1.

Reading of the guidance: fieldwork runs Monday to Thursday (THM-4) for up to 4 days (KND-2), on
consecutive working days. A bank holiday on the Monday moves the start to Tuesday and the fieldwork
is Tuesday to Thursday; it never runs on into Friday. So the end is the 4th working day of the week or
the last working day before Friday, whichever is earlier. A holiday in the middle of the week splits it,
and the longest run of working days is used (the earlier one when two are as long). A week is used only
when its run is at least the policy's shortest fieldwork (3 days: the 2023 programme's shortest) and
lies inside the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.thematic.window import ProgrammeWindow

_FIELDWORK_WEEKDAYS = 4  # RULES: THM-4 — Monday (0) to Thursday (3)


@dataclass(frozen=True)
class FieldworkWeek:
    monday: date
    start: date  # first on-site day: the Monday unless it is not a working day
    end: date  # last on-site day

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def fieldwork_weeks(
    window: ProgrammeWindow, calendar: WorkingDayCalendar, *, min_days: int, max_days: int
) -> list[FieldworkWeek]:
    """Every usable week whose fieldwork falls inside the window, earliest first."""
    weeks = []
    monday = window.start - timedelta(days=window.start.weekday())
    while monday <= window.end:
        week = fieldwork_in_week(monday, calendar, max_days=max_days)
        if week and week.days >= min_days and window.contains(week.start) and window.contains(week.end):
            weeks.append(week)
        monday += timedelta(days=7)
    return weeks


def fieldwork_in_week(monday: date, calendar: WorkingDayCalendar, *, max_days: int) -> FieldworkWeek | None:
    """The week's fieldwork: its longest run of consecutive working days from Monday to Thursday, cut to
    `max_days`; None when Monday to Thursday holds no working day."""
    best: list[date] = []
    run: list[date] = []
    for offset in range(_FIELDWORK_WEEKDAYS):
        day = monday + timedelta(days=offset)
        if calendar.is_working_day(day):
            run.append(day)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    if not best:
        return None
    days = best[:max_days]
    return FieldworkWeek(monday=monday, start=days[0], end=days[-1])
