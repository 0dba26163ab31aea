"""The narrative report of an assurance visit (ReportShape.NARRATIVE): RPT-5, JDG-9.

A concise narrative under the framework's assurance headings, no grade anywhere, a clear statement of
whether serious or widespread concerns were found (and which), requirements and recommendations. The
report machinery (`reporting`) asks here for the sections, the first draft and the published content when
the inspection's kind declares this shape; the rest (editing, the manager's check, the DPR-2 check, the
draft, comments, final and publication) is shared with the other kinds.
"""

from __future__ import annotations

from typing import Any

from careinspect.inspections.models import AssuranceDetail, Inspection
from careinspect.rules.assurance import jdg9_statement
from careinspect.rules.calendar import day_text, describe_days
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.kinds import ReportShape


def is_narrative(inspection: Inspection | None) -> bool:
    return inspection is not None and inspection.declaration.report is ReportShape.NARRATIVE


def section_keys(inspection: Inspection) -> list[tuple[str, str]]:
    """RULES: RPT-5 — the assurance headings of the framework, then the visit's facts."""
    headings = [(h.key, h.title) for h in load_framework(inspection.framework_name).headings]
    return [
        *headings,
        ("information_about_inspection", "Information about this assurance visit"),
        ("service_details", "Independent fostering agency details"),
    ]


def assembled(inspection: Inspection) -> dict[str, str]:
    """A first draft from what is recorded: the headings are the inspector's to write."""
    provider = inspection.provider
    sections = {key: "" for key, _title in section_keys(inspection)}
    sections["information_about_inspection"] = (
        "This assurance visit was carried out under the Care Standards Act 2000. It looked at whether "
        "children are well cared for, whether they are safe, and whether leaders and managers are "
        "exercising strong leadership. Assurance visits make no graded judgement."
    )
    sections["service_details"] = (
        f"Unique reference number: {provider.urn}\n"
        f"Registered manager: {provider.registered_manager or '—'}\n"
        f"Responsible individual: {provider.responsible_individual or '—'}\n"
        f"Visit dates: {describe_days(inspection.start_date, inspection.end_date)}"
    )
    return sections


def concerns_found(inspection: Inspection) -> bool | None:
    detail = AssuranceDetail.objects.filter(inspection=inspection).first()
    return None if detail is None else detail.serious_concerns


def require_concerns_recorded(inspection: Inspection) -> None:
    """RULES: JDG-9 — the report cannot go out until it can say whether serious concerns were found."""
    if concerns_found(inspection) is None:
        raise RuleViolation(
            "record whether serious or widespread concerns were found before the report is checked",
            rule="JDG-9",
            field="serious_concerns",
        )


def concerns_content(inspection: Inspection) -> dict[str, Any]:
    """RULES: JDG-9 — the statement, from the visit's recorded finding (never typed into the report)."""
    found = bool(concerns_found(inspection))
    finding = getattr(inspection, "concerns_finding", None)  # the assurance app's record of which
    protection = bool(finding and finding.inadequate_protection)
    welfare = bool(finding and finding.welfare_not_safeguarded)
    return {
        "found": found,
        "inadequate_protection": protection,
        "welfare_not_safeguarded": welfare,
        "statement": jdg9_statement(found, protection, welfare),
    }


def published_content(inspection: Inspection, sections: dict[str, str]) -> dict[str, Any]:
    """RULES: RPT-5 — what the public read: headings, the concerns statement, requirements and
    recommendations, and no grade (the sections carry no grade key at all)."""
    return {
        "shape": ReportShape.NARRATIVE.value,
        "sections": [
            {"key": key, "title": title, "text": sections.get(key, "")}
            for key, title in section_keys(inspection)
        ],
        "serious_concerns": concerns_content(inspection),
        "requirements": [
            {"regulation": r.regulation, "action": r.action, "compliance_date": r.compliance_date.isoformat()}
            for r in inspection.requirements.all()
        ],
        "recommendations": [
            {"nms_standard": r.nms_standard, "text": r.text} for r in inspection.recommendations.all()
        ],
        "inspection_dates": [inspection.start_date.isoformat(), inspection.end_date.isoformat()],
        "visit_dates": describe_days(inspection.start_date, inspection.end_date),
        "published_note": f"Assurance visit ending {day_text(inspection.end_date)}",
    }
