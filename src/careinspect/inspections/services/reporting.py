"""Requirements, recommendations and the report, from the draft to publication.

Rules: REQ-1, REQ-2, RPT-1 (sections), RPT-2 (length), RPT-3 (timeline), RPT-7, CMP-1 (comments and
complaints), JDG-8 (judgements final with the final report).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from careinspect.inspections import access, signals
from careinspect.inspections.events import EventType
from careinspect.inspections.models import (
    Inspection,
    ProviderResponse,
    PublishedReport,
    Recommendation,
    Report,
    Requirement,
    ResponseKind,
)
from careinspect.inspections.services import narrative
from careinspect.inspections.services.common import (
    calendar,
    local_day,
    lock,
    move,
    record_event,
    records_named,
    require_inspector,
    require_manager,
    require_own_provider,
    require_step,
    require_transition,
    save,
)
from careinspect.inspections.services.judgements import areas
from careinspect.inspections.signals import final_report_sent
from careinspect.registry.models import InspectionKind, PastInspection
from careinspect.rules.calendar import day_text, describe_days
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import Timeline, load_framework
from careinspect.rules.grades import Grade
from careinspect.rules.identifying import find_identifying
from careinspect.rules.kinds import ReportShape
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import RPT6_SECTIONS, rpt6_sections_written
from careinspect.rules.reports import (
    LengthWarning,
    PublishedFinding,
    cmp1_comments_window_closed,
    cmp1_independent_of_the_inspection,
    cmp1_late,
    dpr2_identifies_nobody,
    dpr2_unjustified,
    rpt1_empty_sections,
    rpt1_sections_are_known,
    rpt2_length_warnings,
    rpt3_checked_by_another,
    rpt3_publication_day_reached,
)
from careinspect.rules.requirements import (
    req1_requirement_is_complete,
    req1_rests_on_more_than_one_source,
    req2_cites_a_standard,
)

REPORT_OPEN = {Status.FEEDBACK_GIVEN, Status.DRAFT_SENT, Status.COMMENTS_RECEIVED, Status.COMPLAINT}


@transaction.atomic
def add_requirement(
    inspection: Inspection,
    *,
    by: Any,
    regulation: str,
    action: str,
    impact: str,
    compliance_date: date,
    evidence_ids: list[int],
) -> Requirement:
    """RULES: REQ-1 — cites the regulation, says what must be done and by when, the impact, and rests on
    evidence from more than one source."""
    require_step(inspection, "requirements")
    require_inspector(by)
    inspection = lock(inspection)
    if inspection.status_enum not in {Status.ON_SITE, *REPORT_OPEN}:
        raise RuleViolation("requirements are made on site or in the report", rule="REQ-1", field="status")
    req1_requirement_is_complete(regulation, action, impact)
    evidence = records_named(
        inspection.evidence.all(), evidence_ids, field="evidence_ids", what="evidence record", rule="REQ-1"
    )
    req1_rests_on_more_than_one_source(e.source for e in evidence)
    requirement = Requirement(
        inspection=inspection,
        regulation=regulation.strip(),
        action=action.strip(),
        impact=impact.strip(),
        compliance_date=compliance_date,
    )
    save(requirement, by, "Requirement made")
    requirement.evidence.set(evidence)
    return requirement


@transaction.atomic
def add_recommendation(
    inspection: Inspection, *, by: Any, nms_standard: str, text: str, evidence_ids: list[int] | None = None
) -> Recommendation:
    """RULES: REQ-2 — cites the relevant national minimum standard and summarises it."""
    require_step(inspection, "recommendations")
    require_inspector(by)
    inspection = lock(inspection)
    if inspection.status_enum not in {Status.ON_SITE, *REPORT_OPEN}:
        raise RuleViolation("recommendations are made on site or in the report", rule="REQ-2", field="status")
    req2_cites_a_standard(nms_standard, text)
    evidence = records_named(
        inspection.evidence.all(), evidence_ids, field="evidence_ids", what="evidence record", rule="REQ-2"
    )
    recommendation = Recommendation(
        inspection=inspection, nms_standard=nms_standard.strip(), text=text.strip()
    )
    save(recommendation, by, "Recommendation made")
    recommendation.evidence.set(evidence)
    return recommendation


def _monitoring(inspection: Inspection | None) -> bool:
    return inspection is not None and inspection.declaration.report is ReportShape.MONITORING


def section_keys(inspection: Inspection | None = None) -> list[tuple[str, str]]:
    """RULES: RPT-1 — the sections of a SCCIF report, in order (a monitoring visit's: RPT-6)."""
    if _monitoring(inspection):
        return list(RPT6_SECTIONS)
    if narrative.is_narrative(inspection):
        assert inspection is not None
        return narrative.section_keys(inspection)  # RULES: RPT-5 — the assurance headings
    judgement_sections = [(f"judgement:{a.key}", a.name) for a in areas()]
    return [
        ("information_about_service", "Information about this adoption support agency"),
        ("last_inspection", "Date and judgement of the last inspection"),
        ("enforcement", "Enforcement action since the last inspection"),
        *judgement_sections,
        ("areas_for_improvement", "What does the adoption support agency need to do to improve?"),
        ("information_about_inspection", "Information about this inspection"),
        ("service_details", "Adoption support agency details"),
    ]


def _assembled(inspection: Inspection) -> dict[str, str]:
    """A first draft of every section from what is recorded; the inspector then edits it."""
    if _monitoring(inspection):
        # RULES: RPT-6 — the report begins with the reasons for and purpose of the visit.
        detail = getattr(inspection, "monitoring", None)
        return {
            key: (detail.purpose if key == "reasons_purpose" and detail else "") for key, _ in RPT6_SECTIONS
        }
    if narrative.is_narrative(inspection):
        return narrative.assembled(inspection)
    provider = inspection.provider
    last = provider.past_inspections.filter(kind=InspectionKind.SCCIF_FULL).first()
    judgements = {j.area: j for j in inspection.judgements.all()}
    sections = {
        "information_about_service": (
            f"{provider.name} is an adoption support agency registered on "
            f"{day_text(provider.registration_date)}."
        ),
        "last_inspection": (
            f"{day_text(last.end_date)}: {Grade(last.judgement).label}"
            if last
            else "Not previously inspected"
        ),
        "enforcement": "None.",
        "areas_for_improvement": "",
        "information_about_inspection": (
            "This inspection was carried out under the Care Standards Act 2000 to assess the effectiveness "
            "of "
            "the service, how it meets the core functions of the service as set out in legislation, and to "
            "consider how well it complies with the relevant regulations and meets the national minimum "
            "standards. We used the social care common inspection framework (SCCIF)."
        ),
        "service_details": (
            f"Unique reference number: {provider.urn}\n"
            f"Registered manager: {provider.registered_manager or '—'}"
            f"\nResponsible individual: {provider.responsible_individual or '—'}\n"
            f"Inspection dates: {describe_days(inspection.start_date, inspection.end_date)}"
        ),
    }
    for area in areas():
        judgement = judgements.get(area.key)
        sections[f"judgement:{area.key}"] = judgement.rationale if judgement else ""
    return sections


def report_for(inspection: Inspection) -> Report:
    report = Report.objects.filter(inspection=inspection).first()
    if report is None:
        report = Report(inspection=inspection, sections=_assembled(inspection))
    return report


def length_warnings(sections: dict[str, str]) -> list[LengthWarning]:
    """RULES: RPT-2 — judgement sections usually run to 5-8 short paragraphs (the rules' own check)."""
    return rpt2_length_warnings(sections)


def empty_sections(sections: dict[str, str], inspection: Inspection | None = None) -> list[str]:
    """RULES: RPT-1 — the sections still to write (the manager's check refuses them at feedback)."""
    return rpt1_empty_sections(sections, section_keys(inspection))


def writes_the_report(user: Any, inspection: Inspection) -> bool:
    """RULES: RPT-3 — the report is written by the inspection's own inspectors (its lead inspector and its
    team) and checked by its manager. Nobody else changes it: not the inspection's manager, whose check
    would then be of their own words, nor a manager independent of the inspection (CMP-1: the one who
    answers a complaint about it)."""
    pk = getattr(user, "pk", None)
    if pk is None or not (access.can_inspect(user) or access.can_manage(user)):
        return False
    return pk == inspection.lead_inspector_id or inspection.team_members.filter(inspector_id=pk).exists()


def require_report_writer(user: Any, inspection: Inspection) -> None:
    require_inspector(user)
    if not writes_the_report(user, inspection):
        raise PermissionDenied(
            "Only the inspection's lead inspector or a member of its team can change its report."
        )


def checks_the_report(user: Any, inspection: Inspection) -> bool:
    """RULES: RPT-3 — the inspection's own regulatory inspection manager checks its report, unless they
    led the inspection (then nobody may, until another manager is made its manager)."""
    pk = getattr(user, "pk", None)
    return (
        access.can_manage(user)
        and pk is not None
        and pk == inspection.manager_id
        and pk != inspection.lead_inspector_id
    )


@transaction.atomic
def edit_report(inspection: Inspection, *, by: Any, sections: dict[str, str], now: datetime) -> Report:
    require_step(inspection, "report")
    require_report_writer(by, inspection)
    inspection = lock(inspection)
    if inspection.status_enum not in REPORT_OPEN:
        raise RuleViolation(
            "the report is written after feedback and before the final report", field="status"
        )
    rpt1_sections_are_known(sections, section_keys(inspection))
    report = report_for(inspection)
    report.sections = {**report.sections, **{k: v.strip() for k, v in sections.items()}}
    report.edited_at = now
    save(report, by, "Report edited")
    return report


@transaction.atomic
def check_report(inspection: Inspection, *, by: Any, note: str = "", now: datetime) -> Report:
    """RULES: RPT-3 — the report is checked by a manager (quality assurance) before it goes out."""
    require_step(inspection, "report")
    require_manager(by, "check the report")
    inspection = lock(inspection)
    rpt3_checked_by_another(getattr(by, "pk", None), inspection.lead_inspector_id)
    if not checks_the_report(by, inspection):
        raise PermissionDenied("Only the inspection's own regulatory inspection manager checks its report.")
    if inspection.status_enum not in REPORT_OPEN:
        raise RuleViolation("there is no report to check at this stage", field="status")
    report = report_for(inspection)
    if narrative.is_narrative(inspection):
        narrative.require_concerns_recorded(inspection)
    empty = empty_sections(report.sections, inspection)
    if empty and inspection.status_enum is Status.FEEDBACK_GIVEN:
        if _monitoring(inspection):
            rpt6_sections_written(report.sections)
        raise RuleViolation(f"sections still empty: {'; '.join(empty)}", rule="RPT-1", field="sections")
    dpr2_identifies_nobody(identifying_findings(inspection, report), report.naming_reasons)
    report.checked_by = by
    report.checked_at = now
    report.check_note = note.strip()
    save(report, by, "Report checked")
    record_event(inspection, by, EventType.REPORT_CHECKED, now, note.strip())
    return report


def _registered_people(inspection: Inspection) -> set[str]:
    """The agency's registered manager and responsible individual: named on the public register, and so
    in the report's service details (RPT-1), but nowhere else in it (DPR-2)."""
    provider = inspection.provider
    return {n.strip() for n in (provider.registered_manager, provider.responsible_individual) if n.strip()}


def names_held(inspection: Inspection) -> list[str]:
    """What the regulator holds that would identify someone if published: the agency's named people and
    the case record IDs of this inspection's case list (initials and IDs belong in evidence, never in a
    published report)."""
    held = [*_registered_people(inspection), *inspection.cases.values_list("case_ref", flat=True)]
    return [name.strip() for name in held if name and name.strip()]


def published_texts(inspection: Inspection, report: Report) -> list[tuple[str, str, str]]:
    """(key, where, text) for every text of the report that leaves the regulator: its sections,
    requirements and recommendations."""
    titles = dict(section_keys(inspection))
    texts = [(key, titles.get(key, key), text) for key, text in report.sections.items() if text]
    texts += [
        ("requirements", "requirements", f"{r.action}\n{r.impact}") for r in inspection.requirements.all()
    ]
    texts += [("recommendations", "recommendations", r.text) for r in inspection.recommendations.all()]
    return texts


def _public_names(inspection: Inspection) -> list[str]:
    """Names of organisations, not people, that a report uses: the agency and its local authorities."""
    provider = inspection.provider
    names = [provider.name]
    if provider.local_authority is not None:
        names.append(provider.local_authority.name)
    names += list(provider.member_las.values_list("name", flat=True))
    return [n for n in names if n]


def _without(text: str, names: list[str]) -> str:
    """The text with the organisations' names blanked out (same length, so positions stay true)."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    return text


def identifying_findings(inspection: Inspection, report: Report | None = None) -> list[PublishedFinding]:
    """RULES: DPR-2 — what in the report may identify someone (the one check, `rules.identifying`)."""
    current = report or report_for(inspection)
    held = names_held(inspection)
    registered = _registered_people(inspection)
    public = _public_names(inspection)
    found: dict[str, PublishedFinding] = {}
    for key, where, text in published_texts(inspection, current):
        for finding in find_identifying(_without(text, public), known_names=held):
            if key == "service_details" and finding.text in registered:
                continue  # the public register's names, where RPT-1 puts them
            found.setdefault(finding.text, PublishedFinding(where, finding.text, finding.why))
    return list(found.values())


def open_findings(inspection: Inspection, report: Report | None = None) -> list[PublishedFinding]:
    """The findings still to change or justify (DPR-2)."""
    current = report or report_for(inspection)
    return dpr2_unjustified(identifying_findings(inspection, current), current.naming_reasons)


@transaction.atomic
def keep_passage(inspection: Inspection, *, by: Any, passage: str, reason: str, now: datetime) -> Report:
    """RULES: DPR-2 — a passage the check flags stays only with a recorded reason (who, when, why); the
    manager sees it when checking the report. An empty reason takes a recorded reason back. Only those who
    write the report record a reason (RPT-3)."""
    require_step(inspection, "report")
    require_report_writer(by, inspection)
    inspection = lock(inspection)
    if inspection.status_enum not in REPORT_OPEN:
        raise RuleViolation(
            "the report is changed after feedback and before the final report", field="status"
        )
    report = report_for(inspection)
    flagged = {f.text for f in identifying_findings(inspection, report)}
    if passage not in flagged:
        raise RuleViolation(f"“{passage}” is not flagged in this report", rule="DPR-2", field="passage")
    reasons = dict(report.naming_reasons)
    if reason.strip():
        reasons[passage] = reason.strip()
    else:
        reasons.pop(passage, None)
    report.naming_reasons = reasons
    # A recorded reason changes what goes out: the manager checks the report again.
    report.edited_at = now
    save(report, by, "Reason recorded for a passage that may identify someone")
    return report


def _require_checked(inspection: Inspection, what: str) -> Report:
    report = Report.objects.filter(inspection=inspection).first()
    if report is None or not report.checked_since_edit:
        raise RuleViolation(
            f"a manager must check the report since its last edit before the {what} is sent",
            rule="RPT-3",
            field="report",
        )
    return report


def _timeline(inspection: Inspection) -> Timeline:
    """RULES: RPT-3 — the working-day windows come from the framework data (CMP-1 too), not from here."""
    timeline = load_framework(inspection.framework_name).timeline
    assert timeline is not None  # kinds with a report have one (checked when the framework is loaded)
    return timeline


@transaction.atomic
def send_draft(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    """RULES: RPT-3 — draft within 18 WD; the provider then has 5 WD to answer (CMP-1 (3))."""
    require_step(inspection, "send_draft")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    require_transition(inspection, "send_draft")
    checked = _require_checked(inspection, "draft")
    if _monitoring(inspection):
        rpt6_sections_written(checked.sections)
    inspection.draft_sent_on = today
    inspection.comments_due = calendar().add_working_days(
        today, _timeline(inspection).provider_comments_after_draft
    )
    move(
        inspection,
        "send_draft",
        by,
        now,
        f"Comments or a formal complaint due by {day_text(inspection.comments_due)}",
    )
    _tell_the_agency(inspection, by, now, "draft")
    return inspection


@transaction.atomic
def respond_to_draft(
    inspection: Inspection, *, by: Any, kind: str, text: str, now: datetime
) -> ProviderResponse:
    """RULES: CMP-1 (4) — the provider's minor points or formal complaint, within 5 WD of the draft."""
    require_step(inspection, "respond_to_draft")
    require_own_provider(by, inspection)
    today = local_day(now)
    inspection = lock(inspection)
    if kind not in ResponseKind.values:
        raise RuleViolation("choose minor points or a formal complaint", rule="CMP-1", field="kind")
    if inspection.status_enum is not Status.DRAFT_SENT:
        raise RuleViolation("the draft report is not awaiting comments", rule="CMP-1", field="status")
    if not text.strip():
        raise RuleViolation("write your comments or complaint", rule="CMP-1", field="text")
    late = cmp1_late(today, inspection.comments_due)
    response = ProviderResponse(
        inspection=inspection, kind=kind, text=text.strip(), submitted_by=by, submitted_at=now, late=late
    )
    save(response, by, f"{ResponseKind(kind).label} received")
    if kind == ResponseKind.COMPLAINT:
        move(inspection, "receive_complaint", by, now, "Answered before the report is finalised (CMP-1)")
    else:
        move(inspection, "receive_comments", by, now, "Late" if late else "")
    return response


@transaction.atomic
def answer_complaint(response: ProviderResponse, *, by: Any, answer: str, now: datetime) -> ProviderResponse:
    """RULES: CMP-1 — (2) and (5b): a manager independent of the inspection answers before it is final."""
    require_step(response.inspection, "answer_complaint")
    require_manager(by, "answer a complaint")
    inspection = lock(response.inspection)
    if response.kind != ResponseKind.COMPLAINT or inspection.status_enum is not Status.COMPLAINT:
        raise RuleViolation("there is no open complaint to answer", rule="CMP-1", field="answer")
    cmp1_independent_of_the_inspection(
        getattr(by, "pk", None), inspection.lead_inspector_id, inspection.manager_id
    )
    if not answer.strip():
        raise RuleViolation("write the answer to the complaint", rule="CMP-1", field="answer")
    response.answer = answer.strip()
    response.answered_by = by
    response.answered_at = now
    save(response, by, "Complaint answered")
    move(inspection, "answer_complaint", by, now, answer.strip())
    return response


@transaction.atomic
def send_final(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    """RULES: RPT-3 — after the comments or their window (CMP-1 (6)) and a manager's check; the judgements
    become final."""
    require_step(inspection, "send_final")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    require_transition(inspection, "send_final")
    if inspection.status_enum is Status.DRAFT_SENT:
        cmp1_comments_window_closed(today, inspection.comments_due)
    _require_checked(inspection, "final report")
    inspection.final_sent_on = today
    timeline = _timeline(inspection)
    if timeline.publication_after_final is not None:
        # RULES: RPT-3 — "published 5 working days after it is sent to the provider".
        inspection.publication_due = calendar().add_working_days(today, timeline.publication_after_final)
    inspection.judgements.update(provisional=False)
    due = inspection.publication_due
    move(inspection, "send_final", by, now, f"Publication on {day_text(due)}" if due else "")
    _tell_the_agency(inspection, by, now, "final")
    final_report_sent.send(sender=Inspection, inspection=inspection, by=by, now=now)
    return inspection


def published_content(inspection: Inspection) -> dict[str, Any]:
    report = report_for(inspection)
    if narrative.is_narrative(inspection):
        return narrative.published_content(inspection, report.sections)  # RULES: RPT-5 — no grade
    judgements = {j.area: j.grade for j in inspection.judgements.all()}
    return {
        "sections": [
            {
                "key": key,
                "title": title,
                "text": report.sections.get(key, ""),
                "grade": judgements.get(key.split(":")[-1], ""),
            }
            for key, title in section_keys(inspection)
        ],
        "requirements": [
            {"regulation": r.regulation, "action": r.action, "compliance_date": r.compliance_date.isoformat()}
            for r in inspection.requirements.all()
        ],
        "recommendations": [
            {"nms_standard": r.nms_standard, "text": r.text} for r in inspection.recommendations.all()
        ],
        "inspection_dates": [inspection.start_date.isoformat(), inspection.end_date.isoformat()],
    }


@transaction.atomic
def publish(inspection: Inspection, *, by: Any, now: datetime) -> PublishedReport:
    """RULES: RPT-3 — a manager publishes, 5 WD after the final report; what is published is frozen."""
    require_step(inspection, "publish")
    require_manager(by, "publish a report")
    today = local_day(now)
    inspection = lock(inspection)
    require_transition(inspection, "publish")
    if inspection.status_enum is Status.FINAL_SENT:
        rpt3_publication_day_reached(today, inspection.publication_due)
    checked = _require_checked(inspection, "report")
    dpr2_identifies_nobody(identifying_findings(inspection, checked), checked.naming_reasons)
    graded = inspection.declaration.graded
    if (
        graded
        and PastInspection.objects.filter(
            provider=inspection.provider, end_date=inspection.end_date, kind=InspectionKind.SCCIF_FULL
        ).exists()
    ):
        raise RuleViolation(
            f"a full inspection of this agency ending {day_text(inspection.end_date)} is already on record",
            rule="RPT-3",
            field="published_on",
        )
    # A monitoring visit makes no graded judgement (KND-4): its report is published with no grade.
    overall = inspection.judgements.get(area="overall_experiences_progress") if graded else None
    published = PublishedReport.objects.create(
        inspection=inspection,
        provider_name=inspection.provider.name,
        urn=inspection.provider.urn,
        published_on=today,
        overall_grade=overall.grade if overall else "",
        content=published_content(inspection),
    )
    # Other apps publish what goes beside the report, or refuse (RPT-5: the child-friendly summary).
    signals.report_published.send(
        sender=Inspection, inspection=inspection, published=published, by=by, now=now
    )
    inspection.published_on = today
    move(inspection, "publish", by, now, "Published on the reports page")
    if overall is not None:
        # The due list counts the next cycle from this inspection (SCH-1..3); a monitoring visit does not
        # start one.
        past = PastInspection(
            provider=inspection.provider,
            end_date=inspection.end_date,
            kind=InspectionKind.SCCIF_FULL,
            judgement=overall.grade,
            is_demo=inspection.is_demo,
        )
        save(past, by, "Inspection published")
    _tell_the_agency(inspection, by, now, "published")
    return published


def _tell_the_agency(inspection: Inspection, by: Any, now: datetime, which: str) -> None:
    """RULES: RPT-3 — the agency is emailed the draft, the final report and the publication (issue 12)."""
    from careinspect.messaging import inspection_mail

    inspection_mail.send_report_sent(inspection, by=by, now=now, which=which, rule="RPT-3")


def can_see_report_draft(user: Any, inspection: Inspection) -> bool:
    return access.is_regulator(user) or access.provider_may_see_draft(inspection)
