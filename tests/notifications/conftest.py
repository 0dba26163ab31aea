"""Agencies with a next-inspection window, their staff and the regulator's people, for the notifications
tests (`people` comes from tests/people.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.notifications.models import NotificationType
from careinspect.registry.models import InspectionKind, PastInspection, Provider
from tests.clock import at
from tests.conftest import d

NOW = at("2026-11-26", 10)  # a Thursday


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(people: dict[str, User], agency_a: Provider, agency_b: Provider) -> dict[str, Any]:
    """Both agencies last inspected in June 2025 (good): their next inspection is due from June 2027."""
    for agency in (agency_a, agency_b):
        PastInspection.objects.create(
            provider=agency, end_date=d("2025-06-13"), kind=InspectionKind.SCCIF_FULL, judgement="good"
        )
    return people


@pytest.fixture
def types() -> dict[str, NotificationType]:
    return {t.code: t for t in NotificationType.objects.all()}
