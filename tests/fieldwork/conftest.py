"""A thematic programme of two RAAs in autumn 2023, each announced through the real services, beside the
people of tests/people.py; and a helper that walks the fieldwork (scenarios.thematic_fieldwork)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import User

from careinspect.core.roles import PROVIDER_USER
from careinspect.datasets.a1.generate import DEFAULT_MEMBERS
from careinspect.inspections.models import Inspection
from careinspect.registry.models import LocalAuthority, Provider
from careinspect.scenarios.raa_thematic import RaaThematicScenario
from careinspect.scenarios.thematic_fieldwork import FieldworkScenario
from careinspect.thematic.models import Programme, ProgrammeInspection
from tests.clock import at
from tests.people import _user

# RULES: NTC-2 — each announced 5 working days before its fieldwork (Monday to Thursday).
ANNOUNCED_1, START_1, END_1 = date(2023, 10, 23), date(2023, 10, 30), date(2023, 11, 2)
ANNOUNCED_2, START_2, END_2 = date(2023, 10, 30), date(2023, 11, 6), date(2023, 11, 9)


@dataclass
class Programme2023:
    programme: Programme
    first: Inspection
    second: Inspection
    raa_staff: User


def _raa(urn: str, name: str) -> Provider:
    raa = Provider.objects.create(kind="RAA", urn=urn, name=name, registration_date=date(2019, 1, 1))
    for n, code in enumerate(DEFAULT_MEMBERS):
        la, _ = LocalAuthority.objects.get_or_create(
            code=code, defaults={"name": f"Council {n}", "region": "South East"}
        )
        raa.member_las.add(la)
    return raa


@pytest.fixture
def autumn(people: dict[str, User]) -> Programme2023:
    first_raa = _raa("RA000101", "Coast and Vale Adoption")
    second_raa = _raa("RA000102", "Moor and Dale Adoption")
    scenario = RaaThematicScenario(inspector=people["inspector"], manager=people["manager"])
    first = scenario.announce(first_raa, start=START_1, end=END_1, now=at(ANNOUNCED_1, 9, 30))
    second = scenario.announce(second_raa, start=START_2, end=END_2, now=at(ANNOUNCED_2, 9, 30))
    programme = Programme.objects.create(
        name="RAA thematic inspections 2023",
        direction="Inspect a sample of RAAs under the 5 themes",
        window_start=date(2023, 10, 30),
        window_end=date(2023, 12, 7),
        size=2,
        manager=people["manager"],
        created_at=at(date(2023, 9, 1)),
        status="fieldwork",
    )
    ProgrammeInspection.objects.create(programme=programme, inspection=first, team=1)
    ProgrammeInspection.objects.create(programme=programme, inspection=second, team=2)
    return Programme2023(programme, first, second, _user("raa-staff", PROVIDER_USER, first_raa))


def walk(inspection: Inspection, inspector: User, announced: date, **kwargs: object) -> FieldworkScenario:
    scenario = FieldworkScenario(inspection, inspector=inspector, seed=inspection.pk)
    scenario.walk(announced, **kwargs)  # type: ignore[arg-type]
    return scenario
