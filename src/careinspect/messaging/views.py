"""The outbox (what the demo's mail server delivered) and each inspection's correspondence.

RULES: DPR-3 — the outbox holds every agency's mail, so only the regulator's staff read it; an agency's own
staff see, on their inspection's Messages page, only what was sent to their agency's addresses.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from careinspect.inspections import access
from careinspect.messaging.addresses import provider_addresses
from careinspect.messaging.models import Message, OutboxEmail

PAGE_SIZE = 25
OUTBOX_BACKEND = "careinspect.messaging.backends.OutboxBackend"


def outbox_in_use() -> bool:
    """Whether mail goes to the outbox (the demo's backend) rather than out of the service."""
    return bool(settings.EMAIL_BACKEND == OUTBOX_BACKEND)


def _regulator_only(request: HttpRequest) -> None:
    if not access.is_regulator(request.user):
        raise PermissionDenied("The outbox holds every agency's mail: it is for the regulator's staff.")


@require_GET
@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    _regulator_only(request)
    emails = OutboxEmail.objects.defer("body", "html").order_by("-delivered_at", "-pk")
    page = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/outbox.html",
        {"page": page, "in_use": outbox_in_use(), "backend": settings.EMAIL_BACKEND},
    )


@require_GET
@login_required
def outbox_email(request: HttpRequest, pk: int) -> HttpResponse:
    _regulator_only(request)
    email = get_object_or_404(OutboxEmail, pk=pk)
    return render(request, "messaging/outbox_email.html", {"email": email})


@require_GET
@login_required
def inspection_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection's correspondence: all of it for the team, what went to the agency for its staff."""
    inspection = access.inspection_for(request.user, pk)  # 404 for another agency's (DPR-3)
    team = access.is_regulator(request.user)
    context: dict[str, Any] = {
        "inspection": inspection,
        "team": team,
        "found": visible_messages(request.user, inspection),
    }
    if team:
        from careinspect.inspections.views.common import subpages_for

        context |= {"subpages": subpages_for(inspection), "current": "messages"}
    return render(request, "messaging/inspection_messages.html", context)


def visible_messages(user: Any, inspection: Any) -> list[Message]:
    """RULES: DPR-3 — the team reads all the inspection's messages; its agency's staff those sent to the
    agency's own addresses (never the team's reminders, nor a note of a message not sent)."""
    found = Message.objects.filter(inspection=inspection).select_related("sent_by", "forwarded_from")
    if access.is_regulator(user):
        return list(found)
    ours = set(provider_addresses(inspection.provider))
    return [m for m in found if ours.intersection([*m.to, *m.cc])]
