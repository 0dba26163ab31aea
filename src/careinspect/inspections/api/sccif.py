"""The SCCIF full inspection's own records (KND-1): cases, evidence, judgements and the facts about the
manager, requirements and recommendations, the report, the agency's response and publication. Evidence and
the inspector's working records answer 404 to provider users (DPR-3)."""

from __future__ import annotations

from types import ModuleType

from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Query, Router, UploadedFile
from ninja import Status as HttpStatus

from careinspect.core.uploads import read_within_limit
from careinspect.inspections import access
from careinspect.inspections import schemas as s
from careinspect.inspections.api.common import (
    PAGED,
    TOTAL_COUNT_HEADER,
    _child,
    _fresh,
    _inspection,
    _is_provider,
    _name,
    _now,
    _page,
    _regulator_only,
)
from careinspect.inspections.models import (
    Case,
    Evidence,
    Inspection,
    Judgement,
    ManagementFacts,
    ProviderResponse,
    Recommendation,
    Report,
    Requirement,
)
from careinspect.inspections.services import judgements as judgement_services
from careinspect.inspections.services import lifecycle, reporting
from careinspect.rules.judgements import Finding

router = Router()


def _evidence_services() -> ModuleType:
    """The evidence services, imported on first use: they load the datasets package, which the rest of
    the API (and every page, through the URLconf) should not need in order to start."""
    from careinspect.inspections.services import evidence

    return evidence


def _require_draft_visible(request: HttpRequest, inspection: Inspection) -> None:
    """RULES: DPR-3 — a provider sees the draft report and its requirements once the draft is sent."""
    if _is_provider(request) and not access.provider_may_see_draft(inspection):
        raise Http404("Not found")


def _findings(findings: tuple[Finding, ...]) -> list[s.FindingOut]:
    return [
        s.FindingOut(rule=f.rule, message=f.message, severity=f.severity, judgement=f.judgement)
        for f in findings
    ]


def _case_out(case: Case, *, for_provider: bool) -> s.CaseOut:
    return s.CaseOut(
        id=case.pk,
        case_ref=case.case_ref,
        service_user_type=case.service_user_type,
        service_type=case.service_type,
        la_code=case.la_code,
        household_ref=case.household_ref,
        start_date=case.start_date,
        end_date=case.end_date,
        selection=None if for_provider else case.selection,
        line_of_enquiry=None if for_provider else case.line_of_enquiry,
    )


def _evidence_out(e: Evidence) -> s.EvidenceOut:
    return s.EvidenceOut(
        id=e.pk,
        source=e.source,
        text=e.text,
        interview_at=e.interview_at,
        interviewee_role=e.interviewee_role,
        quote=e.quote,
        judgement_areas=list(e.judgement_areas),
        case_ids=sorted(c.pk for c in e.cases.all()),
        provider_concern=e.provider_concern,
        action_taken=e.action_taken,
        handwritten=e.handwritten,
        scanned_on=e.scanned_on,
        has_scan=bool(e.scan),
    )


def _judgement_out(j: Judgement) -> s.JudgementOut:
    return s.JudgementOut(
        id=j.pk,
        area=j.area,
        grade=j.grade,
        rationale=j.rationale,
        justification=j.justification,
        provisional=j.provisional,
        evidence_ids=sorted(e.pk for e in j.evidence.all()),
    )


def _requirement_out(r: Requirement, *, for_provider: bool) -> s.RequirementOut:
    return s.RequirementOut(
        id=r.pk,
        regulation=r.regulation,
        action=r.action,
        impact=r.impact,
        compliance_date=r.compliance_date,
        evidence_ids=None if for_provider else sorted(e.pk for e in r.evidence.all()),
    )


def _recommendation_out(r: Recommendation, *, for_provider: bool) -> s.RecommendationOut:
    return s.RecommendationOut(
        id=r.pk,
        nms_standard=r.nms_standard,
        text=r.text,
        evidence_ids=None if for_provider else sorted(e.pk for e in r.evidence.all()),
    )


