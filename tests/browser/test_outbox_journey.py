"""The demo's outbox in Chromium, every page checked with axe-core (issues 12 and 13): the letter of notice
goes by email through the inspection's own step; a manager signs in, opens the Outbox from the menu, reads
the email (its HTML shown as text) and the inspection's Messages; the lead inspector's dashboard lists the
reminders they own; an agency's staff may not open the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER
from careinspect.messaging.models import OutboxEmail
from careinspect.registry.models import Provider, ProviderKind
from careinspect.rules.lifecycle import Status
from tests.browser.journey_data import _user
from tests.browser.test_inspection_journey import Visit
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visit(live_server: Any, page: Any, settings: Any) -> Iterator[Visit]:
    settings.EMAIL_BACKEND = "careinspect.messaging.backends.OutboxBackend"  # as in the demo
    v = Visit(page, live_server.url)
    yield v
    v.stop_clock()


def test_a_manager_reads_the_letter_of_notice_in_the_outbox(visit: Visit) -> None:
    page = visit.page
    harbour = Provider.objects.create(
        kind=ProviderKind.ASA,
        urn="SC930001",
        name="Harbour Adoption Support",
        registration_date=d("2019-04-01"),
    )
    inspector, manager = _user("insp", INSPECTOR), _user("rim", MANAGER)
    staff = _user("staff-a", PROVIDER_USER, harbour)
    staff.email, inspector.email = "registered.manager@harbour.example", "insp@careinspect.example"
    staff.save()
    inspector.save()
    walk = Walk(inspector=inspector, manager=manager, provider_user=staff, provider=harbour)
    inspection = walk.to(Status.NOTIFIED)  # notice sent on Wed 3 Dec 2025; forms due Wed 10 Dec 2025
    assert OutboxEmail.objects.count() == 1

    visit.sign_in(manager, "/dashboard/", "manager signs in")
    visit.click(page.get_by_role("link", name="Outbox"), "the outbox")
    assert page.get_by_role("heading", name="Outbox").is_visible()
    subject = f"Inspection of Harbour Adoption Support: letter of notice ({inspection.reference})"
    assert page.get_by_role("cell", name="registered.manager@harbour.example").is_visible()
    visit.click(page.get_by_role("link", name=subject), "an email in the outbox")
    assert page.get_by_role("heading", name=subject).is_visible()
    assert "Send the information forms and the case list by 10 December 2025" in page.content()
    page.get_by_text("HTML version, shown as its source").click()
    assert "<h" in page.locator(".app-email-source").inner_text()  # the letter's markup, as text
    visit.check("the email's HTML shown")

    visit.goto(f"/outbox/inspections/{inspection.pk}/", "the inspection's messages")
    assert page.get_by_role("heading", name=subject).is_visible()
    assert page.get_by_role("link", name="Messages").get_attribute("aria-current") == "page"
    visit.sign_out()

    # The day before the forms are due, the lead inspector's dashboard lists the reminder (INF-2).
    visit.on("2025-12-09")
    visit.sign_in(inspector, "/dashboard/", "inspector signs in")
    reminders = page.locator("#your-reminders + p + ul")
    assert "Information forms and case list" in reminders.inner_text()
    assert "due Wednesday 10 December 2025 (INF-2)" in reminders.inner_text()
    visit.sign_out()

    visit.sign_in(staff, "/portal/", "agency signs in")
    assert page.get_by_role("link", name="Outbox").count() == 0
    visit.goto("/outbox/", "the outbox refused to an agency", status=403)

    assert visit.found == [], visit.report()
