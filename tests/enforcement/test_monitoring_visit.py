"""ENF-4, SCH-9: the monitoring visit after serious concerns, from the follow-up's own page. A manager
schedules it on a day within its 6 to 8 weeks (compliance's scheduling service: a monitoring visit for
concerns, KND-4), or links one already scheduled; the follow-up then shows it. Inspectors and QA read,
any agency's staff get 404, the signed out are sent to sign in.

The assurance visit ends on Thu 2 April 2026 (conftest): the window is Thu 14 to Thu 28 May 2026."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from careinspect.compliance import services as compliance
from careinspect.enforcement import monitoring, services
from careinspect.enforcement.models import SeriousConcernsFollowUp
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, MonitoringDetail
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from tests.clock import LONDON, at
from tests.conftest import d

pytestmark = pytest.mark.django_db

PURPOSE = "To check the agency has acted on the serious concerns."


@pytest.fixture
def follow_up(assurance_visit: Callable[..., Inspection], inspector: User) -> SeriousConcernsFollowUp:
    return services.open_serious_concerns(assurance_visit(), by=inspector, now=at("2026-04-02", 17))


def schedule(follow_up: SeriousConcernsFollowUp, by: User, lead: User, day: str, **kwargs: Any) -> Inspection:
    return monitoring.schedule_visit(
        follow_up,
        by=by,
        now=at("2026-04-10"),
        start=d(day),
        end=d(day),
        lead_inspector=lead,
        announced=kwargs.pop("announced", False),
        purpose=kwargs.pop("purpose", PURPOSE),
    )


def scheduled_elsewhere(provider: Provider, manager: User, lead: User, day: str) -> Inspection:
    """A monitoring visit for concerns scheduled on the agency's compliance page, not from the follow-up."""
    return compliance.schedule_monitoring_visit(
        provider,
        reason="concerns",
        purpose=PURPOSE,
        start=d(day),
        end=d(day),
        lead_inspector=lead,
        manager=manager,
        announced=False,
        by=manager,
        now=at("2026-04-10"),
    )


def on(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON), tick=False
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- The services ---------------------------------------------------------------------------------------


def test_sch9_a_manager_schedules_the_visit_in_the_window_and_the_follow_up_links_it(
    follow_up: SeriousConcernsFollowUp, manager: User, inspector: User
) -> None:
    visit = schedule(follow_up, manager, inspector, "2026-05-19")
    assert (visit.kind, visit.provider_id, visit.start_date) == (
        Kind.MONITORING.value,
        follow_up.inspection.provider_id,
        d("2026-05-19"),
    )
    detail = MonitoringDetail.objects.get(inspection=visit)
    assert (detail.reason, detail.purpose, detail.announced) == ("concerns", PURPOSE, False)
    follow_up.refresh_from_db()
    assert (follow_up.monitoring_visit, follow_up.monitoring_planned_on) == (visit, d("2026-05-19"))
    assert follow_up.inspection.events.filter(type=EventType.MONITORING_VISIT_PLANNED).count() == 1
    assert visit.events.filter(type=EventType.SCHEDULED).count() == 1
    # Linked, it is off the dashboard's list of visits to schedule, and not scheduled twice.
    assert not SeriousConcernsFollowUp.objects.filter(monitoring_visit__isnull=True).exists()
    with pytest.raises(RuleViolation) as again:
        schedule(follow_up, manager, inspector, "2026-05-20")
    assert (again.value.rule, again.value.field) == ("SCH-9", "visit")


