"""The RAA thematic programme's scenarios (THM-2, THM-3, THM-4, KND-2, NTC-2), walked through the same
services as the pages, shared by the demo and the tests.

- `RaaThematicScenario` announces one thematic inspection at the moment its caller gives (the portal's
  tests build theirs with it).
- `load_demo_candidates(today)` gives the register what THM-2 weighs: the six RAAs of seed 001 with their
  facts (`scenarios/data/raas_2023.csv`) and synthetic RAAs (is_demo) with their member LAs' ILACS
  judgements, one registered as a VAA and two with a partner LA's SEND or ILACS inspection coming up
  (THM-3 leaves them out of the current programme).
- `build_2023_programme(today) -> Programme` reproduces the 2023 programme: the six RAAs, sampled,
  placed at their fieldwork dates from seed 001 in three teams of three, each announced on its notice
  day with the call logged the same morning. The fieldwork scenario (`scenarios.thematic_fieldwork`)
  adds their fieldwork and the programme report published on 26 March 2024 on top.
- `build_current_programme(today)` is a programme part way through fieldwork: candidates from the
  register, the sample chosen (Adopt North East and Adopt London West swapped in if the optimiser left
  them out), one RAA on site this week, Adopt North East (RA000001) announced today for the `raa`
  sign-in, the rest planned in the weeks after.
- `load_demo_thematic(today)` does all of it, with two A1 workbooks for RA000001's portal:
  `var/demo/a1-with-errors.xlsx` has deliberate errors (the portal lists them) and `var/demo/a1.xlsx`
  is the corrected data (the RAA's own member LAs, the A1 year before the announcement, INF-1).

Every builder is idempotent: it deletes its own demo programme (and everything recorded on it) and
builds it again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from careinspect.core.demo_users import THEMATIC_RAA_URN
from careinspect.core.regime import current_calendar
from careinspect.core.roles import INSPECTOR, ensure_roles
from careinspect.inspections.models import Inspection, InspectionKind
from careinspect.inspections.services.announcements import announce
from careinspect.inspections.services.lifecycle import log_notification_call
from careinspect.portal.services import a1_period_end
from careinspect.registry.models import (
    LaInspection,
    LocalAuthority,
    OperatingModel,
    Provider,
    ProviderKind,
    RaaFacts,
)
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.thematic.candidates import read_candidates
from careinspect.rules.thematic.weeks import fieldwork_in_week
from careinspect.scenarios.stored_files import delete_kept_originals
from careinspect.thematic import services
from careinspect.thematic.models import Programme, ProgrammeInspection

NAME_2023 = "Regional adoption agencies: thematic inspection 2023"
NAME_CURRENT = "Regional adoption agencies: thematic inspection 2026 to 2027"
DIRECTION = (
    "The Secretary of State for Education has asked us to inspect a sample of regional adoption agencies "
    "under five themes: recruitment, assessment, family finding and matching; adoption support; the "
    "leader's understanding of strengths and areas for development; how the views of people with lived "
    "experience inform delivery; and governance and assurance to member local authorities and partners."
)
# Seed 001, Annex: the six RAAs' fieldwork, 30 October to 7 December 2023, by three teams of three.
WINDOW_2023 = (date(2023, 10, 30), date(2023, 12, 7))
FIELDWORK_2023 = {
    "RA000001": (date(2023, 10, 30), date(2023, 11, 2)),
    "RA000002": (date(2023, 11, 6), date(2023, 11, 9)),
    "RA000003": (date(2023, 11, 13), date(2023, 11, 16)),
    "RA000004": (date(2023, 11, 20), date(2023, 11, 23)),
    "RA000005": (date(2023, 11, 28), date(2023, 11, 30)),
    "RA000006": (date(2023, 12, 4), date(2023, 12, 7)),
}
# The demo's inspectors (the national plan's demo gives them profiles): three teams of three.
TEAMS = (
    ("inspector", "demo-inspector-ne", "demo-inspector-nw"),
    ("demo-inspector-yh", "demo-inspector-em", "demo-inspector-wm"),
    ("demo-inspector-ee", "demo-inspector-se", "demo-inspector-sw"),
)
ON_SITE_URN = "RA000002"  # Adopt London West: on site this week in the current programme
SYNTHETIC_PREFIX = "RA0001"  # RA000101 onwards
SEED = 20231030  # the 2023 programme's first day of fieldwork: any fixed number repeats the demo


class RaaThematicScenario:
    """One thematic inspection of an RAA, moved on by the real services."""

    def __init__(self, *, inspector: Any, manager: Any) -> None:
        self.inspector = inspector  # the lead inspector
        self.manager = manager  # who announces it
        self.inspection: Inspection | None = None

    def announce(self, raa: Provider, *, start: date, end: date, now: datetime) -> Inspection:
        """RULES: NTC-2 — the notice with its information requests (INF-1), for fieldwork `start` to `end`."""
        self.inspection = announce(
            raa,
            kind=InspectionKind.RAA_THEMATIC,
            lead_inspector=self.inspector,
            start=start,
            end=end,
            by=self.manager,
            now=now,
        )
        return self.inspection


@dataclass(frozen=True)
class DemoThematic:
    inspection: Inspection  # RA000001's, announced today
    with_errors: Path
    corrected: Path
    programme_2023: Programme
    programme: Programme  # the current one


def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


# --- the register's candidate facts --------------------------------------------------------------------


def _six() -> str:
    return (resources.files("careinspect.scenarios") / "data" / "raas_2023.csv").read_text("utf-8")


@transaction.atomic
def load_demo_candidates(today: date) -> int:
    """The RAAs' facts and their member LAs' ILACS and SEND inspections (is_demo), rebuilt each run."""
    LaInspection.objects.filter(is_demo=True).delete()
    RaaFacts.objects.filter(is_demo=True).delete()
    judged = today - timedelta(days=400)  # the LAs' latest ILACS, a year and more ago
    for raa in read_candidates(_six()):
        provider = Provider.objects.get(urn=raa.urn)
        RaaFacts.objects.create(
            provider=provider,
            operating_model=raa.operating_model,
            started=raa.started,
            adoptions_a_year=raa.size,
            is_demo=True,
        )
        for code, grade in zip(raa.member_las, raa.ilacs, strict=True):
            la = LocalAuthority.objects.get(code=code)
            LaInspection.objects.create(
                local_authority=la, kind="ILACS", day=judged, judgement=grade.value, is_demo=True
            )
    return 6 + _synthetic_raas(today, judged)


def _synthetic_raas(today: date, judged: date) -> int:
    """A synthetic RAA in each region from LAs none of the six has, with plausible facts (THM-2): the
    second is registered as a VAA; the third and fifth have a partner LA's SEND or ILACS inspection in
    the next weeks (THM-3)."""
    rng = random.Random(SEED)
    taken = set(
        LocalAuthority.objects.filter(raas__urn__in=[f"RA00000{n}" for n in range(1, 7)]).values_list(
            "code", flat=True
        )
    )
    by_region: dict[str, list[LocalAuthority]] = {}
    for la in LocalAuthority.objects.exclude(code__in=taken).order_by("code"):
        by_region.setdefault(la.region, []).append(la)
    grades = [
        "outstanding",
        "good",
        "good",
        "good",
        "requires_improvement",
        "requires_improvement",
        "inadequate",
    ]
    models_ = list(OperatingModel.values)
    made = 0
    for n, (region, las) in enumerate(sorted(by_region.items()), start=1):
        for part in range(2 if len(las) >= 8 else 1):
            members = las[part * 4 : part * 4 + rng.randint(3, 6)]
            if len(members) < 2:
                continue
            made += 1
            urn = f"{SYNTHETIC_PREFIX}{made:02d}"
            provider, _ = Provider.objects.update_or_create(
                urn=urn,
                defaults={
                    "kind": ProviderKind.RAA,
                    "name": f"{region} Adoption Partnership{' ' + 'AB'[part] if part else ''}",
                    "registration_date": date(2017 + rng.randint(0, 5), rng.choice([4, 10]), 1),
                    "registered_as_vaa": made == 2,
                    "local_authority": members[0],
                    "is_demo": True,
                },
            )
            provider.member_las.set(members)
            RaaFacts.objects.create(
                provider=provider,
                operating_model=models_[(made + n) % len(models_)],
                started=provider.registration_date,
                adoptions_a_year=rng.randint(30, 220),
                is_demo=True,
            )
            for la in members:
                LaInspection.objects.create(
                    local_authority=la, kind="ILACS", day=judged, judgement=rng.choice(grades), is_demo=True
                )
            if made in (3, 5):
                LaInspection.objects.create(
                    local_authority=members[-1],
                    kind="SEND" if made == 3 else "ILACS",
                    day=today + timedelta(days=21 + 7 * made),
                    is_demo=True,
                )
    return made


# --- people --------------------------------------------------------------------------------------------


def _people() -> tuple[Any, list[list[Any]]]:
    """The demo manager and the three teams (made if the national plan's demo has not made them yet)."""
    User = get_user_model()
    group = ensure_roles()[INSPECTOR]
    teams = []
    for names in TEAMS:
        team = []
        for username in names:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username, first_name="Demo", last_name=f"Inspector ({username[-2:].upper()})"
                )
                user.set_unusable_password()  # planned, never signed in as
                user.save()
                user.groups.set([group])
            team.append(user)
        teams.append(team)
    return User.objects.get(username="manager"), teams


