"""The monitoring visit after serious or widespread concerns (ENF-4, SCH-9), from the follow-up's side: a
manager schedules it within the SCH-9 window through compliance's scheduling service (the same checks as
any monitoring visit: KND-4, KND-1, clashes), or links a monitoring visit already scheduled; either way
`services.plan_monitoring_visit` records it on the follow-up with its event.

`compliance.services` imports `enforcement.services` (a notice not met opens a case review), so this
module, which needs both, is imported by neither: only by enforcement's pages and API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from careinspect.compliance import services as compliance
from careinspect.enforcement import services
from careinspect.enforcement.models import CaseReviewDecision, SeriousConcernsFollowUp
from careinspect.inspections.models import Inspection, MonitoringReason
from careinspect.inspections.services.common import require_manager
from careinspect.rules import next_steps
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from careinspect.rules.scheduling import Window


def window_of(follow_up: SeriousConcernsFollowUp) -> Window:
    """RULES: SCH-9 — the 6 to 8 weeks after the visit, as the follow-up recorded them when it opened."""
    return Window(follow_up.monitoring_earliest, follow_up.monitoring_latest, "SCH-9")


def linkable_visits(follow_up: SeriousConcernsFollowUp) -> QuerySet[Inspection]:
    """The agency's monitoring visits starting in the window that no other follow-up has taken, and not
    marked incomplete: those a manager may link."""
    window = window_of(follow_up)
    taken = SeriousConcernsFollowUp.objects.exclude(pk=follow_up.pk).filter(monitoring_visit__isnull=False)
    return (
        Inspection.objects.filter(
            provider_id=follow_up.inspection.provider_id,
            kind=Kind.MONITORING.value,
            start_date__range=(window.earliest, window.latest),
        )
        .exclude(status=Status.INCOMPLETE.value)
        .exclude(pk__in=taken.values("monitoring_visit"))
        .order_by("start_date", "pk")
    )


def decided_visit_review(follow_up: SeriousConcernsFollowUp) -> Any:
    """The follow-up's case review if it decided on a monitoring visit (announced or not, KND-4)."""
    review = follow_up.case_review
    return review if review.decision == CaseReviewDecision.MONITORING_VISIT else None


def _locked(follow_up: SeriousConcernsFollowUp) -> SeriousConcernsFollowUp:
    locked = SeriousConcernsFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.monitoring_visit is not None:
        raise RuleViolation(
            f"the monitoring visit is already scheduled: {locked.monitoring_visit.reference}",
            rule="SCH-9",
            field="visit",
        )
    return locked


@transaction.atomic
def schedule_visit(
    follow_up: SeriousConcernsFollowUp,
    *,
    by: Any,
    now: datetime,
    start: date,
    end: date,
    lead_inspector: Any,
    announced: bool,
    purpose: str,
) -> Inspection:
    """RULES: SCH-9 — a manager schedules the monitoring visit after serious concerns on a day within its
    6 to 8 weeks: a monitoring visit for concerns (KND-4), announced or not as the case review decided if
    it decided on one, scheduled by `compliance.services.schedule_monitoring_visit` and linked to the
    follow-up."""
    require_manager(by, "schedule the monitoring visit")
    follow_up = _locked(follow_up)
    try:
        next_steps.monitoring_day_in_window(start, window_of(follow_up))
    except RuleViolation as outside:
        raise outside.for_field("start_date") from outside
    visit = compliance.schedule_monitoring_visit(
        follow_up.inspection.provider,
        reason=MonitoringReason.CONCERNS.value,
        purpose=purpose,
        start=start,
        end=end,
        lead_inspector=lead_inspector,
        manager=by,
        announced=announced,
        by=by,
        now=now,
        case_review=decided_visit_review(follow_up),
    )
    services.plan_monitoring_visit(follow_up, by=by, now=now, day=start, visit=visit)
    return visit


@transaction.atomic
def link_visit(
    follow_up: SeriousConcernsFollowUp, *, by: Any, now: datetime, visit: Inspection
) -> SeriousConcernsFollowUp:
    """RULES: SCH-9 — a manager links a monitoring visit already scheduled to this agency, starting within
    the 6 to 8 weeks, that no other follow-up has taken."""
    require_manager(by, "link the monitoring visit")
    follow_up = _locked(follow_up)
    if visit.status == Status.INCOMPLETE.value:
        raise RuleViolation(f"{visit.reference} was marked incomplete", rule="SCH-9", field="visit")
    if SeriousConcernsFollowUp.objects.exclude(pk=follow_up.pk).filter(monitoring_visit=visit).exists():
        raise RuleViolation(
            f"{visit.reference} already follows up other concerns", rule="SCH-9", field="visit"
        )
    try:
        return services.plan_monitoring_visit(follow_up, by=by, now=now, day=visit.start_date, visit=visit)
    except RuleViolation as refused:
        raise refused.for_field("visit") from refused
