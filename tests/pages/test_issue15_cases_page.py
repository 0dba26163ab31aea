"""The cases page (issue 15): one form for a page of cases, not a form and a Save per row; radios for not
chosen, tracked and sampled with a line of enquiry; the case list's codes in words; pages of 100 so a
large agency's list answers quickly (issue 10).

RULES: CAS-1 (the minimum tracked), CAS-3 (tracked and sampled apart; a sampled case follows an enquiry).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careinspect.inspections.models import Case, Inspection
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from tests.clock import tick
from tests.inspections.conftest import Walk, case_list_csv

pytestmark = pytest.mark.django_db

CODES = [("birth_relative", "peer_support"), ("adopted_adult", "records_access"), ("child", "therapy")]


@pytest.fixture
def walk(people: dict[str, User], agency_a: Provider) -> Walk:
    return Walk(
        inspector=people["inspector"],
        manager=people["manager"],
        provider_user=people["provider_a"],
        provider=agency_a,
    )


def with_cases(walk: Walk, count: int) -> Inspection:
    """Notified, with a case list of `count` cases (service user and service codes in turn)."""
    walk.to(Status.NOTIFIED)
    rows = [
        (f"HA-{n:04d}", *((CODES[n % 3][0], "202", CODES[n % 3][1])), "2025-06-01", "", "Y")
        for n in range(1, count + 1)
    ]
    walk.scenario.receive_case_list(
        case_list_csv(count, rows=rows), by=walk.inspector, filename="cases.csv", now=tick()
    )
    return walk.current


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(inspection: Inspection) -> str:
    return f"/inspections/{inspection.pk}/cases/"


def choices(inspection: Inspection, **chosen: tuple[str, str]) -> dict[str, object]:
    """The page's one form as a browser posts it: every case on the page, the changes given."""
    data: dict[str, object] = {"form": "choices", "page": "1", "cases": []}
    for case in inspection.cases.order_by("case_ref")[:100]:
        selection, line = chosen.get(case.case_ref.replace("-", "_"), (case.selection, case.line_of_enquiry))
        data["cases"].append(str(case.pk))  # type: ignore[attr-defined]
        data[f"selection-{case.pk}"] = selection
        data[f"loe-{case.pk}"] = line
    return data


def test_cas3_the_case_list_is_one_form_with_codes_in_words(walk: Walk) -> None:
    inspection = with_cases(walk, 6)
    page = signed_in(walk.inspector).get(url(inspection)).content.decode()
    assert page.count('name="form" value="choices"') == 1
    assert page.count("Save the choices") == 1
    assert "Birth relative" in page and "Peer support" in page and "Adopted adult" in page
    assert "Access to records" in page
    assert "Birth_relative" not in page and "peer_support" not in page and "birth_relative<" not in page
    assert page.count('type="radio"') == 6 * 3
    assert "Choose HA-0001 as" in page


def test_cas3_tracked_and_sampled_cases_are_chosen_in_one_post(walk: Walk) -> None:
    inspection = with_cases(walk, 6)
    client = signed_in(walk.inspector)
    response = client.post(
        url(inspection),
        choices(
            inspection,
            HA_0001=("tracked", ""),
            HA_0002=("tracked", ""),
            HA_0003=("sampled", "Delays to therapy after assessment"),
        ),
    )
    assert response.status_code == 302
    chosen = {c.case_ref: (c.selection, c.line_of_enquiry) for c in Case.objects.exclude(selection="")}
    assert chosen == {
        "HA-0001": ("tracked", ""),
        "HA-0002": ("tracked", ""),
        "HA-0003": ("sampled", "Delays to therapy after assessment"),
    }
    page = client.get(url(inspection)).content.decode()
    assert "3 cases changed" in page
    assert "2 of at least" in page and "1 sampled" in page


def test_cas3_a_refused_row_is_shown_against_its_case_and_the_rest_are_saved(walk: Walk) -> None:
    inspection = with_cases(walk, 6)
    response = signed_in(walk.inspector).post(
        url(inspection), choices(inspection, HA_0001=("tracked", ""), HA_0004=("sampled", ""))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "<title>Error: " in page
    case = Case.objects.get(case_ref="HA-0004")
    assert f'href="#selection-{case.pk}"' in page and f'id="selection-{case.pk}-error"' in page
    assert "HA-0004: " in page and "(CAS-3)" in page
    assert "line_of_enquiry" not in page  # the rule's words, never the service's field name
    assert re.search(rf'id="selection-{case.pk}-sampled"[^>]*checked', page)  # the choice stays
    assert Case.objects.get(case_ref="HA-0001").selection == "tracked"
    assert case.selection == ""


def test_cas1_a_large_case_list_is_shown_100_cases_a_page(walk: Walk) -> None:
    inspection = with_cases(walk, 250)
    client = signed_in(walk.inspector)
    first = client.get(url(inspection)).content.decode()
    assert "cases 1 to 100 of 250" in first and first.count('name="cases"') == 100
    assert "HA-0100" in first and "HA-0101" not in first
    last = client.get(url(inspection) + "?page=3").content.decode()
    assert "cases 201 to 250 of 250" in last and last.count('name="cases"') == 50
    case = Case.objects.get(case_ref="HA-0250")
    data = {"form": "choices", "page": "3", "cases": [str(case.pk)], f"selection-{case.pk}": "tracked"}
    response = client.post(url(inspection), data)
    assert response.status_code == 302 and response["Location"].endswith("?page=3")
    assert Case.objects.get(pk=case.pk).selection == "tracked"


def test_cas1_after_feedback_the_cases_are_read_only_and_qa_never_gets_the_form(
    walk: Walk, people: dict[str, User]
) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    page = signed_in(walk.inspector).get(url(inspection)).content.decode()
    assert "Save the choices" not in page and 'type="radio"' not in page
    assert "Upload the case list" not in page
    assert "Tracked" in page
    qa = signed_in(people["qa"]).get(url(walk.current)).content.decode()
    assert "Save the choices" not in qa
