"""The compliance services: requirements not met (REQ-3), compliance notices (ENF-1), the SCH-8 proposal
and scheduling, and the monitoring visit (KND-4) to its report (RPT-6). Dates: see conftest."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from careinspect.compliance import services
from careinspect.compliance.models import NoticeStatus
from careinspect.enforcement import services as enforcement
from careinspect.enforcement.models import CaseReview
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, PublishedReport, Requirement
from careinspect.inspections.services import lifecycle, reporting
from careinspect.registry.models import PastInspection, Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import RPT6_SECTIONS
from careinspect.scenarios.monitoring import MonitoringScenario
from tests.clock import at
from tests.compliance.conftest import BOTH_NOTICES, SECTIONS, monitoring, notice, to_draft, visit
from tests.conftest import d

pytestmark = pytest.mark.django_db


def _requirement(sccif: Inspection, regulation: str = "Regulation 12") -> Requirement:
    return sccif.requirements.get(regulation=regulation)


# --- REQ-3 -----------------------------------------------------------------------------------------


def test_req3_outcome_waits_until_the_compliance_date_has_passed(
    people: dict[str, User], sccif: Inspection
) -> None:
    requirement = _requirement(sccif)
    with pytest.raises(RuleViolation) as refused:
        services.record_requirement_outcome(
            requirement, met=True, note="References on file", by=people["inspector"], now=at("2023-12-20", 17)
        )
    assert (refused.value.rule, refused.value.field) == ("REQ-3", "met")
    outcome = services.record_requirement_outcome(
        requirement, met=True, note="References on file", by=people["inspector"], now=at("2023-12-21")
    )
    assert outcome.met and outcome.case_review is None
    assert sccif.events.filter(type=EventType.REQUIREMENT_OUTCOME).count() == 1


def test_req3_unmet_requirement_asks_for_an_enforcement_decision(
    people: dict[str, User], sccif: Inspection, agency_a: Provider
) -> None:
    outcome = services.record_requirement_outcome(
        _requirement(sccif),
        met=False,
        note="Two staff started without references",
        by=people["inspector"],
        now=at("2023-12-21"),
    )
    review = outcome.case_review
    assert review is not None
    assert (review.reason, review.rule, review.provider_id) == ("unmet_requirement", "REQ-3", agency_a.pk)
    assert review.owner == people["manager"] and review.inspection_id == sccif.pk
    # The decision is recorded with its reason (enforcement's record).
    enforcement.decide_case_review(
        review,
        by=people["manager"],
        decision="compliance_notice",
        reason="Safer recruitment",
        now=at("2023-12-22"),
    )
    review.refresh_from_db()
    assert (review.decision, review.decision_reason) == ("compliance_notice", "Safer recruitment")


def test_req3_outcome_is_recorded_once_and_needs_a_note(people: dict[str, User], sccif: Inspection) -> None:
    requirement = _requirement(sccif)
    with pytest.raises(RuleViolation) as refused:
        services.record_requirement_outcome(
            requirement, met=True, note=" ", by=people["inspector"], now=at("2023-12-21")
        )
    assert refused.value.field == "note"
    services.record_requirement_outcome(
        requirement, met=True, note="Met", by=people["inspector"], now=at("2023-12-21")
    )
    with pytest.raises(RuleViolation):
        services.record_requirement_outcome(
            requirement, met=False, note="Not met", by=people["inspector"], now=at("2023-12-22")
        )
    assert CaseReview.objects.count() == 0


@pytest.mark.parametrize("who", ["qa", "provider_a", "provider_b"])
def test_req3_only_inspectors_record_an_outcome(people: dict[str, User], sccif: Inspection, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.record_requirement_outcome(
            _requirement(sccif), met=False, note="x", by=people[who], now=at("2023-12-21")
        )
    assert not hasattr(Requirement.objects.get(pk=_requirement(sccif).pk), "outcome")


# --- ENF-1: issuing notices ------------------------------------------------------------------------


def test_enf1_a_notice_from_a_requirement_follows_one_not_met(
    people: dict[str, User], sccif: Inspection, agency_a: Provider
) -> None:
    requirement = _requirement(sccif)
    with pytest.raises(RuleViolation) as refused:
        notice(agency_a, people["manager"], "2024-01-10", requirement=requirement, issued_on="2023-12-22")
    assert (refused.value.rule, refused.value.field) == ("REQ-3", "requirement")
    services.record_requirement_outcome(
        requirement, met=False, note="Not met", by=people["inspector"], now=at("2023-12-21")
    )
    issued = notice(
        agency_a, people["manager"], "2024-01-10", requirement=requirement, issued_on="2023-12-22"
    )
    assert issued.requirement == requirement and issued.status == NoticeStatus.ISSUED
    assert issued.issued_on == d("2023-12-22")


def test_enf1_a_notice_says_what_it_follows_and_falls_on_a_working_day(
    people: dict[str, User], agency_a: Provider
) -> None:
    with pytest.raises(RuleViolation) as refused:
        notice(agency_a, people["manager"], "2024-01-10", concern="")
    assert (refused.value.rule, refused.value.field) == ("ENF-1", "concern")
    with pytest.raises(RuleViolation) as refused:
        notice(agency_a, people["manager"], "2023-12-25")  # Christmas Day
    assert refused.value.field == "compliance_date"
    with pytest.raises(RuleViolation) as refused:
        notice(agency_a, people["manager"], "2023-11-30")  # before the day it is issued
    assert refused.value.field == "compliance_date"


@pytest.mark.parametrize("who", ["inspector", "qa", "provider_a"])
def test_enf1_only_a_manager_issues_a_notice(people: dict[str, User], agency_a: Provider, who: str) -> None:
    with pytest.raises(PermissionDenied):
        notice(agency_a, people[who], "2024-01-10")
    assert not agency_a.compliance_notices.exists()


# --- SCH-8 through the services ----------------------------------------------------------------------


def test_sch8_two_notices_within_five_working_days_of_one_visit_share_it(
    people: dict[str, User], agency_a: Provider
) -> None:
    first = notice(agency_a, people["manager"], "2023-12-20")
    second = notice(agency_a, people["manager"], "2023-12-22")
    [proposal] = services.propose_monitoring_visits(agency_a)
    # 20 Dec: 21, 22, 27, 28, 29 Dec (25, 26 Dec are bank holidays); 22 Dec: 27 Dec to 3 Jan (1 Jan).
    assert (proposal.earliest, proposal.latest) == (d("2023-12-27"), d("2023-12-29"))
    assert proposal.notices == (first, second)
    inspection = visit(agency_a, people, [first, second], "2023-12-28")
    assert set(inspection.monitoring_notices.values_list("notice", flat=True)) == {first.pk, second.pk}
    assert services.propose_monitoring_visits(agency_a) == []


def test_sch8_notices_apart_need_a_visit_each(people: dict[str, User], agency_a: Provider) -> None:
    first = notice(agency_a, people["manager"], "2023-12-20")
    later = notice(agency_a, people["manager"], "2024-01-10")
    proposals = services.propose_monitoring_visits(agency_a)
    assert [(p.earliest, p.latest, p.notices) for p in proposals] == [
        (d("2023-12-21"), d("2023-12-29"), (first,)),
        (d("2024-01-11"), d("2024-01-17"), (later,)),
    ]
    with pytest.raises(RuleViolation) as refused:
        visit(agency_a, people, [first, later], "2023-12-28")
    assert (refused.value.rule, refused.value.field) == ("SCH-8", "start_date")
    visit(agency_a, people, [first], "2023-12-28")
    [left] = services.propose_monitoring_visits(agency_a)
    assert left.notices == (later,)


def test_sch8_a_visit_outside_a_notice_window_is_refused(people: dict[str, User], agency_a: Provider) -> None:
    first = notice(agency_a, people["manager"], "2023-12-20")
    second = notice(agency_a, people["manager"], "2023-12-22")
    for start in ("2023-12-21", "2024-01-02"):  # too early for the second; too late for the first
        with pytest.raises(RuleViolation) as refused:
            visit(agency_a, people, [first, second], start)
        assert refused.value.rule == "SCH-8"
    assert not Inspection.objects.filter(kind="monitoring").exists()


def test_knd4_a_compliance_visit_names_its_notices_and_another_agencys_are_refused(
    people: dict[str, User], agency_a: Provider, agency_b: Provider
) -> None:
    with pytest.raises(RuleViolation) as refused:
        visit(agency_a, people, [], "2023-12-28")
    assert (refused.value.rule, refused.value.field) == ("SCH-8", "notices")
    theirs = notice(agency_b, people["manager"], "2023-12-20")
    with pytest.raises(RuleViolation) as refused:
        visit(agency_a, people, [theirs], "2023-12-28")
    assert refused.value.field == "notices"
    concerns = visit(agency_a, people, [], "2023-12-28", reason="concerns")
    assert concerns.monitoring.reason == "concerns" and concerns.kind == "monitoring"


def test_knd4_the_case_review_decides_whether_the_visit_is_announced(
    people: dict[str, User], agency_a: Provider
) -> None:
    review = enforcement.open_case_review(
        provider=agency_a, reason="concern", by=people["manager"], now=at("2023-12-01")
    )
    enforcement.decide_case_review(
        review,
        by=people["manager"],
        decision="monitoring_visit",
        reason="Check the safeguarding action",
        now=at("2023-12-01"),
        visit_announced=False,
    )
    with pytest.raises(RuleViolation) as refused:
        visit(agency_a, people, [], "2023-12-28", reason="concerns", announced=True, case_review=review)
    assert (refused.value.rule, refused.value.field) == ("KND-4", "announced")
    made = visit(agency_a, people, [], "2023-12-28", reason="concerns", announced=False, case_review=review)
    assert made.monitoring.announced is False


def test_knd4_only_a_manager_schedules_a_visit(people: dict[str, User], agency_a: Provider) -> None:
    first = notice(agency_a, people["manager"], "2023-12-20")
    with pytest.raises(PermissionDenied):
        services.schedule_monitoring_visit(
            agency_a,
            reason="compliance_notice",
            purpose="x",
            start=d("2023-12-28"),
            end=d("2023-12-28"),
            lead_inspector=people["inspector"],
            manager=people["manager"],
            announced=False,
            notices=[first],
            by=people["inspector"],
            now=at("2023-12-01"),
        )


# --- KND-4: the visit ----------------------------------------------------------------------------------


def test_knd4_an_unannounced_visit_is_not_announced_and_the_agency_learns_of_it_on_arrival(
    people: dict[str, User], agency_a: Provider
) -> None:
    first = notice(agency_a, people["manager"], "2023-12-20")
    inspection = visit(agency_a, people, [first], "2023-12-28")
    with pytest.raises(RuleViolation) as refused:
        services.announce_monitoring_visit(inspection, by=people["inspector"], now=at("2023-12-27"))
    assert (refused.value.rule, refused.value.field) == ("KND-4", "announced")
    with pytest.raises(RuleViolation):
        services.start_monitoring_visit(inspection, by=people["inspector"], now=at("2023-12-27"))
    started = services.start_monitoring_visit(inspection, by=people["inspector"], now=at("2023-12-28", 9))
    assert started.status == Status.ON_SITE and started.notified_on == d("2023-12-28")


def test_knd4_an_announced_visit_is_announced_before_it_starts(
    people: dict[str, User], agency_a: Provider
) -> None:
    first = notice(agency_a, people["manager"], "2023-12-20")
    inspection = visit(agency_a, people, [first], "2023-12-28", announced=True)
    announced = services.announce_monitoring_visit(inspection, by=people["inspector"], now=at("2023-12-27"))
    assert announced.status == Status.NOTIFIED and announced.notified_on == d("2023-12-27")
    assert services.start_monitoring_visit(
        inspection, by=people["inspector"], now=at("2023-12-28")
    ).status == (Status.ON_SITE)


# --- ENF-1 at the visit ----------------------------------------------------------------------------


@pytest.fixture
def scenario(people: dict[str, User], agency_a: Provider) -> MonitoringScenario:
    """The visit of 28 December started at 9am, checking the notices due 20 and 22 December."""
    return monitoring(agency_a, people, *BOTH_NOTICES).schedule().start()


@pytest.fixture
def on_site(scenario: MonitoringScenario) -> Inspection:
    return scenario.visit


def test_enf1_partial_action_is_not_enough_and_opens_a_case_review(
    people: dict[str, User], on_site: Inspection
) -> None:
    first, second = (link.notice for link in on_site.monitoring_notices.all())
    partly = services.record_notice_outcome(
        on_site,
        first,
        action="partial",
        evidence_note="One of two references",
        by=people["inspector"],
        now=at("2023-12-28", 11),
    )
    assert partly.fully_met is False
    first.refresh_from_db()
    assert first.status == NoticeStatus.NOT_MET
    review = partly.case_review
    assert review is not None and (review.reason, review.rule) == ("unmet_notice", "ENF-1")
    fully = services.record_notice_outcome(
        on_site,
        second,
        action="full",
        evidence_note="Every file complete",
        by=people["inspector"],
        now=at("2023-12-28", 12),
    )
    second.refresh_from_db()
    assert fully.fully_met and fully.case_review is None and second.status == NoticeStatus.MET
    assert on_site.events.filter(type=EventType.NOTICE_OUTCOME).count() == 2
    # The case review decides: a further notice, cancellation or prosecution; a further notice follows it.
    enforcement.decide_case_review(
        review,
        by=people["manager"],
        decision="compliance_notice",
        reason="One more chance",
        now=at("2024-01-02"),
    )
    further = notice(
        on_site.provider, people["manager"], "2024-01-31", previous=first, concern="", issued_on="2024-01-02"
    )
    assert further.previous == first


def test_enf1_a_further_notice_follows_only_one_not_met(people: dict[str, User], on_site: Inspection) -> None:
    first = on_site.monitoring_notices.first().notice  # type: ignore[union-attr]
    with pytest.raises(RuleViolation) as refused:
        notice(
            on_site.provider,
            people["manager"],
            "2024-01-31",
            previous=first,
            concern="",
            issued_on="2024-01-02",
        )
    assert (refused.value.rule, refused.value.field) == ("ENF-1", "previous")


def test_enf1_outcomes_are_recorded_once_for_the_visits_own_notices(
    people: dict[str, User], on_site: Inspection, agency_a: Provider
) -> None:
    first = on_site.monitoring_notices.first().notice  # type: ignore[union-attr]
    other = notice(agency_a, people["manager"], "2024-01-10")
    with pytest.raises(RuleViolation) as refused:
        services.record_notice_outcome(
            on_site, other, action="full", evidence_note="x", by=people["inspector"], now=at("2023-12-28")
        )
    assert refused.value.field == "notice"
    with pytest.raises(RuleViolation) as refused:
        services.record_notice_outcome(
            on_site, first, action="mostly", evidence_note="x", by=people["inspector"], now=at("2023-12-28")
        )
    assert (refused.value.rule, refused.value.field) == ("ENF-1", "action")
    services.record_notice_outcome(
        on_site, first, action="full", evidence_note="x", by=people["inspector"], now=at("2023-12-28")
    )
    with pytest.raises(RuleViolation):
        services.record_notice_outcome(
            on_site, first, action="none", evidence_note="x", by=people["inspector"], now=at("2023-12-28")
        )
    with pytest.raises(PermissionDenied):
        services.record_notice_outcome(
            on_site, first, action="none", evidence_note="x", by=people["provider_a"], now=at("2023-12-28")
        )


# --- RPT-6: the report, publication and the director's decision -------------------------------------------


def _to_final(scenario: MonitoringScenario) -> Inspection:
    """The draft sent on 2 January, the final report on 10 January: the day after the comments' window."""
    inspection = to_draft(scenario).visit
    assert inspection.comments_due == d("2024-01-09")
    return scenario.send_final(now=at("2024-01-10")).visit


