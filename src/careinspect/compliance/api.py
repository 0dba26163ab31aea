"""JSON API of compliance (django-ninja), added to the project's API under `/compliance`: the same service
calls and checks as the pages.

The regulator's own records: every operation answers 404 to anyone who is not the regulator's staff (a
provider's users never learn a notice's outcome or a proposal exists here; they read the monitoring
report in the portal); the services check who may act (403) and the rules (422 with the rule and field,
the API's one error shape).
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus

from careinspect.compliance import services
from careinspect.compliance.models import ComplianceNotice, NoticeOutcome, RequirementOutcome
from careinspect.enforcement.models import CaseReview
from careinspect.inspections import access
from careinspect.inspections.api.common import _fresh, _now, _today, answer_errors
from careinspect.inspections.models import Inspection, Requirement
from careinspect.inspections.schemas import InspectionOut, RecordId
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind

router = Router(tags=["compliance"])
router.add_decorator(answer_errors)


def _staff(request: HttpRequest) -> None:
    """RULES: DPR-3 — compliance working records are the regulator's own: 404 for anyone else."""
    if not access.is_regulator(request.user):
        raise Http404("Not found")


def _provider(request: HttpRequest, pk: int) -> Provider:
    _staff(request)
    found = Provider.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def _visit(request: HttpRequest, pk: int) -> Inspection:
    _staff(request)
    inspection = access.inspection_for(request.user, pk)
    if inspection.kind != Kind.MONITORING.value:
        raise Http404("No monitoring visit found")
    return inspection


# --- Schemas ------------------------------------------------------------------------------------------


class RequirementAwaitingOut(Schema):
    id: int
    inspection_id: int
    regulation: str
    action: str
    compliance_date: date


class RequirementOutcomeIn(Schema):
    met: bool
    note: str


class RequirementOutcomeOut(Schema):
    requirement_id: int
    met: bool
    note: str
    recorded_at: datetime
    case_review_id: int | None


class NoticeIn(Schema):
    regulation: str
    action: str
    compliance_date: date
    requirement_id: RecordId | None = None
    previous_id: RecordId | None = None
    concern: str = ""
    names_checked: bool = Field(
        False, description="the manager confirms passages the DPR-2 check flagged are not people's names"
    )


class NoticeOutcomeOut(Schema):
    inspection_id: int
    action: str
    fully_met: bool
    evidence_note: str
    case_review_id: int | None
    message_id: int | None = Field(description="the email telling the agency the finding (ENF-1)")


class NoticeOut(Schema):
    id: int
    reference: str
    provider_urn: str
    regulation: str
    action: str
    compliance_date: date
    requirement_id: int | None
    previous_id: int | None
    concern: str
    issued_on: date
    status: str
    message_id: int | None = Field(description="the email that sent the notice to the agency (ENF-1)")
    visit_ids: list[int]
    outcomes: list[NoticeOutcomeOut]


class ProposedVisitOut(Schema):
    earliest: date
    latest: date
    notice_ids: list[int]
    rule: str = "SCH-8"


class VisitIn(Schema):
    reason: str
    purpose: str
    start_date: date
    end_date: date | None = None
    lead_inspector_id: RecordId
    manager_id: RecordId | None = None
    announced: bool = False
    notice_ids: list[RecordId] = []
    case_review_id: RecordId | None = None


class NoticeOutcomeIn(Schema):
    notice_id: RecordId
    action: str
    evidence_note: str


class WithholdIn(Schema):
    reason: str


class WithholdOut(Schema):
    inspection_id: int
    director: str
    reason: str
    decided_on: date


def _outcome_out(o: NoticeOutcome) -> NoticeOutcomeOut:
    return NoticeOutcomeOut(
        inspection_id=o.inspection_id,
        action=o.action,
        fully_met=o.fully_met,
        evidence_note=o.evidence_note,
        case_review_id=o.case_review_id,
        message_id=o.message_id,
    )


def _notice_out(n: ComplianceNotice) -> NoticeOut:
    return NoticeOut(
        id=n.pk,
        reference=n.reference,
        provider_urn=n.provider.urn,
        regulation=n.regulation,
        action=n.action,
        compliance_date=n.compliance_date,
        requirement_id=n.requirement_id,
        previous_id=n.previous_id,
        concern=n.concern,
        issued_on=n.issued_on,
        status=n.status,
        message_id=n.message_id,
        visit_ids=[link.inspection_id for link in n.visits.all()],
        outcomes=[_outcome_out(o) for o in n.outcomes.all()],
    )


