"""The deadlines the notifications app owns, for the dashboards and reminders (`core.deadlines`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse

from careinspect.core.deadlines import Deadline
from careinspect.core.roles import INSPECTOR
from careinspect.inspections.models import Inspection
from careinspect.notifications.models import Notification, NotificationStatus
from careinspect.registry.models import ProviderStaff
from careinspect.rules.notifications import nms25_year_ending


def _inspectors() -> tuple[int, ...]:
    users = get_user_model().objects.filter(groups__name=INSPECTOR, is_active=True)
    return tuple(users.order_by("pk").values_list("pk", flat=True))


def reviews_due(first: date, last: date) -> Iterator[Deadline]:
    """RULES: NOT-1 — each notification waiting for review: owned by the lead inspector of the agency's
    latest inspection, or every inspector when it has none."""
    waiting = Notification.objects.filter(
        status=NotificationStatus.WAITING, review_due__range=(first, last)
    ).select_related("provider", "type")
    everyone: tuple[int, ...] | None = None
    leads: dict[int, int] = {}
    for provider_id, lead in (
        Inspection.objects.filter(provider__in={n.provider_id for n in waiting}, lead_inspector__isnull=False)
        .order_by("provider_id", "-pk")
        .values_list("provider_id", "lead_inspector_id")
    ):
        leads.setdefault(provider_id, lead)
    for n in waiting:
        if n.provider_id in leads:
            owners: tuple[int, ...] = (leads[n.provider_id],)
        else:
            everyone = everyone if everyone is not None else _inspectors()
            owners = everyone
        yield Deadline(
            due=n.review_due,
            rule="NOT-1",
            what=f"Review notification {n.reference} from {n.provider.name}: {n.type.name}",
            owners=owners,
            url=reverse("notifications:review", args=[n.pk]),
            provider_urn=n.provider.urn,
        )


def nms25_due(first: date, last: date) -> Iterator[Deadline]:
    """RULES: NOT-2 — each agency's NMS 25 report, owned by its staff, for the years due in the range."""
    from careinspect.notifications.services import nms25_owed

    for year_end in range(first.year, last.year + 1):
        year = nms25_year_ending(year_end)
        if not first <= year.due <= last:
            continue
        owed = nms25_owed(year).exclude(nms25_reports__year_ending=year.last)
        staff: dict[int, list[int]] = {}
        for provider_id, user_id in ProviderStaff.objects.filter(provider__in=owed).values_list(
            "provider_id", "user_id"
        ):
            staff.setdefault(provider_id, []).append(user_id)
        for provider in owed.filter(pk__in=staff):
            yield Deadline(
                due=year.due,
                rule="NOT-2",
                what=f"NMS 25 report for {year.label} from {provider.name}",
                owners=tuple(sorted(staff[provider.pk])),
                url=reverse("notifications:nms25_send"),
                provider_urn=provider.urn,
            )
