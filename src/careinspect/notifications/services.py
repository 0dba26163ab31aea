"""What agencies tell the regulator, and what the regulator does with it (NOT-1..NOT-4, SCH-5, SCH-10).

Every operation takes the acting user (`by`) and the moment it acts (`now`), checks who may do it and in
what state, acts in one transaction and keeps the audit trail. Pages, the API and the demo call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from careinspect.core.regime import current_calendar
from careinspect.core.storage import atomic_with_files, store_original
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, PlanEntry, PlanEntryKind
from careinspect.inspections.services.common import (
    local_day,
    record_event,
    require_inspector,
    require_manager,
    save,
)
from careinspect.messaging.addresses import provider_addresses
from careinspect.messaging.services import send_message
from careinspect.notifications.models import (
    BringForward,
    BringForwardRule,
    EnquiryRule,
    LineOfEnquiry,
    ManagerNotice,
    Nms25Report,
    Notification,
    NotificationStatus,
    NotificationType,
    QuestionnaireImport,
    QuestionnaireResult,
    ReviewOutcome,
)
from careinspect.notifications.questionnaires import parse_questionnaire_csv
from careinspect.registry.models import (
    DueStatus,
    Intelligence,
    IntelligenceKind,
    Provider,
    ProviderDue,
)
from careinspect.registry.services import refresh_due
from careinspect.rules.calendar import day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.identifying import find_identifying
from careinspect.rules.kinds import declaration
from careinspect.rules.lifecycle import Status
from careinspect.rules.notifications import (
    FIELD_LABELS,
    ManagerNoticeFacts,
    ManagerNoticeKind,
    ManagerWeeks,
    Nms25Year,
    describe_missing,
    load_settings,
    manager_weeks_from_notices,
    nms25_latest_due,
    not1_missing_fields,
    not3_is_late,
    not3_notice_due,
)
from careinspect.safefiles import UploadRejected, check_upload

# An inspection whose plan a line of enquiry joins at once: notice given and not yet past the visit (NOT-5).
OPEN_FOR_PLAN = {Status.NOTIFIED, Status.PREPARING, Status.ON_SITE}
# The text fields of a notification checked for names (EVD-2).
TEXT_FIELDS = ("details", "person_ref", "action_taken", "others_informed")
NMS25_KINDS = {"pdf", "docx"}
QUESTIONNAIRE_KINDS = {"csv"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class MayIdentify(RuleViolation):
    """Text that may name someone: sent only once the sender confirms it does not (EVD-2)."""

    def __init__(self, passages: list[str]) -> None:
        self.passages = passages
        super().__init__(
            "this may name someone: "
            + "; ".join(f"“{p}”" for p in passages)
            + ". Use initials or the agency's case record ID, or confirm these are not people's names",
            rule="EVD-2",
            field="details",
        )


def agency_of(user: Any) -> Provider:
    """The agency a provider user works for; the regulator's staff send nothing through the portal."""
    provider = access.provider_of(user)
    if provider is None:
        raise PermissionDenied("Only an agency's own staff can send this.")
    return provider


def require_regulator(user: Any) -> None:
    if not access.is_regulator(user):
        raise PermissionDenied("Only the regulator's staff can see this.")


def _intelligence(
    provider: Provider, kind: str, on: date, summary: str, responses: int | None = None
) -> Intelligence:
    """What the inspector sees when preparing (NOT-5): the registry's record of what the regulator holds."""
    return Intelligence.objects.create(
        provider=provider, kind=kind, received_on=on, summary=summary[:1000], responses=responses
    )


# --- Notifications (NOT-1) ------------------------------------------------------------------------------


def active_types() -> QuerySet[NotificationType]:
    return NotificationType.objects.filter(active=True)


def _known_names(provider: Provider) -> list[str]:
    return [n for n in (provider.registered_manager, provider.responsible_individual) if n.strip()]


def _identifying(provider: Provider, values: Mapping[str, object]) -> list[str]:
    """Passages of the notification's text that may name someone (EVD-2: `rules.identifying`'s check)."""
    found: list[str] = []
    for name in TEXT_FIELDS:
        text = str(values.get(name) or "")
        found += [f.text for f in find_identifying(text, known_names=_known_names(provider))]
    return list(dict.fromkeys(found))


