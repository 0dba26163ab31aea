"""What the inspection API's operations share, whatever the kind: the services' errors as answers, finding
the inspection (or a record of it) the user may see, the clock, and the inspection's own output."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from careinspect.inspections import access
from careinspect.inspections import schemas as s
from careinspect.inspections.models import Inspection
from careinspect.inspections.services.common import require_step
from careinspect.rules.errors import RuleViolation

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)


def _error(status: int, detail: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


def answer_errors(view: F) -> F:
    """Turn the services' errors into the API's answers: RuleViolation 422, PermissionDenied 403.

    Applied to every operation of the inspections router (`careinspect.inspections.api.router`, and so to
    each kind's router under it), because ninja's exception handlers belong to the NinjaAPI object, which
    other routers share.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except RuleViolation as violation:
            # A rejected case list (CaseListRejected) also names each row's error.
            rows = getattr(violation, "errors", None)
            extra = {"errors": rows} if rows is not None else {}
            return _error(422, violation.message, rule=violation.rule, field=violation.field, **extra)
        except PermissionDenied as denied:
            return _error(403, str(denied) or "You do not have permission to do this.")

    return wrapped  # type: ignore[return-value]


PAGED = (
    f"At most `limit` records (default {s.DEFAULT_PAGE}, at most {s.MAX_PAGE}) from `offset`, in the list's "
    "order; the `X-Total-Count` header gives how many there are in all."
)
# The header documented on every paged list's answer (OpenAPI), merged into the operation by ninja.
TOTAL_COUNT_HEADER = {
    "responses": {
        200: {
            "headers": {
                "X-Total-Count": {
                    "description": "how many records the list has in all, whatever the page",
                    "schema": {"type": "integer"},
                }
            }
        }
    }
}


def _page(response: HttpResponse, found: QuerySet[M], page: s.Page) -> list[M]:
    """One page of a list (two queries however long it is: the count and the page), and its total in the
    `X-Total-Count` header. `found` must be ordered, so that pages neither repeat nor skip a record."""
    response["X-Total-Count"] = str(found.count())
    return list(found[page.offset : page.offset + page.limit])


def _today() -> date:
    return timezone.localdate()


def _now() -> datetime:
    """The moment of the request: the services take it as an argument and never read the clock."""
    return timezone.now()


def _inspection(request: HttpRequest, pk: int, step: str = "") -> Inspection:
    """The inspection the user may see (else 404); with `step`, refused with a 422 naming the kind when
    this kind of inspection has no such step (a thematic inspection has no graded judgements, …)."""
    inspection = access.inspection_for(request.user, pk)
    if step:
        require_step(inspection, step)
    return inspection


def _child(request: HttpRequest, model: type[M], pk: int) -> tuple[M, Inspection]:
    """A record that belongs to an inspection, found only through an inspection the user may see."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404("Not found")
    inspection = access.inspection_for(request.user, obj.inspection_id)  # type: ignore[attr-defined]
    return obj, inspection


def _regulator_only(request: HttpRequest) -> None:
    """RULES: DPR-3 — evidence and the inspector's working records answer 404 to provider users."""
    if not access.is_regulator(request.user):
        raise Http404("Not found")


def _is_provider(request: HttpRequest) -> bool:
    return not access.is_regulator(request.user)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


# --- Output builders ---------------------------------------------------------------------------------


def _inspection_out(inspection: Inspection) -> s.InspectionOut:
    provider = inspection.provider
    return s.InspectionOut(
        id=inspection.pk,
        reference=inspection.reference,
        kind=inspection.kind,
        provider=s.ProviderRef(id=provider.pk, name=provider.name, urn=provider.urn),
        status=inspection.status,
        status_label=inspection.status_enum.label,
        start_date=inspection.start_date,
        end_date=inspection.end_date,
        notified_on=inspection.notified_on,
        feedback_on=inspection.feedback_on,
        draft_sent_on=inspection.draft_sent_on,
        final_sent_on=inspection.final_sent_on,
        published_on=inspection.published_on,
        deadlines={name: getattr(inspection, name) for name in inspection.declaration.deadlines},
    )


def _fresh(inspection: Inspection) -> s.InspectionOut:
    # The services lock and return a re-read copy; read once more so the answer shows what was saved.
    return _inspection_out(Inspection.objects.select_related("provider").get(pk=inspection.pk))
