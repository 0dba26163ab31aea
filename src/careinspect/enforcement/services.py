"""Enforcement's steps: case reviews, debriefs, DCS alerts (email, call, forward), the monitoring visit after
serious concerns, and safeguarding referrals.

Each function checks who is acting and what the rules need, then acts in one transaction with the audit
trail written and, where an inspection is involved, a typed event on its story. The moment of acting
(`now`) always comes from the caller. Errors are `RuleViolation` naming the field and the rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string

from careinspect.enforcement.models import (
    REASON_RULES,
    CaseReview,
    CaseReviewDecision,
    CaseReviewReason,
    ContactMethod,
    DcsAlert,
    DcsContact,
    Debrief,
    InadequateFollowUp,
    ReferralContact,
    ReferralRole,
    SafeguardingReferral,
    SeriousConcernsFollowUp,
)
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection
from careinspect.inspections.services.common import (
    calendar,
    local_day,
    record_event,
    require_inspector,
    require_manager,
    require_step,
    save,
)
from careinspect.messaging.addresses import provider_addresses
from careinspect.messaging.identifying import check_emailed_texts
from careinspect.messaging.services import forward_message, send_message
from careinspect.registry.models import LocalAuthority, Provider, ProviderKind
from careinspect.rules import next_steps
from careinspect.rules.calendar import day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.safeguarding import (
    FOLLOW_UP_WORKING_DAYS,
    Told,
    saf1_provider_told_after_authorities,
    saf1_still_to_tell,
)
from careinspect.rules.scheduling import Window

OVERALL_AREA = "overall_experiences_progress"
CASE_REVIEW_WORKING_DAYS = 5  # the same 5 working days ENF-2 and ENF-4 give, for other case reviews

FollowUp = InadequateFollowUp | SeriousConcernsFollowUp


def _text(value: str, field: str, what: str, rule: str | None = None) -> str:
    if not (value or "").strip():
        raise RuleViolation(what, rule=rule, field=field)
    return value.strip()


def require_staff_reader(user: Any) -> None:
    """Enforcement is the regulator's own business: inspectors, managers and QA read; providers never."""
    if not access.is_regulator(user):
        raise PermissionDenied("Only the regulator's staff can see enforcement records.")


# Case reviews ----------------------------------------------------------------------------------------


@transaction.atomic
def open_case_review(
    *,
    provider: Provider,
    reason: str,
    by: Any,
    now: datetime,
    inspection: Inspection | None = None,
    owner: Any = None,
    note: str = "",
    due: date | None = None,
) -> CaseReview:
    """Open a case review. It is owned by the manager who will decide it: the one given, else the
    inspection's manager, else `by`. Unless given, it is due 5 working days after the day of `now`."""
    require_inspector(by)
    if reason not in CaseReviewReason.values:
        raise RuleViolation(f"{reason!r} is not a reason for a case review", field="reason")
    if inspection is not None and inspection.provider_id != provider.pk:
        raise RuleViolation("the inspection is of another provider", field="inspection")
    if owner is None:
        owner = inspection.manager if inspection is not None else by
    if not access.can_manage(owner):
        raise RuleViolation("a case review is decided by a regulatory inspection manager", field="owner")
    today = local_day(now)
    if due is None:
        # RULES: ENF-2 — a case review no later than 5 working days.
        due = calendar().add_working_days(today, CASE_REVIEW_WORKING_DAYS)
    rule = REASON_RULES[reason]
    review = CaseReview(
        provider=provider,
        inspection=inspection,
        reason=reason,
        rule=rule,
        note=note.strip(),
        opened_on=today,
        opened_by=by,
        due=due,
        owner=owner,
    )
    save(review, by, "Case review opened")
    if inspection is not None:
        record_event(
            inspection,
            by,
            EventType.CASE_REVIEW_OPENED,
            now,
            f"{CaseReviewReason(reason).label}: due by {day_text(due)}, decided by {_name(owner)}",
        )
    return review


