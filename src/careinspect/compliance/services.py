"""Requirements not met, compliance notices and monitoring visits: every operation the pages, the API and
the demo use.

Each function checks who is acting, the state and the rules, acts in one transaction with the audit trail
written (and the inspection's story when one is involved), and takes the moment it acts (`now`) from its
caller. A requirement or notice not met opens a case review through `careinspect.enforcement.services`;
the decision, with its reason, is recorded there.

Rules: REQ-3, ENF-1, SCH-8 (the arithmetic is `rules.scheduling.monitoring_visits`), KND-4, RPT-6.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from careinspect.compliance import notice_mail
from careinspect.compliance.models import (
    ComplianceNotice,
    MonitoringNotice,
    NoticeOutcome,
    NoticeStatus,
    PublicationDecision,
    RequirementOutcome,
)
from careinspect.enforcement import services as enforcement
from careinspect.enforcement.models import CaseReview, CaseReviewDecision
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import (
    Inspection,
    MonitoringDetail,
    MonitoringReason,
    Report,
    Requirement,
)
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
from careinspect.registry.models import Provider
from careinspect.rules.calendar import day_text, describe_days
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.kinds import Kind, declaration
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import (
    RPT6_SECTIONS,
    NoticeAction,
    enf1_date_has_passed,
    enf1_fully_met,
    req3_date_has_passed,
    rpt6_withhold_reason,
    sch8_visit_covers,
)
from careinspect.rules.notice import knd1_on_site_span
from careinspect.rules.scheduling import monitoring_visits

MONITORING = declaration(Kind.MONITORING)
# The visit's states in which the inspector records what it found about each notice (ENF-1).
OUTCOMES_OPEN = {Status.ON_SITE, Status.FEEDBACK_GIVEN}


def _name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


# --- REQ-3: requirements not met ------------------------------------------------------------------


def awaiting_outcome(provider: Provider, today: date) -> list[Requirement]:
    """RULES: REQ-3 — the provider's requirements whose compliance date has passed with no outcome yet."""
    return list(
        Requirement.objects.filter(
            inspection__provider=provider, compliance_date__lt=today, outcome__isnull=True
        )
        .select_related("inspection")
        .order_by("compliance_date", "pk")
    )


@transaction.atomic
def record_requirement_outcome(
    requirement: Requirement, *, met: bool, note: str, by: Any, now: datetime
) -> RequirementOutcome:
    """RULES: REQ-3 — once the compliance date has passed the inspector records whether the requirement
    was met; one not met opens a case review that decides on enforcement (a compliance notice, …) and
    records the decision with its reason."""
    require_inspector(by)
    today = local_day(now)
    inspection = lock(requirement.inspection)
    requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if RequirementOutcome.objects.filter(requirement=requirement).exists():
        raise RuleViolation("whether this requirement was met is already recorded", rule="REQ-3", field="met")
    req3_date_has_passed(today, requirement.compliance_date)
    if not note.strip():
        raise RuleViolation("say what shows it was or was not met", rule="REQ-3", field="note")
    outcome = RequirementOutcome(
        requirement=requirement, met=met, note=note.strip(), recorded_by=by, recorded_at=now
    )
    words = "met" if met else "not met"
    if not met:
        outcome.case_review = enforcement.open_case_review(
            provider=inspection.provider,
            reason="unmet_requirement",
            by=by,
            now=now,
            inspection=inspection,
            owner=inspection.manager,
            note=(
                f"Requirement not met by {day_text(requirement.compliance_date)}: {requirement.regulation}. "
                f"{requirement.action}\n{note.strip()}"
            ),
        )
    save(outcome, by, f"Requirement {words}")
    record_event(
        inspection,
        by,
        EventType.REQUIREMENT_OUTCOME,
        now,
        f"{requirement.regulation}: {words} by {day_text(requirement.compliance_date)}",
    )
    return outcome


# --- ENF-1: compliance notices ---------------------------------------------------------------------


