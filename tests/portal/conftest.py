"""An RAA announced for a thematic inspection, with its member LAs and a provider user, beside the ASAs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from careinspect.core.roles import PROVIDER_USER
from careinspect.datasets.a1.generate import DEFAULT_MEMBERS, generate_a1, write_a1
from careinspect.inspections.models import Inspection
from careinspect.registry.models import LocalAuthority, Provider
from careinspect.scenarios.raa_thematic import RaaThematicScenario
from tests.clock import at
from tests.people import _user

PERIOD_END = date(2025, 9, 30)


@pytest.fixture
def raa(db: None) -> Provider:
    raa = Provider.objects.create(
        kind="RAA", urn="RA000001", name="Coast and Vale Adoption", registration_date=date(2019, 1, 1)
    )
    for n, code in enumerate(DEFAULT_MEMBERS):
        la, _ = LocalAuthority.objects.get_or_create(
            code=code, defaults={"name": f"Council {n}", "region": "South East"}
        )
        raa.member_las.add(la)
    return raa


@pytest.fixture
def raa_staff(raa: Provider, people: dict[str, User]) -> User:
    return _user("raa-staff", PROVIDER_USER, raa)


@pytest.fixture
def thematic(raa: Provider, people: dict[str, User]) -> Inspection:
    """RULES: NTC-2 — announced on Monday 6 October 2025 for fieldwork from Monday 13 October."""
    scenario = RaaThematicScenario(inspector=people["inspector"], manager=people["manager"])
    return scenario.announce(raa, start=date(2025, 10, 13), end=date(2025, 10, 16), now=at(date(2025, 10, 6)))


def a1_workbook(tmp_path: Path, *, errors: int = 0, name: str = "a1.xlsx") -> bytes:
    generated = generate_a1(60, 40, 50, seed=7, errors=errors, period_end=PERIOD_END)
    return write_a1(generated, tmp_path / name, fmt="xlsx").read_bytes()