@transaction.atomic
def decide_case_review(
    review: CaseReview,
    *,
    by: Any,
    decision: str,
    reason: str,
    now: datetime,
    visit_announced: bool | None = None,
) -> CaseReview:
    """The manager decides what action to take (ENF-1, ENF-2, ENF-4). After an inadequate judgement the
    DCS emails are owed from the day of the decision (ENF-3)."""
    require_manager(by, "decide a case review")
    review = CaseReview.objects.select_for_update().get(pk=review.pk)
    if not review.is_open:
        raise RuleViolation("this case review has already been decided", field="decision")
    if decision not in CaseReviewDecision.values or decision == CaseReviewDecision.PENDING:
        raise RuleViolation("choose what action the case review decides on", field="decision")
    why = _text(reason, "decision_reason", "say why the case review decided this", review.rule or None)
    if decision == CaseReviewDecision.MONITORING_VISIT:
        if visit_announced is None:
            raise RuleViolation(
                "say whether the monitoring visit is announced (usually it is not)",
                rule="KND-4",
                field="visit_announced",
            )
    elif visit_announced is not None:
        raise RuleViolation("only a monitoring visit is announced or not", field="visit_announced")
    follow_up = follow_up_of(review)
    if follow_up is not None and follow_up.debrief_id is None:
        # RULES: ENF-2 — the debrief comes first; it takes its recommendation to the case review.
        raise RuleViolation(
            "record the debrief of the inspector and their manager first: it makes the recommendation "
            "the case review considers",
            rule=review.rule or None,
            field="debrief",
        )
    today = local_day(now)
    review.decision = decision
    review.decision_reason = why
    review.visit_announced = visit_announced
    review.decided_by = by
    review.decided_on = today
    save(review, by, "Case review decided")
    if review.reason == CaseReviewReason.INADEQUATE:
        for alert in review.dcs_alerts.filter(message__isnull=True, removed_at__isnull=True):
            # RULES: ENF-3 — the region emails each DCS after the case review has decided.
            alert.email_due = today
            save(alert, by, "Email owed after the case review")
    if review.inspection is not None:
        label = CaseReviewDecision(decision).label
        if visit_announced is not None:
            label += ", announced" if visit_announced else ", unannounced"
        record_event(review.inspection, by, EventType.CASE_REVIEW_DECIDED, now, f"{label}: {why}")
    return review


def follow_up_of(review: CaseReview) -> FollowUp | None:
    for name in ("inadequate_follow_up", "serious_concerns_follow_up"):
        try:
            found: FollowUp = getattr(review, name)
            return found
        except (InadequateFollowUp.DoesNotExist, SeriousConcernsFollowUp.DoesNotExist):
            continue
    return None


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


# Who is alerted -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    local_authority: LocalAuthority
    why: str


def commissioning_authorities(inspection: Inspection) -> list[Recipient]:
    """RULES: ENF-3 — every LA or RAA commissioning services from the agency, and the LA where it is based.

    Worked out from what the regulator holds: the LA where the agency is based, an RAA's member LAs, and
    the LAs of the cases on the inspection's case list (their LA codes), or, on an assurance visit, the
    LAs placing the children on the agency's foster carer register (INF-3). An inspector adds or removes
    one, with a reason, on the next steps page.
    """
    provider = inspection.provider
    found: dict[int, Recipient] = {}
    if provider.local_authority is not None:
        found[provider.local_authority.pk] = Recipient(provider.local_authority, "Where the agency is based")
    if provider.kind == ProviderKind.RAA:
        for la in provider.member_las.all():
            found.setdefault(la.pk, Recipient(la, "A member of the regional adoption agency"))
    counts: dict[str, int] = {}
    for code in inspection.cases.exclude(la_code="").values_list("la_code", flat=True):
        counts[code] = counts.get(code, 0) + 1
    from_register = inspection.declaration.cases is not None and not inspection.declaration.tracks_cases
    for la in LocalAuthority.objects.filter(code__in=counts):
        n = counts[la.code]
        why = (
            f"Places children with the agency: {n} on its foster carer register"
            if from_register
            else f"Commissions services: {n} case{'s' * (n != 1)}"
        )
        found.setdefault(la.pk, Recipient(la, why))
    return sorted(found.values(), key=lambda r: r.local_authority.name)


def _open_alerts(
    inspection: Inspection, review: CaseReview, rule: str, email_due: date | None, by: Any
) -> None:
    for recipient in commissioning_authorities(inspection):
        alert = DcsAlert(
            provider=inspection.provider,
            inspection=inspection,
            case_review=review,
            local_authority=recipient.local_authority,
            rule=rule,
            why=recipient.why,
            email_due=email_due,
        )
        save(alert, by, "DCS alert owed")


