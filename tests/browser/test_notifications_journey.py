"""An agency sends a notification through the portal; an inspector reviews it into bringing the next
inspection forward (NOT-1, SCH-5); the list of inspections due says why. Every page passes axe."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from careinspect.core.roles import INSPECTOR, PROVIDER_USER, ensure_roles
from careinspect.notifications.models import NotificationType
from careinspect.registry.models import Provider, ProviderKind, ProviderStaff
from careinspect.rules.notifications import load_settings
from tests.browser_fixtures import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Police involvement with a family the agency supports"


@pytest.fixture
def data() -> Provider:
    # An earlier transactional (live server) test's flush empties what the migrations seeded: the event
    # types (NOT-1) come back here, as the migration made them.
    for order, event in enumerate(load_settings().event_types, start=1):
        NotificationType.objects.get_or_create(
            code=event.code,
            defaults={"name": event.name, "required_fields": list(event.required), "order": order},
        )
    groups = ensure_roles()
    inspector = User.objects.create_user("inspector", password="inspector-demo-pass")
    inspector.groups.add(groups[INSPECTOR])
    # Registered a month ago: its first inspection is due 7 to 12 months after registration (SCH-4).
    agency = Provider.objects.create(
        urn="SC700031",
        kind=ProviderKind.ASA,
        name="Harbour Adoption Support",
        registration_date=timezone.localdate() - timedelta(days=30),
    )
    staff = User.objects.create_user("provider", password="provider-demo-pass")
    staff.groups.add(groups[PROVIDER_USER])
    ProviderStaff.objects.create(user=staff, provider=agency)
    return agency


def sign_in(page: Any, base: str, username: str, password: str, path: str) -> None:
    page.goto(f"{base}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}")


def no_violations(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def test_agency_notifies_inspector_brings_forward_due_list_says_why(
    live_server: Any, browser: Any, data: Provider
) -> None:
    base = live_server.url
    agency_page = browser.new_context().new_page()
    sign_in(agency_page, base, "provider", "provider-demo-pass", "/portal/")
    agency_page.get_by_role("link", name="Your notifications").first.click()
    agency_page.wait_for_url("**/notifications/agency/")
    no_violations(agency_page)
    agency_page.get_by_role("link", name="Notify us of a serious event").click()
    no_violations(agency_page)

    # Sent without a type: the error summary names the field.
    agency_page.get_by_role("button", name="Send the notification").click()
    agency_page.wait_for_load_state()  # the refused form comes back as a new page
    agency_page.locator(".govuk-error-summary").wait_for()
    assert agency_page.locator(".govuk-error-summary").is_visible()
    assert "Choose the type of event" in agency_page.locator(".govuk-error-summary").inner_text()
    no_violations(agency_page)

    yesterday = timezone.localdate() - timedelta(days=1)
    agency_page.get_by_label("Involvement of the police").check()
    agency_page.get_by_label("Day").fill(str(yesterday.day))
    agency_page.get_by_label("Month").fill(str(yesterday.month))
    agency_page.get_by_label("Year").fill(str(yesterday.year))
    agency_page.get_by_label("What happened").fill(
        "Police called to the home of a family we support (case 2291)."
    )
    agency_page.get_by_role("button", name="Send the notification").click()
    agency_page.wait_for_url("**/notifications/agency/*/")
    assert (
        "is missing"
        in agency_page.locator(".govuk-notification-banner, .govuk-panel, main").first.inner_text()
    )
    assert agency_page.get_by_text("This notification is incomplete").is_visible()
    no_violations(agency_page)

    inspector_page = browser.new_context().new_page()
    sign_in(inspector_page, base, "inspector", "inspector-demo-pass", "/notifications/")
    waiting = inspector_page.locator("[data-test-id=waiting-table] tbody tr")
    assert waiting.count() == 1 and "Incomplete" in waiting.first.inner_text()
    no_violations(inspector_page)
    waiting.first.get_by_role("link").click()
    inspector_page.wait_for_url("**/notifications/*/")
    no_violations(inspector_page)

    # Bringing forward without a day is refused, naming the field.
    inspector_page.get_by_label("Bring the next inspection forward").check()
    inspector_page.get_by_label("Line of enquiry, reason or what the agency must tell us").fill(REASON)
    inspector_page.get_by_role("button", name="Record the review").click()
    assert "wanted by" in inspector_page.locator(".govuk-error-summary").inner_text()
    no_violations(inspector_page)
    by_day = timezone.localdate() + timedelta(weeks=8)
    inspector_page.get_by_label("Day").fill(str(by_day.day))
    inspector_page.get_by_label("Month").fill(str(by_day.month))
    inspector_page.get_by_label("Year").fill(str(by_day.year))
    inspector_page.get_by_role("button", name="Record the review").click()
    assert inspector_page.get_by_text("Bring the next inspection forward").first.is_visible()
    no_violations(inspector_page)

    inspector_page.goto(f"{base}/inspections-due/")
    row = inspector_page.locator("[data-test-id=due-table] tbody tr").filter(has_text="SC700031")
    text = row.inner_text()
    assert f"Brought forward: {REASON} (SCH-5)" in text
    assert "Due this quarter" in text or "Overdue" in text
    no_violations(inspector_page)

    # The agency sees its notification reviewed; nobody else's.
    agency_page.goto(f"{base}/notifications/agency/")
    assert "Reviewed" in agency_page.locator("[data-test-id=agency-notifications]").inner_text()


def test_late_manager_absence_brought_forward_by_a_manager_every_page_passes_axe(
    live_server: Any, browser: Any, data: Provider
) -> None:
    from careinspect.core.roles import MANAGER

    manager = User.objects.create_user("manager", password="manager-demo-pass")
    manager.groups.add(ensure_roles()[MANAGER])
    base = live_server.url
    agency_page = browser.new_context().new_page()
    sign_in(agency_page, base, "provider", "provider-demo-pass", "/notifications/agency/manager/")
    no_violations(agency_page)
    started = timezone.localdate() - timedelta(days=40)
    agency_page.get_by_label("The manager will be, or is, absent for 28 days or more").check()
    agency_page.get_by_label("It was not known in advance (an emergency)").check()
    group = agency_page.get_by_role(
        "group", name="First day of the absence, or the day the manager left or started"
    )
    group.get_by_label("Day").fill(str(started.day))
    group.get_by_label("Month").fill(str(started.month))
    group.get_by_label("Year").fill(str(started.year))
    agency_page.get_by_role("button", name="Send the notice").click()
    agency_page.wait_for_url("**/notifications/agency/")
    assert "It is late" in agency_page.locator("main").inner_text()
    no_violations(agency_page)
    agency_page.goto(f"{base}/notifications/agency/nms25/")
    no_violations(agency_page)

    manager_page = browser.new_context().new_page()
    sign_in(manager_page, base, "manager", "manager-demo-pass", "/notifications/bring-forward/")
    no_violations(manager_page)
    card = manager_page.locator("[data-test-id=late-notice]")
    by_day = timezone.localdate() + timedelta(weeks=6)
    card.get_by_label("Day").fill(str(by_day.day))
    card.get_by_label("Month").fill(str(by_day.month))
    card.get_by_label("Year").fill(str(by_day.year))
    card.get_by_role("button", name="Bring the inspection forward (SCH-10)").click()
    assert "SC700031" in manager_page.locator("[data-test-id=decisions-table]").inner_text()
    no_violations(manager_page)
    manager_page.goto(f"{base}/inspections-due/")
    row = manager_page.locator("[data-test-id=due-table] tbody tr").filter(has_text="SC700031")
    assert "Brought forward: Late notice of the manager's absence (SCH-10)" in row.inner_text()
    manager_page.goto(f"{base}/notifications/questionnaires/")
    no_violations(manager_page)
