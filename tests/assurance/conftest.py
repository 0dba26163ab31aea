"""Agencies and people for the assurance visit's tests: two IFAs, each with a member of staff who has an
email address, and a visit walked through the real services (`scenarios.ifa_assurance.AssuranceScenario`).

The default visit ends on Wednesday 23 December 2026, so its RPT-4 deadlines cross Christmas Day (Friday
25 December), the substitute Boxing Day (Monday 28 December) and New Year's Day (Friday 1 January 2027):

    scheduled Tue 1 Dec 2026 for Tue 22 and Wed 23 Dec 2026 (2 days, KND-3)
    announced by the 9am call on Tue 22 Dec 2026 (NTC-4); information by 12pm that day (INF-3)
    feedback on Wed 23 Dec 2026, the last day (CAL-2)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from careinspect.core.roles import PROVIDER_USER, ensure_roles
from careinspect.registry.models import Provider, ProviderStaff
from careinspect.scenarios.ifa_assurance import AssuranceScenario
from tests.clock import at

SCHEDULED_ON = date(2026, 12, 1)
DAY_ONE = date(2026, 12, 22)
DAY_TWO = date(2026, 12, 23)
CALL = at(DAY_ONE, 9, 5)


def _ifa(urn: str, name: str, username: str) -> tuple[Provider, Any]:
    provider = Provider.objects.create(
        kind="IFA",
        urn=urn,
        name=name,
        registration_date=date(2015, 6, 1),
        registered_manager="Jordan Ellis",
    )
    user = get_user_model().objects.create_user(
        username, email=f"{username}@agency.example", password=f"{username}-test-pass-123"
    )
    user.groups.set([ensure_roles()[PROVIDER_USER]])
    ProviderStaff.objects.create(user=user, provider=provider)
    return provider, user


@pytest.fixture
def ifa(db: None) -> Provider:
    return _ifa("SC850001", "Lantern Fostering", "lantern-staff")[0]


@pytest.fixture
def other_ifa(db: None) -> Provider:
    return _ifa("SC850002", "Beacon Foster Care", "beacon-staff")[0]


@pytest.fixture
def staff(ifa: Provider) -> Any:
    return ifa.staff.get().user


@pytest.fixture
def other_staff(other_ifa: Provider) -> Any:
    return other_ifa.staff.get().user


@pytest.fixture
def crew(people: dict[str, Any], staff: Any) -> dict[str, Any]:
    """The scenario's people: the inspector, the manager and the agency's member of staff."""
    return {"inspector": people["inspector"], "manager": people["manager"], "provider": staff}


@pytest.fixture
def scenario(ifa: Provider, crew: dict[str, Any]) -> AssuranceScenario:
    return AssuranceScenario(ifa, crew, DAY_ONE)