# Inadequate (ENF-2, ENF-3, SCH-2) ---------------------------------------------------------------------


def overall_inadequate(inspection: Inspection) -> bool:
    return inspection.judgements.filter(area=OVERALL_AREA, grade="inadequate").exists()


@transaction.atomic
def open_inadequate_next_steps(inspection: Inspection, *, by: Any, now: datetime) -> InadequateFollowUp:
    """RULES: ENF-2 — a SCCIF full inspection judged inadequate overall: the debrief, the case review within
    5 working days of the inspection, the reinspection window (SCH-2) and the DCS alerts (ENF-3). Opening
    them twice returns the first."""
    require_inspector(by)
    existing = InadequateFollowUp.objects.filter(inspection=inspection).first()
    if existing is not None:
        return existing
    require_step(inspection, "next_steps")
    if inspection.kind != Kind.SCCIF_FULL:
        raise RuleViolation(
            "inadequate next steps follow a SCCIF full inspection", rule="ENF-2", field="inspection"
        )
    if not overall_inadequate(inspection):
        raise RuleViolation(
            "the overall judgement is not inadequate", rule="ENF-2", field="overall_experiences_progress"
        )
    if inspection.feedback_on is None:
        raise RuleViolation(
            "next steps follow the inspection: give feedback first", rule="ENF-2", field="feedback_on"
        )
    steps = next_steps.inadequate(inspection.end_date, calendar())
    review = open_case_review(
        provider=inspection.provider,
        reason=CaseReviewReason.INADEQUATE,
        by=by,
        now=now,
        inspection=inspection,
        due=steps.case_review_due,
        note="After the overall judgement of inadequate (ENF-2)",
    )
    follow_up = InadequateFollowUp(
        inspection=inspection,
        opened_on=local_day(now),
        opened_by=by,
        case_review=review,
        reinspection_earliest=steps.reinspection.earliest,
        reinspection_latest=steps.reinspection.latest,
    )
    save(follow_up, by, "Inadequate next steps opened")
    # RULES: ENF-3 — the DCS emails wait for the case review's decision, so they are not due yet.
    _open_alerts(inspection, review, "ENF-3", None, by)
    record_event(
        inspection,
        by,
        EventType.NEXT_STEPS_OPENED,
        now,
        f"Judged inadequate: debrief, case review by {day_text(steps.case_review_due)}, reinspection "
        f"from {day_text(steps.reinspection.earliest)} to {day_text(steps.reinspection.latest)} (SCH-2)",
    )
    return follow_up


def on_judged_inadequate(
    sender: Any, *, inspection: Inspection, by: Any, now: datetime, **kwargs: Any
) -> None:
    """The inspections' `judged_inadequate` hook (sent at feedback, in the same transaction)."""
    open_inadequate_next_steps(inspection, by=by, now=now)


# Serious or widespread concerns (ENF-4, SCH-9) ---------------------------------------------------------


@transaction.atomic
def open_serious_concerns(inspection: Inspection, *, by: Any, now: datetime) -> SeriousConcernsFollowUp:
    """RULES: ENF-4 — an IFA assurance visit found serious or widespread concerns: the debrief, the case
    review within 5 working days, the DCS emails by the end of the next working day after the visit, and
    the monitoring visit within 6 to 8 weeks (SCH-9). Opening them twice returns the first."""
    require_inspector(by)
    existing = SeriousConcernsFollowUp.objects.filter(inspection=inspection).first()
    if existing is not None:
        return existing
    require_step(inspection, "next_steps")
    if inspection.kind != Kind.IFA_ASSURANCE:
        raise RuleViolation(
            "serious or widespread concerns follow an assurance visit to an IFA",
            rule="ENF-4",
            field="inspection",
        )
    detail = getattr(inspection, "assurance", None)
    if detail is not None and detail.serious_concerns is False:
        raise RuleViolation(
            "the visit recorded no serious or widespread concerns", rule="ENF-4", field="serious_concerns"
        )
    steps = next_steps.serious_concerns(inspection.end_date, calendar())
    review = open_case_review(
        provider=inspection.provider,
        reason=CaseReviewReason.SERIOUS_CONCERNS,
        by=by,
        now=now,
        inspection=inspection,
        due=steps.case_review_due,
        note="After serious or widespread concerns at the assurance visit (ENF-4)",
    )
    follow_up = SeriousConcernsFollowUp(
        inspection=inspection,
        opened_on=local_day(now),
        opened_by=by,
        case_review=review,
        dcs_email_due=steps.dcs_email_due,
        monitoring_earliest=steps.monitoring_visit.earliest,
        monitoring_latest=steps.monitoring_visit.latest,
    )
    save(follow_up, by, "Serious concerns next steps opened")
    # RULES: ENF-4 — each DCS is emailed by the end of the next working day after the visit.
    _open_alerts(inspection, review, "ENF-4", steps.dcs_email_due, by)
    record_event(
        inspection,
        by,
        EventType.NEXT_STEPS_OPENED,
        now,
        f"Serious or widespread concerns: DCS emails by {day_text(steps.dcs_email_due)}, case review by "
        f"{day_text(steps.case_review_due)}, monitoring visit from "
        f"{day_text(steps.monitoring_visit.earliest)} to {day_text(steps.monitoring_visit.latest)} (SCH-9)",
    )
    return follow_up


