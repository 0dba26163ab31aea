"""An inspector, a manager and an agency take one inspection from notice to publication in Chromium (issue 3).

Everyone signs in through the sign-in page, clicks the buttons and fills the labelled fields a person
would, and axe-core checks every page visited. The dates are those of tests/pages/test_journey_pages.py:
notice on the notice day (NTC-1), the visit on its start date, the 5 WD comment window (CMP-1) and
publication 5 WD after the final report (RPT-3).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.models import User

from careinspect.inspections.models import Evidence, Inspection, PublishedReport
from careinspect.inspections.services.judgements import areas
from careinspect.rules.lifecycle import Status
from tests.browser.journey_data import CASE_LIST, LONDON, Journey, make_journey, password
from tests.browser_fixtures import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIDENCE_TEXT = "JS said therapy began within four weeks of assessment."
SCREENSHOTS = "/tmp/journey-{}.png"


@pytest.fixture
def journey(settings: Any) -> Journey:
    # The browser keeps real time while the server travels to 2025, so a cookie given a 2025 expiry
    # would be dropped as already expired. Session-length cookies keep the browser out of it; the
    # server still ends sessions after two weeks of its own time.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    return make_journey()


class Visit:
    """One person's browser tab: every page it lands on is checked with axe and remembered."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.found: list[tuple[str, str, list[dict[str, Any]]]] = []
        self.checked: set[str] = set()
        self._travel: time_machine.travel | None = None

    def on(self, day: str) -> None:
        """The server's clock moves to 10am London time on `day` (the live server shares this process)."""
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
        path = urlsplit(self.page.url).path
        self.checked.add(path)
        violations = serious_accessibility_violations(self.page)
        if violations:
            self.found.append((step, path, violations))

    def goto(self, path: str, step: str, status: int = 200) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == status, f"{step}: {path} gave {response}"
        self.check(step)

    def click(self, locator: Any, step: str) -> None:
        """Click something that loads a page (a link, or a button that posts and is redirected back)."""
        with self.page.expect_navigation():
            locator.click()
        problem = self.page.locator(
            ".govuk-error-summary, .govuk-notification-banner:not(.govuk-notification-banner--success)"
        )
        if problem.count():
            pytest.fail(f"{step}: {problem.first.inner_text()}")
        self.check(step)

    def success(self) -> str:
        return " ".join(self.page.locator(".govuk-notification-banner--success").all_inner_texts())

    def sign_in(self, user: User, path: str, step: str) -> None:
        """Open `path`, be sent to the sign-in page, sign in and land back on `path`."""
        self.goto(path, f"{step}: sign-in page")
        assert self.page.title() == "Sign in – careinspect"
        self.page.get_by_label("Username").fill(user.get_username())
        self.page.get_by_label("Password").fill(password(user))
        self.click(self.page.get_by_role("button", name="Sign in"), step)
        assert urlsplit(self.page.url).path == path

    def sign_out(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign out").click()
        assert self.page.title() == "Sign in – careinspect"

    def report(self) -> str:
        return "\n".join(
            f"{step} ({path}): {v['id']} [{v['impact']}] {v['help']} at {v['nodes']}"
            for step, path, violations in self.found
            for v in violations
        )


@pytest.fixture
def visit(live_server: Any, page: Any) -> Iterator[Visit]:
    v = Visit(page, live_server.url)
    yield v
    v.stop_clock()


def test_rpt3_inspection_from_notice_to_publication_in_the_browser(visit: Visit, journey: Journey) -> None:
    page = visit.page
    pk = journey.inspection.pk
    overview = f"/inspections/{pk}/"
    area_names = {a.key: a.name for a in areas()}

    # Monday 20 January 2025, the notice day (NTC-1): the inspector sends the letter of notice.
    visit.on("2025-01-20")
    visit.sign_in(journey.inspector, overview, "inspector opens the inspection")
    visit.click(page.get_by_role("button", name="Send the letter of notice"), "notice sent")
    assert f"is now {Status.NOTIFIED.label.lower()}" in visit.success()
    page.screenshot(path=SCREENSHOTS.format("overview"), full_page=True)
    visit.click(page.get_by_role("link", name="Notice", exact=True), "notice page")
    # The GOV.UK date input with a time box (issue 15: no browser date-time picker).
    call = page.get_by_role("group", name="When was the call?")
    call.get_by_label("Day").fill("20")
    call.get_by_label("Month").fill("1")
    call.get_by_label("Year").fill("2025")
    call.get_by_label("Time").fill("11am")
    page.get_by_label("Who you spoke to and what was agreed").fill("Spoke to the registered manager")
    visit.click(page.get_by_role("button", name="Log the call"), "notification call logged")
    assert "20 January 2025, 11am" in page.locator("main").inner_text()
    visit.click(page.get_by_role("link", name="Letter of notice", exact=True), "letter of notice")
    assert "Harbour Adoption Support" in page.locator("main").inner_text()
    visit.sign_out()

    # The agency sees its inspection now that notice is given, and sends its case list (INF-2).
    visit.sign_in(journey.staff, "/portal/", "provider opens the portal")
    assert page.get_by_role("link", name=journey.inspection.reference, exact=True).is_visible()
    assert "Meadow Family Support" not in page.content()
    visit.click(
        page.get_by_role("link", name=journey.inspection.reference, exact=True),
        "provider opens the inspection",
    )
    visit.click(page.get_by_role("link", name="case list form"), "provider opens the case list request")
    page.get_by_label("Choose the file").set_input_files(
        {"name": "cases.csv", "mimeType": "text/csv", "buffer": CASE_LIST}
    )
    # With JavaScript the upload goes by XMLHttpRequest (to show progress) and the answer is written into
    # this document, so there is no navigation to wait for: wait for the answer's banner instead.
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator(".govuk-notification-banner").wait_for()
    assert "Version 1 received" in visit.success(), page.locator("main").inner_text()
    visit.check("case list sent")
    visit.click(page.get_by_role("link", name="Back to the inspection"), "provider back at the inspection")
    case_list_row = page.get_by_role("row").filter(has_text="case list form")
    assert "Received" in case_list_row.inner_text()
    visit.sign_out()

    # The inspector prepares: a line of enquiry in the plan before going on site (NOT-5).
    visit.sign_in(journey.inspector, overview, "inspector back to the inspection")
    visit.click(page.get_by_role("button", name="Start preparing"), "preparation started")
    visit.click(page.get_by_role("link", name="Preparation", exact=True), "preparation page")
    page.get_by_label("Line of enquiry", exact=True).check()
    page.get_by_label("Entry", exact=True).fill("How quickly therapy starts after assessment")
    visit.click(page.get_by_role("button", name="Add to the plan"), "line of enquiry added")
    assert "How quickly therapy starts after assessment" in page.locator("main").inner_text()
    visit.sign_out()

    # Monday 3 February: on site; four of twelve cases tracked (CAS-1), evidence and judgements recorded.
    visit.on("2025-02-03")
    visit.sign_in(journey.inspector, overview, "inspector on site")
    visit.click(page.get_by_role("button", name="Start the on-site visit"), "on site")
    visit.click(page.get_by_role("link", name="Cases", exact=True), "cases page")
    # One form for the page of cases (issue 15), not a form per row.
    for n in range(1, 5):
        page.get_by_role("group", name=f"Choose HAS-{n:03d} as").get_by_label("Tracked").check()
    visit.click(page.get_by_role("button", name="Save the choices"), "four cases tracked")
    assert "4 cases changed" in visit.success()
    assert "4 of at least 4 cases tracked" in page.locator("main").inner_text()

    visit.click(page.get_by_role("link", name="Evidence", exact=True), "evidence page")
    page.get_by_label("Face-to-face interview", exact=True).check()
    interview = page.get_by_role("group", name="Time of the interview or call")
    interview.get_by_label("Day").fill("3")
    interview.get_by_label("Month").fill("2")
    interview.get_by_label("Year").fill("2025")
    interview.get_by_label("Time").fill("2pm")
    page.get_by_label("Interviewee's job title or relationship to the child").fill("Adoptive parent")
    page.get_by_label("What you found").fill(EVIDENCE_TEXT)
    for key in ("overall_experiences_progress", "helped_protected", "leaders_managers"):
        page.get_by_label(area_names[key], exact=True).check()
    visit.click(page.get_by_role("button", name="Record evidence"), "evidence recorded")
    assert EVIDENCE_TEXT in page.locator("main").inner_text()

    visit.click(page.get_by_role("link", name="Judgements", exact=True), "judgements page")
    # The limiting judgement and the graded judgement come first (JDG-2).
    for key in ("helped_protected", "leaders_managers", "overall_experiences_progress"):
        form = page.locator("form").filter(has=page.locator(f'input[name="form"][value="{key}"]'))
        form.get_by_label("Good", exact=True).check()
        form.get_by_label("Rationale").fill("Children are safe and well supported.")
        form.get_by_label("Face-to-face interview").check()
        visit.click(
            form.get_by_role("button", name=f"Save {area_names[key].lower()}"), f"judgement {key} recorded"
        )
    assert page.locator(".govuk-tag", has_text="Good").count() == 3
    visit.sign_out()

    # Tuesday 4 February, the last day on site: feedback (RPT-7), then the inspector edits the report.
    visit.on("2025-02-04")
    visit.sign_in(journey.inspector, overview, "inspector gives feedback")
    page.get_by_label("What feedback covered").fill(
        "Strengths, likely judgements of good, no requirements; draft within 18 working days."
    )
    visit.click(page.get_by_role("button", name="Record the feedback"), "feedback given")
    assert f"is now {Status.FEEDBACK_GIVEN.label.lower()}" in visit.success()
    visit.click(page.get_by_role("link", name="Report", exact=True), "report page")
    section = page.get_by_label("Information about this adoption support agency", exact=True)
    section.fill("Harbour Adoption Support offers therapeutic support to adoptive families.")
    # The draft assembled from the record leaves this section for the inspector to write (RPT-1).
    improve = page.get_by_label("What does the adoption support agency need to do to improve?")
    improve.fill("The agency has no requirements or recommendations from this inspection.")
    visit.click(page.get_by_role("button", name="Save the report"), "report saved")
    # RPT-3: the draft cannot go before a manager has checked it: no button that can only fail, but why.
    assert page.get_by_role("button", name="Send the draft report").count() == 0
    assert "once the inspection's manager has checked the report" in page.locator("#actions").inner_text()
    visit.check("draft waits for the manager's check")
    visit.sign_out()

    # Thursday 20 February: the manager checks the report and the inspector sends the draft (CMP-1).
    visit.on("2025-02-20")
    visit.sign_in(journey.manager, f"{overview}report/", "manager opens the report")
    page.get_by_label("Note on the check (optional)").fill("Clear and evaluative")
    visit.click(page.get_by_role("button", name="Record the manager's check"), "manager's check recorded")
    visit.sign_out()
    visit.sign_in(journey.inspector, f"{overview}report/", "inspector opens the checked report")
    visit.click(page.get_by_role("button", name="Send the draft report"), "draft sent")
    assert f"is now {Status.DRAFT_SENT.label.lower()}" in visit.success()
    visit.sign_out()

    # Monday 24 February, within the 5 WD window: the agency reads the draft and sends minor points.
    visit.on("2025-02-24")
    visit.sign_in(journey.staff, f"/portal/inspections/{pk}/", "provider opens the draft")
    assert page.get_by_role("heading", name="Draft report", exact=True).is_visible()
    page.screenshot(path=SCREENSHOTS.format("portal-draft"), full_page=True)
    page.get_by_label("Minor points", exact=True).check()
    page.get_by_label("Your comments or complaint").fill("The agency opened in 2019, not 2018.")
    visit.click(page.get_by_role("button", name="Send", exact=True), "minor points sent")
    assert "Sent to the inspection team" in visit.success()

    # DPR-3: another agency's inspection and the inspection team's pages, evidence above all, stay shut.
    visit.goto(f"/portal/inspections/{journey.other_inspection.pk}/", "another agency's inspection", 404)
    assert "Meadow Family Support" not in page.content()
    for target in (journey.other_inspection.pk, pk):
        visit.goto(f"/inspections/{target}/evidence/", "evidence typed into the address bar", 403)
        assert EVIDENCE_TEXT not in page.content()
        assert "Meadow Family Support" not in page.content()
    visit.sign_out()

    # Tuesday 25 February: the final report.
    visit.on("2025-02-25")
    visit.sign_in(journey.inspector, f"{overview}report/", "inspector sends the final")
    assert "Minor points from the provider" in page.locator("main").inner_text()
    visit.click(page.get_by_role("button", name="Send the final report"), "final sent")
    assert f"is now {Status.FINAL_SENT.label.lower()}" in visit.success()
    # RPT-3: the manager publishes, so the inspector is not offered the button.
    assert page.get_by_role("button", name="Publish the report").count() == 0
    visit.sign_out()

    # Tuesday 4 March, 5 WD after the final (RPT-3): the manager publishes.
    visit.on("2025-03-04")
    visit.sign_in(journey.manager, overview, "manager publishes")
    visit.click(page.get_by_role("button", name="Publish the report"), "published")
    assert f"is now {Status.PUBLISHED.label.lower()}" in visit.success()
    visit.sign_out()

    # Anyone can read the published report.
    visit.goto("/reports/", "published reports")
    visit.click(page.get_by_role("link", name="Harbour Adoption Support"), "the published report")
    text = page.locator("main").inner_text()
    assert "Harbour Adoption Support" in text and "Good" in text
    assert EVIDENCE_TEXT not in text
    page.screenshot(path=SCREENSHOTS.format("published"), full_page=True)
    visit.stop_clock()

    inspection = Inspection.objects.get(pk=pk)
    assert inspection.status == Status.PUBLISHED
    assert PublishedReport.objects.filter(inspection=inspection).exists()
    assert Evidence.objects.filter(inspection=inspection).count() == 1
    other = journey.other_inspection.pk
    every_page = {
        "/accounts/login/",
        *(f"{overview}{sub}" for sub in ("", "notice/", "preparation/", "cases/", "evidence/")),
        *(f"{overview}{sub}" for sub in ("judgements/", "report/", "letters/notice/")),
        "/portal/",
        f"/portal/inspections/{pk}/",
        f"/portal/inspections/{other}/",
        f"/inspections/{other}/evidence/",
        "/reports/",
    }
    assert every_page <= visit.checked, f"pages never checked with axe: {every_page - visit.checked}"
    assert not visit.found, "axe found serious or critical violations:\n" + visit.report()
