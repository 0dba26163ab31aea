"""The inspection team's view of what an agency sent: received, late or missing, and the A1 measures."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from careinspect.inspections.views import _page, _regulator_inspection
from careinspect.portal import measures, services
from careinspect.portal.models import Upload


def _latest_a1(pk: int) -> Upload | None:
    return (
        Upload.objects.filter(request__inspection_id=pk, request__dataset_kind="a1", valid=True)
        .order_by("-uploaded_at", "-version")
        .first()
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@require_safe
def information(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _regulator_inspection(request, pk)
    rows = services.request_rows(inspection, timezone.now())
    return _page(
        request,
        inspection,
        "portal/team_information.html",
        "information",
        rows=rows,
        overdue=sum(1 for r in rows if r.status is services.RequestStatus.OVERDUE),
    )


@require_safe
def measures_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _regulator_inspection(request, pk)
    upload = _latest_a1(pk)
    scope = request.GET.get("scope", "raa")
    data = upload.measures if upload is not None else {}
    available = measures.scopes(data)
    if scope not in available:
        scope = "raa"
    names = measures.local_authority_names(available)
    measure_rows = measures.rows(data, scope) if data else []
    groups: dict[str, list[measures.MeasureRow]] = {}
    for row in measure_rows:
        groups.setdefault(row.group, []).append(row)
    return _page(
        request,
        inspection,
        "portal/team_measures.html",
        "measures",
        upload=upload,
        scope=scope,
        scopes=[(s, measures.scope_label(s, names)) for s in available],
        groups=[(g, measures.group_label(g), rows, measures.chart_bars(rows)) for g, rows in groups.items()],
        period_start=_day(data.get("period", {}).get("start")),
        period_end=_day(data.get("period", {}).get("end")),
    )


@require_safe
def measures_csv(request: HttpRequest, pk: int) -> HttpResponse:
    _regulator_inspection(request, pk)
    upload = _latest_a1(pk)
    body = ""
    if upload is not None:
        names = measures.local_authority_names(measures.scopes(upload.measures))
        body = measures.to_csv(upload.measures, names)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="INS-{pk:05d}-a1-measures.csv"'
    return response
