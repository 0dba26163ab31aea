"""The RAA thematic programme's operations (THM-2, THM-3, THM-4, KND-2, NTC-2): create a programme, take in
its candidate RAAs (from the register or a CSV file), choose the sample, swap an RAA, staff the teams,
plan the visits and announce each one.

The choosing and planning are the pure rules of `careinspect.rules.thematic` (the same functions as the
`careinspect thematic` command); these services feed them the database's records and keep the answers.
Every service takes the acting user (`by`) and the moment (`now`), checks permission and state, acts in
one transaction and saves with the audit trail.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from careinspect.core.regime import current_calendar, current_policy
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, InspectionKind, TeamMember
from careinspect.inspections.services.announcements import announce_planned, check_team
from careinspect.inspections.services.common import local_day, record_event, require_manager, save
from careinspect.planning.models import Conflict
from careinspect.registry.models import LaInspection, LaInspectionKind, Provider, ProviderKind
from careinspect.rules.calendar import day_text, describe_days
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.grades import Grade
from careinspect.rules.thematic import candidates as rule_candidates
from careinspect.rules.thematic.candidates import CandidateRaa, read_candidates
from careinspect.rules.thematic.csvfile import CsvError
from careinspect.rules.thematic.plan import Visit, plan_visits
from careinspect.rules.thematic.selection import Selection, select
from careinspect.rules.thematic.weeks import fieldwork_in_week
from careinspect.rules.thematic.window import ProgrammeWindow
from careinspect.rules.timelines import LONDON, compute_timeline
from careinspect.thematic.models import (
    Candidate,
    Programme,
    ProgrammeInspection,
    ProgrammeInspector,
    ProgrammeStatus,
    Swap,
)

KIND = "raa-thematic"
# Candidates may change, and the sample be chosen again, until the plan has announced an RAA.
_BEFORE_ANNOUNCEMENT = (ProgrammeStatus.SELECTING, ProgrammeStatus.PLANNING, ProgrammeStatus.FIELDWORK)


@dataclass(frozen=True)
class TakenIn:
    """What taking in candidates did: how many, and the RAAs left out for want of facts (with why)."""

    count: int
    skipped: tuple[tuple[str, str], ...] = ()


# --- the programme -------------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    name: str,
    direction: str,
    window_start: date,
    window_end: date,
    size: int,
    teams: int,
    by: Any,
    now: datetime,
    seed: int = 0,
    is_demo: bool = False,
) -> Programme:
    """RULES: THM-4 — the Secretary of State's direction, the window, the number of RAAs and of teams."""
    require_manager(by, "create a thematic programme")
    if not name.strip():
        raise RuleViolation("give the programme a name", field="name")
    if not direction.strip():
        raise RuleViolation("say what the Secretary of State's direction asks for", field="direction")
    ProgrammeWindow(window_start, window_end)  # refuses an end before the start, naming window_end
    if size < 1:
        raise RuleViolation(f"a programme of {size} RAAs visits nobody: give 1 or more", field="size")
    if teams < 1:
        raise RuleViolation(f"{teams} teams cannot visit anyone: give 1 or more", field="teams")
    team_size = load_framework(KIND).on_site.max_inspectors
    programme = Programme(
        name=name.strip(),
        direction=direction.strip(),
        window_start=window_start,
        window_end=window_end,
        size=size,
        teams=teams,
        seed=seed,
        max_team_size=team_size,  # RULES: KND-2 — a team of up to 3 inspectors
        manager=by,
        created_at=now,
        is_demo=is_demo,
    )
    save(programme, by, "Programme created")
    return programme


def _require_changeable(programme: Programme, what: str) -> None:
    if (
        programme.status not in _BEFORE_ANNOUNCEMENT
        or programme.visits.exclude(inspection__status="scheduled").exists()
    ):
        raise RuleViolation(
            f"an RAA of this programme has been announced, so its {what} can no longer change",
            rule="THM-2",
            field="programme",
        )


# --- candidates ----------------------------------------------------------------------------------------


