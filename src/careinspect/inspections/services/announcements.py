"""Announcing a thematic inspection of an RAA (NTC-2) or an assurance visit to an IFA (NTC-4).

These open the information requests their rules set (INF-1: 4pm on the working day after the
announcement; INF-3: 12pm on day 1). Their fieldwork and reports follow other issues; what is built here is
the announcement and the information the portal collects.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from careinspect.inspections.models import Inspection, InspectionKind
from careinspect.inspections.services.common import calendar, policy, record_event, require_manager, save
from careinspect.registry.models import Provider, ProviderKind
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from careinspect.rules.timelines import compute_timeline

PROVIDER_KIND = {
    InspectionKind.RAA_THEMATIC: ProviderKind.RAA,
    InspectionKind.IFA_ASSURANCE: ProviderKind.IFA,
}


@transaction.atomic
def announce(
    provider: Provider,
    *,
    kind: str,
    lead_inspector: Any,
    start: date,
    end: date,
    by: Any,
    today: date,
) -> Inspection:
    """Record the announcement made today (the letter and call) and open the information requests."""
    require_manager(by, "announce an inspection")
    inspection_kind = InspectionKind(kind)
    if inspection_kind not in PROVIDER_KIND:
        raise RuleViolation("use scheduling for a SCCIF full inspection", field="kind")
    if provider.kind != PROVIDER_KIND[inspection_kind]:
        raise RuleViolation(
            f"{provider.name} is not a {PROVIDER_KIND[inspection_kind].label.lower()}",
            rule="KND-2",
            field="provider",
        )
    if inspection_kind is InspectionKind.RAA_THEMATIC and provider.registered_as_vaa:
        raise RuleViolation(
            "an RAA registered as a voluntary adoption agency is inspected under the SCCIF",
            rule="THM-3",
            field="provider",
        )
    timeline = compute_timeline(kind, start, end, calendar=calendar(), policy=policy())
    notice = timeline.get("notice").day
    if today != notice:
        rule = "NTC-2" if inspection_kind is InspectionKind.RAA_THEMATIC else "NTC-4"
        raise RuleViolation(
            f"the announcement for a start on {start:%d %B %Y} is made on {notice:%d %B %Y}",
            rule=rule,
            field="start",
        )
    inspection = Inspection(
        provider=provider,
        kind=inspection_kind.value,
        status=Status.NOTIFIED.value,
        lead_inspector=lead_inspector,
        manager=by,
        start_date=start,
        end_date=end,
        notice_due=notice,
        notified_on=today,
        information_due=timeline.get("information_due").day,
    )
    save(inspection, by, "Announced")
    record_event(
        inspection,
        by,
        "Announced",
        f"On site {start:%d %B %Y} to {end:%d %B %Y}",
        to_status="notified",
        visible_to_provider=True,
    )
    from careinspect.portal.services import open_information_requests

    open_information_requests(inspection, by=by)
    return inspection
