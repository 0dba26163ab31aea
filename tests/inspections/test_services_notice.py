"""Scheduling, notice, the notification call, the information date, deferral and new dates.

RULES: NTC-1, CAL-3, CAL-4, KND-1, INF-2, NTC-5. Dates are real: Easter 2025 (Good Friday 18 April,
Easter Monday 21 April) and Christmas 2025; every expected date below was counted by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from careinspect.inspections.models import DeferralDecision, Inspection
from careinspect.inspections.services import lifecycle as services
from careinspect.registry.models import Provider, ProviderKind
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db

WalkTo = Callable[[Status], Inspection]


def schedule(
    provider: Provider, inspector: User, manager: User, start: str, end: str, today: str
) -> Inspection:
    return services.schedule_inspection(
        provider,
        lead_inspector=inspector,
        manager=manager,
        start=d(start),
        end=d(end),
        by=manager,
        now=at(today),
    )


# --- schedule_inspection ---------------------------------------------------------------------------------


def test_ntc1_notice_day_is_10_working_days_before_over_easter(
    provider_a: Provider, inspector: User, manager: User
) -> None:
    """On site Tue 29 April 2025: counting back 28, 25, 24, 23, 22 April, skipping Easter Monday and Good
    Friday, then 17, 16, 15, 14, 11 April: notice on Friday 11 April."""
    inspection = schedule(provider_a, inspector, manager, "2025-04-29", "2025-04-30", today="2025-04-01")
    assert inspection.notice_due == d("2025-04-11")
    assert inspection.status == Status.SCHEDULED
    assert (inspection.lead_inspector, inspection.manager) == (inspector, manager)


def test_ntc1_notice_is_20_working_days_for_a_single_individual(
    provider_a: Provider, inspector: User, manager: User
) -> None:
    """Ten more working days back from 11 April 2025: 10, 9, 8, 7, 4, 3, 2, 1 April, 31 and 28 March."""
    provider_a.single_individual = True
    provider_a.save()
    inspection = schedule(provider_a, inspector, manager, "2025-04-29", "2025-04-30", today="2025-03-20")
    assert inspection.notice_due == d("2025-03-28")


def test_ntc1_a_start_too_soon_for_the_notice_is_refused(
    provider_a: Provider, inspector: User, manager: User
) -> None:
    with pytest.raises(RuleViolation) as raised:
        schedule(provider_a, inspector, manager, "2025-04-29", "2025-04-30", today="2025-04-14")
    assert (raised.value.rule, raised.value.field) == ("NTC-1", "start_date")
    assert "11 April 2025" in raised.value.message
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        pytest.param("2025-04-18", "2025-04-22", "start_date", id="good-friday-start"),
        pytest.param("2025-04-17", "2025-04-21", "end_date", id="easter-monday-end"),
        pytest.param("2025-12-24", "2025-12-25", "end_date", id="christmas-day-end"),
        pytest.param("2025-05-03", "2025-05-06", "start_date", id="saturday-start"),
    ],
)
def test_cal4_an_on_site_day_that_is_not_a_working_day_is_refused_naming_the_field(
    provider_a: Provider, inspector: User, manager: User, start: str, end: str, field: str
) -> None:
    with pytest.raises(RuleViolation) as raised:
        schedule(provider_a, inspector, manager, start, end, today="2025-03-03")
    assert (raised.value.rule, raised.value.field) == ("CAL-4", field)
    assert "not a working day" in raised.value.message


def test_knd1_on_site_days_spread_over_more_than_3_working_days_are_refused(
    provider_a: Provider, inspector: User, manager: User
) -> None:
    """Mon 14 to Thu 17 April 2025 is 4 working days."""
    with pytest.raises(RuleViolation) as raised:
        schedule(provider_a, inspector, manager, "2025-04-14", "2025-04-17", today="2025-03-03")
    assert (raised.value.rule, raised.value.field) == ("KND-1", "end_date")


def test_knd1_the_span_counts_working_days_so_thursday_to_tuesday_over_easter_is_2(
    provider_a: Provider, inspector: User, manager: User
) -> None:
    inspection = schedule(provider_a, inspector, manager, "2025-04-17", "2025-04-22", today="2025-03-03")
    assert (inspection.start_date, inspection.end_date) == (d("2025-04-17"), d("2025-04-22"))


def test_knd1_the_last_on_site_day_is_not_before_the_first(
    provider_a: Provider, inspector: User, manager: User
) -> None:
    with pytest.raises(RuleViolation) as raised:
        schedule(provider_a, inspector, manager, "2025-04-30", "2025-04-29", today="2025-03-03")
    assert raised.value.field == "end_date"


@pytest.mark.parametrize("who", ["inspector", "qa_officer", "provider_user_a"])
def test_only_a_manager_may_schedule_an_inspection(
    request: pytest.FixtureRequest, provider_a: Provider, inspector: User, manager: User, who: str
) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.schedule_inspection(
            provider_a,
            lead_inspector=inspector,
            manager=manager,
            start=d("2025-04-29"),
            end=d("2025-04-30"),
            by=user,
            now=at(d("2025-04-01")),
        )


@pytest.mark.parametrize("kind", [ProviderKind.IFA, ProviderKind.VAA, ProviderKind.RAA])
def test_knd1_a_sccif_full_inspection_is_for_adoption_support_agencies_only(
    inspector: User, manager: User, kind: str
) -> None:
    other = Provider.objects.create(
        kind=kind, urn=f"SC9{kind}", name="Other agency", registration_date=d("2015-01-05")
    )
    with pytest.raises(RuleViolation) as raised:
        schedule(other, inspector, manager, "2025-04-29", "2025-04-30", today="2025-04-01")
    assert raised.value.field == "provider"


# --- notify ----------------------------------------------------------------------------------------------


def test_ntc1_notice_after_the_notice_day_is_refused(walk: Walk) -> None:
    inspection = walk.schedule()  # on site 17 December 2025: notice due Wednesday 3 December
    with pytest.raises(RuleViolation) as raised:
        services.notify(inspection, by=walk.inspector, now=at(d("2025-12-04")))
    assert (raised.value.rule, raised.value.field) == ("NTC-1", "notified_on")
    assert walk.current.status == Status.SCHEDULED


def test_inf2_notice_proposes_the_information_date_5_working_days_later(walk: Walk) -> None:
    """Notice on Wed 3 December 2025: 4, 5, 8, 9, 10 December."""
    walk.schedule()
    inspection = services.notify(walk.current, by=walk.inspector, now=at(d("2025-12-03")))
    assert inspection.status == Status.NOTIFIED
    assert inspection.notified_on == d("2025-12-03")
    assert inspection.information_due == d("2025-12-10")


def test_inf2_notice_before_easter_proposes_a_date_after_it(
    provider_a: Provider, inspector: User, manager: User
) -> None:
    """Notice on Thu 17 April 2025: 22, 23, 24, 25, 28 April (Good Friday and Easter Monday skipped)."""
    inspection = schedule(provider_a, inspector, manager, "2025-05-06", "2025-05-07", today="2025-04-01")
    inspection = services.notify(inspection, by=inspector, now=at(d("2025-04-17")))
    assert inspection.information_due == d("2025-04-28")


def test_cal4_notice_is_given_on_a_working_day(walk: Walk) -> None:
    walk.schedule()
    with pytest.raises(RuleViolation) as raised:
        services.notify(walk.current, by=walk.inspector, now=at(d("2025-11-29")))  # a Saturday
    assert (raised.value.rule, raised.value.field) == ("CAL-4", "notified_on")


def test_notice_writes_the_event_and_the_audit_trail_with_who_and_when(walk: Walk) -> None:
    """Every state change is in the audit trail, with who and when."""
    walk.to(Status.NOTIFIED)
    inspection = walk.current
    latest = inspection.history.first()
    assert latest is not None
    assert latest.history_user == walk.inspector
    assert latest.status == Status.NOTIFIED
    assert latest.history_date is not None
    scheduled = inspection.history.filter(status=Status.SCHEDULED).earliest("history_date")
    assert scheduled.history_user == walk.manager
    event = inspection.events.get(to_status=Status.NOTIFIED)
    assert (event.by, event.from_status, event.visible_to_provider) == (
        walk.inspector,
        Status.SCHEDULED,
        True,
    )
    assert event.at is not None


def test_a_quality_assurance_officer_cannot_give_notice(walk: Walk, qa_officer: User) -> None:
    walk.schedule()
    with pytest.raises(PermissionDenied):
        services.notify(walk.current, by=qa_officer, now=at(d("2025-12-03")))


# --- the notification call and the information date --------------------------------------------------------


def test_ntc1_the_call_is_logged_only_after_the_letter(walk: Walk) -> None:
    walk.schedule()
    with pytest.raises(RuleViolation) as raised:
        services.log_notification_call(
            walk.current,
            by=walk.inspector,
            at=timezone.make_aware(datetime(2025, 12, 3, 10)),
            note="Spoke to RM",
        )
    assert raised.value.rule == "NTC-1"


def test_ntc1_the_call_is_logged_with_who_was_spoken_to(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    at = timezone.make_aware(datetime(2025, 12, 3, 10, 15))
    with pytest.raises(RuleViolation) as raised:
        services.log_notification_call(walk.current, by=walk.inspector, at=at, note="  ")
    assert raised.value.field == "note"
    inspection = services.log_notification_call(
        walk.current, by=walk.inspector, at=at, note=" Spoke to the RM "
    )
    assert (inspection.notification_call_at, inspection.notification_call_note) == (at, "Spoke to the RM")
    assert inspection.events.filter(type="notification_call").exists()


def test_inf2_the_information_date_agreed_with_the_agency_replaces_the_proposal(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    inspection = services.agree_information_date(
        walk.current, by=walk.inspector, day=d("2025-12-12"), now=tick()
    )
    assert inspection.information_due == d("2025-12-12")
    assert inspection.events.get(type="information_date").visible_to_provider


def test_inf2_the_forms_are_needed_before_the_first_on_site_day(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    with pytest.raises(RuleViolation) as raised:
        services.agree_information_date(walk.current, by=walk.inspector, day=d("2025-12-17"), now=tick())
    assert (raised.value.rule, raised.value.field) == ("INF-2", "information_due")


def test_cal4_the_information_date_is_a_working_day(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    with pytest.raises(RuleViolation) as raised:
        services.agree_information_date(
            walk.current, by=walk.inspector, day=d("2025-12-13"), now=tick()
        )  # a Saturday
    assert (raised.value.rule, raised.value.field) == ("CAL-4", "information_due")


# --- deferral and new dates ------------------------------------------------------------------------------


def test_ntc5_a_deferral_request_needs_the_providers_reason(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    with pytest.raises(RuleViolation) as raised:
        services.request_deferral(walk.current, by=walk.inspector, reason=" ", now=at(d("2025-12-03")))
    assert (raised.value.rule, raised.value.field) == ("NTC-5", "reason")


def test_ntc5_a_deferral_is_decided_by_a_manager(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    deferral = services.request_deferral(
        walk.current, by=walk.inspector, reason="The manager is in hospital", now=at(d("2025-12-03"))
    )
    with pytest.raises(PermissionDenied):
        services.decide_deferral(
            deferral, by=walk.inspector, grant=True, reason="Fair", now=at(d("2025-12-04"))
        )
    with pytest.raises(RuleViolation) as raised:
        services.decide_deferral(deferral, by=walk.manager, grant=True, reason="", now=at(d("2025-12-04")))
    assert raised.value.field == "decision_reason"


def test_ntc5_a_granted_deferral_defers_the_inspection_with_the_reason_recorded(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    deferral = services.request_deferral(
        walk.current, by=walk.inspector, reason="The manager is in hospital", now=at(d("2025-12-03"))
    )
    deferral = services.decide_deferral(
        deferral,
        by=walk.manager,
        grant=True,
        reason="No one else can answer for the agency",
        now=at(d("2025-12-04")),
    )
    assert deferral.decision == DeferralDecision.GRANTED
    assert (deferral.decided_by, deferral.decided_on) == (walk.manager, d("2025-12-04"))
    assert deferral.decision_reason == "No one else can answer for the agency"
    inspection = walk.current
    assert inspection.status == Status.DEFERRED
    assert inspection.events.get(to_status=Status.DEFERRED).note == "No one else can answer for the agency"


def test_ntc5_a_refused_deferral_leaves_the_inspection_where_it_was(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    deferral = services.request_deferral(
        walk.current, by=walk.inspector, reason="Busy week", now=at(d("2025-12-03"))
    )
    deferral = services.decide_deferral(
        deferral, by=walk.manager, grant=False, reason="Not exceptional", now=at(d("2025-12-04"))
    )
    assert deferral.decision == DeferralDecision.REFUSED
    assert walk.current.status == Status.NOTIFIED
    assert walk.current.events.get(type="deferral_refused").visible_to_provider
    with pytest.raises(RuleViolation, match="already been decided"):
        services.decide_deferral(
            deferral, by=walk.manager, grant=True, reason="On reflection", now=at(d("2025-12-05"))
        )
    # Once decided, the agency may ask again.
    services.request_deferral(
        walk.current, by=walk.inspector, reason="Staff illness", now=at(d("2025-12-05"))
    )


def test_ntc5_a_second_request_while_one_is_pending_is_refused(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    services.request_deferral(walk.current, by=walk.inspector, reason="Busy week", now=at(d("2025-12-03")))
    with pytest.raises(RuleViolation) as raised:
        services.request_deferral(
            walk.current, by=walk.inspector, reason="Still busy", now=at(d("2025-12-04"))
        )
    assert raised.value.rule == "NTC-5"
    assert walk.current.deferrals.count() == 1


def test_ntc5_no_deferral_once_preparation_has_started(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    with pytest.raises(RuleViolation) as raised:
        services.request_deferral(
            walk.current, by=walk.inspector, reason="Busy week", now=at(d("2025-12-11"))
        )
    assert (raised.value.rule, raised.value.field) == ("NTC-5", "status")


def test_ntc5_a_deferred_inspection_gets_new_dates_and_a_new_notice_day(walk: Walk) -> None:
    """New visit Tue 13 to Wed 14 January 2026: 10 WD back is 12, 9, 8, 7, 6, 5, 2 January, 31, 30, 29
    December (Christmas, Boxing Day and New Year's Day skipped): notice on Monday 29 December 2025."""
    walk.to(Status.NOTIFIED)
    deferral = services.request_deferral(
        walk.current, by=walk.inspector, reason="Flooded", now=at(d("2025-12-03"))
    )
    services.decide_deferral(
        deferral, by=walk.manager, grant=True, reason="Premises closed", now=at(d("2025-12-03"))
    )
    with pytest.raises(PermissionDenied):
        services.reschedule(
            walk.current,
            by=walk.inspector,
            start=d("2026-01-13"),
            end=d("2026-01-14"),
            now=at(d("2025-12-04")),
        )
    inspection = services.reschedule(
        walk.current, by=walk.manager, start=d("2026-01-13"), end=d("2026-01-14"), now=at(d("2025-12-04"))
    )
    assert inspection.status == Status.SCHEDULED
    assert (inspection.start_date, inspection.end_date) == (d("2026-01-13"), d("2026-01-14"))
    assert inspection.notice_due == d("2025-12-29")
    assert inspection.notified_on is None and inspection.information_due is None


def test_ntc1_new_dates_too_soon_for_the_notice_are_refused(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    deferral = services.request_deferral(
        walk.current, by=walk.inspector, reason="Flooded", now=at(d("2025-12-03"))
    )
    services.decide_deferral(
        deferral, by=walk.manager, grant=True, reason="Premises closed", now=at(d("2025-12-03"))
    )
    with pytest.raises(RuleViolation) as raised:
        services.reschedule(
            walk.current, by=walk.manager, start=d("2026-01-13"), end=d("2026-01-14"), now=at(d("2025-12-30"))
        )
    assert (raised.value.rule, raised.value.field) == ("NTC-1", "start_date")
    assert walk.current.status == Status.DEFERRED


def test_ntc5_an_inspection_that_is_not_deferred_cannot_be_rescheduled(walk: Walk) -> None:
    walk.to(Status.NOTIFIED)
    with pytest.raises(RuleViolation) as raised:
        services.reschedule(
            walk.current, by=walk.manager, start=d("2026-01-13"), end=d("2026-01-14"), now=at(d("2025-12-04"))
        )
    assert raised.value.field == "status"
    assert "while the inspection is notified" in raised.value.message
