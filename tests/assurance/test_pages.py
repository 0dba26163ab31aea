"""The visit's page and API: who sees what and who may do what (DPR-3), the errors named by field, and the
deadlines registered for the dashboards (RPT-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from careinspect.assurance.models import ConcernsFinding
from careinspect.core import deadlines
from careinspect.inspections.models import AssuranceDetail
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.ifa_assurance import AssuranceScenario
from tests.assurance.conftest import SCHEDULED_ON

pytestmark = pytest.mark.django_db


def test_dpr3_agency_staff_cannot_open_the_visit_page_or_api(
    scenario: AssuranceScenario, client: Any, staff: Any, other_staff: Any
) -> None:
    visit = scenario.walk_to(Status.ON_SITE, scheduled_on=SCHEDULED_ON)
    for user in (staff, other_staff):
        client.force_login(user)
        assert client.get(reverse("assurance:visit", args=[visit.pk])).status_code == 403
        posted = client.post(
            reverse("assurance:visit", args=[visit.pk]), {"form": "concerns", "concerns-serious": "yes"}
        )
        assert posted.status_code == 403
        assert client.get(f"/api/assurance/visits/{visit.pk}").status_code == 404
        api = client.post(
            f"/api/assurance/visits/{visit.pk}/concerns", {"serious": False}, content_type="application/json"
        )
        assert api.status_code == 404
        assert client.get("/api/assurance/priority").status_code == 403
    assert not ConcernsFinding.objects.exists()


def test_knd3_the_page_offers_the_length_to_a_manager_only(
    scenario: AssuranceScenario, client: Any, people: dict[str, Any]
) -> None:
    visit = scenario.schedule(SCHEDULED_ON).visit
    url = reverse("assurance:visit", args=[visit.pk])
    client.force_login(people["qa"])
    page = client.get(url).content.decode()
    assert 'value="length"' not in page and 'value="announce"' not in page
    assert (
        client.post(url, {"form": "length", "length-days": "3", "length-days_reason": "x"}).status_code == 403
    )
    client.force_login(people["inspector"])
    assert 'value="length"' not in client.get(url).content.decode()
    response = client.post(url, {"form": "length", "length-days": "3", "length-days_reason": "Large"})
    assert response.status_code == 403
    assert AssuranceDetail.objects.get(inspection=visit).days == 2
    client.force_login(people["manager"])
    assert 'value="length"' in client.get(url).content.decode()
    response = client.post(url, {"form": "length", "length-days": "3", "length-days_reason": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and "(KND-3)" in page
    assert 'href="#id_length-days_reason"' in page
    response = client.post(
        url, {"form": "length", "length-days": "3", "length-days_reason": "A large agency"}
    )
    assert response.status_code == 302
    assert AssuranceDetail.objects.get(inspection=visit).days == 3


def test_jdg9_concerns_through_the_api_name_the_rule(scenario: AssuranceScenario, client: Any) -> None:
    visit = scenario.walk_to(Status.ON_SITE, scheduled_on=SCHEDULED_ON)
    client.force_login(scenario.people["inspector"])
    answer = client.post(
        f"/api/assurance/visits/{visit.pk}/concerns", {"serious": True}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert (answer.json()["rule"], answer.json()["field"]) == ("JDG-9", "concerns")
    assert not ConcernsFinding.objects.exists()


def test_sch7_priority_api_gives_each_factor(client: Any, people: dict[str, Any], ifa: Any) -> None:
    client.force_login(people["qa"])
    rows = client.get("/api/assurance/priority").json()
    assert [r["urn"] for r in rows] == [ifa.urn]
    assert {f["name"] for f in rows[0]["factors"]} == {
        "last_judgement", "never_inspected", "months_without_inspection", "concerns", "notifications",
        "enforcement_actions",
    }  # fmt: skip
    assert rows[0]["score"] == sum(f["points"] for f in rows[0]["factors"])


def test_rpt4_deadlines_are_registered_for_their_owners_once(scenario: AssuranceScenario) -> None:
    """The draft, final and publication dates are the kind's declared deadlines, given by the inspections'
    source; the assurance source adds only what that one does not know, so nobody is reminded twice."""
    visit = scenario.walk_to(Status.FEEDBACK_GIVEN, scheduled_on=SCHEDULED_ON)
    window = deadlines.between(date(2027, 1, 1), date(2027, 2, 28))
    found = [d for d in window if d.inspection_id == visit.pk and d.rule == "RPT-4"]
    assert sorted((d.due, d.rule) for d in found) == [
        (date(2027, 1, 21), "RPT-4"),
        (date(2027, 2, 8), "RPT-4"),
        (date(2027, 2, 18), "RPT-4"),
    ]
    draft = next(d for d in found if d.due == date(2027, 1, 21))
    assert draft.owners == (visit.lead_inspector_id,)
    publication = next(d for d in found if d.due == date(2027, 2, 18))
    assert visit.manager_id in publication.owners


def test_evd1_the_shared_pages_open_for_an_assurance_visit_with_no_grade(
    scenario: AssuranceScenario, client: Any
) -> None:
    visit = scenario.walk_to(Status.FEEDBACK_GIVEN, scheduled_on=SCHEDULED_ON)
    client.force_login(scenario.people["inspector"])
    for page in ("evidence", "requirements", "report"):
        response = client.get(reverse(f"inspections:{page}", args=[visit.pk]))
        assert response.status_code == 200, page
        body = response.content.decode()
        assert "Judgement areas it supports" not in body and "Overall experiences" not in body, page
    report = client.get(reverse("inspections:report", args=[visit.pk])).content.decode()
    assert (
        "Children are well cared for" in report
        and "Leaders and managers are exercising strong leadership" in report
    )
