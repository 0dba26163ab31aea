"""The notifications pages and API: an agency's user sees and sends only its own notifications (another
agency's is 404 and nothing changes), forms only for those who may submit them, errors naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from careinspect.notifications import services
from careinspect.notifications.models import Notification, NotificationStatus, ReviewOutcome
from careinspect.registry.models import ProviderDue
from tests.conftest import d
from tests.notifications.conftest import NOW

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sent_by(user: Any, types: Any, **values: Any) -> Notification:
    return services.submit_notification(
        by=user,
        type=types["other_serious"],
        values={"occurred_on": d("2026-11-20"), "details": "Police attended a home visit.", **values},
        names_checked=False,
        now=NOW,
    )


def test_an_agencys_user_sees_and_sends_only_its_own_notifications(staff, types) -> None:
    theirs = sent_by(staff["provider_b"], types, details="Agency B's own event.")
    client = signed_in(staff["provider_a"])
    page = client.get(reverse("notifications:agency"))
    assert page.status_code == 200 and "Agency B" not in page.content.decode()
    assert client.get(reverse("notifications:agency_detail", args=[theirs.pk])).status_code == 404
    assert (
        client.post(reverse("notifications:agency_detail", args=[theirs.pk]), {"details": "x"}).status_code
        == 404
    )
    # Sent through the page: always the user's own agency.
    answer = client.post(
        reverse("notifications:send"),
        {
            "type": types["other_serious"].pk,
            "occurred_on-day": "20",
            "occurred_on-month": "11",
            "occurred_on-year": "2026",
            "details": "A fall at a support group.",
        },
    )
    assert answer.status_code == 302
    mine = Notification.objects.exclude(pk=theirs.pk).get()
    assert mine.provider.urn == "SC900001"
    listed = client.get(reverse("notifications:agency")).content.decode()
    assert mine.reference in listed and theirs.reference not in listed
    # The regulator's pages are not theirs.
    for name, args in (
        ("notifications:inbox", []),
        ("notifications:review", [theirs.pk]),
        ("notifications:decisions", []),
        ("notifications:questionnaires", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403
    theirs.refresh_from_db()
    assert theirs.details == "Agency B's own event." and theirs.status == NotificationStatus.WAITING


def test_the_api_lists_an_agencys_own_and_refuses_anothers(staff, types) -> None:
    theirs = sent_by(staff["provider_b"], types)
    client = signed_in(staff["provider_a"])
    assert client.get("/api/notifications/").json() == []
    assert client.get(f"/api/notifications/{theirs.pk}").status_code == 404
    refused = client.post(
        f"/api/notifications/{theirs.pk}/review", {"outcome": "noted"}, content_type="application/json"
    )
    assert refused.status_code == 404
    made = client.post(
        "/api/notifications/",
        {"type": "death", "occurred_on": "2026-11-20", "details": "What happened."},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert body["provider_urn"] == "SC900001" and not body["complete"]
    assert body["missing_fields"] == ["person_ref", "action_taken", "others_informed"]
    listed = client.get("/api/notifications/")
    assert [n["id"] for n in listed.json()] == [body["id"]] and listed["X-Total-Count"] == "1"
    # A broken rule answers 422 naming the rule and the field.
    future = client.post(
        "/api/notifications/",
        {"type": "death", "occurred_on": "2027-01-01"},
        content_type="application/json",
    )
    assert future.status_code == 422 and future.json()["field"] == "occurred_on"
    theirs.refresh_from_db()
    assert theirs.status == NotificationStatus.WAITING


def test_the_api_review_is_the_inspectors_and_brings_forward(staff, types, agency_a) -> None:
    sent = sent_by(staff["provider_a"], types)
    qa = signed_in(staff["qa"]).post(
        f"/api/notifications/{sent.pk}/review", {"outcome": "noted"}, content_type="application/json"
    )
    assert qa.status_code == 403
    inspector = signed_in(staff["inspector"])
    missing = inspector.post(
        f"/api/notifications/{sent.pk}/review",
        {"outcome": "bring_forward", "note": "Why"},
        content_type="application/json",
    )
    assert missing.status_code == 422 and missing.json()["field"] == "inspect_by"
    done = inspector.post(
        f"/api/notifications/{sent.pk}/review",
        {"outcome": "bring_forward", "note": "Police involvement", "inspect_by": "2099-01-29"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["outcome"] == ReviewOutcome.BRING_FORWARD
    assert ProviderDue.objects.get(provider=agency_a).reason == "Brought forward: Police involvement (SCH-5)"


def test_the_manager_notice_page_flags_late_notice(staff) -> None:
    client = signed_in(staff["provider_a"])
    answer = client.post(
        reverse("notifications:manager_notice"),
        {
            "kind": "absence",
            "emergency": "on",
            "starts_on-day": "1",
            "starts_on-month": "1",
            "starts_on-year": "2020",
        },
        follow=True,
    )
    assert "It is late" in answer.content.decode()
    inbox = signed_in(staff["inspector"]).get(reverse("notifications:inbox")).content.decode()
    assert "Late (NOT-3)" in inbox
    # Only a manager is offered the decision (SCH-10).
    assert (
        "Bring the inspection forward (SCH-10)"
        not in signed_in(staff["inspector"]).get(reverse("notifications:decisions")).content.decode()
    )
    assert (
        "Bring the inspection forward (SCH-10)"
        in signed_in(staff["manager"]).get(reverse("notifications:decisions")).content.decode()
    )
    assert (
        signed_in(staff["inspector"]).post(reverse("notifications:decisions"), {"notice": "1"}).status_code
        == 403
    )


def test_an_error_is_shown_in_the_summary_naming_the_field(staff, types) -> None:
    page = signed_in(staff["provider_a"]).post(reverse("notifications:send"), {"details": "x"})
    text = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in text and "Choose the type of event" in text
    named = signed_in(staff["provider_a"]).post(
        reverse("notifications:send"),
        {"type": types["other_serious"].pk, "details": "Alex Morgan fell over."},
    )
    assert "confirm these are not people" in named.content.decode()
    assert not Notification.objects.exists()


def test_the_inspectors_page_shows_waiting_notifications_in_few_queries(
    staff, types, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        sent_by(staff["provider_a"], types)
        sent_by(staff["provider_b"], types)
    client = signed_in(staff["inspector"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("notifications:inbox"))
    assert (
        page.content.decode().count("Incomplete") == 0 and "Waiting for review (10)" in page.content.decode()
    )


def test_jdg5_the_judgements_page_offers_the_vacancy_weeks_the_agency_told_us(staff, agency_a) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from careinspect.scenarios.sccif_full import SccifScenario
    from tests.clock import at

    today = timezone.localdate()
    services.submit_manager_notice(
        by=staff["provider_a"],
        kind="leaving",
        emergency=True,
        starts_on=today - timedelta(days=189),
        now=at(today - timedelta(days=180)),
    )
    # On site from Wednesday 17 December 2025 (notice on Wednesday 3 December): the facts are asked on site.
    scenario = SccifScenario(inspector=staff["inspector"], manager=staff["manager"])
    scenario.schedule(agency_a, start=d("2025-12-17"), end=d("2025-12-19"), now=at("2025-12-01"))
    scenario.notify(now=at("2025-12-03"))
    scenario.start_preparation(now=at("2025-12-04"))
    scenario.add_plan_entries([("line_of_enquiry", "Management")])
    inspection = scenario.start_on_site(now=at("2025-12-17", 9))
    page = signed_in(staff["inspector"]).get(reverse("inspections:judgements", args=[inspection.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    at_field = text.find('name="facts-manager_vacancy_weeks"')
    assert 'value="27.0"' in text[at_field : at_field + 200], text[at_field - 300 : at_field + 300]


def test_not3_the_api_takes_a_notice_flags_it_late_and_a_manager_brings_it_forward(staff, agency_a) -> None:
    agency = signed_in(staff["provider_a"])
    made = agency.post(
        "/api/notifications/manager-notices",
        {"kind": "absence", "emergency": True, "starts_on": "2020-01-06"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["late"] and made.json()["due_by"] == "2020-02-09"
    assert signed_in(staff["provider_b"]).get("/api/notifications/manager-notices").json() == []
    assert [n["id"] for n in signed_in(staff["qa"]).get("/api/notifications/manager-notices").json()] == [
        made.json()["id"]
    ]
    payload = {
        "provider_urn": "SC900001",
        "rule": "SCH-10",
        "reason": "Late notice of the manager's absence",
        "inspect_by": "2099-01-30",
        "manager_notice_id": made.json()["id"],
    }
    assert (
        agency.post("/api/notifications/bring-forward", payload, content_type="application/json").status_code
        == 403
    )
    refused = signed_in(staff["inspector"]).post(
        "/api/notifications/bring-forward", payload, content_type="application/json"
    )
    assert refused.status_code == 403  # SCH-10 is a manager's decision
    done = signed_in(staff["manager"]).post(
        "/api/notifications/bring-forward", payload, content_type="application/json"
    )
    assert done.status_code == 201 and done.json()["rule"] == "SCH-10"
    assert ProviderDue.objects.get(provider=agency_a).reason.endswith("(SCH-10)")
