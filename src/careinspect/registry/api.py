"""JSON API of the registry: the same due list as the page, with the same permission check."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from careinspect.registry.models import ProviderKind
from careinspect.registry.services import DueEntry, DueStatus, inspections_due

router = Router(tags=["registry"])


class DueFilters(Schema):
    kind: list[ProviderKind] = []
    status: list[DueStatus] = []
    sort: Literal["latest", "earliest", "name", "kind"] = "latest"
    order: Literal["asc", "desc"] = "asc"


class DueOut(Schema):
    urn: str
    name: str
    kind: str
    earliest: date | None
    latest: date | None
    rule: str | None
    status: DueStatus
    reason: str


def _out(entry: DueEntry) -> DueOut:
    w = entry.window
    return DueOut(
        urn=entry.provider.urn,
        name=entry.provider.name,
        kind=entry.provider.kind,
        earliest=w.earliest if w else None,
        latest=w.latest if w else None,
        rule=w.rule if w else None,
        status=entry.status,
        reason=entry.reason,
    )


@router.get(
    "/inspections-due", response=list[DueOut], summary="Every provider with its next-inspection window"
)
def due(request: HttpRequest, filters: Query[DueFilters]) -> list[DueOut]:
    if not request.user.has_perm("registry.view_provider"):
        raise HttpError(403, "You do not have permission to see the inspections due list.")
    entries = inspections_due(
        timezone.localdate(),
        kinds=filters.kind,
        statuses=filters.status,
        sort=filters.sort,
        descending=filters.order == "desc",
    )
    return [_out(e) for e in entries]