def register_candidates(
    today: date, window: ProgrammeWindow
) -> tuple[list[CandidateRaa], list[tuple[str, str]]]:
    """Every RAA in the register as THM-2 and THM-3 see it, and those whose facts are missing (with why).

    Each member LA's latest ILACS judgement held by `today`; its ILACS and SEND inspections from the
    earlier of today and the window's start on (the scheduled ones THM-3 asks about).
    """
    raas = (
        Provider.objects.filter(kind=ProviderKind.RAA)
        .select_related("raa_facts")
        .prefetch_related("member_las")
        .order_by("urn")
    )
    codes = {la.code for raa in raas for la in raa.member_las.all()}
    latest: dict[str, str] = {}
    for row in (
        LaInspection.objects.filter(
            local_authority__code__in=codes, kind=LaInspectionKind.ILACS, day__lte=today
        )
        .exclude(judgement="")
        .order_by("day", "pk")
        .values_list("local_authority__code", "judgement")
    ):
        latest[row[0]] = row[1]  # later rows overwrite earlier: the latest stays
    since = min(today, window.start)
    scheduled: dict[str, list[rule_candidates.LaInspection]] = defaultdict(list)
    for code, kind, day in LaInspection.objects.filter(
        local_authority__code__in=codes, day__gte=since
    ).values_list("local_authority__code", "kind", "day"):
        scheduled[code].append(
            rule_candidates.LaInspection(code, rule_candidates.LaInspectionKind(kind), day)
        )
    found, skipped = [], []
    for raa in raas:
        facts = getattr(raa, "raa_facts", None)
        members = sorted(la.code for la in raa.member_las.all())
        regions = {la.region for la in raa.member_las.all()}
        if facts is None:
            skipped.append(
                (raa.urn, "no operating model, start date or size recorded (RAA facts, in the admin)")
            )
            continue
        if not members:
            skipped.append((raa.urn, "no member local authorities recorded"))
            continue
        missing = [code for code in members if code not in latest]
        if missing:
            skipped.append((raa.urn, f"no ILACS judgement recorded for LA {', '.join(missing)}"))
            continue
        region = raa.local_authority.region if raa.local_authority else sorted(regions)[0]
        found.append(
            CandidateRaa(
                urn=raa.urn,
                name=raa.name,
                region=region,
                operating_model=facts.operating_model,
                started=facts.started,
                member_las=tuple(members),
                ilacs=tuple(Grade(latest[code]) for code in members),
                la_inspections=tuple(i for code in members for i in scheduled.get(code, [])),
                size=facts.adoptions_a_year,
                registered_as_vaa=raa.registered_as_vaa,
            )
        )
    return found, skipped


@transaction.atomic
def take_candidates_from_register(programme: Programme, *, by: Any, now: datetime) -> TakenIn:
    """The register's RAAs become the programme's candidates, replacing any taken in before."""
    require_manager(by, "choose a programme's candidates")
    programme = _lock(programme)
    _require_changeable(programme, "candidates")
    found, skipped = register_candidates(local_day(now), _window(programme))
    funding = {
        p.urn: p.raa_facts.dfe_funding
        for p in Provider.objects.filter(urn__in=[c.urn for c in found]).select_related("raa_facts")
    }
    _replace_candidates(programme, found, by, now, "Candidates taken from the register", funding)
    return TakenIn(len(found), tuple(skipped))


@transaction.atomic
def import_candidates(programme: Programme, text: str, *, by: Any, now: datetime) -> TakenIn:
    """RULES: THM-2 — candidates from a CSV file in the `thematic select` columns, replacing the others.

    A fault names the file's line (header = 1) and column, and nothing is changed."""
    require_manager(by, "choose a programme's candidates")
    programme = _lock(programme)
    _require_changeable(programme, "candidates")
    if "\n" not in text:
        text += "\n"  # a header alone is still a file, not a file name
    try:
        found = read_candidates(text)
    except CsvError as exc:
        where = f"line {exc.line}" + (f", column {exc.column}" if exc.column else "")
        raise RuleViolation(f"{where}: {exc.message}", rule=exc.rule, field="candidates") from None
    if not found:
        raise RuleViolation("the file has a header but no RAAs", field="candidates")
    _replace_candidates(programme, found, by, now, "Candidates imported from a CSV file", {})
    return TakenIn(len(found))


