"""What follows an assurance visit with serious or widespread concerns, or an inspection judged inadequate.

RULES: ENF-4 — seed 004 "Serious and widespread concerns: next steps": case review, email to each DCS.
RULES: SCH-9 — seed 004: a monitoring visit within 6 to 8 weeks.
RULES: ENF-2 — seed 002 "Inadequate judgements: next steps": case review.
RULES: SCH-2 — seed 002 "Frequency": reinspection 6 to 12 months after.
Working days count from day 0, the last day of the visit or inspection (CAL-2), which must itself be a
working day (CAL-4). Pure Python: no Django here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from careinspect.rules.calendar import WorkingDayCalendar, day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.scheduling import Window, next_inspection_window

# The guidance's own numbers, not policy defaults.
CASE_REVIEW_WORKING_DAYS = 5  # RULES: ENF-4 — "no later than 5 working days following the visit"
DCS_EMAIL_WORKING_DAYS = 1  # RULES: ENF-4 — "by the end of the next working day following the visit"
MONITORING_VISIT_WEEKS = (6, 8)  # RULES: SCH-9 — "a monitoring visit within 6 to 8 weeks"
INADEQUATE_CASE_REVIEW_WORKING_DAYS = 5  # RULES: ENF-2 — "no later than 5 working days following"


@dataclass(frozen=True)
class SeriousConcernsSteps:
    case_review_due: date
    dcs_email_due: date
    monitoring_visit: Window

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_review_due": self.case_review_due.isoformat(),
            "dcs_email_due": self.dcs_email_due.isoformat(),
            "monitoring_visit": self.monitoring_visit.as_dict(),
        }


@dataclass(frozen=True)
class InadequateSteps:
    case_review_due: date
    reinspection: Window

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_review_due": self.case_review_due.isoformat(),
            "reinspection": self.reinspection.as_dict(),
        }


def serious_concerns(end: date, calendar: WorkingDayCalendar) -> SeriousConcernsSteps:
    """An IFA assurance visit that ended on `end` found serious or widespread concerns (JDG-9)."""
    calendar.require_working_day(end, field="end", role="last day of a visit")
    return SeriousConcernsSteps(
        # RULES: ENF-4 — case review within 5 WD of the visit.
        case_review_due=calendar.add_working_days(end, CASE_REVIEW_WORKING_DAYS),
        # RULES: ENF-4 — email to the DCS of each relevant LA by the end of the next working day.
        dcs_email_due=calendar.add_working_days(end, DCS_EMAIL_WORKING_DAYS),
        monitoring_visit=monitoring_visit_window(end, calendar),
    )


def monitoring_visit_window(end: date, calendar: WorkingDayCalendar) -> Window:
    """RULES: SCH-9 — a monitoring visit 6 to 8 weeks after the visit ended.

    The weeks are calendar weeks, so both ends fall on the same weekday as `end`; when one lands on a bank
    holiday or closure day it moves inwards, keeping the window within the 6 to 8 weeks: the earliest
    forward to the next working day, the latest back to the previous working day.
    """
    first, last = MONITORING_VISIT_WEEKS
    return Window(
        earliest=calendar.next_working_day(end + timedelta(weeks=first)),
        latest=previous_working_day(end + timedelta(weeks=last), calendar),
        rule="SCH-9",
    )


def previous_working_day(day: date, calendar: WorkingDayCalendar) -> date:
    """`day` itself when it is a working day, otherwise the last working day before it."""
    return day if calendar.is_working_day(day) else calendar.subtract_working_days(day, 1)


def inadequate(end: date, calendar: WorkingDayCalendar) -> InadequateSteps:
    """A SCCIF full inspection that ended on `end` was judged inadequate overall."""
    calendar.require_working_day(end, field="end", role="last day of an inspection")
    return InadequateSteps(
        # RULES: ENF-2 — case review within 5 WD of the inspection.
        case_review_due=calendar.add_working_days(end, INADEQUATE_CASE_REVIEW_WORKING_DAYS),
        # RULES: SCH-2 — reinspect 6 to 12 months after; calendar dates, as for every SCH window.
        reinspection=next_inspection_window(end, Grade.INADEQUATE),
    )


# What the guidance leaves to the region: a working day after the email for the call that makes sure it
# arrived. RULES: ENF-3 — "We follow this email up with a telephone call to ensure receipt."
DCS_CALL_WORKING_DAYS = 1


def dcs_call_due(emailed_on: date, calendar: WorkingDayCalendar) -> date:
    """RULES: ENF-3 — the phone call that follows each DCS email, by the next working day."""
    return calendar.add_working_days(emailed_on, DCS_CALL_WORKING_DAYS)


def monitoring_day_in_window(day: date, window: Window) -> None:
    """RULES: SCH-9 — the monitoring visit after serious concerns falls within its 6 to 8 weeks."""
    if not window.earliest <= day <= window.latest:
        raise RuleViolation(
            f"the monitoring visit must fall from {day_text(window.earliest)} to {day_text(window.latest)}",
            rule="SCH-9",
            field="day",
        )
