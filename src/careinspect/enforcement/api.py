"""JSON API of enforcement (django-ninja), added to the project's API under `/enforcement`.

The regulator's own records: every operation answers 404 to anyone who is not the regulator's staff (a
provider's users never learn a case review or referral exists); quality assurance officers read; the
services check who may act (403) and the rules (422 with the rule and field, the API's one error shape).
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from careinspect.enforcement import monitoring, services
from careinspect.enforcement.models import (
    CaseReview,
    CaseReviewDecision,
    DcsAlert,
    SafeguardingReferral,
    SeriousConcernsFollowUp,
)
from careinspect.inspections import access
from careinspect.inspections.api.common import PAGED, TOTAL_COUNT_HEADER, _now, _page, answer_errors
from careinspect.inspections.models import Inspection
from careinspect.inspections.schemas import Page, RecordId
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind

router = Router(tags=["enforcement"])
router.add_decorator(answer_errors)


def _staff(request: HttpRequest) -> None:
    """RULES: DPR-3 — enforcement records are the regulator's own: 404 for anyone else."""
    if not access.is_regulator(request.user):
        raise Http404("Not found")


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    _staff(request)
    return access.inspection_for(request.user, pk)


# --- Schemas ------------------------------------------------------------------------------------------


class CaseReviewOut(Schema):
    id: int
    provider_urn: str
    provider_name: str
    inspection_id: int | None
    reason: str
    rule: str
    opened_on: date
    due: date
    owner: str
    decision: str
    visit_announced: bool | None
    decision_reason: str
    decided_on: date | None


class DcsAlertOut(Schema):
    id: int
    provider_urn: str
    inspection_id: int | None
    local_authority_code: str
    local_authority: str
    rule: str
    why: str
    next_step: str = Field(description="email, call, forward, done or removed")
    email_due: date | None
    emailed_at: datetime | None
    message_id: int | None
    call_due: date | None
    call_at: datetime | None
    call_with: str
    call_note: str
    forwarded_message_id: int | None
    forwarded_at: datetime | None


class ContactOut(Schema):
    role: str
    organisation: str
    name: str
    told_at: datetime
    how: str


class ReferralOut(Schema):
    id: int
    inspection_id: int
    provider_urn: str
    raised_at: datetime
    about_staff: bool
    adults: bool
    provider_first_risky: bool
    follow_up_owner: str
    follow_up_owner_id: int
    follow_up_due: date
    closed_at: datetime | None
    still_to_tell: list[str]
    contacts: list[ContactOut]


class NextStepsOut(Schema):
    inspection_id: int
    rule: str
    case_review: CaseReviewOut
    debrief_held_on: date | None
    reinspection_earliest: date | None = None
    reinspection_latest: date | None = None
    dcs_email_due: date | None = None
    monitoring_earliest: date | None = None
    monitoring_latest: date | None = None
    monitoring_planned_on: date | None = None
    monitoring_visit_id: int | None = Field(default=None, description="SCH-9: the visit, once scheduled")
    alerts: list[DcsAlertOut]


class ListFilters(Page):
    open: bool = Field(True, description="only what is still open")


class DecisionIn(Schema):
    decision: str
    reason: str
    visit_announced: bool | None = None


class EmailIn(Schema):
    summary: str
    names_checked: bool = Field(
        False, description="the inspector confirms passages the DPR-2 check flagged are not people's names"
    )


class CallIn(Schema):
    at: datetime
    spoke_to: str
    note: str


class ForwardIn(Schema):
    to: list[str] = []
    note: str = ""


class ReferralIn(Schema):
    concern: str
    about_staff: bool = False
    adults: bool = False
    provider_first_risky: bool = False
    follow_up_due: date | None = None


class ContactIn(Schema):
    role: str
    organisation: str
    told_at: datetime
    how: str
    name: str = ""
    note: str = ""


class CloseIn(Schema):
    note: str


class FollowUpIn(Schema):
    follow_up_owner_id: RecordId | None = Field(None, description="a manager (SAF-1); unset keeps the owner")
    follow_up_due: date | None = Field(None, description="not in the past; unset keeps the day")
    reason: str


class MonitoringVisitIn(Schema):
    start_date: date = Field(description="SCH-9: within the follow-up's 6 to 8 weeks")
    end_date: date | None = None
    lead_inspector_id: RecordId
    announced: bool = False
    purpose: str


class LinkVisitIn(Schema):
    visit_id: RecordId


