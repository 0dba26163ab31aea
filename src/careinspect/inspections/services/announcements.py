"""Announcing a thematic inspection of an RAA (NTC-2) or an assurance visit to an IFA (NTC-4).

The announcement is the kind's first step: the RAA's letter and call on the Monday before fieldwork, the
IFA's 9am call that makes the visit live. It opens the information requests the kind's rule sets (INF-1:
4pm on the working day after the announcement; INF-3: 12pm on day 1) through the `information_due` hook.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction

from careinspect.inspections.events import EventType
from careinspect.inspections.models import (
    AssuranceDetail,
    Inspection,
    TeamMember,
    ThematicDetail,
)
from careinspect.inspections.services.common import (
    calendar,
    local_day,
    lock,
    move,
    policy,
    record_event,
    require_manager,
    require_transition,
    save,
)
from careinspect.inspections.signals import information_due
from careinspect.registry.models import Provider
from careinspect.rules.calendar import day_text, describe_days
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.kinds import Kind, declaration, parse_kind
from careinspect.rules.timelines import compute_timeline

ANNOUNCED_KINDS = (Kind.RAA_THEMATIC, Kind.IFA_ASSURANCE)


def check_team(framework: str, lead_inspector: Any, members: Sequence[Any]) -> None:
    """RULES: KND-2 — a thematic team is up to 3 inspectors (the framework's `max_inspectors`), each once."""
    people = [lead_inspector, *members]
    if len({getattr(p, "pk", id(p)) for p in people}) != len(people):
        raise RuleViolation("an inspector is on the team twice", rule="KND-2", field="team")
    most = load_framework(framework).on_site.max_inspectors
    if len(people) > most:
        raise RuleViolation(
            f"a team of {len(people)}: this kind of inspection has at most {most} inspectors",
            rule="KND-2",
            field="team",
        )
    for person in members:
        if not person.has_perm("inspections.inspect"):
            raise RuleViolation(f"{person.get_username()} is not an inspector", field="team")


@transaction.atomic
def announce(
    provider: Provider,
    *,
    kind: str,
    lead_inspector: Any,
    start: date,
    end: date,
    by: Any,
    now: datetime,
    team: Sequence[Any] = (),
    notice_to: str = "",
    announced_on_site: bool = False,
) -> Inspection:
    """Record the announcement made today (the letter and call, or the 9am call) and open the requests."""
    require_manager(by, "announce an inspection")
    inspection_kind = parse_kind(kind)
    if inspection_kind not in ANNOUNCED_KINDS:
        raise RuleViolation(
            f"{declaration(inspection_kind).described_as} is not announced this way; "
            "use scheduling for a SCCIF full inspection",
            rule=declaration(inspection_kind).rule,
            field="kind",
        )
    found = declaration(inspection_kind)
    framework = found.framework_for(provider.kind)
    if inspection_kind is Kind.RAA_THEMATIC and provider.registered_as_vaa:
        raise RuleViolation(
            "an RAA registered as a voluntary adoption agency is inspected under the SCCIF",
            rule="THM-3",
            field="provider",
        )
    check_team(framework, lead_inspector, team)
    today = local_day(now)
    timeline = compute_timeline(framework, start, end, calendar=calendar(), policy=policy())
    notice = timeline.get("notice").day
    if today != notice:
        raise RuleViolation(
            f"the announcement for a start on {day_text(start)} is made on {day_text(notice)}",
            rule=found.notice_rule,
            field="start",
        )
    inspection = Inspection(
        provider=provider,
        kind=inspection_kind.value,
        lead_inspector=lead_inspector,
        manager=by,
        start_date=start,
        end_date=end,
        notice_due=notice,
        notified_on=today,
        information_due=timeline.get("information_due").day,
    )
    save(inspection, by, "Scheduled")
    for member in team:
        save(TeamMember(inspection=inspection, inspector=member), by, "Joined the team")
    _record_detail(inspection, by, notice_to=notice_to, announced_on_site=announced_on_site)
    record_event(
        inspection,
        by,
        EventType.SCHEDULED,
        now,
        f"On site {describe_days(start, end)}",
        to_status="scheduled",
    )
    move(inspection, "announce", by, now, _announcement_note(inspection, notice_to, announced_on_site))
    information_due.send(sender=Inspection, inspection=inspection, by=by)
    from careinspect.messaging import inspection_mail  # kept with the inspection (issue 12)

    inspection_mail.send_announcement(inspection, by=by, now=now, rule=found.notice_rule)
    return inspection


def _record_detail(inspection: Inspection, by: Any, *, notice_to: str, announced_on_site: bool) -> None:
    if inspection.kind == Kind.RAA_THEMATIC:
        # RULES: NTC-2 — the letter goes to the RAA leader, or the most senior manager the RAA names.
        save(ThematicDetail(inspection=inspection, notice_to=notice_to or "RAA leader"), by, "Announced")
    else:
        # RULES: NTC-4 — announced by the 9am call, or on arrival in exceptional circumstances.
        save(AssuranceDetail(inspection=inspection, announced_on_site=announced_on_site), by, "Announced")


def _announcement_note(inspection: Inspection, notice_to: str, announced_on_site: bool) -> str:
    if inspection.kind == Kind.RAA_THEMATIC:
        return f"Letter and call to the {notice_to or 'RAA leader'}"
    if announced_on_site:
        return "Announced on arrival at the agency (exceptional circumstances)"
    return "Announced by phone at about 9am on the first day"


@transaction.atomic
def announce_planned(inspection: Inspection, *, by: Any, now: datetime, notice_to: str = "") -> Inspection:
    """Announce a thematic inspection the programme plan scheduled (THM-4): the letter of notice, the six
    stakeholder letters (NTC-3) and the information requests (INF-1), on its notice day."""
    require_manager(by, "announce an inspection")
    inspection = lock(inspection)
    require_transition(inspection, "announce")
    today = local_day(now)
    if inspection.notice_due is not None and today != inspection.notice_due:
        # RULES: NTC-2 — notice is given 5 working days before fieldwork starts, not earlier or later.
        raise RuleViolation(
            f"the announcement for a start on {day_text(inspection.start_date)} is made on "
            f"{day_text(inspection.notice_due)}",
            rule="NTC-2",
            field="notice_due",
        )
    framework = inspection.framework_name
    timeline = compute_timeline(
        framework, inspection.start_date, inspection.end_date, calendar=calendar(), policy=policy()
    )
    inspection.notified_on = today
    inspection.information_due = timeline.get("information_due").day
    save(inspection, by, "Announced")
    _record_detail(inspection, by, notice_to=notice_to, announced_on_site=False)
    move(inspection, "announce", by, now, _announcement_note(inspection, notice_to, False))
    information_due.send(sender=Inspection, inspection=inspection, by=by)
    from careinspect.messaging import inspection_mail  # kept with the inspection (issue 12)

    inspection_mail.send_announcement(inspection, by=by, now=now, rule="NTC-2")
    return inspection
