"""Requirements not met, compliance notices and the monitoring visit's report, checked by rule (no Django).

Rules: REQ-3 (a requirement not met by its date asks for an enforcement decision), ENF-1 (a compliance
notice is met only in full), SCH-8 (the visit within 5 working days of every notice it covers: the
arithmetic is `rules.scheduling`), RPT-6 (the monitoring report's sections; publication unless a regional
director decides otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from careinspect.rules.calendar import WorkingDayCalendar, day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.scheduling import compliance_window

# RULES: RPT-6 — what a monitoring visit report sets out, in order (seed 002, Monitoring visit reports).
RPT6_SECTIONS: tuple[tuple[str, str], ...] = (
    ("reasons_purpose", "The reasons for and purpose of the visit"),
    ("developments", "Significant developments and the action the provider has taken"),
    ("progress_made", "Where progress has been made"),
    ("progress_not_made", "Where progress has not been made"),
    ("impact", "The impact of continuing concerns on children and service users"),
    ("regulator_action", "What we will do"),
    ("further_action", "Where and what further action is needed"),
    ("judgement", "Why the judgement has changed or has not"),
)


def rpt6_empty_sections(sections: Mapping[str, str]) -> list[str]:
    """The titles of the RPT-6 sections still to write."""
    return [title for key, title in RPT6_SECTIONS if not str(sections.get(key, "") or "").strip()]


def rpt6_sections_written(sections: Mapping[str, str]) -> None:
    """RULES: RPT-6 — every section of the monitoring report is written before it is checked and sent."""
    empty = rpt6_empty_sections(sections)
    if empty:
        raise RuleViolation(
            f"the monitoring report's sections still empty: {'; '.join(empty)}",
            rule="RPT-6",
            field="sections",
        )


def rpt6_withhold_reason(director: object, reason: str) -> None:
    """RULES: RPT-6 — a monitoring report is published unless a regional director decides otherwise in
    exceptional circumstances: the director and the reason are recorded."""
    if director is None:
        raise RuleViolation(
            "only a regional director can decide not to publish", rule="RPT-6", field="director"
        )
    if not reason.strip():
        raise RuleViolation(
            "give the exceptional circumstances for not publishing", rule="RPT-6", field="reason"
        )


def req3_outcome_due(compliance_date: date, calendar: WorkingDayCalendar) -> date:
    """RULES: REQ-3 — whether a requirement was met is recorded once its date has passed: due on the
    working day after the compliance date."""
    return calendar.add_working_days(compliance_date, 1)


def req3_date_has_passed(today: date, compliance_date: date) -> None:
    """RULES: REQ-3 — a requirement is met or not by its date: the outcome waits until the date passes."""
    if today <= compliance_date:
        raise RuleViolation(
            f"the requirement's compliance date is {day_text(compliance_date)}: record whether it was met "
            "once that day has passed",
            rule="REQ-3",
            field="met",
        )


class NoticeAction(StrEnum):
    """What the provider did about a compliance notice by its date, as the visit found it."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"

    @property
    def label(self) -> str:
        return NOTICE_ACTION_LABELS[self]


NOTICE_ACTION_LABELS = {
    NoticeAction.FULL: "Fully met",
    NoticeAction.PARTIAL: "Partly met: some action, not complete",
    NoticeAction.NONE: "Not met: no action",
}


def enf1_fully_met(action: str) -> bool:
    """RULES: ENF-1 — a notice is met only when it is fully met: partial action is not enough (it may be
    taken into account when the case review decides the next steps)."""
    try:
        found = NoticeAction(action)
    except ValueError:
        raise RuleViolation(
            "say whether the notice was fully met, partly met or not met", rule="ENF-1", field="action"
        ) from None
    return found is NoticeAction.FULL


def enf1_date_has_passed(today: date, compliance_date: date) -> None:
    """RULES: ENF-1 — compliance with a notice is checked once the date it sets has passed."""
    if today <= compliance_date:
        raise RuleViolation(
            f"the notice's compliance date is {day_text(compliance_date)}: whether it was met is recorded "
            "after that day",
            rule="ENF-1",
            field="action",
        )


def sch8_visit_covers(start: date, compliance_dates: Iterable[date], calendar: WorkingDayCalendar) -> None:
    """RULES: SCH-8 — the visit falls within 5 working days after the date of every notice it covers
    (working days 1 to 5 after it: `rules.scheduling.compliance_window`)."""
    for compliance_date in sorted(set(compliance_dates)):
        earliest, latest = compliance_window(compliance_date, calendar)
        if not earliest <= start <= latest:
            raise RuleViolation(
                f"a visit for the notice due {day_text(compliance_date)} falls from {day_text(earliest)} "
                f"to {day_text(latest)} (within 5 working days of its date): schedule a visit for it apart",
                rule="SCH-8",
                field="start_date",
            )