def _staff(programme: Programme, manager: Any, teams: list[list[Any]], now: datetime) -> None:
    for n, team in enumerate(teams[: programme.teams], start=1):
        services.set_team(programme, team=n, inspectors=team, by=manager, now=now)


# --- clearing ------------------------------------------------------------------------------------------


def _clear(programmes: models.QuerySet[Programme]) -> None:
    """Delete demo programmes with what other apps recorded on them and their inspections."""
    inspections = Inspection.objects.filter(programme_visit__programme__in=programmes)
    _clear_inspections(inspections)
    _delete_tree(programmes)


def clear_demo_thematic() -> None:
    """Every demo programme with its inspections and what other apps recorded on them: run before the
    SCCIF demo clears every demo inspection, since a programme's inspections are protected by it."""
    with transaction.atomic():
        _clear(Programme.objects.filter(is_demo=True))


def _clear_inspections(inspections: models.QuerySet[Inspection]) -> None:
    """Thematic demo inspections, with the files their portal received."""
    ids = list(inspections.values_list("pk", flat=True))
    delete_kept_originals(Inspection.objects.filter(pk__in=ids))
    ProgrammeInspection.objects.filter(inspection__in=ids).delete()
    _delete_tree(Inspection.objects.filter(pk__in=ids))


def _delete_tree(found: models.QuerySet[Any], depth: int = 0) -> None:
    """Delete `found`, first deleting the rows that protect them (records other apps keep on them)."""
    if depth < 4:
        for rel in found.model._meta.related_objects:
            if rel.on_delete is models.PROTECT and rel.related_model is not None:
                related = rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": found})
                if related.exists():
                    _delete_tree(related, depth + 1)
            elif rel.on_delete is models.CASCADE and rel.related_model is not None and depth < 2:
                related = rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": found})
                if related.exists():
                    _delete_protecting(related, depth + 1)
    found.delete()


