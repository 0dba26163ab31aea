"""A dataset request says what the file must hold (issue 15): its columns from the dataset's schema, a CSV
template for each sheet, and the "as at" date its dates are checked against, which the agency was never
told ("after the date of the list (30 September 2026)").

RULES: INF-1 (the A1 year before the notice), INF-2 (the case list as at the day it is sent), DPR-3.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from careinspect.datasets.asa_case_list import CASES, SERVICE_USER_TYPES
from careinspect.inspections.models import Inspection
from careinspect.portal.models import InformationRequest
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def notified(people: dict[str, User], agency_a: Provider) -> Inspection:
    walk = Walk(
        inspector=people["inspector"],
        manager=people["manager"],
        provider_user=people["provider_a"],
        provider=agency_a,
    )
    return walk.to(Status.NOTIFIED)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def request_of(inspection: Inspection, kind: str) -> InformationRequest:
    return inspection.information_requests.get(dataset_kind=kind)


def test_inf2_the_case_list_request_lists_its_columns_and_says_its_as_at_date(
    notified: Inspection, people: dict[str, User]
) -> None:
    item = request_of(notified, "asa_case_list")
    with time_machine.travel(datetime(2025, 12, 5, 10, tzinfo=LONDON), tick=False):
        page = signed_in(people["provider_a"]).get(f"/portal/requests/{item.pk}/").content.decode()
    words = text_of(page)
    assert "Date of the list The day you send it: today, 5 December 2025" in words
    assert "a date after that day is refused" in words
    for column in CASES.names:
        assert f"<code>{column}</code>" in page
    assert f"One of {', '.join(SERVICE_USER_TYPES)}" in words
    assert "case_ref Text; each row's is different Yes" in words
    assert "end_date A date: write it as YYYY-MM-DD No" in words
    assert 'href="?template=cases"' in page and "Download a template (CSV)" in words


def test_inf2_the_case_list_template_is_its_header_row(notified: Inspection, people: dict[str, User]) -> None:
    item = request_of(notified, "asa_case_list")
    response = signed_in(people["provider_a"]).get(f"/portal/requests/{item.pk}/?template=cases")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="asa_case_list-cases-template.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [list(CASES.names)]
    assert (
        signed_in(people["provider_a"]).get(f"/portal/requests/{item.pk}/?template=nope").status_code == 404
    )


def test_inf2_a_form_of_fields_gets_a_template_of_field_and_value_rows(
    notified: Inspection, people: dict[str, User]
) -> None:
    item = request_of(notified, "asa_pre_inspection")
    client = signed_in(people["provider_a"])
    words = text_of(client.get(f"/portal/requests/{item.pk}/").content.decode())
    assert "two columns, field and value , and one row for each field below" in words
    assert "Date of the form The day you send it" in words
    rows = list(
        csv.reader(io.StringIO(client.get(f"/portal/requests/{item.pk}/?template=form").content.decode()))
    )
    assert rows[0] == ["field", "value"]
    assert ["agency_name", ""] in rows and ["urn", ""] in rows


def test_dpr3_another_agency_never_gets_the_template(notified: Inspection, people: dict[str, User]) -> None:
    item = request_of(notified, "asa_case_list")
    assert (
        signed_in(people["provider_b"]).get(f"/portal/requests/{item.pk}/?template=cases").status_code == 404
    )


def test_a_document_request_has_no_columns(thematic: Inspection, raa_staff: User) -> None:
    item = thematic.information_requests.filter(dataset_kind="").first()
    assert item is not None
    page = signed_in(raa_staff).get(f"/portal/requests/{item.pk}/").content.decode()
    assert "What the file must hold" not in page and "?template=" not in page


def test_inf1_the_a1_request_says_the_year_its_data_covers_and_lists_each_sheet(
    thematic: Inspection, raa_staff: User
) -> None:
    """Announced on Monday 6 October 2025: the A1 year is 1 October 2024 to 30 September 2025."""
    item = request_of(thematic, "a1")
    client = signed_in(raa_staff)
    words = text_of(client.get(f"/portal/requests/{item.pk}/").content.decode())
    assert "The data covers 1 October 2024 to 30 September 2025" in words
    assert "A date after 30 September 2025 is refused" in words
    assert "Send one workbook (XLSX) with a sheet for each part below" in words
    for sheet in ("children", "adopters", "support"):
        assert f"Sheet “{sheet}”" in words
        assert f"Download a template for the “{sheet}” sheet (CSV)" in words
    header = client.get(f"/portal/requests/{item.pk}/?template=children").content.decode().splitlines()[0]
    assert header.startswith("child_id,")
