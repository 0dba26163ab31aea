"""The national plan from the database (issue 14): the scenario, making and re-making a plan, a manager's
locks and moves, and scheduling from the plan.

The planner itself is `careinspect.rules.planning` (pure Python); this module turns the records into its
`Scenario` and its answer back into records. Services take the moment they act (`now`) or the day
(`today`) from the caller and never read the clock. Only managers plan (`access.can_manage`).

What goes into the scenario, and why:
- every provider on a cycle with a stored window (`registry.ProviderDue`) that opens by the horizon's end
  and either closes in the horizon or is overdue today. An overdue window, or one closing before notice
  allows a start (NTC-1: 10 or 20 working days; NTC-4: an assurance visit the next working day), is
  planned as soon as possible: its window runs from the first start notice allows to the horizon's end,
  at the highest priority, and its reason says so. A window opening before notice allows starts then;
- its kind (the specialism it needs) is the provider's, but an RAA registered as a VAA is a VAA (THM-3);
  its on-site days are the framework's usual days (KND-1, KND-3; a VAA's are the SCCIF's);
- its region is its local authority's (`Provider.local_authority.region`; the registry keeps no region of
  its own). With none recorded the region is not known: every inspector is then as far as any other (the
  planner's "across the country" for all), and the reason says the region is not known;
- priority (higher is more urgent; the planner multiplies each weekday of waiting by it): `PRIORITY`;
- SCH-6: the lead inspectors of its past full inspections (SCCIF and assurance visits), newest first,
  from the inspections published here, matched to the registry's past inspections by their last day; an
  older inspection whose lead is not known breaks the run, so it never makes a false "3 in a row";
- a provider with an inspection under way (scheduled, notified, … until finished or held) is not planned
  afresh: its inspection is a `Lock` with its real dates and lead inspector when its on-site days lie in
  the horizon and the planner can hold it; otherwise (a lead with no profile, days before or past the
  horizon, a clash with leave…) its days are kept out of its team's diaries and a note says so;
- inspectors are the active users with an `InspectorProfile`, their leave and their conflicts (an
  agency, or a local authority: every agency based in it and every RAA it belongs to);
- a re-plan keeps the manager's locks (`Lock`s; one that can no longer stand becomes a note and the
  placement is planned again) and gives the previous placements as the plan to move as little from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from careinspect.core.regime import current_calendar
from careinspect.inspections import access
from careinspect.inspections.models import Inspection, TeamMember
from careinspect.inspections.services import lifecycle
from careinspect.inspections.services.common import local_day
from careinspect.planning.models import Conflict, InspectorProfile, Leave, Placement, Plan, Unplaced
from careinspect.registry.models import InspectionKind, PastInspection, Provider, ProviderDue, ProviderKind
from careinspect.rules.calendar import WorkingDayCalendar, day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.lifecycle import FINISHED, HELD
from careinspect.rules.planning import (
    Horizon,
    Inspector,
    Lock,
    Scenario,
    cpsat_plan,
    greedy_plan,
)
from careinspect.rules.planning import Plan as PlannerPlan
from careinspect.rules.planning import (
    ProviderDue as DueInspection,
)
from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.locks import fix_locks
from careinspect.rules.planning.scenario import why_not_lead
from careinspect.rules.planning.timeline import Timeline

# Priority by the rule that set the window (SCH-1..SCH-4); an inspection that is overdue, or that notice
# cannot reach before its window closes, comes before all of them. Rules: SCH-2, SCH-3, SCH-4, SCH-5.
PRIORITY = {"overdue": 8, "SCH-2": 5, "SCH-3": 3, "SCH-4": 3, "SCH-1": 1}
# The kinds of inspection whose leads count for SCH-6: the inspections of each cycle.
CYCLE_KINDS = (InspectionKind.SCCIF_FULL.value, InspectionKind.IFA_ASSURANCE.value)
NOT_UNDER_WAY = sorted(status.value for status in FINISHED | HELD)
UNKNOWN_REGION = "region not known"
DEFAULT_TIME_LIMIT = 20.0

UserModel = get_user_model()


# ---------------------------------------------------------------------------------------------------------
# The scenario


@dataclass
class Gathered:
    """The scenario with what the database side knows about it beyond the planner's words."""

    scenario: Scenario
    providers: dict[str, Provider]  # urn → provider
    inspectors: dict[str, Any]  # username → user
    inspection_of_lock: dict[str, Inspection] = field(default_factory=dict)  # urn → inspection under way
    manager_locks: dict[str, Placement] = field(default_factory=dict)  # urn → the previous plan's lock
    overdue: dict[str, str] = field(default_factory=dict)  # urn → why it is planned as soon as possible
    notes: list[str] = field(default_factory=list)


