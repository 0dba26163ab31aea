"""A dataset with more rows than its kind accepts is refused on upload like an unsafe file (issue 10): before
the safety checks read every cell, before it is parsed, and with nothing stored, naming the sheet.

RULES: INF-2 — the ASA case list, whether the agency sends it in the portal or an inspector through the API.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from careinspect.inspections.models import Case, CaseList, Inspection
from careinspect.inspections.services import lifecycle
from careinspect.portal import services
from careinspect.portal.models import Upload
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from tests.clock import at, tick
from tests.inspections.api.conftest import Api
from tests.inspections.conftest import case_list_csv
from tests.portal.conftest import a1_workbook

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    media = Path(django_settings.MEDIA_ROOT)
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def nothing_stored() -> bool:
    return not (
        Upload.objects.exists() or CaseList.objects.exists() or Case.objects.exists() or stored_files()
    )


@pytest.fixture
def notified(agency_a: Provider, people: dict[str, User]) -> Inspection:
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


@pytest.fixture
def at_most_five_cases(settings: Any) -> None:
    settings.CAREINSPECT_POLICY = {"dataset_row_limits": "asa_case_list=5"}


@pytest.fixture
def no_safety_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety checks read every cell of a file; a file over the limit must be refused before them."""

    def scanned(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the file was scanned cell by cell before the row limit refused it")

    monkeypatch.setattr(services, "check_upload", scanned)


@pytest.mark.usefixtures("at_most_five_cases", "no_safety_scan")
def test_inf2_a_case_list_over_the_limit_is_refused_in_the_portal_and_nothing_is_stored(
    notified: Inspection, people: dict[str, User]
) -> None:
    request = notified.information_requests.get(dataset_kind="asa_case_list")
    with pytest.raises(RuleViolation) as refused:
        services.receive_upload(
            request,
            by=people["provider_a"],
            filename="cases.csv",
            data=case_list_csv(6),
            now=at("2026-01-20"),
        )
    assert (refused.value.rule, refused.value.field) == ("INF-2", "file")
    assert refused.value.message == (
        "cases.csv: sheet 'cases' has 6 rows; at most 5 are accepted for the ASA case list form (INF-2)"
    )
    assert nothing_stored()


@pytest.mark.usefixtures("at_most_five_cases")
def test_inf2_a_case_list_at_the_limit_is_received_with_its_cases(
    notified: Inspection, people: dict[str, User]
) -> None:
    request = notified.information_requests.get(dataset_kind="asa_case_list")
    upload = services.receive_upload(
        request, by=people["provider_a"], filename="cases.csv", data=case_list_csv(5), now=at("2026-01-20")
    )
    assert (upload.version, upload.valid, notified.cases.count()) == (1, True, 5)


def test_inf1_an_a1_workbook_over_the_limit_names_the_sheet(
    thematic: Inspection, raa_staff: User, tmp_path: Path, settings: Any
) -> None:
    settings.CAREINSPECT_POLICY = {"dataset_row_limits": "a1=50"}  # the workbook has 60 children
    request = thematic.information_requests.get(dataset_kind="a1")
    with pytest.raises(RuleViolation) as refused:
        services.receive_upload(
            request, by=raa_staff, filename="a1.xlsx", data=a1_workbook(tmp_path), now=tick()
        )
    assert "sheet 'children' has 60 rows; at most 50 are accepted for the RAA A1 dataset (INF-1)" in (
        refused.value.message
    )
    assert refused.value.rule == "INF-1"
    assert not Upload.objects.exists()


@pytest.mark.usefixtures("at_most_five_cases")
def test_inf2_an_inspector_uploading_a_case_list_over_the_limit_gets_422_and_nothing_is_stored(
    notified: Inspection, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    from careinspect.inspections.services import evidence

    def scanned(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the file was scanned cell by cell before the row limit refused it")

    monkeypatch.setattr(evidence, "check_upload", scanned)
    answer = Api(people["inspector"]).upload(f"{notified.pk}/case-list", "cases.csv", case_list_csv(6))
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": "cases.csv: sheet 'cases' has 6 rows; at most 5 are accepted for the ASA case list form "
        "(INF-2)",
        "rule": "INF-2",
        "field": "case_list",
    }
    assert nothing_stored()


def test_the_upload_is_validated_before_its_transaction_begins(
    notified: Inspection, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite the write lock is taken when a transaction begins: a large dataset validated inside it kept
    every other writer waiting ("database is locked"). The dataset is validated with no transaction of the
    upload's own open; the version is then stored in one."""
    from django.db import connection

    from careinspect.datasets import validate

    depths: list[int] = []
    real: Callable[..., Any] = validate.validate_dataset

    def watched(*args: Any, **kwargs: Any) -> Any:
        depths.append(len(connection.atomic_blocks))
        return real(*args, **kwargs)

    monkeypatch.setattr(validate, "validate_dataset", watched)
    request = notified.information_requests.get(dataset_kind="asa_case_list")
    outside = len(connection.atomic_blocks)  # the test's own transaction
    upload = services.receive_upload(
        request, by=people["provider_a"], filename="cases.csv", data=case_list_csv(3), now=at("2026-01-20")
    )
    assert depths == [outside]
    assert upload.valid and notified.cases.count() == 3
