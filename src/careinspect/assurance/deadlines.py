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
    return tuple(sorted(member.user_id for member in inspection.provider.staff.all()))


def _steps(inspection: Inspection) -> Iterator[tuple[date, str, str, tuple[int, ...]]]:
    """(due, rule, what, owners) for the deadlines of one visit that the inspections' own source does not
    give: the draft, comments, final and publication dates are the `inspections` source's (declared in
    the kind), so here only the announcement call of a visit with no notice date yet, and the complaint."""
    from careinspect.assurance.services import complaint_due

    status = inspection.status_enum
    name = inspection.provider.name
    if status is Status.SCHEDULED and inspection.notice_due is None:
        lead = (inspection.lead_inspector_id,)
        yield inspection.start_date, "NTC-4", f"Announcement call to {name} at about 9am", lead
    complaint = complaint_due(inspection)
    if complaint is not None and status is Status.FINAL_SENT:
        yield complaint, "RPT-4", f"{name}: any formal complaint about the final report", _staff(inspection)


def visit_deadlines(first: date, last: date) -> Iterator[Deadline]:
    window = Q(status=Status.SCHEDULED.value, notice_due__isnull=True, start_date__range=(first, last)) | Q(
        status=Status.FINAL_SENT.value, final_sent_on__lte=last
    )
    found = (
        Inspection.objects.filter(kind=Kind.IFA_ASSURANCE.value)
        .filter(window)
        .select_related("provider")
        .prefetch_related("provider__staff")
    )
    for inspection in found:
        url = reverse("assurance:visit", kwargs={"pk": inspection.pk})
        for due, rule, what, owners in _steps(inspection):
            yield Deadline(due, rule, what, owners, url, inspection.pk, inspection.provider.urn)
