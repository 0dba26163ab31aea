"""When an agency is next due for inspection, and when compliance must be checked.

Rules: SCH-1 (rolling 3-year cycle), SCH-2 (inadequate: 6-12 months), SCH-3 (requires improvement:
12-18 months), SCH-4 (first inspection 7-12 months after registration), SCH-8 (compliance notices).
Calendar months clamp to the end of the month: 31 August + 6 months is 28 (or 29) February.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade

INSPECTION_YEAR_STARTS = (4, 1)  # 1 April: the inspection year runs 1 April to 31 March (SCH-1)
CYCLE_YEARS = 3
MONTHS_AFTER = {  # months after the previous inspection, (earliest, latest)
    Grade.INADEQUATE: (6, 12, "SCH-2"),  # RULES: SCH-2
    Grade.REQUIRES_IMPROVEMENT: (12, 18, "SCH-3"),  # RULES: SCH-3
}
FIRST_INSPECTION_MONTHS = (7, 12)  # RULES: SCH-4
COMPLIANCE_VISIT_WORKING_DAYS = 5  # RULES: SCH-8


@dataclass(frozen=True)
class Window:
    earliest: date
    latest: date
    rule: str

    def as_dict(self) -> dict[str, str]:
        return {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat(), "rule": self.rule}


def inspection_year_start(day: date) -> date:
    """1 April of the inspection year (1 April to 31 March) that `day` falls in."""
    month, dom = INSPECTION_YEAR_STARTS
    this_year = date(day.year, month, dom)
    return this_year if day >= this_year else date(day.year - 1, month, dom)


def cycle_after(inspected: date) -> Window:
    """RULES: SCH-1 — the cycle begins on the 1 April after the inspection and ends 3 years later on 31 March.

    Inspected in May 2021 or January 2022 (inspection year 2021-22) → 1 April 2022 to 31 March 2025.
    """
    start = inspection_year_start(inspected) + relativedelta(years=1)
    end = start + relativedelta(years=CYCLE_YEARS, days=-1)
    return Window(start, end, "SCH-1")


def next_inspection_window(last: date, judgement: Grade) -> Window:
    """The window for the next full inspection after one that ended on `last` with `judgement`."""
    if judgement in MONTHS_AFTER:
        earliest, latest, rule = MONTHS_AFTER[judgement]
        return Window(last + relativedelta(months=earliest), last + relativedelta(months=latest), rule)
    return cycle_after(last)


def first_inspection_window(registered: date) -> Window:
    """RULES: SCH-4 — first inspection 7 to 12 months after registration."""
    earliest, latest = FIRST_INSPECTION_MONTHS
    return Window(
        registered + relativedelta(months=earliest), registered + relativedelta(months=latest), "SCH-4"
    )


@dataclass(frozen=True)
class MonitoringVisit:
    """One visit that checks every compliance notice it covers. RULES: SCH-8."""

    earliest: date
    latest: date
    covers: tuple[date, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "covers": [d.isoformat() for d in self.covers],
        }


def compliance_window(compliance_date: date, calendar: WorkingDayCalendar) -> tuple[date, date]:
    """RULES: SCH-8 — a visit within 5 WD of the date set for compliance.

    The provider has the whole compliance day to comply, so the visit falls on working days 1 to 5
    after it (day 0 is the compliance date, as CAL-2 counts). The date itself must be a working day
    (CAL-4).
    """
    calendar.require_working_day(compliance_date, field="compliance_date", role="compliance date")
    return (
        calendar.add_working_days(compliance_date, 1),
        calendar.add_working_days(compliance_date, COMPLIANCE_VISIT_WORKING_DAYS),
    )


def monitoring_visits(
    compliance_dates: Iterable[date], calendar: WorkingDayCalendar
) -> list[MonitoringVisit]:
    """The fewest visits such that every compliance date has a visit within its SCH-8 window.

    Visits are combined where one day lies within 5 WD of every notice it covers. Every window is the
    same number of working days long, so the greedy choice is optimal: take the earliest-closing
    window still uncovered, visit as late as it allows, and cover every notice whose window is open then.
    """
    dates = sorted(set(compliance_dates))
    if not dates:
        raise RuleViolation("give at least one compliance date", rule="SCH-8", field="compliance_dates")
    windows = [(d, *compliance_window(d, calendar)) for d in dates]
    visits: list[MonitoringVisit] = []
    i = 0
    while i < len(windows):
        latest = windows[i][2]
        group = [w for w in windows[i:] if w[1] <= latest]
        visits.append(
            MonitoringVisit(
                earliest=max(w[1] for w in group), latest=latest, covers=tuple(w[0] for w in group)
            )
        )
        i += len(group)
    return visits
