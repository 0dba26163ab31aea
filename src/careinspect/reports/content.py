"""A report's content (the shape of `reporting.published_content`) made ready to show on a page or a PDF.

RULES: RPT-1 — sections in the SCCIF report's order, each judgement with its grade; areas for improvement
as requirements (regulation, action, compliance date) and recommendations (NMS standard). DPR-2 — the
public pages show only this content, the frozen copy, never the live inspection records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from careinspect.inspections.services.reporting import section_keys
from careinspect.rules.grades import Grade

# GOV.UK tag colours for the four grades (JDG-1).
GRADE_TAG_CLASSES = {
    Grade.OUTSTANDING: "govuk-tag--green",
    Grade.GOOD: "govuk-tag--blue",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
}


@dataclass(frozen=True)
class GradeView:
    value: str
    label: str
    tag_class: str


def grade_view(value: str) -> GradeView | None:
    try:
        grade = Grade(value)
    except ValueError:
        return None
    return GradeView(grade.value, grade.label, GRADE_TAG_CLASSES[grade])


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    paragraphs: list[str]
    grade: GradeView | None

    @property
    def is_judgement(self) -> bool:
        return self.key.startswith("judgement:")


@dataclass(frozen=True)
class RequirementView:
    regulation: str
    action: str
    compliance_date: date | None


@dataclass(frozen=True)
class RecommendationView:
    nms_standard: str
    text: str


@dataclass(frozen=True)
class ReportView:
    sections: list[SectionView]
    requirements: list[RequirementView]
    recommendations: list[RecommendationView]
    start_date: date | None
    end_date: date | None
    # RULES: RPT-5 — an assurance visit's narrative report: no grade, and its JDG-9 statement.
    shape: str = ""
    concerns_statement: str = ""

    @property
    def narrative(self) -> bool:
        return self.shape == "narrative"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in str(text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def report_view(content: dict[str, Any]) -> ReportView:
    """The content in RPT-1 order; a section the catalogue no longer knows keeps its place at the end."""
    order = {key: i for i, (key, _title) in enumerate(section_keys())}
    indexed = sorted(
        enumerate(content.get("sections", [])),
        key=lambda pair: (order.get(pair[1].get("key", ""), len(order)), pair[0]),
    )
    stored = [section for _position, section in indexed]
    sections = [
        SectionView(
            key=s.get("key", ""),
            title=s.get("title", ""),
            paragraphs=_paragraphs(s.get("text", "")),
            grade=grade_view(s.get("grade", ""))
            if str(s.get("key", "")).startswith("judgement:") and content.get("shape") != "narrative"
            else None,
        )
        for s in stored
    ]
    dates = [*content.get("inspection_dates", []), None, None]
    return ReportView(
        sections=sections,
        requirements=[
            RequirementView(r.get("regulation", ""), r.get("action", ""), _date(r.get("compliance_date")))
            for r in content.get("requirements", [])
        ],
        recommendations=[
            RecommendationView(r.get("nms_standard", ""), r.get("text", ""))
            for r in content.get("recommendations", [])
        ],
        start_date=_date(dates[0]) if dates[0] else None,
        end_date=_date(dates[1]) if dates[1] else None,
        shape=str(content.get("shape", "")),
        concerns_statement=str((content.get("serious_concerns") or {}).get("statement", "")),
    )
