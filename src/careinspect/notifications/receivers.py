"""How the notifications app answers the hooks of the apps below it, so they never import it: the due
list asks what is brought forward (SCH-5, SCH-10), notice of an inspection takes up the lines of enquiry
waiting for it (NOT-5), and the judgements page asks for the facts about the manager (JDG-5, JDG-6)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone

from careinspect.inspections.models import Inspection
from careinspect.registry.due import BroughtForward


def brought_forward(sender: Any, provider_ids: list[int], today: date, **kwargs: Any) -> Mapping[int, Any]:
    from careinspect.notifications.services import in_force

    return {
        pk: BroughtForward(on=d.decided_on, inspect_by=d.inspect_by, rule=d.rule, reason=d.reason)
        for pk, d in in_force(provider_ids).items()
    }


def information_due(sender: Any, inspection: Inspection, by: Any, **kwargs: Any) -> None:
    from careinspect.notifications.services import take_up_pending

    # The edge where the clock is read: the inspection services send no moment with this hook.
    take_up_pending(inspection, by=by, now=timezone.now())


def management_facts(sender: Any, inspection: Inspection, on: date, **kwargs: Any) -> Mapping[str, Any]:
    from careinspect.notifications.services import manager_weeks

    weeks = manager_weeks(inspection.provider, on)
    return {
        "manager_vacancy_weeks": weeks.manager_vacancy_weeks,
        "unregistered_manager_weeks": weeks.unregistered_manager_weeks,
    }