def _replace_candidates(
    programme: Programme,
    found: Sequence[CandidateRaa],
    by: Any,
    now: datetime,
    reason: str,
    funding: dict[str, Any],
) -> None:
    _drop_plan(programme, by)
    programme.candidates.all().delete()
    programme.swaps.all().delete()
    providers = {
        p.urn: p for p in Provider.objects.filter(kind=ProviderKind.RAA, urn__in=[c.urn for c in found])
    }
    for raa in found:
        save(
            Candidate(
                programme=programme,
                provider=providers.get(raa.urn),
                urn=raa.urn,
                name=raa.name,
                region=raa.region,
                operating_model=raa.operating_model,
                started=raa.started,
                member_las=list(raa.member_las),
                ilacs=[g.value for g in raa.ilacs],
                la_inspections=[[i.la_code, i.kind.value, i.day.isoformat()] for i in raa.la_inspections],
                size=raa.size,
                registered_as_vaa=raa.registered_as_vaa,
                dfe_funding=funding.get(raa.urn),
            ),
            by,
            reason,
        )
    programme.status = ProgrammeStatus.SELECTING
    programme.coverage = {}
    programme.selected_at = None
    programme.planned_at = None
    save(programme, by, reason)


def as_rule_candidate(candidate: Candidate) -> CandidateRaa:
    return CandidateRaa(
        urn=candidate.urn,
        name=candidate.name,
        region=candidate.region,
        operating_model=candidate.operating_model,
        started=candidate.started,
        member_las=tuple(candidate.member_las),
        ilacs=tuple(Grade(g) for g in candidate.ilacs),
        la_inspections=tuple(
            rule_candidates.LaInspection(
                code, rule_candidates.LaInspectionKind(kind), date.fromisoformat(day)
            )
            for code, kind, day in candidate.la_inspections
        ),
        size=candidate.size,
        registered_as_vaa=candidate.registered_as_vaa,
    )


# --- the sample ----------------------------------------------------------------------------------------


@transaction.atomic
def select_sample(programme: Programme, *, by: Any, now: datetime) -> Selection:
    """RULES: THM-2 — the optimiser's representative sample of the eligible RAAs (THM-3 leaves out the
    rest, each with the rule and the reason), with why each was chosen and the coverage table."""
    require_manager(by, "choose a programme's sample")
    programme = _lock(programme)
    _require_changeable(programme, "sample")
    candidates = list(programme.candidates.all())
    if not candidates:
        raise RuleViolation("take in the candidate RAAs first", field="candidates")
    selection = select(
        [as_rule_candidate(c) for c in candidates], programme.size, _window(programme), seed=programme.seed
    )
    programme.swaps.all().delete()
    _keep_selection(programme, candidates, selection, by, now, forced_in=(), forced_out=())
    return selection


@transaction.atomic
def swap_raa(
    programme: Programme, *, out_urn: str, in_urn: str, by: Any, now: datetime, why: str = ""
) -> Swap:
    """RULES: THM-2 — a manager swaps one sampled RAA for an eligible one; the rest of the sample stays, and
    the coverage before and after are kept so the change can be read."""
    require_manager(by, "swap an RAA")
    programme = _lock(programme)
    _require_changeable(programme, "sample")
    candidates = list(programme.candidates.all())
    chosen = {c.urn for c in candidates if c.selected}
    if not chosen:
        raise RuleViolation("choose the sample before swapping an RAA", field="out_urn")
    if out_urn not in chosen:
        raise RuleViolation(f"{out_urn or 'nothing'} is not in the sample", field="out_urn")
    if in_urn in chosen:
        raise RuleViolation(f"{in_urn} is already in the sample", field="in_urn")
    forced_in = (chosen - {out_urn}) | {in_urn}
    forced_out = {c.urn for c in candidates if c.swapped_out} | {out_urn}
    forced_out.discard(in_urn)
    try:
        selection = select(
            [as_rule_candidate(c) for c in candidates],
            programme.size,
            _window(programme),
            seed=programme.seed,
            forced_in=forced_in,
            forced_out=forced_out,
        )
    except RuleViolation as exc:
        if exc.field == "forced_in":
            raise RuleViolation(exc.message, rule=exc.rule, field="in_urn") from None
        raise
    before = dict(programme.coverage)
    was_forced = {c.urn for c in candidates if c.chosen_by_manager} - {out_urn}
    _keep_selection(
        programme, candidates, selection, by, now, forced_in=was_forced | {in_urn}, forced_out=forced_out
    )
    swap = Swap(
        programme=programme,
        out_urn=out_urn,
        in_urn=in_urn,
        why=why.strip(),
        coverage_before=before,
        coverage_after=selection.coverage,
        by=by,
        at=now,
    )
    save(swap, by, f"{out_urn} swapped for {in_urn}")
    return swap


