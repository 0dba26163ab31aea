"""The child-friendly summary's deadlines, for the dashboards and reminders (careinspect.core.deadlines).

RULES: RPT-5 — the report is published only with its checked summary, so the summary is due before it: the
guidance gives no day of its own, so the visit's inspector writes it by the final report (so the manager
has the working days before publication to check it) and the manager checks it by the publication day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q
from django.urls import reverse

from careinspect.core.deadlines import Deadline
from careinspect.inspections.models import Inspection
from careinspect.rules.kinds import Kind

RULE = "RPT-5"


def summary_deadlines(first: date, last: date) -> Iterator[Deadline]:
    from careinspect.assurance.summary_services import WRITABLE

    found = (
        Inspection.objects.filter(kind=Kind.IFA_ASSURANCE.value, status__in=[s.value for s in WRITABLE])
        .filter(Q(final_due__range=(first, last)) | Q(publication_due__range=(first, last)))
        .select_related("provider", "child_friendly_summary")
    )
    for inspection in found:
        summary = getattr(inspection, "child_friendly_summary", None)
        url = reverse("assurance:summary", args=[inspection.pk])
        name = inspection.provider.name
        urn = inspection.provider.urn
        if summary is None and inspection.final_due is not None:
            yield Deadline(
                due=inspection.final_due,
                rule=RULE,
                what=f"Write the child-friendly summary of the visit to {name}",
                owners=(inspection.lead_inspector_id,),
                url=url,
                inspection_id=inspection.pk,
                provider_urn=urn,
            )
        elif summary is not None and not summary.checked_since_written and inspection.publication_due:
            yield Deadline(
                due=inspection.publication_due,
                rule=RULE,
                what=f"Check the child-friendly summary of the visit to {name}",
                owners=(inspection.manager_id,),
                url=url,
                inspection_id=inspection.pk,
                provider_urn=urn,
            )
