"""The assurance visit to an independent fostering agency, checked by rule (no Django).

Rules: NTC-4 (announced on day 1, live from the call), KND-3 (2 days for one inspector, changed only by a
manager with a reason), JDG-9 (no grade; the report says whether serious or widespread concerns were found,
and which), RPT-4 (the formal complaint's window after the final report).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from careinspect.rules.calendar import WorkingDayCalendar, day_text
from careinspect.rules.errors import RuleViolation

# RULES: JDG-9 — the two kinds of practice that make serious or widespread concerns (seed 004).
INADEQUATE_PROTECTION = "practice that places children at risk of inadequate protection or significant harm"
WELFARE_NOT_SAFEGUARDED = "practice that leads to children's welfare not being safeguarded and promoted"

# KND-3 gives the usual length (2 days) and lets a manager shorten it for a small agency or lengthen it
# for a large one, without a bound. A policy default: never less than 1 day, never more than a working
# week, so that a typing slip (20 for 2) is refused rather than booking an inspector for a month.
SHORTEST_VISIT_DAYS = 1
LONGEST_VISIT_DAYS = 5

# NTC-4 says "approximately 9am": a call before 8am or after 11am is not the morning announcement the
# guidance describes (the information is due by 12pm the same day, INF-3).
CALL_EARLIEST = time(8, 0)
CALL_LATEST = time(11, 0)


def ntc4_announced_on_day_one(today: date, start: date) -> None:
    """RULES: NTC-4 — the visit is announced on its first day, by the call (or on arrival)."""
    if today != start:
        raise RuleViolation(
            f"an assurance visit is announced on its first day, {day_text(start)}, not {day_text(today)}",
            rule="NTC-4",
            field="start_date",
        )


def ntc4_call_in_the_morning(at: datetime, on_site: bool) -> None:
    """RULES: NTC-4 — the announcement call is made at about 9am (arriving on site has no set time)."""
    if on_site:
        return
    moment = at.time()
    if not CALL_EARLIEST <= moment <= CALL_LATEST:
        raise RuleViolation(
            f"the announcement call is made at about 9am; {moment.strftime('%H:%M')} is not "
            f"(between {CALL_EARLIEST.strftime('%H:%M')} and {CALL_LATEST.strftime('%H:%M')})",
            rule="NTC-4",
            field="call_at",
        )


def knd3_visit_length(days: int, reason: str, usual: int) -> None:
    """RULES: KND-3 — a manager may shorten or lengthen the usual visit, and says why."""
    if not SHORTEST_VISIT_DAYS <= days <= LONGEST_VISIT_DAYS:
        raise RuleViolation(
            f"a visit of {days} days: between {SHORTEST_VISIT_DAYS} and {LONGEST_VISIT_DAYS}",
            rule="KND-3",
            field="days",
        )
    if days != usual and not reason.strip():
        raise RuleViolation(
            f"say why this visit is not the usual {usual} days (a small or a large agency)",
            rule="KND-3",
            field="days_reason",
        )


def visit_end(start: date, days: int, calendar: WorkingDayCalendar) -> date:
    """The last day of a visit of `days` working days from `start` (day 1)."""
    return calendar.add_working_days(start, days - 1)


def jdg9_concerns_recorded(found: bool, which: Sequence[str], summary: str) -> None:
    """RULES: JDG-9 — serious or widespread concerns say which practice causes them; none means none."""
    if found and not which:
        raise RuleViolation(
            f"say which: {INADEQUATE_PROTECTION}, or {WELFARE_NOT_SAFEGUARDED}",
            rule="JDG-9",
            field="concerns",
        )
    if found and not summary.strip():
        raise RuleViolation("describe the concerns (no names)", rule="JDG-9", field="summary")
    if not found and which:
        raise RuleViolation(
            "no serious or widespread concerns were found, so no practice causing them can be named",
            rule="JDG-9",
            field="concerns",
        )


def jdg9_statement(found: bool, protection: bool, welfare: bool) -> str:
    """RULES: JDG-9 — the report's clear statement of whether serious or widespread concerns were found."""
    if not found:
        return (
            "Inspectors did not identify any serious or widespread concerns in relation to the care or "
            "protection of children."
        )
    which = [
        text for text, on in ((INADEQUATE_PROTECTION, protection), (WELFARE_NOT_SAFEGUARDED, welfare)) if on
    ]
    return "Inspectors identified serious or widespread concerns as a result of " + " and ".join(which) + "."


def rpt4_complaint_due(final_sent_on: date, calendar: WorkingDayCalendar, working_days: int) -> date:
    """RULES: RPT-4 — a formal complaint within 5 working days of the issue of the final report."""
    return calendar.add_working_days(final_sent_on, working_days)