@transaction.atomic
def issue_compliance_notice(
    provider: Provider,
    *,
    regulation: str,
    action: str,
    compliance_date: date,
    by: Any,
    now: datetime,
    requirement: Requirement | None = None,
    concern: str = "",
    previous: ComplianceNotice | None = None,
    names_checked: bool = False,
    is_demo: bool = False,
) -> ComplianceNotice:
    """RULES: ENF-1 — a manager issues a notice (the regulation, what must be done, the date) from a
    requirement not met (REQ-3), from a concern, or as a further notice after one not met; it is emailed
    to the agency (`notice_mail`), its emailed texts identifying nobody (DPR-2) unless the manager
    confirms a flagged passage is not a person (`names_checked`)."""
    require_manager(by, "issue a compliance notice")
    today = local_day(now)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if requirement is not None:
        if requirement.inspection.provider_id != provider.pk:
            raise RuleViolation("that requirement was made of another agency", field="requirement")
        outcome = RequirementOutcome.objects.filter(requirement=requirement).first()
        if outcome is None or outcome.met:
            raise RuleViolation(
                "a notice follows a requirement recorded as not met", rule="REQ-3", field="requirement"
            )
    if previous is not None:
        if previous.provider_id != provider.pk:
            raise RuleViolation("that notice was issued to another agency", field="previous")
        if previous.status != NoticeStatus.NOT_MET:
            raise RuleViolation(
                "a further notice follows a notice found not met", rule="ENF-1", field="previous"
            )
    if requirement is None and previous is None and not concern.strip():
        raise RuleViolation(
            "say what the notice follows: a requirement not met, a notice not met or a concern",
            rule="ENF-1",
            field="concern",
        )
    if not regulation.strip():
        raise RuleViolation("cite the regulation", rule="ENF-1", field="regulation")
    if not action.strip():
        raise RuleViolation("say what must be done", rule="ENF-1", field="action")
    if compliance_date <= today:
        raise RuleViolation("the compliance date is after today", rule="ENF-1", field="compliance_date")
    # RULES: SCH-8 — the visit is counted in working days from the date, which is itself a working day.
    calendar().require_working_day(compliance_date, field="compliance_date", role="compliance date")
    # RULES: DPR-2 — the regulation and what must be done leave the regulator in the email: checked first.
    passages = notice_mail.check_emailed_texts(
        provider,
        {"regulation": regulation.strip(), "action": action.strip()},
        names_checked=names_checked,
    )
    notice = ComplianceNotice(
        provider=provider,
        requirement=requirement,
        concern=concern.strip(),
        previous=previous,
        regulation=regulation.strip(),
        action=action.strip(),
        compliance_date=compliance_date,
        issued_by=by,
        issued_on=today,
        identifying=passages,
        is_demo=is_demo,
    )
    save(notice, by, "Compliance notice issued")
    # RULES: ENF-1 — the agency receives its notice: kept as a Message, in the outbox, in this transaction.
    notice.message = notice_mail.send_notice(notice, by=by, now=now)
    save(notice, by, "Compliance notice emailed to the agency")
    return notice


@dataclass(frozen=True)
class ProposedVisit:
    """RULES: SCH-8 — one visit, between these days, that checks these notices."""

    earliest: date
    latest: date
    notices: tuple[ComplianceNotice, ...]


def notices_awaiting_a_visit(provider: Provider) -> list[ComplianceNotice]:
    """The provider's notices issued and not yet on a monitoring visit that is still to happen or done."""
    planned = MonitoringNotice.objects.exclude(inspection__status=Status.INCOMPLETE.value).values("notice")
    return list(
        ComplianceNotice.objects.filter(provider=provider, status=NoticeStatus.ISSUED)
        .exclude(pk__in=planned)
        .order_by("compliance_date", "pk")
    )


def propose_monitoring_visits(provider: Provider) -> list[ProposedVisit]:
    """RULES: SCH-8 — a visit per compliance date, combined where one visit falls within 5 working days
    of every notice it covers (the arithmetic: `rules.scheduling.monitoring_visits`)."""
    notices = notices_awaiting_a_visit(provider)
    if not notices:
        return []
    visits = monitoring_visits([n.compliance_date for n in notices], calendar())
    return [
        ProposedVisit(v.earliest, v.latest, tuple(n for n in notices if n.compliance_date in set(v.covers)))
        for v in visits
    ]


# --- KND-4: the monitoring visit -----------------------------------------------------------------


def _reasons_section(purpose: str, notices: Sequence[ComplianceNotice], provider: Provider) -> str:
    """RULES: RPT-6 — the report begins with the reasons and purpose, a short summary of the number of
    notices and the areas of concern, and when the agency was last visited and why."""
    parts = [purpose.strip()]
    if notices:
        count = len(notices)
        areas = "; ".join(n.regulation for n in notices)
        parts.append(f"The visit checked {count} compliance notice{'s' if count != 1 else ''} ({areas}).")
    last = provider.past_inspections.first()
    if last is not None:
        parts.append(f"We last inspected the agency on {day_text(last.end_date)}.")
    return "\n\n".join(parts)


