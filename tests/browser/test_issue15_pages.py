"""Issue 15's pages in Chromium, each checked with axe-core: scheduling with the GOV.UK date input and a
clash refused in an error summary; the report page's flagged passages (DPR-2) kept with a reason, then the
manager's check; the agency's case list request with its columns and template; the published report in
the portal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER
from careinspect.inspections.models import PublishedReport, Report
from careinspect.inspections.services import reporting
from careinspect.registry.models import Provider, ProviderKind
from careinspect.rules.lifecycle import Status
from tests.browser.journey_data import _user
from tests.browser.test_inspection_journey import Visit
from tests.clock import tick
from tests.inspections.conftest import FIRST_ON_SITE_DAY, LAST_ON_SITE_DAY, SCHEDULED_ON, Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visit(live_server: Any, page: Any, settings: Any) -> Iterator[Visit]:
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    v = Visit(page, live_server.url)
    yield v
    v.stop_clock()


def agency(urn: str, name: str) -> Provider:
    return Provider.objects.create(
        kind=ProviderKind.ASA,
        urn=urn,
        name=name,
        registration_date=date(2019, 4, 1),
        registered_manager="Alex Morgan",
        responsible_individual="Sam Patel",
    )


def people() -> tuple[User, User, User, Provider, Provider]:
    harbour = agency("SC920001", "Harbour Adoption Support")
    meadow = agency("SC920002", "Meadow Family Support")
    inspector = _user("insp", INSPECTOR)
    inspector.first_name, inspector.last_name = "Hannah", "Reid"
    inspector.save()
    return inspector, _user("rim", MANAGER), _user("staff-a", PROVIDER_USER, harbour), harbour, meadow


def test_issue15_scheduling_the_report_page_and_the_portal_in_the_browser(visit: Visit) -> None:
    page = visit.page
    inspector, manager, staff, harbour, meadow = people()
    published = Walk(inspector=inspector, manager=manager, provider_user=staff, provider=harbour)
    published.to(Status.PUBLISHED)
    week = timedelta(weeks=1)
    reported = Walk(
        inspector=inspector,
        manager=manager,
        provider_user=staff,
        provider=meadow,
        start=FIRST_ON_SITE_DAY - week,
        end=LAST_ON_SITE_DAY - week,
        scheduled_on=SCHEDULED_ON - week,
    )
    reported.to(Status.FEEDBACK_GIVEN)
    address = "The agency's new base at 3 Church Street opened in May."
    reporting.edit_report(
        reported.current,
        by=inspector,
        sections={"areas_for_improvement": "None.", "judgement:overall_experiences_progress": address},
        now=tick(),
    )

    # DPR-2: the inspector sees the flagged passage, where and why, and keeps it with a reason.
    report = f"/inspections/{reported.current.pk}/report/"
    visit.sign_in(inspector, report, "inspector opens the report with a flagged passage")
    assert "Signed in as Hannah Reid" in page.locator("header").inner_text()
    assert page.get_by_role("heading", name="Passages that may identify someone (DPR-2)").is_visible()
    assert "Looks like a street address" in page.locator("#passage-1").inner_text()
    page.get_by_label("Why “3 Church Street” may stay").fill(
        "The agency's office address; no one lives there."
    )
    visit.click(page.get_by_role("button", name="Keep this passage"), "passage kept with a reason")
    assert "Reason recorded" in visit.success()
    assert Report.objects.get(inspection=reported.current).naming_reasons
    visit.sign_out()

    # RPT-3: the inspection's own manager sees the reason and records the check.
    visit.sign_in(manager, report, "manager opens the report")
    assert "The agency's office address" in page.locator("#flagged ~ .govuk-summary-card").inner_text()
    assert page.get_by_role("button", name="Save the report").count() == 0
    visit.click(page.get_by_role("button", name="Record the manager's check"), "manager's check recorded")
    assert "Report checked" in visit.success()

    # Scheduling on 6 January 2025: inspectors by name, the GOV.UK date input, a clash refused.
    visit.on("2025-01-06")
    visit.goto("/inspections/new/", "schedule page")
    assert page.get_by_label("Lead inspector").locator("option", has_text="Hannah Reid").count() == 1
    assert page.get_by_label("Lead inspector").locator("option", has_text="rim").count() == 0

    def schedule(provider: Provider, start: date, end: date, step: str) -> None:
        page.get_by_label("Adoption support agency").select_option(str(provider.pk))
        page.get_by_label("Lead inspector").select_option(str(inspector.pk))
        for name, day in (("First on-site day", start), ("Last on-site day", end)):
            group = page.get_by_role("group", name=name)
            group.get_by_label("Day").fill(str(day.day))
            group.get_by_label("Month").fill(str(day.month))
            group.get_by_label("Year").fill(str(day.year))
        with page.expect_navigation():
            page.get_by_role("button", name="Schedule").click()
        visit.check(step)

    schedule(harbour, date(2025, 2, 3), date(2025, 2, 4), "first inspection scheduled")
    assert "scheduled; notice is due by 20 January 2025" in visit.success()
    visit.goto("/inspections/new/", "schedule page again")
    schedule(meadow, date(2025, 2, 4), date(2025, 2, 5), "a clash refused")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert (
        "Hannah Reid is on site for" in summary
        and "at Harbour Adoption Support on 3 February 2025" in summary
    )
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_lead_inspector"
    visit.stop_clock()
    visit.sign_out()

    # The agency: its case list request says what the file holds; its published report is linked.
    request = published.current.information_requests.get(dataset_kind="asa_case_list")
    visit.sign_in(staff, f"/portal/requests/{request.pk}/", "provider opens the case list request")
    assert page.get_by_role("heading", name="What the file must hold").is_visible()
    assert page.get_by_role("link", name="Download a template (CSV)").is_visible()
    visit.goto(f"/portal/inspections/{published.current.pk}/", "provider opens the published inspection")
    assert page.get_by_role("heading", name="Published report").is_visible()
    copy = PublishedReport.objects.get(inspection=published.current)
    link = page.get_by_role("link", name="download the published report (PDF)")
    assert link.get_attribute("href") == f"/reports/{copy.pk}.pdf"
    assert "DRAFT" not in page.locator("main").inner_text()

    assert not visit.found, "axe found serious or critical violations:\n" + visit.report()
