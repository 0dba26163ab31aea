"""ENF-2, ENF-3, SCH-2: what follows a SCCIF full inspection judged inadequate, through the services."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from careinspect.enforcement import services
from careinspect.enforcement.models import (
    CaseReviewDecision,
    DcsAlert,
    InadequateFollowUp,
)
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import Message
from careinspect.registry.models import InspectionKind, PastInspection, ProviderDue
from careinspect.registry.services import refresh_due
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at
from tests.conftest import d

pytestmark = pytest.mark.django_db


def _debrief(follow_up: InadequateFollowUp, inspector, manager) -> None:  # type: ignore[no-untyped-def]
    services.record_debrief(
        follow_up,
        by=inspector,
        now=at("2026-04-07", 9),
        held_on=d("2026-04-07"),
        manager=manager,
        evidence_quality="Strong: two sources for each finding.",
        recommendation="A monitoring visit and reinspection within 6 months.",
    )


def _decide(follow_up: InadequateFollowUp, manager, day: str = "2026-04-08") -> None:  # type: ignore[no-untyped-def]
    services.decide_case_review(
        follow_up.case_review,
        by=manager,
        decision=CaseReviewDecision.MONITORING_VISIT,
        reason="Children are at risk: we return unannounced.",
        now=at(day, 10),
        visit_announced=False,
    )


def test_enf2_feedback_of_inadequate_opens_the_next_steps(judged_inadequate: Inspection, manager) -> None:  # type: ignore[no-untyped-def]
    follow_up = InadequateFollowUp.objects.get(inspection=judged_inadequate)
    review = follow_up.case_review
    # RULES: ENF-2 — 5 WD after Thu 2 Apr 2026, Good Friday and Easter Monday skipped: Mon 13 Apr 2026.
    assert review.due == d("2026-04-13")
    assert review.rule == "ENF-2" and review.reason == "inadequate" and review.owner == manager
    # RULES: SCH-2 — 6 to 12 months after the inspection.
    assert (follow_up.reinspection_earliest, follow_up.reinspection_latest) == (
        d("2026-10-02"),
        d("2027-04-02"),
    )
    types = set(judged_inadequate.events.values_list("type", flat=True))
    assert {EventType.NEXT_STEPS_OPENED, EventType.CASE_REVIEW_OPENED} <= types


def test_enf3_alerts_the_la_where_it_is_based_and_those_commissioning(judged_inadequate: Inspection) -> None:
    alerts = {a.local_authority.code: a for a in judged_inadequate.dcs_alerts.all()}
    # Based in Greenwich (203); every case on the list is Camden's (202); Birmingham commissions nothing.
    assert set(alerts) == {"202", "203"}
    assert alerts["203"].why == "Where the agency is based"
    assert alerts["202"].why.startswith("Commissions services")
    # RULES: ENF-3 — the emails go after the case review, so none is due yet.
    assert all(a.rule == "ENF-3" and a.email_due is None for a in alerts.values())


def test_a_good_judgement_opens_nothing(easter_walk) -> None:  # type: ignore[no-untyped-def]
    easter_walk.grades = dict.fromkeys(easter_walk.grades, "good")
    inspection = easter_walk.to(Status.FEEDBACK_GIVEN)
    assert not InadequateFollowUp.objects.filter(inspection=inspection).exists()
    with pytest.raises(RuleViolation) as refused:
        services.open_inadequate_next_steps(inspection, by=easter_walk.manager, now=at("2026-04-03"))
    assert refused.value.rule == "ENF-2"


def test_enf2_opening_twice_keeps_one(judged_inadequate: Inspection, manager) -> None:  # type: ignore[no-untyped-def]
    again = services.open_inadequate_next_steps(judged_inadequate, by=manager, now=at("2026-04-07"))
    assert again == InadequateFollowUp.objects.get(inspection=judged_inadequate)
    assert judged_inadequate.case_reviews.count() == 1


def test_enf2_the_case_review_waits_for_the_debrief(
    judged_inadequate: Inspection, inspector, manager
) -> None:  # type: ignore[no-untyped-def]
    follow_up = InadequateFollowUp.objects.get(inspection=judged_inadequate)
    with pytest.raises(RuleViolation) as refused:
        _decide(follow_up, manager)
    assert (refused.value.rule, refused.value.field) == ("ENF-2", "debrief")
    _debrief(follow_up, inspector, manager)
    _decide(follow_up, manager)
    review = follow_up.case_review
    review.refresh_from_db()
    assert (review.decision, review.visit_announced, review.decided_on) == (
        "monitoring_visit",
        False,
        d("2026-04-08"),
    )
    # RULES: ENF-3 — every DCS email is owed from the day of the decision.
    assert set(judged_inadequate.dcs_alerts.values_list("email_due", flat=True)) == {d("2026-04-08")}


def test_only_a_manager_decides_and_a_monitoring_visit_says_if_announced(
    judged_inadequate, inspector, manager
) -> None:  # type: ignore[no-untyped-def]
    follow_up = InadequateFollowUp.objects.get(inspection=judged_inadequate)
    _debrief(follow_up, inspector, manager)
    with pytest.raises(PermissionDenied):
        _decide(follow_up, inspector)
    with pytest.raises(RuleViolation) as refused:
        services.decide_case_review(
            follow_up.case_review,
            by=manager,
            decision="monitoring_visit",
            reason="Return",
            now=at("2026-04-08"),
        )
    assert refused.value.field == "visit_announced"
    follow_up.case_review.refresh_from_db()
    assert follow_up.case_review.decision == "pending"


def test_enf3_no_email_before_the_case_review(judged_inadequate: Inspection, inspector) -> None:  # type: ignore[no-untyped-def]
    alert = judged_inadequate.dcs_alerts.first()
    sent = len(mail.outbox)
    with pytest.raises(RuleViolation) as refused:
        services.send_dcs_alert(alert, by=inspector, now=at("2026-04-07"), summary="Concerns")
    assert (refused.value.rule, refused.value.field) == ("ENF-3", "case_review")
    assert len(mail.outbox) == sent and not Message.objects.filter(kind="dcs_alert").exists()


def test_enf3_every_email_call_and_forward_is_recorded(
    judged_inadequate: Inspection, inspector, manager
) -> None:  # type: ignore[no-untyped-def]
    follow_up = InadequateFollowUp.objects.get(inspection=judged_inadequate)
    _debrief(follow_up, inspector, manager)
    _decide(follow_up, manager)
    mail.outbox.clear()
    for alert in judged_inadequate.dcs_alerts.all():
        services.send_dcs_alert(
            alert, by=inspector, now=at("2026-04-08", 14), summary="Referrals were delayed."
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["dcs202@la.example", "dcs203@la.example"]
    body = mail.outbox[0].body
    assert "not yet had an opportunity to challenge these findings" in body
    assert "Referrals were delayed." in body and "monitoring visit" in body
    for alert in DcsAlert.objects.filter(inspection=judged_inadequate):
        assert (
            alert.message is not None and alert.message.rule == "ENF-3" and alert.message.kind == "dcs_alert"
        )
        # RULES: ENF-3 — the call by the next working day: Thu 9 Apr 2026.
        assert alert.call_due == d("2026-04-09")
        with pytest.raises(RuleViolation):
            services.log_dcs_call(
                alert,
                by=inspector,
                now=at("2026-04-08", 15),
                at=at("2026-04-08", 13),
                spoke_to="PA",
                note="Got it",
            )
        services.log_dcs_call(
            alert,
            by=inspector,
            now=at("2026-04-09", 10),
            at=at("2026-04-09", 9),
            spoke_to="PA",
            note="Arrived",
        )
        services.forward_dcs_alert(alert, by=inspector, now=at("2026-04-09", 11))
    forwards = Message.objects.filter(forwarded_from__isnull=False)
    assert forwards.count() == 2
    assert {tuple(m.to) for m in forwards} == {("manager@agency-a.example",)}
    assert len(mail.outbox) == 4
    counts = {
        t: judged_inadequate.events.filter(type=t).count()
        for t in (EventType.DCS_EMAILED, EventType.DCS_CALL_LOGGED, EventType.DCS_EMAIL_FORWARDED)
    }
    assert counts == dict.fromkeys(counts, 2)
    assert all(a.step == "done" for a in DcsAlert.objects.filter(inspection=judged_inadequate))


def test_enf3_a_call_comes_after_its_email(judged_inadequate: Inspection, inspector) -> None:  # type: ignore[no-untyped-def]
    alert = judged_inadequate.dcs_alerts.first()
    with pytest.raises(RuleViolation) as refused:
        services.log_dcs_call(
            alert, by=inspector, now=at("2026-04-07"), at=at("2026-04-07", 9), spoke_to="PA", note="x"
        )
    assert refused.value.field == "at"
    with pytest.raises(RuleViolation):
        services.forward_dcs_alert(alert, by=inspector, now=at("2026-04-07"))


def test_an_inspector_adds_and_removes_an_la_with_a_reason(
    judged_inadequate: Inspection, inspector, las
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as refused:
        services.add_dcs_alert(
            judged_inadequate, by=inspector, now=at("2026-04-07"), local_authority=las["330"], reason=" "
        )
    assert refused.value.field == "reason"
    added = services.add_dcs_alert(
        judged_inadequate,
        by=inspector,
        now=at("2026-04-07"),
        local_authority=las["330"],
        reason="Places a child",
    )
    assert added.why == "Added by the inspector" and added.added_reason == "Places a child"
    with pytest.raises(RuleViolation):
        services.add_dcs_alert(
            judged_inadequate, by=inspector, now=at("2026-04-07"), local_authority=las["330"], reason="Again"
        )
    services.remove_dcs_alert(added, by=inspector, now=at("2026-04-07", 11), reason="Placement ended in 2024")
    added.refresh_from_db()
    assert added.removed_at is not None and added.step == "removed"
    assert judged_inadequate.events.filter(type=EventType.DCS_ALERT_CHANGED).count() == 2


def test_providers_and_qa_cannot_act(judged_inadequate: Inspection, provider_user_a, qa_officer) -> None:  # type: ignore[no-untyped-def]
    alert = judged_inadequate.dcs_alerts.first()
    for user in (provider_user_a, qa_officer):
        with pytest.raises(PermissionDenied):
            services.open_inadequate_next_steps(judged_inadequate, by=user, now=at("2026-04-07"))
        with pytest.raises(PermissionDenied):
            services.remove_dcs_alert(alert, by=user, now=at("2026-04-07"), reason="No")
    alert.refresh_from_db()
    assert alert.removed_at is None


def test_sch2_the_due_list_gives_6_to_12_months_after_a_published_inadequate(provider_a) -> None:  # type: ignore[no-untyped-def]
    """The due list (registry.due) reads SCH-2 once the inadequate inspection is published (a past
    inspection); until then the provider is under way there, and the enforcement dashboard shows the
    window from feedback."""
    PastInspection.objects.create(
        provider=provider_a, end_date=d("2026-04-02"), kind=InspectionKind.SCCIF_FULL, judgement="inadequate"
    )
    refresh_due([provider_a], d("2026-04-10"))
    due = ProviderDue.objects.get(provider=provider_a)
    assert (due.earliest, due.latest, due.rule) == (d("2026-10-02"), d("2027-04-02"), "SCH-2")
