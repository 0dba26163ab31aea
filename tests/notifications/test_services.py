"""The services of what agencies tell the regulator: NOT-1 notifications and their review, SCH-5 and SCH-10
bringing an inspection forward into the due list, NOT-3 notices, NOT-2 missing reports, JDG-5/6 facts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from careinspect.inspections.models import PlanEntryKind
from careinspect.inspections.services.judgements import suggested_management_facts
from careinspect.notifications import services
from careinspect.notifications.models import (
    BringForward,
    LineOfEnquiry,
    ManagerNotice,
    Notification,
    NotificationStatus,
    ReviewOutcome,
)
from careinspect.registry.models import DueStatus, Intelligence, IntelligenceKind, ProviderDue
from careinspect.registry.services import refresh_due
from careinspect.rules.errors import RuleViolation
from careinspect.scenarios.sccif_full import SccifScenario
from tests.clock import at
from tests.conftest import d
from tests.notifications.conftest import NOW

pytestmark = pytest.mark.django_db

COMPLETE = {
    "occurred_on": d("2026-11-24"),
    "details": "Child AB was hurt at a contact session.",
    "person_ref": "AB-1001",
    "action_taken": "First aid and hospital; the family was told.",
    "others_informed": "The local authority.",
}


def send(user: Any, kind: Any, values: dict[str, Any] | None = None, **extra: Any) -> Notification:
    return services.submit_notification(
        by=user,
        type=kind,
        values=values or COMPLETE,
        names_checked=extra.get("names_checked", False),
        now=NOW,
    )


def test_not1_a_notification_is_checked_for_completeness_and_waits_for_review(staff, types) -> None:
    complete = send(staff["provider_a"], types["death"])
    assert complete.complete and complete.status == NotificationStatus.WAITING
    # Thursday 26 November 2026 + 3 working days = Tuesday 1 December.
    assert complete.review_due == d("2026-12-01")
    partial = send(staff["provider_a"], types["death"], {"occurred_on": d("2026-11-25"), "details": "x"})
    assert partial.missing_fields == ["person_ref", "action_taken", "others_informed"]
    # What the inspector sees when preparing (NOT-5).
    held = Intelligence.objects.get(pk=complete.intelligence_id)
    assert held.kind == IntelligenceKind.NOTIFICATION and held.provider == complete.provider


def test_not1_only_an_agencys_staff_send_and_only_for_their_own_agency(staff, types, agency_a) -> None:
    for who in ("inspector", "manager", "qa"):
        with pytest.raises(PermissionDenied):
            send(staff[who], types["death"])
    sent = send(staff["provider_b"], types["death"])
    assert sent.provider.urn == "SC900002"  # never another agency's, whatever is asked
    assert not Notification.objects.filter(provider=agency_a).exists()


def test_not1_a_retired_type_and_a_future_day_are_refused(staff, types) -> None:
    types["police"].active = False
    types["police"].save()
    with pytest.raises(RuleViolation) as refused:
        send(staff["provider_a"], types["police"])
    assert refused.value.field == "type"
    with pytest.raises(RuleViolation) as refused:
        send(staff["provider_a"], types["death"], {**COMPLETE, "occurred_on": d("2026-11-27")})
    assert refused.value.field == "occurred_on"
    assert not Notification.objects.exists()


def test_evd2_a_name_in_a_notification_is_refused_until_the_sender_confirms(staff, types) -> None:
    named = {**COMPLETE, "details": "Alex Morgan was not told in time."}  # agency A's registered manager
    with pytest.raises(services.MayIdentify) as warned:
        send(staff["provider_a"], types["death"], named)
    assert "Alex Morgan" in warned.value.passages and warned.value.field == "details"
    kept = send(staff["provider_a"], types["death"], named, names_checked=True)
    assert kept.identifying == ["Alex Morgan"]


def test_not1_asking_for_more_emails_the_agency_which_adds_it_and_the_review_starts_again(
    staff, types
) -> None:
    staff["provider_a"].email = "manager@harbour.example"
    staff["provider_a"].save()
    partial = send(staff["provider_a"], types["death"], {"occurred_on": d("2026-11-25"), "details": "x"})
    services.review_notification(
        partial,
        by=staff["inspector"],
        review=services.Review(ReviewOutcome.MORE_INFORMATION, "Who was involved and who was told?"),
        now=NOW,
    )
    partial.refresh_from_db()
    assert partial.status == NotificationStatus.MORE_ASKED
    assert mail.outbox[-1].to == ["manager@harbour.example"]
    assert "who it concerns" in mail.outbox[-1].body.lower()
    with pytest.raises(PermissionDenied):
        services.add_information(
            partial, by=staff["provider_b"], values={"person_ref": "ZZ"}, names_checked=False, now=NOW
        )
    later = at("2026-11-30", 9)
    services.add_information(
        partial,
        by=staff["provider_a"],
        values={"person_ref": "AB-1", "action_taken": "Reviewed.", "others_informed": "LA"},
        names_checked=False,
        now=later,
    )
    partial.refresh_from_db()
    assert partial.complete and partial.status == NotificationStatus.WAITING
    assert partial.details == "x"  # what was not given again stays
    assert partial.review_due == d("2026-12-03")


def test_not1_review_needs_an_inspector_and_a_note_and_happens_once(staff, types) -> None:
    sent = send(staff["provider_a"], types["death"])
    for who in ("qa", "provider_a"):
        with pytest.raises(PermissionDenied):
            services.review_notification(
                sent, by=staff[who], review=services.Review(ReviewOutcome.NOTED), now=NOW
            )
    with pytest.raises(RuleViolation) as refused:
        services.review_notification(
            sent, by=staff["inspector"], review=services.Review(ReviewOutcome.LINE_OF_ENQUIRY, " "), now=NOW
        )
    assert refused.value.field == "note"
    services.review_notification(
        sent, by=staff["inspector"], review=services.Review(ReviewOutcome.NOTED), now=NOW
    )
    with pytest.raises(RuleViolation):
        services.review_notification(
            sent, by=staff["inspector"], review=services.Review(ReviewOutcome.NOTED), now=NOW
        )


def test_not5_a_line_of_enquiry_waits_for_the_next_inspection_and_joins_its_plan_at_notice(
    staff, types, agency_a
) -> None:
    sent = send(staff["provider_a"], types["allegation"])
    services.review_notification(
        sent,
        by=staff["inspector"],
        review=services.Review(ReviewOutcome.LINE_OF_ENQUIRY, "How allegations against staff are handled"),
        now=NOW,
    )
    line = LineOfEnquiry.objects.get(notification=sent)
    assert line.pending and line.rule == "NOT-1"
    # The next inspection: scheduled (no plan yet), then notified: the line joins its plan.
    scenario = SccifScenario(inspector=staff["inspector"], manager=staff["manager"])
    scenario.schedule(agency_a, start=d("2027-01-20"), end=d("2027-01-22"), now=at("2026-12-01"))
    line.refresh_from_db()
    assert line.pending
    inspection = scenario.notify(now=at("2027-01-06"))
    line.refresh_from_db()
    assert line.inspection == inspection and not line.pending
    entry = inspection.plan_entries.get()
    assert (
        entry.kind == PlanEntryKind.LINE_OF_ENQUIRY
        and entry.text == "How allegations against staff are handled"
    )
    # A second line while the inspection is open goes straight into its plan.
    services.add_line_of_enquiry(
        agency_a, by=staff["inspector"], text="Staff supervision", rule="NOT-1", now=at("2027-01-07")
    )
    assert inspection.plan_entries.count() == 2


def due_row(agency: Any, today: Any) -> ProviderDue:
    refresh_due([agency.pk], today)
    return ProviderDue.objects.get(provider=agency)


def test_sch5_a_review_that_brings_the_inspection_forward_shows_why_in_the_due_list(
    staff, types, agency_a
) -> None:
    # Registered 1 June 2026 and not yet inspected: first inspection 1 January to 1 June 2027 (SCH-4).
    agency_a.past_inspections.all().delete()
    agency_a.registration_date = d("2026-06-01")
    agency_a.save()
    before = due_row(agency_a, NOW.date())
    assert before.status == DueStatus.LATER and before.earliest == d("2027-01-01")
    sent = send(staff["provider_a"], types["allegation"])
    services.review_notification(
        sent,
        by=staff["inspector"],
        review=services.Review(
            ReviewOutcome.BRING_FORWARD, "Allegation against a worker, not yet resolved", d("2027-01-29")
        ),
        now=NOW,
    )
    after = ProviderDue.objects.get(provider=agency_a)
    assert after.status == DueStatus.THIS_QUARTER  # due now
    assert after.reason == "Brought forward: Allegation against a worker, not yet resolved (SCH-5)"
    assert (after.earliest, after.latest) == (d("2026-11-26"), d("2027-01-29"))
    # The nightly refresh keeps it; an inspection that ends after the decision meets it.
    assert due_row(agency_a, d("2026-12-02")).reason.startswith("Brought forward")
    from careinspect.registry.models import InspectionKind, PastInspection

    PastInspection.objects.create(
        provider=agency_a, end_date=d("2027-01-20"), kind=InspectionKind.SCCIF_FULL, judgement="good"
    )
    assert not due_row(agency_a, d("2027-02-01")).reason.startswith("Brought forward")


def test_sch5_bring_forward_needs_a_reason_a_day_and_a_window(staff, agency_a, agency_b) -> None:
    for reason, by_day, field in (
        ("", d("2027-01-29"), "reason"),
        ("Why", None, "inspect_by"),
        ("Why", d("2026-11-25"), "inspect_by"),
    ):
        with pytest.raises(RuleViolation) as refused:
            services.bring_forward(
                agency_a, by=staff["inspector"], rule="SCH-5", reason=reason, inspect_by=by_day, now=NOW
            )
        assert refused.value.field == field and refused.value.rule == "SCH-5"
    with pytest.raises(PermissionDenied):
        services.bring_forward(
            agency_a, by=staff["qa"], rule="SCH-5", reason="Why", inspect_by=d("2027-01-29"), now=NOW
        )
    agency_b.serves_users = False
    agency_b.save()
    agency_b.past_inspections.all().delete()
    with pytest.raises(RuleViolation) as refused:
        services.bring_forward(
            agency_b, by=staff["inspector"], rule="SCH-5", reason="Why", inspect_by=d("2027-01-29"), now=NOW
        )
    assert refused.value.field == "provider"
    assert not BringForward.objects.exists()


def test_not3_late_notice_of_an_emergency_absence_is_flagged_and_a_manager_brings_it_forward(
    staff, agency_a
) -> None:
    # Absent from Monday 12 October 2026: day 28 is 8 November, notice due by Sunday 15 November.
    notice = services.submit_manager_notice(
        by=staff["provider_a"], kind="absence", emergency=True, starts_on=d("2026-10-12"), now=NOW
    )
    assert notice.due_by == d("2026-11-15") and notice.late
    assert list(services.late_notices_awaiting_decision()) == [notice]
    with pytest.raises(PermissionDenied):  # SCH-10 is a manager's decision
        services.bring_forward(
            agency_a,
            by=staff["inspector"],
            rule="SCH-10",
            reason="Late notice",
            inspect_by=d("2027-01-29"),
            now=NOW,
            manager_notice=notice,
        )
    services.bring_forward(
        agency_a,
        by=staff["manager"],
        rule="SCH-10",
        reason="Late notice of the manager's absence",
        inspect_by=d("2027-01-29"),
        now=NOW,
        manager_notice=notice,
    )
    row = ProviderDue.objects.get(provider=agency_a)
    assert row.reason == "Brought forward: Late notice of the manager's absence (SCH-10)"
    assert row.status == DueStatus.THIS_QUARTER
    assert list(services.late_notices_awaiting_decision()) == []


def test_sch10_only_a_late_notice_brings_forward_under_sch10(staff, agency_a) -> None:
    on_time = services.submit_manager_notice(
        by=staff["provider_a"], kind="absence", emergency=False, starts_on=d("2027-01-04"), now=NOW
    )
    assert on_time.due_by == d("2026-12-04") and not on_time.late
    with pytest.raises(RuleViolation) as refused:
        services.bring_forward(
            agency_a,
            by=staff["manager"],
            rule="SCH-10",
            reason="x",
            inspect_by=d("2027-01-29"),
            now=NOW,
            manager_notice=on_time,
        )
    assert refused.value.rule == "SCH-10"


def test_not3_notices_are_checked(staff) -> None:
    cases = [
        (dict(kind="absence", starts_on=d("2026-12-01"), ends_on=d("2026-12-10")), "ends_on"),
        (
            dict(kind="leaving", starts_on=d("2026-12-01"), applied_to_register_on=d("2026-11-01")),
            "applied_to_register_on",
        ),
        (dict(kind="appointed", starts_on=d("2026-12-01")), "starts_on"),
        (dict(kind="holiday", starts_on=d("2026-12-01")), "kind"),
    ]
    for values, field in cases:
        with pytest.raises(RuleViolation) as refused:
            services.submit_manager_notice(by=staff["provider_a"], emergency=False, now=NOW, **values)
        assert refused.value.field == field
    with pytest.raises(PermissionDenied):
        services.submit_manager_notice(
            by=staff["inspector"], kind="leaving", emergency=False, starts_on=d("2026-12-01"), now=NOW
        )
    assert not ManagerNotice.objects.exists()


def test_jdg5_jdg6_the_facts_form_is_offered_the_weeks_the_notices_give(staff, agency_a) -> None:
    services.submit_manager_notice(
        by=staff["provider_a"],
        kind="leaving",
        emergency=False,
        starts_on=d("2026-05-01"),
        now=at("2026-03-20"),
    )
    scenario = SccifScenario(inspector=staff["inspector"], manager=staff["manager"])
    inspection = scenario.schedule(agency_a, start=d("2027-01-20"), end=d("2027-01-22"), now=at("2026-12-01"))
    # 1 May 2026 to 6 November 2026 is 189 days: 27 weeks.
    assert suggested_management_facts(inspection, d("2026-11-06")) == {"manager_vacancy_weeks": 27.0}
    services.submit_manager_notice(
        by=staff["provider_a"],
        kind="appointed",
        emergency=False,
        starts_on=d("2026-08-03"),
        now=at("2026-08-05"),
    )
    # A manager in post from 3 August, not applied to register: 98 days to 9 November, 14 weeks.
    assert suggested_management_facts(inspection, d("2026-11-09")) == {"unregistered_manager_weeks": 14.0}


def test_not2_missing_reports_are_flagged_after_the_due_day_never_for_an_individual(
    staff, agency_a, agency_b
) -> None:
    # The year to 31 March 2026 was due by 30 June 2026.
    year, missing = services.missing_nms25(d("2026-11-26"))
    assert year.last == d("2026-03-31")
    assert set(missing) == {agency_a, agency_b}
    agency_b.single_individual = True
    agency_b.save()
    services.send_nms25(
        by=staff["provider_a"],
        year_ending=d("2026-03-31"),
        visit_date=d("2026-03-10"),
        filename="nms25.pdf",
        data=b"%PDF-1.4\n%%EOF\n",
        now=NOW,
    )
    assert list(services.missing_nms25(d("2026-11-26"))[1]) == []
    with pytest.raises(RuleViolation) as refused:
        services.send_nms25(
            by=staff["provider_b"],
            year_ending=d("2026-03-31"),
            visit_date=d("2026-03-10"),
            filename="nms25.pdf",
            data=b"%PDF-1.4\n%%EOF\n",
            now=NOW,
        )
    assert refused.value.rule == "NOT-2" and refused.value.field == "provider"
    with pytest.raises(RuleViolation) as refused:
        services.send_nms25(
            by=staff["provider_a"],
            year_ending=d("2027-03-31"),
            visit_date=d("2026-03-10"),
            filename="nms25.pdf",
            data=b"%PDF-1.4\n%%EOF\n",
            now=NOW,
        )
    assert refused.value.field == "year_ending"
    with pytest.raises(RuleViolation) as refused:
        services.send_nms25(
            by=staff["provider_a"],
            year_ending=d("2025-03-31"),
            visit_date=d("2025-03-10"),
            filename="nms25.pdf",
            data=b"MZ\x90\x00 not a pdf",
            now=NOW,
        )
    assert refused.value.field == "file"


def test_deadlines_reviews_and_nms25_are_registered(staff, types, agency_a) -> None:
    from careinspect.core import deadlines

    send(staff["provider_a"], types["death"])
    found = deadlines.between(d("2026-11-26"), d("2027-07-01"))
    reviews = [x for x in found if x.rule == "NOT-1"]
    assert [(x.due, x.provider_urn) for x in reviews] == [(d("2026-12-01"), "SC900001")]
    assert staff["inspector"].pk in reviews[0].owners
    nms = [x for x in found if x.rule == "NOT-2"]
    assert {(x.due, x.provider_urn) for x in nms} == {
        (d("2027-06-30"), "SC900001"),
        (d("2027-06-30"), "SC900002"),
    }
    assert nms[0].owners in ((staff["provider_a"].pk,), (staff["provider_b"].pk,))
