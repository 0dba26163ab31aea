"""Inspections and their lifecycle: the list, one inspection, its timeline and what is due, scheduling,
notice and deferral, the plan, preparation, the visit, feedback, pause, resume and incomplete."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja import Status as HttpStatus

from careinspect.inspections import access, dashboard
from careinspect.inspections import schemas as s
from careinspect.inspections.api.common import (
    PAGED,
    TOTAL_COUNT_HEADER,
    _child,
    _fresh,
    _inspection,
    _inspection_out,
    _is_provider,
    _name,
    _now,
    _page,
    _today,
)
from careinspect.inspections.models import DeferralRequest
from careinspect.inspections.services import lifecycle
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation

router = Router()


def _deferral_out(d: DeferralRequest) -> s.DeferralOut:
    return s.DeferralOut(
        id=d.pk,
        inspection_id=d.inspection_id,
        requested_on=d.requested_on,
        reason=d.reason,
        decision=d.decision,
        decision_reason=d.decision_reason,
        decided_on=d.decided_on,
    )


@router.get(
    "/",
    response=list[s.InspectionOut],
    summary="The inspections this user may see, a page at a time",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def list_inspections(
    request: HttpRequest, response: HttpResponse, filters: Query[s.InspectionFilters]
) -> list[s.InspectionOut]:
    inspections = access.visible_inspections(request.user).order_by("-start_date", "provider__name", "pk")
    if filters.status:
        inspections = inspections.filter(status__in=[st.value for st in filters.status])
    return [_inspection_out(i) for i in _page(response, inspections, filters)]


@router.post("/", response={201: s.InspectionOut}, summary="Schedule an inspection (manager)")
def schedule(request: HttpRequest, payload: s.ScheduleIn) -> HttpStatus[s.InspectionOut]:
    if not access.can_manage(request.user):
        raise PermissionDenied("Only a regulatory inspection manager can schedule an inspection.")
    provider = Provider.objects.filter(pk=payload.provider_id).first()
    if provider is None:
        raise RuleViolation("no such provider", field="provider_id")
    users = get_user_model()._default_manager
    lead = users.filter(pk=payload.lead_inspector_id).first()
    if lead is None or not access.can_inspect(lead):
        raise RuleViolation("the lead inspector must be an inspector", field="lead_inspector_id")
    manager = users.filter(pk=payload.manager_id).first()
    if manager is None or not access.can_manage(manager):
        raise RuleViolation("the manager must be a regulatory inspection manager", field="manager_id")
    inspection = lifecycle.schedule_inspection(
        provider,
        lead_inspector=lead,
        manager=manager,
        start=payload.start_date,
        end=payload.end_date,
        by=request.user,
        now=_now(),
        refuse_clash=True,  # an inspector cannot be on site in two places (the page refuses it too)
    )
    return HttpStatus(201, _fresh(inspection))


@router.get("/{int:inspection_id}", response=s.InspectionOut, summary="One inspection")
def get_inspection(request: HttpRequest, inspection_id: int) -> s.InspectionOut:
    return _inspection_out(_inspection(request, inspection_id))


@router.get(
    "/{int:inspection_id}/events",
    response=list[s.EventOut],
    summary="The inspection's timeline, a page at a time",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def events(
    request: HttpRequest, response: HttpResponse, inspection_id: int, page: Query[s.Page]
) -> list[s.EventOut]:
    inspection = _inspection(request, inspection_id)
    found = inspection.events.select_related("by", "inspection").order_by("at", "pk")
    if _is_provider(request):
        found = found.filter(visible_to_provider=True)
    return [
        s.EventOut(
            id=e.pk,
            at=e.at,
            by=_name(e.by),
            type=e.type,
            action=e.label,
            from_status=e.from_status,
            to_status=e.to_status,
            note=e.note,
        )
        for e in _page(response, found, page)
    ]


@router.get("/{int:inspection_id}/due", response=list[s.DueItemOut], summary="What is due on this inspection")
def due(request: HttpRequest, inspection_id: int) -> list[s.DueItemOut]:
    inspection = _inspection(request, inspection_id)
    items = dashboard.items_for(inspection, _today())
    if _is_provider(request):
        items = [i for i in items if i.who == "provider"]
    return [s.DueItemOut(label=i.label, day=i.day, rule=i.rule, overdue=i.overdue, who=i.who) for i in items]


@router.post("/{int:inspection_id}/notify", response=s.InspectionOut, summary="Send the letter of notice")
def notify(request: HttpRequest, inspection_id: int) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(lifecycle.notify(inspection, by=request.user, now=_now()))


@router.post("/{int:inspection_id}/notification-call", response=s.InspectionOut)
def notification_call(
    request: HttpRequest, inspection_id: int, payload: s.NotificationCallIn
) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(
        lifecycle.log_notification_call(inspection, by=request.user, at=payload.at, note=payload.note)
    )


@router.post(
    "/{int:inspection_id}/deferrals", response={201: s.DeferralOut}, summary="Record a deferral request"
)
def request_deferral(
    request: HttpRequest, inspection_id: int, payload: s.DeferralIn
) -> HttpStatus[s.DeferralOut]:
    inspection = _inspection(request, inspection_id)
    deferral = lifecycle.request_deferral(inspection, by=request.user, reason=payload.reason, now=_now())
    return HttpStatus(201, _deferral_out(deferral))


@router.post("/deferrals/{int:deferral_id}/decision", response=s.DeferralOut, summary="Decide a deferral")
def decide_deferral(request: HttpRequest, deferral_id: int, payload: s.DeferralDecisionIn) -> s.DeferralOut:
    deferral, _ = _child(request, DeferralRequest, deferral_id)
    decided = lifecycle.decide_deferral(
        deferral, by=request.user, grant=payload.grant, reason=payload.reason, now=_now()
    )
    return _deferral_out(decided)


@router.post("/{int:inspection_id}/reschedule", response=s.InspectionOut, summary="Set new dates")
def reschedule(request: HttpRequest, inspection_id: int, payload: s.RescheduleIn) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(
        lifecycle.reschedule(
            inspection, by=request.user, start=payload.start_date, end=payload.end_date, now=_now()
        )
    )


@router.post(
    "/{int:inspection_id}/plan", response={201: s.PlanEntryOut}, summary="Add to the inspection plan"
)
def add_plan_entry(
    request: HttpRequest, inspection_id: int, payload: s.PlanEntryIn
) -> HttpStatus[s.PlanEntryOut]:
    inspection = _inspection(request, inspection_id)
    entry = lifecycle.add_plan_entry(inspection, by=request.user, kind=payload.kind, text=payload.text)
    return HttpStatus(
        201,
        s.PlanEntryOut(id=entry.pk, kind=entry.kind, text=entry.text, added_on_site=entry.added_on_site),
    )


@router.post("/{int:inspection_id}/start-preparation", response=s.InspectionOut)
def start_preparation(request: HttpRequest, inspection_id: int) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(lifecycle.start_preparation(inspection, by=request.user, now=_now()))


@router.post("/{int:inspection_id}/start-on-site", response=s.InspectionOut)
def start_on_site(request: HttpRequest, inspection_id: int) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(lifecycle.start_on_site(inspection, by=request.user, now=_now()))


@router.post("/{int:inspection_id}/feedback", response=s.InspectionOut, summary="Record the feedback (RPT-7)")
def feedback(request: HttpRequest, inspection_id: int, payload: s.FeedbackIn) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(lifecycle.give_feedback(inspection, by=request.user, now=_now(), summary=payload.summary))


@router.post("/{int:inspection_id}/pause", response=s.InspectionOut)
def pause(request: HttpRequest, inspection_id: int, payload: s.ReasonIn) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(lifecycle.pause(inspection, by=request.user, reason=payload.reason, now=_now()))


@router.post("/{int:inspection_id}/resume", response=s.InspectionOut)
def resume(request: HttpRequest, inspection_id: int) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(lifecycle.resume(inspection, by=request.user, now=_now()))


@router.post(
    "/{int:inspection_id}/incomplete", response=s.InspectionOut, summary="Mark the inspection incomplete"
)
def mark_incomplete(request: HttpRequest, inspection_id: int, payload: s.ReasonIn) -> s.InspectionOut:
    inspection = _inspection(request, inspection_id)
    return _fresh(lifecycle.mark_incomplete(inspection, by=request.user, reason=payload.reason, now=_now()))
