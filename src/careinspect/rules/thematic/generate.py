"""Synthetic candidate files for tests and demonstrations: realistic, and the same for the same seed.

Every English local authority (the registry's reference file) belongs to one synthetic RAA of its own
region, as in England, where RAAs group neighbouring LAs; the models, start dates (2017 to 2022, as seed
001 reports), ILACS judgements and sizes are drawn with plausible frequencies. Some RAAs are registered as
VAAs and some partner LAs have ILACS or SEND inspections inside or outside the window, so that THM-3 has
something to exclude and something to keep.

    python -m careinspect.rules.thematic.generate --seed 1 --count 30 > candidates.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from importlib import resources

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.grades import Grade
from careinspect.rules.thematic.candidates import (
    COLUMNS,
    ENGLAND_REGIONS,
    CandidateRaa,
    LaInspection,
    LaInspectionKind,
)
from careinspect.rules.thematic.policy import default_thematic_policy
from careinspect.rules.thematic.window import ProgrammeWindow

WINDOW_2023 = ProgrammeWindow(date(2023, 10, 1), date(2023, 12, 31))

# Rough shares, not published figures: most RAAs are hosted by one LA; few are joint ventures or companies.
_MODEL_SHARES = {
    "hosted hub and spoke": 35,
    "hosted centralised": 30,
    "decentralised": 15,
    "joint venture": 10,
    "local authority company": 10,
}
# Rough shares of ILACS judgements across English LAs.
_GRADE_SHARES = {Grade.OUTSTANDING: 17, Grade.GOOD: 45, Grade.REQUIRES_IMPROVEMENT: 28, Grade.INADEQUATE: 10}
_NAME_WORDS = ("Partnership", "Together", "Connect", "Alliance", "Coast", "Central", "Vale", "Borders")
_CALENDAR = WorkingDayCalendar()
_SHARE_VAA = 0.1
_SHARE_INSPECTED_IN_WINDOW = 0.2
_SHARE_INSPECTED_OUTSIDE = 0.2


def generate_candidates(
    seed: int = 1, count: int = 30, window: ProgrammeWindow = WINDOW_2023
) -> list[CandidateRaa]:
    """`count` synthetic RAAs covering every English LA; between 9 (one a region) and 60 (2+ LAs each)."""
    if not len(ENGLAND_REGIONS) <= count <= 60:
        raise ValueError(f"count must be between {len(ENGLAND_REGIONS)} and 60, not {count}")
    rng = random.Random(seed)
    las = _las_by_region()
    groups = [
        (region, members)
        for region, per_region in _share_out(count, las).items()
        for members in _split(las[region], per_region, rng)
    ]
    models = _models(count, rng)
    vaa = set(rng.sample(range(count), round(count * _SHARE_VAA)))
    candidates = []
    seen_in_region: Counter[str] = Counter()
    for n, (region, members) in enumerate(groups):
        seen_in_region[region] += 1
        candidates.append(
            CandidateRaa(
                urn=f"RA9{n + 1:05d}",
                name=_name(region, seen_in_region[region]),
                region=region,
                operating_model=models[n],
                started=date(rng.randint(2017, 2022), rng.randint(1, 12), 1),
                member_las=tuple(members),
                ilacs=tuple(rng.choices(list(_GRADE_SHARES), list(_GRADE_SHARES.values()), k=len(members))),
                la_inspections=_la_inspections(members, window, rng),
                size=sum(rng.randint(8, 35) for _ in members),
                registered_as_vaa=n in vaa,
            )
        )
    return candidates


def _name(region: str, nth: int) -> str:
    """'Adopt London Partnership', 'Adopt London Together', …; numbered once the words run out."""
    word = _NAME_WORDS[(nth - 1) % len(_NAME_WORDS)]
    lap = (nth - 1) // len(_NAME_WORDS)
    return f"Adopt {region} {word}" + (f" {lap + 1}" if lap else "")


def candidates_csv(candidates: Sequence[CandidateRaa]) -> str:
    """The candidates as a file `read_candidates` reads back unchanged."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for raa in candidates:
        writer.writerow(
            [
                raa.urn,
                raa.name,
                raa.region,
                raa.operating_model,
                raa.started.isoformat(),
                ";".join(raa.member_las),
                ";".join(g.value for g in raa.ilacs),
                ";".join(f"{i.la_code}:{i.kind}:{i.day.isoformat()}" for i in raa.la_inspections),
                raa.size,
                "Y" if raa.registered_as_vaa else "N",
            ]
        )
    return out.getvalue()


def _las_by_region() -> dict[str, list[str]]:
    text = (resources.files("careinspect.registry") / "data" / "local_authorities.csv").read_text("utf-8")
    las: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(text)):
        las[row["region"]].append(row["code"])
    return las


def _share_out(count: int, las: dict[str, list[str]]) -> dict[str, int]:
    """RAAs per region: one each, the rest in proportion to the region's LAs (largest remainder first)."""
    total = sum(len(codes) for codes in las.values())
    spare = count - len(ENGLAND_REGIONS)
    exact = {region: spare * len(las[region]) / total for region in ENGLAND_REGIONS}
    shares = {region: 1 + int(exact[region]) for region in ENGLAND_REGIONS}
    by_remainder = sorted(ENGLAND_REGIONS, key=lambda r: (-(exact[r] - int(exact[r])), r))
    for region in by_remainder[: count - sum(shares.values())]:
        shares[region] += 1
    return shares


def _split(codes: list[str], parts: int, rng: random.Random) -> list[list[str]]:
    shuffled = rng.sample(codes, len(codes))
    return [sorted(shuffled[i::parts]) for i in range(parts)]


def _models(count: int, rng: random.Random) -> list[str]:
    """At least two RAAs of every model, so that each can still be sampled after some are excluded."""
    models = list(default_thematic_policy().operating_models) * 2
    models += rng.choices(list(_MODEL_SHARES), list(_MODEL_SHARES.values()), k=count - len(models))
    rng.shuffle(models)
    return models[:count]


def _la_inspections(
    members: Sequence[str], window: ProgrammeWindow, rng: random.Random
) -> tuple[LaInspection, ...]:
    draw = rng.random()
    if draw < _SHARE_INSPECTED_IN_WINDOW:
        days = _weekdays(window.start, window.end)
    elif draw < _SHARE_INSPECTED_IN_WINDOW + _SHARE_INSPECTED_OUTSIDE:
        # Two weeks to six months either side: near enough to matter, far enough not to clash.
        days = _weekdays(window.start - timedelta(days=180), window.start - timedelta(days=14))
        days += _weekdays(window.end + timedelta(days=14), window.end + timedelta(days=180))
    else:
        return ()
    kind = rng.choice(list(LaInspectionKind))
    return (LaInspection(rng.choice(list(members)), kind, rng.choice(days or [window.start])),)


def _weekdays(first: date, last: date) -> list[date]:
    """Inspections start on working days (no weekends, no bank holidays)."""
    every_day = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in every_day if _CALENDAR.is_working_day(day)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Print a synthetic thematic candidate file (CSV).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args(argv)
    print(candidates_csv(generate_candidates(args.seed, args.count)), end="")


if __name__ == "__main__":
    main()