def _clean_fields(values: Mapping[str, object], today: date) -> dict[str, Any]:
    cleaned: dict[str, Any] = {name: values.get(name) for name in FIELD_LABELS}
    for name in TEXT_FIELDS:
        cleaned[name] = str(cleaned[name] or "").strip()
    occurred = cleaned["occurred_on"]
    if occurred is not None and not isinstance(occurred, date):
        raise RuleViolation("give the day it happened as a date", rule="NOT-1", field="occurred_on")
    if occurred is not None and occurred > today:
        raise RuleViolation("the day it happened cannot be in the future", rule="NOT-1", field="occurred_on")
    if len(cleaned["person_ref"]) > 100:
        raise RuleViolation("initials or a case record ID: 100 characters at most", field="person_ref")
    return cleaned


def review_due_from(day: date) -> date:
    """RULES: NOT-1 — notifications are reviewed within the working days the data sets."""
    return current_calendar().add_working_days(day, load_settings().review_within_working_days)


@transaction.atomic
def submit_notification(
    *, by: Any, type: NotificationType, values: Mapping[str, object], names_checked: bool, now: datetime
) -> Notification:
    """RULES: NOT-1 — an agency tells the regulator of a serious event; its completeness is checked against
    the type's required fields, and it waits for an inspector's review."""
    provider = agency_of(by)
    if not type.active:
        raise RuleViolation(f"{type.name} is no longer a type agencies notify", rule="NOT-1", field="type")
    today = local_day(now)
    fields = _clean_fields(values, today)
    passages = _identifying(provider, fields)
    if passages and not names_checked:
        raise MayIdentify(passages)
    notification = Notification(
        provider=provider,
        type=type,
        submitted_by=by,
        submitted_at=now,
        missing_fields=not1_missing_fields(type.required_fields, fields),
        identifying=passages,
        review_due=review_due_from(today),
        intelligence=_intelligence(
            provider, IntelligenceKind.NOTIFICATION, today, f"{type.name}: {fields['details']}"
        ),
        **fields,
    )
    save(notification, by, "Notification sent")
    return notification


def own_notification(user: Any, pk: int) -> Notification:
    """One of the agency's own notifications; another agency's is 404, never 403 (DPR-3)."""
    provider = agency_of(user)
    try:
        return Notification.objects.select_related("type").get(pk=pk, provider=provider)
    except Notification.DoesNotExist:
        from django.http import Http404

        raise Http404("No notification found") from None


@transaction.atomic
def add_information(
    notification: Notification, *, by: Any, values: Mapping[str, object], names_checked: bool, now: datetime
) -> Notification:
    """RULES: NOT-1 — the agency answers the inspector's request for more: the notification is checked for
    completeness again and waits for review again."""
    provider = agency_of(by)
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.provider_id != provider.pk:
        raise PermissionDenied("Only the agency that sent this notification can add to it.")
    if notification.status != NotificationStatus.MORE_ASKED:
        raise RuleViolation("more information has not been asked for", rule="NOT-1", field="status")
    today = local_day(now)
    given = {k: v for k, v in values.items() if v not in (None, "")}
    fields = _clean_fields({**notification.field_values(), **given}, today)
    passages = _identifying(provider, fields)
    if passages and not names_checked:
        raise MayIdentify(passages)
    for name, value in fields.items():
        setattr(notification, name, value)
    notification.missing_fields = not1_missing_fields(notification.type.required_fields, fields)
    notification.identifying = passages
    notification.status = NotificationStatus.WAITING
    notification.review_due = review_due_from(today)
    save(notification, by, "More information added")
    return notification


def open_inspection(provider: Provider) -> Inspection | None:
    """The provider's inspection whose plan a line of enquiry joins now (NOT-5), if one is open."""
    for inspection in Inspection.objects.filter(
        provider=provider, status__in=[s.value for s in OPEN_FOR_PLAN]
    ).order_by("-pk"):
        if declaration(inspection.kind).has("plan"):
            return inspection
    return None


def _into_plan(line: LineOfEnquiry, inspection: Inspection, by: Any, now: datetime) -> None:
    entry = PlanEntry(
        inspection=inspection,
        kind=PlanEntryKind.LINE_OF_ENQUIRY,
        text=line.text,
        added_on_site=inspection.status_enum is Status.ON_SITE,
    )
    # RULES: NOT-5 — what the regulator holds becomes a line of enquiry of the inspection's plan.
    save(entry, by, f"Line of enquiry from {line.rule}")
    line.inspection, line.plan_entry = inspection, entry
    save(line, by, "Taken into the inspection plan")
    record_event(inspection, by, EventType.NOTE, now, f"Line of enquiry added to the plan ({line.rule})")


