"""JSON API of the registry: the same due list as the page, with the same permission check.

The answer stays a list of providers (its contract since issue 2); it is paged with `limit` and `offset`
and the `X-Total-Count` header says how many providers match, so a client can fetch the rest.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from careinspect.registry.models import DueStatus, ProviderDue, ProviderKind
from careinspect.registry.services import inspections_due

router = Router(tags=["registry"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class DueFilters(Schema):
    kind: list[ProviderKind] = []
    status: list[DueStatus] = []
    sort: Literal["latest", "earliest", "name", "kind"] = "latest"
    order: Literal["asc", "desc"] = "asc"
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="providers in this answer")
    offset: int = Field(0, ge=0, description="providers to skip, in the list's order")


class UnderWayOut(Schema):
    inspection_id: int
    reference: str
    status: str


class DueOut(Schema):
    urn: str
    name: str
    kind: str
    earliest: date | None
    latest: date | None
    rule: str | None
    status: DueStatus
    reason: str
    under_way: UnderWayOut | None = Field(None, description="the inspection scheduled or in progress")
    computed_on: date = Field(description="the day the status was worked out for")


def _out(row: ProviderDue) -> DueOut:
    under_way = None
    if row.under_way_inspection is not None:
        under_way = UnderWayOut(
            inspection_id=row.under_way_inspection,
            reference=row.under_way_reference,
            status=row.under_way_status,
        )
    return DueOut(
        urn=row.provider.urn,
        name=row.provider.name,
        kind=row.kind,
        earliest=row.earliest,
        latest=row.latest,
        rule=row.rule or None,
        status=DueStatus(row.status),
        reason=row.reason,
        under_way=under_way,
        computed_on=row.computed_on,
    )


@router.get(
    "/inspections-due",
    response=list[DueOut],
    summary="Every provider with its next-inspection window, a page at a time",
    description=f"At most `limit` providers (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}) from `offset`; "
    "the `X-Total-Count` header gives how many match the filters.",
)
def due(request: HttpRequest, response: HttpResponse, filters: Query[DueFilters]) -> list[DueOut]:
    if not request.user.has_perm("registry.view_provider"):
        raise HttpError(403, "You do not have permission to see the inspections due list.")
    rows = inspections_due(
        timezone.localdate(),
        kinds=filters.kind,
        statuses=filters.status,
        sort=filters.sort,
        descending=filters.order == "desc",
    )
    response["X-Total-Count"] = str(rows.count())
    return [_out(row) for row in rows[filters.offset : filters.offset + filters.limit]]