@transaction.atomic
def schedule_monitoring_visit(
    provider: Provider,
    *,
    reason: str,
    purpose: str,
    start: date,
    end: date,
    lead_inspector: Any,
    manager: Any,
    announced: bool,
    notices: Iterable[ComplianceNotice] = (),
    by: Any,
    now: datetime,
    case_review: CaseReview | None = None,
    is_demo: bool = False,
) -> Inspection:
    """RULES: KND-4 — a monitoring visit follows concerns, an inadequate judgement or compliance notices;
    announced or not as the case review decided (usually unannounced). A visit checking notices falls
    within 5 working days of every notice it covers (SCH-8). With `case_review` (one that decided on a
    monitoring visit), the visit is announced or not as it decided."""
    require_manager(by, "schedule a monitoring visit")
    today = local_day(now)
    framework = MONITORING.framework_for(provider.kind)
    if reason not in MonitoringReason.values:
        raise RuleViolation(
            "choose why the visit is made: concerns, an inadequate judgement or a compliance notice",
            rule="KND-4",
            field="reason",
        )
    if not purpose.strip():
        raise RuleViolation("say what the visit is for", rule="RPT-6", field="purpose")
    if not access.can_inspect(lead_inspector):
        raise RuleViolation(f"{lead_inspector.get_username()} is not an inspector", field="lead_inspector")
    if not access.can_manage(manager):
        raise RuleViolation(
            f"{manager.get_username()} is not a regulatory inspection manager", field="manager"
        )
    if start < today:
        raise RuleViolation(f"the visit cannot start before today, {day_text(today)}", field="start_date")
    if case_review is not None:
        case_review = CaseReview.objects.get(pk=case_review.pk)
        if case_review.provider_id != provider.pk:
            raise RuleViolation("that case review is of another agency", field="case_review")
        if case_review.decision != CaseReviewDecision.MONITORING_VISIT:
            raise RuleViolation("that case review did not decide on a monitoring visit", field="case_review")
        if case_review.visit_announced is not None and case_review.visit_announced != announced:
            decided = "announced" if case_review.visit_announced else "unannounced"
            raise RuleViolation(
                f"the case review decided on an {decided} visit", rule="KND-4", field="announced"
            )
    cal = calendar()
    knd1_on_site_span(start, end, load_framework(framework).on_site.max_span_days, cal)
    chosen = list({n.pk: n for n in notices}.values())
    planned = {n.pk for n in notices_awaiting_a_visit(provider)}
    for notice in chosen:
        if notice.provider_id != provider.pk:
            raise RuleViolation(f"{notice.reference} was issued to another agency", field="notices")
        if notice.pk not in planned:
            raise RuleViolation(
                f"{notice.reference} is already checked by a visit or decided", rule="SCH-8", field="notices"
            )
    if reason == MonitoringReason.COMPLIANCE_NOTICE and not chosen:
        raise RuleViolation("choose the notices the visit checks", rule="SCH-8", field="notices")
    sch8_visit_covers(start, [n.compliance_date for n in chosen], cal)
    refuse_a_clash(lead_inspector, start, end)
    inspection = Inspection(
        provider=provider,
        kind=Kind.MONITORING.value,
        lead_inspector=lead_inspector,
        manager=manager,
        start_date=start,
        end_date=end,
        is_demo=is_demo,
    )
    save(inspection, by, "Monitoring visit scheduled")
    save(
        MonitoringDetail(inspection=inspection, reason=reason, purpose=purpose.strip(), announced=announced),
        by,
        "Monitoring visit scheduled",
    )
    for notice in chosen:
        save(MonitoringNotice(inspection=inspection, notice=notice), by, "Notice to check at the visit")
    sections = {key: "" for key, _ in RPT6_SECTIONS}
    sections["reasons_purpose"] = _reasons_section(purpose, chosen, provider)
    save(Report(inspection=inspection, sections=sections), by, "Report begun from the visit's purpose")
    covering = f"; checks {', '.join(n.reference for n in chosen)}" if chosen else ""
    record_event(
        inspection,
        by,
        EventType.SCHEDULED,
        now,
        f"{'Announced' if announced else 'Unannounced'} visit {describe_days(start, end)}{covering}",
        to_status=Status.SCHEDULED.value,
    )
    return inspection


def _detail(inspection: Inspection) -> MonitoringDetail:
    detail = MonitoringDetail.objects.filter(inspection=inspection).first()
    if detail is None:
        raise RuleViolation("this visit has no reason or purpose recorded", rule="KND-4", field="purpose")
    return detail