def test_rpt6_every_section_is_written_before_the_draft(people: dict[str, User], on_site: Inspection) -> None:
    assert [k for k, _ in reporting.section_keys(on_site)] == [k for k, _ in RPT6_SECTIONS]
    # The report starts from the visit's reasons and purpose, with a summary of the notices it checks.
    report = reporting.report_for(on_site)
    assert "2 compliance notices (Regulation 12; Regulation 16)" in report.sections["reasons_purpose"]
    lifecycle.give_feedback(
        on_site, by=people["inspector"], now=at("2023-12-28", 16), summary="Feedback given"
    )
    with pytest.raises(RuleViolation) as refused:
        reporting.check_report(on_site, by=people["manager"], now=at("2024-01-02"))
    assert (refused.value.rule, refused.value.field) == ("RPT-6", "sections")
    assert "Where progress has not been made" in refused.value.message
    with pytest.raises(RuleViolation):
        reporting.send_draft(on_site, by=people["inspector"], now=at("2024-01-02"))
    with pytest.raises(RuleViolation) as refused:
        reporting.edit_report(
            on_site,
            by=people["inspector"],
            sections={"judgement:helped_protected": "x"},
            now=at("2024-01-02"),
        )
    assert refused.value.field == "sections"
    reporting.edit_report(on_site, by=people["inspector"], sections=SECTIONS, now=at("2024-01-02", 10))
    reporting.check_report(on_site, by=people["manager"], now=at("2024-01-02", 11))
    assert (
        reporting.send_draft(on_site, by=people["inspector"], now=at("2024-01-02", 12)).status
        == Status.DRAFT_SENT
    )


