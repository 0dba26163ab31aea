"""The assurance report (issue 12 item 3): a narrative under the assurance headings, no grade anywhere, the
JDG-9 statement, requirements and recommendations, the manager's check, publication as HTML and PDF, and
the post-visit survey with the final report (RPT-8)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from careinspect.assurance.models import PostVisitSurvey
from careinspect.inspections.models import PublishedReport
from careinspect.inspections.services import reporting
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.ifa_assurance import SECTIONS, AssuranceScenario
from tests.assurance.conftest import SCHEDULED_ON
from tests.clock import at

pytestmark = pytest.mark.django_db
GRADE_WORDS = (
    "Outstanding",
    "Requires improvement",
    "Inadequate",
    "Overall experiences",
    "Overall judgement",
)


def test_rpt5_the_report_is_written_under_the_assurance_headings(scenario: AssuranceScenario) -> None:
    visit = scenario.walk_to(Status.FEEDBACK_GIVEN, scheduled_on=SCHEDULED_ON)
    keys = [key for key, _ in reporting.section_keys(visit)]
    assert keys[:3] == ["children_well_cared_for", "children_safe", "strong_leadership"]
    assert not any(key.startswith("judgement:") for key in keys)
    with pytest.raises(RuleViolation) as refused:
        reporting.edit_report(
            visit,
            by=scenario.people["inspector"],
            sections={"judgement:overall_experiences_progress": "x"},
            now=at(date(2026, 12, 24)),
        )
    assert refused.value.field == "sections"


def test_jdg9_the_check_needs_the_concerns_recorded(
    scenario: AssuranceScenario, crew: dict[str, Any]
) -> None:
    scenario.schedule(SCHEDULED_ON).announce().feedback().write_report()
    with pytest.raises(RuleViolation) as refused:
        scenario.check()
    assert (refused.value.rule, refused.value.field) == ("JDG-9", "serious_concerns")


def test_rpt3_the_manager_checks_and_the_inspector_cannot(scenario: AssuranceScenario) -> None:
    from django.core.exceptions import PermissionDenied

    visit = scenario.walk_to(Status.FEEDBACK_GIVEN, scheduled_on=SCHEDULED_ON)
    scenario.write_report()
    with pytest.raises(PermissionDenied):
        reporting.check_report(visit, by=scenario.people["inspector"], now=at(date(2026, 12, 29)))


def test_rpt5_published_with_no_grade_and_the_concerns_statement(scenario: AssuranceScenario) -> None:
    visit = scenario.walk_to(Status.PUBLISHED, scheduled_on=SCHEDULED_ON)
    assert visit.published_on == date(2027, 2, 18)  # publication due: 38 WD after 23 December 2026
    published = PublishedReport.objects.get(inspection=visit)
    assert published.overall_grade == ""
    content = published.content
    assert content["shape"] == "narrative"
    assert all("grade" not in section for section in content["sections"])
    assert content["serious_concerns"]["found"] is False
    assert "did not identify any serious or widespread concerns" in content["serious_concerns"]["statement"]
    assert [s["text"] for s in content["sections"][:3]] == list(SECTIONS.values())


def test_jdg9_serious_concerns_are_stated_and_named(scenario: AssuranceScenario) -> None:
    visit = scenario.walk_to(Status.PUBLISHED, serious=True, scheduled_on=SCHEDULED_ON)
    statement = PublishedReport.objects.get(inspection=visit).content["serious_concerns"]["statement"]
    assert statement == (
        "Inspectors identified serious or widespread concerns as a result of practice that places children "
        "at risk of inadequate protection or significant harm."
    )


def test_rpt5_the_public_page_and_pdf_show_no_grade(scenario: AssuranceScenario, client: Any) -> None:
    visit = scenario.walk_to(Status.PUBLISHED, scheduled_on=SCHEDULED_ON)
    published = PublishedReport.objects.get(inspection=visit)
    page = client.get(reverse("reports:public_detail", args=[published.pk])).content.decode()
    assert "Children are well cared for" in page and "Serious or widespread concerns" in page
    assert "no graded judgement" in page
    for word in GRADE_WORDS:
        assert word not in page
    assert 'class="govuk-tag' not in page.split("<main", 1)[1]
    listing = client.get(reverse("reports:public_list")).content.decode()
    assert "Assurance visit: no grade" in listing
    pdf = client.get(reverse("reports:public_pdf", args=[published.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_jdg9_no_page_or_endpoint_records_or_shows_a_grade(scenario: AssuranceScenario, client: Any) -> None:
    visit = scenario.walk_to(Status.FEEDBACK_GIVEN, scheduled_on=SCHEDULED_ON)
    client.force_login(scenario.people["inspector"])
    assert client.get(reverse("inspections:judgements", args=[visit.pk])).status_code == 404
    posted = client.post(
        reverse("inspections:judgements", args=[visit.pk]),
        {"area": "overall_experiences_progress", "grade": "good", "rationale": "x"},
    )
    assert posted.status_code == 404
    api = f"/api/inspections/{visit.pk}/judgements"
    listed = client.get(api)
    assert listed.status_code == 422 and listed.json()["field"] == "kind"
    put = client.put(
        f"{api}/overall_experiences_progress",
        {"grade": "good", "rationale": "Good.", "evidence_ids": []},
        content_type="application/json",
    )
    assert put.status_code == 422 and put.json()["rule"] == "KND-3"
    assert not visit.judgements.exists()
    for url in (
        reverse("assurance:visit", args=[visit.pk]),
        reverse("inspections:report", args=[visit.pk]),
        reverse("inspections:detail", args=[visit.pk]),
        f"/api/assurance/visits/{visit.pk}",
    ):
        body = client.get(url).content.decode()
        for word in ("Outstanding", "Requires improvement", "Inadequate", "Overall experiences"):
            assert word not in body, (url, word)


def test_rpt8_the_survey_goes_with_the_final_report(scenario: AssuranceScenario) -> None:
    scenario.walk_to(Status.COMMENTS_RECEIVED, scheduled_on=SCHEDULED_ON)
    mail.outbox.clear()
    visit = scenario.send_final().visit
    survey = PostVisitSurvey.objects.get(inspection=visit)
    assert survey.sent_at.date() == visit.final_sent_on == date(2027, 1, 6)
    assert survey.message is not None and survey.message.rule == "RPT-8"
    sent = [m for m in mail.outbox if m.subject.startswith("Tell us about the assurance visit")]
    assert len(sent) == 1 and reverse("assurance:survey", args=[survey.token]) in sent[0].body
    assert sent[0].to == ["lantern-staff@agency.example"]


def test_rpt8_only_the_visited_agency_answers_its_survey(
    scenario: AssuranceScenario, client: Any, other_staff: Any, people: dict[str, Any]
) -> None:
    visit = scenario.walk_to(Status.FINAL_SENT, scheduled_on=SCHEDULED_ON)
    survey = PostVisitSurvey.objects.get(inspection=visit)
    url = reverse("assurance:survey", args=[survey.token])
    for outsider in (other_staff, people["inspector"]):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"useful": "1", "comments": "x"}).status_code == 404
    survey.refresh_from_db()
    assert survey.answered_at is None
    client.force_login(scenario.people["provider"])
    assert client.post(url, {"useful": "4", "comments": "Clear and fair."}).status_code == 302
    survey.refresh_from_db()
    assert (survey.useful, survey.comments) == (4, "Clear and fair.")
