"""People and agencies shared by the page and portal tests: a user per role and two adoption support
agencies (registered as a pytest plugin by tests/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, QA_OFFICER, ensure_roles
from careinspect.registry.models import Provider, ProviderStaff


def _user(
    username: str, role: str, provider: Provider | None = None, groups: dict[str, Group] | None = None
) -> User:
    groups = groups or ensure_roles()
    user = get_user_model().objects.create_user(username, password=f"{username}-test-pass-123")
    user.groups.set([groups[role]])
    if provider is not None:
        ProviderStaff.objects.create(user=user, provider=provider)
    return user


@pytest.fixture
def agency_a(db: None) -> Provider:
    return Provider.objects.create(
        kind="ASA",
        urn="SC900001",
        name="Harbour Adoption Support",
        registration_date=date(2019, 4, 1),
        registered_manager="Alex Morgan",
        responsible_individual="Sam Patel",
    )


@pytest.fixture
def agency_b(db: None) -> Provider:
    return Provider.objects.create(
        kind="ASA", urn="SC900002", name="Meadow Family Support", registration_date=date(2018, 9, 3)
    )


@pytest.fixture
def people(agency_a: Provider, agency_b: Provider) -> dict[str, User]:
    # The roles once for all six: ensure_roles() takes some forty queries, and most tests use these people.
    groups = ensure_roles()
    return {
        "inspector": _user("insp", INSPECTOR, groups=groups),
        "manager": _user("rim", MANAGER, groups=groups),
        "manager2": _user("rim2", MANAGER, groups=groups),
        "qa": _user("qaofficer", QA_OFFICER, groups=groups),
        "provider_a": _user("staff-a", PROVIDER_USER, agency_a, groups),
        "provider_b": _user("staff-b", PROVIDER_USER, agency_b, groups),
    }