def _response_out(r: ProviderResponse) -> s.ResponseOut:
    return s.ResponseOut(
        id=r.pk,
        kind=r.kind,
        text=r.text,
        late=r.late,
        submitted_at=r.submitted_at,
        answer=r.answer,
        answered_at=r.answered_at,
    )


def _report_out(inspection: Inspection, report: Report, *, for_provider: bool) -> s.ReportOut:
    judgements = {j.area: j for j in inspection.judgements.prefetch_related("evidence")}
    sections = []
    for key, title in reporting.section_keys(inspection):
        evidence_ids: list[int] | None = None
        if not for_provider:
            judgement = (
                judgements.get(key.removeprefix("judgement:")) if key.startswith("judgement:") else None
            )
            evidence_ids = sorted(e.pk for e in judgement.evidence.all()) if judgement else []
        sections.append(
            s.SectionOut(key=key, title=title, text=report.sections.get(key, ""), evidence_ids=evidence_ids)
        )
    return s.ReportOut(
        inspection_id=inspection.pk,
        sections=sections,
        checked=report.checked_since_edit,
        checked_at=report.checked_at,
        length_warnings=[
            s.LengthWarningOut(section=w.section, message=w.message)
            for w in reporting.length_warnings(report.sections)
        ],
        responses=[_response_out(r) for r in inspection.responses.all()],
        identifying=None if for_provider else _identifying_out(inspection, report),
    )


def _identifying_out(inspection: Inspection, report: Report) -> list[s.IdentifyingOut]:
    """RULES: DPR-2 — what the manager's check and publication will refuse until it is changed or kept with
    a reason: each flagged passage with the reason recorded for it, if any. The regulator's only (DPR-3)."""
    reasons = report.naming_reasons or {}
    return [
        s.IdentifyingOut(
            where=f.where, text=f.text, why=f.why, kept_because=(reasons.get(f.text) or "").strip() or None
        )
        for f in reporting.identifying_findings(inspection, report)
    ]


# --- Cases ---------------------------------------------------------------------------------------------


