"""Which providers are due for inspection, and when. Rules: SCH-1, SCH-2, SCH-3, SCH-4, THM-3.

Each provider's window and status are worked out from the rules (`due`) and stored in `ProviderDue` by
`refresh_due`, set-based; the due list (`inspections_due`) is then one filtered, sorted query on that table
that the page and the API paginate in the database. Who calls `refresh_due` is listed on `ProviderDue`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import cast

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy

from careinspect.registry.due import (
    BroughtForward,
    ProviderFacts,
    UnderWay,
    brought_forward,
    quarter_end,
    status_of,
    window_for,
)
from careinspect.registry.models import DueStatus, InspectionKind, PastInspection, Provider, ProviderDue
from careinspect.registry.signals import brought_forward_wanted, under_way_wanted

__all__ = ["SORTS", "DueStatus", "inspections_due", "quarter_end", "refresh_due"]

# Providers worked out together: bounds the memory a full refresh takes and the length of each IN (…) list.
BATCH = 1000
# What a refresh writes; `computed_on` is stamped apart, so a row whose day alone moved on is not "changed".
FIELDS = [
    "kind",
    "name_key",
    "earliest",
    "latest",
    "rule",
    "status",
    "reason",
    "under_way_inspection",
    "under_way_reference",
    "under_way_status",
]
# The list's sorts and the columns each orders by; the provider's id last, so that pages never overlap.
SORTS: dict[str, tuple[str, ...]] = {
    "latest": ("latest", "name_key"),
    "earliest": ("earliest", "name_key"),
    "name": ("name_key",),
    "kind": ("kind", "name_key"),
}
NO_WINDOW_POSSIBLE = {"latest", "earliest"}  # nullable: a provider with no window sorts last ascending


def refresh_due(providers: Iterable[Provider | int] | None, today: date) -> int:
    """Work out again the due-list rows of `providers` (every provider when None) as they stand on `today`.

    Returns how many rows changed: created, or with another window, status, reason or inspection under way.
    Every row refreshed is stamped with `today`, changed or not.
    """
    ids = _provider_ids(providers)
    return sum(_refresh_batch(ids[start : start + BATCH], today) for start in range(0, len(ids), BATCH))


def _provider_ids(providers: Iterable[Provider | int] | None) -> list[int]:
    if providers is None:
        return list(Provider.objects.order_by("pk").values_list("pk", flat=True))
    return sorted({p if isinstance(p, int) else p.pk for p in providers})


@transaction.atomic
def _refresh_batch(ids: Sequence[int], today: date) -> int:
    """Four queries whatever the batch's size (facts, inspections under way, stored rows, one upsert), and
    those of the apps that bring inspections forward."""
    under_way = _under_way(ids)
    forward = _brought_forward(ids, today)
    fresh = [_row(facts, under_way.get(facts.pk), today, forward.get(facts.pk)) for facts in _facts(ids)]
    stored = {row.pk: _values(row) for row in ProviderDue.objects.filter(pk__in=ids)}
    changed = [row for row in fresh if stored.get(row.pk) != _values(row)]
    # An upsert rather than create-or-update: a row another request made meanwhile is updated, not a clash.
    ProviderDue.objects.bulk_create(
        changed, update_conflicts=True, unique_fields=["provider"], update_fields=[*FIELDS, "computed_on"]
    )
    ProviderDue.objects.filter(pk__in=ids).exclude(computed_on=today).update(computed_on=today)
    return len(changed)


def _facts(ids: Sequence[int]) -> list[ProviderFacts]:
    """Each provider with its latest graded full inspection, in one query (two correlated subqueries)."""
    graded = (
        PastInspection.objects.filter(provider=OuterRef("pk"), kind=InspectionKind.SCCIF_FULL)
        .exclude(judgement="")
        .order_by("-end_date")
    )
    rows = (
        Provider.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            last_end=Subquery(graded.values("end_date")[:1]),
            last_judgement=Subquery(graded.values("judgement")[:1]),
        )
        .values_list(
            "pk",
            "kind",
            "name",
            "registration_date",
            "serves_users",
            "registered_as_vaa",
            "last_end",
            "last_judgement",
        )
    )
    return [ProviderFacts(*row[:-1], last_judgement=row[-1] or "") for row in rows]


def _under_way(ids: Sequence[int]) -> dict[int, UnderWay]:
    """Ask the apps that hold inspections which of these providers have one under way (`signals`)."""
    found: dict[int, UnderWay] = {}
    for _receiver, answer in under_way_wanted.send(sender=ProviderDue, provider_ids=list(ids)):
        found.update(cast("Mapping[int, UnderWay]", answer))  # the hook's contract (`signals`)
    return found


def _brought_forward(ids: Sequence[int], today: date) -> dict[int, BroughtForward]:
    """Ask the apps that record decisions to bring inspections forward about these providers (`signals`)."""
    found: dict[int, BroughtForward] = {}
    for _receiver, answer in brought_forward_wanted.send(
        sender=ProviderDue, provider_ids=list(ids), today=today
    ):
        found.update(cast("Mapping[int, BroughtForward]", answer))  # the hook's contract (`signals`)
    return found


def _row(
    facts: ProviderFacts, under_way: UnderWay | None, today: date, forward: BroughtForward | None = None
) -> ProviderDue:
    # A decision to bring the inspection forward (SCH-5, SCH-10) moves the window and says why.
    window, reason = brought_forward(*window_for(facts), forward)
    return ProviderDue(
        provider_id=facts.pk,
        kind=facts.kind,
        name_key=facts.name.lower(),
        earliest=window.earliest if window else None,
        latest=window.latest if window else None,
        rule=window.rule if window else "",
        status=status_of(window, today, under_way).value,
        reason=reason,
        under_way_inspection=under_way.inspection_id if under_way else None,
        under_way_reference=under_way.reference if under_way else "",
        under_way_status=under_way.status if under_way else "",
        computed_on=today,
    )


def _values(row: ProviderDue) -> tuple[object, ...]:
    return tuple(getattr(row, name) for name in FIELDS)


def inspections_due(
    today: date,
    *,
    kinds: Iterable[str] = (),
    statuses: Iterable[str] = (),
    sort: str = "latest",
    descending: bool = False,
) -> QuerySet[ProviderDue]:
    """Every provider's stored row, filtered by kind and status and sorted, for the caller to paginate.

    Each row is annotated `stale` when it was worked out for a day other than `today` (the nightly refresh
    has not run yet), so the list can say which statuses are as of an earlier day.
    """
    rows = ProviderDue.objects.select_related("provider")
    kind_set, status_set = set(kinds), {DueStatus(s) for s in statuses}
    if kind_set:
        rows = rows.filter(kind__in=kind_set)
    if status_set:
        rows = rows.filter(status__in=status_set)
    stale = ExpressionWrapper(~Q(computed_on=today), output_field=BooleanField())
    return rows.annotate(stale=stale).order_by(*_ordering(sort, descending))


def _ordering(sort: str, descending: bool) -> list[OrderBy]:
    """The sort's columns then the provider's id, all one way; no window sorts last, or first reversed."""
    columns = [*SORTS.get(sort, SORTS["latest"]), "provider"]
    if descending:
        return [F(c).desc(nulls_first=True if c in NO_WINDOW_POSSIBLE else None) for c in columns]
    return [F(c).asc(nulls_last=True if c in NO_WINDOW_POSSIBLE else None) for c in columns]
