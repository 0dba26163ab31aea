"""Notice and the information asked for with it, checked by rule (no Django)."""

from __future__ import annotations

from datetime import date

from careinspect.rules.calendar import WorkingDayCalendar, day_text
from careinspect.rules.errors import RuleViolation


def ntc1_notice_can_still_be_given(today: date, notice_due: date | None, start: date) -> None:
    """RULES: NTC-1 — notice is given by its day (10 or 20 WD before); after it, defer or reschedule."""
    if notice_due is not None and today > notice_due:
        raise RuleViolation(
            f"notice had to be given by {day_text(notice_due)} for the visit on {day_text(start)}; "
            "defer or reschedule the inspection instead",
            rule="NTC-1",
            field="notified_on",
        )


def ntc1_start_leaves_time_for_notice(today: date, notice: date, start: date, *, later: bool = True) -> None:
    """RULES: NTC-1 — a visit can be scheduled only if its notice day has not passed."""
    if notice < today:
        hint = "; choose a later start" if later else ""
        raise RuleViolation(
            f"notice for a start on {day_text(start)} had to be given by {day_text(notice)}{hint}",
            rule="NTC-1",
            field="start_date",
        )


def inf2_agreed_date_is_before_the_visit(day: date, start: date, calendar: WorkingDayCalendar) -> None:
    """RULES: INF-2 — the completion date agreed with the agency is a working day before the visit."""
    calendar.require_working_day(day, field="information_due", role="deadline")
    if day >= start:
        raise RuleViolation(
            "the forms are needed before the first on-site day", rule="INF-2", field="information_due"
        )


def knd1_on_site_span(start: date, end: date, span: int, calendar: WorkingDayCalendar) -> None:
    """RULES: KND-1 — on-site days are working days (CAL-4), spread over no more than the framework allows
    (2 days as half, full, half over 3); more need the manager's agreement as a separate plan."""
    calendar.require_working_day(start, field="start_date", role="on-site day")
    calendar.require_working_day(end, field="end_date", role="on-site day")
    if end < start:
        raise RuleViolation(f"{day_text(end)} is before the first on-site day", field="end_date")
    if calendar.working_days_between(start, end) + 1 > span:
        raise RuleViolation(
            f"the on-site days may be spread over at most {span} working days; more days need the "
            "regulatory inspection manager's agreement recorded as a separate inspection plan",
            rule="KND-1",
            field="end_date",
        )