@transaction.atomic
def add_line_of_enquiry(
    provider: Provider,
    *,
    by: Any,
    text: str,
    rule: str,
    now: datetime,
    notification: Notification | None = None,
    questionnaire: QuestionnaireResult | None = None,
) -> LineOfEnquiry:
    """A line of enquiry for the provider's next inspection: in the plan of the one open now, or kept until
    the next is notified (`take_up_pending`)."""
    require_inspector(by)
    if not text.strip():
        raise RuleViolation("write the line of enquiry", rule=rule, field="text")
    line = LineOfEnquiry(
        provider=provider,
        text=text.strip(),
        rule=rule,
        added_by=by,
        added_at=now,
        notification=notification,
        questionnaire=questionnaire,
    )
    save(line, by, "Line of enquiry for the next inspection")
    inspection = open_inspection(provider)
    if inspection is not None:
        _into_plan(line, inspection, by, now)
    return line


@transaction.atomic
def take_up_pending(inspection: Inspection, *, by: Any, now: datetime) -> int:
    """The provider's lines of enquiry still waiting join this inspection's plan once notice is given."""
    if inspection.status_enum not in OPEN_FOR_PLAN or not declaration(inspection.kind).has("plan"):
        return 0
    pending = list(
        LineOfEnquiry.objects.select_for_update().filter(provider_id=inspection.provider_id, plan_entry=None)
    )
    for line in pending:
        _into_plan(line, inspection, by, now)
    return len(pending)


@dataclass(frozen=True)
class Review:
    outcome: str
    note: str = ""
    inspect_by: date | None = None


@transaction.atomic
def review_notification(
    notification: Notification, *, by: Any, review: Review, now: datetime
) -> Notification:
    """RULES: NOT-1 — an inspector reviews a notification: noted, more asked for, a line of enquiry for the
    next inspection, or the next inspection brought forward with the reason recorded (SCH-5)."""
    require_inspector(by)
    notification = (
        Notification.objects.select_for_update().select_related("type", "provider").get(pk=notification.pk)
    )
    if notification.status != NotificationStatus.WAITING:
        raise RuleViolation(
            f"this notification is {notification.get_status_display().lower()}", rule="NOT-1", field="status"
        )
    if review.outcome not in ReviewOutcome.values:
        raise RuleViolation(
            f"{review.outcome!r} is not an outcome of a review", rule="NOT-1", field="outcome"
        )
    note = review.note.strip()
    if review.outcome != ReviewOutcome.NOTED and not note:
        words = {
            ReviewOutcome.MORE_INFORMATION: "say what more the agency must tell us",
            ReviewOutcome.LINE_OF_ENQUIRY: "write the line of enquiry",
            ReviewOutcome.BRING_FORWARD: "give the reason the inspection is brought forward",
        }[ReviewOutcome(review.outcome)]
        raise RuleViolation(
            words, rule="SCH-5" if review.outcome == ReviewOutcome.BRING_FORWARD else "NOT-1", field="note"
        )
    notification.outcome = review.outcome
    notification.review_note = note
    notification.reviewed_by = by
    notification.reviewed_at = now
    notification.status = NotificationStatus.REVIEWED
    if review.outcome == ReviewOutcome.MORE_INFORMATION:
        notification.status = NotificationStatus.MORE_ASKED
        _ask_for_more(notification, note, by=by, now=now)
    elif review.outcome == ReviewOutcome.LINE_OF_ENQUIRY:
        add_line_of_enquiry(
            notification.provider, by=by, text=note, rule=EnquiryRule.NOT1, now=now, notification=notification
        )
    elif review.outcome == ReviewOutcome.BRING_FORWARD:
        bring_forward(
            notification.provider,
            by=by,
            rule=BringForwardRule.SCH5,
            reason=note,
            inspect_by=review.inspect_by,
            now=now,
            notification=notification,
        )
    save(notification, by, f"Reviewed: {notification.get_outcome_display()}")
    return notification


