"""Who may see and do what with an inspection. Views and API endpoints ask here, never decide themselves.

RULES: DPR-3 — a provider's users see their own agency's requests, uploads, draft report and
requirements; never another agency's, and never evidence. Regulator staff are recognised by permission
(`inspections.view_inspection`), so a role's reach is set in `careinspect.core.roles` alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from careinspect.inspections.models import Inspection
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import DRAFT_VISIBLE_TO_PROVIDER, Status

# A signed-in user or AnonymousUser (request.user); only is_authenticated and has_perm are used.
AnyUser = Any


def is_regulator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("inspections.view_inspection"))


def can_inspect(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("inspections.inspect"))


def can_manage(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("inspections.manage_inspections"))


def provider_of(user: AnyUser) -> Provider | None:
    """The agency a provider user works for, or None for everyone else."""
    if not user.is_authenticated:
        return None
    staff = getattr(user, "provider_staff", None)
    return staff.provider if staff is not None else None


def visible_inspections(user: AnyUser) -> QuerySet[Inspection]:
    """Every inspection this user may open. A provider sees its own once notice is given (NTC-1)."""
    inspections = Inspection.objects.select_related("provider", "lead_inspector", "manager")
    if is_regulator(user):
        return inspections
    provider = provider_of(user)
    if provider is None:
        return inspections.none()
    return inspections.filter(provider=provider, notified_on__isnull=False)


def inspection_for(user: AnyUser, pk: int) -> Inspection:
    """The inspection if this user may see it; otherwise 404, so nobody learns another agency's exists."""
    try:
        return visible_inspections(user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("No inspection found") from None


def provider_may_see_draft(inspection: Inspection) -> bool:
    return inspection.status_enum in DRAFT_VISIBLE_TO_PROVIDER or (
        inspection.status_enum is Status.PAUSED
        and Status(inspection.status_before_pause or "scheduled") in DRAFT_VISIBLE_TO_PROVIDER
    )
