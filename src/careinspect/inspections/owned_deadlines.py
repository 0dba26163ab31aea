"""The inspections' own deadlines as `core.deadlines` sources them (issue 13, item 7): for the dashboards'
reminders and the reminder emails.

Each open inspection gives the deadlines its kind declares (`declaration.deadlines`: the words and rule per
field) that are still to be met, owned by whoever must act:

    notice_due         lead inspector                      until notice is given
    information_due    the agency's staff, lead inspector  until everything requested is received
    scans_due          lead inspector                      while handwritten notes are unscanned (EVD-4)
    draft_due          lead inspector                      until the draft is sent
    comments_due       the agency's staff, lead inspector  while the draft awaits comments
    final_due          lead inspector, manager             until the final report is sent
    publication_due    manager, lead inspector             until it is published

One query, whatever the number of inspections: the inspections with the facts the dashboard reads
(`dashboard.with_due_facts`) joined to their agencies' staff.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q
from django.urls import reverse

from careinspect.core.deadlines import Deadline
from careinspect.inspections.dashboard import with_due_facts
from careinspect.inspections.models import Inspection
from careinspect.rules.kinds import declaration
from careinspect.rules.lifecycle import Status

FIELDS = (
    "notice_due",
    "information_due",
    "scans_due",
    "draft_due",
    "comments_due",
    "final_due",
    "publication_due",
)
# An inspection in one of these owes nothing more.
CLOSED = [
    Status.PUBLISHED,
    Status.NOT_PUBLISHED,
    Status.REPORTED,
    Status.DISPOSED,
    Status.INCOMPLETE,
    Status.DEFERRED,
    Status.PAUSED,
]
# The field that records a deadline met.
MET_BY = {
    "notice_due": "notified_on",
    "draft_due": "draft_sent_on",
    "final_due": "final_sent_on",
    "publication_due": "published_on",
}
# Who owns each deadline: "lead", "manager", "agency".
OWNERS = {
    "notice_due": ("lead",),
    "information_due": ("agency", "lead"),
    "scans_due": ("lead",),
    "draft_due": ("lead",),
    "comments_due": ("agency", "lead"),
    "final_due": ("lead", "manager"),
    "publication_due": ("manager", "lead"),
}
BEFORE_THE_VISIT = {Status.SCHEDULED, Status.NOTIFIED, Status.PREPARING}


def inspection_deadlines(first: date, last: date) -> Iterator[Deadline]:
    """Every open inspection's deadlines due from `first` to `last`, still to be met."""
    in_range = reduce(or_, [Q(**{f"{field}__range": (first, last)}) for field in FIELDS])
    rows = (
        with_due_facts(Inspection.objects.exclude(status__in=CLOSED).filter(in_range))
        .values(
            "pk",
            "kind",
            "status",
            "lead_inspector_id",
            "manager_id",
            "provider__name",
            "provider__urn",
            "due_requested",
            "due_unanswered",
            "due_unscanned",
            "provider__staff__user_id",
            *FIELDS,
            *MET_BY.values(),
        )
        .order_by("pk")
    )
    inspections: dict[int, dict[str, Any]] = {}
    staff: dict[int, set[int]] = {}
    for row in rows:  # one row an inspection and member of its agency's staff
        inspections.setdefault(row["pk"], row)
        if row["provider__staff__user_id"] is not None:
            staff.setdefault(row["pk"], set()).add(row["provider__staff__user_id"])
    for pk, row in inspections.items():
        yield from _deadlines_of(row, staff.get(pk, set()), first, last)


def _deadlines_of(row: dict[str, Any], agency: set[int], first: date, last: date) -> Iterator[Deadline]:
    declared = declaration(row["kind"]).deadlines
    reference = f"INS-{row['pk']:05d}"
    for field, named in declared.items():
        due = row.get(field)
        if due is None or not first <= due <= last or not _open(field, row):
            continue
        people = {
            "lead": {row["lead_inspector_id"]},
            "manager": {row["manager_id"]},
            "agency": agency,
        }
        owners = sorted(set().union(*(people[who] for who in OWNERS[field])))
        yield Deadline(
            due=due,
            rule=named.rule,
            what=f"{named.label}: {reference}, {row['provider__name']}",
            owners=tuple(owners),
            url=reverse("inspections:detail", args=[row["pk"]]),
            inspection_id=row["pk"],
            provider_urn=row["provider__urn"],
        )


def _open(field: str, row: dict[str, Any]) -> bool:
    """Whether the deadline is still to be met."""
    status = Status(row["status"])
    if field in MET_BY:
        return row[MET_BY[field]] is None
    if field == "information_due":
        # RULES: INF-2 — owed until every requested item has a usable upload, and only before the visit.
        received = row["due_requested"] and not row["due_unanswered"]
        return status in BEFORE_THE_VISIT and not received
    if field == "scans_due":
        return bool(row["due_unscanned"])  # RULES: EVD-4 — handwritten notes not yet scanned
    if field == "comments_due":
        return status is Status.DRAFT_SENT  # RULES: CMP-1 — the agency's answer to the draft
    return True