def _delete_protecting(found: models.QuerySet[Any], depth: int) -> None:
    """Rows protecting rows that a cascade will delete."""
    for rel in found.model._meta.related_objects:
        if rel.on_delete is models.PROTECT and rel.related_model is not None:
            related = rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": found})
            if related.exists():
                _delete_tree(related, depth + 1)


# --- placing and announcing ----------------------------------------------------------------------------


def _place(
    programme: Programme, urn: str, start: date, end: date, manager: Any, now: datetime, prefer: int
) -> ProgrammeInspection:
    """Place an RAA with the preferred team, or the next one free that week with no declared link."""
    last = None
    for offset in range(programme.teams):
        team = (prefer - 1 + offset) % programme.teams + 1
        try:
            return services.place_visit(
                programme, urn=urn, team=team, start=start, end=end, by=manager, now=now
            )
        except RuleViolation as refused:
            if refused.field != "team":
                raise
            last = refused
    assert last is not None
    raise last


def _announce(visit: ProgrammeInspection, manager: Any) -> Inspection:
    """RULES: NTC-2 — the letter before 10am on the notice day, the call logged the same morning."""
    notice = visit.inspection.notice_due
    assert notice is not None
    inspection = services.announce_visit(visit, by=manager, now=at(notice, 9, 15))
    log_notification_call(
        inspection,
        by=inspection.lead_inspector,
        at=at(notice, 9, 45),
        note="Spoke to the RAA leader: the visit, the timetable, the keep-in-touch meeting at 4pm each day",
    )
    return inspection