def test_rpt6_the_report_is_published_with_no_grade_on_the_standard_timeline(
    people: dict[str, User], scenario: MonitoringScenario, on_site: Inspection
) -> None:
    final = _to_final(scenario)
    assert final.publication_due == d("2024-01-17")  # RPT-3: 5 working days after the final report
    with pytest.raises(RuleViolation):
        reporting.publish(final, by=people["manager"], now=at("2024-01-16"))
    published = reporting.publish(final, by=people["manager"], now=at("2024-01-17"))
    assert published.overall_grade == ""
    assert [s["key"] for s in published.content["sections"]] == [k for k, _ in RPT6_SECTIONS]
    # A monitoring visit does not start the agency's next inspection cycle.
    assert not PastInspection.objects.filter(provider=on_site.provider).exists()


def test_rpt6_only_a_regional_director_decides_not_to_publish_with_a_reason(
    people: dict[str, User], director: User, scenario: MonitoringScenario
) -> None:
    final = _to_final(scenario)
    with pytest.raises(PermissionDenied):
        services.withhold_report(final, by=people["manager"], reason="Exceptional", now=at("2024-01-11"))
    with pytest.raises(RuleViolation) as refused:
        services.withhold_report(final, by=director, reason=" ", now=at("2024-01-11"))
    assert (refused.value.rule, refused.value.field) == ("RPT-6", "reason")
    decision = services.withhold_report(
        final, by=director, reason="A police investigation would be prejudiced", now=at("2024-01-11")
    )
    final.refresh_from_db()
    assert final.status == Status.NOT_PUBLISHED
    assert (decision.director, decision.decided_on) == (director, d("2024-01-11"))
    assert final.events.filter(type=EventType.WITHHOLD).exists()
    with pytest.raises(RuleViolation):
        reporting.publish(final, by=people["manager"], now=at("2024-01-17"))
    assert not PublishedReport.objects.exists()


