"""The assurance visit's API under `/api/assurance` (SCH-7, NTC-4, KND-3, JDG-9, RPT-4, RPT-8): the priority
list factor by factor, scheduling from it, the announcement, the visit's length, its work and the concerns
found. The same services and checks as the pages; errors in the one shape (422 naming `field` and `rule`).
There is no grade anywhere: an assurance visit has no judgement to record (JDG-9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from careinspect.assurance import services
from careinspect.assurance.models import PostVisitSurvey
from careinspect.inspections import access
from careinspect.inspections.api.common import answer_errors
from careinspect.inspections.models import Inspection
from careinspect.inspections.schemas import RecordId
from careinspect.registry.models import Provider, ProviderKind
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind

router = Router(tags=["assurance"])
router.add_decorator(answer_errors)


class FactorOut(Schema):
    name: str
    value: str | int | bool | None
    points: int


class PriorityOut(Schema):
    urn: str
    name: str
    rank: int
    score: int
    factors: list[FactorOut]
    explanation: str
    open_visit: str | None


class AssuranceVisitScheduleIn(Schema):
    lead_inspector_id: RecordId
    start: date


class AssuranceVisitAnnounceIn(Schema):
    spoke_to: str = Field(max_length=300)
    on_site: bool = False
    reason_on_site: str = Field("", max_length=5000)
    to: list[str] = Field(default_factory=list, max_length=10)


class LengthIn(Schema):
    days: int
    reason: str = Field("", max_length=5000)


class ActivityIn(Schema):
    day: date
    place: str = Field(description="off_site or on_site")
    description: str = Field(max_length=20_000)


class ConcernsIn(Schema):
    serious: bool
    inadequate_protection: bool = False
    welfare_not_safeguarded: bool = False
    summary: str = Field("", max_length=20_000)


class ConcernsOut(Schema):
    serious: bool
    inadequate_protection: bool
    welfare_not_safeguarded: bool
    escalated: bool


class VisitOut(Schema):
    id: int
    reference: str
    urn: str
    status: str
    start_date: date
    end_date: date
    days: int
    days_reason: str
    announced_at: datetime | None
    announced_on_site: bool
    concerns: ConcernsOut | None
    draft_due: date | None
    comments_due: date | None
    final_due: date | None
    publication_due: date | None
    complaint_due: date | None
    survey_sent_at: datetime | None


def _regulator(request: HttpRequest) -> None:
    if not access.is_regulator(request.user):
        raise PermissionDenied("Only the regulator's staff see assurance visits here.")


def _visit(request: HttpRequest, pk: int) -> Inspection:
    if not access.is_regulator(request.user):
        raise Http404("Not found")
    visit = access.inspection_for(request.user, pk)
    if visit.kind != Kind.IFA_ASSURANCE.value:
        raise Http404("Not an assurance visit")
    return visit


def _visit_out(visit: Inspection) -> VisitOut:
    visit.refresh_from_db()
    detail = getattr(visit, "assurance", None)
    finding = getattr(visit, "concerns_finding", None)
    survey = PostVisitSurvey.objects.filter(inspection=visit).first()
    return VisitOut(
        id=visit.pk,
        reference=visit.reference,
        urn=visit.provider.urn,
        status=visit.status,
        start_date=visit.start_date,
        end_date=visit.end_date,
        days=detail.days if detail else 2,
        days_reason=detail.days_reason if detail else "",
        announced_at=visit.notification_call_at,
        announced_on_site=bool(detail and detail.announced_on_site),
        concerns=ConcernsOut(
            serious=finding.serious_concerns,
            inadequate_protection=finding.inadequate_protection,
            welfare_not_safeguarded=finding.welfare_not_safeguarded,
            escalated=finding.escalated_at is not None,
        )
        if finding
        else None,
        draft_due=visit.draft_due,
        comments_due=visit.comments_due,
        final_due=visit.final_due,
        publication_due=visit.publication_due,
        complaint_due=services.complaint_due(visit),
        survey_sent_at=survey.sent_at if survey else None,
    )


@router.get(
    "/priority", response=list[PriorityOut], summary="The priority list of IFAs, factor by factor (SCH-7)"
)
def priority(request: HttpRequest) -> list[dict[str, Any]]:
    _regulator(request)
    return [row.as_dict() for row in services.priority_list(timezone.localdate())]


@router.post("/priority/{urn}/visits", response={201: VisitOut}, summary="Schedule a visit (manager, SCH-7)")
def schedule(request: HttpRequest, urn: str, payload: AssuranceVisitScheduleIn) -> tuple[int, VisitOut]:
    _regulator(request)
    provider = get_object_or_404(Provider, urn=urn, kind=ProviderKind.IFA)
    lead = get_user_model()._default_manager.filter(pk=payload.lead_inspector_id).first()
    if lead is None:
        raise RuleViolation("no such inspector", field="lead_inspector_id")
    visit = services.schedule_visit(
        provider, lead_inspector=lead, start=payload.start, by=request.user, now=timezone.now()
    )
    return 201, _visit_out(visit)


@router.get("/visits/{int:visit_id}", response=VisitOut, summary="An assurance visit and its deadlines")
def visit(request: HttpRequest, visit_id: RecordId) -> VisitOut:
    return _visit_out(_visit(request, visit_id))


@router.post("/visits/{int:visit_id}/announce", response=VisitOut, summary="The 9am call (NTC-4)")
def announce(request: HttpRequest, visit_id: RecordId, payload: AssuranceVisitAnnounceIn) -> VisitOut:
    found = services.announce_visit(
        _visit(request, visit_id),
        by=request.user,
        now=timezone.now(),
        spoke_to=payload.spoke_to,
        on_site=payload.on_site,
        reason_on_site=payload.reason_on_site,
        to=payload.to,
    )
    return _visit_out(found)


@router.post("/visits/{int:visit_id}/length", response=VisitOut, summary="Change the length (KND-3, manager)")
def length(request: HttpRequest, visit_id: RecordId, payload: LengthIn) -> VisitOut:
    found = services.change_length(
        _visit(request, visit_id),
        days=payload.days,
        reason=payload.reason,
        by=request.user,
        now=timezone.now(),
    )
    return _visit_out(found)


@router.post("/visits/{int:visit_id}/activities", response={201: VisitOut}, summary="Record work (KND-3)")
def activity(request: HttpRequest, visit_id: RecordId, payload: ActivityIn) -> tuple[int, VisitOut]:
    found = _visit(request, visit_id)
    services.record_activity(
        found,
        day=payload.day,
        place=payload.place,
        description=payload.description,
        by=request.user,
        now=timezone.now(),
    )
    return 201, _visit_out(found)


@router.post(
    "/visits/{int:visit_id}/concerns", response=VisitOut, summary="Serious or widespread concerns (JDG-9)"
)
def concerns(request: HttpRequest, visit_id: RecordId, payload: ConcernsIn) -> VisitOut:
    found = _visit(request, visit_id)
    services.record_concerns(
        found,
        serious=payload.serious,
        inadequate_protection=payload.inadequate_protection,
        welfare_not_safeguarded=payload.welfare_not_safeguarded,
        summary=payload.summary,
        by=request.user,
        now=timezone.now(),
    )
    return _visit_out(found)