def _keep_selection(
    programme: Programme,
    candidates: Sequence[Candidate],
    selection: Selection,
    by: Any,
    now: datetime,
    *,
    forced_in: Iterable[str],
    forced_out: Iterable[str],
) -> None:
    excluded = {e.urn: e for e in selection.excluded}
    forced_in, forced_out = set(forced_in), set(forced_out)
    for c in candidates:
        exclusion = excluded.get(c.urn)
        c.excluded_rule = exclusion.rule if exclusion else ""
        c.exclusion_reason = exclusion.reason if exclusion else ""
        c.selected = c.urn in selection.selected
        reason = selection.reasons.get(c.urn, "")
        # The rules say "chosen by a manager" of every RAA kept in a swap; only those swapped in were.
        if c.urn not in forced_in and reason.startswith("Chosen by a manager; "):
            reason = reason.removeprefix("Chosen by a manager; ")
            reason = reason[:1].upper() + reason[1:]
        c.reason = reason
        c.chosen_by_manager = c.urn in forced_in and c.selected
        c.swapped_out = c.urn in forced_out
        save(c, by, "Sample chosen")
    _drop_plan(programme, by)
    programme.coverage = selection.coverage
    programme.selected_at = now
    programme.planned_at = None
    programme.status = ProgrammeStatus.PLANNING
    save(programme, by, "Sample chosen")


# --- teams and the plan --------------------------------------------------------------------------------


@transaction.atomic
def set_team(programme: Programme, *, team: int, inspectors: Sequence[Any], by: Any, now: datetime) -> None:
    """RULES: KND-2 — a team of up to 3 inspectors, the first named leading; an inspector in one team."""
    require_manager(by, "staff a programme's teams")
    programme = _lock(programme)
    _require_changeable(programme, "teams")
    if not 1 <= team <= programme.teams:
        raise RuleViolation(f"the teams are numbered 1 to {programme.teams}", field="team")
    if not inspectors:
        raise RuleViolation("name at least one inspector", field="inspectors")
    check_team(KIND, inspectors[0], list(inspectors[1:]))
    if not inspectors[0].has_perm("inspections.inspect"):
        raise RuleViolation(f"{inspectors[0].get_username()} is not an inspector", field="inspectors")
    elsewhere = programme.inspectors.exclude(team=team).filter(inspector__in=inspectors).first()
    if elsewhere is not None:
        raise RuleViolation(
            f"{_name(elsewhere.inspector)} is already in team {elsewhere.team}", field="inspectors"
        )
    _drop_plan(programme, by)
    programme.inspectors.filter(team=team).delete()
    for n, person in enumerate(inspectors):
        save(
            ProgrammeInspector(programme=programme, team=team, inspector=person, leads=n == 0),
            by,
            f"Joined team {team}",
        )


def team_links(programme: Programme) -> dict[int, frozenset[str]]:
    """Team -> the LA codes its inspectors have declared links with (planning's conflicts): an LA itself,
    or an RAA, which links every one of its member LAs."""
    members = list(programme.inspectors.all())
    conflicts = (
        Conflict.objects.filter(inspector__in=[m.inspector_id for m in members])
        .select_related("local_authority")
        .prefetch_related(Prefetch("provider__member_las"))
    )
    by_inspector: dict[int, set[str]] = defaultdict(set)
    for conflict in conflicts:
        if conflict.local_authority is not None:
            by_inspector[conflict.inspector_id].add(conflict.local_authority.code)
        if conflict.provider is not None:
            by_inspector[conflict.inspector_id].update(la.code for la in conflict.provider.member_las.all())
    links: dict[int, set[str]] = defaultdict(set)
    for m in members:
        links[m.team].update(by_inspector.get(m.inspector_id, set()))
    return {team: frozenset(codes) for team, codes in links.items() if codes}