def test_rpt6_a_sccif_inspection_cannot_be_withheld(
    people: dict[str, User], director: User, sccif: Inspection
) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.withhold_report(sccif, by=director, reason="x", now=at("2023-12-21"))
    assert (refused.value.rule, refused.value.field) == ("KND-1", "kind")


# --- Deadlines that someone owns ---------------------------------------------------------------------


def test_compliance_deadlines_are_registered_with_their_owners(
    people: dict[str, User], sccif: Inspection, agency_a: Provider
) -> None:
    from careinspect.core import deadlines

    first = notice(agency_a, people["manager"], "2023-12-20")
    later = notice(agency_a, people["manager"], "2024-01-10")
    visit(agency_a, people, [later], "2024-01-11")
    due = deadlines.between(d("2023-12-18"), d("2024-01-12"))
    found = {(x.source, x.due.isoformat(), x.rule): x for x in due}
    inspector, manager = people["inspector"].pk, people["manager"].pk
    # REQ-3: the working day after 20 December; 10 January's requirement the day after too.
    assert found[("compliance.requirement_outcomes", "2023-12-21", "REQ-3")].owners == (inspector,)
    assert ("compliance.requirement_outcomes", "2024-01-11", "REQ-3") in found
    # ENF-1: each notice's date; SCH-8: the last day of the visit not yet scheduled (29 December).
    assert found[("compliance.notice_dates", "2023-12-20", "ENF-1")].owners == (manager,)
    assert found[("compliance.visits_to_schedule", "2023-12-29", "SCH-8")].what.startswith(
        f"Monitoring visit for {first.reference}"
    )
    assert not any(k[0] == "compliance.visits_to_schedule" and k[1] == "2024-01-17" for k in found)
    # KND-4: the scheduled visit's day, owned by its lead inspector and manager.
    assert found[("compliance.monitoring_visits", "2024-01-11", "KND-4")].owners == (inspector, manager)
