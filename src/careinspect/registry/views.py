from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from careinspect.registry.forms import DueFilterForm
from careinspect.registry.models import DueStatus, ProviderKind
from careinspect.registry.services import inspections_due

PAGE_SIZE = 25
COLUMNS = [("name", "Provider"), ("kind", "Kind"), ("earliest", "Window opens"), ("latest", "Window closes")]


@login_required
@permission_required("registry.view_provider", raise_exception=True)
def inspections_due_list(request: HttpRequest) -> HttpResponse:
    """Every provider with its next-inspection window: sortable, filterable, paginated in the database
    (a count and one page of rows, however many providers there are)."""
    form = DueFilterForm(request.GET)
    form.is_valid()
    # A bad value in the query string gets an error naming the filter; the other filters still apply.
    params = form.cleaned_data
    kinds, statuses = params.get("kind", []), params.get("status", [])
    sort, order = params.get("sort") or "latest", params.get("order") or "asc"
    today = timezone.localdate()
    rows = inspections_due(today, kinds=kinds, statuses=statuses, sort=sort, descending=order == "desc")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))

    filters = [("kind", k) for k in kinds] + [("status", s) for s in statuses]
    context = {
        "form": form,
        "filter_errors": [
            (form[name].label, error) for name, errors in form.errors.items() for error in errors
        ],
        "page": page,
        "today": today,
        "total": page.paginator.count,
        "kinds": ProviderKind.choices,
        "statuses": DueStatus.choices,
        "selected_kinds": kinds,
        "selected_statuses": statuses,
        "columns": [_column(key, label, sort, order, filters) for key, label in COLUMNS],
        "page_query": urlencode([*filters, ("sort", sort), ("order", order)]),
        "selected_tags": [
            (dict(ProviderKind.choices)[k], _without(filters, ("kind", k), sort, order)) for k in kinds
        ]
        + [(DueStatus(s).label, _without(filters, ("status", s), sort, order)) for s in statuses],
    }
    return render(request, "registry/inspections_due.html", context)


def _column(key: str, label: str, sort: str, order: str, filters: list[tuple[str, str]]) -> dict[str, str]:
    """A sortable column header: its link flips the order when it is already the sort key."""
    active = key == sort
    next_order = "desc" if active and order == "asc" else "asc"
    aria = ("ascending" if order == "asc" else "descending") if active else "none"
    return {
        "key": key,
        "label": label,
        "aria_sort": aria,
        "href": "?" + urlencode([*filters, ("sort", key), ("order", next_order)]),
    }


def _without(filters: list[tuple[str, str]], drop: tuple[str, str], sort: str, order: str) -> str:
    return "?" + urlencode([f for f in filters if f != drop] + [("sort", sort), ("order", order)])