def follow_up_for(inspection: Inspection) -> FollowUp | None:
    """The inspection's next steps, of either kind, if opened."""
    return (
        InadequateFollowUp.objects.filter(inspection=inspection).first()
        or SeriousConcernsFollowUp.objects.filter(inspection=inspection).first()
    )


@transaction.atomic
def record_debrief(
    follow_up: FollowUp,
    *,
    by: Any,
    now: datetime,
    held_on: date,
    manager: Any,
    evidence_quality: str,
    recommendation: str,
) -> Debrief:
    """RULES: ENF-2 — the inspector and their manager discuss the inspection and the quality of its evidence
    and recommend further action to the case review."""
    require_inspector(by)
    rule = "ENF-2" if isinstance(follow_up, InadequateFollowUp) else "ENF-4"
    if follow_up.debrief_id is not None:
        raise RuleViolation("the debrief is already recorded", rule=rule, field="held_on")
    if manager is None or not access.can_manage(manager):
        raise RuleViolation(
            "the debrief is held with a regulatory inspection manager", rule=rule, field="manager"
        )
    inspection = follow_up.inspection
    if held_on > local_day(now):
        raise RuleViolation("a debrief is recorded once it has been held", rule=rule, field="held_on")
    if held_on < inspection.end_date:
        raise RuleViolation("the debrief follows the inspection or visit", rule=rule, field="held_on")
    debrief = Debrief(
        inspection=inspection,
        rule=rule,
        held_on=held_on,
        inspector=inspection.lead_inspector,
        manager=manager,
        evidence_quality=_text(
            evidence_quality, "evidence_quality", "say what was discussed of the evidence"
        ),
        recommendation=_text(
            recommendation, "recommendation", "write the further action recommended to the case review", rule
        ),
        recorded_by=by,
        recorded_at=now,
    )
    save(debrief, by, "Debrief recorded")
    follow_up.debrief = debrief
    save(follow_up, by, "Debrief recorded")
    record_event(
        inspection, by, EventType.DEBRIEF_HELD, now, f"Held {day_text(held_on)} with {_name(manager)}"
    )
    return debrief


@transaction.atomic
def plan_monitoring_visit(
    follow_up: SeriousConcernsFollowUp,
    *,
    by: Any,
    now: datetime,
    day: date,
    visit: Inspection | None = None,
) -> SeriousConcernsFollowUp:
    """RULES: SCH-9 — the monitoring visit after serious concerns, planned within its 6 to 8 weeks; the
    monitoring inspection once scheduled (its first day must be in the window too)."""
    require_inspector(by)
    window = Window(follow_up.monitoring_earliest, follow_up.monitoring_latest, "SCH-9")
    next_steps.monitoring_day_in_window(day, window)
    if visit is not None:
        if visit.kind != Kind.MONITORING or visit.provider_id != follow_up.inspection.provider_id:
            raise RuleViolation("choose a monitoring visit to this agency", rule="SCH-9", field="visit")
        next_steps.monitoring_day_in_window(visit.start_date, window)
        day = visit.start_date
    follow_up.monitoring_planned_on = day
    follow_up.monitoring_visit = visit
    save(follow_up, by, "Monitoring visit planned")
    record_event(
        follow_up.inspection, by, EventType.MONITORING_VISIT_PLANNED, now, f"Planned for {day_text(day)}"
    )
    return follow_up


