"""A manager takes an inadequate inspection's next steps and a safeguarding referral through Chromium
(issues 12 and 13): the dashboard, the debrief, the case review, the email to a DCS, the call that follows
it, the forward to the agency, and a referral with the authorities told first. axe-core checks every page,
including one showing an error summary.

The inspection ended on Thursday 2 April 2026 (case review due Monday 13 April, over Easter); the server's
clock is on Wednesday 8 April for the decision and the email and Thursday 9 April for the call.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.models import User

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, ensure_roles
from careinspect.enforcement.models import DcsAlert, DcsContact, SafeguardingReferral
from careinspect.inspections.models import Inspection
from careinspect.registry.models import LocalAuthority, Provider, ProviderKind, ProviderStaff
from careinspect.rules.lifecycle import Status
from tests.browser.journey_data import LONDON
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "enforcement-journey-pass-123"


def _user(username: str, role: str, provider: Provider | None = None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
    user.groups.set([ensure_roles()[role]])
    if provider is not None:
        ProviderStaff.objects.create(user=user, provider=provider)
    return user


@pytest.fixture
def inadequate(settings: Any) -> tuple[Inspection, User]:
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the browser keeps real time; the server travels
    settings.CSRF_COOKIE_AGE = None
    greenwich = LocalAuthority.objects.create(code="203", name="Greenwich", region="London")
    camden = LocalAuthority.objects.create(code="202", name="Camden", region="London")
    for la in (greenwich, camden):
        DcsContact.objects.create(
            local_authority=la, name=f"Director of {la.name}", email=f"dcs@{la.code}.example"
        )
    provider = Provider.objects.create(
        kind=ProviderKind.ASA,
        urn="SC100001",
        name="Agency A Adoption Support",
        registration_date=d("2018-03-01"),
        local_authority=greenwich,
    )
    staff = _user("agency", PROVIDER_USER, provider)
    staff.email = "manager@agency-a.example"
    staff.save()
    walk = Walk(
        inspector=_user("inspector", INSPECTOR),
        manager=_user("manager", MANAGER),
        provider_user=staff,
        provider=provider,
    )
    walk.start, walk.end, walk.scheduled_on = d("2026-03-31"), d("2026-04-02"), d("2026-03-02")
    walk.grades = dict.fromkeys(walk.grades, "inadequate")
    return walk.to(Status.FEEDBACK_GIVEN), walk.manager


class Tab:
    def __init__(self, page: Any, base_url: str) -> None:
        self.page, self.base_url = page, base_url
        self.found: list[str] = []
        self._travel: time_machine.travel | None = None

    def on(self, day: str) -> None:
        self.stop_clock()
        self._travel = time_machine.travel(
            datetime.fromisoformat(day).replace(hour=10, tzinfo=LONDON), tick=True
        )
        self._travel.start()

    def stop_clock(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None

    def check(self, step: str) -> None:
        for v in serious_accessibility_violations(self.page):
            self.found.append(f"{step}: {v['id']} {v['help']} at {v['nodes']}")

    def goto(self, path: str, step: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, f"{step}: {response}"
        self.check(step)

    def submit(self, button: str, step: str, *, error: bool = False) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button).click()
        has_error = self.page.locator(".govuk-error-summary").count() > 0
        assert has_error == error, f"{step}: {self.page.locator('main').inner_text()[:400]}"
        self.check(step)


@pytest.fixture
def tab(live_server: Any, page: Any) -> Iterator[Tab]:
    t = Tab(page, live_server.url)
    yield t
    t.stop_clock()


def test_enf2_enf3_saf1_next_steps_in_the_browser(tab: Tab, inadequate: tuple[Inspection, User]) -> None:
    inspection, manager = inadequate
    page = tab.page
    tab.on("2026-04-08")
    tab.goto("/enforcement/", "sign-in page")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", "the dashboard")
    assert urlsplit(page.url).path == "/enforcement/"
    assert "13 April 2026" in page.locator("#case-reviews + table").inner_text()

    next_steps = f"/enforcement/inspections/{inspection.pk}/next-steps/"
    tab.goto(f"/inspections/{inspection.pk}/", "the inspection")
    page.get_by_role("link", name="Next steps").click()
    page.wait_for_url(f"**{next_steps}")
    tab.check("the next steps")
    tab.submit("Record the debrief", "the debrief without its facts", error=True)
    debrief = page.locator("form", has=page.get_by_role("button", name="Record the debrief"))
    debrief.get_by_label("Day").fill("7")
    debrief.get_by_label("Month").fill("4")
    debrief.get_by_label("Year").fill("2026")
    debrief.get_by_label("The inspection and the quality of its evidence").fill(
        "Two sources for each finding."
    )
    debrief.get_by_label("Further action recommended to the case review").fill("A monitoring visit.")
    tab.submit("Record the debrief", "the debrief recorded")

    page.get_by_role("link", name="Due by 13 April 2026").click()
    page.wait_for_url("**/enforcement/case-reviews/**")
    tab.check("the case review")
    page.get_by_role("radio", name="Monitoring visit").check()
    page.get_by_label("If a monitoring visit: is it announced?").select_option("no")
    page.get_by_label("Why").fill("Children are at risk: we return unannounced.")
    tab.submit("Record the decision", "the case review decided")
    assert "Monitoring visit (unannounced)" in page.locator("main").inner_text()

    alert = DcsAlert.objects.get(inspection=inspection, local_authority__code="202")
    tab.goto(f"/enforcement/alerts/{alert.pk}/", "the alert to Camden")
    page.get_by_label("Summary of the main concerns").fill("Referrals of children at risk were delayed.")
    tab.submit("Send the email", "the email sent")
    assert "not yet had an opportunity to challenge" in page.locator(".govuk-inset-text").inner_text()

    tab.on("2026-04-09")  # the next day: the session has timed out overnight, so sign in again
    tab.goto(f"/enforcement/alerts/{alert.pk}/", "sign-in page the next day")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", "the alert the next day")
    call = page.locator("form", has=page.get_by_role("button", name="Log the call"))
    call.get_by_label("Day").fill("9")
    call.get_by_label("Month").fill("4")
    call.get_by_label("Year").fill("2026")
    call.get_by_label("Time").fill("9:30am")
    call.get_by_label("Who you spoke to").fill("The director's PA")
    call.get_by_label("What was said").fill("The email arrived.")
    tab.submit("Log the call", "the call logged")
    tab.submit("Forward the email", "the email forwarded")
    alert.refresh_from_db()
    assert alert.step == "done" and alert.forwarded is not None
    assert alert.forwarded.to == ["manager@agency-a.example"]

    tab.goto(f"/enforcement/inspections/{inspection.pk}/safeguarding/", "a new referral")
    page.get_by_label("The concern", exact=True).fill("A child (AS-003) disclosed harm at home.")
    page.get_by_label(
        "Telling the responsible individual or person in charge would put a child at risk"
    ).check()
    tab.submit("Record the referral", "the referral recorded")
    page.get_by_label("Who was told").select_option("la_childrens_services")
    page.get_by_label("Organisation").fill("Camden children's services")
    told = page.locator("form", has=page.get_by_role("button", name="Record", exact=True))
    told.get_by_label("Time").fill("9am")
    page.get_by_label("Phone").check()
    tab.submit("Record", "the LA told")
    referral = SafeguardingReferral.objects.get()
    assert list(referral.contacts.values_list("role", flat=True)) == ["la_childrens_services"]
    assert "Still to be told" in page.locator("main").inner_text()

    tab.goto("/enforcement/", "the dashboard at the end")
    assert "Agency A Adoption Support" in page.locator("#referrals + table").inner_text()
    assert tab.found == []
    assert manager.pk
