"""The compliance pages and the monitoring visit's page: who sees and does what, the forms' errors named in
a GOV.UK error summary, and nothing changed by someone who may not. Rules: REQ-3, ENF-1, SCH-8, KND-4,
RPT-6. The pages read the real clock, so each request travels to the day it means."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careinspect.compliance import services
from careinspect.compliance.models import ComplianceNotice, NoticeStatus, RequirementOutcome
from careinspect.enforcement.models import CaseReview
from careinspect.inspections.models import Inspection
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.monitoring import MonitoringScenario
from tests.clock import LONDON, at
from tests.compliance.conftest import monitoring, notice, to_draft

pytestmark = pytest.mark.django_db


def on(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON), tick=False
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_compliance_pages_are_the_regulators_own(
    people: dict[str, User], sccif: Inspection, agency_a: Provider, django_assert_max_num_queries: object
) -> None:
    with on("2023-12-21"):
        assert client_for(people["provider_a"]).get(reverse("compliance:index")).status_code == 403
        assert (
            client_for(people["provider_a"])
            .get(reverse("compliance:provider", args=[agency_a.pk]))
            .status_code
            == 403
        )
        assert Client().get(reverse("compliance:index")).status_code == 302
        qa = client_for(people["qa"])
        page = qa.get(reverse("compliance:index"))
        assert page.status_code == 200 and agency_a.name in page.content.decode()
        agency = qa.get(reverse("compliance:provider", args=[agency_a.pk])).content.decode()
        assert "Regulation 12, due 20 December 2023" in agency
        assert "Record the outcome" not in agency and "Issue the notice" not in agency


def test_index_reads_in_a_few_queries(
    people: dict[str, User], sccif: Inspection, agency_a: Provider, django_assert_max_num_queries: object
) -> None:
    for day in ("2024-01-10", "2024-01-17"):
        notice(agency_a, people["manager"], day)
    client = client_for(people["inspector"])
    with on("2023-12-21"), django_assert_max_num_queries(8):  # type: ignore[operator]
        assert client.get(reverse("compliance:index")).status_code == 200


def test_req3_the_inspector_records_an_unmet_requirement_and_a_case_review_opens(
    people: dict[str, User], sccif: Inspection, agency_a: Provider
) -> None:
    requirement = sccif.requirements.get(regulation="Regulation 12")
    url = reverse("compliance:provider", args=[agency_a.pk])
    form = {
        "form": "outcome",
        "requirement": requirement.pk,
        "outcome-met": "no",
        "outcome-note": "No references",
    }
    with on("2023-12-21"):
        # Another agency's staff, and a QA officer, change nothing.
        assert client_for(people["provider_b"]).post(url, form).status_code == 403
        assert client_for(people["qa"]).post(url, form).status_code == 403
        assert not RequirementOutcome.objects.exists()
        inspector = client_for(people["inspector"])
        missing = inspector.post(url, {**form, "outcome-note": ""})
        assert missing.status_code == 200
        body = missing.content.decode()
        assert "govuk-error-summary" in body and f'href="#note-{requirement.pk}"' in body
        assert inspector.post(url, form).status_code == 302
    outcome = RequirementOutcome.objects.get(requirement=requirement)
    assert not outcome.met and outcome.case_review is not None
    assert outcome.case_review.reason == "unmet_requirement"


def test_req3_a_requirement_awaits_its_outcome_from_the_day_after_its_date(
    people: dict[str, User], sccif: Inspection, agency_a: Provider
) -> None:
    url = reverse("compliance:provider", args=[agency_a.pk])
    for day, listed in (("2024-01-10", False), ("2024-01-11", True)):  # Regulation 16 is due 10 January
        with on(day):
            page = client_for(people["inspector"]).get(url).content.decode()
        awaiting = page.split('id="awaiting"')[1].split('id="notices"')[0]
        assert ("Regulation 16, due 10 January 2024" in awaiting) is listed


def test_enf1_a_manager_issues_a_notice_from_the_unmet_requirement(
    people: dict[str, User], sccif: Inspection, agency_a: Provider
) -> None:
    requirement = sccif.requirements.get(regulation="Regulation 12")
    services.record_requirement_outcome(
        requirement, met=False, note="No", by=people["inspector"], now=at("2023-12-21")
    )
    url = reverse("compliance:provider", args=[agency_a.pk])
    form = {
        "form": "notice",
        "notice-requirement": requirement.pk,
        "notice-regulation": "Regulation 12",
        "notice-action": "Obtain two references for every member of staff.",
        "notice-compliance_date-day": "25",
        "notice-compliance_date-month": "12",
        "notice-compliance_date-year": "2023",
    }
    with on("2023-12-22"):
        assert client_for(people["inspector"]).post(url, form).status_code == 403
        manager = client_for(people["manager"])
        holiday = manager.post(url, form)
        body = holiday.content.decode()
        assert holiday.status_code == 200 and "govuk-error-summary" in body and "CAL-4" in body
        assert 'href="#id_notice-compliance_date"' in body
        assert (
            manager.post(
                url,
                {
                    **form,
                    "notice-compliance_date-day": "10",
                    "notice-compliance_date-month": "1",
                    "notice-compliance_date-year": "2024",
                },
            ).status_code
            == 302
        )
    issued = ComplianceNotice.objects.get()
    assert issued.requirement == requirement and issued.compliance_date.isoformat() == "2024-01-10"
    with on("2023-12-22"):
        page = client_for(people["manager"]).get(url).content.decode()
    assert "Monitoring visits to schedule (SCH-8)" in page
    assert "Thursday 11 January 2024 to Wednesday 17 January 2024" in page
    assert f"notices={issued.pk}&amp;start=2024-01-11" in page


def test_sch8_the_manager_schedules_the_proposed_visit(people: dict[str, User], agency_a: Provider) -> None:
    first = notice(agency_a, people["manager"], "2023-12-20")
    second = notice(agency_a, people["manager"], "2023-12-22")
    url = reverse("compliance:schedule_visit", args=[agency_a.pk])
    form = {
        "reason": "compliance_notice",
        "purpose": "To check both notices.",
        "notices": [first.pk, second.pk],
        "announced": "no",
        "lead_inspector": people["inspector"].pk,
        "start_date": "2023-12-21",
    }
    with on("2023-12-04"):
        assert client_for(people["inspector"]).get(url).status_code == 403
        manager = client_for(people["manager"])
        proposed: dict[str, Any] = {"notices": [first.pk, second.pk], "start": "2023-12-27"}
        page = manager.get(url, proposed).content.decode()
        assert f'value="{first.pk}" checked' in page
        refused = manager.post(url, form)
        body = refused.content.decode()
        assert refused.status_code == 200 and "SCH-8" in body and 'href="#id_start_date"' in body
        done = manager.post(url, {**form, "start_date": "2023-12-27"})
    assert done.status_code == 302
    made = Inspection.objects.get(kind="monitoring")
    assert done["Location"] == reverse("inspections:visit", args=[made.pk])
    assert made.monitoring.announced is False and made.start_date.isoformat() == "2023-12-27"


@pytest.fixture
def scenario(people: dict[str, User], agency_a: Provider) -> MonitoringScenario:
    """The visit of 28 December started at 9am, checking the notice due 20 December."""
    return monitoring(agency_a, people, ("Regulation 12", "2023-12-20")).schedule().start()


@pytest.fixture
def on_site(scenario: MonitoringScenario) -> Inspection:
    return scenario.visit


def test_knd4_the_visit_page_is_the_monitoring_visits_own(
    people: dict[str, User], sccif: Inspection, on_site: Inspection
) -> None:
    with on("2023-12-28"):
        assert (
            client_for(people["inspector"]).get(reverse("inspections:visit", args=[sccif.pk])).status_code
            == 404
        )
        assert (
            client_for(people["provider_a"]).get(reverse("inspections:visit", args=[on_site.pk])).status_code
            == 403
        )
        page = client_for(people["qa"]).get(reverse("inspections:visit", args=[on_site.pk])).content.decode()
    assert "To check the agency has met its compliance notices." in page and "Record the finding" not in page


def test_knd4_an_unannounced_visit_starts_from_its_page(people: dict[str, User], agency_a: Provider) -> None:
    inspection = monitoring(agency_a, people, ("Regulation 12", "2023-12-20")).schedule().visit
    url = reverse("inspections:visit", args=[inspection.pk])
    inspector = client_for(people["inspector"])
    with on("2023-12-27"):
        page = inspector.get(url).content.decode()
        assert "Announce the visit" not in page and "Start the visit" in page
        early = inspector.post(url, {"form": "start"}, follow=True).content.decode()
        assert "govuk-error-summary" in early and "KND-4" in early
    with on("2023-12-28", 9):
        inspector.post(url, {"form": "start"})
    inspection.refresh_from_db()
    assert inspection.status == Status.ON_SITE


def test_enf1_partial_action_recorded_on_the_visit_page_is_not_met(
    people: dict[str, User], on_site: Inspection
) -> None:
    link = on_site.monitoring_notices.get()
    url = reverse("inspections:visit", args=[on_site.pk])
    form = {
        "form": "outcome",
        "notice": link.notice_id,
        "outcome-action": "partial",
        "outcome-evidence_note": "Half",
    }
    with on("2023-12-28", 12):
        assert client_for(people["provider_a"]).post(url, form).status_code == 403
        assert client_for(people["qa"]).post(url, form).status_code == 403
        assert client_for(people["inspector"]).post(url, form).status_code == 302
    link.notice.refresh_from_db()
    assert link.notice.status == NoticeStatus.NOT_MET
    assert CaseReview.objects.get().reason == "unmet_notice"


def test_rpt6_the_withhold_form_is_the_regional_directors(
    people: dict[str, User], director: User, scenario: MonitoringScenario, on_site: Inspection
) -> None:
    to_draft(scenario).send_final(now=at("2024-01-10"))
    url = reverse("inspections:visit", args=[on_site.pk])
    with on("2024-01-11"):
        assert (
            "Record the decision not to publish"
            not in client_for(people["manager"]).get(url).content.decode()
        )
        assert (
            client_for(people["manager"]).post(url, {"form": "withhold", "withhold-reason": "x"}).status_code
            == 403
        )
        head = client_for(director)
        assert "Record the decision not to publish" in head.get(url).content.decode()
        empty = head.post(url, {"form": "withhold", "withhold-reason": ""}).content.decode()
        assert "govuk-error-summary" in empty and 'href="#withhold-reason"' in empty
        assert (
            head.post(url, {"form": "withhold", "withhold-reason": "A police investigation"}).status_code
            == 302
        )
    on_site.refresh_from_db()
    assert on_site.status == Status.NOT_PUBLISHED and on_site.publication_decision.director == director


def test_rpt6_the_agency_reads_and_answers_the_draft_in_the_portal(
    people: dict[str, User], scenario: MonitoringScenario, on_site: Inspection
) -> None:
    to_draft(scenario)
    url = reverse("portal:inspection", args=[on_site.pk])
    with on("2024-01-03"):
        assert client_for(people["provider_b"]).get(url).status_code == 404
        staff = client_for(people["provider_a"])
        page = staff.get(url).content.decode()
        assert "Where progress has not been made: written." in page
        answer = staff.post(url, {"form": "response", "kind": "minor_points", "text": "One date is wrong."})
    assert answer.status_code == 302
    on_site.refresh_from_db()
    assert on_site.status == Status.COMMENTS_RECEIVED
