"""Enforcement's owned deadlines, registered with `careinspect.core.deadlines` in `EnforcementConfig.ready`:
open case reviews (ENF-2, ENF-4, ENF-1), DCS emails and calls (ENF-3, ENF-4), the Senior HMI's follow-up
of a safeguarding referral (SAF-1) and the latest day of the monitoring visit after serious concerns
(SCH-9). Each source reads only what falls due between `first` and `last`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from careinspect.core.deadlines import Deadline
from careinspect.enforcement.models import (
    CaseReview,
    CaseReviewDecision,
    DcsAlert,
    SafeguardingReferral,
    SeriousConcernsFollowUp,
)


def _team(inspection: object) -> tuple[int, ...]:
    lead = getattr(inspection, "lead_inspector_id", None)
    manager = getattr(inspection, "manager_id", None)
    return tuple(pk for pk in dict.fromkeys([lead, manager]) if pk is not None)


def case_reviews(first: date, last: date) -> Iterator[Deadline]:
    found = CaseReview.objects.filter(
        decision=CaseReviewDecision.PENDING, due__range=(first, last)
    ).select_related("provider")
    for review in found:
        yield Deadline(
            due=review.due,
            rule=review.rule or "ENF-2",
            what=f"Case review of {review.provider.name}",
            owners=(review.owner_id,),
            url=reverse("enforcement:case_review", args=[review.pk]),
            inspection_id=review.inspection_id,
            provider_urn=review.provider.urn,
        )


def dcs_emails(first: date, last: date) -> Iterator[Deadline]:
    found = DcsAlert.objects.filter(
        removed_at__isnull=True, message__isnull=True, email_due__range=(first, last)
    ).select_related("provider", "local_authority", "inspection")
    for alert in found:
        yield Deadline(
            due=alert.email_due,  # type: ignore[arg-type]  # filtered on a range, so set
            rule=alert.rule,
            what=f"Email the DCS of {alert.local_authority.name} about {alert.provider.name}",
            owners=_team(alert.inspection),
            url=reverse("enforcement:next_steps", args=[alert.inspection_id]) if alert.inspection_id else "",
            inspection_id=alert.inspection_id,
            provider_urn=alert.provider.urn,
        )


def dcs_calls(first: date, last: date) -> Iterator[Deadline]:
    found = DcsAlert.objects.filter(
        removed_at__isnull=True, message__isnull=False, call_at__isnull=True, call_due__range=(first, last)
    ).select_related("provider", "local_authority", "inspection")
    for alert in found:
        yield Deadline(
            due=alert.call_due,  # type: ignore[arg-type]
            rule="ENF-3",
            what=f"Phone the DCS of {alert.local_authority.name} about the email on {alert.provider.name}",
            owners=_team(alert.inspection),
            url=reverse("enforcement:next_steps", args=[alert.inspection_id]) if alert.inspection_id else "",
            inspection_id=alert.inspection_id,
            provider_urn=alert.provider.urn,
        )


def safeguarding_follow_ups(first: date, last: date) -> Iterator[Deadline]:
    found = SafeguardingReferral.objects.filter(
        closed_at__isnull=True, follow_up_due__range=(first, last)
    ).select_related("provider")
    for referral in found:
        yield Deadline(
            due=referral.follow_up_due,
            rule="SAF-1",
            what=f"Follow up the safeguarding referral at {referral.provider.name}",
            owners=(referral.follow_up_owner_id,),
            url=reverse("enforcement:referral", args=[referral.pk]),
            inspection_id=referral.inspection_id,
            provider_urn=referral.provider.urn,
        )


def monitoring_visits(first: date, last: date) -> Iterator[Deadline]:
    found = SeriousConcernsFollowUp.objects.filter(
        monitoring_visit__isnull=True, monitoring_latest__range=(first, last)
    ).select_related("inspection__provider")
    for follow_up in found:
        yield Deadline(
            due=follow_up.monitoring_latest,
            rule="SCH-9",
            what=f"Monitoring visit to {follow_up.inspection.provider.name} after serious concerns",
            owners=_team(follow_up.inspection),
            url=reverse("enforcement:next_steps", args=[follow_up.inspection_id]),
            inspection_id=follow_up.inspection_id,
            provider_urn=follow_up.inspection.provider.urn,
        )