def scenario_from_database(horizon_from: date, horizon_to: date, today: date) -> Scenario:
    """The planner's scenario for the horizon as the records stand on `today` (see the module's notes)."""
    return gather(Horizon(horizon_from, horizon_to), today).scenario


def gather(horizon: Horizon, today: date, previous: Plan | None = None) -> Gathered:
    calendar = current_calendar()
    timeline = Timeline(horizon, calendar)
    under_way = _inspections_under_way()
    busy_provider_ids = {i.provider_id for i in under_way}
    due_rows = list(
        ProviderDue.objects.filter(earliest__isnull=False, latest__isnull=False, earliest__lte=horizon.last)
        .filter(Q(latest__gte=horizon.first) | Q(latest__lt=today))
        .exclude(provider_id__in=busy_provider_ids)
        .select_related("provider__local_authority")
        .order_by("provider__urn")
    )
    providers = {row.provider.urn: row.provider for row in due_rows}
    for inspection in under_way:
        providers.setdefault(inspection.provider.urn, inspection.provider)
    la_ids = _local_authorities(providers.values())
    previous_leads = _previous_leads(providers.values())

    profiles = list(
        InspectorProfile.objects.filter(user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    users = {p.user.get_username(): p.user for p in profiles}
    user_ids = {p.user_id: p.user.get_username() for p in profiles}
    leave = _leave(profiles, horizon)
    conflicts = _conflicts(profiles, providers, la_ids)

    gathered = Gathered(Scenario((), ()), providers, users)
    due: list[DueInspection] = []
    for row in due_rows:
        provider = row.provider
        kind = planner_kind(provider)
        earliest, latest = row.earliest, row.latest
        assert earliest is not None and latest is not None  # the query asks for a window
        first_start = earliest_start(provider, today, calendar)
        window_start, window_end = max(earliest, first_start), latest
        urgency = PRIORITY.get(row.rule, 1)
        if latest < today or latest < first_start:
            gathered.overdue[provider.urn] = (
                f"overdue: its window ({row.rule}) closed on {_long(latest)}"
                if latest < today
                else f"its window ({row.rule}) closes on {_long(latest)}, before notice allows a start"
            )
            window_start, window_end, urgency = first_start, horizon.last, PRIORITY["overdue"]
        due.append(
            DueInspection(
                urn=provider.urn,
                kind=kind,
                region=region_of(provider),
                window_start=window_start,
                window_end=max(window_end, window_start),
                days_on_site=usual_days(kind),
                priority=urgency,
                previous_inspectors=previous_leads.get(provider.pk, ()),
            )
        )

    # Inspections under way: locks where the planner can hold them, otherwise days kept out of diaries.
    blocked: dict[str, set[date]] = defaultdict(set)
    candidate_locks: list[tuple[Lock, DueInspection, Inspection]] = []
    for inspection in under_way:
        team = [inspection.lead_inspector_id, *(m.inspector_id for m in inspection.team_members.all())]
        days = _working_days(inspection.start_date, inspection.end_date, calendar)
        lead = user_ids.get(inspection.lead_inspector_id)
        in_horizon = horizon.first <= inspection.start_date and inspection.end_date <= horizon.last
        due_inspection = DueInspection(
            urn=inspection.provider.urn,
            kind=planner_kind(inspection.provider),
            region=region_of(inspection.provider),
            window_start=inspection.start_date,
            window_end=inspection.end_date,
            days_on_site=max(1, len(days)),
            priority=PRIORITY["SCH-1"],
            previous_inspectors=previous_leads.get(inspection.provider_id, ()),
        )
        for member in team[1:]:
            if member in user_ids:
                blocked[user_ids[member]].update(days)
        first_at_provider = all(lock.urn != inspection.provider.urn for lock, _, _ in candidate_locks)
        if lead is not None and in_horizon and days and len(days) <= 5 and first_at_provider:
            lock = Lock(
                inspection.provider.urn,
                lead,
                inspection.start_date,
                f"{inspection.reference} {inspection.status_enum.label.lower()}",
            )
            candidate_locks.append((lock, due_inspection, inspection))
        elif days and (inspection.end_date >= horizon.first and inspection.start_date <= horizon.last):
            if lead is not None:
                blocked[lead].update(days)
            gathered.notes.append(
                f"{inspection.reference} of {inspection.provider.urn} ({_long(inspection.start_date)} to "
                f"{_long(inspection.end_date)}) is fixed outside the plan"
                + ("" if lead is not None else ": its lead inspector has no inspector profile")
            )

    inspectors = tuple(
        Inspector(
            id=p.user.get_username(),
            region=p.region,
            kinds=p.kind_set,
            days_per_week=p.days_per_week,
            leave=frozenset(leave.get(p.user_id, set()) | blocked.get(p.user.get_username(), set())),
            conflicts=frozenset(conflicts.get(p.user_id, set())),
        )
        for p in profiles
    )
    base = Scenario(tuple(due) + tuple(d for _, d, _ in candidate_locks), inspectors)

    # Which locks stand: inspections under way first (decisions already told to the agency), then the
    # manager's locks of the previous plan. One that cannot stand is a note, never a failed plan.
    standing: list[Lock] = []
    refused: dict[str, set[date]] = defaultdict(set)  # inspector → days of inspections not held as locks
    held: dict[str, set[date]] = defaultdict(set)  # inspector → days of the locks that stand
    for lock, due_inspection, inspection in candidate_locks:
        refusal = _refusal(base, timeline, calendar, standing, lock)
        if refusal is None:
            standing.append(lock)
            held[lock.inspector].update(_dates(due_inspection))
            gathered.inspection_of_lock[lock.urn] = inspection
        else:
            refused[lock.inspector].update(_dates(due_inspection))
            gathered.notes.append(
                f"{inspection.reference} of {lock.urn} is fixed outside the plan: {refusal}"
            )
    # The days of an inspection not held as a lock are kept out of its lead's diary (those already in a
    # lock that stands are taken anyway), and it is not planned again.
    unheld = {lock.urn for lock, _, _ in candidate_locks} - {lock.urn for lock in standing}
    base = Scenario(
        tuple(p for p in base.providers if p.urn not in unheld),
        tuple(
            replace(i, leave=i.leave | (refused[i.id] - held[i.id])) if i.id in refused else i
            for i in base.inspectors
        ),
    )
    planned = {p.urn for p in base.providers}
    for placement in _manager_locks(previous):
        urn = placement.provider.urn
        if urn in gathered.inspection_of_lock:
            continue  # its inspection is scheduled now, which fixes it
        if urn not in planned:
            gathered.notes.append(f"the lock of {urn} was dropped: it is no longer due in the horizon")
            continue
        lock = Lock(urn, placement.inspector.get_username(), placement.start, lock_reason(placement))
        refusal = _refusal(base, timeline, calendar, standing, lock)
        if refusal is None:
            standing.append(lock)
            gathered.manager_locks[urn] = placement
        else:
            gathered.notes.append(f"the lock of {urn} could not stand, so it was planned again: {refusal}")
    gathered.scenario = Scenario(base.providers, base.inspectors, tuple(standing))
    return gathered


def planner_kind(provider: Provider) -> str:
    """The specialism its inspection needs. RULES: THM-3 — an RAA registered as a VAA is inspected as one."""
    if provider.kind == ProviderKind.RAA and provider.registered_as_vaa:
        return ProviderKind.VAA.value
    return str(provider.kind)


def usual_days(kind: str) -> int:
    """Rules: KND-1, KND-3 — the framework's usual on-site days (a VAA's SCCIF inspection as an ASA's)."""
    framework = "ifa-assurance" if kind == ProviderKind.IFA else "asa-full"
    return load_framework(framework).on_site.usual_days


def earliest_start(provider: Provider, today: date, calendar: WorkingDayCalendar) -> date:
    """The first on-site day notice still allows. RULES: NTC-1 — 10 working days, 20 for a single
    individual (CAL-3); NTC-4 — an assurance visit is announced at 9am on its first day, so tomorrow."""
    if planner_kind(provider) == ProviderKind.IFA:
        return calendar.add_working_days(today, 1)
    notice = load_framework("asa-full").notice
    days = notice.working_days_before
    if provider.single_individual and notice.single_individual_working_days_before is not None:
        days = notice.single_individual_working_days_before
    return calendar.add_working_days(today, days)


def region_of(provider: Provider) -> str:
    authority = provider.local_authority
    return authority.region if authority is not None else UNKNOWN_REGION


def lock_reason(placement: Placement) -> str:
    """The lock's words: its SCH-6 exception when it has one (the planner records it as the exception)."""
    if placement.sch6_exception:
        return placement.sch6_exception
    locker = placement.locked_by
    who = (locker.get_full_name() or locker.get_username()) if locker is not None else "a manager"
    when = timezone.localtime(placement.locked_at).date() if placement.locked_at else None
    return f"locked by {who}" + (f" on {_long(when)}" if when else "")


def _refusal(
    scenario: Scenario, timeline: Timeline, calendar: WorkingDayCalendar, standing: list[Lock], lock: Lock
) -> str | None:
    """Why `lock` cannot stand beside `standing` (the planner's own check, `fix_locks`), or None."""
    try:
        fix_locks(scenario.with_locks((*standing, lock)), timeline, calendar)
    except RuleViolation as exc:
        return exc.message
    return None


def _dates(due: DueInspection) -> Iterable[date]:
    day = due.window_start
    while day <= due.window_end:
        yield day
        day += timedelta(days=1)


def _working_days(first: date, last: date, calendar: WorkingDayCalendar) -> list[date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _inspections_under_way() -> list[Inspection]:
    """Every inspection under way (scheduled until finished or held), with its provider and team."""
    return list(
        Inspection.objects.exclude(status__in=NOT_UNDER_WAY)
        .select_related("provider__local_authority", "lead_inspector")
        .prefetch_related("team_members")
        .order_by("start_date", "pk")
    )


def _local_authorities(providers: Iterable[Provider]) -> dict[int, set[int]]:
    """Each provider's local authorities: where it is based, and for an RAA the LAs it belongs to."""
    found: dict[int, set[int]] = {}
    raas = []
    for provider in providers:
        found[provider.pk] = {provider.local_authority_id} if provider.local_authority_id else set()
        if provider.kind == ProviderKind.RAA:
            raas.append(provider.pk)
    members = Provider.member_las.through.objects.filter(provider_id__in=raas)
    for provider_id, authority_id in members.values_list("provider_id", "localauthority_id"):
        found[provider_id].add(authority_id)
    return found


def _previous_leads(providers: Iterable[Provider]) -> dict[int, tuple[str, ...]]:
    """RULES: SCH-6 — each provider's past cycle inspections' leads, newest first ("" where not known)."""
    ids = [p.pk for p in providers]
    leads: dict[tuple[int, date], str] = {
        (provider_id, end): username
        for provider_id, end, username in Inspection.objects.filter(
            provider_id__in=ids, kind__in=CYCLE_KINDS, published_on__isnull=False
        ).values_list("provider_id", "end_date", "lead_inspector__username")
    }
    ends: dict[int, set[date]] = defaultdict(set)
    for provider_id, end in leads:
        ends[provider_id].add(end)
    for provider_id, end in PastInspection.objects.filter(
        provider_id__in=ids, kind__in=CYCLE_KINDS
    ).values_list("provider_id", "end_date"):
        ends[provider_id].add(end)
    return {
        provider_id: tuple(leads.get((provider_id, end), "") for end in sorted(days, reverse=True))
        for provider_id, days in ends.items()
    }


def _leave(profiles: Sequence[InspectorProfile], horizon: Horizon) -> dict[int, set[date]]:
    days: dict[int, set[date]] = defaultdict(set)
    rows = Leave.objects.filter(
        inspector_id__in=[p.user_id for p in profiles],
        first_day__lte=horizon.last,
        last_day__gte=horizon.first,
    )
    for inspector_id, first, last in rows.values_list("inspector_id", "first_day", "last_day"):
        day = max(first, horizon.first)
        while day <= min(last, horizon.last):
            days[inspector_id].add(day)
            day += timedelta(days=1)
    return days


def _conflicts(
    profiles: Sequence[InspectorProfile], providers: Mapping[str, Provider], la_ids: Mapping[int, set[int]]
) -> dict[int, set[str]]:
    """Each inspector's conflicted URNs among these providers (their agencies, and their LAs' agencies)."""
    by_authority: dict[int, set[str]] = defaultdict(set)
    by_pk = {p.pk: urn for urn, p in providers.items()}
    for provider_id, authorities in la_ids.items():
        for authority in authorities:
            by_authority[authority].add(by_pk[provider_id])
    found: dict[int, set[str]] = defaultdict(set)
    rows = Conflict.objects.filter(inspector_id__in=[p.user_id for p in profiles]).values_list(
        "inspector_id", "provider__urn", "local_authority_id"
    )
    for inspector_id, urn, authority in rows:
        if urn:
            found[inspector_id].add(urn)
        if authority:
            found[inspector_id] |= by_authority.get(authority, set())
    return found


def _manager_locks(previous: Plan | None) -> list[Placement]:
    if previous is None:
        return []
    return list(
        previous.placements.filter(locked_by__isnull=False, scheduled_inspection__isnull=True)
        .select_related("provider", "inspector", "locked_by")
        .order_by("start", "provider__urn")
    )


def _long(day: date) -> str:
    return f"{day_text(day)}"


# ---------------------------------------------------------------------------------------------------------
# Making a plan


def run_planner(
    horizon: Horizon, today: date, time_limit: float, previous: Plan | None = None
) -> tuple[PlannerPlan, PlannerPlan, Gathered]:
    """Greedy, then CP-SAT from it, on the database's scenario; nothing is stored."""
    gathered = gather(horizon, today, previous)
    calendar = current_calendar()
    before = _previous_slots(previous, gathered)
    greedy = greedy_plan(gathered.scenario, horizon, calendar, before)
    plan = cpsat_plan(
        gathered.scenario, horizon, calendar, time_limit=time_limit, hint=greedy, previous=before
    )
    return plan, greedy, gathered


def make_plan(
    *,
    by: Any,
    now: datetime,
    horizon: Horizon,
    time_limit: float = DEFAULT_TIME_LIMIT,
    previous: Plan | None = None,
) -> Plan:
    """Plan the horizon (a re-plan of `previous`: its locks kept, as little moved as possible) and store
    the plan with every placement and unplaced inspection, and their reasons, in one transaction."""
    _require_manager(by, "make a plan")
    if previous is not None:
        horizon = Horizon(previous.horizon_from, previous.horizon_to)
    today = local_day(now)
    plan, greedy, gathered = run_planner(horizon, today, time_limit, previous)
    return store_plan(
        plan, greedy, gathered, by=by, now=now, horizon=horizon, time_limit=time_limit, previous=previous
    )


def reason_for(gathered: Gathered, urn: str, reason: str) -> str:
    """The planner's reason with what only the database side knows: overdue, and an unknown region."""
    if urn in gathered.overdue:
        reason = f"{gathered.overdue[urn]}, so it goes as soon as possible: {reason}"
    provider = gathered.providers[urn]
    if provider.local_authority_id is None and "; inspector from" in reason:
        head, _, tail = reason.partition("; inspector from ")
        home = tail.split(" (", 1)[0]
        reason = (
            f"{head}; inspector from {home}: the agency's region is not known (no local authority "
            "recorded), so every inspector counts as equally far"
        )
    return reason


@transaction.atomic
def store_plan(
    result: PlannerPlan,
    greedy: PlannerPlan,
    gathered: Gathered,
    *,
    by: Any,
    now: datetime,
    horizon: Horizon,
    time_limit: float,
    previous: Plan | None = None,
) -> Plan:
    plan = Plan(
        horizon_from=horizon.first,
        horizon_to=horizon.last,
        made_by=by,
        made_at=now,
        time_limit=time_limit,
        figures={"cp_sat": result.figures.as_dict(), "greedy": greedy.figures.as_dict()},
        notes=gathered.notes,
        previous=previous,
    )
    _save(plan, by, "Re-planned" if previous else "Planned")
    due = gathered.scenario.provider_by_urn
    placements = []
    for a in result.assignments:
        provider, wanted = gathered.providers[a.urn], due[a.urn]
        kept = gathered.manager_locks.get(a.urn)
        inspection = gathered.inspection_of_lock.get(a.urn)
        placements.append(
            Placement(
                plan=plan,
                provider=provider,
                inspector=gathered.inspectors[a.inspector],
                start=a.start,
                end=a.end,
                reason=reason_for(gathered, a.urn, a.reason),
                kind=wanted.kind,
                region="" if provider.local_authority_id is None else wanted.region,
                window_start=wanted.window_start,
                window_end=wanted.window_end,
                days_on_site=wanted.days_on_site,
                priority=wanted.priority,
                out_of_region=a.out_of_region and provider.local_authority_id is not None,
                locked_by=kept.locked_by if kept else None,
                locked_at=kept.locked_at if kept else None,
                scheduled_inspection=inspection,
                sch6_exception=a.sch6_exception or "",
            )
        )
    bulk_create_with_history(placements, Placement, default_user=by, default_change_reason="Planned")
    unplaced = [
        Unplaced(plan=plan, provider=gathered.providers[u.urn], reason=reason_for(gathered, u.urn, u.reason))
        for u in result.unassigned
    ]
    bulk_create_with_history(unplaced, Unplaced, default_user=by, default_change_reason="Planned")
    return plan


def _previous_slots(previous: Plan | None, gathered: Gathered) -> dict[str, tuple[str, date]]:
    """The previous plan's placements (urn → inspector, start): what a re-plan moves as little as it can."""
    if previous is None:
        return {}
    return {
        urn: (username, start)
        for urn, username, start in previous.placements.values_list(
            "provider__urn", "inspector__username", "start"
        )
        if urn in gathered.scenario.provider_by_urn
    }


# ---------------------------------------------------------------------------------------------------------
# A manager's changes


@transaction.atomic
def lock_placement(placement: Placement, *, by: Any, now: datetime) -> Placement:
    """A manager's decision: the placement stays where it is in every re-plan."""
    _require_manager(by, "lock a placement")
    placement = _locked_row(placement)
    if placement.scheduled_inspection_id is not None:
        raise RuleViolation("its inspection is already scheduled, so it is fixed already", field="placement")
    placement.locked_by, placement.locked_at = by, now
    _save(placement, by, "Locked")
    return placement


@transaction.atomic
def unlock_placement(placement: Placement, *, by: Any, now: datetime) -> Placement:
    _require_manager(by, "unlock a placement")
    placement = _locked_row(placement)
    if placement.scheduled_inspection_id is not None:
        raise RuleViolation("its inspection is already scheduled; change its dates there", field="placement")
    placement.locked_by = placement.locked_at = None
    placement.sch6_exception = ""
    _save(placement, by, "Unlocked")
    return placement


@transaction.atomic
def move_placement(
    placement: Placement, *, inspector: Any, start: date, by: Any, now: datetime, sch6_exception: str = ""
) -> Placement:
    """Move a placement to another inspector or first day, checked against every hard constraint; a move
    is a manager's decision, so the placement is locked there. Rules: CAL-4, SCH-6."""
    _require_manager(by, "move a placement")
    placement = _locked_row(placement)
    if placement.scheduled_inspection_id is not None:
        raise RuleViolation(
            "its inspection is already scheduled; change its dates on the inspection", field="placement"
        )
    plan, provider = placement.plan, placement.provider
    profile = InspectorProfile.objects.filter(user=inspector, user__is_active=True).first()
    name = inspector.get_full_name() or inspector.get_username()
    if profile is None:
        raise RuleViolation(f"{name} has no inspector profile, so cannot be planned", field="inspector")
    calendar = current_calendar()
    why = calendar.why_not_working(start)
    if why:
        raise RuleViolation(f"{_long(start)} is {why}, not a working day", rule="CAL-4", field="start")
    if not placement.window_start <= start <= placement.window_end:
        raise RuleViolation(
            f"{_long(start)} is outside its window, {_long(placement.window_start)} to "
            f"{_long(placement.window_end)}",
            field="start",
        )
    timeline = Timeline(Horizon(plan.horizon_from, plan.horizon_to), calendar)
    if start not in timeline.index:
        raise RuleViolation(f"{_long(start)} is outside the plan's horizon", field="start")
    first = timeline.index[start]
    length = placement.days_on_site
    if first % 5 + length > 5 or not all(timeline.working[first : first + length]):
        raise RuleViolation(
            f"its {length} on-site days must be consecutive working days in one week from {_long(start)}",
            rule="CAL-4",
            field="start",
        )
    days = [timeline.dates[n] for n in range(first, first + length)]
    wanted = DueInspection(
        urn=provider.urn,
        kind=placement.kind,
        region=placement.region or UNKNOWN_REGION,
        window_start=placement.window_start,
        window_end=placement.window_end,
        days_on_site=length,
        priority=placement.priority,
        previous_inspectors=_previous_leads([provider]).get(provider.pk, ()),
    )
    conflicts = _conflicts([profile], {provider.urn: provider}, _local_authorities([provider]))
    who = Inspector(
        id=inspector.get_username(),
        region=profile.region,
        kinds=profile.kind_set,
        days_per_week=profile.days_per_week,
        conflicts=frozenset(conflicts.get(inspector.pk, set())),
    )
    refusal = why_not_lead(wanted, who)
    exception = sch6_exception.strip()
    if refusal == "kind":
        raise RuleViolation(f"{name} does not inspect {placement.kind}s", field="inspector")
    if refusal == "conflict":
        raise RuleViolation(
            f"{name} has declared a conflict of interest with {provider.name}", field="inspector"
        )
    if refusal == "sch6" and not exception:
        raise RuleViolation(
            f"{name} led its last 3 inspections: record the reason for the exception",
            rule="SCH-6",
            field="sch6_exception",
        )
    away = Leave.objects.filter(inspector=inspector, first_day__lte=days[-1], last_day__gte=days[0]).first()
    if away is not None:
        raise RuleViolation(
            f"{name} is on leave from {_long(away.first_day)} to {_long(away.last_day)}", field="start"
        )
    _check_diary(placement, inspector, profile, days, timeline, name)
    placement.inspector, placement.start, placement.end = inspector, days[0], days[-1]
    placement.sch6_exception = exception if refusal == "sch6" else ""
    placement.out_of_region = bool(placement.region) and placement.region != profile.region
    who_moved = by.get_full_name() or by.get_username()
    placement.reason = f"moved by {who_moved} on {_long(local_day(now))}" + (
        f"; SCH-6 exception: {placement.sch6_exception}" if placement.sch6_exception else ""
    )
    placement.locked_by, placement.locked_at = by, now
    _save(placement, by, "Moved")
    return placement


def _check_diary(
    placement: Placement,
    inspector: Any,
    profile: InspectorProfile,
    days: list[date],
    timeline: Timeline,
    name: str,
) -> None:
    """Two places at once, or more on-site days in a week than the inspector works: the plan's other
    placements of this inspector and their inspections under way (scheduled since the plan was made)."""
    others = list(
        Placement.objects.filter(plan=placement.plan, inspector=inspector)
        .exclude(pk=placement.pk)
        .select_related("provider")
    )
    busy: list[tuple[str, date, date]] = [(p.provider.urn, p.start, p.end) for p in others]
    shown = {p.scheduled_inspection_id for p in others if p.scheduled_inspection_id}
    on_team = TeamMember.objects.filter(inspector=inspector).values_list("inspection_id", flat=True)
    for inspection in (
        Inspection.objects.exclude(status__in=NOT_UNDER_WAY)
        .filter(Q(lead_inspector=inspector) | Q(pk__in=on_team))
        .filter(start_date__lte=days[-1] + timedelta(days=7), end_date__gte=days[0] - timedelta(days=7))
        .exclude(pk__in=shown)
        .select_related("provider")
    ):
        busy.append(
            (
                f"{inspection.provider.urn} ({inspection.reference})",
                inspection.start_date,
                inspection.end_date,
            )
        )
    diary = Diary(Inspector(name, profile.region, profile.kind_set, profile.days_per_week), timeline)
    for label, first, last in busy:
        if first <= days[-1] and days[0] <= last:
            raise RuleViolation(
                f"{name} is already on site at {label} from {_long(first)} to {_long(last)}", field="start"
            )
        diary.book([timeline.index[d] for d in _span(first, last) if d in timeline.index])
    if not diary.fits([timeline.index[d] for d in days]):
        raise RuleViolation(
            f"{name} works at most {profile.days_per_week} on-site days a week; that week is already full",
            field="start",
        )


def _span(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@transaction.atomic
def schedule_from_plan(placement: Placement, *, by: Any, now: datetime) -> Inspection:
    """Schedule the placement's inspection, with the manager as its manager, and fix the placement.
    RULES: NTC-1 — refused (by the scheduling service) once the notice day has passed; NTC-4 — an
    assurance visit is announced by the 9am call on its first day, not scheduled ahead."""
    _require_manager(by, "schedule from the plan")
    placement = _locked_row(placement)
    if placement.scheduled_inspection is not None:
        raise RuleViolation(
            f"already scheduled as {placement.scheduled_inspection.reference}", field="placement"
        )
    provider = placement.provider
    if provider.kind == ProviderKind.IFA:
        raise RuleViolation(
            "an assurance visit is announced by a call at about 9am on its first day, so it is announced "
            f"on {_long(placement.start)}, not scheduled ahead",
            rule="NTC-4",
            field="placement",
        )
    busy = Inspection.objects.filter(provider=provider).exclude(status__in=NOT_UNDER_WAY).first()
    if busy is not None:
        raise RuleViolation(f"{provider.name} already has {busy.reference} under way", field="placement")
    inspection = lifecycle.schedule_inspection(
        provider,
        lead_inspector=placement.inspector,
        manager=by,
        start=placement.start,
        end=placement.end,
        by=by,
        now=now,
    )
    placement.scheduled_inspection = inspection
    placement.reason = f"{placement.reason}; scheduled as {inspection.reference}"
    _save(placement, by, "Scheduled from the plan")
    return inspection


@transaction.atomic
def finalise_plan(plan: Plan, *, by: Any, now: datetime) -> Plan:
    """The plan inspectors work to: they see their own placements in a final plan."""
    _require_manager(by, "make a plan final")
    plan.status = "final"
    _save(plan, by, "Made final")
    return plan


def _locked_row(placement: Placement) -> Placement:
    """The placement's row locked and up to date, so two managers cannot change it at once."""
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("plan", "provider", "inspector", "scheduled_inspection")
        .get(pk=placement.pk)
    )


def _require_manager(user: Any, action: str) -> None:
    if not access.can_manage(user):
        raise PermissionDenied(f"Only a regulatory inspection manager can {action}.")


def _save(obj: Any, by: Any, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "PRIORITY",
    "finalise_plan",
    "gather",
    "lock_placement",
    "make_plan",
    "move_placement",
    "run_planner",
    "scenario_from_database",
    "schedule_from_plan",
    "unlock_placement",
]