# --- Builders -----------------------------------------------------------------------------------------


def _name(user: object) -> str:
    return services._name(user)


def _review_out(r: CaseReview) -> CaseReviewOut:
    return CaseReviewOut(
        id=r.pk,
        provider_urn=r.provider.urn,
        provider_name=r.provider.name,
        inspection_id=r.inspection_id,
        reason=r.reason,
        rule=r.rule,
        opened_on=r.opened_on,
        due=r.due,
        owner=_name(r.owner),
        decision=r.decision,
        visit_announced=r.visit_announced,
        decision_reason=r.decision_reason,
        decided_on=r.decided_on,
    )


def _alert_out(a: DcsAlert) -> DcsAlertOut:
    return DcsAlertOut(
        id=a.pk,
        provider_urn=a.provider.urn,
        inspection_id=a.inspection_id,
        local_authority_code=a.local_authority.code,
        local_authority=a.local_authority.name,
        rule=a.rule,
        why=a.why,
        next_step=a.step,
        email_due=a.email_due,
        emailed_at=a.emailed_at,
        message_id=a.message_id,
        call_due=a.call_due,
        call_at=a.call_at,
        call_with=a.call_with,
        call_note=a.call_note,
        forwarded_message_id=a.forwarded_id,
        forwarded_at=a.forwarded_at,
    )


def _referral_out(r: SafeguardingReferral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        inspection_id=r.inspection_id,
        provider_urn=r.provider.urn,
        raised_at=r.raised_at,
        about_staff=r.about_staff,
        adults=r.adults,
        provider_first_risky=r.provider_first_risky,
        follow_up_owner=_name(r.follow_up_owner),
        follow_up_owner_id=r.follow_up_owner_id,
        follow_up_due=r.follow_up_due,
        closed_at=r.closed_at,
        still_to_tell=services.still_to_tell(r),
        contacts=[
            ContactOut(role=c.role, organisation=c.organisation, name=c.name, told_at=c.told_at, how=c.how)
            for c in r.contacts.all()
        ],
    )


def _next_steps_out(follow_up: services.FollowUp) -> NextStepsOut:
    alerts = follow_up.inspection.dcs_alerts.select_related("provider", "local_authority")
    out = NextStepsOut(
        inspection_id=follow_up.inspection_id,
        rule=follow_up.case_review.rule,
        case_review=_review_out(follow_up.case_review),
        debrief_held_on=follow_up.debrief.held_on if follow_up.debrief else None,
        alerts=[_alert_out(a) for a in alerts],
    )
    if isinstance(follow_up, SeriousConcernsFollowUp):
        out.dcs_email_due = follow_up.dcs_email_due
        out.monitoring_earliest = follow_up.monitoring_earliest
        out.monitoring_latest = follow_up.monitoring_latest
        out.monitoring_planned_on = follow_up.monitoring_planned_on
        out.monitoring_visit_id = follow_up.monitoring_visit_id
    else:
        out.reinspection_earliest = follow_up.reinspection_earliest
        out.reinspection_latest = follow_up.reinspection_latest
    return out


def _alert(request: HttpRequest, pk: int) -> DcsAlert:
    _staff(request)
    found = DcsAlert.objects.select_related("provider", "local_authority").filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def _referral(request: HttpRequest, pk: int) -> SafeguardingReferral:
    _staff(request)
    found = SafeguardingReferral.objects.select_related("provider", "follow_up_owner").filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


# --- Operations ---------------------------------------------------------------------------------------


