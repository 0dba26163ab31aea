"""Four follow-up pages in Chromium, each first refused with its error summary, then done; axe-core checks
every page: a manager hands a safeguarding referral's follow-up on (SAF-1), schedules the monitoring visit
after serious concerns in its window (ENF-4, SCH-9) and issues a compliance notice whose email named
someone until the name was confirmed not a person's (ENF-1, DPR-2); an agency's member of staff corrects
the notice about its manager it sent (NOT-3).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail

from careinspect.compliance.models import ComplianceNotice
from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, ensure_roles
from careinspect.enforcement import services
from careinspect.enforcement.models import SafeguardingReferral, SeriousConcernsFollowUp
from careinspect.inspections.models import AssuranceDetail, Inspection
from careinspect.notifications import services as notifications
from careinspect.notifications.models import ManagerNotice
from careinspect.registry.models import Provider, ProviderKind, ProviderStaff
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from tests.browser.journey_data import LONDON
from tests.browser_fixtures import serious_accessibility_violations
from tests.clock import at
from tests.conftest import d

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "follow-ups-journey-pass-123"


def _user(username: str, role: str, provider: Provider | None = None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
    user.groups.set([ensure_roles()[role]])
    if provider is not None:
        ProviderStaff.objects.create(user=user, provider=provider)
    return user


@pytest.fixture
def people(settings: Any) -> dict[str, Any]:
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the browser keeps real time; the server travels
    settings.CSRF_COOKIE_AGE = None
    ifa = Provider.objects.create(
        kind=ProviderKind.IFA, urn="SC200001", name="Brook Fostering", registration_date=d("2017-05-01")
    )
    staff = _user("agency", PROVIDER_USER, ifa)
    staff.email = "manager@brook.example"
    staff.save()
    inspector, manager = _user("inspector", INSPECTOR), _user("manager", MANAGER)
    visit = Inspection.objects.create(
        provider=ifa,
        kind=Kind.IFA_ASSURANCE.value,
        status=Status.FEEDBACK_GIVEN.value,
        lead_inspector=inspector,
        manager=manager,
        start_date=d("2026-04-01"),
        end_date=d("2026-04-02"),
        feedback_on=d("2026-04-02"),
    )
    AssuranceDetail.objects.create(inspection=visit, serious_concerns=True)
    return {
        "ifa": ifa,
        "staff": staff,
        "inspector": inspector,
        "manager": manager,
        "other_manager": _user("manager2", MANAGER),
        "visit": visit,
    }


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

    def sign_in(self, path: str, username: str) -> None:
        self.goto(path, "sign-in page")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.submit("Sign in", f"{path} signed in")

    def date(self, form: Any, day: str, month: str, year: str) -> None:
        form.get_by_label("Day").fill(day)
        form.get_by_label("Month").fill(month)
        form.get_by_label("Year").fill(year)


@pytest.fixture
def tab(live_server: Any, page: Any) -> Iterator[Tab]:
    t = Tab(page, live_server.url)
    yield t
    t.stop_clock()


def test_saf1_a_manager_hands_the_referrals_follow_up_on(tab: Tab, people: dict[str, Any]) -> None:
    referral = services.open_safeguarding_referral(
        people["visit"], by=people["inspector"], now=at("2026-04-01", 11), concern="Bruising seen on AB"
    )
    tab.on("2026-04-02")
    tab.sign_in(f"/enforcement/referrals/{referral.pk}/", "manager")
    tab.page.get_by_role("link", name="Change who follows it up or when").click()
    tab.page.wait_for_url("**/follow-up/")
    tab.check("the follow-up form")
    form = tab.page.locator("form", has=tab.page.get_by_role("button", name="Change the follow-up"))
    tab.date(form, "1", "4", "2026")
    form.get_by_label("Why it changes").fill("The Senior HMI is on leave")
    tab.submit("Change the follow-up", "a day in the past", error=True)
    assert "in the past" in tab.page.locator(".govuk-error-summary").inner_text()
    form.get_by_label("Regional Senior HMI who follows it up").select_option(label="Manager2")
    tab.date(form, "17", "4", "2026")
    tab.submit("Change the follow-up", "the follow-up changed")
    referral = SafeguardingReferral.objects.get(pk=referral.pk)
    assert (referral.follow_up_owner, referral.follow_up_due) == (people["other_manager"], d("2026-04-17"))
    assert tab.found == []


def test_sch9_a_manager_schedules_the_monitoring_visit_from_the_follow_up(
    tab: Tab, people: dict[str, Any]
) -> None:
    services.open_serious_concerns(people["visit"], by=people["inspector"], now=at("2026-04-02", 17))
    tab.on("2026-04-10")
    tab.sign_in(f"/enforcement/inspections/{people['visit'].pk}/next-steps/", "manager")
    tab.page.get_by_role("link", name="Schedule or link the monitoring visit").click()
    tab.page.wait_for_url("**/monitoring-visit/")
    tab.check("the monitoring visit page")
    form = tab.page.locator("form", has=tab.page.get_by_role("button", name="Schedule the visit"))
    form.get_by_label("Lead inspector").select_option(label="Inspector")
    tab.date(form.get_by_role("group", name="Day of the visit", exact=True), "29", "5", "2026")
    tab.submit("Schedule the visit", "a day after the window", error=True)
    assert "(SCH-9)" in tab.page.locator(".govuk-error-summary").inner_text()
    tab.date(form.get_by_role("group", name="Day of the visit", exact=True), "19", "5", "2026")
    tab.submit("Schedule the visit", "the visit scheduled")
    follow_up = SeriousConcernsFollowUp.objects.get()
    assert follow_up.monitoring_visit is not None
    assert follow_up.monitoring_visit.reference in tab.page.locator("main").inner_text()
    assert tab.found == []


def test_enf1_dpr2_a_notice_is_issued_once_a_flagged_passage_is_confirmed(
    tab: Tab, people: dict[str, Any]
) -> None:
    tab.on("2023-12-01")
    tab.sign_in(f"/compliance/providers/{people['ifa'].pk}/", "manager")
    form = tab.page.locator("form", has=tab.page.get_by_role("button", name="Issue the notice"))
    form.get_by_label("Or the concern the notice follows").fill("Carers without training")
    form.get_by_label("Regulation", exact=True).fill(
        "Voluntary Adoption Agencies (Miscellaneous Amendments) Regulations"
    )
    form.get_by_label("What must be done").fill("Train every foster carer in safeguarding.")
    tab.date(form, "20", "12", "2023")
    tab.submit("Issue the notice", "a passage flagged", error=True)
    assert "Miscellaneous Amendments" in tab.page.locator(".govuk-error-summary").inner_text()
    tab.page.get_by_label("I have checked: the passages flagged are not people's names").check()
    tab.submit("Issue the notice", "the notice issued")
    notice = ComplianceNotice.objects.get()
    assert notice.message is not None and [m.to for m in mail.outbox] == [["manager@brook.example"]]
    assert "Emailed to the agency" in tab.page.locator(f"#notice-{notice.pk}").inner_text()
    assert tab.found == []


def test_not3_the_sender_corrects_the_notice_about_the_manager(tab: Tab, people: dict[str, Any]) -> None:
    notice = notifications.submit_manager_notice(
        by=people["staff"], kind="absence", emergency=False, starts_on=d("2027-01-04"), now=at("2026-11-26")
    )
    tab.on("2026-11-27")
    tab.sign_in("/notifications/agency/", "agency")
    tab.page.get_by_role("link", name="Correct the notice of 26 November 2026").click()
    tab.page.wait_for_url(f"**/notifications/agency/manager/{notice.pk}/")
    tab.check("the correction form")
    tab.date(tab.page.locator("fieldset", has_text="expected return"), "10", "1", "2027")
    tab.page.get_by_label("What was wrong in the notice?").fill("The return day was missing")
    tab.submit("Correct the notice", "an absence under 28 days", error=True)
    tab.date(tab.page.locator("fieldset", has_text="expected return"), "26", "2", "2027")
    tab.submit("Correct the notice", "the notice corrected")
    notice = ManagerNotice.objects.get(pk=notice.pk)
    assert (notice.ends_on, notice.correction_reason) == (d("2027-02-26"), "The return day was missing")
    assert "Corrected 27 Nov 2026" in tab.page.locator("main").inner_text()
    assert tab.found == []
