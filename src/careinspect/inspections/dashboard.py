"""What is due and overdue for each user: the deadlines the lifecycle recorded, by who must act next.

Rules: NTC-1 (notice), INF-2 (information), EVD-4 (scans), RPT-3 (draft, final, publication), CMP-1
(comments). An item is overdue once its day has passed and the step has not happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from careinspect.inspections import access
from careinspect.inspections.dashboard_steps import check_report_item, report_unchecked
from careinspect.inspections.models import Evidence, Inspection
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
    """What is due on one inspection. An inspection from `with_due_facts` costs no query; any other costs
    at most one (the facts of this inspection alone)."""
    status = inspection.status_enum
    items = []
    for statuses, field, label, rule, who in STEPS:
        day = getattr(inspection, field)
        if status not in statuses or day is None:
            continue
        if field == "information_due" and _facts(inspection).all_received:
            continue
        items.append(DueItem(inspection, label, day, rule, day < today, who))
    if inspection.scans_due and _facts(inspection).scans_outstanding:
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
    # RULES: RPT-3 — the manager's check is due before the draft or final report can go.
    if (check := check_report_item(inspection, today)) is not None:
        items.append(check)
    return items


@dataclass(frozen=True)
class DueFacts:
    all_received: bool  # RULES: INF-2 — nothing is owed once every requested item has a usable upload
    scans_outstanding: bool  # RULES: EVD-4 — handwritten evidence not yet scanned


def with_due_facts(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """The inspections with what `items_for` needs beyond their own fields, as subqueries of the one query.

    Asking each inspection for its requests, their uploads and its unscanned evidence cost three queries an
    inspection (issue 10: the dashboard went from 31 to 91 queries as inspections accumulated).
    """
    # The portal's models by name: the portal builds on inspections, never the reverse.
    requests, uploads = apps.get_model("portal", "InformationRequest"), apps.get_model("portal", "Upload")
    usable = uploads._default_manager.filter(Q(valid=True) | Q(valid__isnull=True), request=OuterRef("pk"))
    of_inspection = requests._default_manager.filter(inspection=OuterRef("pk"))
    return inspections.annotate(
        due_requested=Exists(of_inspection),
        due_unanswered=Exists(of_inspection.exclude(Exists(usable))),
        due_unscanned=Exists(
            Evidence.objects.filter(inspection=OuterRef("pk"), handwritten=True, scanned_on__isnull=True)
        ),
        due_report_unchecked=report_unchecked(),
    )


def _facts(inspection: Inspection) -> DueFacts:
    """The inspection's facts: from its annotations, or read for it alone (and kept on it)."""
    if not hasattr(inspection, "due_requested"):
        found = with_due_facts(Inspection.objects.filter(pk=inspection.pk).only("pk")).get()
        for name in ("due_requested", "due_unanswered", "due_unscanned"):
            setattr(inspection, name, getattr(found, name))
    return DueFacts(
        all_received=inspection.due_requested and not inspection.due_unanswered,  # type: ignore[attr-defined]
        scans_outstanding=inspection.due_unscanned,  # type: ignore[attr-defined]
    )


CLOSED = [Status.PUBLISHED, Status.INCOMPLETE, Status.DEFERRED, Status.PAUSED]


def due_for(user: Any, today: date) -> list[DueItem]:
    """Each user's own list: inspectors their inspections, managers theirs, provider staff their agency's.

    An open complaint goes to every manager independent of the inspection (CMP-1), not its own manager.
    One query for the inspections and their facts, however many there are.
    """
    inspections = with_due_facts(access.visible_inspections(user).exclude(status__in=CLOSED))
    if access.provider_of(user) is not None:
        items = [i for inspection in inspections for i in items_for(inspection, today) if i.who == "provider"]
        return _most_urgent_first(items)
    # Only the inspections this user works on, or (for a manager) may have to answer a complaint on: the
    # rest of the country's are never loaded.
    concerned = Q(lead_inspector=user) | Q(manager=user)
    if access.can_manage(user):
        concerned |= Q(status=Status.COMPLAINT)
    mine, independent = [], []
    for inspection in inspections.filter(concerned):
        if user.pk in (inspection.lead_inspector_id, inspection.manager_id):
            mine += [i for i in items_for(inspection, today) if i.rule != "CMP-1" or i.who != "manager"]
        else:  # a complaint on an inspection this manager has no part in
            independent += [i for i in items_for(inspection, today) if i.who == "manager"]
    return _most_urgent_first(mine + independent)


def _most_urgent_first(items: list[DueItem]) -> list[DueItem]:
    return sorted(items, key=lambda i: (not i.overdue, i.day))
