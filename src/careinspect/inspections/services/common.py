"""What every inspection service shares: permission checks, moving through the lifecycle, the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models

from careinspect.core.regime import current_calendar, current_policy
from careinspect.inspections import access
from careinspect.inspections.models import Inspection, InspectionEvent
from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status, require_transition
from careinspect.rules.policy import Policy

User = AbstractBaseUser

__all__ = ["RuleViolation", "calendar", "policy"]


def calendar() -> WorkingDayCalendar:
    return current_calendar()


def policy() -> Policy:
    return current_policy()


def require_inspector(user: Any, inspection: Inspection | None = None) -> None:
    """Inspectors and managers carry out the work; quality assurance officers and providers only read."""
    if not (access.can_inspect(user) or access.can_manage(user)):
        raise PermissionDenied("Only an inspector or a regulatory inspection manager can do this.")


def require_manager(user: Any, action: str) -> None:
    if not access.can_manage(user):
        raise PermissionDenied(f"Only a regulatory inspection manager can {action}.")


def require_own_provider(user: Any, inspection: Inspection) -> None:
    """RULES: DPR-3 — a provider user acts only on its own agency's inspection."""
    provider = access.provider_of(user)
    if provider is None or provider.pk != inspection.provider_id:
        raise PermissionDenied("Only the inspected agency's own staff can do this.")


def save(obj: models.Model, by: Any, reason: str, **kwargs: Any) -> None:
    """Save with the audit trail's who and why, also outside a web request (commands, tasks, tests)."""
    obj._history_user = by  # type: ignore[attr-defined]  # read by django-simple-history
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save(**kwargs)


def record_event(
    inspection: Inspection,
    by: Any,
    action: str,
    note: str = "",
    *,
    from_status: str = "",
    to_status: str = "",
    visible_to_provider: bool = False,
) -> InspectionEvent:
    return InspectionEvent.objects.create(
        inspection=inspection,
        by=by,
        action=action,
        note=note,
        from_status=from_status,
        to_status=to_status,
        visible_to_provider=visible_to_provider,
    )


def move(
    inspection: Inspection,
    transition: str,
    by: Any,
    note: str = "",
    *,
    target: Status | None = None,
    visible_to_provider: bool = True,
) -> None:
    """Move the inspection along one transition of the lifecycle (after the caller checked the rest)."""
    step = require_transition(inspection.status, transition)
    new_status = target or step.target
    assert new_status is not None, f"{transition} needs its target from the caller"
    before = inspection.status
    inspection.status = new_status.value
    save(inspection, by, step.done)
    record_event(
        inspection,
        by,
        step.done,
        note,
        from_status=before,
        to_status=new_status.value,
        visible_to_provider=visible_to_provider,
    )


def lock(inspection: Inspection) -> Inspection:
    """Lock the inspection's row and bring the caller's object up to date, so two people cannot move it at
    once and the caller's copy shows the result of the step it asked for."""
    list(Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk"))
    inspection.refresh_from_db()
    return inspection