# DCS alerts (ENF-3, ENF-4) ----------------------------------------------------------------------------


def _lock_alert(alert: DcsAlert) -> DcsAlert:
    # Lock the alert's own row only: PostgreSQL cannot lock the nullable side of the inspection's outer join.
    return (
        DcsAlert.objects.select_for_update(of=("self",))
        .select_related("provider", "inspection", "local_authority")
        .get(pk=alert.pk)
    )


@transaction.atomic
def add_dcs_alert(
    inspection: Inspection, *, by: Any, now: datetime, local_authority: LocalAuthority, reason: str
) -> DcsAlert:
    """An inspector adds an LA that commissions services from the agency but is not on the list."""
    require_inspector(by)
    follow_up = follow_up_for(inspection)
    if follow_up is None:
        raise RuleViolation("open the next steps first", field="local_authority")
    why = _text(reason, "reason", "say why this local authority is alerted")
    if inspection.dcs_alerts.filter(local_authority=local_authority, removed_at__isnull=True).exists():
        raise RuleViolation(f"{local_authority.name} is already on the list", field="local_authority")
    review = follow_up.case_review
    email_due: date | None
    if isinstance(follow_up, SeriousConcernsFollowUp):
        rule, email_due = "ENF-4", follow_up.dcs_email_due
    else:
        rule, email_due = "ENF-3", (None if review.is_open else review.decided_on)
    alert = DcsAlert(
        provider=inspection.provider,
        inspection=inspection,
        case_review=review,
        local_authority=local_authority,
        rule=rule,
        why="Added by the inspector",
        added_reason=why,
        email_due=email_due,
    )
    save(alert, by, "DCS alert added")
    record_event(inspection, by, EventType.DCS_ALERT_CHANGED, now, f"Added {local_authority.name}: {why}")
    return alert


@transaction.atomic
def remove_dcs_alert(alert: DcsAlert, *, by: Any, now: datetime, reason: str) -> DcsAlert:
    """An LA that does not commission services from the agency comes off the list before it is emailed."""
    require_inspector(by)
    alert = _lock_alert(alert)
    if alert.removed_at is not None:
        raise RuleViolation("already removed", field="reason")
    if alert.message_id is not None:
        raise RuleViolation("this DCS has been emailed: the record stays", rule=alert.rule, field="reason")
    alert.removed_reason = _text(reason, "reason", "say why this local authority is not alerted")
    alert.removed_at = now
    save(alert, by, "DCS alert removed")
    if alert.inspection is not None:
        record_event(
            alert.inspection,
            by,
            EventType.DCS_ALERT_CHANGED,
            now,
            f"Removed {alert.local_authority.name}: {alert.removed_reason}",
        )
    return alert


def dcs_email(alert: DcsAlert, contact: DcsContact, summary: str) -> tuple[str, str]:
    """The subject and body of the email to a DCS, in the inspector's words and the guidance's."""
    context = {"alert": alert, "contact": contact, "summary": summary, "provider": alert.provider}
    subject = render_to_string("enforcement/emails/dcs_alert_subject.txt", context).strip()
    body = render_to_string("enforcement/emails/dcs_alert.txt", context).strip() + "\n"
    return subject, body