@router.get(
    "/{int:inspection_id}/cases",
    response=list[s.CaseOut],
    summary="The cases on the agency's case list (or an assurance visit's foster carer register), a page "
    "at a time",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def cases(
    request: HttpRequest, response: HttpResponse, inspection_id: int, page: Query[s.Page]
) -> list[s.CaseOut]:
    inspection = _inspection(request, inspection_id, "choose_cases")
    for_provider = _is_provider(request)
    found = _page(response, inspection.cases.order_by("case_ref", "pk"), page)
    return [_case_out(c, for_provider=for_provider) for c in found]


@router.post(
    "/{int:inspection_id}/case-list",
    response={201: s.CaseListOut, 422: s.ErrorOut},
    summary="Upload the agency's case list (CSV or XLSX)",
    description="A list with errors answers 422 with each row's error under `errors`; a list longer than "
    "the policy's row limit (INF-2) is refused before it is read. Nothing of a refused list is stored.",
)
def upload_case_list(
    request: HttpRequest, inspection_id: int, file: File[UploadedFile]
) -> HttpStatus[s.CaseListOut]:
    inspection = _inspection(request, inspection_id)
    # The agency sends its own list (INF-2) or an inspector uploads it; the service checks which.
    case_list = _evidence_services().receive_case_list(
        inspection,
        by=request.user,
        filename=file.name or "case-list",
        data=read_within_limit(file),
        now=_now(),
    )
    inspection.refresh_from_db()
    return HttpStatus(
        201,
        s.CaseListOut(
            id=case_list.pk,
            original_name=case_list.original_name,
            rows=case_list.rows,
            tracked_needed=lifecycle.tracked_cases_needed(inspection),
        ),
    )


@router.patch("/cases/{int:case_id}", response=s.CaseOut, summary="Track or sample a case (CAS-1, CAS-3)")
def choose_case(request: HttpRequest, case_id: int, payload: s.CasePatch) -> s.CaseOut:
    case, _ = _child(request, Case, case_id)
    chosen = _evidence_services().choose_case(
        case, by=request.user, selection=payload.selection, line_of_enquiry=payload.line_of_enquiry
    )
    return _case_out(chosen, for_provider=False)


# --- Evidence (never to a provider user: DPR-3) ---------------------------------------------------------


@router.get(
    "/{int:inspection_id}/evidence",
    response=list[s.EvidenceOut],
    summary="Evidence records (regulator), a page at a time",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def list_evidence(
    request: HttpRequest, response: HttpResponse, inspection_id: int, page: Query[s.Page]
) -> list[s.EvidenceOut]:
    _regulator_only(request)
    inspection = _inspection(request, inspection_id, "evidence")
    found = inspection.evidence.prefetch_related("cases").order_by("recorded_at", "pk")
    return [_evidence_out(e) for e in _page(response, found, page)]


@router.post("/{int:inspection_id}/evidence", response={201: s.EvidenceOut}, summary="Record evidence")
def add_evidence(
    request: HttpRequest, inspection_id: int, payload: s.EvidenceIn
) -> HttpStatus[s.EvidenceOut]:
    _regulator_only(request)
    inspection = _inspection(request, inspection_id)
    evidence = _evidence_services().record_evidence(
        inspection, by=request.user, now=_now(), **payload.model_dump()
    )
    return HttpStatus(201, _evidence_out(evidence))


@router.post("/evidence/{int:evidence_id}/scan", response=s.EvidenceOut, summary="Attach the scan (EVD-4)")
def attach_scan(request: HttpRequest, evidence_id: int, file: File[UploadedFile]) -> s.EvidenceOut:
    _regulator_only(request)
    evidence, _ = _child(request, Evidence, evidence_id)
    scanned = _evidence_services().attach_scan(
        evidence, by=request.user, filename=file.name or "scan", data=read_within_limit(file), now=_now()
    )
    return _evidence_out(scanned)


# --- Judgements (regulator: they cite evidence) -----------------------------------------------------------


@router.get(
    "/{int:inspection_id}/judgements", response=s.JudgementsOut, summary="Judgements and the rules' check"
)
def judgements(request: HttpRequest, inspection_id: int) -> s.JudgementsOut:
    _regulator_only(request)
    inspection = _inspection(request, inspection_id, "judgements")
    check = judgement_services.check_for(inspection)
    return s.JudgementsOut(
        judgements=[
            _judgement_out(j) for j in inspection.judgements.prefetch_related("evidence").order_by("pk")
        ],
        errors=_findings(check.errors) if check else None,
        warnings=_findings(check.warnings) if check else None,
    )


@router.put(
    "/{int:inspection_id}/judgements/{area}", response=s.JudgementRecordedOut, summary="Record a judgement"
)
def record_judgement(
    request: HttpRequest, inspection_id: int, area: str, payload: s.JudgementIn
) -> s.JudgementRecordedOut:
    _regulator_only(request)
    inspection = _inspection(request, inspection_id)
    judgement, check = judgement_services.record_judgement(
        inspection,
        by=request.user,
        area=area,
        grade=payload.grade,
        rationale=payload.rationale,
        evidence_ids=payload.evidence_ids,
        justification=payload.justification,
        now=_now(),
    )
    return s.JudgementRecordedOut(
        judgement=_judgement_out(judgement), warnings=_findings(check.warnings) if check else []
    )


@router.post(
    "/judgements/{int:judgement_id}/change",
    response={201: s.JudgementChangeOut},
    summary="Change a judgement after feedback (JDG-8, manager)",
)
def change_judgement(
    request: HttpRequest, judgement_id: int, payload: s.JudgementChangeIn
) -> HttpStatus[s.JudgementChangeOut]:
    _regulator_only(request)
    judgement, _ = _child(request, Judgement, judgement_id)
    # RULES: JDG-8 — the change needs a manager's agreement; through the API the agreeing manager acts.
    change = judgement_services.change_judgement_after_feedback(
        judgement,
        by=request.user,
        agreed_by=request.user,
        grade=payload.grade,
        reasons_to_provider=payload.reasons_to_provider,
        now=_now(),
    )
    return HttpStatus(
        201,
        s.JudgementChangeOut(
            id=change.pk,
            judgement_id=judgement.pk,
            from_grade=change.from_grade,
            to_grade=change.to_grade,
            reasons_to_provider=change.reasons_to_provider,
            agreed_by=_name(change.agreed_by),
        ),
    )


@router.put(
    "/{int:inspection_id}/management-facts", response=s.ManagementFactsOut, summary="JDG-5, JDG-6 facts"
)
def management_facts(
    request: HttpRequest, inspection_id: int, payload: s.ManagementFactsIn
) -> s.ManagementFactsOut:
    _regulator_only(request)
    inspection = _inspection(request, inspection_id)
    facts: ManagementFacts = judgement_services.record_management_facts(
        inspection,
        by=request.user,
        manager_vacancy_weeks=payload.manager_vacancy_weeks,
        recruitment_evidence=payload.recruitment_evidence,
        unregistered_manager_weeks=payload.unregistered_manager_weeks,
    )
    return s.ManagementFactsOut(
        manager_vacancy_weeks=facts.manager_vacancy_weeks,
        recruitment_evidence=facts.recruitment_evidence,
        unregistered_manager_weeks=facts.unregistered_manager_weeks,
    )


# --- Requirements and recommendations -------------------------------------------------------------------


@router.get(
    "/{int:inspection_id}/requirements",
    response=list[s.RequirementOut],
    summary="Requirements, a page at a time",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def requirements(
    request: HttpRequest, response: HttpResponse, inspection_id: int, page: Query[s.Page]
) -> list[s.RequirementOut]:
    inspection = _inspection(request, inspection_id, "requirements")
    _require_draft_visible(request, inspection)
    for_provider = _is_provider(request)
    found = inspection.requirements.prefetch_related("evidence").order_by("compliance_date", "pk")
    return [_requirement_out(r, for_provider=for_provider) for r in _page(response, found, page)]


@router.post(
    "/{int:inspection_id}/requirements", response={201: s.RequirementOut}, summary="Make a requirement"
)
def add_requirement(
    request: HttpRequest, inspection_id: int, payload: s.RequirementIn
) -> HttpStatus[s.RequirementOut]:
    inspection = _inspection(request, inspection_id)
    requirement = reporting.add_requirement(inspection, by=request.user, **payload.model_dump())
    return HttpStatus(201, _requirement_out(requirement, for_provider=False))


@router.get(
    "/{int:inspection_id}/recommendations",
    response=list[s.RecommendationOut],
    summary="Recommendations, a page at a time",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def recommendations(
    request: HttpRequest, response: HttpResponse, inspection_id: int, page: Query[s.Page]
) -> list[s.RecommendationOut]:
    inspection = _inspection(request, inspection_id, "recommendations")
    _require_draft_visible(request, inspection)
    for_provider = _is_provider(request)
    found = inspection.recommendations.prefetch_related("evidence").order_by("pk")
    return [_recommendation_out(r, for_provider=for_provider) for r in _page(response, found, page)]


@router.post(
    "/{int:inspection_id}/recommendations",
    response={201: s.RecommendationOut},
    summary="Make a recommendation",
)
def add_recommendation(
    request: HttpRequest, inspection_id: int, payload: s.RecommendationIn
) -> HttpStatus[s.RecommendationOut]:
    inspection = _inspection(request, inspection_id)
    recommendation = reporting.add_recommendation(inspection, by=request.user, **payload.model_dump())
    return HttpStatus(201, _recommendation_out(recommendation, for_provider=False))


# --- The report, the provider's response and publication ---------------------------------------------------


@router.get(
    "/{int:inspection_id}/report",
    response=s.ReportOut,
    summary="The report (provider: once the draft is sent)",
)
def report(request: HttpRequest, inspection_id: int) -> s.ReportOut:
    inspection = _inspection(request, inspection_id, "report")
    _require_draft_visible(request, inspection)
    return _report_out(inspection, reporting.report_for(inspection), for_provider=_is_provider(request))


@router.put("/{int:inspection_id}/report", response=s.ReportOut, summary="Edit the report's sections")
def edit_report(request: HttpRequest, inspection_id: int, payload: s.ReportIn) -> s.ReportOut:
    inspection = _inspection(request, inspection_id)
    edited = reporting.edit_report(inspection, by=request.user, sections=payload.sections, now=_now())
    return _report_out(inspection, edited, for_provider=_is_provider(request))


@router.post(
    "/{int:inspection_id}/report/keep-passage",
    response=s.ReportOut,
    summary="Keep a passage that may identify someone, with the reason (DPR-2)",
    description="The passage must be one the report's check flags (`identifying`), else 422 with rule "
    "DPR-2 and field `passage`; an empty reason takes a recorded reason back. The lead inspector's step.",
)
def keep_passage(request: HttpRequest, inspection_id: int, payload: s.KeepPassageIn) -> s.ReportOut:
    inspection = _inspection(request, inspection_id)
    kept = reporting.keep_passage(
        inspection, by=request.user, passage=payload.passage, reason=payload.reason, now=_now()
    )
    return _report_out(inspection, kept, for_provider=False)


@router.post(
    "/{int:inspection_id}/report/check", response=s.ReportOut, summary="A manager checks the report (RPT-3)"
)
def check_report(request: HttpRequest, inspection_id: int, payload: s.CheckIn) -> s.ReportOut:
    inspection = _inspection(request, inspection_id)
    checked = reporting.check_report(inspection, by=request.user, note=payload.note, now=_now())
    return _report_out(inspection, checked, for_provider=False)


@router.post(
    "/{int:inspection_id}/report/send-draft", response=s.InspectionOut, summary="Send the draft (RPT-3)"
)
def send_draft(request: HttpRequest, inspection_id: int) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(reporting.send_draft(inspection, by=request.user, now=_now()))


@router.post(
    "/{int:inspection_id}/responses",
    response={201: s.ResponseOut},
    summary="The agency's minor points or formal complaint on the draft (CMP-1)",
)
def respond(request: HttpRequest, inspection_id: int, payload: s.ResponseIn) -> HttpStatus[s.ResponseOut]:
    inspection = _inspection(request, inspection_id)
    response = reporting.respond_to_draft(
        inspection, by=request.user, kind=payload.kind, text=payload.text, now=_now()
    )
    return HttpStatus(201, _response_out(response))


@router.post(
    "/responses/{int:response_id}/answer", response=s.ResponseOut, summary="Answer a complaint (CMP-1)"
)
def answer_complaint(request: HttpRequest, response_id: int, payload: s.AnswerIn) -> s.ResponseOut:
    response, _ = _child(request, ProviderResponse, response_id)
    return _response_out(
        reporting.answer_complaint(response, by=request.user, answer=payload.answer, now=_now())
    )


@router.post(
    "/{int:inspection_id}/report/send-final", response=s.InspectionOut, summary="Send the final report"
)
def send_final(request: HttpRequest, inspection_id: int) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(reporting.send_final(inspection, by=request.user, now=_now()))


@router.post(
    "/{int:inspection_id}/publish", response={201: s.PublishedOut}, summary="Publish (manager, RPT-3)"
)
def publish(request: HttpRequest, inspection_id: int) -> HttpStatus[s.PublishedOut]:
    inspection = _inspection(request, inspection_id)
    published = reporting.publish(inspection, by=request.user, now=_now())
    return HttpStatus(
        201,
        s.PublishedOut(
            id=published.pk,
            inspection_id=inspection.pk,
            published_on=published.published_on,
            overall_grade=published.overall_grade,
        ),
    )