@transaction.atomic
def announce_monitoring_visit(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    """RULES: KND-4 — an announced visit (the case review's decision) is announced with as short a notice
    as is practical; an unannounced one is not announced at all."""
    require_step(inspection, "announce")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    require_transition(inspection, "announce")
    if not _detail(inspection).announced:
        raise RuleViolation(
            "this visit is unannounced: the purpose is given on arrival", rule="KND-4", field="announced"
        )
    if today > inspection.start_date:
        raise RuleViolation(
            f"the visit was to start on {day_text(inspection.start_date)}", rule="KND-4", field="start_date"
        )
    inspection.notified_on = today
    move(
        inspection,
        "announce",
        by,
        now,
        f"Visit on {describe_days(inspection.start_date, inspection.end_date)}",
    )
    return inspection


@transaction.atomic
def start_monitoring_visit(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    """RULES: KND-4 — the visit starts on its day; an unannounced visit's agency learns of it (and its
    purpose) on arrival, so from then it sees the visit in the portal."""
    require_step(inspection, "start_on_site")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    require_transition(inspection, "start_on_site")
    if not inspection.start_date <= today <= inspection.end_date:
        raise RuleViolation(
            f"the visit is on {describe_days(inspection.start_date, inspection.end_date)}",
            rule="KND-4",
            field="start_date",
        )
    detail = _detail(inspection)
    if inspection.notified_on is None:
        inspection.notified_on = today
    move(inspection, "start_on_site", by, now, f"Purpose given on arrival: {detail.purpose}")
    return inspection


@transaction.atomic
def record_notice_outcome(
    inspection: Inspection,
    notice: ComplianceNotice,
    *,
    action: str,
    evidence_note: str,
    by: Any,
    now: datetime,
) -> NoticeOutcome:
    """RULES: ENF-1 — the visit records whether each notice was fully met (partial action is not enough);
    one not met opens a case review, which decides on a further notice, cancellation or prosecution. The
    agency is emailed the finding (`notice_mail.send_outcome`)."""
    require_step(inspection, "notice_outcomes")
    require_inspector(by)
    today = local_day(now)
    inspection = lock(inspection)
    if inspection.status_enum not in OUTCOMES_OPEN:
        raise RuleViolation(
            "whether a notice was met is recorded at the visit, before the draft report",
            rule="ENF-1",
            field="status",
        )
    if not MonitoringNotice.objects.filter(inspection=inspection, notice=notice).exists():
        raise RuleViolation(f"{notice.reference} is not one this visit checks", field="notice")
    notice = ComplianceNotice.objects.select_for_update().get(pk=notice.pk)
    if NoticeOutcome.objects.filter(notice=notice, inspection=inspection).exists():
        raise RuleViolation(f"{notice.reference}'s outcome is already recorded", rule="ENF-1", field="action")
    enf1_date_has_passed(today, notice.compliance_date)
    fully_met = enf1_fully_met(action)
    if not evidence_note.strip():
        raise RuleViolation("record the evidence for the finding", rule="ENF-1", field="evidence_note")
    outcome = NoticeOutcome(
        notice=notice,
        inspection=inspection,
        action=action,
        fully_met=fully_met,
        evidence_note=evidence_note.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    if not fully_met:
        outcome.case_review = enforcement.open_case_review(
            provider=inspection.provider,
            reason="unmet_notice",
            by=by,
            now=now,
            inspection=inspection,
            owner=inspection.manager,
            note=(
                f"{notice.reference} not met by {day_text(notice.compliance_date)} "
                f"({NoticeAction(action).label.lower()}): {notice.regulation}. {evidence_note.strip()}"
            ),
        )
    save(outcome, by, "Notice outcome recorded")
    notice.status = NoticeStatus.MET if fully_met else NoticeStatus.NOT_MET
    save(notice, by, "Met" if fully_met else "Not met")
    # RULES: ENF-1 — the agency is told the finding in writing: met, or not met with a case review to come.
    outcome.message = notice_mail.send_outcome(outcome, by=by, now=now)
    save(outcome, by, "Finding emailed to the agency")
    record_event(
        inspection,
        by,
        EventType.NOTICE_OUTCOME,
        now,
        f"{notice.reference} ({notice.regulation}): {NoticeAction(action).label}",
    )
    return outcome


def may_withhold(user: Any) -> bool:
    """RULES: RPT-6 — only a regional director decides a monitoring report is not published."""
    return bool(user.is_authenticated and user.has_perm("compliance.decide_publication"))


@transaction.atomic
def withhold_report(inspection: Inspection, *, by: Any, reason: str, now: datetime) -> PublicationDecision:
    """RULES: RPT-6 — a monitoring report is published unless a regional director decides otherwise in
    exceptional circumstances; the decision and its reason are recorded."""
    require_step(inspection, "withhold")
    if not may_withhold(by):
        raise PermissionDenied("Only a regional director can decide a monitoring report is not published.")
    inspection = lock(inspection)
    require_transition(inspection, "withhold")
    rpt6_withhold_reason(by, reason)
    decision = PublicationDecision(
        inspection=inspection,
        director=by,
        reason=reason.strip(),
        decided_on=local_day(now),
        recorded_at=now,
    )
    save(decision, by, "Not published: a regional director's decision")
    move(inspection, "withhold", by, now, f"{_name(by)}: {reason.strip()}")
    return decision
