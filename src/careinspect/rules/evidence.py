"""The evidence an inspector records, checked by rule (no Django): each function is named by its rule.

The inspection services call these; the guidance's words decide the messages.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.identifying import Finding, find_identifying

# RULES: EVD-4 — "scanned into the record within 5 working days of the end of the on-site visit".
SCAN_WORKING_DAYS = 5


def evd1_source_is_stated(source: str, sources: Collection[str]) -> None:
    """RULES: EVD-1 — each record states its source: observation, written record, interview, call, …"""
    if source not in sources:
        raise RuleViolation(
            f"{source!r} is not a source; use one of {', '.join(sources)}", rule="EVD-1", field="source"
        )


def evd1_interview_is_described(interview_at: datetime | None, interviewee_role: str) -> None:
    """RULES: EVD-1 — an interview gives its time and the interviewee's job or relationship to the child."""
    if interview_at is None:
        raise RuleViolation("give the time of the interview", rule="EVD-1", field="interview_at")
    if not interviewee_role.strip():
        raise RuleViolation(
            "give the interviewee's job title or relationship to the child",
            rule="EVD-1",
            field="interviewee_role",
        )


def evd6_evidence_is_written(text: str) -> None:
    """RULES: EVD-6 — clear, evaluative and sufficient to support the judgement."""
    if not text.strip():
        raise RuleViolation(
            "write what was found: clear and evaluative, enough to support the judgement",
            rule="EVD-6",
            field="text",
        )


def evd5_concern_has_its_action(provider_concern: bool, action_taken: str) -> None:
    """RULES: EVD-5 — a concern the provider raises is recorded with the action taken."""
    if provider_concern and not action_taken.strip():
        raise RuleViolation(
            "record the action taken on the provider's concern", rule="EVD-5", field="action_taken"
        )


def evd2_names(texts: Iterable[str], known_names: Iterable[str]) -> list[Finding]:
    """EVD-2: what in the texts identifies someone (names the regulator holds for the inspection, anything
    shaped like a full name, addresses, ages with names, dates of birth): the one check,
    `rules.identifying`, shared with the datasets and with everything published (DPR-2)."""
    known = [name for name in known_names if name and name.strip()]
    findings: list[Finding] = []
    seen: set[str] = set()
    for text in texts:
        for finding in find_identifying(text, known_names=known):
            if finding.text not in seen:
                seen.add(finding.text)
                findings.append(finding)
    return findings


def evd2_identifies_nobody(findings: list[Finding], justification: str, *, field: str = "text") -> None:
    """EVD-2: initials or the case record ID only, unless naming is necessary to protect a child or
    support further action: then the reason is recorded."""
    if findings and not justification.strip():
        listed = "; ".join(f"“{f.text}” {f.why}" for f in findings)
        raise RuleViolation(
            f"use initials or the case record ID instead of names ({listed}), or say why naming is necessary "
            "to protect a child or support further action",
            rule="EVD-2",
            field=field,
        )


def evd4_scan_due(last_on_site_day: date, calendar: WorkingDayCalendar) -> date:
    """RULES: EVD-4 — the day by which handwritten notes are scanned into the record."""
    return calendar.add_working_days(last_on_site_day, SCAN_WORKING_DAYS)


def evd4_scan_is_late(scanned_on: date, due: date | None) -> bool:
    """RULES: EVD-4 — a scan after its due day is recorded as late."""
    return due is not None and scanned_on > due
