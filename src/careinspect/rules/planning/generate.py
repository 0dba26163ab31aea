"""A realistic synthetic planning scenario for demos, tests and the benchmark; deterministic for a seed.

Shapes, not real agencies: London has a larger share of the agencies than of the inspectors, many of
whom live in the South East (so some inspections travel, or wait); mostly fostering (IFA) and adoption
support (ASA) agencies; windows of the kinds SCH-1 to SCH-5 give; priorities skewed low; a few weeks of
leave per inspector; some conflicts of interest; and some agencies whose last three inspections had the
same lead (SCH-6).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from careinspect.rules.planning.reading import INSPECTOR_COLUMNS, PROVIDER_COLUMNS
from careinspect.rules.planning.regions import REGIONS
from careinspect.rules.planning.scenario import Inspector, ProviderDue, Scenario

DEFAULT_INSPECTION_YEAR = 2026  # 1 April 2026 to 31 March 2027, so a seed always gives the same files

# Shares by region (REGIONS order): agencies cluster in London more than staff do.
PROVIDER_SHARE = (5, 14, 10, 8, 12, 9, 17, 17, 8)
INSPECTOR_SHARE = (7, 13, 11, 9, 11, 11, 9, 19, 10)
KIND_SHARE = {"IFA": 55, "ASA": 30, "VAA": 11, "RAA": 4}
SPECIALISM_CHANCE = {"IFA": 0.85, "ASA": 0.6, "VAA": 0.35, "RAA": 0.25}
# (window kind, share, months long, priorities it is drawn from)
WINDOW_KINDS = (
    ("SCH-1", 55, 0, (1, 1, 1, 1, 1, 2, 2, 3)),  # the 3-year cycle ends on 31 March: due this year
    ("SCH-3", 20, 6, (1, 2, 2, 3)),  # requires improvement: 12 to 18 months after
    ("SCH-2", 8, 6, (3, 4, 4, 5)),  # inadequate: 6 to 12 months after
    ("SCH-4", 12, 5, (2, 2, 3)),  # first inspection: 7 to 12 months after registration
    ("SCH-5", 5, 2, (3, 4, 5)),  # brought forward by concerns or a missing manager (SCH-10)
)
REPEAT_LEAD_CHANCE = 0.3  # the previous lead leads again: three in a row bars them (SCH-6)


def _weighted(rng: random.Random, values: list[str] | tuple[str, ...], shares: tuple[int, ...]) -> str:
    return rng.choices(values, weights=shares)[0]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_of_leave(monday: date, days: int = 5) -> set[date]:
    return {monday + timedelta(n) for n in range(days)}


def _leave(rng: random.Random, year_start: date) -> frozenset[date]:
    """Summer fortnight, often Christmas week, one or two more weeks and a few single days."""
    leave = set()
    summer = _monday(date(year_start.year, 7, 20) + timedelta(days=rng.randint(0, 28)))
    leave |= _week_of_leave(summer) | _week_of_leave(summer + timedelta(7))
    if rng.random() < 0.6:
        leave |= _week_of_leave(_monday(date(year_start.year, 12, 22)))
    for _ in range(rng.randint(1, 2)):
        leave |= _week_of_leave(_monday(year_start + timedelta(days=rng.randint(0, 350))))
    for _ in range(rng.randint(0, 4)):
        day = year_start + timedelta(days=rng.randint(0, 364))
        if day.weekday() < 5:
            leave.add(day)
    return frozenset(leave)


def _inspectors(rng: random.Random, count: int, year_start: date) -> list[Inspector]:
    inspectors = []
    for n in range(1, count + 1):
        kinds = frozenset(k for k, chance in SPECIALISM_CHANCE.items() if rng.random() < chance)
        inspectors.append(
            Inspector(
                id=f"INS{n:04d}",
                region=_weighted(rng, REGIONS, INSPECTOR_SHARE),
                kinds=kinds or frozenset({"IFA"}),
                days_per_week=rng.choice((2, 2, 3, 3, 3)),
                leave=_leave(rng, year_start),
            )
        )
    return inspectors


def _window(rng: random.Random, kind: str, months: int, year_start: date) -> tuple[date, date]:
    year_end = date(year_start.year + 1, 3, 31)
    if kind == "SCH-1":  # the cycle began two years before this inspection year
        return date(year_start.year - 2, 4, 1), year_end
    start = year_start + timedelta(days=rng.randint(-60, 330))
    return start, min(start + timedelta(days=30 * months), year_end)


def _days_on_site(rng: random.Random, kind: str) -> int:
    if kind == "RAA":  # RULES: KND-2 — up to 4 days on site; here within an inspector's 3-day week
        return rng.choice((2, 3, 3))
    # RULES: KND-1 — usually 2 days on site; fewer for a single person, more for a large agency
    return rng.choices((1, 2, 3), weights=(10, 75, 15))[0]


def _previous_leads(rng: random.Random, local: list[str], count: int) -> tuple[str, ...]:
    leads: list[str] = []
    for _ in range(count):
        repeat = leads and rng.random() < REPEAT_LEAD_CHANCE
        leads.append(leads[-1] if repeat else rng.choice(local))
    return tuple(leads)


def _providers(
    rng: random.Random, count: int, year_start: date, staff_by_region: dict[str, list[str]]
) -> list[ProviderDue]:
    providers = []
    kinds, shares = list(KIND_SHARE), tuple(KIND_SHARE.values())
    for n in range(1, count + 1):
        kind = _weighted(rng, kinds, shares)
        region = _weighted(rng, REGIONS, PROVIDER_SHARE)
        window_kind, _, months, priorities = rng.choices(WINDOW_KINDS, weights=[w[1] for w in WINDOW_KINDS])[
            0
        ]
        start, end = _window(rng, window_kind, months, year_start)
        days = _days_on_site(rng, kind)
        local = staff_by_region.get(region) or [i for ids in staff_by_region.values() for i in ids]
        earlier = 0 if window_kind == "SCH-4" else rng.randint(1, 4)
        providers.append(
            ProviderDue(
                urn=f"{'RA' if kind == 'RAA' else 'SC'}{700000 + n:06d}",
                kind=kind,
                region=region,
                window_start=start,
                window_end=end,
                days_on_site=days,
                priority=rng.choice(priorities),
                previous_inspectors=_previous_leads(rng, local, earlier) if local else (),
            )
        )
    return providers


def _with_conflicts(
    rng: random.Random, inspectors: list[Inspector], providers: list[ProviderDue]
) -> list[Inspector]:
    """About one inspector in twelve declares a conflict with one or two agencies in their region."""
    by_region: dict[str, list[str]] = {}
    for p in providers:
        by_region.setdefault(p.region, []).append(p.urn)
    result = []
    for inspector in inspectors:
        nearby = by_region.get(inspector.region, [])
        if nearby and rng.random() < 1 / 12:
            conflicts = frozenset(rng.sample(nearby, min(len(nearby), rng.randint(1, 2))))
            inspector = Inspector(**{**inspector.__dict__, "conflicts": conflicts})
        result.append(inspector)
    return result


def generate_scenario(
    providers: int, inspectors: int, *, seed: int, year: int = DEFAULT_INSPECTION_YEAR
) -> Scenario:
    """`providers` agencies due in the inspection year from 1 April `year`, and `inspectors` inspectors."""
    rng = random.Random(seed)
    year_start = date(year, 4, 1)
    staff = _inspectors(rng, inspectors, year_start)
    staff_by_region: dict[str, list[str]] = {}
    for inspector in staff:
        staff_by_region.setdefault(inspector.region, []).append(inspector.id)
    due = _providers(rng, providers, year_start, staff_by_region)
    return Scenario(tuple(due), tuple(_with_conflicts(rng, staff, due)))


def write_scenario(scenario: Scenario, folder: Path) -> None:
    """providers.csv and inspectors.csv in the columns `read_scenario` reads."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "providers.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PROVIDER_COLUMNS)
        for p in scenario.providers:
            writer.writerow(
                (
                    p.urn,
                    p.kind,
                    p.region,
                    p.window_start.isoformat(),
                    p.window_end.isoformat(),
                    p.days_on_site,
                    p.priority,
                    ";".join(p.previous_inspectors),
                )
            )
    with (folder / "inspectors.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(INSPECTOR_COLUMNS)
        for i in scenario.inspectors:
            writer.writerow(
                (
                    i.id,
                    i.region,
                    ";".join(k for k in ("ASA", "VAA", "IFA", "RAA") if k in i.kinds),
                    i.days_per_week,
                    ";".join(d.isoformat() for d in sorted(i.leave)),
                    ";".join(sorted(i.conflicts)),
                )
            )
