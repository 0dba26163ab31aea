"""Preparation, the case list and the cases chosen from it, evidence, and feedback with its deadlines.

RULES: NOT-5, KND-1, INF-2, CAS-1, CAS-3, EVD-1, EVD-2, EVD-4, EVD-5, RPT-7, CAL-2, RPT-3.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from careinspect.inspections.models import CaseList, PlanEntryKind
from careinspect.inspections.services import lifecycle as services
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import AREAS, Walk, case_list_csv, evidence_services, png

pytestmark = pytest.mark.django_db

INTERVIEW_AT = timezone.make_aware(datetime(2025, 12, 17, 11, 0))


# --- the plan (NOT-5) and going on site ---------------------------------------------------------------------


def test_not5_going_on_site_needs_a_line_of_enquiry_in_the_plan(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    inspection = services.start_preparation(walk.current, by=walk.inspector, now=tick())
    services.add_plan_entry(
        inspection, by=walk.inspector, kind=PlanEntryKind.STRENGTH, text="Stable staff team"
    )
    with pytest.raises(RuleViolation) as raised:
        services.start_on_site(walk.current, by=walk.inspector, now=at(walk.start))
    assert (raised.value.rule, raised.value.field) == ("NOT-5", "plan")
    services.add_plan_entry(
        inspection, by=walk.inspector, kind=PlanEntryKind.LINE_OF_ENQUIRY, text="Waiting times"
    )
    assert (
        services.start_on_site(walk.current, by=walk.inspector, now=at(walk.start)).status == Status.ON_SITE
    )


def test_not5_the_plan_holds_only_its_four_kinds_of_entry(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    with pytest.raises(RuleViolation) as raised:
        services.add_plan_entry(walk.current, by=walk.inspector, kind="hunch", text="Something is off")
    assert (raised.value.rule, raised.value.field) == ("NOT-5", "kind")


def test_not5_the_plan_may_change_on_site_and_says_so(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    entry = services.add_plan_entry(
        walk.current, by=walk.inspector, kind=PlanEntryKind.MORE_EVIDENCE, text="Supervision records"
    )
    assert entry.added_on_site
    assert not walk.current.plan_entries.get(kind=PlanEntryKind.LINE_OF_ENQUIRY).added_on_site


def test_not5_no_plan_before_notice(walk: Walk) -> None:
    walk.schedule()
    with pytest.raises(RuleViolation) as raised:
        services.add_plan_entry(
            walk.current, by=walk.inspector, kind=PlanEntryKind.LINE_OF_ENQUIRY, text="Waits"
        )
    assert raised.value.field == "status"


def test_knd1_the_visit_does_not_start_before_its_first_on_site_day(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    with pytest.raises(RuleViolation) as raised:
        services.start_on_site(walk.current, by=walk.inspector, now=at(d("2025-12-16")))
    assert (raised.value.rule, raised.value.field) == ("KND-1", "start_date")
    assert walk.current.status == Status.PREPARING


# --- the case list and the cases (INF-2, CAS-1, CAS-3) ------------------------------------------------------


def test_inf2_the_case_list_is_stored_unchanged_and_counts_the_service_users(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    data = case_list_csv(12)
    case_list = evidence_services().receive_case_list(
        walk.current, by=walk.inspector, filename="cases.csv", data=data, now=tick()
    )
    assert case_list.rows == 12
    with case_list.original.open("rb") as stored:
        assert stored.read() == data
    inspection = walk.current
    assert inspection.sccif.service_users == 12
    assert sorted(inspection.cases.values_list("case_ref", flat=True))[:2] == ["AS-001", "AS-002"]
    assert inspection.cases.get(case_ref="AS-001").start_date == d("2024-06-03")
    assert inspection.events.get(type="case_list_received").visible_to_provider


def test_inf2_a_case_list_with_errors_stores_nothing(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    rows = [
        ("AS-001", "child", "202", "therapy", "2025-06-02", "", "Y"),
        ("AS-002", "robot", "202", "therapy", "2025-06-02", "", "Y"),
        ("AS-003", "adopter", "202", "therapy", "2 June 2025", "", "Y"),
    ]
    evidence = evidence_services()
    with pytest.raises(evidence.CaseListRejected) as raised:
        evidence.receive_case_list(
            walk.current,
            by=walk.inspector,
            filename="cases.csv",
            data=case_list_csv(0, rows=rows),
            now=tick(),
        )
    assert raised.value.rule == "INF-2"
    assert len(raised.value.errors) >= 2
    assert not CaseList.objects.exists()
    inspection = walk.current
    assert inspection.cases.count() == 0
    assert inspection.sccif.service_users is None


def test_inf2_a_case_list_a_spreadsheet_could_run_as_a_formula_is_refused(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    rows = [('=HYPERLINK("http://x")', "child", "202", "therapy", "2025-06-02", "", "Y")]
    with pytest.raises(RuleViolation) as raised:
        evidence_services().receive_case_list(
            walk.current,
            by=walk.inspector,
            filename="cases.csv",
            data=case_list_csv(0, rows=rows),
            now=tick(),
        )
    assert (raised.value.rule, raised.value.field) == ("INF-2", "case_list")
    assert not CaseList.objects.exists()


def test_cas1_a_new_case_list_cannot_replace_one_whose_cases_are_chosen(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    with pytest.raises(RuleViolation) as raised:
        evidence_services().receive_case_list(
            walk.current, by=walk.inspector, filename="cases.csv", data=case_list_csv(7), now=tick()
        )
    assert raised.value.rule == "CAS-1"
    assert walk.current.sccif.service_users == 5


@pytest.mark.parametrize(
    ("service_users", "needed"),
    [
        pytest.param(5, 2, id="fewer-than-10-track-2"),
        pytest.param(12, 4, id="10-to-49-track-4"),
        pytest.param(49, 4, id="49-still-4"),
        pytest.param(50, 6, id="policy-threshold-50-track-6"),
    ],
)
def test_cas1_feedback_needs_the_minimum_tracked_cases_for_the_agencys_size(
    walk: Walk, service_users: int, needed: int
) -> None:
    walk.service_users = service_users
    walk.to(Status.ON_SITE)
    assert services.tracked_cases_needed(walk.current) == needed
    evidence = evidence_services()
    for case in walk.current.cases.filter(selection="tracked").order_by("case_ref")[1:]:
        evidence.choose_case(case, by=walk.inspector, selection="")
    for area in AREAS:
        walk.judge(area, "good")
    with pytest.raises(RuleViolation) as raised:
        services.give_feedback(walk.current, by=walk.inspector, now=at(walk.end), summary="Feedback given")
    assert (raised.value.rule, raised.value.field) == ("CAS-1", "cases")
    assert f"worked with {service_users} service users needs at least {needed}" in raised.value.message
    assert f"track {needed - 1} more" in raised.value.message
    assert walk.current.status == Status.ON_SITE


def test_cas3_a_sampled_case_needs_its_line_of_enquiry_and_is_kept_apart_from_tracked(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    evidence = evidence_services()
    case = walk.current.cases.get(case_ref="AS-005")
    with pytest.raises(RuleViolation) as raised:
        evidence.choose_case(case, by=walk.inspector, selection="sampled")
    assert (raised.value.rule, raised.value.field) == ("CAS-3", "line_of_enquiry")
    evidence.choose_case(case, by=walk.inspector, selection="sampled", line_of_enquiry=" Waiting times ")
    case.refresh_from_db()
    assert (case.selection, case.line_of_enquiry) == ("sampled", "Waiting times")
    # A sampled case is not a tracked one (CAS-1 counts tracked cases only).
    assert walk.current.cases.filter(selection="tracked").count() == 2


def test_cas3_only_tracked_sampled_or_blank(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    with pytest.raises(RuleViolation) as raised:
        evidence_services().choose_case(walk.current.cases.first(), by=walk.inspector, selection="skimmed")
    assert (raised.value.rule, raised.value.field) == ("CAS-3", "selection")


# --- evidence (EVD-1, EVD-2, EVD-5, EVD-4) ------------------------------------------------------------------


@pytest.mark.parametrize("source", ["interview", "call"])
def test_evd1_an_interview_needs_its_time_and_the_interviewees_role(walk: Walk, source: str) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        walk.record_evidence(
            source=source, text="Support started quickly.", interviewee_role="Adopter", now=tick()
        )
    assert (raised.value.rule, raised.value.field) == ("EVD-1", "interview_at")
    with pytest.raises(RuleViolation) as raised:
        walk.record_evidence(
            source=source, text="Support started quickly.", interview_at=INTERVIEW_AT, now=tick()
        )
    assert (raised.value.rule, raised.value.field) == ("EVD-1", "interviewee_role")
    record = walk.record_evidence(
        source=source,
        text="Support started quickly.",
        interview_at=INTERVIEW_AT,
        interviewee_role="Adoptive parent",
        now=tick(),
    )
    assert (record.interview_at, record.interviewee_role) == (INTERVIEW_AT, "Adoptive parent")


def test_evd1_every_record_states_one_of_the_guidances_sources(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        walk.record_evidence(source="gossip", text="Heard in the corridor.", now=tick())
    assert (raised.value.rule, raised.value.field) == ("EVD-1", "source")


def test_evd1_a_written_record_needs_no_interview_details(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    record = walk.record_evidence(source="observation", text="The panel was well prepared.", now=tick())
    assert record.interview_at is None and record.recorded_by == walk.inspector


@pytest.mark.parametrize(
    ("text", "why"),
    [
        pytest.param(
            "Jane Smith said support began within a week.", "looks like a full name", id="full-name"
        ),
        pytest.param(
            "priya patel said supervision is monthly.",
            "is a name the regulator holds",
            id="registered-manager",
        ),
        pytest.param("Mary-Jane Okafor explained the plan.", "looks like a full name", id="hyphenated"),
        pytest.param(
            "Sean O'Neill explained the plan.",
            "looks like a full name",
            id="irish-surname",
        ),
        pytest.param(
            "John McDonald explained the plan.",
            "looks like a full name",
            id="scottish-surname",
        ),
    ],
)
def test_evd2_a_name_blocks_evidence_without_a_justification(walk: Walk, text: str, why: str) -> None:
    walk.to(Status.ON_SITE)
    before = walk.current.evidence.count()
    with pytest.raises(RuleViolation) as raised:
        walk.record_evidence(source="observation", text=text, now=tick())
    assert (raised.value.rule, raised.value.field) == ("EVD-2", "text")
    assert why in raised.value.message
    assert walk.current.evidence.count() == before
    record = walk.record_evidence(
        source="observation",
        text=text,
        naming_justification="Needed for the referral to protect a child",
        now=tick(),
    )
    assert record.naming_justification == "Needed for the referral to protect a child"


def test_evd2_a_name_in_a_quote_blocks_too(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation, match="Jane Smith"):
        walk.record_evidence(
            source="observation", text="A child's view.", quote="Jane Smith always listens.", now=tick()
        )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("JS said support began within a week.", id="initials"),
        pytest.param(
            "Case AS-004: the Local Authority was told the same day.", id="case-id-and-ordinary-words"
        ),
        pytest.param("Registered Manager reviews every plan.", id="role-not-name"),
        pytest.param(
            "The Registered Manager reviews every plan.",
            id="sentence-start",
        ),
    ],
)
def test_evd2_initials_and_case_record_ids_pass(walk: Walk, text: str) -> None:
    walk.to(Status.ON_SITE)
    record = walk.record_evidence(source="observation", text=text, now=tick())
    assert record.naming_justification == ""


def test_evd5_a_providers_concern_is_recorded_with_the_action_taken(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        walk.record_evidence(
            source="email", text="The RI is unhappy with the sample.", provider_concern=True, now=tick()
        )
    assert (raised.value.rule, raised.value.field) == ("EVD-5", "action_taken")
    record = walk.record_evidence(
        source="email",
        text="The RI is unhappy with the sample.",
        provider_concern=True,
        action_taken="Two further cases added to the sample",
        now=tick(),
    )
    assert record.provider_concern
    assert walk.current.events.get(type="provider_concern").note == "Two further cases added to the sample"


def test_evidence_is_recorded_from_preparation_not_before(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    with pytest.raises(RuleViolation) as raised:
        walk.record_evidence(source="observation", text="Too early.", now=tick())
    assert raised.value.field == "status"


def test_evd4_scans_are_due_5_working_days_after_feedback_over_christmas(walk: Walk) -> None:
    """Feedback Fri 19 December 2025: 22, 23, 24, 29, 30 December (25 and 26 skipped)."""
    assert walk.to(Status.FEEDBACK_GIVEN).scans_due == d("2025-12-30")


def test_evd4_a_scan_on_the_last_day_is_on_time_and_a_later_one_is_recorded_as_late(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    on_time = walk.record_evidence(
        source="observation", text="Notes from the panel.", handwritten=True, now=tick()
    )
    late = walk.record_evidence(
        source="observation", text="Notes from supervision.", handwritten=True, now=tick()
    )
    walk.to(Status.FEEDBACK_GIVEN)
    evidence = evidence_services()
    assert evidence.scans_outstanding(walk.current) == 2
    scanned = evidence.attach_scan(
        on_time, by=walk.inspector, filename="panel.png", data=png(), now=at(d("2025-12-30"))
    )
    assert scanned.scanned_on == d("2025-12-30") and len(scanned.scan_sha256) == 64
    assert not walk.current.events.filter(type="scan_late").exists()
    evidence.attach_scan(
        late, by=walk.inspector, filename="supervision.png", data=png(), now=at(d("2025-12-31"))
    )
    event = walk.current.events.get(type="scan_late")
    assert "30 December 2025" in event.note and "EVD-4" in event.note
    assert evidence.scans_outstanding(walk.current) == 0
    with pytest.raises(RuleViolation, match="already has its scan"):
        evidence.attach_scan(
            late, by=walk.inspector, filename="again.png", data=png(), now=at(d("2025-12-31"))
        )


def test_evd4_only_handwritten_evidence_takes_a_scan_and_only_an_image_or_pdf(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    typed = walk.record_evidence(source="observation", text="Typed notes.", now=tick())
    handwritten = walk.record_evidence(source="observation", text="Notes.", handwritten=True, now=tick())
    evidence = evidence_services()
    with pytest.raises(RuleViolation) as raised:
        evidence.attach_scan(typed, by=walk.inspector, filename="a.png", data=png(), now=at(d("2025-12-18")))
    assert (raised.value.rule, raised.value.field) == ("EVD-4", "scan")
    with pytest.raises(RuleViolation) as raised:
        evidence.attach_scan(
            handwritten,
            by=walk.inspector,
            filename="a.png",
            data=b"MZ" + b"\0" * 200,
            now=at(d("2025-12-18")),
        )
    assert (raised.value.rule, raised.value.field) == ("EVD-4", "scan")


# --- feedback (RPT-7, CAL-2, RPT-3) ----------------------------------------------------------------------


def test_rpt3_feedback_before_christmas_sets_every_deadline_skipping_the_bank_holidays(walk: Walk) -> None:
    """Feedback Fri 19 December 2025 is day 0 (CAL-2). Draft 18 WD: 22, 23, 24, 29, 30, 31 December,
    2, 5-9, 12-16, 19 January (1 January skipped) → Mon 19 January 2026; comments 5 WD later → Mon 26
    January; final 30 WD → Wed 4 February; published 5 WD after the final → Wed 11 February."""
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    assert inspection.status == Status.FEEDBACK_GIVEN
    assert (inspection.end_date, inspection.feedback_on) == (d("2025-12-19"), d("2025-12-19"))
    assert inspection.draft_due == d("2026-01-19")
    assert inspection.comments_due == d("2026-01-26")
    assert inspection.final_due == d("2026-02-04")
    assert inspection.publication_due == d("2026-02-11")
    assert inspection.feedback_summary == "Strengths, weaknesses and likely judgements."
    assert all(j.provisional for j in inspection.judgements.all())


def test_rpt3_feedback_the_day_before_good_friday(
    inspector: User, manager: User, provider_user_a: User, provider_a: Provider
) -> None:
    """On site Wed 16 and Thu 17 April 2025. Scans 5 WD: 22-25, 28 April. Draft 18 WD: 22-25 April,
    28 April-2 May, 6-9 May (early May bank holiday skipped), 12-16 May → Fri 16 May; comments → Fri 23
    May; final 30 WD (spring bank holiday 26 May skipped) → Wed 4 June; published → Wed 11 June."""
    walk = Walk(
        inspector=inspector,
        manager=manager,
        provider_user=provider_user_a,
        provider=provider_a,
        start=d("2025-04-16"),
        end=d("2025-04-17"),
        scheduled_on=d("2025-04-01"),
    )
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    assert inspection.notice_due == d("2025-04-02")
    assert inspection.scans_due == d("2025-04-28")
    assert (inspection.draft_due, inspection.comments_due) == (d("2025-05-16"), d("2025-05-23"))
    assert (inspection.final_due, inspection.publication_due) == (d("2025-06-04"), d("2025-06-11"))


def test_rpt3_the_worked_example_end_day_4_draft_22_comments_27_final_34_published_39(
    inspector: User, manager: User, provider_user_a: User, provider_a: Provider
) -> None:
    """Working day 1 is Mon 2 June 2025, so day 4 (the end) is Thu 5 June; day 22 is Tue 1 July, day 27
    Tue 8 July, day 34 Thu 17 July and day 39 Thu 24 July."""
    walk = Walk(
        inspector=inspector,
        manager=manager,
        provider_user=provider_user_a,
        provider=provider_a,
        start=d("2025-06-03"),
        end=d("2025-06-05"),
        scheduled_on=d("2025-05-01"),
    )
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    assert inspection.draft_due == d("2025-07-01")
    assert inspection.comments_due == d("2025-07-08")
    assert inspection.final_due == d("2025-07-17")
    assert inspection.publication_due == d("2025-07-24")


def test_cal2_feedback_on_an_earlier_day_makes_that_the_last_day(walk: Walk) -> None:
    """Feedback on Thu 18 December 2025 instead of the 19th: scans due 5 WD later on Mon 29 December."""
    walk.end = d("2025-12-18")
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    assert inspection.end_date == d("2025-12-18")
    assert inspection.scans_due == d("2025-12-29")


def test_rpt7_feedback_records_what_was_said(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    for area in AREAS:
        walk.judge(area, "good")
    with pytest.raises(RuleViolation) as raised:
        services.give_feedback(walk.current, by=walk.inspector, now=at(walk.end), summary="  ")
    assert (raised.value.rule, raised.value.field) == ("RPT-7", "feedback_summary")


def test_cal4_feedback_is_given_on_a_working_day(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    for area in AREAS:
        walk.judge(area, "good")
    with pytest.raises(RuleViolation) as raised:
        services.give_feedback(walk.current, by=walk.inspector, now=at(d("2025-12-20")), summary="Feedback")
    assert (raised.value.rule, raised.value.field) == ("CAL-4", "feedback_on")