def _ask_for_more(notification: Notification, note: str, *, by: Any, now: datetime) -> None:
    """RULES: NOT-1 — an incomplete notification makes the inspector ask the agency for more."""
    missing = describe_missing(notification.missing_fields)
    body = (
        f"Your notification {notification.reference} ({notification.type.name}) needs more information.\n\n"
        f"{note}\n"
        + (f"\nStill to fill in: {missing}.\n" if missing else "")
        + "\nAdd it on the notification's page in the portal."
    )
    to = provider_addresses(notification.provider)
    if to:
        send_message(
            kind="notification_more_information",
            to=to,
            subject=f"More information needed: {notification.reference}",
            body=body,
            by=by,
            now=now,
            provider=notification.provider,
            rule="NOT-1",
        )


# --- Bringing an inspection forward (SCH-5, SCH-10) ------------------------------------------------------


@transaction.atomic
def bring_forward(
    provider: Provider,
    *,
    by: Any,
    rule: str,
    reason: str,
    inspect_by: date | None,
    now: datetime,
    notification: Notification | None = None,
    manager_notice: ManagerNotice | None = None,
    nms25_year_ending: date | None = None,
) -> BringForward:
    """RULES: SCH-5 — what the regulator holds may bring the next inspection forward, the reason recorded;
    the due list shows it from today until an inspection ends on or after today."""
    if rule == BringForwardRule.SCH10:
        require_manager(by, "bring an inspection forward for late notice about the manager")
        if manager_notice is None or not manager_notice.late:
            raise RuleViolation(
                "only a failure to notify the absence or change of a manager brings it forward under SCH-10",
                rule="SCH-10",
                field="manager_notice",
            )
    elif rule == BringForwardRule.SCH5:
        require_inspector(by)
    else:
        raise RuleViolation(f"{rule!r} does not bring an inspection forward", rule="SCH-5", field="rule")
    today = local_day(now)
    reason = reason.strip()
    if not reason:
        raise RuleViolation("give the reason the inspection is brought forward", rule=rule, field="reason")
    if len(reason) > 160:
        raise RuleViolation(
            "keep the reason to 160 characters: the due list shows it", rule=rule, field="reason"
        )
    if inspect_by is None:
        raise RuleViolation("give the day the inspection is now wanted by", rule=rule, field="inspect_by")
    if inspect_by < today:
        raise RuleViolation(
            "the day the inspection is wanted by cannot be in the past", rule=rule, field="inspect_by"
        )
    due = ProviderDue.objects.filter(provider=provider).first()
    if due is None or due.earliest is None:
        raise RuleViolation(
            f"{provider.name} has no next inspection to bring forward"
            + (f": {due.reason[:1].lower()}{due.reason[1:]}" if due else ""),
            rule=rule,
            field="provider",
        )
    if due.status == DueStatus.UNDER_WAY:
        raise RuleViolation(
            f"an inspection is already under way ({due.under_way_reference})", rule=rule, field="provider"
        )
    decision = BringForward(
        provider=provider,
        rule=rule,
        reason=reason,
        decided_on=today,
        inspect_by=inspect_by,
        decided_by=by,
        decided_at=now,
        notification=notification,
        manager_notice=manager_notice,
        nms25_year_ending=nms25_year_ending,
    )
    save(decision, by, f"Inspection brought forward ({rule})")
    refresh_due([provider.pk], today)
    return decision


def in_force(provider_ids: list[int]) -> dict[int, BringForward]:
    """Each provider's decision in force (the soonest wanted), ignoring those an inspection has since met:
    one query for the batch."""
    from careinspect.registry.models import PastInspection

    since = PastInspection.objects.filter(provider=OuterRef("provider"), end_date__gte=OuterRef("decided_on"))
    found: dict[int, BringForward] = {}
    for decision in (
        BringForward.objects.filter(provider_id__in=provider_ids)
        .exclude(Exists(since))
        .order_by("provider_id", "inspect_by", "-decided_at")
    ):
        found.setdefault(decision.provider_id, decision)
    return found


# --- Manager absence and change (NOT-3, SCH-10, JDG-5, JDG-6) ------------------------------------------


@dataclass(frozen=True)
class _ManagerFacts:
    """A notice's facts once checked, with when notice was due and whether it came late (NOT-3)."""

    kind: ManagerNoticeKind
    emergency: bool
    due_by: date | None
    late: bool