def _requirement_outcome_out(o: RequirementOutcome) -> RequirementOutcomeOut:
    return RequirementOutcomeOut(
        requirement_id=o.requirement_id,
        met=o.met,
        note=o.note,
        recorded_at=o.recorded_at,
        case_review_id=o.case_review_id,
    )


# --- REQ-3 --------------------------------------------------------------------------------------------


@router.get(
    "/providers/{int:provider_id}/requirements-awaiting",
    response=list[RequirementAwaitingOut],
    summary="The agency's requirements whose compliance date has passed with no outcome (REQ-3)",
)
def requirements_awaiting(request: HttpRequest, provider_id: RecordId) -> list[RequirementAwaitingOut]:
    agency = _provider(request, provider_id)
    return [
        RequirementAwaitingOut(
            id=r.pk,
            inspection_id=r.inspection_id,
            regulation=r.regulation,
            action=r.action,
            compliance_date=r.compliance_date,
        )
        for r in services.awaiting_outcome(agency, _today())
    ]


@router.post(
    "/requirements/{int:requirement_id}/outcome",
    response={201: RequirementOutcomeOut},
    summary="Record whether a requirement was met; one not met opens a case review (REQ-3)",
)
def record_requirement_outcome(
    request: HttpRequest, requirement_id: RecordId, payload: RequirementOutcomeIn
) -> HttpStatus[RequirementOutcomeOut]:
    _staff(request)
    requirement = Requirement.objects.filter(pk=requirement_id).first()
    if requirement is None:
        raise Http404("Not found")
    outcome = services.record_requirement_outcome(
        requirement, met=payload.met, note=payload.note, by=request.user, now=_now()
    )
    return HttpStatus(201, _requirement_outcome_out(outcome))


# --- ENF-1, SCH-8 ---------------------------------------------------------------------------------------


@router.get(
    "/providers/{int:provider_id}/notices",
    response=list[NoticeOut],
    summary="The agency's compliance notices, latest first, with their visits and outcomes (ENF-1)",
)
def notices(request: HttpRequest, provider_id: RecordId) -> list[NoticeOut]:
    agency = _provider(request, provider_id)
    found = (
        ComplianceNotice.objects.filter(provider=agency)
        .select_related("provider")
        .prefetch_related("visits", "outcomes")
        .order_by("-compliance_date", "-pk")
    )
    return [_notice_out(n) for n in found]


@router.post(
    "/providers/{int:provider_id}/notices",
    response={201: NoticeOut},
    summary="Issue a compliance notice (manager; ENF-1)",
)
def issue_notice(request: HttpRequest, provider_id: RecordId, payload: NoticeIn) -> HttpStatus[NoticeOut]:
    agency = _provider(request, provider_id)
    requirement = None
    if payload.requirement_id is not None:
        requirement = Requirement.objects.filter(
            pk=payload.requirement_id, inspection__provider=agency
        ).first()
        if requirement is None:
            raise RuleViolation("no requirement of this agency has that id", field="requirement_id")
    previous = None
    if payload.previous_id is not None:
        previous = ComplianceNotice.objects.filter(pk=payload.previous_id, provider=agency).first()
        if previous is None:
            raise RuleViolation("no notice to this agency has that id", field="previous_id")
    notice = services.issue_compliance_notice(
        agency,
        regulation=payload.regulation,
        action=payload.action,
        compliance_date=payload.compliance_date,
        requirement=requirement,
        previous=previous,
        concern=payload.concern,
        names_checked=payload.names_checked,
        by=request.user,
        now=_now(),
    )
    return HttpStatus(201, _notice_out(notice))


@router.get(
    "/providers/{int:provider_id}/proposed-visits",
    response=list[ProposedVisitOut],
    summary="The monitoring visits SCH-8 proposes for the agency's notices awaiting one",
)
def proposed_visits(request: HttpRequest, provider_id: RecordId) -> list[ProposedVisitOut]:
    agency = _provider(request, provider_id)
    return [
        ProposedVisitOut(earliest=p.earliest, latest=p.latest, notice_ids=[n.pk for n in p.notices])
        for p in services.propose_monitoring_visits(agency)
    ]


