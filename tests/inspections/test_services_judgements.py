"""The three SCCIF judgements through the services: complete, consistent, justified, and changed only with a
manager's agreement after feedback.

RULES: JDG-2, JDG-3, JDG-4, JDG-5, JDG-6, JDG-7, JDG-8.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from careinspect.inspections.models import Judgement
from careinspect.inspections.services import judgements as services
from careinspect.inspections.services import lifecycle as lifecycle_services
from careinspect.inspections.services.common import record_event
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db

HP, LM, OVERALL = "helped_protected", "leaders_managers", "overall_experiences_progress"


def feedback(walk: Walk) -> None:
    lifecycle_services.give_feedback(
        walk.current, by=walk.inspector, now=at(walk.end), summary="Feedback given"
    )


def judgement(walk: Walk, area: str) -> Judgement:
    return walk.current.judgements.get(area=area)


@pytest.fixture
def on_site(walk: Walk) -> Walk:
    walk.to(Status.ON_SITE)
    return walk


def test_jdg2_all_three_judgements_are_needed_before_feedback(on_site: Walk) -> None:
    on_site.judge(HP, "good")
    on_site.judge(LM, "good")
    with pytest.raises(RuleViolation) as raised:
        feedback(on_site)
    assert (raised.value.rule, raised.value.field) == ("JDG-2", "judgements")
    assert "overall experiences and progress" in raised.value.message.lower()
    assert on_site.current.status == Status.ON_SITE


def test_jdg2_only_the_three_sccif_judgements(on_site: Walk) -> None:
    with pytest.raises(RuleViolation) as raised:
        on_site.judge("value_for_money", "good")
    assert (raised.value.rule, raised.value.field) == ("JDG-2", "area")


def test_jdg1_a_grade_is_one_of_the_four_points(on_site: Walk) -> None:
    with pytest.raises(RuleViolation) as raised:
        on_site.judge(HP, "satisfactory")
    assert raised.value.rule == "JDG-1"


def test_jdg3_helped_and_protected_inadequate_makes_overall_inadequate(on_site: Walk) -> None:
    on_site.judge(HP, "inadequate")
    on_site.judge(LM, "requires_improvement")
    with pytest.raises(RuleViolation) as raised:
        on_site.judge(OVERALL, "good")
    assert (raised.value.rule, raised.value.field) == ("JDG-3", "grade")
    assert not on_site.current.judgements.filter(area=OVERALL).exists()
    on_site.judge(OVERALL, "inadequate")
    feedback(on_site)
    assert on_site.current.status == Status.FEEDBACK_GIVEN


def test_jdg3_an_error_from_a_later_limiting_judgement_blocks_feedback(on_site: Walk) -> None:
    """Overall first as good, then helped and protected as inadequate: the error is on overall, and no
    justification can override an "always" rule (JDG-7)."""
    on_site.judge(OVERALL, "good")
    on_site.judge(LM, "good")
    on_site.judge(HP, "inadequate", justification="We think good is fair")
    with pytest.raises(RuleViolation) as raised:
        feedback(on_site)
    assert (raised.value.rule, raised.value.field) == ("JDG-7", "judgements")
    assert "(JDG-3)" in raised.value.message


def test_jdg4_leaders_inadequate_caps_overall_at_requires_improvement(on_site: Walk) -> None:
    on_site.judge(HP, "good")
    on_site.judge(LM, "inadequate")
    with pytest.raises(RuleViolation) as raised:
        on_site.judge(OVERALL, "good")
    assert (raised.value.rule, raised.value.field) == ("JDG-4", "grade")


def test_jdg4_requires_improvement_with_inadequate_leaders_needs_a_justification(on_site: Walk) -> None:
    on_site.judge(HP, "good")
    on_site.judge(LM, "inadequate")
    on_site.judge(OVERALL, "requires_improvement")
    with pytest.raises(RuleViolation) as raised:
        feedback(on_site)
    assert (raised.value.rule, raised.value.field) == ("JDG-7", "justification")
    assert "(JDG-4)" in raised.value.message
    on_site.judge(OVERALL, "requires_improvement", justification="Children's experiences are improving")
    feedback(on_site)
    assert judgement(on_site, OVERALL).justification == "Children's experiences are improving"


def test_jdg4_the_warning_is_returned_when_the_judgement_is_recorded(on_site: Walk) -> None:
    on_site.judge(HP, "good")
    on_site.judge(LM, "inadequate")
    _, check = services.record_judgement(
        on_site.current,
        by=on_site.inspector,
        area=OVERALL,
        grade="requires_improvement",
        rationale="Best fit",
        evidence_ids=[e.pk for e in on_site.evidence],
        now=at("2025-12-17", 15, 0),
    )
    assert check is not None
    assert [w.rule for w in check.warnings] == ["JDG-4"]


def test_jdg5_no_manager_for_26_weeks_without_recruitment_limits_leaders_and_managers(on_site: Walk) -> None:
    services.record_management_facts(
        on_site.current,
        by=on_site.inspector,
        manager_vacancy_weeks=30,
        recruitment_evidence="none",
        unregistered_manager_weeks=None,
    )
    on_site.judge(HP, "good")
    on_site.judge(OVERALL, "good")
    with pytest.raises(RuleViolation) as raised:
        on_site.judge(LM, "good")
    assert raised.value.rule == "JDG-5"
    on_site.judge(LM, "requires_improvement")
    with pytest.raises(RuleViolation) as raised:
        feedback(on_site)
    assert (raised.value.rule, raised.value.field) == ("JDG-7", "justification")
    assert "(JDG-5)" in raised.value.message
    on_site.judge(LM, "requires_improvement", justification="An interim manager is in place and recruiting")
    feedback(on_site)


def test_jdg5_evidence_of_recruitment_lifts_the_limit(on_site: Walk) -> None:
    services.record_management_facts(
        on_site.current,
        by=on_site.inspector,
        manager_vacancy_weeks=30,
        recruitment_evidence="evidenced",
        unregistered_manager_weeks=None,
    )
    for area in (HP, LM, OVERALL):
        on_site.judge(area, "good")
    feedback(on_site)


def test_jdg5_the_vacancy_and_the_recruitment_evidence_are_given_together(on_site: Walk) -> None:
    with pytest.raises(RuleViolation) as raised:
        services.record_management_facts(
            on_site.current,
            by=on_site.inspector,
            manager_vacancy_weeks=30,
            recruitment_evidence="",
            unregistered_manager_weeks=None,
        )
    assert (raised.value.rule, raised.value.field) == ("JDG-5", "recruitment_evidence")
    with pytest.raises(RuleViolation) as raised:
        services.record_management_facts(
            on_site.current,
            by=on_site.inspector,
            manager_vacancy_weeks=30,
            recruitment_evidence="some",
            unregistered_manager_weeks=None,
        )
    assert raised.value.field == "recruitment_evidence"


def test_jdg6_an_unregistered_manager_after_12_weeks_needs_a_justification_for_good(on_site: Walk) -> None:
    services.record_management_facts(
        on_site.current,
        by=on_site.inspector,
        manager_vacancy_weeks=None,
        recruitment_evidence="",
        unregistered_manager_weeks=14,
    )
    for area in (HP, LM, OVERALL):
        on_site.judge(area, "good")
    with pytest.raises(RuleViolation) as raised:
        feedback(on_site)
    assert (raised.value.rule, raised.value.field) == ("JDG-7", "justification")
    assert "(JDG-6)" in raised.value.message
    on_site.judge(LM, "good", justification="The application was delayed by the regulator's own backlog")
    feedback(on_site)


def test_jdg7_the_rationale_must_cite_evidence_of_this_inspection(
    on_site: Walk, provider_b: Provider
) -> None:
    def record(rationale: str, evidence_ids: list[int]) -> None:
        services.record_judgement(
            on_site.current,
            by=on_site.inspector,
            area=HP,
            grade="good",
            rationale=rationale,
            evidence_ids=evidence_ids,
            now=tick(),
        )

    with pytest.raises(RuleViolation) as raised:
        record("Children are safe.", [])
    assert (raised.value.rule, raised.value.field) == ("JDG-7", "evidence")
    other = Walk(
        inspector=on_site.inspector,
        manager=on_site.manager,
        provider_user=on_site.provider_user,
        provider=provider_b,
    )
    other.to(Status.PREPARING)
    with pytest.raises(RuleViolation) as raised:
        record("Children are safe.", [other.evidence[0].pk])
    # Another inspection's record is named by the field that carried its id (unknown ids, issue 10).
    assert (raised.value.rule, raised.value.field) == ("JDG-7", "evidence_ids")
    with pytest.raises(RuleViolation) as raised:
        record("Children are safe.", [on_site.evidence[0].pk, other.evidence[0].pk])
    assert raised.value.field == "evidence_ids"
    with pytest.raises(RuleViolation) as raised:
        record("  ", [on_site.evidence[0].pk])
    assert (raised.value.rule, raised.value.field) == ("JDG-7", "rationale")
    record("Children are safe.", [on_site.evidence[0].pk])
    assert list(judgement(on_site, HP).evidence.all()) == [on_site.evidence[0]]


def test_jdg8_a_possible_inadequate_judgement_alerts_the_manager_during_the_inspection(on_site: Walk) -> None:
    services.record_judgement(
        on_site.current,
        by=on_site.inspector,
        area=HP,
        grade="inadequate",
        rationale="Risks to AB were not shared.",
        evidence_ids=[on_site.evidence[0].pk],
        now=at("2025-12-18", 14, 30),
    )
    inspection = on_site.current
    assert inspection.sccif.inadequate_alert_on == d("2025-12-18")
    event = inspection.events.get(type="manager_alerted")
    assert event.by == on_site.inspector and "JDG-8" in event.note
    # Told once: a second inadequate judgement does not alert again.
    services.record_judgement(
        on_site.current,
        by=on_site.inspector,
        area=OVERALL,
        grade="inadequate",
        rationale="Follows from helped and protected.",
        evidence_ids=[on_site.evidence[0].pk],
        now=at("2025-12-19", 9, 0),
    )
    assert on_site.current.sccif.inadequate_alert_on == d("2025-12-18")
    assert on_site.current.events.filter(type="manager_alerted").count() == 1


def test_jdg8_judgements_are_not_recorded_again_after_feedback(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation) as raised:
        walk.judge(HP, "requires_improvement")
    assert (raised.value.rule, raised.value.field) == ("JDG-8", "grade")


def test_jdg8_a_change_after_feedback_needs_a_managers_agreement(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(PermissionDenied):
        services.change_judgement_after_feedback(
            judgement(walk, LM),
            by=walk.inspector,
            agreed_by=walk.inspector,
            grade="requires_improvement",
            reasons_to_provider="Supervision records were incomplete",
            now=tick(),
        )
    assert judgement(walk, LM).grade == "good"


def test_jdg8_a_change_after_feedback_records_the_reasons_and_tells_the_provider(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation) as raised:
        services.change_judgement_after_feedback(
            judgement(walk, LM), by=walk.inspector, agreed_by=walk.manager, grade="requires_improvement",
            reasons_to_provider=" ",
            now=tick(),
        )  # fmt: skip
    assert (raised.value.rule, raised.value.field) == ("JDG-8", "reasons_to_provider")
    with pytest.raises(RuleViolation, match="same as the one given at feedback"):
        services.change_judgement_after_feedback(
            judgement(walk, LM),
            by=walk.inspector,
            agreed_by=walk.manager,
            grade="good",
            reasons_to_provider="No",
            now=tick(),
        )
    change = services.change_judgement_after_feedback(
        judgement(walk, LM),
        by=walk.inspector,
        agreed_by=walk.manager,
        grade="requires_improvement",
        reasons_to_provider="Supervision records were incomplete",
        now=tick(),
    )
    assert (change.from_grade, change.to_grade) == ("good", "requires_improvement")
    assert (change.agreed_by, change.changed_by) == (walk.manager, walk.inspector)
    assert judgement(walk, LM).grade == "requires_improvement"
    event = walk.current.events.get(type="judgement_changed")
    assert event.visible_to_provider
    assert (
        "Requires improvement to be good" in event.note
        and "Supervision records were incomplete" in event.note
    )
    latest = judgement(walk, LM).history.first()
    assert latest is not None and latest.history_user == walk.inspector


def test_jdg8_a_change_after_feedback_still_obeys_the_always_rules(walk: Walk) -> None:
    walk.grades = {HP: "inadequate", LM: "requires_improvement", OVERALL: "inadequate"}
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation) as raised:
        services.change_judgement_after_feedback(
            judgement(walk, OVERALL), by=walk.inspector, agreed_by=walk.manager, grade="good",
            reasons_to_provider="Second thoughts",
            now=tick(),
        )  # fmt: skip
    assert raised.value.rule == "JDG-3"


def test_jdg8_judgements_are_final_with_the_final_report(walk: Walk) -> None:
    walk.to(Status.FINAL_SENT)
    assert not any(j.provisional for j in walk.current.judgements.all())
    with pytest.raises(RuleViolation) as raised:
        services.change_judgement_after_feedback(
            judgement(walk, LM), by=walk.inspector, agreed_by=walk.manager, grade="requires_improvement",
            reasons_to_provider="Too late",
            now=tick(),
        )  # fmt: skip
    assert raised.value.rule == "JDG-8"


def test_a_quality_assurance_officer_records_no_judgement(on_site: Walk, qa_officer: User) -> None:
    with pytest.raises(PermissionDenied):
        services.record_judgement(
            on_site.current,
            by=qa_officer,
            area=HP,
            grade="good",
            rationale="x",
            evidence_ids=[on_site.evidence[0].pk],
            now=tick(),
        )


def test_events_are_in_the_order_they_happened(walk: Walk) -> None:
    """The timeline reads in order on every database: ordered by time, then by id."""
    walk.to(Status.ON_SITE)
    record_event(walk.current, walk.inspector, "note", tick())
    types = list(walk.current.events.values_list("type", flat=True))
    assert types[0] == "scheduled" and types[-1] == "note"
    assert types.index("notify") < types.index("start_on_site")