def _manager_facts(
    *,
    kind: str,
    emergency: bool,
    starts_on: date,
    ends_on: date | None,
    applied_to_register_on: date | None,
    given_on: date,
    today: date,
) -> _ManagerFacts:
    """RULES: NOT-3 — the facts a notice about the manager gives, checked; notice of an absence or a
    leaving given on `given_on` is late after the day the rule gives."""
    if kind not in ManagerNoticeKind.__members__.values():
        raise RuleViolation(f"{kind!r} is not a notice about the manager", rule="NOT-3", field="kind")
    notice_kind = ManagerNoticeKind(kind)
    if ends_on is not None and ends_on < starts_on:
        raise RuleViolation("the return cannot be before the absence starts", rule="NOT-3", field="ends_on")
    if (
        notice_kind is ManagerNoticeKind.ABSENCE
        and ends_on is not None
        and (ends_on - starts_on).days + 1 < 28
    ):
        raise RuleViolation("only an absence of 28 days or more is notified", rule="NOT-3", field="ends_on")
    if notice_kind is not ManagerNoticeKind.APPOINTED and applied_to_register_on is not None:
        raise RuleViolation(
            "only a new manager applies to register", rule="NOT-3", field="applied_to_register_on"
        )
    if applied_to_register_on is not None and applied_to_register_on > today:
        raise RuleViolation(
            "the application cannot be in the future", rule="NOT-3", field="applied_to_register_on"
        )
    if notice_kind is ManagerNoticeKind.APPOINTED and starts_on > given_on:
        raise RuleViolation("tell us once the new manager has started", rule="NOT-3", field="starts_on")
    if notice_kind is ManagerNoticeKind.APPOINTED:
        return _ManagerFacts(notice_kind, False, None, False)
    return _ManagerFacts(
        notice_kind,
        emergency,
        not3_notice_due(starts_on, emergency=emergency),
        not3_is_late(starts_on, emergency=emergency, given_on=given_on),
    )


def _manager_summary(notice: ManagerNotice) -> str:
    """What the preparation page shows of a notice about the manager (NOT-5)."""
    summary = f"{notice.get_kind_display()} from {day_text(notice.starts_on)}"
    if notice.late and notice.due_by is not None:
        summary += f"; notice was due by {day_text(notice.due_by)}: late (NOT-3)"
    return summary


@transaction.atomic
def submit_manager_notice(
    *,
    by: Any,
    kind: str,
    emergency: bool,
    starts_on: date,
    ends_on: date | None = None,
    applied_to_register_on: date | None = None,
    arrangements: str = "",
    now: datetime,
) -> ManagerNotice:
    """RULES: NOT-3 — the agency tells the regulator of a manager's absence of 28 days or more, leaving or
    replacement; notice of an absence or a leaving is late after the day the rule gives, and flagged."""
    provider = agency_of(by)
    today = local_day(now)
    facts = _manager_facts(
        kind=kind,
        emergency=emergency,
        starts_on=starts_on,
        ends_on=ends_on,
        applied_to_register_on=applied_to_register_on,
        given_on=today,
        today=today,
    )
    notice = ManagerNotice(
        provider=provider,
        kind=facts.kind.value,
        emergency=facts.emergency,
        starts_on=starts_on,
        ends_on=ends_on,
        applied_to_register_on=applied_to_register_on,
        arrangements=arrangements.strip(),
        submitted_by=by,
        submitted_at=now,
        given_on=today,
        due_by=facts.due_by,
        late=facts.late,
    )
    notice.intelligence = _intelligence(
        provider, IntelligenceKind.MANAGER_CHANGE, today, _manager_summary(notice)
    )
    save(notice, by, "Notice about the manager" + (" (late)" if facts.late else ""))
    return notice


def may_correct(user: Any, notice: ManagerNotice) -> bool:
    """RULES: NOT-3 — the member of the agency's staff who sent a notice corrects it; nobody else."""
    provider = access.provider_of(user)
    return bool(
        provider is not None and provider.pk == notice.provider_id and user.pk == notice.submitted_by_id
    )


def correction_refused(notice: ManagerNotice) -> RuleViolation | None:
    """RULES: NOT-3 — why a notice can no longer be corrected, if it cannot: the regulator has acted on
    what it said (an inspection brought forward for it, SCH-10), so the record stands."""
    decision = BringForward.objects.filter(manager_notice=notice).order_by("decided_at", "pk").first()
    if decision is None:
        return None
    return RuleViolation(
        f"we acted on this notice on {day_text(decision.decided_on)} (SCH-10), so it can no longer be "
        "corrected: send a new notice to tell us what has changed",
        rule="NOT-3",
        field="status",
    )


