"""Requirements, recommendations and the report from its first draft to publication.

RULES: REQ-1, REQ-2, RPT-1, RPT-2, RPT-3, CMP-1, DPR-3, JDG-8.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from careinspect.inspections.models import Inspection, ProviderResponse, PublishedReport, Report
from careinspect.inspections.services import reporting as services
from careinspect.registry.models import InspectionKind, PastInspection
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db
COMMENTS_ON = d("2026-01-14")  # two days after the draft of the default walk


def requirement(walk: Walk, evidence_ids: list[int], **overrides: str) -> object:
    fields = {
        "regulation": "Regulation 12 (safeguarding)",
        "action": "Share every risk assessment with the placing authority",
        "impact": "Children's risks are not known to those who must act on them",
    }
    fields.update(overrides)
    return services.add_requirement(
        walk.current, by=walk.inspector, compliance_date=d("2026-02-27"), evidence_ids=evidence_ids, **fields
    )


def sentences(count: int) -> str:
    return " ".join(f"Sentence {n} is short." for n in range(1, count + 1))


# --- requirements and recommendations (REQ-1, REQ-2) --------------------------------------------------------


def test_req1_a_requirement_rests_on_evidence_from_two_different_sources(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    second_written = walk.record_evidence(
        source="written_record", text="Risk assessments were not shared.", now=tick()
    )
    written = [e.pk for e in walk.evidence if e.source == "written_record"] + [second_written.pk]
    with pytest.raises(RuleViolation) as raised:
        requirement(walk, written)
    assert (raised.value.rule, raised.value.field) == ("REQ-1", "evidence")
    made = requirement(walk, [e.pk for e in walk.evidence])
    assert walk.current.requirements.get() == made
    assert {e.source for e in walk.current.requirements.get().evidence.all()} == {
        "written_record",
        "interview",
    }


@pytest.mark.parametrize("field", ["regulation", "action", "impact"])
def test_req1_a_requirement_cites_the_regulation_says_what_to_do_and_the_impact(
    walk: Walk, field: str
) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        requirement(walk, [e.pk for e in walk.evidence], **{field: " "})
    assert (raised.value.rule, raised.value.field) == ("REQ-1", field)


def test_req1_requirements_are_made_on_site_or_in_the_report(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    with pytest.raises(RuleViolation) as raised:
        requirement(walk, [e.pk for e in walk.evidence])
    assert (raised.value.rule, raised.value.field) == ("REQ-1", "status")


@pytest.mark.parametrize("nms", ["", "NMS", "national minimum standards"])
def test_req2_a_recommendation_cites_the_nms_by_number(walk: Walk, nms: str) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        services.add_recommendation(
            walk.current, by=walk.inspector, nms_standard=nms, text="Review supervision"
        )
    assert (raised.value.rule, raised.value.field) == ("REQ-2", "nms_standard")


def test_req2_a_recommendation_with_its_standard(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation) as raised:
        services.add_recommendation(walk.current, by=walk.inspector, nms_standard="NMS 5.2", text=" ")
    assert (raised.value.rule, raised.value.field) == ("REQ-2", "text")
    made = services.add_recommendation(
        walk.current, by=walk.inspector, nms_standard=" NMS 5.2 ", text="Record supervision monthly"
    )
    assert (made.nms_standard, made.text) == ("NMS 5.2", "Record supervision monthly")


# --- the report's sections and length (RPT-1, RPT-2) --------------------------------------------------------


def test_rpt1_the_report_has_the_sccif_sections_in_order() -> None:
    keys = [key for key, _ in services.section_keys()]
    assert keys == [
        "information_about_service",
        "last_inspection",
        "enforcement",
        "judgement:overall_experiences_progress",
        "judgement:helped_protected",
        "judgement:leaders_managers",
        "areas_for_improvement",
        "information_about_inspection",
        "service_details",
    ]


def test_rpt1_the_first_draft_is_assembled_from_the_records(walk: Walk) -> None:
    PastInspection.objects.create(
        provider=walk.provider,
        end_date=d("2022-05-12"),
        kind=InspectionKind.SCCIF_FULL,
        judgement="requires_improvement",
    )
    walk.to(Status.FEEDBACK_GIVEN)
    sections = services.report_for(walk.current).sections
    assert sections["last_inspection"] == "12 May 2022: Requires improvement to be good"
    assert "SC100001" in sections["service_details"]
    assert "17 December 2025 to 19 December 2025" in sections["service_details"]
    assert (
        sections["judgement:helped_protected"]
        == walk.current.judgements.get(area="helped_protected").rationale
    )


def test_rpt1_an_unknown_section_is_refused(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation) as raised:
        services.edit_report(
            walk.current, by=walk.inspector, sections={"executive_summary": "All good"}, now=tick()
        )
    assert (raised.value.rule, raised.value.field) == ("RPT-1", "sections")


def test_rpt1_a_report_with_an_empty_section_is_not_checked(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation) as raised:
        services.check_report(walk.current, by=walk.manager, now=tick())
    assert (raised.value.rule, raised.value.field) == ("RPT-1", "sections")
    assert "What does the adoption support agency need to do to improve?" in raised.value.message


def test_rpt2_a_judgement_section_of_9_paragraphs_is_flagged() -> None:
    nine = "\n\n".join(sentences(2) for _ in range(9))
    warnings = services.length_warnings({"judgement:helped_protected": nine})
    assert [w.section for w in warnings] == ["judgement:helped_protected"]
    assert "9 paragraphs" in warnings[0].message and "RPT-2" in warnings[0].message


def test_rpt2_a_paragraph_of_4_sentences_is_flagged() -> None:
    text = "\n\n".join([sentences(2), sentences(4), sentences(3)])
    warnings = services.length_warnings({"judgement:leaders_managers": text})
    assert len(warnings) == 1
    assert "paragraph(s) 2 have more than 3 sentences" in warnings[0].message


def test_rpt2_8_paragraphs_of_3_sentences_and_other_sections_pass() -> None:
    eight = "\n\n".join(sentences(3) for _ in range(8))
    long_elsewhere = "\n\n".join(sentences(6) for _ in range(12))
    assert services.length_warnings({"judgement:overall_experiences_progress": eight}) == []
    assert services.length_warnings({"information_about_service": long_elsewhere}) == []


# --- the manager's check and the draft (RPT-3) --------------------------------------------------------------


def test_rpt3_only_a_manager_checks_the_report(walk: Walk, qa_officer: User) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    services.edit_report(
        walk.current, by=walk.inspector, sections={"areas_for_improvement": "None."}, now=tick()
    )
    for user in (walk.inspector, qa_officer):
        with pytest.raises(PermissionDenied):
            services.check_report(walk.current, by=user, now=tick())
    report = services.check_report(walk.current, by=walk.manager, note=" Clear ", now=tick())
    assert (report.checked_by, report.check_note) == (walk.manager, "Clear")
    assert walk.current.events.get(type="report_checked").by == walk.manager


def test_rpt3_the_lead_inspector_does_not_check_their_own_report(
    walk: Walk, independent_manager: User
) -> None:
    walk.inspector = independent_manager  # a manager leading an inspection
    walk.to(Status.FEEDBACK_GIVEN)
    services.edit_report(
        walk.current, by=independent_manager, sections={"areas_for_improvement": "None."}, now=tick()
    )
    with pytest.raises(RuleViolation) as raised:
        services.check_report(walk.current, by=independent_manager, now=tick())
    assert (raised.value.rule, raised.value.field) == ("RPT-3", "checked_by")


def test_rpt3_the_draft_is_not_sent_without_a_managers_check(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation) as raised:
        services.send_draft(walk.current, by=walk.inspector, now=at(d("2026-01-12")))
    assert (raised.value.rule, raised.value.field) == ("RPT-3", "report")


def test_rpt3_an_edit_after_the_check_needs_a_new_check(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    walk.write_and_check_report()
    services.edit_report(
        walk.current, by=walk.inspector, sections={"enforcement": "A compliance notice in 2024."}, now=tick()
    )
    with pytest.raises(RuleViolation) as raised:
        services.send_draft(walk.current, by=walk.inspector, now=at(d("2026-01-12")))
    assert raised.value.rule == "RPT-3"
    services.check_report(walk.current, by=walk.manager, now=tick())
    assert (
        services.send_draft(walk.current, by=walk.inspector, now=at(d("2026-01-12"))).status
        == Status.DRAFT_SENT
    )


def test_cmp1_a_draft_sent_before_christmas_gives_5_working_days_for_comments(walk: Walk) -> None:
    """Draft on Tue 23 December 2025: 24, 29, 30, 31 December and 2 January → Fri 2 January 2026."""
    walk.to(Status.FEEDBACK_GIVEN)
    walk.write_and_check_report()
    inspection = services.send_draft(walk.current, by=walk.inspector, now=at(d("2025-12-23")))
    assert inspection.status == Status.DRAFT_SENT
    assert (inspection.draft_sent_on, inspection.comments_due) == (d("2025-12-23"), d("2026-01-02"))
    assert inspection.events.get(to_status=Status.DRAFT_SENT).visible_to_provider


# --- the agency's answer (DPR-3, CMP-1) ---------------------------------------------------------------------


def respond(walk: Walk, by: User, kind: str = "minor_points", today: date = COMMENTS_ON) -> ProviderResponse:
    return services.respond_to_draft(walk.current, by=by, kind=kind, text="Our comments", now=at(today))


def test_dpr3_only_the_agencys_own_staff_answer_its_draft(walk: Walk, provider_user_b: User) -> None:
    walk.to(Status.DRAFT_SENT)
    for outsider in (provider_user_b, walk.inspector):
        with pytest.raises(PermissionDenied):
            respond(walk, outsider)
    assert walk.current.status == Status.DRAFT_SENT
    assert not ProviderResponse.objects.exists()


def test_cmp1_minor_points_move_the_report_to_comments_received(walk: Walk) -> None:
    walk.to(Status.DRAFT_SENT)
    response = respond(walk, walk.provider_user)
    assert (response.kind, response.late, response.submitted_by) == (
        "minor_points",
        False,
        walk.provider_user,
    )
    assert walk.current.status == Status.COMMENTS_RECEIVED


def test_cmp1_comments_after_the_5_working_days_are_marked_late(walk: Walk) -> None:
    walk.to(Status.DRAFT_SENT)  # sent Mon 12 January 2026: comments due Mon 19 January
    assert respond(walk, walk.provider_user, today=d("2026-01-20")).late
    assert walk.current.events.get(to_status=Status.COMMENTS_RECEIVED).note == "Late"


def test_cmp1_only_minor_points_or_a_formal_complaint(walk: Walk) -> None:
    walk.to(Status.DRAFT_SENT)
    with pytest.raises(RuleViolation) as raised:
        respond(walk, walk.provider_user, kind="praise")
    assert (raised.value.rule, raised.value.field) == ("CMP-1", "kind")


def test_cmp1_a_formal_complaint_is_answered_by_a_manager_independent_of_the_inspection(
    walk: Walk, independent_manager: User
) -> None:
    walk.to(Status.DRAFT_SENT)
    complaint = respond(walk, walk.provider_user, kind="complaint")
    assert walk.current.status == Status.COMPLAINT
    with pytest.raises(RuleViolation) as raised:
        services.send_final(walk.current, by=walk.inspector, now=at(d("2026-01-21")))
    assert "while the inspection is complaint open" in raised.value.message
    with pytest.raises(RuleViolation) as raised:
        services.answer_complaint(complaint, by=walk.manager, answer="Not upheld", now=tick())
    assert (raised.value.rule, raised.value.field) == ("CMP-1", "answered_by")
    with pytest.raises(PermissionDenied):
        services.answer_complaint(complaint, by=walk.inspector, answer="Not upheld", now=tick())
    with pytest.raises(RuleViolation) as raised:
        services.answer_complaint(complaint, by=independent_manager, answer=" ", now=tick())
    assert raised.value.field == "answer"
    answered = services.answer_complaint(
        complaint, by=independent_manager, answer="Not upheld: the dates stand", now=tick()
    )
    assert (answered.answered_by, answered.answer) == (independent_manager, "Not upheld: the dates stand")
    assert answered.answered_at is not None
    assert walk.current.status == Status.COMMENTS_RECEIVED
    services.send_final(walk.current, by=walk.inspector, now=at(d("2026-02-16")))
    assert walk.current.status == Status.FINAL_SENT


def test_cmp1_minor_points_are_not_a_complaint_to_answer(walk: Walk, independent_manager: User) -> None:
    walk.to(Status.DRAFT_SENT)
    points = respond(walk, walk.provider_user)
    with pytest.raises(RuleViolation) as raised:
        services.answer_complaint(points, by=independent_manager, answer="Noted", now=tick())
    assert raised.value.rule == "CMP-1"


# --- the final report and publication (RPT-3) ---------------------------------------------------------------


def test_rpt3_the_final_report_waits_for_the_comment_window(walk: Walk) -> None:
    walk.to(Status.DRAFT_SENT)  # comments due Mon 19 January 2026
    with pytest.raises(RuleViolation) as raised:
        services.send_final(walk.current, by=walk.inspector, now=at(d("2026-01-19")))
    assert raised.value.field == "status" and "19 January 2026" in raised.value.message
    inspection = services.send_final(walk.current, by=walk.inspector, now=at(d("2026-01-20")))
    assert inspection.status == Status.FINAL_SENT


def test_rpt3_the_final_report_may_go_early_once_the_comments_came(walk: Walk) -> None:
    """Comments on Wed 14 January 2026; final sent Thu 15 January, inside the window: published 5 WD
    later, Thu 22 January."""
    walk.to(Status.COMMENTS_RECEIVED)
    inspection = services.send_final(walk.current, by=walk.inspector, now=at(d("2026-01-15")))
    assert (inspection.final_sent_on, inspection.publication_due) == (d("2026-01-15"), d("2026-01-22"))


def test_rpt3_publication_is_5_working_days_after_the_final_report_over_easter(walk: Walk) -> None:
    """A final report held back until Thu 2 April 2026: Good Friday (3 April) and Easter Monday (6 April)
    are skipped, 7, 8, 9, 10, 13 April → Mon 13 April."""
    walk.to(Status.COMMENTS_RECEIVED)
    inspection = services.send_final(walk.current, by=walk.inspector, now=at(d("2026-04-02")))
    assert inspection.publication_due == d("2026-04-13")


def test_rpt3_the_final_report_also_needs_the_managers_check_since_the_last_edit(walk: Walk) -> None:
    walk.to(Status.COMMENTS_RECEIVED)
    services.edit_report(
        walk.current, by=walk.inspector, sections={"enforcement": "None since 2022."}, now=tick()
    )
    with pytest.raises(RuleViolation) as raised:
        services.send_final(walk.current, by=walk.inspector, now=at(d("2026-01-21")))
    assert raised.value.rule == "RPT-3"


def test_rpt3_only_a_manager_publishes(walk: Walk) -> None:
    walk.to(Status.FINAL_SENT)
    with pytest.raises(PermissionDenied):
        services.publish(walk.current, by=walk.inspector, now=at(d("2026-01-28")))
    assert walk.current.status == Status.FINAL_SENT


def test_rpt3_publication_waits_until_its_due_day(walk: Walk) -> None:
    walk.to(Status.FINAL_SENT)  # final Wed 21 January 2026: published Wed 28 January
    with pytest.raises(RuleViolation) as raised:
        services.publish(walk.current, by=walk.manager, now=at(d("2026-01-27")))
    assert (raised.value.rule, raised.value.field) == ("RPT-3", "published_on")
    assert not PublishedReport.objects.exists()


def test_rpt3_publication_freezes_the_report_and_records_the_past_inspection(walk: Walk) -> None:
    walk.grades = {
        "helped_protected": "good",
        "leaders_managers": "requires_improvement",
        "overall_experiences_progress": "requires_improvement",
    }
    inspection = walk.to(Status.PUBLISHED)
    assert (inspection.status, inspection.published_on) == (Status.PUBLISHED, d("2026-01-28"))
    published = PublishedReport.objects.get(inspection=inspection)
    assert (published.provider_name, published.urn) == ("Agency A Adoption Support", "SC100001")
    assert (published.published_on, published.overall_grade) == (d("2026-01-28"), "requires_improvement")
    assert published.content["inspection_dates"] == ["2025-12-17", "2025-12-19"]
    titles = [s["title"] for s in published.content["sections"]]
    assert titles == [title for _, title in services.section_keys()]
    past = PastInspection.objects.get(provider=walk.provider)
    assert (past.end_date, past.kind, past.judgement) == (
        d("2025-12-19"),
        "sccif-full",
        "requires_improvement",
    )
    latest = past.history.first()
    assert latest is not None and latest.history_user == walk.manager
    # Frozen: a later change to the working copy leaves the published copy as it was.
    frozen = dict(published.content)
    Report.objects.filter(inspection=inspection).update(sections={"information_about_service": "Changed"})
    published.refresh_from_db()
    assert published.content == frozen
    with pytest.raises(RuleViolation):
        services.edit_report(inspection, by=walk.inspector, sections={"enforcement": "Changed"}, now=tick())


def test_judgements_are_published_with_their_grades(walk: Walk) -> None:
    inspection = walk.to(Status.PUBLISHED)
    grades = {
        s["key"]: s["grade"] for s in PublishedReport.objects.get(inspection=inspection).content["sections"]
    }
    assert grades["judgement:helped_protected"] == "good"
    assert grades["information_about_service"] == ""


def test_a_published_inspection_is_the_end(walk: Walk) -> None:
    inspection: Inspection = walk.to(Status.PUBLISHED)
    with pytest.raises(RuleViolation) as raised:
        services.publish(inspection, by=walk.manager, now=at(d("2026-02-02")))
    assert "while the inspection is published" in raised.value.message
    assert PublishedReport.objects.count() == 1
