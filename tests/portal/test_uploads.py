"""The information-sharing portal: requests due as the rules say, uploads checked, versioned and kept.

RULES: INF-1 (RAA: 4pm the working day after the announcement), INF-2, DPR-3. Every rejected file leaves
what was stored before exactly as it was.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careinspect.inspections.models import Inspection
from careinspect.portal import services
from careinspect.portal.models import InformationRequest, Upload
from careinspect.rules.errors import RuleViolation
from tests.clock import tick
from tests.portal.conftest import a1_workbook

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def a1_request(inspection: Inspection) -> InformationRequest:
    return inspection.information_requests.get(dataset_kind="a1")


def test_inf1_requests_due_at_4pm_on_the_working_day_after_the_announcement(thematic: Inspection) -> None:
    requests = list(thematic.information_requests.all())
    assert len(requests) == 11  # INF-1 lists eleven items, the A1 form first
    assert {r.due_at for r in requests} == {datetime(2025, 10, 7, 16, tzinfo=LONDON)}
    assert requests[0].dataset_kind == "a1"


def test_a1_with_errors_is_kept_but_not_received_then_a_corrected_version_passes(
    thematic: Inspection, raa_staff: User, tmp_path: Path
) -> None:
    request = a1_request(thematic)
    bad_bytes = a1_workbook(tmp_path, errors=5)
    bad = services.receive_upload(request, by=raa_staff, filename="a1.xlsx", data=bad_bytes, now=tick())
    assert bad.valid is False and bad.validation["error_count"] >= 5
    assert {"sheet", "row", "column", "value", "message"} <= set(bad.validation["errors"][0])
    assert bad.measures == {}  # never measured as if whole
    assert (
        services.status_of(request, datetime(2025, 10, 7, 12, tzinfo=LONDON))
        is services.RequestStatus.HAS_ERRORS
    )

    good_bytes = a1_workbook(tmp_path, name="fixed.xlsx")
    good = services.receive_upload(
        request, by=raa_staff, filename="a1-fixed.xlsx", data=good_bytes, now=tick()
    )
    assert (good.version, good.valid) == (2, True)
    assert good.measures["raa"]["adopters"]["interest_to_approval_days"]["count"] >= 0
    assert good.sha256 == hashlib.sha256(good_bytes).hexdigest()
    # RULES: INF-1 — a re-upload is a new version; the first original is still there, unchanged.
    bad.refresh_from_db()
    assert bad.original.read() == bad_bytes


def _rejected(request: InformationRequest, user: User, name: str, data: bytes, words: str) -> None:
    before = list(Upload.objects.values_list("pk", "sha256"))
    with pytest.raises(RuleViolation) as caught:
        services.receive_upload(request, by=user, filename=name, data=data, now=tick())
    assert words in caught.value.message.lower()
    assert list(Upload.objects.values_list("pk", "sha256")) == before


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a1.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "program"),
        ("a1.xlsx", b"PK\x03\x04 this is not really a workbook", "damaged"),
        ("a1.xlsx", _zip_bomb(), "compress"),
        ("a1.csv", b'child_id,la_code\n=HYPERLINK("http://x"),850\n', "formula"),
    ],
    ids=["wrong-type", "corrupt-xlsx", "zip-bomb", "formula-injection"],
)
def test_unsafe_files_are_refused_and_nothing_stored_is_lost(
    thematic: Inspection, raa_staff: User, tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    request = a1_request(thematic)
    services.receive_upload(request, by=raa_staff, filename="a1.xlsx", data=a1_workbook(tmp_path), now=tick())
    _rejected(request, raa_staff, name, data, words)


def test_oversized_file_is_refused(thematic: Inspection, raa_staff: User, settings: object) -> None:
    settings.CAREINSPECT_MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]
    request = thematic.information_requests.get(position=2)  # statement of purpose: a document
    _rejected(request, raa_staff, "purpose.pdf", b"%PDF-1.7\n" + b"x" * 4096, "mb")


def test_dpr3_provider_uploads_only_to_its_own_requests(
    thematic: Inspection, people: dict[str, User], tmp_path: Path
) -> None:
    request = a1_request(thematic)
    with pytest.raises(PermissionDenied):
        services.receive_upload(
            request, by=people["provider_a"], filename="a1.xlsx", data=a1_workbook(tmp_path), now=tick()
        )
    client = Client()
    client.force_login(people["provider_a"])
    for pk in InformationRequest.objects.values_list("pk", flat=True):
        response = client.post(
            f"/portal/requests/{pk}/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")}
        )
        assert response.status_code == 404
    assert not Upload.objects.exists()


def test_dpr3_provider_cannot_download_another_agencys_original(
    thematic: Inspection, raa_staff: User, people: dict[str, User], tmp_path: Path
) -> None:
    upload = services.receive_upload(
        a1_request(thematic), by=raa_staff, filename="a1.xlsx", data=a1_workbook(tmp_path), now=tick()
    )
    client = Client()
    client.force_login(people["provider_a"])
    assert client.get(f"/portal/uploads/{upload.pk}/original").status_code == 404
    client.force_login(raa_staff)
    assert client.get(f"/portal/uploads/{upload.pk}/original").status_code == 200


def test_team_sees_late_and_missing_items_and_the_measures(
    thematic: Inspection, raa_staff: User, people: dict[str, User], tmp_path: Path
) -> None:
    services.receive_upload(
        a1_request(thematic), by=raa_staff, filename="a1.xlsx", data=a1_workbook(tmp_path), now=tick()
    )
    client = Client()
    client.force_login(people["inspector"])
    page = client.get(f"/inspections/{thematic.pk}/information/").content.decode()
    assert "Overdue" in page  # the other ten items are past 4pm on 7 October 2025
    measures = client.get(f"/inspections/{thematic.pk}/measures/").content.decode()
    assert "Days from registration of interest to approval" in measures
    csv = client.get(f"/portal/team/inspections/{thematic.pk}/measures.csv").content.decode()
    assert csv.startswith("scope,group,measure,count")
    client.force_login(raa_staff)
    assert client.get(f"/inspections/{thematic.pk}/measures/").status_code == 403
    assert client.get(f"/portal/team/inspections/{thematic.pk}/measures.csv").status_code == 403


def test_provider_sees_its_errors_on_the_request_page(
    thematic: Inspection, raa_staff: User, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(raa_staff)
    request = a1_request(thematic)
    response = client.post(
        f"/portal/requests/{request.pk}/",
        {"file": SimpleUploadedFile("a1.xlsx", a1_workbook(tmp_path, errors=3))},
    )
    assert response.status_code == 302
    page = client.get(f"/portal/requests/{request.pk}/").content.decode()
    assert "Version 1 has 3 errors" in page  # the generator plants exactly 3
    assert "What is wrong" in page


def test_an_oversized_upload_is_refused_before_it_is_read(
    thematic: Inspection, raa_staff: User, settings: object
) -> None:
    settings.CAREINSPECT_MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]
    client = Client()
    client.force_login(raa_staff)
    request = thematic.information_requests.get(position=2)
    response = client.post(
        f"/portal/requests/{request.pk}/",
        {"file": SimpleUploadedFile("purpose.pdf", b"%PDF-1.7\n" + b"x" * 4096)},
    )
    assert response.status_code == 200
    assert "files can be up to" in response.content.decode()
    assert not Upload.objects.exists()
