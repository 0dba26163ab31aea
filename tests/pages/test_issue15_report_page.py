"""The team's report page and the agency's view of the report (issue 15, DPR-2 on the report page).

Forms show only to someone who may submit them in the state they are in; the permission is the service's
(`reporting.edit_report` and `keep_passage`: the inspection's lead inspector or its team; `check_report`:
its own manager). After publication the published copy is linked, never the draft. The passages the
identifying-text check flags are listed with where and why, with the form to keep one with a reason.

RULES: RPT-1, RPT-3, CMP-1, DPR-2, DPR-3.
"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client

from careinspect.inspections.models import Inspection, PublishedReport, Report
from careinspect.inspections.services import reporting
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db

CHILD = "We met Jane Smith, aged 7, at home with her adoptive father."


@pytest.fixture
def walk(people: dict[str, User], agency_a: Provider) -> Walk:
    return Walk(
        inspector=people["inspector"],
        manager=people["manager"],
        provider_user=people["provider_a"],
        provider=agency_a,
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_url(inspection: Inspection) -> str:
    return f"/inspections/{inspection.pk}/report/"


def text_of(html: str) -> str:
    """The page's words without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def write(walk: Walk, text: str) -> None:
    reporting.edit_report(
        walk.current,
        by=walk.inspector,
        sections={"areas_for_improvement": "None.", "judgement:overall_experiences_progress": text},
        now=tick(),
    )


# --- who may write, check and answer (RPT-3, CMP-1) ---------------------------------------------------


def test_rpt3_a_manager_independent_of_the_inspection_cannot_save_the_report(
    walk: Walk, people: dict[str, User]
) -> None:
    """INS-00011: `manager2`, who only answers the complaint, could save the report text."""
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(PermissionDenied):
        reporting.edit_report(
            inspection, by=people["manager2"], sections={"enforcement": "Changed"}, now=tick()
        )
    page = signed_in(people["manager2"]).get(report_url(inspection)).content.decode()
    assert "Save the report" not in page and "<textarea" not in page
    response = signed_in(people["manager2"]).post(
        report_url(inspection), {"form": "sections", "enforcement": "Changed by someone who may not"}
    )
    assert response.status_code == 403
    assert reporting.report_for(walk.current).sections["enforcement"] == "None."


def test_rpt3_the_inspections_own_manager_checks_but_does_not_write_the_report(
    walk: Walk, people: dict[str, User]
) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    write(walk, "Families get support quickly.")
    with pytest.raises(PermissionDenied):
        reporting.edit_report(inspection, by=walk.manager, sections={"enforcement": "x"}, now=tick())
    page = signed_in(walk.manager).get(report_url(inspection)).content.decode()
    assert "Save the report" not in page
    assert "Record the manager's check" in page
    # A manager independent of the inspection does not check it either (its own manager does).
    other = signed_in(people["manager2"]).get(report_url(inspection)).content.decode()
    assert "Record the manager's check" not in other
    with pytest.raises(PermissionDenied):
        reporting.check_report(inspection, by=people["manager2"], now=tick())
    response = signed_in(walk.manager).post(report_url(inspection), {"form": "check", "note": "Clear"})
    assert response.status_code == 302
    assert Report.objects.get(inspection=inspection).check_note == "Clear"


def test_the_lead_inspector_writes_the_report_on_the_page(walk: Walk) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    client = signed_in(walk.inspector)
    page = client.get(report_url(inspection)).content.decode()
    assert "Save the report" in page and 'id="section-1"' in page
    response = client.post(
        report_url(inspection), {"form": "sections", "areas_for_improvement": "No requirements were made."}
    )
    assert response.status_code == 302
    assert (
        reporting.report_for(walk.current).sections["areas_for_improvement"] == "No requirements were made."
    )


def test_qa_reads_the_report_as_text_with_no_form(walk: Walk, people: dict[str, User]) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    page = signed_in(people["qa"]).get(report_url(inspection)).content.decode()
    assert "<textarea" not in page and '<form method="post" novalidate' not in page
    assert "Save the report" not in page
    assert "Information about this adoption support agency" in page
    assert "Agency A" not in page  # the walk's agency is Harbour Adoption Support
    # The first draft, assembled from the records, with its dates written the GOV.UK way.
    assert "Harbour Adoption Support is an adoption support agency registered on 1 April 2019" in page
    assert "01 April" not in page


