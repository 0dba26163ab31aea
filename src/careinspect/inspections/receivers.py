"""The inspections app's part in the due list (issue 10 item 4, issue 15).

An inspection scheduled, announced, moved along its lifecycle or deleted refreshes its provider's row, and
this module answers the registry's `under_way_wanted` hook with the inspection under way at each provider,
so the due list shows "Inspection under way: INS-00009, draft report sent" rather than "Overdue". The
registry never imports this app: it asks through the hook and gets ids and words back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from careinspect.inspections.models import Inspection
from careinspect.registry.due import UnderWay
from careinspect.registry.services import refresh_due
from careinspect.registry.signals import under_way_wanted
from careinspect.rules.lifecycle import FINISHED, HELD

# Under way from the moment it is scheduled, of any kind, until it is finished or held: a deferred, paused
# or incomplete inspection waits on a decision and leaves the provider due. The lifecycle has no cancelled
# state; an inspection called off is deleted, which refreshes the row too.
NOT_UNDER_WAY = sorted(status.value for status in FINISHED | HELD)


def connect() -> None:
    post_save.connect(inspection_saved, sender=Inspection, dispatch_uid="inspections-due-saved")
    post_delete.connect(inspection_deleted, sender=Inspection, dispatch_uid="inspections-due-deleted")
    under_way_wanted.connect(answer_under_way, dispatch_uid="inspections-due-under-way")


def inspection_saved(
    sender: type[Inspection], instance: Inspection, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:  # the clock is read here, at the edge; the service takes the day
        refresh_due([instance.provider_id], timezone.localdate())


def inspection_deleted(sender: type[Inspection], instance: Inspection, **kwargs: Any) -> None:
    refresh_due([instance.provider_id], timezone.localdate())


def answer_under_way(sender: Any, provider_ids: Iterable[int], **kwargs: Any) -> dict[int, UnderWay]:
    return under_way(provider_ids)


def under_way(provider_ids: Iterable[int]) -> dict[int, UnderWay]:
    """The inspection under way at each of these providers, in one query; where a provider has several,
    the one that started first (it is the furthest along)."""
    inspections = (
        Inspection.objects.filter(provider_id__in=list(provider_ids))
        .exclude(status__in=NOT_UNDER_WAY)
        .order_by("provider_id", "start_date", "pk")
        .only("pk", "provider_id", "status")
    )
    found: dict[int, UnderWay] = {}
    for inspection in inspections:
        found.setdefault(
            inspection.provider_id,
            UnderWay(inspection.pk, inspection.reference, inspection.status_enum.label),
        )
    return found