@transaction.atomic
def plan_programme(programme: Programme, *, by: Any, now: datetime) -> list[ProgrammeInspection]:
    """RULES: THM-4 — each sampled RAA gets a team and a week, and its thematic inspection is scheduled:
    fieldwork from the week's first working day for up to 4 (KND-2), notice 5 working days before (NTC-2),
    information by 4pm the next working day (INF-1), a team on one RAA a week, never with a declared link."""
    require_manager(by, "plan a programme")
    programme = _lock(programme)
    _require_changeable(programme, "plan")
    chosen = list(programme.candidates.filter(selected=True).select_related("provider"))
    if not chosen:
        raise RuleViolation("choose the sample before planning", field="candidates")
    teams = _teams(programme)
    _require_registered(chosen)
    visits = plan_visits(
        [c.urn for c in chosen],
        programme.teams,
        _window(programme),
        current_calendar(),
        team_links(programme),
        member_las={c.urn: frozenset(c.member_las) for c in chosen},
        policy=current_policy(),
    )
    _drop_plan(programme, by)
    by_urn = {c.urn: c for c in chosen}
    made = [_schedule(programme, by_urn[v.urn].provider, v, teams[v.team], by, now) for v in visits]
    programme.planned_at = now
    programme.status = ProgrammeStatus.FIELDWORK
    save(programme, by, "Plan made")
    return made


@transaction.atomic
def place_visit(
    programme: Programme, *, urn: str, team: int, start: date, end: date, by: Any, now: datetime
) -> ProgrammeInspection:
    """A manager places one sampled RAA by hand (as the 2023 programme was), checked by the same rules as
    the plan: inside the window, one week's Monday to Thursday, up to 4 working days, the team free that
    week and with no declared link to the RAA's LAs."""
    require_manager(by, "plan a programme")
    programme = _lock(programme)
    candidate = programme.candidates.filter(urn=urn, selected=True).select_related("provider").first()
    if candidate is None:
        raise RuleViolation(f"{urn} is not in the programme's sample", field="urn")
    if programme.visits.filter(inspection__provider__urn=urn).exists():
        raise RuleViolation(f"{urn} is already planned", field="urn")
    _require_registered([candidate])
    teams = _teams(programme)
    if team not in teams:
        raise RuleViolation(f"the teams are numbered 1 to {programme.teams}", field="team")
    window = _window(programme)
    if not (window.contains(start) and window.contains(end)):
        raise RuleViolation(
            f"fieldwork must fall inside the window, {day_text(window.start)} to {day_text(window.end)}",
            rule="THM-4",
            field="start",
        )
    monday = start - timedelta(days=start.weekday())
    week = fieldwork_in_week(monday, current_calendar(), max_days=load_framework(KIND).on_site.usual_days)
    if week is None or not (week.start <= start <= end <= week.end):
        allowed = f"{day_text(week.start)} to {day_text(week.end)}" if week else "no day"
        raise RuleViolation(
            f"fieldwork runs on consecutive working days from Monday to Thursday, up to 4 (KND-2); in this "
            f"week that allows {allowed}",
            rule="THM-4",
            field="start",
        )
    busy = programme.visits.filter(
        team=team, inspection__start_date__gte=monday, inspection__start_date__lt=monday + timedelta(days=7)
    ).first()
    if busy is not None:
        raise RuleViolation(
            f"team {team} is on {busy.inspection.provider.name} that week", rule="THM-4", field="team"
        )
    linked = set(candidate.member_las) & team_links(programme).get(team, frozenset())
    if linked:
        raise RuleViolation(
            f"an inspector in team {team} has a declared link with LA {', '.join(sorted(linked))}",
            rule="THM-4",
            field="team",
        )
    timeline = compute_timeline(KIND, start, end, calendar=current_calendar(), policy=current_policy())
    information = timeline.get("information_due")
    assert information.at is not None
    information_at = datetime.combine(information.day, information.at, tzinfo=LONDON)
    visit = Visit(urn, team, timeline.get("notice").day, information_at, start, end)
    made = _schedule(programme, candidate.provider, visit, teams[team], by, now)
    if programme.status in (ProgrammeStatus.SELECTING, ProgrammeStatus.PLANNING):
        programme.status = ProgrammeStatus.FIELDWORK
        programme.planned_at = now
        save(programme, by, "Visit placed by hand")
    return made


