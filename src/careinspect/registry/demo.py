"""Demo data for the registry: the six RAAs of the thematic report and synthetic ASAs, VAAs and IFAs.

Idempotent: providers are matched by URN and their demo inspection history is rebuilt, so running it
again leaves one copy. Every record made here has `is_demo=True` (the RAAs' names, member LAs and
fieldwork dates are real, from seed 001; their URNs and registration dates are invented).
Synthetic histories are dated relative to `today` so the due list always shows every status; the due
list's table is filled for `today` once everything is loaded.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from dateutil.relativedelta import relativedelta
from django.db import transaction

from careinspect.registry.models import (
    InspectionKind,
    LocalAuthority,
    PastInspection,
    Provider,
    ProviderKind,
)
from careinspect.registry.reference import load_local_authorities
from careinspect.registry.services import refresh_due
from careinspect.rules.grades import Grade

SEED = 20240326  # the thematic report's publication date: any fixed number gives a repeatable demo
FIRST = [
    "Harbour",
    "Bridges",
    "Oak Tree",
    "Northern Lights",
    "Compass",
    "Kestrel",
    "Riverside",
    "Lantern",
    "Beacon",
    "Willow",
    "Horizon",
    "Meadow",
    "Keystone",
    "Thistle",
    "Cedar",
    "Pennine",
    "Solent",
    "Fenland",
]
ASA_SUFFIX = [
    "Adoption Support",
    "Family Therapy",
    "Therapeutic Parenting",
    "Intermediary Services",
    "Birth Records Counselling",
]
IFA_SUFFIX = ["Fostering", "Foster Care", "Fostering Services"]
VAA_SUFFIX = ["Adoption", "Adoption Society"]
GRADE_WEIGHTS = [
    (Grade.OUTSTANDING, 2),
    (Grade.GOOD, 6),
    (Grade.REQUIRES_IMPROVEMENT, 2),
    (Grade.INADEQUATE, 1),
]
URN_PREFIX: dict[str, str] = {ProviderKind.ASA: "SC7", ProviderKind.IFA: "SC8", ProviderKind.VAA: "SC9"}
MANAGERS = [
    "A. Patel",
    "B. Okafor",
    "C. Nowak",
    "D. Hughes",
    "E. Begum",
    "F. O'Neill",
    "G. Mensah",
    "H. Evans",
]


@dataclass(frozen=True)
class DemoSummary:
    local_authorities: int
    raas: int
    synthetic: int
    past_inspections: int


@transaction.atomic
def load_demo_registry(today: date, *, synthetic_per_kind: int = 24) -> DemoSummary:
    las = load_local_authorities()
    raas = _load_raas()
    rng = random.Random(SEED)
    all_las = list(LocalAuthority.objects.order_by("code"))
    synthetic = 0
    for kind, count, suffixes in (
        (ProviderKind.ASA, synthetic_per_kind, ASA_SUFFIX),
        (ProviderKind.IFA, synthetic_per_kind, IFA_SUFFIX),
        (ProviderKind.VAA, max(4, synthetic_per_kind // 4), VAA_SUFFIX),
    ):
        for n in range(1, count + 1):
            _synthetic_provider(kind, n, suffixes, rng, all_las, today)
            synthetic += 1
    # The receivers refreshed each provider as it was saved, for the real today; the demo is dated
    # around `today`, and every provider's row of the due list must be there for it.
    refresh_due(None, today)
    past = PastInspection.objects.filter(is_demo=True).count()
    return DemoSummary(local_authorities=las, raas=raas, synthetic=synthetic, past_inspections=past)


def _load_raas() -> int:
    text = (resources.files("careinspect.registry") / "data" / "demo_raas.toml").read_text("utf-8")
    raas = tomllib.loads(text)["raa"]
    for n, raa in enumerate(raas, start=1):
        provider, _ = Provider.objects.update_or_create(
            urn=f"RA{n:06d}",
            defaults={
                "kind": ProviderKind.RAA,
                "name": raa["name"],
                "registration_date": date(2018, 4, 1),
                "is_demo": True,
                "registered_as_vaa": False,
                "local_authority": LocalAuthority.objects.get(code=raa["member_la_codes"][0]),
            },
        )
        provider.member_las.set(LocalAuthority.objects.filter(code__in=raa["member_la_codes"]))
        provider.past_inspections.filter(is_demo=True).delete()
        PastInspection.objects.create(
            provider=provider, end_date=raa["fieldwork_end"], kind=InspectionKind.RAA_THEMATIC, is_demo=True
        )
    return len(raas)


def _synthetic_provider(
    kind: str, n: int, suffixes: list[str], rng: random.Random, las: list[LocalAuthority], today: date
) -> None:
    name = f"{rng.choice(FIRST)} {rng.choice(suffixes)}"
    history = _history(n, rng, today)
    registered = (history[0][0] if history else today) - relativedelta(months=rng.randint(7, 30))
    if n % 12 == 0:  # a newly registered agency, not yet inspected (SCH-4)
        history, registered = [], today - relativedelta(months=rng.randint(2, 13))
    provider, _ = Provider.objects.update_or_create(
        urn=f"{URN_PREFIX[kind]}{n:05d}",
        defaults={
            "kind": kind,
            "name": f"{name} ({n})",
            "registration_date": registered,
            "is_demo": True,
            "single_individual": kind == ProviderKind.ASA and n % 7 == 0,
            "serves_users": not (kind == ProviderKind.ASA and n == 24),
            "registered_manager": rng.choice(MANAGERS),
            "responsible_individual": rng.choice(MANAGERS),
            "local_authority": rng.choice(las),
        },
    )
    provider.past_inspections.filter(is_demo=True).delete()
    for end, grade in history:
        PastInspection.objects.create(
            provider=provider,
            end_date=end,
            kind=InspectionKind.SCCIF_FULL,
            judgement=grade.value,
            is_demo=True,
        )


def _history(n: int, rng: random.Random, today: date) -> list[tuple[date, Grade]]:
    """One to three full inspections, oldest first, the latest between 2 months and 4 years ago."""
    latest = today - timedelta(days=rng.randint(60, 4 * 365))
    grades = [g for g, _ in GRADE_WEIGHTS]
    weights = [w for _, w in GRADE_WEIGHTS]
    inspections = [(_weekday(latest), rng.choices(grades, weights)[0])]
    for _ in range(rng.randint(0, 2)):
        earlier = inspections[0][0] - timedelta(days=rng.randint(300, 1100))
        inspections.insert(0, (_weekday(earlier), rng.choices(grades, weights)[0]))
    return inspections


def _weekday(day: date) -> date:
    """Inspections end on a weekday; move a weekend date back to the Friday."""
    return day - timedelta(days=max(0, day.weekday() - 4))
