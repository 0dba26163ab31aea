"""The people, agencies and scheduled inspections the browser journey starts from (issue 3).

Scheduling is the manager's job and is already covered through the pages; doing it here through the
scenario builder the demo uses (the real services) keeps the browser test on the steps an inspector, a
manager and an agency take afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, ensure_roles
from careinspect.inspections.models import Inspection
from careinspect.registry.models import Provider, ProviderKind, ProviderStaff
from careinspect.scenarios.sccif_full import SccifScenario
from tests.clock import at

LONDON = ZoneInfo("Europe/London")

# Twelve service users, so CAS-1 asks for at least four tracked cases.
CASE_LIST = (
    "case_ref,service_user_type,la_code,service_type,start_date,end_date,open\n"
    + "".join(f"HAS-{n:03d},child,202,therapy,2024-06-{n:02d},,Y\n" for n in range(1, 13))
).encode()


@dataclass(frozen=True)
class Journey:
    inspector: User
    manager: User
    staff: User
    agency: Provider
    inspection: Inspection
    # Another agency's inspection, already notified so that only the agency check keeps it from `staff`.
    other_inspection: Inspection


def password(user: User) -> str:
    return f"{user.get_username()}-journey-pass-123"


def _user(username: str, role: str, provider: Provider | None = None) -> User:
    user = get_user_model().objects.create_user(username)
    user.set_password(password(user))
    user.save(update_fields=["password"])
    user.groups.set([ensure_roles()[role]])
    if provider is not None:
        ProviderStaff.objects.create(user=user, provider=provider)
    return user


def make_journey() -> Journey:
    """Two adoption support agencies and one inspection each, scheduled on Monday 6 January 2025."""
    with time_machine.travel(datetime(2025, 1, 6, 9, 0, tzinfo=LONDON), tick=False):
        agency = Provider.objects.create(
            kind=ProviderKind.ASA,
            urn="SC910001",
            name="Harbour Adoption Support",
            registration_date=date(2019, 4, 1),
            registered_manager="Alex Morgan",
            responsible_individual="Sam Patel",
        )
        other = Provider.objects.create(
            kind=ProviderKind.ASA,
            urn="SC910002",
            name="Meadow Family Support",
            registration_date=date(2018, 9, 3),
        )
        inspector = _user("insp", INSPECTOR)
        manager = _user("rim", MANAGER)
        staff = _user("staff-a", PROVIDER_USER, agency)
        today = date(2025, 1, 6)
        scenario = SccifScenario(inspector=inspector, manager=manager)
        inspection = scenario.schedule(agency, start=date(2025, 2, 3), end=date(2025, 2, 4), now=at(today))
        other_scenario = SccifScenario(inspector=inspector, manager=manager)
        other_scenario.schedule(other, start=date(2025, 2, 10), end=date(2025, 2, 11), now=at(today))
        other_inspection = other_scenario.notify(now=at(today))
    return Journey(inspector, manager, staff, agency, inspection, other_inspection)
