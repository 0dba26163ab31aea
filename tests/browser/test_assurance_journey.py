"""An assurance visit to an independent fostering agency from the priority list to publication in Chromium
(issue 12): a manager picks the agency from the priority list and schedules it (SCH-7), the inspector's
9am call makes it live (NTC-4), the agency's register arrives by 12pm (INF-3) and a child is sampled from
it (CAS-3), the work and the concerns are recorded (KND-3, JDG-9), verbal feedback sets
the RPT-4 deadlines, the report is written under the assurance headings and checked, the draft and the
final go (the survey with it, RPT-8) and the manager publishes on the day: a report with no grade. axe-core
checks every page visited.

Dates: scheduled Tue 1 Dec 2026; announced Tue 22 Dec 2026 at 9am; feedback Wed 23 Dec; draft Tue 29 Dec;
the comments window closes Wed 6 Jan 2027 (5 WD after the draft, skipping 1 January); final Thu 7 Jan;
published Thu 18 Feb 2027 (38 WD after 23 December, skipping 25 and 28 December and 1 January).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from careinspect.assurance.models import PostVisitSurvey
from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, ensure_roles
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.portal.models import InformationRequest
from careinspect.registry.models import PastInspection, Provider, ProviderStaff
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.carer_register import register_workbook
from careinspect.scenarios.child_friendly import write_and_check_summary
from tests.browser.journey_data import LONDON, password
from tests.browser_fixtures import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(username: str, role: str, provider: Provider | None = None) -> User:
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", first_name=username
    )
    user.set_password(password(user))
    user.save()
    user.groups.set([ensure_roles()[role]])
    if provider is not None:
        ProviderStaff.objects.create(user=user, provider=provider)
    return user


@pytest.fixture
def people(settings: Any) -> dict[str, Any]:
    # The browser keeps real time while the server travels: session-length cookies keep it out of it.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    ifa = Provider.objects.create(
        kind="IFA", urn="SC880001", name="Lantern Fostering", registration_date=date(2014, 3, 3)
    )
    PastInspection.objects.create(
        provider=ifa, end_date=date(2024, 6, 5), kind="sccif-full", judgement="inadequate"
    )
    Provider.objects.create(
        kind="IFA", urn="SC880002", name="Quiet Fostering", registration_date=date(2026, 6, 1)
    )
    return {
        "ifa": ifa,
        "inspector": _user("inspector", INSPECTOR),
        "manager": _user("manager", MANAGER),
        "staff": _user("lantern", PROVIDER_USER, ifa),
    }


class Tab:
    """One person's browser tab on the live server, whose clock travels; every page is checked with axe."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.found: list[str] = []
        self._travel: Any = None

    def on(self, day: str, hour: int = 10) -> None:
        self.stop_clock()
        moment = datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)
        self._travel = time_machine.travel(moment, tick=True)
        self._travel.start()

    def stop_clock(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None

    def check(self, step: str) -> None:
        for v in serious_accessibility_violations(self.page):
            self.found.append(f"{step} ({urlsplit(self.page.url).path}): {v['id']} {v['help']} {v['nodes']}")

    def click(self, locator: Any, step: str) -> None:
        with self.page.expect_navigation():
            locator.click()
        problem = self.page.locator(
            ".govuk-error-summary, .govuk-notification-banner:not(.govuk-notification-banner--success)"
        )
        if problem.count():
            pytest.fail(f"{step}: {problem.first.inner_text()}")
        self.check(step)

    def sign_in(self, user: User, path: str, step: str) -> None:
        self.page.goto(self.base_url + path)
        assert self.page.title() == "Sign in – careinspect"
        self.check(f"{step}: sign-in page")
        self.page.get_by_label("Username").fill(user.get_username())
        self.page.get_by_label("Password").fill(password(user))
        self.click(self.page.get_by_role("button", name="Sign in"), step)
        assert urlsplit(self.page.url).path == path

    def sign_out(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign out").click()

    def main(self) -> str:
        return str(self.page.locator("main").inner_text())


@pytest.fixture
def tab(live_server: Any, page: Any) -> Iterator[Tab]:
    t = Tab(page, live_server.url)
    yield t
    t.stop_clock()


def test_assurance_visit_from_the_priority_list_to_publication(
    tab: Tab, people: dict[str, Any], tmp_path: Path
) -> None:
    page = tab.page
    ifa = people["ifa"]

    # Tuesday 1 December 2026: the manager reads the priority list and schedules the first agency (SCH-7).
    tab.on("2026-12-01")
    tab.sign_in(people["manager"], "/assurance/priority/", "manager opens the priority list")
    first = page.locator("#priority tbody tr").first
    assert "Lantern Fostering" in first.inner_text()
    assert "inadequate last time: +40" in first.inner_text()
    tab.click(page.get_by_role("link", name="Schedule a visit to Lantern Fostering"), "schedule page")
    page.get_by_label("Inspector").select_option(label="inspector")
    start = page.get_by_role("group", name="First day of the visit")
    start.get_by_label("Day").fill("22")
    start.get_by_label("Month").fill("12")
    start.get_by_label("Year").fill("2026")
    tab.click(page.get_by_role("button", name="Schedule the visit"), "visit scheduled")
    visit = Inspection.objects.get(provider=ifa)
    path = f"/assurance/visits/{visit.pk}/"
    assert urlsplit(page.url).path == path
    tab.sign_out()

    # Tuesday 22 December 2026 at 9am: the inspector's call makes the visit live (NTC-4).
    tab.on("2026-12-22", hour=9)
    tab.sign_in(people["inspector"], path, "inspector opens the visit on day 1")
    page.get_by_label("Who the inspector spoke to").fill("The registered manager")
    tab.click(page.get_by_role("button", name="Record the call and send the emails"), "announced")
    assert Status.ON_SITE.label in tab.main()
    tab.sign_out()

    # 11am: the agency sends its foster carer register (INF-3) through the portal; its children become the
    # visit's cases. The page posts the file by script and writes the answer in: wait for the versions.
    tab.on("2026-12-22", hour=11)
    register = InformationRequest.objects.get(inspection=visit, dataset_kind="ifa_carer_register")
    tab.sign_in(people["staff"], f"/portal/requests/{register.pk}/", "agency opens the register request")
    workbook = tmp_path / "foster-carer-register.xlsx"
    workbook.write_bytes(register_workbook(date(2026, 12, 22)))
    page.get_by_label("Choose the file").set_input_files(str(workbook))
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_function(
        """() => [...document.querySelectorAll("table")]
            .some(t => t.caption && t.caption.textContent.includes("Versions sent")
                && t.tBodies[0].rows.length)"""
    )
    tab.check("register sent")
    tab.sign_out()

    # 2pm: the inspector samples a child from the register for a line of enquiry (CAS-3), then records the
    # off-site work.
    tab.on("2026-12-22", hour=14)
    tab.sign_in(people["inspector"], f"/inspections/{visit.pk}/cases/", "inspector opens the cases")
    assert "Children on the foster carer register" in tab.main()
    moved = visit.cases.get(case_ref="C-1044")
    page.locator(f"#selection-{moved.pk}-sampled").check()
    page.get_by_label("Line of enquiry for C-1044").fill("Stability: a child who moved carers this year")
    tab.click(page.get_by_role("button", name="Save the choices"), "child sampled")
    assert visit.cases.get(case_ref="C-1044").selection == "sampled"
    tab.page.goto(tab.base_url + path)
    work = page.get_by_role("group", name="Day")
    work.get_by_label("Day").fill("22")
    work.get_by_label("Month").fill("12")
    work.get_by_label("Year").fill("2026")
    page.get_by_label("Off site").check()
    page.get_by_label("What was done").fill("Read the foster carer register and the panel minutes.")
    tab.click(page.get_by_role("button", name="Record the work"), "work recorded")
    assert "Read the foster carer register" in tab.main()
    tab.sign_out()

    # Wednesday 23 December: no serious concerns (JDG-9), then verbal feedback at the end (RPT-4 from here).
    tab.on("2026-12-23", hour=15)
    tab.sign_in(people["inspector"], path, "inspector on day 2")
    page.get_by_label("No serious or widespread concerns").check()
    tab.click(page.get_by_role("button", name="Record", exact=True), "concerns recorded")
    page.get_by_label("What the verbal feedback covered").fill("Strengths, weaknesses and the draft's date.")
    tab.click(page.get_by_role("button", name="Record the feedback"), "feedback")
    assert "Draft by 21 January 2027" in tab.main()
    tab.click(page.get_by_role("link", name="Report", exact=True), "report page")
    page.get_by_label("Children are well cared for").fill("Children live with carers who know them well.")
    page.get_by_label("Children are safe").fill("Risks to children are understood and managed.")
    page.get_by_label("Leaders and managers are exercising strong leadership").fill(
        "Leaders act on monitoring."
    )
    tab.click(page.get_by_role("button", name="Save the report"), "report written")
    tab.sign_out()

    # Thursday 24 December: the manager checks the report (RPT-4 QA).
    tab.on("2026-12-24")
    tab.sign_in(people["manager"], f"/inspections/{visit.pk}/report/", "manager opens the report")
    tab.click(page.get_by_role("button", name="Record the manager's check"), "report checked")
    tab.sign_out()

    # Tuesday 29 December: the draft goes; Thursday 7 January 2027, after the comments window, the final.
    tab.on("2026-12-29")
    tab.sign_in(people["inspector"], path, "inspector sends the draft")
    tab.click(page.get_by_role("button", name="Send the draft report"), "draft sent")
    tab.sign_out()
    tab.on("2027-01-07")
    tab.sign_in(people["inspector"], path, "inspector sends the final")
    tab.click(page.get_by_role("button", name="Send the final report"), "final sent")
    assert "Post-visit survey (RPT-8)" in tab.main()
    tab.sign_out()
    survey = PostVisitSurvey.objects.get(inspection=visit)

    # The agency answers the survey sent with the final report (RPT-8).
    survey_path = f"/assurance/survey/{survey.token}/"
    tab.sign_in(people["staff"], survey_path, "agency opens the survey")
    page.get_by_label("4").check()
    tab.click(page.get_by_role("button", name="Send your answers"), "survey answered")
    tab.sign_out()

    # Thursday 18 February 2027, 38 working days after the visit: the manager publishes. The child-friendly
    # summary that goes beside the report (RPT-5) has its own journey (tests/assurance/test_summary_*).
    tab.on("2027-02-18")
    write_and_check_summary(
        visit,
        inspector=people["inspector"],
        manager=people["manager"],
        now=datetime(2027, 2, 18, 9, tzinfo=LONDON),
    )
    tab.sign_in(people["manager"], path, "manager on publication day")
    tab.click(page.get_by_role("button", name="Publish the report"), "published")
    published = PublishedReport.objects.get(inspection=visit)
    assert published.overall_grade == ""
    tab.click(page.get_by_role("link", name="The published report"), "public report")
    text = tab.main()
    assert "did not identify any serious or widespread concerns" in text
    assert "no graded judgement" in text
    for word in ("Outstanding", "Requires improvement", "Inadequate", "Overall experiences"):
        assert word not in text
    assert tab.found == [], "\n".join(tab.found)