# --- the programmes ------------------------------------------------------------------------------------


def build_2023_programme(today: date) -> Programme:
    """The 2023 programme as seed 001 reports it: six RAAs, three teams of three, the Annex's dates."""
    manager, teams = _people()
    with transaction.atomic():
        _clear(Programme.objects.filter(is_demo=True, name=NAME_2023))
        created = at(date(2023, 9, 4))
        programme = services.create_programme(
            name=NAME_2023,
            direction=DIRECTION,
            window_start=WINDOW_2023[0],
            window_end=WINDOW_2023[1],
            size=6,
            teams=3,
            by=manager,
            now=created,
            is_demo=True,
        )
        services.import_candidates(programme, _six(), by=manager, now=created)
        services.select_sample(programme, by=manager, now=created)
        _staff(programme, manager, teams, created)
        for n, (urn, (start, end)) in enumerate(FIELDWORK_2023.items()):
            _place(programme, urn, start, end, manager, created, prefer=n % 3 + 1)
        for visit in programme.visits.select_related("inspection").order_by("inspection__start_date"):
            _announce(visit, manager)
        programme.refresh_from_db()
        return programme


def _announcement_day(today: date) -> date:
    """Today, or the last working day before it; a day whose fieldwork would start on a Friday (outside
    THM-4's Monday to Thursday) gives way to the working day before."""
    calendar = current_calendar()
    day = today
    while not calendar.is_working_day(day) or calendar.add_working_days(day, 5).weekday() > 3:
        day -= timedelta(days=1)
    return day


def _fieldwork(start: date) -> tuple[date, date]:
    """From `start` to the end of its week's fieldwork (Monday to Thursday, up to 4 days: KND-2)."""
    monday = start - timedelta(days=start.weekday())
    week = fieldwork_in_week(
        monday, current_calendar(), max_days=load_framework("raa-thematic").on_site.usual_days
    )
    assert week is not None and week.start <= start <= week.end
    return start, week.end


def _christmas(monday: date) -> bool:
    """The weeks from 18 December to the New Year: no fieldwork is planned in them for the demo."""
    return (monday.month == 12 and monday.day >= 18) or (monday.month == 1 and monday.day <= 3)