# --- KND-4: the visit ---------------------------------------------------------------------------------


@router.post(
    "/providers/{int:provider_id}/visits",
    response={201: InspectionOut},
    summary="Schedule a monitoring visit (manager; KND-4, SCH-8)",
)
def schedule_visit(
    request: HttpRequest, provider_id: RecordId, payload: VisitIn
) -> HttpStatus[InspectionOut]:
    agency = _provider(request, provider_id)
    users = get_user_model()._default_manager
    lead = users.filter(pk=payload.lead_inspector_id).first()
    if lead is None:
        raise RuleViolation("the lead inspector must be an inspector", field="lead_inspector_id")
    manager = users.filter(pk=payload.manager_id).first() if payload.manager_id else request.user
    if manager is None:
        raise RuleViolation("the manager must be a regulatory inspection manager", field="manager_id")
    wanted = list(dict.fromkeys(payload.notice_ids))
    chosen = list(ComplianceNotice.objects.filter(pk__in=wanted, provider=agency))
    if len(chosen) != len(wanted):
        raise RuleViolation("a notice id names no notice to this agency", field="notice_ids")
    review = None
    if payload.case_review_id is not None:
        review = CaseReview.objects.filter(pk=payload.case_review_id, provider=agency).first()
        if review is None:
            raise RuleViolation("no case review of this agency has that id", field="case_review_id")
    inspection = services.schedule_monitoring_visit(
        agency,
        reason=payload.reason,
        purpose=payload.purpose,
        start=payload.start_date,
        end=payload.end_date or payload.start_date,
        lead_inspector=lead,
        manager=manager,
        announced=payload.announced,
        notices=chosen,
        case_review=review,
        by=request.user,
        now=_now(),
    )
    return HttpStatus(201, _fresh(inspection))


@router.post("/visits/{int:inspection_id}/announce", response=InspectionOut, summary="Announce the visit")
def announce(request: HttpRequest, inspection_id: RecordId) -> InspectionOut:
    inspection = _visit(request, inspection_id)
    return _fresh(services.announce_monitoring_visit(inspection, by=request.user, now=_now()))


@router.post("/visits/{int:inspection_id}/start", response=InspectionOut, summary="Start the visit")
def start(request: HttpRequest, inspection_id: RecordId) -> InspectionOut:
    inspection = _visit(request, inspection_id)
    return _fresh(services.start_monitoring_visit(inspection, by=request.user, now=_now()))


@router.post(
    "/visits/{int:inspection_id}/notice-outcomes",
    response={201: NoticeOutcomeOut},
    summary="Record whether a notice was fully met (ENF-1: partial action is not enough)",
)
def record_notice_outcome(
    request: HttpRequest, inspection_id: RecordId, payload: NoticeOutcomeIn
) -> HttpStatus[NoticeOutcomeOut]:
    inspection = _visit(request, inspection_id)
    notice = ComplianceNotice.objects.filter(pk=payload.notice_id, visits__inspection=inspection).first()
    if notice is None:
        raise RuleViolation("no notice this visit checks has that id", field="notice_id")
    outcome = services.record_notice_outcome(
        inspection,
        notice,
        action=payload.action,
        evidence_note=payload.evidence_note,
        by=request.user,
        now=_now(),
    )
    return HttpStatus(201, _outcome_out(outcome))


@router.post(
    "/visits/{int:inspection_id}/withhold",
    response={201: WithholdOut},
    summary="Decide the report is not published (regional director; RPT-6)",
)
def withhold(request: HttpRequest, inspection_id: RecordId, payload: WithholdIn) -> HttpStatus[WithholdOut]:
    inspection = _visit(request, inspection_id)
    decision = services.withhold_report(inspection, by=request.user, reason=payload.reason, now=_now())
    director = decision.director
    return HttpStatus(
        201,
        WithholdOut(
            inspection_id=inspection.pk,
            director=director.get_full_name() or director.get_username(),
            reason=decision.reason,
            decided_on=decision.decided_on,
        ),
    )
