"""Compliance's owned deadlines, registered with `careinspect.core.deadlines` in `ComplianceConfig.ready`:
a requirement's outcome, due the working day after its compliance date (REQ-3); each compliance notice's
date (ENF-1) and, for a notice with no visit yet, the last day its monitoring visit may fall on (SCH-8);
and each monitoring visit's first day (KND-4). Each source reads only what falls due between `first` and
`last`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse

from careinspect.compliance.models import ComplianceNotice, MonitoringNotice, NoticeStatus
from careinspect.core.deadlines import Deadline
from careinspect.core.regime import current_calendar
from careinspect.inspections.models import Inspection, Requirement
from careinspect.rules.calendar import day_text
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import req3_outcome_due
from careinspect.rules.scheduling import compliance_window

# A compliance date this many calendar days before `first` may still have its outcome or visit due on or
# after `first` (1 and 5 working days later: long weekends and Christmas included).
_LOOK_BACK = timedelta(days=14)


def _provider_url(provider_id: int) -> str:
    return reverse("compliance:provider", args=[provider_id])


def requirement_outcomes(first: date, last: date) -> Iterator[Deadline]:
    """RULES: REQ-3 — record whether each requirement was met once its date has passed."""
    calendar = current_calendar()
    found = Requirement.objects.filter(
        outcome__isnull=True, compliance_date__range=(first - _LOOK_BACK, last)
    ).select_related("inspection__provider")
    for requirement in found:
        inspection = requirement.inspection
        yield Deadline(
            due=req3_outcome_due(requirement.compliance_date, calendar),
            rule="REQ-3",
            what=(
                f"Was the requirement ({requirement.regulation}) of {inspection.provider.name} met by "
                f"{day_text(requirement.compliance_date)}?"
            ),
            owners=(inspection.lead_inspector_id,),
            url=_provider_url(inspection.provider_id),
            inspection_id=inspection.pk,
            provider_urn=inspection.provider.urn,
        )


def notice_dates(first: date, last: date) -> Iterator[Deadline]:
    """RULES: ENF-1 — the date each notice sets for compliance."""
    found = ComplianceNotice.objects.filter(
        status=NoticeStatus.ISSUED, compliance_date__range=(first, last)
    ).select_related("provider")
    for notice in found:
        yield Deadline(
            due=notice.compliance_date,
            rule="ENF-1",
            what=f"{notice.reference} ({notice.regulation}) of {notice.provider.name} to be met",
            owners=(notice.issued_by_id,),
            url=_provider_url(notice.provider_id),
            provider_urn=notice.provider.urn,
        )


def visits_to_schedule(first: date, last: date) -> Iterator[Deadline]:
    """RULES: SCH-8 — a notice with no monitoring visit yet: the last day its visit may fall on."""
    calendar = current_calendar()
    planned = MonitoringNotice.objects.exclude(inspection__status=Status.INCOMPLETE.value).values("notice")
    found = (
        ComplianceNotice.objects.filter(
            status=NoticeStatus.ISSUED, compliance_date__range=(first - _LOOK_BACK, last)
        )
        .exclude(pk__in=planned)
        .select_related("provider")
    )
    for notice in found:
        _earliest, latest = compliance_window(notice.compliance_date, calendar)
        yield Deadline(
            due=latest,
            rule="SCH-8",
            what=f"Monitoring visit for {notice.reference} of {notice.provider.name}",
            owners=(notice.issued_by_id,),
            url=_provider_url(notice.provider_id),
            provider_urn=notice.provider.urn,
        )


def monitoring_visits(first: date, last: date) -> Iterator[Deadline]:
    """RULES: KND-4 — each monitoring visit still to start, on its first day."""
    found = Inspection.objects.filter(
        kind=Kind.MONITORING.value,
        status__in=[Status.SCHEDULED.value, Status.NOTIFIED.value],
        start_date__range=(first, last),
    ).select_related("provider")
    for visit in found:
        yield Deadline(
            due=visit.start_date,
            rule="KND-4",
            what=f"Monitoring visit to {visit.provider.name}",
            owners=tuple(dict.fromkeys([visit.lead_inspector_id, visit.manager_id])),
            url=reverse("inspections:visit", args=[visit.pk]),
            inspection_id=visit.pk,
            provider_urn=visit.provider.urn,
        )
