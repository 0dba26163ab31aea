"""ENF-4 and SCH-9 after an IFA assurance visit with serious concerns; SAF-1 safeguarding referrals; case
reviews opened by other areas (ENF-1, REQ-3); the deadlines registered for the dashboards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from careinspect.core import deadlines
from careinspect.enforcement import services
from careinspect.enforcement.models import ReferralRole, SeriousConcernsFollowUp
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection
from careinspect.rules.errors import RuleViolation
from tests.clock import at
from tests.conftest import d

pytestmark = pytest.mark.django_db


def test_enf4_serious_concerns_deadlines_over_easter(
    assurance_visit: Callable[..., Inspection], inspector
) -> None:  # type: ignore[no-untyped-def]
    visit = assurance_visit()
    follow_up = services.open_serious_concerns(visit, by=inspector, now=at("2026-04-02", 17))
    assert follow_up.case_review.due == d("2026-04-13")  # 5 WD, Good Friday and Easter Monday skipped
    assert follow_up.case_review.rule == "ENF-4" and follow_up.case_review.reason == "serious_concerns"
    assert follow_up.dcs_email_due == d("2026-04-07")  # the end of the next working day
    assert (follow_up.monitoring_earliest, follow_up.monitoring_latest) == (d("2026-05-14"), d("2026-05-28"))
    [alert] = visit.dcs_alerts.all()  # Birmingham, where the agency is based (no case list)
    assert (alert.local_authority.code, alert.rule, alert.email_due) == ("330", "ENF-4", d("2026-04-07"))
    # RULES: ENF-4 — the email goes without waiting for the case review.
    services.send_dcs_alert(alert, by=inspector, now=at("2026-04-07", 9), summary="Carers are not checked.")
    assert mail.outbox[-1].to == ["dcs330@la.example"]
    assert "serious or widespread concerns" in mail.outbox[-1].body


def test_enf4_refused_without_concerns_or_for_another_kind(
    assurance_visit, judged_inadequate, inspector
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as refused:
        services.open_serious_concerns(assurance_visit(serious=False), by=inspector, now=at("2026-04-02"))
    assert refused.value.rule == "ENF-4"
    with pytest.raises(RuleViolation):
        services.open_serious_concerns(judged_inadequate, by=inspector, now=at("2026-04-02"))
    assert not SeriousConcernsFollowUp.objects.exists()


def test_sch9_the_monitoring_visit_is_planned_within_6_to_8_weeks(assurance_visit, inspector) -> None:  # type: ignore[no-untyped-def]
    follow_up = services.open_serious_concerns(assurance_visit(), by=inspector, now=at("2026-04-02", 17))
    with pytest.raises(RuleViolation) as refused:
        services.plan_monitoring_visit(follow_up, by=inspector, now=at("2026-04-07"), day=d("2026-06-01"))
    assert refused.value.rule == "SCH-9"
    services.plan_monitoring_visit(follow_up, by=inspector, now=at("2026-04-07"), day=d("2026-05-19"))
    follow_up.refresh_from_db()
    assert follow_up.monitoring_planned_on == d("2026-05-19")
    assert follow_up.inspection.events.filter(type=EventType.MONITORING_VISIT_PLANNED).exists()


def test_enforcement_deadlines_are_registered_with_owners(assurance_visit, inspector, manager) -> None:  # type: ignore[no-untyped-def]
    visit = assurance_visit()
    services.open_serious_concerns(visit, by=inspector, now=at("2026-04-02", 17))
    referral = services.open_safeguarding_referral(
        visit, by=inspector, now=at("2026-04-02", 11), concern="Bruising"
    )
    found = {(x.source, x.rule, x.due) for x in deadlines.between(d("2026-04-01"), d("2026-06-30"))}
    assert {
        ("enforcement.case_reviews", "ENF-4", d("2026-04-13")),
        ("enforcement.dcs_emails", "ENF-4", d("2026-04-07")),
        ("enforcement.monitoring_visits", "SCH-9", d("2026-05-28")),
        ("enforcement.safeguarding_follow_ups", "SAF-1", referral.follow_up_due),
    } <= found
    mine = {x.source for x in deadlines.owned_by(manager, d("2026-04-01"), d("2026-06-30"))}
    assert {"enforcement.case_reviews", "enforcement.safeguarding_follow_ups"} <= mine
    services.send_dcs_alert(visit.dcs_alerts.get(), by=inspector, now=at("2026-04-07", 9), summary="Concerns")
    calls = [
        x for x in deadlines.between(d("2026-04-01"), d("2026-04-30")) if x.source == "enforcement.dcs_calls"
    ]
    assert [(x.due, x.owners) for x in calls] == [(d("2026-04-08"), (inspector.pk, manager.pk))]


def test_saf1_a_referral_from_any_kind_of_visit(assurance_visit, inspector, manager) -> None:  # type: ignore[no-untyped-def]
    visit = assurance_visit()
    referral = services.open_safeguarding_referral(
        visit, by=inspector, now=at("2026-04-01", 11), concern="A child disclosed harm", about_staff=True
    )
    # RULES: SAF-1 — the Senior HMI (the visit's manager) follows up within a working week, over Easter:
    # from Wed 1 Apr 2026, Thu 2 (1), Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 April (5).
    assert referral.follow_up_owner == manager and referral.follow_up_due == d("2026-04-10")
    assert visit.events.filter(type=EventType.SAFEGUARDING_REFERRAL).exists()


def test_saf1_the_authorities_first_when_telling_the_agency_is_risky(assurance_visit, inspector) -> None:  # type: ignore[no-untyped-def]
    referral = services.open_safeguarding_referral(
        assurance_visit(), by=inspector, now=at("2026-04-01", 11), concern="Harm", provider_first_risky=True
    )
    with pytest.raises(RuleViolation) as refused:
        services.record_referral_contact(
            referral,
            by=inspector,
            now=at("2026-04-01", 12),
            role=ReferralRole.RESPONSIBLE_INDIVIDUAL,
            organisation="Brook Fostering",
            told_at=at("2026-04-01", 11, 30),
            how="phone",
        )
    assert refused.value.rule == "SAF-1"
    assert not referral.contacts.exists()
    services.record_referral_contact(
        referral,
        by=inspector,
        now=at("2026-04-01", 12),
        role=ReferralRole.LA_CHILDRENS_SERVICES,
        organisation="Birmingham children's services",
        told_at=at("2026-04-01", 11, 15),
        how="phone",
    )
    services.record_referral_contact(
        referral,
        by=inspector,
        now=at("2026-04-01", 13),
        role=ReferralRole.RESPONSIBLE_INDIVIDUAL,
        organisation="Brook Fostering",
        told_at=at("2026-04-01", 12, 30),
        how="phone",
    )
    assert list(referral.contacts.values_list("role", flat=True)) == [
        "la_childrens_services",
        "responsible_individual",
    ]


def test_saf1_closing_needs_everyone_told_and_the_follow_up(
    assurance_visit, inspector, manager, qa_officer
) -> None:  # type: ignore[no-untyped-def]
    referral = services.open_safeguarding_referral(
        assurance_visit(), by=inspector, now=at("2026-04-01", 11), concern="Harm", about_staff=True
    )
    with pytest.raises(RuleViolation) as refused:
        services.close_referral(referral, by=manager, now=at("2026-04-08"), note="LA acted")
    assert "Designated officer" in refused.value.message
    for role in (
        "person_in_charge",
        "la_childrens_services",
        "social_worker",
        "placing_la_dcs",
        "designated_officer",
    ):
        services.record_referral_contact(
            referral,
            by=inspector,
            now=at("2026-04-01", 15),
            role=role,
            organisation="Org",
            told_at=at("2026-04-01", 14),
            how="phone",
        )
    with pytest.raises(PermissionDenied):
        services.close_referral(referral, by=qa_officer, now=at("2026-04-08"), note="LA acted")
    with pytest.raises(RuleViolation):
        services.close_referral(referral, by=manager, now=at("2026-04-08"), note=" ")
    services.close_referral(
        referral, by=manager, now=at("2026-04-08"), note="Strategy meeting held; child safe"
    )
    referral.refresh_from_db()
    assert not referral.is_open and referral.closed_by == manager
    with pytest.raises(RuleViolation):
        services.record_referral_contact(
            referral,
            by=inspector,
            now=at("2026-04-09"),
            role="police",
            organisation="Police",
            told_at=at("2026-04-09", 9),
            how="phone",
        )


def test_a_case_review_opened_by_another_area(provider_a, inspector, manager) -> None:  # type: ignore[no-untyped-def]
    """How compliance opens one for an unmet notice (ENF-1): due 5 WD after the day of `now` by default."""
    # Wed 24 Dec 2025: Mon 29 (1), Tue 30 (2), Wed 31 (3), Fri 2 Jan (4: New Year's Day), Mon 5 Jan 2026 (5).
    review = services.open_case_review(
        provider=provider_a, reason="unmet_notice", by=inspector, now=at("2025-12-24"), owner=manager
    )
    assert (review.due, review.rule, review.owner) == (d("2026-01-05"), "ENF-1", manager)
    with pytest.raises(RuleViolation) as refused:
        services.open_case_review(
            provider=provider_a, reason="unmet_notice", by=inspector, now=at("2025-12-24")
        )
    assert refused.value.field == "owner"  # an inspector does not decide a case review
    decided = services.decide_case_review(
        review, by=manager, decision="compliance_notice", reason="A further notice", now=at("2026-01-05")
    )
    assert decided.decision == "compliance_notice" and decided.visit_announced is None


def test_dpr2_a_dcs_email_naming_someone_is_refused_until_checked(
    assurance_visit: Callable[..., Inspection], inspector
) -> None:  # type: ignore[no-untyped-def]
    """The summary leaves the regulator (to the director, then the agency): the one identifying-text check
    refuses a name, naming the field, and nothing is sent; the inspector may confirm a flagged passage."""
    visit = assurance_visit()
    services.open_serious_concerns(visit, by=inspector, now=at("2026-04-02", 17))
    alert = visit.dcs_alerts.get()
    with pytest.raises(RuleViolation) as refused:
        services.send_dcs_alert(
            alert, by=inspector, now=at("2026-04-07", 9), summary="Jane Smith, aged 7, was not safeguarded."
        )
    assert (refused.value.rule, refused.value.field) == ("DPR-2", "summary")
    assert "the email to the director may identify someone" in refused.value.message
    alert.refresh_from_db()
    assert alert.message_id is None and not mail.outbox
    place = "Carers at Smith Lane were not checked."  # a street, flagged as a possible name
    with pytest.raises(RuleViolation):
        services.send_dcs_alert(alert, by=inspector, now=at("2026-04-07", 9), summary=place)
    sent = services.send_dcs_alert(
        alert,
        by=inspector,
        now=at("2026-04-07", 9),
        summary=place,
        names_checked=True,
    )
    assert sent.message is not None and "Smith Lane" in sent.message.body