@transaction.atomic
def send_dcs_alert(
    alert: DcsAlert, *, by: Any, now: datetime, summary: str, names_checked: bool = False
) -> DcsAlert:
    """Email the DCS: the main concerns, in line with the feedback, saying the agency has not yet had the
    chance to challenge them (ENF-3); after an inadequate judgement only once the case review decided.
    The summary leaves the regulator (and is forwarded to the agency), so it passes the identifying-text
    check first (DPR-2): a flagged passage goes only once the inspector confirms it names nobody."""
    require_inspector(by)
    alert = _lock_alert(alert)
    if alert.removed_at is not None:
        raise RuleViolation("this local authority was taken off the list", field="local_authority")
    if alert.message_id is not None:
        raise RuleViolation("this DCS has already been emailed", rule=alert.rule, field="summary")
    if alert.rule == "ENF-3" and (alert.case_review is None or alert.case_review.is_open):
        # RULES: ENF-3 — "after the case review when we have decided what further action to take".
        raise RuleViolation(
            "the email goes after the case review has decided what further action to take",
            rule="ENF-3",
            field="case_review",
        )
    text = _text(summary, "summary", "summarise the main concerns for the local authority", alert.rule)
    check_emailed_texts(
        alert.provider, {"summary": text}, names_checked=names_checked, to_whom="the director"
    )
    contact = DcsContact.objects.filter(local_authority=alert.local_authority).first()
    if contact is None:
        raise RuleViolation(
            f"no director of children's services is recorded for {alert.local_authority.name}",
            rule=alert.rule,
            field="local_authority",
        )
    subject, body = dcs_email(alert, contact, text)
    message = send_message(
        kind="dcs_alert",
        to=[contact.email],
        subject=subject,
        body=body,
        by=by,
        now=now,
        inspection=alert.inspection,
        provider=alert.provider,
        rule=alert.rule,
    )
    alert.message = message
    alert.emailed_at = now
    # RULES: ENF-3 — followed by a phone call to ensure receipt.
    alert.call_due = next_steps.dcs_call_due(local_day(now), calendar())
    save(alert, by, "DCS emailed")
    if alert.inspection is not None:
        record_event(
            alert.inspection,
            by,
            EventType.DCS_EMAILED,
            now,
            f"{contact.name}, DCS of {alert.local_authority.name} ({contact.email})",
        )
    return alert


@transaction.atomic
def log_dcs_call(
    alert: DcsAlert, *, by: Any, now: datetime, at: datetime, spoke_to: str, note: str
) -> DcsAlert:
    """RULES: ENF-3 — the phone call that follows each email, recorded for future reference."""
    require_inspector(by)
    alert = _lock_alert(alert)
    if alert.message_id is None or alert.emailed_at is None:
        raise RuleViolation("the call follows the email: send it first", rule="ENF-3", field="at")
    if alert.call_at is not None:
        raise RuleViolation("the call is already logged", rule="ENF-3", field="at")
    if at > now:
        raise RuleViolation("log a call once it has been made", rule="ENF-3", field="at")
    if at < alert.emailed_at:
        raise RuleViolation("the call follows the email", rule="ENF-3", field="at")
    alert.call_at = at
    alert.call_by = by
    alert.call_with = _text(spoke_to, "spoke_to", "say who you spoke to", "ENF-3")
    alert.call_note = _text(note, "note", "say what was said: that the email arrived", "ENF-3")
    save(alert, by, "Call to the DCS logged")
    if alert.inspection is not None:
        record_event(
            alert.inspection,
            by,
            EventType.DCS_CALL_LOGGED,
            now,
            f"{alert.local_authority.name}: spoke to {alert.call_with}. {alert.call_note}",
        )
    return alert


@transaction.atomic
def forward_dcs_alert(
    alert: DcsAlert, *, by: Any, now: datetime, to: Sequence[str] = (), note: str = ""
) -> DcsAlert:
    """RULES: ENF-3 — the email to the DCS is forwarded to the agency (by default to its staff on record)."""
    require_inspector(by)
    alert = _lock_alert(alert)
    if alert.message is None:
        raise RuleViolation("forward the email once it has been sent", rule=alert.rule, field="to")
    if alert.forwarded_id is not None:
        raise RuleViolation("already forwarded to the agency", rule=alert.rule, field="to")
    recipients = [a.strip() for a in to if a and a.strip()] or provider_addresses(alert.provider)
    if not recipients:
        raise RuleViolation(
            "the agency has no staff email address on record: give the address to forward to",
            rule=alert.rule,
            field="to",
        )
    forwarded = forward_message(alert.message, to=recipients, by=by, now=now, note=note.strip())
    alert.forwarded = forwarded
    alert.forwarded_at = now
    save(alert, by, "DCS email forwarded to the agency")
    if alert.inspection is not None:
        record_event(
            alert.inspection,
            by,
            EventType.DCS_EMAIL_FORWARDED,
            now,
            f"The email to {alert.local_authority.name} forwarded to {', '.join(recipients)}",
            visible_to_provider=True,
        )
    return alert


