"""Pauses, incomplete inspections, and every step refused from a state it cannot start from.

The pure state machine is tested transition by transition in tests/rules/test_lifecycle.py; here the
services must say the same thing, naming the state, and change nothing when they refuse.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from careinspect.inspections import access
from careinspect.inspections.models import PublishedReport
from careinspect.inspections.services import lifecycle as services
from careinspect.inspections.services import reporting
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db


# --- pause and resume ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [Status.NOTIFIED, Status.ON_SITE, Status.FEEDBACK_GIVEN, Status.DRAFT_SENT]
)
def test_a_paused_inspection_resumes_where_it_was(walk: Walk, status: Status) -> None:
    walk.to(status)
    inspection = services.pause(
        walk.current, by=walk.manager, reason=" Serious incident under investigation ", now=tick()
    )
    assert inspection.status == Status.PAUSED
    assert (inspection.status_before_pause, inspection.pause_reason) == (
        status,
        "Serious incident under investigation",
    )
    inspection = services.resume(walk.current, by=walk.manager, now=tick())
    assert inspection.status == status
    assert (inspection.status_before_pause, inspection.pause_reason) == ("", "")
    assert inspection.events.get(type="resume").to_status == status


def test_only_a_manager_pauses_and_resumes(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(PermissionDenied):
        services.pause(walk.current, by=walk.inspector, reason="Illness", now=tick())
    services.pause(walk.current, by=walk.manager, reason="Illness", now=tick())
    with pytest.raises(PermissionDenied):
        services.resume(walk.current, by=walk.inspector, now=tick())


def test_a_pause_needs_its_reason(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        services.pause(walk.current, by=walk.manager, reason="", now=tick())
    assert raised.value.field == "pause_reason"


def test_dpr3_a_paused_draft_stays_visible_to_the_provider(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    services.pause(walk.current, by=walk.manager, reason="Illness", now=tick())
    assert not access.provider_may_see_draft(walk.current)
    services.resume(walk.current, by=walk.manager, now=tick())
    walk.to(Status.DRAFT_SENT)
    services.pause(walk.current, by=walk.manager, reason="Illness", now=tick())
    assert access.provider_may_see_draft(walk.current)


# --- incomplete ---------------------------------------------------------------------------------------------


def test_an_inspection_that_could_not_be_completed_is_marked_incomplete_and_given_new_dates(
    walk: Walk,
) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(PermissionDenied):
        services.mark_incomplete(walk.current, by=walk.inspector, reason="Premises closed", now=tick())
    with pytest.raises(RuleViolation) as raised:
        services.mark_incomplete(walk.current, by=walk.manager, reason=" ", now=tick())
    assert raised.value.field == "reason"
    inspection = services.mark_incomplete(
        walk.current, by=walk.manager, reason="Premises closed by flooding", now=tick()
    )
    assert inspection.status == Status.INCOMPLETE
    assert inspection.events.get(to_status=Status.INCOMPLETE).note == "Premises closed by flooding"
    inspection = services.reschedule(
        walk.current, by=walk.manager, start=d("2026-02-10"), end=d("2026-02-11"), now=at(d("2025-12-18"))
    )
    assert (inspection.status, inspection.notice_due) == (Status.SCHEDULED, d("2026-01-27"))


def test_a_paused_inspection_may_be_marked_incomplete(walk: Walk) -> None:
    walk.to(Status.PREPARING)
    services.pause(walk.current, by=walk.manager, reason="Agency in crisis", now=tick())
    assert (
        services.mark_incomplete(walk.current, by=walk.manager, reason="Cannot go ahead", now=tick()).status
        == Status.INCOMPLETE
    )


# --- every step refused from a wrong state, naming the state -----------------------------------------------


def _notify(walk: Walk) -> object:
    return services.notify(walk.current, by=walk.inspector, now=at(d("2025-12-03")))


def _start_preparation(walk: Walk) -> object:
    return services.start_preparation(walk.current, by=walk.inspector, now=tick())


def _start_on_site(walk: Walk) -> object:
    services.add_plan_entry(walk.current, by=walk.inspector, kind="line_of_enquiry", text="Waiting times")
    return services.start_on_site(walk.current, by=walk.inspector, now=at(walk.start))


def _give_feedback(walk: Walk) -> object:
    return services.give_feedback(walk.current, by=walk.inspector, now=at(walk.end), summary="Feedback")


def _send_draft(walk: Walk) -> object:
    return reporting.send_draft(walk.current, by=walk.inspector, now=at(d("2026-01-12")))


def _send_final(walk: Walk) -> object:
    return reporting.send_final(walk.current, by=walk.inspector, now=at(d("2026-01-21")))


def _publish(walk: Walk) -> object:
    return reporting.publish(walk.current, by=walk.manager, now=at(d("2026-01-28")))


def _pause(walk: Walk) -> object:
    return services.pause(walk.current, by=walk.manager, reason="Illness", now=tick())


def _resume(walk: Walk) -> object:
    return services.resume(walk.current, by=walk.manager, now=tick())


def _mark_incomplete(walk: Walk) -> object:
    return services.mark_incomplete(walk.current, by=walk.manager, reason="Closed", now=tick())


def _reschedule(walk: Walk) -> object:
    return services.reschedule(
        walk.current, by=walk.manager, start=d("2026-02-10"), end=d("2026-02-11"), now=at(d("2025-12-18"))
    )


def _grant_deferral(walk: Walk) -> object:
    deferral = walk.current.deferrals.get()
    return services.decide_deferral(
        deferral, by=walk.manager, grant=True, reason="Fair", now=at(d("2025-12-05"))
    )


def _deferral_pending_then_preparing(walk: Walk) -> None:
    """A deferral asked for on the notification call, still undecided when preparation starts."""
    services.request_deferral(walk.current, by=walk.inspector, reason="Busy", now=at(d("2025-12-03")))
    services.start_preparation(walk.current, by=walk.inspector, now=tick())


def _report_checked(walk: Walk) -> None:
    walk.write_and_check_report()


STATE_FIRST = "the service checks something else before the state"
WRONG_STATES: list[object] = [
    pytest.param(_notify, Status.NOTIFIED, None, id="notify-when-notified"),
    pytest.param(_start_preparation, Status.SCHEDULED, None, id="start_preparation-when-scheduled"),
    pytest.param(_start_on_site, Status.NOTIFIED, None, id="start_on_site-when-notified"),
    pytest.param(_send_final, Status.FEEDBACK_GIVEN, _report_checked, id="send_final-when-feedback_given"),
    pytest.param(_pause, Status.PUBLISHED, None, id="pause-when-published"),
    pytest.param(_resume, Status.ON_SITE, None, id="resume-when-on_site"),
    pytest.param(_mark_incomplete, Status.SCHEDULED, None, id="mark_incomplete-when-scheduled"),
    pytest.param(_mark_incomplete, Status.FEEDBACK_GIVEN, None, id="mark_incomplete-when-feedback_given"),
    pytest.param(_reschedule, Status.ON_SITE, None, id="reschedule-when-on_site"),
    pytest.param(
        _grant_deferral, Status.NOTIFIED, _deferral_pending_then_preparing, id="defer-when-preparing"
    ),
    pytest.param(
        _give_feedback,
        Status.PREPARING,
        None,
        id="give_feedback-when-preparing",
    ),
    pytest.param(
        _send_draft,
        Status.ON_SITE,
        None,
        id="send_draft-when-on_site",
    ),
    pytest.param(
        _publish,
        Status.DRAFT_SENT,
        None,
        id="publish-when-draft_sent",
    ),
    pytest.param(
        _publish,
        Status.ON_SITE,
        None,
        id="publish-when-on_site",
    ),
]


@pytest.mark.parametrize(("step", "status", "setup"), WRONG_STATES)
def test_every_step_is_refused_from_a_wrong_state_naming_the_state(
    walk: Walk,
    step: Callable[[Walk], object],
    status: Status,
    setup: Callable[[Walk], None] | None,
) -> None:
    walk.to(status)
    if setup is not None:
        setup(walk)
    before = walk.current.status
    events = walk.current.events.count()
    with pytest.raises(RuleViolation) as raised:
        step(walk)
    assert raised.value.field == "status"
    assert f"while the inspection is {walk.current.status_enum.label.lower()}" in raised.value.message
    assert walk.current.status == before
    assert walk.current.events.count() == events
    assert not PublishedReport.objects.exists() or status is Status.PUBLISHED


def test_a_quality_assurance_officer_changes_nothing(walk: Walk, qa_officer: User) -> None:
    walk.to(Status.NOTIFIED)
    for step in (
        lambda: services.start_preparation(walk.current, by=qa_officer, now=tick()),
        lambda: services.pause(walk.current, by=qa_officer, reason="x", now=tick()),
        lambda: services.add_plan_entry(walk.current, by=qa_officer, kind="strength", text="x"),
    ):
        with pytest.raises(PermissionDenied):
            step()
    assert walk.current.status == Status.NOTIFIED
