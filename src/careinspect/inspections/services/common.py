"""What every inspection service shares: permission checks, the kind's steps, moving through its lifecycle,
the audit trail, and the day a moment falls on.

Services never read the clock: each takes `now` (an aware datetime) from its caller, so the pages pass the
real time, the demo and the tests the moment they mean, and every stamp and deadline follows from it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from careinspect.core.regime import current_calendar, current_policy
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, InspectionEvent, SccifDetail
from careinspect.rules import kinds
from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import KindDeclaration
from careinspect.rules.lifecycle import Status, Transition
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


def local_day(now: datetime) -> date:
    """The day in England that the moment `now` falls on (deadlines are England's working days)."""
    return timezone.localtime(now).date() if timezone.is_aware(now) else now.date()


def require_step(inspection: Inspection, step: str) -> KindDeclaration:
    """RULES: KND-1 — a step the inspection's kind does not have is refused, naming the kind (and the
    kind's own rule: KND-1 to KND-4), before anything else is checked."""
    return kinds.require_step(inspection.kind, step)


def require_transition(inspection: Inspection, name: str) -> Transition:
    """The move `name` from the inspection's state, if its kind's graph has it (see `require_step`)."""
    return kinds.require_transition(inspection.kind, inspection.status, name)


def record_event(
    inspection: Inspection,
    by: Any,
    event_type: EventType | str,
    now: datetime,
    note: str = "",
    *,
    from_status: str = "",
    to_status: str = "",
    visible_to_provider: bool = False,
) -> InspectionEvent:
    return InspectionEvent.objects.create(
        inspection=inspection,
        by=by,
        type=EventType(event_type).value,
        at=now,
        note=note,
        from_status=from_status,
        to_status=to_status,
        visible_to_provider=visible_to_provider,
    )


def move(
    inspection: Inspection,
    transition: str,
    by: Any,
    now: datetime,
    note: str = "",
    *,
    target: Status | None = None,
    visible_to_provider: bool = True,
) -> None:
    """Move the inspection one transition along its kind's lifecycle (the caller checked the rest)."""
    step = require_transition(inspection, transition)
    new_status = target or step.target
    assert new_status is not None, f"{transition} needs its target from the caller"
    before = inspection.status
    inspection.status = new_status.value
    save(inspection, by, step.done)
    record_event(
        inspection,
        by,
        transition,
        now,
        note,
        from_status=before,
        to_status=new_status.value,
        visible_to_provider=visible_to_provider,
    )


# The largest id a database row can have (a signed 64-bit integer): anything larger names no record, and
# SQLite would overflow trying to look it up.
MAX_ID = 2**63 - 1


def records_named(
    found: models.QuerySet[Any], ids: list[int] | None, *, field: str, what: str, rule: str | None = None
) -> list[Any]:
    """The records of `found` with these ids, every one of them: an id that is not one of them (or not an
    id at all) is refused naming the field, never silently dropped."""
    wanted = list(dict.fromkeys(ids or []))
    bad = [i for i in wanted if not isinstance(i, int) or isinstance(i, bool) or not 1 <= i <= MAX_ID]
    if bad:
        raise RuleViolation(f"{bad[0]!r} is not the id of {what}", rule=rule, field=field)
    records = list(found.filter(pk__in=wanted))
    missing = sorted(set(wanted) - {r.pk for r in records})
    if missing:
        listed = ", ".join(map(str, missing))
        raise RuleViolation(f"no {what} with id {listed} on this inspection", rule=rule, field=field)
    return records


def sccif_of(inspection: Inspection) -> SccifDetail:
    """The SCCIF full inspection's own facts (ADR 0004), made when first needed."""
    detail, _ = SccifDetail.objects.get_or_create(inspection=inspection)
    return detail


def lock(inspection: Inspection) -> Inspection:
    """Lock the inspection's row and bring the caller's object up to date, so two people cannot move it at
    once and the caller's copy shows the result of the step it asked for."""
    list(Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk"))
    inspection.refresh_from_db()
    return inspection