@router.get(
    "/case-reviews",
    response=list[CaseReviewOut],
    summary="Case reviews, soonest due first",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def list_case_reviews(
    request: HttpRequest, response: HttpResponse, filters: Query[ListFilters]
) -> list[CaseReviewOut]:
    _staff(request)
    found = CaseReview.objects.select_related("provider", "owner").order_by("due", "pk")
    if filters.open:
        found = found.filter(decision=CaseReviewDecision.PENDING)
    return [_review_out(r) for r in _page(response, found, filters)]


@router.get("/case-reviews/{pk}", response=CaseReviewOut, summary="One case review")
def get_case_review(request: HttpRequest, pk: RecordId) -> CaseReviewOut:
    _staff(request)
    review = CaseReview.objects.select_related("provider", "owner").filter(pk=pk).first()
    if review is None:
        raise Http404("Not found")
    return _review_out(review)


@router.post("/case-reviews/{pk}/decision", response=CaseReviewOut, summary="Decide a case review (manager)")
def decide(request: HttpRequest, pk: RecordId, payload: DecisionIn) -> CaseReviewOut:
    _staff(request)
    review = CaseReview.objects.filter(pk=pk).first()
    if review is None:
        raise Http404("Not found")
    decided = services.decide_case_review(
        review,
        by=request.user,
        decision=payload.decision,
        reason=payload.reason,
        now=_now(),
        visit_announced=payload.visit_announced,
    )
    return _review_out(CaseReview.objects.select_related("provider", "owner").get(pk=decided.pk))


@router.get(
    "/dcs-alerts",
    response=list[DcsAlertOut],
    summary="DCS alerts: with `open`, those still to email, call or forward",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def list_alerts(
    request: HttpRequest, response: HttpResponse, filters: Query[ListFilters]
) -> list[DcsAlertOut]:
    _staff(request)
    found = DcsAlert.objects.select_related("provider", "local_authority").order_by("email_due", "pk")
    if filters.open:
        found = found.filter(removed_at__isnull=True).filter(
            Q(message__isnull=True) | Q(call_at__isnull=True) | Q(forwarded__isnull=True)
        )
    return [_alert_out(a) for a in _page(response, found, filters)]


@router.post("/dcs-alerts/{pk}/email", response=DcsAlertOut, summary="Email the DCS (ENF-3, ENF-4)")
def email(request: HttpRequest, pk: RecordId, payload: EmailIn) -> DcsAlertOut:
    alert = services.send_dcs_alert(
        _alert(request, pk),
        by=request.user,
        now=_now(),
        summary=payload.summary,
        names_checked=payload.names_checked,
    )
    return _alert_out(alert)


@router.post("/dcs-alerts/{pk}/call", response=DcsAlertOut, summary="Log the call after the email (ENF-3)")
def call(request: HttpRequest, pk: RecordId, payload: CallIn) -> DcsAlertOut:
    alert = services.log_dcs_call(
        _alert(request, pk),
        by=request.user,
        now=_now(),
        at=payload.at,
        spoke_to=payload.spoke_to,
        note=payload.note,
    )
    return _alert_out(alert)


@router.post(
    "/dcs-alerts/{pk}/forward", response=DcsAlertOut, summary="Forward the email to the agency (ENF-3)"
)
def forward(request: HttpRequest, pk: RecordId, payload: ForwardIn) -> DcsAlertOut:
    alert = services.forward_dcs_alert(
        _alert(request, pk), by=request.user, now=_now(), to=payload.to, note=payload.note
    )
    return _alert_out(alert)


@router.get("/inspections/{pk}/next-steps", response=NextStepsOut, summary="An inspection's next steps")
def get_next_steps(request: HttpRequest, pk: RecordId) -> NextStepsOut:
    follow_up = services.follow_up_for(_inspection(request, pk))
    if follow_up is None:
        raise Http404("No next steps opened")
    return _next_steps_out(follow_up)


@router.post(
    "/inspections/{pk}/next-steps",
    response={201: NextStepsOut},
    summary="Open the next steps by hand (manager): inadequate (ENF-2) or serious concerns (ENF-4)",
)
def open_next_steps(request: HttpRequest, pk: RecordId) -> HttpStatus[NextStepsOut]:
    inspection = _inspection(request, pk)
    if not access.can_manage(request.user):
        raise PermissionDenied("Only a regulatory inspection manager can open next steps by hand.")
    follow_up: services.FollowUp
    if inspection.kind == Kind.IFA_ASSURANCE:
        follow_up = services.open_serious_concerns(inspection, by=request.user, now=_now())
    else:
        follow_up = services.open_inadequate_next_steps(inspection, by=request.user, now=_now())
    return HttpStatus(201, _next_steps_out(follow_up))


@router.get(
    "/referrals",
    response=list[ReferralOut],
    summary="Safeguarding referrals (SAF-1), soonest follow-up first",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def list_referrals(
    request: HttpRequest, response: HttpResponse, filters: Query[ListFilters]
) -> list[ReferralOut]:
    _staff(request)
    found = (
        SafeguardingReferral.objects.select_related("provider", "follow_up_owner")
        .prefetch_related("contacts")
        .order_by("follow_up_due", "pk")
    )
    if filters.open:
        found = found.filter(closed_at__isnull=True)
    return [_referral_out(r) for r in _page(response, found, filters)]


@router.post(
    "/inspections/{pk}/referrals", response={201: ReferralOut}, summary="Make a safeguarding referral (SAF-1)"
)
def make_referral(request: HttpRequest, pk: RecordId, payload: ReferralIn) -> HttpStatus[ReferralOut]:
    referral = services.open_safeguarding_referral(
        _inspection(request, pk),
        by=request.user,
        now=_now(),
        concern=payload.concern,
        about_staff=payload.about_staff,
        adults=payload.adults,
        provider_first_risky=payload.provider_first_risky,
        follow_up_due=payload.follow_up_due,
    )
    return HttpStatus(201, _referral_out(referral))


@router.post("/referrals/{pk}/contacts", response={201: ReferralOut}, summary="Record someone told (SAF-1)")
def add_contact(request: HttpRequest, pk: RecordId, payload: ContactIn) -> HttpStatus[ReferralOut]:
    referral = _referral(request, pk)
    services.record_referral_contact(
        referral,
        by=request.user,
        now=_now(),
        role=payload.role,
        organisation=payload.organisation,
        told_at=payload.told_at,
        how=payload.how,
        name=payload.name,
        note=payload.note,
    )
    return HttpStatus(201, _referral_out(_referral(request, pk)))


@router.post("/referrals/{pk}/close", response=ReferralOut, summary="Close after the follow-up (SAF-1)")
def close(request: HttpRequest, pk: RecordId, payload: CloseIn) -> ReferralOut:
    services.close_referral(_referral(request, pk), by=request.user, now=_now(), note=payload.note)
    return _referral_out(_referral(request, pk))


@router.post(
    "/referrals/{pk}/follow-up",
    response=ReferralOut,
    summary="Change who follows a referral up or when (a manager or its Senior HMI; SAF-1)",
)
def change_follow_up(request: HttpRequest, pk: RecordId, payload: FollowUpIn) -> ReferralOut:
    referral = _referral(request, pk)
    owner = None
    if payload.follow_up_owner_id is not None:
        owner = get_user_model()._default_manager.filter(pk=payload.follow_up_owner_id).first()
        if owner is None:
            raise RuleViolation(
                "no regulatory inspection manager has that id", rule="SAF-1", field="follow_up_owner_id"
            )
    services.change_referral_follow_up(
        referral,
        by=request.user,
        now=_now(),
        reason=payload.reason,
        follow_up_owner=owner,
        follow_up_due=payload.follow_up_due,
    )
    return _referral_out(_referral(request, pk))


def _serious(request: HttpRequest, pk: int) -> SeriousConcernsFollowUp:
    follow_up = SeriousConcernsFollowUp.objects.filter(inspection=_inspection(request, pk)).first()
    if follow_up is None:
        raise Http404("No serious concerns next steps")
    return follow_up


@router.post(
    "/inspections/{pk}/monitoring-visit",
    response={201: NextStepsOut},
    summary="Schedule the monitoring visit after serious concerns within its 6 to 8 weeks (manager; SCH-9)",
)
def schedule_monitoring_visit(
    request: HttpRequest, pk: RecordId, payload: MonitoringVisitIn
) -> HttpStatus[NextStepsOut]:
    follow_up = _serious(request, pk)
    lead = get_user_model()._default_manager.filter(pk=payload.lead_inspector_id).first()
    if lead is None:
        raise RuleViolation("the lead inspector must be an inspector", field="lead_inspector_id")
    monitoring.schedule_visit(
        follow_up,
        by=request.user,
        now=_now(),
        start=payload.start_date,
        end=payload.end_date or payload.start_date,
        lead_inspector=lead,
        announced=payload.announced,
        purpose=payload.purpose,
    )
    return HttpStatus(201, _next_steps_out(_serious(request, pk)))


@router.post(
    "/inspections/{pk}/monitoring-visit/link",
    response=NextStepsOut,
    summary="Link a monitoring visit already scheduled to the concerns it follows up (manager; SCH-9)",
)
def link_monitoring_visit(request: HttpRequest, pk: RecordId, payload: LinkVisitIn) -> NextStepsOut:
    follow_up = _serious(request, pk)
    visit = Inspection.objects.filter(pk=payload.visit_id, kind=Kind.MONITORING.value).first()
    if visit is None:
        raise RuleViolation("no monitoring visit has that id", rule="SCH-9", field="visit_id")
    monitoring.link_visit(follow_up, by=request.user, now=_now(), visit=visit)
    return _next_steps_out(_serious(request, pk))
