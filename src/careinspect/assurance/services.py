"""The assurance visit's operations: the priority list (SCH-7), scheduling and announcing the visit (NTC-4,
INF-3), its length (KND-3), its off-site and on-site work, the serious or widespread concerns found
(JDG-9, with the enforcement steps of ENF-4), and the post-visit survey sent with the final report (RPT-8).

Every operation takes `by` and `now` (or `today`), checks who is acting, the kind's steps and the state, and
acts in one transaction with the audit trail. The report itself (RPT-4, RPT-5) is the shared report
machinery (`inspections.services.reporting`, narrative shape).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from careinspect.assurance.models import (
    ActivityPlace,
    ConcernsFinding,
    PostVisitSurvey,
    PriorityPolicy,
    VisitActivity,
)
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import AssuranceDetail, Inspection
from careinspect.inspections.services.common import (
    calendar,
    local_day,
    lock,
    move,
    record_event,
    require_inspector,
    require_manager,
    require_step,
    require_transition,
    save,
)
from careinspect.inspections.services.lifecycle import refuse_a_clash
from careinspect.inspections.signals import information_due
from careinspect.messaging.addresses import provider_addresses
from careinspect.messaging.services import send_message
from careinspect.registry.models import IntelligenceKind, PastInspection, Provider, ProviderKind
from careinspect.rules import assurance as rules
from careinspect.rules.calendar import day_text, describe_days
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.grades import Grade
from careinspect.rules.kinds import Kind, declaration
from careinspect.rules.lifecycle import Status
from careinspect.rules.priority import Factor, PriorityWeights, ProviderFacts, factors

ASSURANCE = declaration(Kind.IFA_ASSURANCE)
FRAMEWORK = ASSURANCE.framework_for(ProviderKind.IFA)

# An assurance visit still to come or under way: the priority list shows it instead of offering another.
OPEN_STATES = (
    Status.SCHEDULED,
    Status.ON_SITE,
    Status.PAUSED,
    Status.FEEDBACK_GIVEN,
    Status.DRAFT_SENT,
    Status.COMMENTS_RECEIVED,
    Status.COMPLAINT,
    Status.FINAL_SENT,
)

# Enforcement case-review decisions that are enforcement action (ENF-1..4); "no further action" and a
# monitoring visit are not.
ENFORCEMENT_DECISIONS = ("compliance_notice", "cancel_registration", "prosecution", "other")


# ---------------------------------------------------------------------------------------------------------
# SCH-7: the priority list


def weights() -> PriorityWeights:
    """RULES: SCH-7 — the weights the administrator set (seeded from priority.toml)."""
    return PriorityPolicy.current().weights()


@dataclass(frozen=True)
class PriorityRow:
    """One IFA's place on the list, with each factor's points so a manager can explain the choice."""

    rank: int
    provider: Provider
    score: int
    factors: tuple[Factor, ...]
    last_inspection: date | None
    open_visit: Inspection | None

    @property
    def explanation(self) -> str:
        scored = [f.describe() for f in self.factors if f.points]
        return "; ".join(scored) if scored else "nothing raises its priority"

    def as_dict(self) -> dict[str, Any]:
        return {
            "urn": self.provider.urn,
            "name": self.provider.name,
            "rank": self.rank,
            "score": self.score,
            "factors": [f.as_dict() for f in self.factors],
            "explanation": self.explanation,
            "open_visit": self.open_visit.reference if self.open_visit else None,
        }


def _ifas() -> QuerySet[Provider]:
    return Provider.objects.filter(kind=ProviderKind.IFA).order_by("urn")


def _latest_graded(provider_ids: list[int]) -> dict[int, tuple[date, str]]:
    """The most recent graded judgement of each provider (SCH-7: "the most recent inspection judgements")."""
    found: dict[int, tuple[date, str]] = {}
    graded = (
        PastInspection.objects.filter(provider_id__in=provider_ids)
        .exclude(judgement="")
        .order_by("provider_id", "-end_date")
        .values_list("provider_id", "end_date", "judgement")
    )
    for provider_id, end, judgement in graded:
        found.setdefault(provider_id, (end, judgement))
    return found


def _latest_visit(provider_ids: list[int], today: date) -> dict[int, date]:
    """The last inspection or visit of any kind: the registry's history, and assurance visits published
    here (an assurance visit has no grade, but it is an inspection for "the time since")."""
    latest: dict[int, date] = {}
    rows = (
        PastInspection.objects.filter(provider_id__in=provider_ids, end_date__lte=today)
        .values("provider_id")
        .annotate(last=Max("end_date"))
    )
    for row in rows:
        latest[row["provider_id"]] = row["last"]
    visits = (
        Inspection.objects.filter(
            provider_id__in=provider_ids, status=Status.PUBLISHED.value, end_date__lte=today
        )
        .values("provider_id")
        .annotate(last=Max("end_date"))
    )
    for row in visits:
        latest[row["provider_id"]] = max(row["last"], latest.get(row["provider_id"], row["last"]))
    return latest


def _enforcement_since(provider_ids: list[int], since: dict[int, date]) -> dict[int, int]:
    """Enforcement actions decided at case reviews since the last inspection (or registration)."""
    from django.apps import apps

    try:
        case_review = apps.get_model("enforcement", "CaseReview")
    except LookupError:
        return {}
    counts: dict[int, int] = {}
    decided = case_review.objects.filter(
        provider_id__in=provider_ids, decision__in=ENFORCEMENT_DECISIONS, decided_on__isnull=False
    ).values_list("provider_id", "decided_on")
    for provider_id, decided_on in decided:
        if decided_on >= since[provider_id]:
            counts[provider_id] = counts.get(provider_id, 0) + 1
    return counts


def provider_facts(today: date, providers: Iterable[Provider] | None = None) -> list[tuple[Provider, Any]]:
    """Each IFA with what SCH-7 weighs: (provider, facts) where facts is (ProviderFacts, judged)."""
    found = list(providers if providers is not None else _ifas())
    ids = [p.pk for p in found]
    year_ago = today - relativedelta(months=12)
    counted = {
        row["pk"]: row
        for row in Provider.objects.filter(pk__in=ids)
        .annotate(
            n_concerns=Count(
                "intelligence",
                filter=Q(
                    intelligence__kind__in=[IntelligenceKind.CONCERN, IntelligenceKind.COMPLAINT],
                    intelligence__received_on__gt=year_ago,
                    intelligence__received_on__lte=today,
                ),
            ),
            n_notifications=Count(
                "intelligence",
                filter=Q(
                    intelligence__kind=IntelligenceKind.NOTIFICATION,
                    intelligence__received_on__gt=year_ago,
                    intelligence__received_on__lte=today,
                ),
            ),
        )
        .values("pk", "n_concerns", "n_notifications")
    }
    graded = _latest_graded(ids)
    visited = _latest_visit(ids, today)
    since = {p.pk: visited.get(p.pk, p.registration_date) for p in found}
    enforcement = _enforcement_since(ids, since)
    result = []
    for provider in found:
        judgement = graded.get(provider.pk)
        last = visited.get(provider.pk)
        facts = ProviderFacts(
            urn=provider.urn,
            registered=min(provider.registration_date, last) if last else provider.registration_date,
            last_inspection=last,
            # An agency visited but never graded (an assurance visit only) is weighed as "never judged";
            # the pure facts need a judgement with an inspection, so the factor is replaced below.
            last_judgement=Grade(judgement[1]) if judgement else (Grade.OUTSTANDING if last else None),
            concerns=counted[provider.pk]["n_concerns"],
            notifications=counted[provider.pk]["n_notifications"],
            enforcement_actions=enforcement.get(provider.pk, 0),
        )
        result.append((provider, (facts, judgement is not None)))
    return result


def _factors(facts: ProviderFacts, judged: bool, today: date, weights: PriorityWeights) -> tuple[Factor, ...]:
    parts = factors(facts, today, weights)
    if judged or facts.last_inspection is None:
        return parts
    # RULES: SCH-7 — visited (assurance only) but never graded: no points for a judgement it never had.
    return tuple(Factor("last_judgement", None, 0) if f.name == "last_judgement" else f for f in parts)


def priority_list(today: date) -> list[PriorityRow]:
    """RULES: SCH-7 — the IFAs, first to visit first, each factor with its points.

    Ties go to the agency longest without an inspection, then to the URN (as `rules.priority.rank`)."""
    current = weights()
    open_visits = {
        i.provider_id: i
        for i in Inspection.objects.filter(
            kind=Kind.IFA_ASSURANCE.value, status__in=[s.value for s in OPEN_STATES]
        ).order_by("start_date")
    }
    scored = []
    for provider, (facts, judged) in provider_facts(today):
        parts = _factors(facts, judged, today, current)
        scored.append((provider, facts, parts, sum(f.points for f in parts)))
    scored.sort(key=lambda row: (-row[3], row[1].without_inspection_since, row[0].urn))
    return [
        PriorityRow(
            rank=n,
            provider=provider,
            score=total,
            factors=parts,
            last_inspection=facts.last_inspection,
            open_visit=open_visits.get(provider.pk),
        )
        for n, (provider, facts, parts, total) in enumerate(scored, 1)
    ]


# ---------------------------------------------------------------------------------------------------------
# Scheduling and the announcement (NTC-4, INF-3, KND-3)


def detail_of(inspection: Inspection) -> AssuranceDetail:
    detail, _ = AssuranceDetail.objects.get_or_create(inspection=inspection)
    return detail


@transaction.atomic
def schedule_visit(
    provider: Provider, *, lead_inspector: Any, start: date, by: Any, now: datetime
) -> Inspection:
    """RULES: SCH-7 — a manager picks an agency from the priority list and schedules its visit: the usual
    2 days for one inspector (KND-3), announced by the 9am call on the first day (NTC-4)."""
    require_manager(by, "schedule an assurance visit")
    framework = ASSURANCE.framework_for(provider.kind)
    today = local_day(now)
    if not lead_inspector.has_perm("inspections.inspect"):
        raise RuleViolation(f"{lead_inspector.get_username()} is not an inspector", field="lead_inspector")
    cal = calendar()
    cal.require_working_day(start, field="start", role="first day of the visit")
    if start <= today:
        raise RuleViolation(
            f"the visit starts after today ({day_text(today)}): it is announced on its first day",
            rule="NTC-4",
            field="start",
        )
    already = Inspection.objects.filter(
        provider=provider, kind=Kind.IFA_ASSURANCE.value, status__in=[s.value for s in OPEN_STATES]
    ).first()
    if already is not None:
        raise RuleViolation(
            f"{provider.name} already has an assurance visit ({already.reference})", field="provider"
        )
    days = load_framework(framework).on_site.usual_days
    end = rules.visit_end(start, days, cal)
    refuse_a_clash(lead_inspector, start, end)
    inspection = Inspection(
        provider=provider,
        kind=Kind.IFA_ASSURANCE.value,
        lead_inspector=lead_inspector,
        manager=by,
        start_date=start,
        end_date=end,
        notice_due=start,
        information_due=start,
    )
    save(inspection, by, "Scheduled from the priority list")
    save(AssuranceDetail(inspection=inspection, days=days), by, "Scheduled")
    record_event(
        inspection,
        by,
        EventType.SCHEDULED,
        now,
        f"On site {describe_days(start, end)}; chosen from the priority list (SCH-7)",
        to_status=Status.SCHEDULED.value,
    )
    return inspection


def _arrangements(inspection: Inspection, call_at: datetime, on_site: bool) -> tuple[str, str]:
    information = load_framework(inspection.framework_name).information
    items = "\n".join(f"- {item}" for item in information.items)
    due = information.due_time.strftime("%-I%p").lower() if information.due_time else "midday"
    how = "when the inspector arrived at the agency" if on_site else "in this morning's phone call"
    subject = f"Assurance visit to {inspection.provider.name}: arrangements"
    lead = inspection.lead_inspector
    days = describe_days(inspection.start_date, inspection.end_date)
    body = (
        f"Dear {inspection.provider.name},\n\n"
        f"As agreed {how}, the assurance visit of your agency began today, {day_text(call_at.date())}, "
        f"and is live from that moment. The visit runs {days} "
        f"and the inspector is {lead.get_full_name() or lead.get_username()}.\n\n"
        f"Please send the following through the information-sharing portal as soon as possible and no later "
        f"than {due} today:\n{items}\n\n"
        "The inspector will give verbal feedback at the end of the visit. The draft report follows within "
        "18 working days of the end of the visit.\n"
    )
    return subject, body


def _carers_email(inspection: Inspection) -> tuple[str, str]:
    subject = f"For your foster carers: an assurance visit to {inspection.provider.name}"
    body = (
        "Please send this message to every foster carer approved by the agency.\n\n"
        "Dear foster carer,\n\n"
        f"The regulator is carrying out an assurance visit to {inspection.provider.name} "
        f"{describe_days(inspection.start_date, inspection.end_date)}. The inspector would like to hear "
        "your views about the support you and the children you care for receive. You can reply to this "
        "email or ask the agency for the inspector's phone number. Taking part is voluntary, and nothing "
        "you say will be published in a way that identifies you or a child.\n"
    )
    return subject, body


@transaction.atomic
def announce_visit(
    inspection: Inspection,
    *,
    by: Any,
    now: datetime,
    spoke_to: str,
    on_site: bool = False,
    reason_on_site: str = "",
    to: Sequence[str] = (),
) -> Inspection:
    """RULES: NTC-4 — the lead inspector's call at about 9am on day 1 (or, in exceptional circumstances,
    the announcement on arrival) makes the visit live; then the email confirming the arrangements and the
    email for foster carers, and the INF-3 requests due by 12pm."""
    require_step(inspection, "announce")
    require_inspector(by)
    if getattr(by, "pk", None) != inspection.lead_inspector_id and not access.can_manage(by):
        raise PermissionDenied("The visit's lead inspector makes the announcement.")
    inspection = lock(inspection)
    require_transition(inspection, "announce")
    today = local_day(now)
    rules.ntc4_announced_on_day_one(today, inspection.start_date)
    from django.utils import timezone

    rules.ntc4_call_in_the_morning(timezone.localtime(now) if timezone.is_aware(now) else now, on_site)
    if not spoke_to.strip():
        raise RuleViolation("say who the inspector spoke to", rule="NTC-4", field="spoke_to")
    if on_site and not reason_on_site.strip():
        raise RuleViolation(
            "say what exceptional circumstances (for example, serious concerns about the immediate safety "
            "of children) led to announcing on arrival",
            rule="NTC-4",
            field="reason_on_site",
        )
    recipients = [a for a in to if a.strip()] or provider_addresses(inspection.provider)
    if not recipients:
        raise RuleViolation(
            "the agency has no email address on record: give the address agreed in the call",
            rule="NTC-4",
            field="to",
        )
    inspection.notified_on = today
    inspection.notice_due = today
    inspection.information_due = today  # RULES: INF-3 — by 12pm on the day of the announcement
    inspection.notification_call_at = now
    how = "On arrival at the agency" if on_site else "By phone"
    inspection.notification_call_note = f"{how}, to {spoke_to.strip()}" + (
        f". Exceptional circumstances: {reason_on_site.strip()}" if on_site else ""
    )
    save(inspection, by, "Announced")
    detail = detail_of(inspection)
    detail.announced_on_site = on_site
    save(detail, by, "Announced")
    note = (
        "Announced on arrival at the agency (exceptional circumstances)"
        if on_site
        else "Announced by phone at about 9am on the first day"
    )
    move(inspection, "announce", by, now, note)
    information_due.send(sender=Inspection, inspection=inspection, by=by)
    subject, body = _arrangements(inspection, timezone.localtime(now), on_site)
    send_message(
        kind="arrangements",
        to=recipients,
        subject=subject,
        body=body,
        by=by,
        now=now,
        inspection=inspection,
        rule="NTC-4",
    )
    subject, body = _carers_email(inspection)
    send_message(
        kind="foster_carers",
        to=recipients,
        subject=subject,
        body=body,
        by=by,
        now=now,
        inspection=inspection,
        rule="NTC-4",
    )
    record_event(
        inspection,
        by,
        EventType.VISIT_ANNOUNCED_EMAILS,
        now,
        f"To {', '.join(recipients)}",
        visible_to_provider=True,
    )
    return inspection


@transaction.atomic
def change_length(inspection: Inspection, *, days: int, reason: str, by: Any, now: datetime) -> Inspection:
    """RULES: KND-3 — a manager shortens the visit for a small agency or lengthens it for a large one, and
    records why; the last day moves with it."""
    require_step(inspection, "visit_length")
    require_manager(by, "change the length of an assurance visit")
    inspection = lock(inspection)
    if inspection.status_enum not in (Status.SCHEDULED, Status.ON_SITE):
        raise RuleViolation(
            "the length is set before or during the visit, not after feedback", rule="KND-3", field="days"
        )
    usual = load_framework(inspection.framework_name).on_site.usual_days
    rules.knd3_visit_length(days, reason, usual)
    detail = detail_of(inspection)
    before = detail.days
    end = rules.visit_end(inspection.start_date, days, calendar())
    today = local_day(now)
    if inspection.status_enum is Status.ON_SITE and end < today:
        raise RuleViolation(
            f"the visit cannot end before today ({day_text(today)})",
            rule="KND-3",
            field="days",
        )
    detail.days = days
    detail.days_reason = reason.strip()
    save(detail, by, f"Visit length {before} → {days} days")
    inspection.end_date = end
    save(inspection, by, "Visit length changed")
    record_event(
        inspection,
        by,
        EventType.VISIT_LENGTH_CHANGED,
        now,
        f"{days} days ({describe_days(inspection.start_date, end)}): {reason.strip()}",
        visible_to_provider=True,
    )
    return inspection


def _require_team(by: Any, inspection: Inspection) -> None:
    pk = getattr(by, "pk", None)
    on_team = pk == inspection.lead_inspector_id or inspection.team_members.filter(inspector_id=pk).exists()
    if not (on_team or access.can_manage(by)):
        raise PermissionDenied("Only the visit's inspector or a manager can record this.")


@transaction.atomic
def record_activity(
    inspection: Inspection, *, day: date, place: str, description: str, by: Any, now: datetime
) -> VisitActivity:
    """RULES: KND-3 — the visit's days include all off-site and on-site activity: each piece is recorded on
    one of its days."""
    require_step(inspection, "visit_activity")
    require_inspector(by)
    _require_team(by, inspection)
    inspection = lock(inspection)
    if inspection.status_enum is not Status.ON_SITE:
        raise RuleViolation("work is recorded while the visit is live", rule="KND-3", field="status")
    if place not in ActivityPlace.values:
        raise RuleViolation("choose off site or on site", rule="KND-3", field="place")
    if not inspection.start_date <= day <= inspection.end_date:
        raise RuleViolation(
            f"the visit's days are {describe_days(inspection.start_date, inspection.end_date)}",
            rule="KND-3",
            field="day",
        )
    if day > local_day(now):
        raise RuleViolation(f"{day_text(day)} has not happened yet", field="day")
    if not description.strip():
        raise RuleViolation("say what was done", field="description")
    activity = VisitActivity(
        inspection=inspection,
        day=day,
        place=place,
        description=description.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    save(activity, by, "Visit activity recorded")
    record_event(
        inspection, by, EventType.VISIT_ACTIVITY, now, f"{ActivityPlace(place).label}, {day_text(day)}"
    )
    return activity


# ---------------------------------------------------------------------------------------------------------
# JDG-9: serious or widespread concerns

CONCERNS_OPEN = {Status.ON_SITE, Status.FEEDBACK_GIVEN, Status.DRAFT_SENT, Status.COMMENTS_RECEIVED}


@transaction.atomic
def record_concerns(
    inspection: Inspection,
    *,
    serious: bool,
    inadequate_protection: bool = False,
    welfare_not_safeguarded: bool = False,
    summary: str = "",
    by: Any,
    now: datetime,
) -> ConcernsFinding:
    """RULES: JDG-9 — whether serious or widespread concerns were found, and which practice causes them.
    Serious concerns open the enforcement steps (ENF-4) once: the case review, the DCS emails and the
    window for the monitoring visit (careinspect.enforcement)."""
    require_step(inspection, "serious_concerns")
    require_inspector(by)
    _require_team(by, inspection)
    inspection = lock(inspection)
    if inspection.status_enum not in CONCERNS_OPEN:
        raise RuleViolation(
            "concerns are recorded during the visit or while the report is written",
            rule="JDG-9",
            field="status",
        )
    which = [
        name
        for name, on in (
            ("inadequate_protection", inadequate_protection),
            ("welfare_not_safeguarded", welfare_not_safeguarded),
        )
        if on
    ]
    rules.jdg9_concerns_recorded(serious, which, summary)
    finding = ConcernsFinding.objects.filter(inspection=inspection).first()
    if finding is not None and finding.escalated_at is not None and not serious:
        raise RuleViolation(
            "serious concerns were recorded and their enforcement steps opened; a manager closes those "
            "through the case review, not by changing this finding",
            rule="JDG-9",
            field="serious",
        )
    if finding is None:
        finding = ConcernsFinding(
            inspection=inspection, recorded_by=by, recorded_at=now, serious_concerns=serious
        )
    finding.serious_concerns = serious
    finding.inadequate_protection = inadequate_protection
    finding.welfare_not_safeguarded = welfare_not_safeguarded
    finding.summary = summary.strip()
    finding.recorded_by = by
    finding.recorded_at = now
    detail = detail_of(inspection)
    detail.serious_concerns = serious
    save(detail, by, "Serious concerns recorded" if serious else "No serious concerns")
    escalate = serious and finding.escalated_at is None
    if escalate:
        finding.escalated_at = now
    save(finding, by, "Concerns recorded")
    record_event(
        inspection,
        by,
        EventType.CONCERNS_RECORDED,
        now,
        rules.jdg9_statement(serious, inadequate_protection, welfare_not_safeguarded),
    )
    if escalate:
        # RULES: JDG-9 — serious or widespread concerns are escalated: ENF-4's steps belong to enforcement.
        from careinspect.enforcement.services import open_serious_concerns

        open_serious_concerns(inspection, by=by, now=now)
    return finding


# ---------------------------------------------------------------------------------------------------------
# RPT-8: the post-visit survey, sent with the final report


def survey_url(survey: PostVisitSurvey) -> str:
    return reverse("assurance:survey", kwargs={"token": survey.token})


@transaction.atomic
def send_survey(inspection: Inspection, *, by: Any, now: datetime) -> PostVisitSurvey:
    """RULES: RPT-8 — the post-inspection survey goes to the provider with the final report (once)."""
    require_step(inspection, "survey")
    existing = PostVisitSurvey.objects.filter(inspection=inspection).first()
    if existing is not None:
        return existing
    if inspection.final_sent_on is None:
        raise RuleViolation("the survey goes with the final report", rule="RPT-8", field="status")
    recipients = provider_addresses(inspection.provider)
    survey = PostVisitSurvey(
        inspection=inspection,
        token=secrets.token_urlsafe(24),
        sent_to=", ".join(recipients),
        sent_at=now,
    )
    if recipients:
        message = send_message(
            kind="survey",
            to=recipients,
            subject=f"Tell us about the assurance visit to {inspection.provider.name}",
            body=(
                "The final report of the assurance visit "
                f"{describe_days(inspection.start_date, inspection.end_date)} has been sent to you. "
                "Please tell us how the visit went: it takes a few minutes.\n\n"
                f"Answer the survey: {survey_url(survey)}\n"
            ),
            by=by,
            now=now,
            inspection=inspection,
            rule="RPT-8",
        )
        survey.message = message
    save(survey, by, "Post-visit survey sent")
    record_event(
        inspection,
        by,
        EventType.SURVEY_SENT,
        now,
        f"To {survey.sent_to}" if recipients else "No address on record: the link is on the agency's page",
        visible_to_provider=True,
    )
    return survey


@transaction.atomic
def answer_survey(
    survey: PostVisitSurvey, *, useful: int, comments: str, by: Any, now: datetime
) -> PostVisitSurvey:
    """RULES: RPT-8 — the agency's own staff answer their survey, once."""
    provider = access.provider_of(by)
    if provider is None or provider.pk != survey.inspection.provider_id:
        raise PermissionDenied("Only the visited agency's staff answer its survey.")
    survey = PostVisitSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:
        raise RuleViolation("the survey has already been answered", rule="RPT-8", field="useful")
    if not 1 <= useful <= 5:
        raise RuleViolation("choose from 1 to 5", rule="RPT-8", field="useful")
    survey.useful = useful
    survey.comments = comments.strip()
    survey.answered_at = now
    save(survey, by, "Survey answered")
    record_event(survey.inspection, by, EventType.SURVEY_ANSWERED, now, visible_to_provider=True)
    return survey


def on_final_report_sent(sender: Any, *, inspection: Inspection, by: Any, now: datetime, **_: Any) -> None:
    """The `final_report_sent` hook: an assurance visit's survey goes with its final report (RPT-8)."""
    if inspection.kind == Kind.IFA_ASSURANCE.value:
        send_survey(inspection, by=by, now=now)


# ---------------------------------------------------------------------------------------------------------
# RPT-4: the complaint window after the final report


def complaint_due(inspection: Inspection) -> date | None:
    """RULES: RPT-4 — a formal complaint within 5 working days of the issue of the final report."""
    if inspection.final_sent_on is None:
        return None
    timeline = load_framework(inspection.framework_name).timeline
    assert timeline is not None and timeline.complaint_after_final is not None
    return rules.rpt4_complaint_due(inspection.final_sent_on, calendar(), timeline.complaint_after_final)


def visits(today: date | None = None) -> QuerySet[Inspection]:
    return Inspection.objects.filter(kind=Kind.IFA_ASSURANCE.value).select_related(
        "provider", "lead_inspector", "manager"
    )
