"""The report and what happens to it, checked by rule (no Django). Each function is named by its rule."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from careinspect.rules.calendar import day_text
from careinspect.rules.errors import RuleViolation

# RULES: RPT-2 — "usually 5 to 8 short paragraphs of 2 or 3 sentences".
MAX_PARAGRAPHS = 8
MAX_SENTENCES_PER_PARAGRAPH = 3
# Sections that may stay empty: "enforcement action since the last inspection (registered providers)".
MAY_BE_EMPTY = frozenset({"enforcement"})


@dataclass(frozen=True)
class LengthWarning:
    section: str
    message: str


def rpt2_length_warnings(sections: Mapping[str, str]) -> list[LengthWarning]:
    """RULES: RPT-2 — judgement sections usually run to 5-8 short paragraphs of 2 or 3 sentences."""
    warnings = []
    for key, text in sections.items():
        if not key.startswith("judgement:"):
            continue
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        long = [
            i + 1
            for i, p in enumerate(paragraphs)
            if len(re.findall(r"[.!?](\s|$)", p)) > MAX_SENTENCES_PER_PARAGRAPH
        ]
        if len(paragraphs) > MAX_PARAGRAPHS:
            warnings.append(
                LengthWarning(
                    key, f"{len(paragraphs)} paragraphs; a judgement section is usually 5 to 8 (RPT-2)"
                )
            )
        if long:
            warnings.append(
                LengthWarning(
                    key,
                    f"paragraph(s) {', '.join(map(str, long))} have more than 3 sentences; "
                    "keep them short (RPT-2)",
                )
            )
    return warnings


def rpt1_empty_sections(sections: Mapping[str, str], titles: Sequence[tuple[str, str]]) -> list[str]:
    """RULES: RPT-1 — the titles of the report's sections still to write."""
    return [title for key, title in titles if key not in MAY_BE_EMPTY and not sections.get(key, "").strip()]


def rpt1_sections_are_known(sections: Mapping[str, str], titles: Sequence[tuple[str, str]]) -> None:
    """RULES: RPT-1 — only the report's own sections."""
    known = {key for key, _ in titles}
    unknown = [k for k in sections if k not in known]
    if unknown:
        raise RuleViolation(
            f"{', '.join(unknown)} is not a section of the report", rule="RPT-1", field="sections"
        )


def rpt3_checked_by_another(checker: object, lead_inspector: object) -> None:
    """RULES: RPT-3 — the report is checked by a manager, never the lead inspector of their own report."""
    if checker == lead_inspector:
        raise RuleViolation(
            "the lead inspector cannot check their own report", rule="RPT-3", field="checked_by"
        )


def rpt3_publication_day_reached(today: date, publication_due: date | None) -> None:
    """RULES: RPT-3 — the report is published 5 working days after the final report, not before."""
    if publication_due is not None and today < publication_due:
        raise RuleViolation(
            f"the report is published 5 working days after the final report: on {day_text(publication_due)}",
            rule="RPT-3",
            field="published_on",
        )


def cmp1_comments_window_closed(today: date, comments_due: date | None) -> None:
    """RULES: CMP-1 — (4) the provider has 5 WD to comment on the draft; the final report waits for them."""
    if comments_due is not None and today <= comments_due:
        raise RuleViolation(
            f"the provider has until {day_text(comments_due)} to comment on the draft",
            rule="CMP-1",
            field="status",
        )


def cmp1_late(today: date, comments_due: date | None) -> bool:
    """RULES: CMP-1 — (4) comments after their 5 WD are marked late."""
    return comments_due is not None and today > comments_due


def cmp1_independent_of_the_inspection(answerer: object, lead_inspector: object, manager: object) -> None:
    """RULES: CMP-1 — (2) a complaint is handled by a manager independent of the inspection."""
    if answerer in (lead_inspector, manager):
        raise RuleViolation(
            "a complaint is handled by a regulatory inspection manager independent of the inspection",
            rule="CMP-1",
            field="answered_by",
        )


@dataclass(frozen=True)
class PublishedFinding:
    """Something in a text that leaves the regulator that may identify a person: where and why."""

    where: str  # the section or item's title
    text: str
    why: str


def dpr2_unjustified(
    findings: Sequence[PublishedFinding], reasons: Mapping[str, str]
) -> list[PublishedFinding]:
    """The findings with no recorded reason: each must be changed or justified before the text leaves."""
    return [f for f in findings if not reasons.get(f.text, "").strip()]


def dpr2_identifies_nobody(findings: Sequence[PublishedFinding], reasons: Mapping[str, str]) -> None:
    """RULES: DPR-2 — nothing published identifies an individual: every name, address, age with a name or
    date of birth found (by the one check, `rules.identifying`) is changed, or kept with a recorded reason."""
    open_findings = dpr2_unjustified(findings, reasons)
    if open_findings:
        listed = "; ".join(f"“{f.text}” in {f.where} ({f.why})" for f in open_findings)
        raise RuleViolation(
            f"the report may identify someone: {listed}. Change the text, or record why it can stay",
            rule="DPR-2",
            field="sections",
        )
