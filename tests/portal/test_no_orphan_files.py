"""A refused upload never leaves its file behind (issue 10): the original is written before the row that
names it, so whatever fails after (a later check, the row's save, the commit itself) removes it again.

RULES: INF-2 — no personal data from the forms is kept when nothing of the upload was received.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connections, transaction

from careinspect.core.storage import atomic_with_files, store_original, withheld_name
from careinspect.inspections.models import Evidence
from careinspect.inspections.services import evidence, lifecycle
from careinspect.portal.models import InformationRequest, Upload
from careinspect.portal.services import receive_upload
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from tests.clock import at
from tests.inspections.conftest import case_list_csv


def stored_files() -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.fixture
def case_list_request(agency_a: Provider, people: dict[str, User]) -> InformationRequest:
    """The case list form of an ASA inspection notified on 19 January 2026 (its portal request, INF-2)."""
    inspection = lifecycle.schedule_inspection(
        agency_a,
        lead_inspector=people["inspector"],
        manager=people["manager"],
        start=date(2026, 2, 2),
        end=date(2026, 2, 3),
        by=people["manager"],
        now=at("2026-01-05"),
    )
    notified = lifecycle.notify(inspection, by=people["inspector"], now=at("2026-01-19"))
    return InformationRequest.objects.get(inspection=notified, dataset_kind="asa_case_list")


def send(request: InformationRequest, people: dict[str, User], count: int, day: str) -> Upload:
    return receive_upload(
        request,
        by=people["provider_a"],
        filename="Jo Bloggs cases.csv",
        data=case_list_csv(count),
        now=at(day),
    )


@pytest.mark.django_db
def test_inf2_a_case_list_refused_after_cases_were_chosen_leaves_no_file(
    case_list_request: InformationRequest, people: dict[str, User]
) -> None:
    first = send(case_list_request, people, 4, "2026-01-20")
    case = case_list_request.inspection.cases.order_by("case_ref").first()
    assert case is not None
    evidence.choose_case(case, by=people["inspector"], selection="tracked")
    kept = stored_files()

    # The file passes every check and is written; then the cases refuse a new list (CAS-1) and all rolls back.
    with pytest.raises(RuleViolation) as refused:
        send(case_list_request, people, 6, "2026-01-21")

    assert refused.value.rule == "CAS-1"
    assert stored_files() == kept == [Path(settings.MEDIA_ROOT) / first.original.name]
    assert list(Upload.objects.values_list("version", flat=True)) == [1]


@pytest.mark.django_db
def test_inf2_a_row_that_cannot_be_saved_leaves_no_file(
    case_list_request: InformationRequest, people: dict[str, User]
) -> None:
    with (
        mock.patch.object(Upload, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        send(case_list_request, people, 4, "2026-01-20")

    assert stored_files() == []
    assert not Upload.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_inf2_a_commit_that_fails_leaves_no_file(
    case_list_request: InformationRequest, people: dict[str, User]
) -> None:
    # No test transaction around this one: the upload's own transaction is the real one, and its commit fails.
    connection = connections["default"]
    with (
        mock.patch.object(connection, "commit", side_effect=DatabaseError("could not serialize")),
        pytest.raises(DatabaseError),
    ):
        send(case_list_request, people, 4, "2026-01-20")

    assert stored_files() == []
    assert not Upload.objects.exists()


@pytest.mark.django_db
def test_inf2_an_upload_that_commits_keeps_its_file(
    case_list_request: InformationRequest, people: dict[str, User]
) -> None:
    upload = send(case_list_request, people, 4, "2026-01-20")
    assert stored_files() == [Path(settings.MEDIA_ROOT) / upload.original.name]


def scan_field() -> Any:
    return Evidence().scan  # an unsaved record: its scan's upload_to needs nothing from it


@pytest.mark.django_db
def test_a_file_stored_in_an_inner_block_goes_when_the_outer_block_fails() -> None:
    class Refused(Exception):
        pass

    with pytest.raises(Refused), atomic_with_files():
        with atomic_with_files():
            name = store_original(scan_field(), "notes.png", b"inner")
        assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == b"inner"
        raise Refused

    assert stored_files() == []


@pytest.mark.django_db
def test_a_failed_inner_block_takes_only_its_own_file() -> None:
    with atomic_with_files():
        kept = store_original(scan_field(), "kept.png", b"outer")
        with pytest.raises(ValueError), atomic_with_files():
            store_original(scan_field(), "dropped.png", b"inner")
            raise ValueError("refused")

    assert stored_files() == [Path(settings.MEDIA_ROOT) / kept]


@pytest.mark.django_db
def test_storing_outside_a_block_is_refused_before_anything_is_written() -> None:
    with transaction.atomic(), pytest.raises(RuntimeError, match="atomic_with_files"):
        store_original(scan_field(), "notes.png", b"data")
    assert stored_files() == []


def test_a_logged_path_keeps_its_folders_and_withholds_the_file_name() -> None:
    assert withheld_name("uploads/5/31/v2-Jo Bloggs cases.csv") == "uploads/5/31/v2-….csv"
    assert withheld_name("case_lists/2025/12/v2 Jo Bloggs.csv") == "case_lists/2025/12/….csv"
    assert withheld_name("evidence_scans/2025/12/notes") == "evidence_scans/2025/12/…"
    assert withheld_name("stray.pdf") == "….pdf"
