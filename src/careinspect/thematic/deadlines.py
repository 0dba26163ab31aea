"""The programme's deadlines that someone owns, for the dashboards and reminders (core.deadlines)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from careinspect.core.deadlines import Deadline
from careinspect.thematic.models import ProgrammeInspection


def announcements_due(first: date, last: date) -> Iterator[Deadline]:
    """RULES: NTC-2 — each planned RAA is announced by its programme's manager on its notice day."""
    visits = ProgrammeInspection.objects.filter(
        inspection__status="scheduled",
        inspection__notice_due__gte=first,
        inspection__notice_due__lte=last,
    ).select_related("programme", "inspection__provider")
    for visit in visits:
        inspection = visit.inspection
        assert inspection.notice_due is not None
        yield Deadline(
            due=inspection.notice_due,
            rule="NTC-2",
            what=f"Announce the thematic inspection of {inspection.provider.name} ({visit.programme.name})",
            owners=(visit.programme.manager_id,),
            url=reverse("thematic:plan", args=[visit.programme_id]),
            inspection_id=inspection.pk,
            provider_urn=inspection.provider.urn,
        )
