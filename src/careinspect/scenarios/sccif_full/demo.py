"""`careinspect demo`'s SCCIF full inspections: cleared and told again around today.

Idempotent: every demo inspection (`is_demo=True`), with the past inspection its publication added, is
deleted and rebuilt, so running it again leaves one copy, dated from the new `today`. Agencies and their
history come from `careinspect.registry.demo`; people are the demo sign-ins of
`careinspect.core.demo_users`, plus one staff sign-in without a password for each other agency that
answers a draft (`agencies.staff_of`). No clock is moved, and the demo needs no dev extras.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.registry.models import InspectionKind, Intelligence, PastInspection
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.sccif_full import stories
from careinspect.scenarios.sccif_full.agencies import demo_urns
from careinspect.scenarios.stored_files import delete_kept_originals


@dataclass(frozen=True)
class DemoInspections:
    by_status: dict[str, int]
    walkthrough: Inspection  # notified this morning: the README's walkthrough starts here
    published_reports: int
    on_site: Inspection  # on site today: the walkthrough's visit, feedback, report, draft and final
    publishable: Inspection  # final report sent 5 working days ago: the walkthrough publishes it

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def load_demo_inspections(today: date) -> DemoInspections:
    """Delete and rebuild the demo inspections around `today`. Needs the demo registry and sign-ins."""
    with transaction.atomic():
        clear_demo_inspections()
        told = stories.tell(today)
    by_status = {s.value: 0 for s in Status}
    for status in Inspection.objects.filter(is_demo=True).values_list("status", flat=True):
        by_status[status] += 1
    published = PublishedReport.objects.filter(inspection__is_demo=True).count()
    return DemoInspections(
        by_status=by_status,
        walkthrough=told.notified,
        published_reports=published,
        on_site=told.on_site,
        publishable=told.publishable,
    )


def clear_demo_inspections() -> None:
    """Remove the demo inspections with all recorded in them, their files and what publication added."""
    demo = Inspection.objects.filter(is_demo=True)
    for published in PublishedReport.objects.filter(inspection__in=demo).select_related("inspection"):
        inspection = published.inspection
        PastInspection.objects.filter(
            provider_id=inspection.provider_id,
            end_date=inspection.end_date,
            kind=InspectionKind.SCCIF_FULL,
            is_demo=True,
        ).delete()
        published.delete()
    delete_kept_originals(demo)
    Intelligence.objects.filter(is_demo=True, provider__urn__in=demo_urns()).delete()
    demo.delete()