def test_cmp1_only_a_manager_independent_of_the_inspection_is_offered_the_answer(
    walk: Walk, people: dict[str, User]
) -> None:
    walk.to(Status.DRAFT_SENT)
    walk.scenario.respond("complaint", "The grade is unfair.", by=walk.provider_user, now=at(d("2026-01-14")))
    inspection = walk.current
    for own in (walk.manager, walk.inspector):
        page = signed_in(own).get(report_url(inspection)).content.decode()
        assert "Answer the complaint" not in page
        assert "A regulatory inspection manager independent of this inspection answers" in page
    independent = signed_in(people["manager2"])
    assert "Answer the complaint" in independent.get(report_url(inspection)).content.decode()
    # The inspection's own manager, posting anyway, is told the rule in words, never "answered_by:".
    response = signed_in(walk.manager).post(
        report_url(inspection),
        {"form": "answer", "response": inspection.responses.get().pk, "answer": "Not upheld"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "handled by a regulatory inspection manager independent of the inspection (CMP-1)" in page
    assert "answered_by" not in page
    assert "<title>Error: " in page
    # An empty answer is an error against the answer box, in the error summary.
    response = independent.post(
        report_url(inspection), {"form": "answer", "response": inspection.responses.get().pk, "answer": ""}
    )
    assert "Write the answer to the complaint" in response.content.decode()
    assert f'href="#answer-{inspection.responses.get().pk}"' in response.content.decode()


def test_after_publication_no_form_is_offered_and_the_published_copy_is_linked(
    walk: Walk, people: dict[str, User]
) -> None:
    inspection = walk.to(Status.PUBLISHED)
    published = PublishedReport.objects.get(inspection=inspection)
    for user in (walk.inspector, walk.manager, people["qa"]):
        page = signed_in(user).get(report_url(inspection)).content.decode()
        assert "Save the report" not in page and "<textarea" not in page
        assert f"/reports/{published.pk}/" in page and f"/reports/{published.pk}.pdf" in page
        assert f"/inspections/{inspection.pk}/report.pdf" not in page
    evidence = signed_in(walk.inspector).get(f"/inspections/{inspection.pk}/evidence/").content.decode()
    assert "Record evidence" not in evidence and 'name="form" value="evidence"' not in evidence
    # The team's old draft link now gives the published copy, never the one stamped DRAFT.
    response = signed_in(walk.inspector).get(f"/inspections/{inspection.pk}/report.pdf")
    assert response.status_code == 302 and response["Location"] == f"/reports/{published.pk}.pdf"


# --- the agency's view (DPR-3) --------------------------------------------------------------------------


def test_the_portals_draft_shows_the_grades_and_the_draft_pdf(walk: Walk) -> None:
    walk.grades = {
        "helped_protected": "good",
        "leaders_managers": "requires_improvement",
        "overall_experiences_progress": "requires_improvement",
    }
    inspection = walk.to(Status.DRAFT_SENT)
    page = signed_in(walk.provider_user).get(f"/portal/inspections/{inspection.pk}/").content.decode()
    words = text_of(page)
    assert "Draft report" in words
    assert (
        "Overall experiences and progress of children and other service users Requires improvement" in words
    )
    assert words.count("Judgement: Good") == 1
    assert words.count("Judgement: Requires improvement to be good") == 2
    assert f"/inspections/{inspection.pk}/report.pdf" in page


def test_after_publication_the_portal_links_the_published_copy(walk: Walk) -> None:
    inspection = walk.to(Status.PUBLISHED)
    published = PublishedReport.objects.get(inspection=inspection)
    client = signed_in(walk.provider_user)
    page = client.get(f"/portal/inspections/{inspection.pk}/").content.decode()
    assert "Published report" in page
    assert f'href="/reports/{published.pk}/"' in page and f'href="/reports/{published.pk}.pdf"' in page
    assert f"/inspections/{inspection.pk}/report.pdf" not in page
    assert "Judgement: Good" in text_of(page)
    response = client.get(f"/inspections/{inspection.pk}/report.pdf")
    assert response.status_code == 302 and response["Location"] == f"/reports/{published.pk}.pdf"


# --- DPR-2: flagged passages on the report page ----------------------------------------------------------


def test_dpr2_the_report_page_lists_each_flagged_passage_with_where_and_why(
    walk: Walk, people: dict[str, User]
) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    write(walk, CHILD)
    for user in (walk.inspector, walk.manager):
        page = signed_in(user).get(report_url(inspection)).content.decode()
        words = text_of(page)
        assert "Passages that may identify someone (DPR-2)" in words
        assert "“Jane Smith, aged 7”" in words
        assert "Where The overall experiences and progress of children and adults" in words
        assert "Why it is flagged A name with an age identifies a child" in words
        assert "Change or keep" in words
    inspector_page = signed_in(walk.inspector).get(report_url(inspection)).content.decode()
    assert "Keep this passage" in inspector_page
    manager_page = signed_in(walk.manager).get(report_url(inspection)).content.decode()
    assert "Keep this passage" not in manager_page
    # The manager's check says why it is refused instead of offering a button that can only fail.
    assert "The check cannot be recorded yet" in manager_page
    assert "may identify someone: the inspector changes" in text_of(manager_page)
    assert 'value="check"' not in manager_page
    assert (
        "Keep this passage" not in signed_in(people["manager2"]).get(report_url(inspection)).content.decode()
    )


def test_dpr2_a_passage_kept_with_a_reason_on_the_page_lets_the_manager_check(walk: Walk) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    write(walk, "The agency's new base at 3 Church Street opened in May.")
    client = signed_in(walk.inspector)
    # No reason: an error against the passage's reason box, nothing recorded.
    response = client.post(report_url(inspection), {"form": "keep", "keep-passage": "3 Church Street"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say why this passage may stay, or change it in the report" in page
    assert 'href="#reason-1"' in page and 'id="reason-1"' in page
    assert Report.objects.get(inspection=inspection).naming_reasons == {}
    response = client.post(
        report_url(inspection),
        {"form": "keep", "keep-passage": "3 Church Street", "keep-reason": "The agency's office address."},
    )
    assert response.status_code == 302
    assert Report.objects.get(inspection=inspection).naming_reasons == {
        "3 Church Street": "The agency's office address."
    }
    page = client.get(report_url(inspection)).content.decode()
    assert "Kept with a reason" in page and "Take the reason back" in page
    manager_page = signed_in(walk.manager).get(report_url(inspection)).content.decode()
    assert "The agency&#x27;s office address." in manager_page
    assert "Record the manager's check" in manager_page and 'value="check"' in manager_page
    # Taking the reason back opens the passage again.
    client.post(report_url(inspection), {"form": "unkeep", "keep-passage": "3 Church Street"})
    assert Report.objects.get(inspection=inspection).naming_reasons == {}


def test_dpr2_the_manager_and_a_manager_independent_of_it_cannot_keep_a_passage(
    walk: Walk, people: dict[str, User]
) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    write(walk, CHILD)
    for user in (walk.manager, people["manager2"], people["qa"]):
        with pytest.raises(PermissionDenied):
            reporting.keep_passage(inspection, by=user, passage="Jane Smith, aged 7", reason="x", now=tick())
        response = signed_in(user).post(
            report_url(inspection), {"form": "keep", "keep-passage": "Jane Smith, aged 7", "keep-reason": "x"}
        )
        assert response.status_code == 403
    assert Report.objects.get(inspection=inspection).naming_reasons == {}


# --- refused steps: an error summary in the rule's words (issue 15) -----------------------------------


def test_a_refused_step_is_an_error_summary_in_the_rules_words(walk: Walk) -> None:
    inspection = walk.to(Status.FINAL_SENT)  # final Wed 21 January 2026: published Wed 28 January
    client = signed_in(walk.manager)
    with time_machine.travel(at(d("2026-01-27")), tick=False):
        page = client.get(f"/inspections/{inspection.pk}/").content.decode()
        # Not offered before its day: the reason instead of a button that can only fail.
        assert "Publish the report</strong>: The report is published 5 working days after" in page
        assert f'action="/inspections/{inspection.pk}/act/publish/"' not in page
        response = client.post(f"/inspections/{inspection.pk}/act/publish/", {}, follow=True)
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Important" not in page
    assert "on 28 January 2026 (RPT-3)" in page
    assert "published_on" not in page and "28 January 2026 (RPT-3)" in page
    assert '<a href="#actions">' in page
    assert "<title>Error: " in page
    assert walk.current.status == Status.FINAL_SENT