@transaction.atomic
def correct_manager_notice(
    notice: ManagerNotice,
    *,
    by: Any,
    kind: str,
    emergency: bool,
    starts_on: date,
    ends_on: date | None = None,
    applied_to_register_on: date | None = None,
    arrangements: str = "",
    reason: str,
    now: datetime,
) -> ManagerNotice:
    """RULES: NOT-3 — the sender corrects a notice about the manager while the regulator has not acted on
    it (no inspection brought forward for it, SCH-10): the facts are checked again, and whether notice
    was late is worked out again from the corrected facts and the day it was first given. The history keeps
    what it said before, and what the preparation page shows says it was corrected, and why."""
    notice = ManagerNotice.objects.select_for_update().get(pk=notice.pk)
    if not may_correct(by, notice):
        raise PermissionDenied("Only the member of the agency's staff who sent this notice can correct it.")
    refused = correction_refused(notice)
    if refused is not None:
        raise refused
    why = reason.strip()
    if not why:
        raise RuleViolation("say what was wrong in the notice", rule="NOT-3", field="reason")
    today = local_day(now)
    facts = _manager_facts(
        kind=kind,
        emergency=emergency,
        starts_on=starts_on,
        ends_on=ends_on,
        applied_to_register_on=applied_to_register_on,
        given_on=notice.given_on,
        today=today,
    )
    corrected = {
        "kind": facts.kind.value,
        "emergency": facts.emergency,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "applied_to_register_on": applied_to_register_on,
        "arrangements": arrangements.strip(),
    }
    if all(getattr(notice, name) == value for name, value in corrected.items()):
        raise RuleViolation("change what was wrong in the notice", rule="NOT-3", field="kind")
    first_late, first_due = notice.late, notice.due_by
    for name, value in corrected.items():
        setattr(notice, name, value)
    notice.due_by, notice.late = facts.due_by, facts.late
    notice.corrected_at, notice.correction_reason = now, why
    save(notice, by, f"Corrected: {why}")
    if notice.intelligence is not None:
        summary = f"{_manager_summary(notice)}; corrected on {day_text(today)}: {why}"
        if first_late and not notice.late and first_due is not None:
            summary += f" (first given as late: notice was due by {day_text(first_due)})"
        notice.intelligence.summary = summary[:1000]
        save(notice.intelligence, by, "Notice about the manager corrected")
    return notice


def late_notices_awaiting_decision() -> QuerySet[ManagerNotice]:
    """RULES: SCH-10 — late notices about a manager that no decision has yet brought forward."""
    return (
        ManagerNotice.objects.filter(late=True, brought_forward__isnull=True)
        .select_related("provider")
        .order_by("-given_on", "-pk")
    )


def manager_weeks(provider: Provider, on: date) -> ManagerWeeks:
    """The JDG-5 and JDG-6 facts the agency's notices give on `on` (nothing retyped by the inspector)."""
    notices = [
        ManagerNoticeFacts(ManagerNoticeKind(n.kind), n.starts_on, n.given_on, n.applied_to_register_on)
        for n in provider.manager_notices.all()
    ]
    return manager_weeks_from_notices(notices, on)


# --- NMS 25 reports (NOT-2) -----------------------------------------------------------------------------


def nms25_owed(year: Nms25Year) -> QuerySet[Provider]:
    """RULES: NOT-2 — the agencies that owe a report for `year`: the kinds the data names, registered by
    the year's end, never a single individual."""
    kinds = sorted(load_settings().nms25_provider_kinds)
    return Provider.objects.filter(kind__in=kinds, single_individual=False, registration_date__lte=year.last)


def missing_nms25(today: date) -> tuple[Nms25Year, QuerySet[Provider]]:
    """RULES: NOT-2 — the agencies whose report for the latest year now due has not come (missing reports
    may bring an inspection forward, SCH-5)."""
    year = nms25_latest_due(today)
    sent = Nms25Report.objects.filter(provider=OuterRef("pk"), year_ending=year.last)
    return year, nms25_owed(year).exclude(Exists(sent)).order_by("name", "pk")


def _check_file(filename: str, data: bytes, allowed: set[str], rule: str) -> Any:
    try:
        return check_upload(filename, data, allowed=allowed, max_bytes=MAX_UPLOAD_BYTES)
    except UploadRejected as rejected:
        raise RuleViolation(rejected.message, rule=rule, field="file") from rejected