@pytest.mark.parametrize("day", ["2026-05-13", "2026-05-29"])
def test_sch9_a_day_outside_the_six_to_eight_weeks_is_refused_and_nothing_is_scheduled(
    follow_up: SeriousConcernsFollowUp, manager: User, inspector: User, day: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        schedule(follow_up, manager, inspector, day)
    assert (refused.value.rule, refused.value.field) == ("SCH-9", "start_date")
    assert "14 May 2026 to 28 May 2026" in refused.value.message
    assert not Inspection.objects.filter(kind=Kind.MONITORING.value).exists()


@pytest.mark.parametrize("who", ["inspector", "qa_officer", "provider_user_a"])
def test_sch9_only_a_manager_schedules_or_links_it(
    follow_up: SeriousConcernsFollowUp, inspector: User, request: pytest.FixtureRequest, who: str
) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        schedule(follow_up, user, inspector, "2026-05-19")
    assert not Inspection.objects.filter(kind=Kind.MONITORING.value).exists()


def test_knd4_the_visit_is_announced_or_not_as_the_case_review_decided(
    follow_up: SeriousConcernsFollowUp, manager: User, inspector: User
) -> None:
    services.record_debrief(
        follow_up,
        by=inspector,
        now=at("2026-04-07"),
        held_on=d("2026-04-07"),
        manager=manager,
        evidence_quality="Strong",
        recommendation="An unannounced monitoring visit",
    )
    services.decide_case_review(
        follow_up.case_review,
        by=manager,
        decision="monitoring_visit",
        reason="Serious concerns",
        now=at("2026-04-08"),
        visit_announced=False,
    )
    with pytest.raises(RuleViolation) as refused:
        schedule(follow_up, manager, inspector, "2026-05-19", announced=True)
    assert (refused.value.rule, refused.value.field) == ("KND-4", "announced")
    visit = schedule(follow_up, manager, inspector, "2026-05-19")
    assert MonitoringDetail.objects.get(inspection=visit).announced is False


def test_sch9_a_visit_already_scheduled_in_the_window_is_linked(
    follow_up: SeriousConcernsFollowUp, manager: User, inspector: User
) -> None:
    provider = follow_up.inspection.provider
    early = scheduled_elsewhere(provider, manager, inspector, "2026-05-12")
    visit = scheduled_elsewhere(provider, manager, inspector, "2026-05-21")
    assert list(monitoring.linkable_visits(follow_up)) == [visit]
    with pytest.raises(RuleViolation) as outside:
        monitoring.link_visit(follow_up, by=manager, now=at("2026-04-10"), visit=early)
    assert (outside.value.rule, outside.value.field) == ("SCH-9", "visit")
    with pytest.raises(PermissionDenied):
        monitoring.link_visit(follow_up, by=inspector, now=at("2026-04-10"), visit=visit)
    linked = monitoring.link_visit(follow_up, by=manager, now=at("2026-04-10"), visit=visit)
    assert (linked.monitoring_visit, linked.monitoring_planned_on) == (visit, d("2026-05-21"))


def test_sch9_another_agencys_visit_is_not_linked(
    follow_up: SeriousConcernsFollowUp, manager: User, inspector: User, provider_a: Provider
) -> None:
    other = scheduled_elsewhere(provider_a, manager, inspector, "2026-05-21")
    assert list(monitoring.linkable_visits(follow_up)) == []
    with pytest.raises(RuleViolation) as refused:
        monitoring.link_visit(follow_up, by=manager, now=at("2026-04-10"), visit=other)
    assert (refused.value.rule, refused.value.field) == ("SCH-9", "visit")
    follow_up.refresh_from_db()
    assert follow_up.monitoring_visit is None


# --- The page -------------------------------------------------------------------------------------------


def _form(lead: User, day: str) -> dict[str, object]:
    return {
        "action": "schedule",
        "purpose": PURPOSE,
        "announced": "no",
        "lead_inspector": lead.pk,
        "start_date-day": day,
        "start_date-month": "5",
        "start_date-year": "2026",
    }


def test_sch9_the_page_is_the_regulators_and_its_forms_a_managers(
    follow_up: SeriousConcernsFollowUp,
    manager: User,
    inspector: User,
    qa_officer: User,
    provider_user_a: User,
    provider_user_b: User,
) -> None:
    url = reverse("enforcement:monitoring_visit", args=[follow_up.inspection_id])
    with on("2026-04-10"):
        assert b"Schedule the visit" in client_for(manager).get(url).content
        for reader in (inspector, qa_officer):
            page = client_for(reader).get(url)
            assert page.status_code == 200 and b"14 May 2026" in page.content
            assert b"Schedule the visit" not in page.content
            assert client_for(reader).post(url, _form(inspector, "19")).status_code == 403
        for staff in (provider_user_a, provider_user_b):
            assert client_for(staff).get(url).status_code == 404
            assert client_for(staff).post(url, _form(inspector, "19")).status_code == 404
        signed_out = client_for(None).post(url, _form(inspector, "19"))
        assert signed_out.status_code == 302 and signed_out["Location"].startswith(reverse("login"))
    assert not Inspection.objects.filter(kind=Kind.MONITORING.value).exists()


def test_sch9_the_manager_schedules_from_the_follow_up_and_it_shows_the_visit(
    follow_up: SeriousConcernsFollowUp, manager: User, inspector: User
) -> None:
    url = reverse("enforcement:monitoring_visit", args=[follow_up.inspection_id])
    next_steps = reverse("enforcement:next_steps", args=[follow_up.inspection_id])
    with on("2026-04-10"):
        client = client_for(manager)  # signed in on the day: a session lasts a working day
        assert url.encode() in client.get(next_steps).content
        outside = client.post(url, _form(inspector, "29"))
        body = outside.content.decode()
        assert outside.status_code == 422 and "govuk-error-summary" in body
        assert 'href="#id_start_date"' in body and "(SCH-9)" in body
        done = client.post(url, _form(inspector, "19"))
        assert done.status_code == 302 and done["Location"] == next_steps
        visit = Inspection.objects.get(kind=Kind.MONITORING.value)
        shown = client.get(next_steps).content.decode()
    assert reverse("inspections:visit", args=[visit.pk]) in shown and visit.reference in shown


def test_sch9_the_manager_links_a_visit_from_the_page(
    follow_up: SeriousConcernsFollowUp, manager: User, inspector: User
) -> None:
    visit = scheduled_elsewhere(follow_up.inspection.provider, manager, inspector, "2026-05-21")
    url = reverse("enforcement:monitoring_visit", args=[follow_up.inspection_id])
    with on("2026-04-10"):
        client = client_for(manager)  # signed in on the day: a session lasts a working day
        page = client.get(url).content.decode()
        assert "Or link a monitoring visit already scheduled" in page and visit.reference in page
        missing = client.post(url, {"action": "link"})
        assert missing.status_code == 422 and "Choose the monitoring visit" in missing.content.decode()
        assert client.post(url, {"action": "link", "visit": visit.pk}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.monitoring_visit == visit


# --- The API --------------------------------------------------------------------------------------------


def test_sch9_the_api_schedules_and_links_with_the_same_checks(
    follow_up: SeriousConcernsFollowUp,
    manager: User,
    inspector: User,
    qa_officer: User,
    provider_user_a: User,
) -> None:
    base = f"/api/enforcement/inspections/{follow_up.inspection_id}/monitoring-visit"
    body = {"start_date": "2026-05-19", "lead_inspector_id": inspector.pk, "purpose": PURPOSE}

    def post(user: User, url: str, data: dict[str, object]) -> Any:
        return client_for(user).post(url, data, content_type="application/json")

    with on("2026-04-10"):
        assert post(provider_user_a, base, body).status_code == 404
        assert post(qa_officer, base, body).status_code == 403
        outside = post(manager, base, {**body, "start_date": "2026-06-01"})
        assert outside.status_code == 422
        assert (outside.json()["rule"], outside.json()["field"]) == ("SCH-9", "start_date")
        done = post(manager, base, body)
        assert done.status_code == 201
        visit = Inspection.objects.get(kind=Kind.MONITORING.value)
        assert (done.json()["monitoring_visit_id"], done.json()["monitoring_planned_on"]) == (
            visit.pk,
            "2026-05-19",
        )
        again = post(manager, f"{base}/link", {"visit_id": visit.pk})
    assert again.status_code == 422 and again.json()["field"] == "visit"