def _schedule(
    programme: Programme, provider: Provider | None, visit: Visit, team: list[Any], by: Any, now: datetime
) -> ProgrammeInspection:
    assert provider is not None  # _require_registered checked
    lead, *others = team
    inspection = Inspection(
        provider=provider,
        kind=InspectionKind.RAA_THEMATIC,
        lead_inspector=lead,
        manager=programme.manager,
        start_date=visit.start,
        end_date=visit.end,
        notice_due=visit.notice,
        information_due=visit.information_due.date(),
        is_demo=programme.is_demo,
    )
    save(inspection, by, f"Scheduled in {programme.name}")
    for person in others:
        save(TeamMember(inspection=inspection, inspector=person), by, "Joined the team")
    record_event(
        inspection,
        by,
        EventType.SCHEDULED,
        now,
        f"On site {describe_days(visit.start, visit.end)} with team {visit.team} of {programme.name}",
        to_status="scheduled",
    )
    made = ProgrammeInspection(programme=programme, inspection=inspection, team=visit.team)
    save(made, by, "Planned")
    return made


def _drop_plan(programme: Programme, by: Any) -> None:
    """The scheduled inspections of an earlier plan go (only while none has been announced)."""
    visits = list(programme.visits.select_related("inspection"))
    if any(v.inspection.status != "scheduled" for v in visits):
        raise RuleViolation(
            "an RAA of this programme has been announced, so the plan can no longer change",
            rule="THM-4",
            field="programme",
        )
    inspections = [v.inspection for v in visits]
    for v in visits:
        v._history_user = by  # type: ignore[attr-defined]
        v.delete()
    for inspection in inspections:
        inspection._history_user = by  # type: ignore[attr-defined]
        inspection.delete()


def _teams(programme: Programme) -> dict[int, list[Any]]:
    teams: dict[int, list[Any]] = defaultdict(list)
    for m in programme.inspectors.select_related("inspector").order_by("team", "-leads", "pk"):
        teams[m.team].append(m.inspector)
    empty = [n for n in range(1, programme.teams + 1) if not teams.get(n)]
    if empty:
        raise RuleViolation(
            f"team {empty[0]} has no inspectors: name up to {programme.max_team_size} for each team",
            rule="KND-2",
            field="team",
        )
    return dict(teams)


def _require_registered(chosen: Sequence[Candidate]) -> None:
    missing = [c.urn for c in chosen if c.provider is None]
    if missing:
        raise RuleViolation(
            f"{', '.join(missing)} is not a regional adoption agency in the register: add it there (or "
            "take the candidates from the register) before planning",
            field="candidates",
        )


# --- the announcement ----------------------------------------------------------------------------------


@transaction.atomic
def announce_visit(visit: ProgrammeInspection, *, by: Any, now: datetime, notice_to: str = "") -> Inspection:
    """RULES: NTC-2 — the planned RAA is announced on its notice day: the letter of notice to the RAA
    leader (or the most senior manager the RAA names), the six stakeholder letters (NTC-3) and the
    information requests (INF-1, 4pm the next working day)."""
    return announce_planned(visit.inspection, by=by, now=now, notice_to=notice_to.strip())


# --- reading -------------------------------------------------------------------------------------------


def visible_programmes(user: Any) -> Any:
    """Regulator staff read every programme; provider users none (DPR-3)."""
    if not access.is_regulator(user):
        return Programme.objects.none()
    return Programme.objects.select_related("manager")


def _window(programme: Programme) -> ProgrammeWindow:
    return ProgrammeWindow(programme.window_start, programme.window_end)


def _lock(programme: Programme) -> Programme:
    list(Programme.objects.select_for_update().filter(pk=programme.pk).values_list("pk"))
    programme.refresh_from_db()
    return programme


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())