@atomic_with_files()
def send_nms25(
    *, by: Any, year_ending: date, visit_date: date, filename: str, data: bytes, now: datetime
) -> Nms25Report:
    """RULES: NOT-2 — the agency sends its NMS 25 report for a year of 1 April to 31 March, with the date of
    the visit; an agency that is a single individual is not asked for one."""
    provider = agency_of(by)
    today = local_day(now)
    if (year_ending.month, year_ending.day) != (3, 31):
        raise RuleViolation("the year reported on ends on 31 March", rule="NOT-2", field="year_ending")
    if year_ending >= today:
        raise RuleViolation("send the report once the year has ended", rule="NOT-2", field="year_ending")
    if provider.single_individual:
        raise RuleViolation(
            "an agency that is a single individual does not make NMS 25 reports",
            rule="NOT-2",
            field="provider",
        )
    if visit_date > today:
        raise RuleViolation("the visit cannot be in the future", rule="NOT-2", field="visit_date")
    checked = _check_file(filename, data, NMS25_KINDS, "NOT-2")
    report = Nms25Report(
        provider=provider,
        year_ending=year_ending,
        visit_date=visit_date,
        original_name=checked.original_name[:255],
        sha256=checked.sha256,
        submitted_by=by,
        submitted_at=now,
    )
    store_original(report.original, checked.safe_name, data)
    report.intelligence = _intelligence(
        provider,
        IntelligenceKind.NMS25,
        today,
        f"NMS 25 report for {year_ending.year - 1} to {year_ending.year}; visit on {day_text(visit_date)}",
    )
    save(report, by, "NMS 25 report sent")
    return report


# --- Questionnaires (NOT-4) -----------------------------------------------------------------------------

NO_RESPONSES = (
    "No responses to the annual questionnaires sent in {year}: find out how the agency shared the "
    "links and gather the views of children, parents and carers, staff and other service users."
)


def import_questionnaires(
    *, by: Any, year: int, filename: str, data: bytes, now: datetime
) -> QuestionnaireImport:
    """RULES: NOT-4 — the annual questionnaires' response counts from a CSV (`urn`, `responses`): the file
    is kept as sent; a file with errors is kept but not used; an agency with no responses gets a line of
    enquiry for its next inspection."""
    require_inspector(by)
    if not 2000 <= year <= local_day(now).year:
        raise RuleViolation("give the year the questionnaires were sent", rule="NOT-4", field="year")
    checked = _check_file(filename, data, QUESTIONNAIRE_KINDS, "NOT-4")
    rows, errors = parse_questionnaire_csv(data)
    urns = {urn for urn, _count, _row in rows}
    providers = {p.urn: p for p in Provider.objects.filter(urn__in=urns)}
    for urn, _count, row in rows:
        if urn not in providers:
            errors.append({"row": row, "column": "urn", "value": urn, "message": "no provider has this URN"})
    errors.sort(key=lambda e: (int(e["row"]), str(e["column"])))
    return _keep_import(by, year, checked, data, rows if not errors else [], errors, providers, now)


@atomic_with_files()
def _keep_import(
    by: Any,
    year: int,
    checked: Any,
    data: bytes,
    rows: list[tuple[str, int, int]],
    errors: list[dict[str, Any]],
    providers: dict[str, Provider],
    now: datetime,
) -> QuestionnaireImport:
    today = local_day(now)
    kept = QuestionnaireImport(
        year=year,
        original_name=checked.original_name[:255],
        sha256=checked.sha256,
        uploaded_by=by,
        uploaded_at=now,
        valid=not errors,
        rows=len(rows),
        errors=errors,
    )
    store_original(kept.original, checked.safe_name, data)
    save(kept, by, "Questionnaire responses imported" if not errors else "Questionnaire file with errors")
    for urn, count, _row in rows:
        provider = providers[urn]
        result = QuestionnaireResult(
            source=kept,
            provider=provider,
            responses=count,
            intelligence=_intelligence(
                provider,
                IntelligenceKind.QUESTIONNAIRE,
                today,
                f"Annual questionnaires sent in {year}",
                count,
            ),
        )
        save(result, by, "Questionnaire responses")
        if count == 0:
            # RULES: NOT-4 — no responses for a provider is itself a line of enquiry.
            add_line_of_enquiry(
                provider,
                by=by,
                text=NO_RESPONSES.format(year=year),
                rule=EnquiryRule.NOT4,
                now=now,
                questionnaire=result,
            )
    return kept