@transaction.atomic
def set_dcs_contact(
    local_authority: LocalAuthority, *, by: Any, name: str, email: str, phone: str = ""
) -> DcsContact:
    require_manager(by, "record a director of children's services")
    contact = DcsContact.objects.filter(local_authority=local_authority).first() or DcsContact(
        local_authority=local_authority
    )
    contact.name = _text(name, "name", "give the director's name")
    contact.email = _text(email, "email", "give the director's email address")
    contact.phone = phone.strip()
    save(contact, by, "DCS contact recorded")
    return contact


# Safeguarding referrals (SAF-1) ------------------------------------------------------------------------


@transaction.atomic
def open_safeguarding_referral(
    inspection: Inspection,
    *,
    by: Any,
    now: datetime,
    concern: str,
    about_staff: bool = False,
    adults: bool = False,
    provider_first_risky: bool = False,
    follow_up_owner: Any = None,
    follow_up_due: date | None = None,
) -> SafeguardingReferral:
    """RULES: SAF-1 — a child or service user at immediate risk found on any kind of visit. The regional
    Senior HMI (a manager) follows up; by default the inspection's manager, within a working week."""
    require_step(inspection, "safeguarding_referral")
    require_inspector(by)
    owner = follow_up_owner or inspection.manager
    if not access.can_manage(owner):
        raise RuleViolation(
            "the follow-up is the regional Senior HMI's", rule="SAF-1", field="follow_up_owner"
        )
    today = local_day(now)
    due = follow_up_due or calendar().add_working_days(today, FOLLOW_UP_WORKING_DAYS)
    if due < today:
        raise RuleViolation("the follow-up cannot be due in the past", rule="SAF-1", field="follow_up_due")
    referral = SafeguardingReferral(
        inspection=inspection,
        provider=inspection.provider,
        raised_at=now,
        raised_by=by,
        concern=_text(concern, "concern", "describe the concern, without names", "SAF-1"),
        about_staff=about_staff,
        adults=adults,
        provider_first_risky=provider_first_risky,
        follow_up_owner=owner,
        follow_up_due=due,
    )
    save(referral, by, "Safeguarding referral made")
    record_event(
        inspection,
        by,
        EventType.SAFEGUARDING_REFERRAL,
        now,
        f"Follow-up by {_name(owner)} by {day_text(due)}",
    )
    return referral


@transaction.atomic
def record_referral_contact(
    referral: SafeguardingReferral,
    *,
    by: Any,
    now: datetime,
    role: str,
    organisation: str,
    told_at: datetime,
    how: str,
    name: str = "",
    note: str = "",
) -> ReferralContact:
    """RULES: SAF-1 — who was told, when and how; the authorities first where telling the agency may put a
    child at risk."""
    require_inspector(by)
    referral = SafeguardingReferral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise RuleViolation("this referral is closed", rule="SAF-1", field="role")
    if role not in ReferralRole.values:
        raise RuleViolation("choose who was told", rule="SAF-1", field="role")
    if how not in ContactMethod.values:
        raise RuleViolation("choose how they were told", rule="SAF-1", field="how")
    if told_at > now:
        raise RuleViolation("record someone as told once they have been", rule="SAF-1", field="told_at")
    told = [Told(c.role, c.told_at) for c in referral.contacts.all()]
    saf1_provider_told_after_authorities(
        role, told_at, provider_first_risky=referral.provider_first_risky, told=told
    )
    contact = ReferralContact(
        referral=referral,
        role=role,
        organisation=_text(organisation, "organisation", "name the organisation told", "SAF-1"),
        name=name.strip(),
        told_at=told_at,
        how=how,
        note=note.strip(),
        recorded_by=by,
    )
    save(contact, by, "Safeguarding: someone told")
    record_event(
        referral.inspection,
        by,
        EventType.SAFEGUARDING_CONTACT,
        now,
        f"{ReferralRole(role).label} ({contact.organisation}) told by {ContactMethod(how).label.lower()}",
    )
    return contact


def may_change_follow_up(user: Any, referral: SafeguardingReferral) -> bool:
    """RULES: SAF-1 — the regional Senior HMI follows a referral up: a manager, or the one who owns its
    follow-up, hands it on or moves its day; nobody else (an inspector who is not its owner, QA, the
    agency)."""
    if access.can_manage(user):
        return True
    return bool(access.can_inspect(user) and user.pk == referral.follow_up_owner_id)


