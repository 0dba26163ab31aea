"""The deadlines of assurance visits, for the dashboards and reminders (careinspect.core.deadlines).

RULES: RPT-4 — from the end of the visit: draft within 18 working days, the agency's comments within 5,
final within 30, published within 38, and a formal complaint within 5 working days of the final report.
NTC-4 and INF-3 give the announcement call and the information on day 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q
from django.urls import reverse

from careinspect.core.deadlines import Deadline
from careinspect.inspections.models import Inspection
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status


def _staff(inspection: Inspection) -> tuple[int, ...]:
    return tuple(inspection.provider.staff.values_list("user_id", flat=True))


def _steps(inspection: Inspection) -> Iterator[tuple[date, str, str, tuple[int, ...]]]:
    """(due, rule, what, owners) for each deadline of one visit still to meet."""
    from careinspect.assurance.services import complaint_due

    status = inspection.status_enum
    name = inspection.provider.name
    lead = (inspection.lead_inspector_id,)
    if status is Status.SCHEDULED:
        yield inspection.start_date, "NTC-4", f"Announcement call to {name} at about 9am", lead
    if inspection.draft_due and inspection.draft_sent_on is None:
        yield inspection.draft_due, "RPT-4", f"Draft report to {name}", lead
    if inspection.comments_due and status is Status.DRAFT_SENT:
        yield inspection.comments_due, "RPT-4", f"{name}'s comments on the draft report", _staff(inspection)
    if inspection.final_due and inspection.final_sent_on is None:
        yield inspection.final_due, "RPT-4", f"Final report to {name}", lead
    if inspection.publication_due and inspection.published_on is None:
        yield inspection.publication_due, "RPT-4", f"Publish the report on {name}", (inspection.manager_id,)
    complaint = complaint_due(inspection)
    if complaint is not None and status is Status.FINAL_SENT:
        yield complaint, "RPT-4", f"{name}: any formal complaint about the final report", _staff(inspection)


def visit_deadlines(first: date, last: date) -> Iterator[Deadline]:
    window = (
        Q(start_date__range=(first, last))
        | Q(draft_due__range=(first, last))
        | Q(comments_due__range=(first, last))
        | Q(final_due__range=(first, last))
        | Q(publication_due__range=(first, last))
        | Q(final_sent_on__isnull=False, final_sent_on__lte=last)
    )
    found = (
        Inspection.objects.filter(kind=Kind.IFA_ASSURANCE.value)
        .exclude(status__in=[Status.PUBLISHED.value, Status.INCOMPLETE.value])
        .filter(window)
        .select_related("provider")
    )
    for inspection in found:
        url = reverse("assurance:visit", kwargs={"pk": inspection.pk})
        for due, rule, what, owners in _steps(inspection):
            yield Deadline(due, rule, what, owners, url, inspection.pk, inspection.provider.urn)
