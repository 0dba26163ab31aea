"""From scheduling to the end of the on-site visit: notice, deferral, preparation, feedback, pauses.

Each function checks the step belongs to the inspection's kind, who is acting and what the rules need,
then moves the inspection in one transaction with the audit trail written. Errors are `RuleViolation`
naming the field and the rule. The moment of acting (`now`) always comes from the caller.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from careinspect.inspections.events import EventType
from careinspect.inspections.models import (
    DeferralDecision,
    DeferralRequest,
    Inspection,
    PlanEntry,
    PlanEntryKind,
)
from careinspect.inspections.services import judgements as judgement_services
from careinspect.inspections.services.common import (
    calendar,
    local_day,
    lock,
    move,
    policy,
    record_event,
    require_inspector,
    require_manager,
    require_step,
    require_transition,
    save,
    sccif_of,
)
from careinspect.inspections.signals import information_due, judged_inadequate
from careinspect.registry.models import Provider
from careinspect.rules.calendar import day_text, describe_days
from careinspect.rules.errors import RuleViolation
from careinspect.rules.evidence import evd4_scan_due
from careinspect.rules.frameworks import load_framework
from careinspect.rules.kinds import Kind, declaration
from careinspect.rules.lifecycle import Status
from careinspect.rules.notice import (
    inf2_agreed_date_is_before_the_visit,
    knd1_on_site_span,
    ntc1_notice_can_still_be_given,
    ntc1_start_leaves_time_for_notice,
)
from careinspect.rules.sampling import cas1_enough_tracked, tracked_minimum
from careinspect.rules.timelines import compute_timeline

SCCIF = declaration(Kind.SCCIF_FULL)


def _check_dates(framework: str, start: date, end: date) -> None:
    """The framework's span for the on-site days (KND-1, through `rules.notice`)."""
    knd1_on_site_span(start, end, load_framework(framework).on_site.max_span_days, calendar())


def notice_day(provider: Provider, start: date, end: date, framework: str = "") -> date:
    """RULES: NTC-1 — 10 WD before (CAL-3), or 20 for an agency that is a single individual; another
    kind's framework gives its own notice (NTC-2, NTC-4)."""
    name = framework or SCCIF.framework_for(provider.kind)
    timeline = compute_timeline(
        name,
        start,
        end,
        calendar=calendar(),
        policy=policy(),
        single_individual=provider.single_individual
        and load_framework(name).notice.single_individual_working_days_before is not None,
    )
    return timeline.get("notice").day


# The states in which an inspection still holds its on-site days: before and during the visit, and paused
# (it resumes on them). Deferred and incomplete inspections get new dates; the rest have been on site.
HOLDS_ITS_DAYS = (Status.SCHEDULED, Status.NOTIFIED, Status.PREPARING, Status.ON_SITE, Status.PAUSED)