@transaction.atomic
def change_referral_follow_up(
    referral: SafeguardingReferral,
    *,
    by: Any,
    now: datetime,
    reason: str,
    follow_up_owner: Any = None,
    follow_up_due: date | None = None,
) -> SafeguardingReferral:
    """RULES: SAF-1 — the follow-up of an open referral passes to another regional Senior HMI (a manager)
    or moves to another day, with the reason; the history keeps who had it and when it was due, and the
    inspection's story says what changed. Unset arguments keep what the referral has."""
    referral = SafeguardingReferral.objects.select_for_update().get(pk=referral.pk)
    if not may_change_follow_up(by, referral):
        raise PermissionDenied(
            "Only a regulatory inspection manager or the referral's Senior HMI can change its follow-up."
        )
    if not referral.is_open:
        raise RuleViolation(
            "this referral is closed: its follow-up is done", rule="SAF-1", field="follow_up_due"
        )
    owner = follow_up_owner if follow_up_owner is not None else referral.follow_up_owner
    due = follow_up_due if follow_up_due is not None else referral.follow_up_due
    if not (owner.is_active and access.can_manage(owner)):
        # RULES: SAF-1 — "the regional Senior HMI follows up": a manager, never an inspector or QA.
        raise RuleViolation(
            f"{_name(owner)} is not a regulatory inspection manager: the follow-up is the regional Senior "
            "HMI's",
            rule="SAF-1",
            field="follow_up_owner",
        )
    today = local_day(now)
    if due < today:
        raise RuleViolation(
            f"the follow-up cannot be due in the past: choose {day_text(today)} or later",
            rule="SAF-1",
            field="follow_up_due",
        )
    changes = []
    if owner.pk != referral.follow_up_owner_id:
        changes.append(f"now followed up by {_name(owner)} (was {_name(referral.follow_up_owner)})")
    if due != referral.follow_up_due:
        changes.append(f"due by {day_text(due)} (was {day_text(referral.follow_up_due)})")
    if not changes:
        raise RuleViolation(
            "change who follows it up or the day it is due", rule="SAF-1", field="follow_up_owner"
        )
    why = _text(reason, "reason", "say why the follow-up changes", "SAF-1")
    referral.follow_up_owner = owner
    referral.follow_up_due = due
    save(referral, by, f"Follow-up changed: {why}")
    # The inspections' event types have none of their own for this: a note on the story says it.
    record_event(
        referral.inspection,
        by,
        EventType.NOTE,
        now,
        f"Safeguarding referral's follow-up {'; '.join(changes)}: {why}",
    )
    return referral


def still_to_tell(referral: SafeguardingReferral) -> list[str]:
    return saf1_still_to_tell(
        referral.contacts.values_list("role", flat=True),
        adults=referral.adults,
        about_staff=referral.about_staff,
        provider_first_risky=referral.provider_first_risky,
    )


@transaction.atomic
def close_referral(
    referral: SafeguardingReferral, *, by: Any, now: datetime, note: str
) -> SafeguardingReferral:
    """RULES: SAF-1 — the regional Senior HMI closes the referral with what the local authority did, once
    everyone who must be told has been."""
    referral = SafeguardingReferral.objects.select_for_update().get(pk=referral.pk)
    if by.pk != referral.follow_up_owner_id and not access.can_manage(by):
        raise PermissionDenied("Only the regional Senior HMI or a manager can close a referral.")
    if not access.can_inspect(by):
        raise PermissionDenied("Only the regulator's inspectors and managers can close a referral.")
    if not referral.is_open:
        raise RuleViolation("this referral is already closed", rule="SAF-1", field="follow_up_note")
    missing = still_to_tell(referral)
    if missing:
        names = ", ".join(ReferralRole(r).label for r in missing)
        raise RuleViolation(f"still to be told: {names}", rule="SAF-1", field="role")
    referral.follow_up_note = _text(note, "follow_up_note", "record what the local authority did", "SAF-1")
    referral.closed_at = now
    referral.closed_by = by
    save(referral, by, "Safeguarding referral closed")
    record_event(referral.inspection, by, EventType.SAFEGUARDING_CLOSED, now, referral.follow_up_note)
    return referral