def build_current_programme(today: date) -> Programme:
    """A programme part way through: one RAA on site this week, RA000001 announced today, the rest after."""
    manager, teams = _people()
    calendar = current_calendar()
    day = _announcement_day(today)
    announced_start, announced_end = _fieldwork(calendar.add_working_days(day, 5))
    # This week's fieldwork (or last week's, on a Friday or weekend), already under way.
    this_monday = today - timedelta(days=today.weekday())
    week = fieldwork_in_week(this_monday, calendar, max_days=4)
    if week is None or week.start > today:
        week = fieldwork_in_week(this_monday - timedelta(days=7), calendar, max_days=4)
    assert week is not None
    window_start = week.start - timedelta(days=week.start.weekday())
    window_end = window_start + timedelta(weeks=10, days=3)
    created = at(calendar.subtract_working_days(week.start, 20))
    with transaction.atomic():
        _clear(Programme.objects.filter(is_demo=True, name=NAME_CURRENT))
        programme = services.create_programme(
            name=NAME_CURRENT,
            direction=DIRECTION,
            window_start=window_start,
            window_end=window_end,
            size=6,
            teams=3,
            seed=1,
            by=manager,
            now=created,
            is_demo=True,
        )
        services.take_candidates_from_register(programme, by=manager, now=created)
        services.select_sample(programme, by=manager, now=created)
        for urn in (THEMATIC_RAA_URN, ON_SITE_URN):
            chosen = list(programme.candidates.filter(selected=True).order_by("-size"))
            if urn not in {c.urn for c in chosen}:
                out = next(c for c in chosen if c.urn not in (THEMATIC_RAA_URN, ON_SITE_URN))
                services.swap_raa(
                    programme,
                    out_urn=out.urn,
                    in_urn=urn,
                    why="Chosen so the demo's sign-ins have an RAA to follow",
                    by=manager,
                    now=created,
                )
        _staff(programme, manager, teams, created)
        on_site = _place(programme, ON_SITE_URN, week.start, week.end, manager, created, prefer=2)
        announced = _place(
            programme, THEMATIC_RAA_URN, announced_start, announced_end, manager, created, prefer=1
        )
        rest = programme.candidates.filter(selected=True).exclude(urn__in=(THEMATIC_RAA_URN, ON_SITE_URN))
        monday = announced_start - timedelta(days=announced_start.weekday())
        for n, candidate in enumerate(rest.order_by("urn")):
            monday += timedelta(weeks=1)
            found = fieldwork_in_week(monday, calendar, max_days=4)
            while found is None or found.days < 3 or _christmas(monday):
                monday += timedelta(weeks=1)
                found = fieldwork_in_week(monday, calendar, max_days=4)
            _place(programme, candidate.urn, found.start, found.end, manager, created, prefer=n % 3 + 1)
        _announce(on_site, manager)
        _part_way(on_site, today)
        inspection = services.announce_visit(
            announced,
            by=manager,
            # RULES: NTC-2 — the letter usually goes before 10am (never later than the real now).
            now=min(at(day, 9, 30), timezone.now()) if day == timezone.localdate() else at(day, 9, 30),
        )
        inspection.refresh_from_db()
        programme.refresh_from_db()
        return programme


def _part_way(visit: ProgrammeInspection, today: date) -> None:
    """The fieldwork scenario's days on site up to today, stopping before the last day, so the visit is
    on site and its verbal summary (THM-6) is still to give."""
    from careinspect.scenarios.thematic_fieldwork import FieldworkScenario

    inspection = visit.inspection
    assert inspection.notified_on is not None
    before_last = current_calendar().subtract_working_days(inspection.end_date, 1)
    until = max(inspection.start_date, min(today, before_last))
    FieldworkScenario(inspection, inspector=inspection.lead_inspector, seed=visit.pk).walk(
        inspection.notified_on, until=until
    )


def load_demo_thematic(today: date, out_dir: Path | None = None) -> DemoThematic:
    from careinspect.datasets.a1.generate import generate_a1, write_a1

    load_demo_candidates(today)
    # The RAA's thematic inspections made by hand by an earlier demo (before programmes existed).
    raa = Provider.objects.get(urn=THEMATIC_RAA_URN, is_demo=True)
    _clear_inspections(
        Inspection.objects.filter(
            provider=raa, kind=InspectionKind.RAA_THEMATIC, is_demo=True, programme_visit__isnull=True
        )
    )
    programme_2023 = build_2023_programme(today)
    programme = build_current_programme(today)
    inspection = Inspection.objects.get(programme_visit__programme=programme, provider=raa)
    folder = out_dir or Path(settings.VAR_DIR) / "demo"
    members = list(raa.member_las.values_list("code", flat=True))
    period_end = a1_period_end(inspection)
    with_errors = write_a1(
        generate_a1(400, 150, 250, seed=2026, errors=6, period_end=period_end, member_la_codes=members),
        folder / "a1-with-errors.xlsx",
        fmt="xlsx",
    )
    corrected = write_a1(
        generate_a1(400, 150, 250, seed=2026, period_end=period_end, member_la_codes=members),
        folder / "a1.xlsx",
        fmt="xlsx",
    )
    return DemoThematic(inspection, with_errors, corrected, programme_2023, programme)


__all__ = [
    "DemoThematic",
    "RaaThematicScenario",
    "build_2023_programme",
    "build_current_programme",
    "clear_demo_thematic",
    "load_demo_candidates",
    "load_demo_thematic",
]
