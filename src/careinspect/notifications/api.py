"""JSON API of notifications (django-ninja), added to the project's API under `/notifications`.

The same operations as the pages with the same checks: an agency's staff list and send only their own
agency's notifications and notices (another agency's is 404); inspectors review; managers bring an
inspection forward for late notice about a manager (SCH-10). Errors answer in the API's one shape.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from careinspect.inspections import access
from careinspect.inspections.api.common import PAGED, TOTAL_COUNT_HEADER, answer_errors
from careinspect.inspections.schemas import Page, RecordId
from careinspect.notifications import services
from careinspect.notifications.models import (
    BringForward,
    ManagerNotice,
    Notification,
    NotificationStatus,
    NotificationType,
)
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation

router = Router(tags=["notifications"])
router.add_decorator(answer_errors)


class TypeOut(Schema):
    code: str
    name: str
    required_fields: list[str]


class NotificationIn(Schema):
    type: str = Field(description="the event type's code (GET /notifications/types)")
    occurred_on: date | None = None
    details: str = ""
    person_ref: str = ""
    action_taken: str = ""
    others_informed: str = ""
    names_checked: bool = Field(False, description="the sender confirms flagged passages are not names")


class NotificationOut(Schema):
    id: int
    reference: str
    provider_urn: str
    type: str
    occurred_on: date | None
    details: str
    person_ref: str
    action_taken: str
    others_informed: str
    submitted_at: datetime
    complete: bool
    missing_fields: list[str]
    status: str
    review_due: date
    outcome: str
    review_note: str
    reviewed_at: datetime | None


class ReviewIn(Schema):
    outcome: str = Field(description="noted, more_information, line_of_enquiry or bring_forward")
    note: str = ""
    inspect_by: date | None = Field(
        None, description="for bring_forward: the day the inspection is wanted by"
    )


class ManagerNoticeIn(Schema):
    kind: str = Field(description="absence, leaving or appointed")
    emergency: bool = False
    starts_on: date
    ends_on: date | None = None
    applied_to_register_on: date | None = None
    arrangements: str = ""


class ManagerNoticeCorrectionIn(ManagerNoticeIn):
    reason: str = Field(description="what was wrong in the notice (kept with its history)")


class ManagerNoticeOut(Schema):
    id: int
    provider_urn: str
    kind: str
    emergency: bool
    starts_on: date
    ends_on: date | None
    applied_to_register_on: date | None
    given_on: date
    due_by: date | None
    late: bool
    corrected_at: datetime | None = None
    correction_reason: str = ""


class BringForwardIn(Schema):
    provider_urn: str
    rule: str = Field(description="SCH-5, or SCH-10 with manager_notice_id")
    reason: str
    inspect_by: date
    manager_notice_id: RecordId | None = None


class BringForwardOut(Schema):
    id: int
    provider_urn: str
    rule: str
    reason: str
    decided_on: date
    inspect_by: date


class Filters(Schema):
    status: str | None = Field(None, description="waiting, more_asked or reviewed")


def _out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.pk,
        reference=n.reference,
        provider_urn=n.provider.urn,
        type=n.type.code,
        occurred_on=n.occurred_on,
        details=n.details,
        person_ref=n.person_ref,
        action_taken=n.action_taken,
        others_informed=n.others_informed,
        submitted_at=n.submitted_at,
        complete=n.complete,
        missing_fields=list(n.missing_fields),
        status=n.status,
        review_due=n.review_due,
        outcome=n.outcome,
        review_note=n.review_note,
        reviewed_at=n.reviewed_at,
    )


def _notice_out(m: ManagerNotice) -> ManagerNoticeOut:
    return ManagerNoticeOut(
        id=m.pk,
        provider_urn=m.provider.urn,
        kind=m.kind,
        emergency=m.emergency,
        starts_on=m.starts_on,
        ends_on=m.ends_on,
        applied_to_register_on=m.applied_to_register_on,
        given_on=m.given_on,
        due_by=m.due_by,
        late=m.late,
        corrected_at=m.corrected_at,
        correction_reason=m.correction_reason,
    )


def _visible(request: HttpRequest) -> QuerySet[Notification]:
    """RULES: DPR-3 — the regulator sees every notification; an agency only its own; anyone else none."""
    found = Notification.objects.select_related("provider", "type")
    if access.is_regulator(request.user):
        return found
    provider = access.provider_of(request.user)
    if provider is None:
        raise PermissionDenied("Only the regulator's staff and an agency's own staff can see notifications.")
    return found.filter(provider=provider)


def _one(request: HttpRequest, notification_id: int) -> Notification:
    try:
        return _visible(request).get(pk=notification_id)
    except Notification.DoesNotExist:
        raise Http404("No notification found") from None


@router.get("/types", response=list[TypeOut], summary="The types of serious event agencies notify (NOT-1)")
def types(request: HttpRequest) -> list[TypeOut]:
    return [
        TypeOut(code=t.code, name=t.name, required_fields=list(t.required_fields))
        for t in services.active_types()
    ]


@router.get(
    "/",
    response=list[NotificationOut],
    summary="Notifications this user may see, newest first, a page at a time",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def list_notifications(
    request: HttpRequest, response: HttpResponse, filters: Query[Filters], page: Query[Page]
) -> list[NotificationOut]:
    found = _visible(request)
    if filters.status:
        if filters.status not in NotificationStatus.values:
            raise RuleViolation(f"{filters.status!r} is not a status of a notification", field="status")
        found = found.filter(status=filters.status)
    found = found.order_by("-submitted_at", "-pk")
    response["X-Total-Count"] = str(found.count())
    return [_out(n) for n in found[page.offset : page.offset + page.limit]]


@router.post("/", response={201: NotificationOut}, summary="Send a notification (the agency's staff, NOT-1)")
def submit(request: HttpRequest, payload: NotificationIn) -> HttpStatus[NotificationOut]:
    services.agency_of(request.user)
    kind = NotificationType.objects.filter(code=payload.type).first()
    if kind is None:
        raise RuleViolation(f"{payload.type!r} is not a type of event", rule="NOT-1", field="type")
    values = payload.dict(exclude={"type", "names_checked"})
    sent = services.submit_notification(
        by=request.user, type=kind, values=values, names_checked=payload.names_checked, now=timezone.now()
    )
    return HttpStatus(201, _out(sent))


@router.get("/{int:notification_id}", response=NotificationOut, summary="One notification")
def get_notification(request: HttpRequest, notification_id: RecordId) -> NotificationOut:
    return _out(_one(request, notification_id))


@router.post(
    "/{int:notification_id}/review", response=NotificationOut, summary="Review a notification (inspector)"
)
def review(request: HttpRequest, notification_id: RecordId, payload: ReviewIn) -> NotificationOut:
    notification = _one(request, notification_id)
    done = services.review_notification(
        notification,
        by=request.user,
        review=services.Review(payload.outcome, payload.note, payload.inspect_by),
        now=timezone.now(),
    )
    return _out(done)


@router.get("/manager-notices", response=list[ManagerNoticeOut], summary="Notices about a manager (NOT-3)")
def list_notices(request: HttpRequest) -> list[ManagerNoticeOut]:
    found = ManagerNotice.objects.select_related("provider").order_by("-submitted_at", "-pk")
    if not access.is_regulator(request.user):
        found = found.filter(provider=services.agency_of(request.user))
    return [_notice_out(m) for m in found[:1000]]


@router.post(
    "/manager-notices",
    response={201: ManagerNoticeOut},
    summary="Tell the regulator of a manager's absence or change (the agency's staff, NOT-3)",
)
def submit_notice(request: HttpRequest, payload: ManagerNoticeIn) -> HttpStatus[ManagerNoticeOut]:
    notice = services.submit_manager_notice(by=request.user, now=timezone.now(), **payload.dict())
    return HttpStatus(201, _notice_out(notice))


@router.post(
    "/manager-notices/{int:notice_id}/correction",
    response=ManagerNoticeOut,
    summary="Correct a notice about the manager until the regulator acts on it (its sender; NOT-3)",
)
def correct_notice(
    request: HttpRequest, notice_id: RecordId, payload: ManagerNoticeCorrectionIn
) -> ManagerNoticeOut:
    provider = services.agency_of(request.user)
    notice = ManagerNotice.objects.select_related("provider").filter(pk=notice_id, provider=provider).first()
    if notice is None:
        raise Http404("No notice found")  # another agency's is 404, never 403 (DPR-3)
    corrected = services.correct_manager_notice(notice, by=request.user, now=timezone.now(), **payload.dict())
    return _notice_out(corrected)


@router.post(
    "/bring-forward",
    response={201: BringForwardOut},
    summary="Bring a provider's next inspection forward with a reason (SCH-5 inspector, SCH-10 manager)",
)
def bring_forward(request: HttpRequest, payload: BringForwardIn) -> HttpStatus[BringForwardOut]:
    if not access.is_regulator(request.user):
        raise PermissionDenied("Only the regulator's staff can bring an inspection forward.")
    provider = Provider.objects.filter(urn=payload.provider_urn).first()
    if provider is None:
        raise RuleViolation("no provider has this URN", field="provider_urn")
    notice = None
    if payload.manager_notice_id is not None:
        notice = ManagerNotice.objects.filter(pk=payload.manager_notice_id, provider=provider).first()
        if notice is None:
            raise RuleViolation(
                "no notice about this provider's manager has this id", field="manager_notice_id"
            )
    decision: BringForward = services.bring_forward(
        provider,
        by=request.user,
        rule=payload.rule,
        reason=payload.reason,
        inspect_by=payload.inspect_by,
        now=timezone.now(),
        manager_notice=notice,
    )
    return HttpStatus(
        201,
        BringForwardOut(
            id=decision.pk,
            provider_urn=provider.urn,
            rule=decision.rule,
            reason=decision.reason,
            decided_on=decision.decided_on,
            inspect_by=decision.inspect_by,
        ),
    )