def lead_inspector_clashes(
    lead_inspector: Any, start: date, end: date, *, exclude: Inspection | None = None
) -> list[Inspection]:
    """The other inspections whose on-site days overlap `start` to `end` and whose lead inspector or team
    includes this inspector: one person cannot be on site at two agencies at once (KND-1: the lead
    inspector is on site for the whole visit)."""
    found = (
        Inspection.objects.filter(status__in=[s.value for s in HOLDS_ITS_DAYS])
        .filter(Q(lead_inspector=lead_inspector) | Q(team_members__inspector=lead_inspector))
        .filter(start_date__lte=end, end_date__gte=start)
        .select_related("provider")
        .distinct()
        .order_by("start_date", "pk")
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return list(found)


def refuse_a_clash(lead_inspector: Any, start: date, end: date) -> None:
    clashes = lead_inspector_clashes(lead_inspector, start, end)
    if clashes:
        other = clashes[0]
        name = lead_inspector.get_full_name() or lead_inspector.get_username()
        first, last = (f"{day_text(d)}" for d in (other.start_date, other.end_date))
        when = first if first == last else f"{first} to {last}"
        more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
        raise RuleViolation(
            f"{name} is on site for {other.reference} at {other.provider.name} on {when}{more}: "
            "choose other dates or another lead inspector",
            field="lead_inspector",
        )


@transaction.atomic
def schedule_inspection(
    provider: Provider,
    *,
    lead_inspector: Any,
    manager: Any,
    start: date,
    end: date,
    by: Any,
    now: datetime,
    refuse_clash: bool = False,
) -> Inspection:
    """Schedule a SCCIF full inspection (KND-1) of a provider the framework is for.

    An inspector cannot be in two places: with `refuse_clash` (the scheduling page passes it), on-site days
    that overlap another inspection the lead inspector is on (before or during its visit, or paused) are
    refused naming it. It is off by default only because the demo's stories, told around today, and some
    tests' fixtures overlap; once they do not, it should be on for every caller."""
    require_manager(by, "schedule an inspection")
    today = local_day(now)
    if provider.kind not in SCCIF.provider_kinds:
        raise RuleViolation(
            f"{provider.name} is a {provider.get_kind_display().lower()}; a SCCIF full inspection here is "
            "for adoption support agencies",
            rule="KND-1",
            field="provider",
        )
    if not lead_inspector.has_perm("inspections.inspect"):
        raise RuleViolation(f"{lead_inspector.get_username()} is not an inspector", field="lead_inspector")
    if not manager.has_perm("inspections.manage_inspections"):
        raise RuleViolation(
            f"{manager.get_username()} is not a regulatory inspection manager", field="manager"
        )
    _check_dates(SCCIF.framework_for(provider.kind), start, end)
    notice = notice_day(provider, start, end)
    ntc1_start_leaves_time_for_notice(today, notice, start)
    if refuse_clash:
        refuse_a_clash(lead_inspector, start, end)
    inspection = Inspection(
        provider=provider,
        kind=Kind.SCCIF_FULL.value,
        lead_inspector=lead_inspector,
        manager=manager,
        start_date=start,
        end_date=end,
        notice_due=notice,
    )
    save(inspection, by, "Scheduled")
    sccif_of(inspection)
    record_event(
        inspection,
        by,
        EventType.SCHEDULED,
        now,
        f"On site {describe_days(start, end)}",
        to_status="scheduled",
    )
    return inspection


@transaction.atomic
def notify(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    """Send the letter of notice and the staff letter (NTC-1, INF-2) and fix the information date."""
    require_step(inspection, "notify")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    ntc1_notice_can_still_be_given(today, inspection.notice_due, inspection.start_date)
    calendar().require_working_day(today, field="notified_on", role="notice day")
    inspection.notified_on = today
    # RULES: INF-2 — the date is agreed with the agency; the policy default stands until it is.
    inspection.information_due = calendar().add_working_days(
        today, policy().asa_information_working_days_after_notice
    )
    move(inspection, "notify", by, now, "Letter of notice and staff letter sent by email")
    information_due.send(sender=Inspection, inspection=inspection, by=by)
    from careinspect.messaging import inspection_mail  # kept with the inspection (issue 12)

    inspection_mail.send_notice(inspection, by=by, now=now)
    return inspection


@transaction.atomic
def log_notification_call(inspection: Inspection, *, by: Any, at: datetime, note: str) -> Inspection:
    """RULES: NTC-1 — the lead inspector follows the letter with a phone call; the call is logged."""
    require_step(inspection, "notification_call")
    require_inspector(by)
    inspection = lock(inspection)
    if inspection.notified_on is None:
        raise RuleViolation("send the letter of notice before logging the call", rule="NTC-1", field="status")
    if not note.strip():
        raise RuleViolation("say who was spoken to and what was agreed", field="note")
    if inspection.kind == Kind.RAA_THEMATIC and local_day(at) != inspection.notified_on:
        # RULES: NTC-2 — the call to the RAA leader follows the letter the same morning.
        raise RuleViolation(
            f"the call follows the letter the same morning: {day_text(inspection.notified_on)}",
            rule="NTC-2",
            field="at",
        )
    inspection.notification_call_at = at
    inspection.notification_call_note = note.strip()
    save(inspection, by, "Notification call logged")
    record_event(inspection, by, EventType.NOTIFICATION_CALL, at, note.strip())
    return inspection


@transaction.atomic
def agree_information_date(inspection: Inspection, *, by: Any, day: date, now: datetime) -> Inspection:
    """RULES: INF-2 — the completion date of the forms is agreed with the agency."""
    require_step(inspection, "information_date")
    require_inspector(by)
    inspection = lock(inspection)
    inf2_agreed_date_is_before_the_visit(day, inspection.start_date, calendar())
    inspection.information_due = day
    save(inspection, by, "Information date agreed")
    information_due.send(sender=Inspection, inspection=inspection, by=by)
    record_event(
        inspection, by, EventType.INFORMATION_DATE, now, f"{day_text(day)}", visible_to_provider=True
    )
    return inspection


@transaction.atomic
def request_deferral(inspection: Inspection, *, by: Any, reason: str, now: datetime) -> DeferralRequest:
    """RULES: NTC-5 — an ASA asks during the notification call; the inspector records the request."""
    require_step(inspection, "deferral")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    if inspection.status_enum not in (Status.SCHEDULED, Status.NOTIFIED):
        raise RuleViolation(
            "a deferral can only be asked for before preparation starts", rule="NTC-5", field="status"
        )
    if not reason.strip():
        raise RuleViolation("record the provider's reason for asking", rule="NTC-5", field="reason")
    if inspection.deferrals.filter(decision=DeferralDecision.PENDING).exists():
        raise RuleViolation("a deferral request is already awaiting a decision", rule="NTC-5", field="reason")
    deferral = DeferralRequest(
        inspection=inspection, requested_on=today, reason=reason.strip(), recorded_by=by
    )
    save(deferral, by, "Deferral requested")
    record_event(inspection, by, EventType.DEFERRAL_REQUESTED, now, reason.strip(), visible_to_provider=True)
    return deferral


@transaction.atomic
def decide_deferral(
    deferral: DeferralRequest, *, by: Any, grant: bool, reason: str, now: datetime
) -> DeferralRequest:
    """RULES: NTC-5 — decided case by case by a manager and recorded with the reason."""
    require_step(deferral.inspection, "deferral")
    require_manager(by, "decide a deferral")
    inspection = lock(deferral.inspection)
    deferral = DeferralRequest.objects.select_for_update().get(pk=deferral.pk)
    if deferral.decision != DeferralDecision.PENDING:
        raise RuleViolation("this deferral request has already been decided", rule="NTC-5", field="decision")
    if not reason.strip():
        raise RuleViolation("give the reason for the decision", rule="NTC-5", field="decision_reason")
    deferral.decision = DeferralDecision.GRANTED if grant else DeferralDecision.REFUSED
    deferral.decision_reason = reason.strip()
    deferral.decided_by = by
    deferral.decided_on = local_day(now)
    save(deferral, by, f"Deferral {deferral.decision}")
    if grant:
        move(inspection, "defer", by, now, reason.strip())
    else:
        record_event(
            inspection, by, EventType.DEFERRAL_REFUSED, now, reason.strip(), visible_to_provider=True
        )
    return deferral


@transaction.atomic
def reschedule(inspection: Inspection, *, by: Any, start: date, end: date, now: datetime) -> Inspection:
    require_step(inspection, "reschedule")
    require_manager(by, "set new dates")
    today = local_day(now)
    inspection = lock(inspection)
    _check_dates(inspection.framework_name, start, end)
    notice = notice_day(inspection.provider, start, end, inspection.framework_name)
    ntc1_start_leaves_time_for_notice(today, notice, start, later=False)
    inspection.start_date, inspection.end_date, inspection.notice_due = start, end, notice
    inspection.notified_on = None
    inspection.information_due = None
    move(inspection, "reschedule", by, now, f"New dates: {describe_days(start, end)}")
    return inspection


@transaction.atomic
def add_plan_entry(inspection: Inspection, *, by: Any, kind: str, text: str) -> PlanEntry:
    """RULES: NOT-5 — lines of enquiry, apparent weaknesses or strengths, areas needing more evidence."""
    require_step(inspection, "plan")
    require_inspector(by)
    inspection = lock(inspection)
    if kind not in PlanEntryKind.values:
        raise RuleViolation(f"{kind!r} is not part of an inspection plan", rule="NOT-5", field="kind")
    if not text.strip():
        raise RuleViolation("write the entry", rule="NOT-5", field="text")
    if inspection.status_enum in (Status.SCHEDULED, Status.DEFERRED, Status.PUBLISHED, Status.INCOMPLETE):
        raise RuleViolation("the plan is written once notice is given", rule="NOT-5", field="status")
    entry = PlanEntry(
        inspection=inspection,
        kind=kind,
        text=text.strip(),
        added_on_site=inspection.status_enum is Status.ON_SITE,
    )
    save(entry, by, "Plan entry added")
    return entry


@transaction.atomic
def start_preparation(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    require_step(inspection, "start_preparation")
    require_inspector(by)
    inspection = lock(inspection)
    move(inspection, "start_preparation", by, now, visible_to_provider=False)
    return inspection


@transaction.atomic
def start_on_site(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    require_step(inspection, "start_on_site")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    require_transition(inspection, "start_on_site")
    if (
        inspection.declaration.has("plan")
        and not inspection.plan_entries.filter(kind=PlanEntryKind.LINE_OF_ENQUIRY).exists()
    ):
        raise RuleViolation(
            "the inspection plan has no line of enquiry yet; write at least one before going on site",
            rule="NOT-5",
            field="plan",
        )
    if today < inspection.start_date:
        raise RuleViolation(
            f"the visit starts on {day_text(inspection.start_date)}",
            rule="KND-1",
            field="start_date",
        )
    move(inspection, "start_on_site", by, now)
    return inspection


def service_users(inspection: Inspection) -> int | None:
    """RULES: CAS-1 — the service users counted from the case list, or None before it arrives."""
    if not inspection.declaration.tracks_cases:
        return None
    detail = getattr(inspection, "sccif", None)
    return detail.service_users if detail is not None else None


def tracked_cases_needed(inspection: Inspection) -> int | None:
    """RULES: CAS-1 — None until the number of service users is known from the case list."""
    users = service_users(inspection)
    if users is None:
        return None
    return tracked_minimum(users, policy())


def check_tracking(inspection: Inspection) -> None:
    """RULES: CAS-1 — the minimum number of tracked cases, with a message that says how many more."""
    tracked = inspection.cases.filter(selection="tracked").count()
    cas1_enough_tracked(tracked, service_users(inspection), policy())


@transaction.atomic
def give_feedback(inspection: Inspection, *, by: Any, now: datetime, summary: str) -> Inspection:
    """RULES: RPT-7 — the last on-site day (CAL-2); the deadlines after it (RPT-3, EVD-4) count from here."""
    require_step(inspection, "give_feedback")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    require_transition(inspection, "give_feedback")
    if not summary.strip():
        raise RuleViolation(
            "record what feedback covered: strengths, weaknesses, likely judgements, requirements and "
            "recommendations, and when the draft report will come",
            rule="RPT-7",
            field="feedback_summary",
        )
    if inspection.declaration.tracks_cases:
        check_tracking(inspection)
    if inspection.declaration.graded:
        judgement_services.require_complete_and_valid(inspection)
    cal = calendar()
    cal.require_working_day(today, field="feedback_on", role="on-site day")
    timeline = compute_timeline(
        inspection.framework_name, inspection.start_date, today, calendar=cal, policy=policy()
    )
    inspection.end_date = today
    inspection.feedback_on = today
    inspection.feedback_summary = summary.strip()
    inspection.draft_due = timeline.get("draft_report_due").day
    inspection.comments_due = timeline.get("provider_comments_due").day
    inspection.final_due = timeline.get("final_report_due").day
    inspection.publication_due = timeline.get("publication_due").day
    inspection.scans_due = evd4_scan_due(today, cal)
    note = ""
    if inspection.declaration.graded:
        inspection.judgements.update(provisional=True)
        note = "Judgements given at feedback are provisional (JDG-8)"
    move(inspection, "give_feedback", by, now, note)
    if inspection.judgements.filter(area="overall_experiences_progress", grade="inadequate").exists():
        # RULES: ENF-2 — an overall inadequate opens the debrief, case review and alerts (enforcement).
        judged_inadequate.send(sender=Inspection, inspection=inspection, by=by, now=now)
    return inspection


@transaction.atomic
def pause(inspection: Inspection, *, by: Any, reason: str, now: datetime) -> Inspection:
    require_step(inspection, "pause")
    require_manager(by, "pause an inspection")
    inspection = lock(inspection)
    if not reason.strip():
        raise RuleViolation("give the reason for the pause", field="pause_reason")
    inspection.status_before_pause = inspection.status
    inspection.pause_reason = reason.strip()
    move(inspection, "pause", by, now, reason.strip())
    return inspection


@transaction.atomic
def resume(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    require_step(inspection, "resume")
    require_manager(by, "resume an inspection")
    inspection = lock(inspection)
    back_to = Status(inspection.status_before_pause or Status.SCHEDULED)
    inspection.status_before_pause = ""
    inspection.pause_reason = ""
    move(inspection, "resume", by, now, f"Back to {back_to.label.lower()}", target=back_to)
    return inspection


@transaction.atomic
def mark_incomplete(inspection: Inspection, *, by: Any, reason: str, now: datetime) -> Inspection:
    require_step(inspection, "mark_incomplete")
    require_manager(by, "mark an inspection incomplete")
    inspection = lock(inspection)
    if not reason.strip():
        raise RuleViolation("say why the inspection could not be completed", field="reason")
    move(inspection, "mark_incomplete", by, now, reason.strip())
    return inspection
