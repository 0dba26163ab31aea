"""What is due and overdue for each user: the deadlines the lifecycle recorded, by who must act next.

Rules: NTC-1 (notice), INF-2 (information), EVD-4 (scans), RPT-3 (draft, final, publication), CMP-1
(comments). An item is overdue once its day has passed and the step has not happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from careinspect.inspections import access
from careinspect.inspections.models import Inspection
from careinspect.rules.lifecycle import Status


@dataclass(frozen=True)
class DueItem:
    inspection: Inspection
    label: str
    day: date
    rule: str
    overdue: bool
    who: str  # "inspector", "manager" or "provider"


# (status the step is awaited in, field holding its day, label, rule, who acts)
STEPS: list[tuple[set[Status], str, str, str, str]] = [
    ({Status.SCHEDULED}, "notice_due", "Send the letter of notice", "NTC-1", "inspector"),
    (
        {Status.NOTIFIED, Status.PREPARING},
        "information_due",
        "Information forms due from the agency",
        "INF-2",
        "provider",
    ),
    ({Status.NOTIFIED, Status.PREPARING}, "start_date", "On-site visit starts", "KND-1", "inspector"),
    ({Status.FEEDBACK_GIVEN}, "draft_due", "Send the draft report", "RPT-3", "inspector"),
    ({Status.DRAFT_SENT}, "comments_due", "Comments or formal complaint on the draft", "CMP-1", "provider"),
    ({Status.COMPLAINT}, "final_due", "Answer the complaint before the final report", "CMP-1", "manager"),
    (
        {Status.DRAFT_SENT, Status.COMMENTS_RECEIVED},
        "final_due",
        "Send the final report",
        "RPT-3",
        "inspector",
    ),
    ({Status.FINAL_SENT}, "publication_due", "Publish the report", "RPT-3", "manager"),
]


def items_for(inspection: Inspection, today: date) -> list[DueItem]:
    status = inspection.status_enum
    items = []
    for statuses, field, label, rule, who in STEPS:
        day = getattr(inspection, field)
        if field == "information_due" and _all_received(inspection):
            continue
        if status in statuses and day is not None:
            items.append(DueItem(inspection, label, day, rule, day < today, who))
    if (
        inspection.scans_due
        and inspection.evidence.filter(handwritten=True, scanned_on__isnull=True).exists()
    ):
        items.append(
            DueItem(
                inspection,
                "Scan handwritten evidence",
                inspection.scans_due,
                "EVD-4",
                inspection.scans_due < today,
                "inspector",
            )
        )
    return items


def _all_received(inspection: Inspection) -> bool:
    """RULES: INF-2 — nothing is owed once every requested item has a usable upload."""
    requests = list(inspection.information_requests.prefetch_related("uploads"))
    return bool(requests) and all(any(u.valid is not False for u in r.uploads.all()) for r in requests)


def due_for(user: Any, today: date) -> list[DueItem]:
    """Each user's own list: inspectors their inspections, managers theirs, provider staff their agency's.

    An open complaint goes to every manager independent of the inspection (CMP-1), not its own manager.
    """
    inspections = access.visible_inspections(user).exclude(
        status__in=[Status.PUBLISHED, Status.INCOMPLETE, Status.DEFERRED, Status.PAUSED]
    )
    provider = access.provider_of(user)
    if provider is not None:
        items = [i for inspection in inspections for i in items_for(inspection, today) if i.who == "provider"]
    else:
        mine = [i for i in inspections if user.pk in (i.lead_inspector_id, i.manager_id)]
        items = [
            item
            for inspection in mine
            for item in items_for(inspection, today)
            if item.rule != "CMP-1" or item.who != "manager"
        ]
        if access.can_manage(user):
            independent = (
                inspections.filter(status=Status.COMPLAINT).exclude(manager=user).exclude(lead_inspector=user)
            )
            items += [
                i for inspection in independent for i in items_for(inspection, today) if i.who == "manager"
            ]
    return sorted(items, key=lambda i: (not i.overdue, i.day))
