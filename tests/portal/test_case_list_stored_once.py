"""A case list sent through the portal is checked, validated and stored once: the inspection's cases and
the portal's upload refer to the same stored original (INF-2). The portal opens the requests when notice
is given through a hook, so inspections never imports the portal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from careinspect.inspections.models import CaseList
from careinspect.inspections.services import lifecycle
from careinspect.portal.models import InformationRequest, Upload
from careinspect.portal.services import receive_upload
from careinspect.registry.models import Provider
from tests.clock import at
from tests.inspections.conftest import case_list_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified(agency_a: Provider, people: dict[str, User]) -> Any:
    inspection = lifecycle.schedule_inspection(
        agency_a,
        lead_inspector=people["inspector"],
        manager=people["manager"],
        start=date(2026, 2, 2),
        end=date(2026, 2, 3),
        by=people["manager"],
        now=at("2026-01-05"),
    )
    return lifecycle.notify(inspection, by=people["inspector"], now=at("2026-01-19"))


def test_inf2_notice_opens_the_kinds_requests_through_the_hook(notified: Any) -> None:
    kinds = set(InformationRequest.objects.filter(inspection=notified).values_list("dataset_kind", flat=True))
    assert {"asa_case_list", "asa_pre_inspection"} <= kinds


def test_inf2_one_case_list_one_check_one_stored_original(notified: Any, people: dict[str, User]) -> None:
    request = InformationRequest.objects.get(inspection=notified, dataset_kind="asa_case_list")
    upload = receive_upload(
        request, by=people["provider_a"], filename="cases.csv", data=case_list_csv(12), now=at("2026-01-22")
    )
    case_list = CaseList.objects.get(inspection=notified)
    assert upload.valid is True
    assert case_list.original.name == upload.original.name
    assert case_list.sha256 == upload.sha256
    assert notified.cases.count() == 12
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(stored) == 1, stored
    assert Upload.objects.count() == 1
