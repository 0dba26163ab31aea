"""From a requirement not met to a compliance notice, its monitoring visit and the visit's published report,
in Chromium (issue 13). Everyone signs in through the sign-in page and uses the labelled fields and buttons
a person would; axe-core checks every page visited.

Rules: REQ-3 (the outcome once the date has passed; an unmet one opens a case review), ENF-1 (a notice from
it; the visit finds it fully met), SCH-8 (the proposed visit within 5 working days of the notice's date),
KND-4 (an unannounced visit), RPT-6 (the report's sections, the manager's check, the standard timeline and
publication with no grade). Dates: the requirement due Wed 20 Dec 2023; the notice due Wed 10 Jan 2024, its
visit between Thu 11 and Wed 17 Jan; the draft Thu 11 Jan, comments until Thu 18 Jan; the final Fri 19 Jan,
published Fri 26 Jan (5 working days later).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from careinspect.compliance.models import ComplianceNotice, NoticeStatus
from careinspect.core.roles import INSPECTOR, MANAGER, ensure_roles
from careinspect.enforcement import services as enforcement
from careinspect.enforcement.models import CaseReview
from careinspect.inspections.models import Inspection, PublishedReport, Requirement
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import RPT6_SECTIONS
from tests.browser.test_inspection_journey import Visit
from tests.clock import at
from tests.conftest import d

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(username: str, role: str, name: str) -> User:
    user = get_user_model().objects.create_user(username, password=f"{username}-journey-pass-123")
    user.first_name = name
    user.save()
    user.groups.set([ensure_roles()[role]])
    return user


@pytest.fixture
def data(settings: Any) -> dict[str, Any]:
    # The browser keeps real time while the server travels: session-length cookies (see the SCCIF journey).
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    inspector = _user("insp", INSPECTOR, "Ira Inspector")
    manager = _user("rim", MANAGER, "Rae Manager")
    agency = Provider.objects.create(
        kind="ASA", urn="SC900001", name="Harbour Adoption Support", registration_date=d("2019-04-01")
    )
    sccif = Inspection.objects.create(
        provider=agency,
        kind="sccif-full",
        status=Status.PUBLISHED.value,
        lead_inspector=inspector,
        manager=manager,
        start_date=d("2023-10-09"),
        end_date=d("2023-10-10"),
        notified_on=d("2023-09-25"),
    )
    Requirement.objects.create(
        inspection=sccif,
        regulation="Regulation 12 (fitness of workers)",
        action="Obtain two written references before anyone starts work.",
        impact="Staff may not be suitable to work with children.",
        compliance_date=d("2023-12-20"),
    )
    return {"inspector": inspector, "manager": manager, "agency": agency}


@pytest.fixture
def visit(live_server: Any, page: Any) -> Iterator[Visit]:
    v = Visit(page, live_server.url)
    yield v
    v.stop_clock()


def sign_in(visit: Visit, user: User, path: str, step: str) -> None:
    visit.goto(path, f"{step}: sign-in page")
    visit.page.get_by_label("Username").fill(user.get_username())
    visit.page.get_by_label("Password").fill(f"{user.get_username()}-journey-pass-123")
    visit.click(visit.page.get_by_role("button", name="Sign in"), step)


def fill_date(page: Any, prefix: str, day: str) -> None:
    year, month, dom = day.split("-")
    page.locator(f"#{prefix}").fill(str(int(dom)))
    page.locator(f"#{prefix}-month").fill(str(int(month)))
    page.locator(f"#{prefix}-year").fill(year)


def test_req3_enf1_sch8_knd4_rpt6_from_an_unmet_requirement_to_a_published_monitoring_report(
    visit: Visit, data: dict[str, Any]
) -> None:
    page = visit.page
    agency, inspector, manager = data["agency"], data["inspector"], data["manager"]
    compliance = f"/compliance/providers/{agency.pk}/"

    # Thursday 21 December 2023: the requirement's date has passed; the inspector records it not met.
    visit.on("2023-12-21")
    sign_in(visit, inspector, "/compliance/", "inspector opens Compliance")
    visit.click(page.get_by_role("link", name="Harbour Adoption Support"), "the agency's compliance")
    requirement = Requirement.objects.get()
    card = page.locator(f"#outcome-{requirement.pk}")
    card.get_by_label("No, not met").check()
    card.get_by_label("What shows it was or was not met").fill("Two staff files still have one reference.")
    visit.click(card.get_by_role("button", name="Record the outcome"), "requirement not met")
    assert "a case review decides on enforcement (REQ-3)" in visit.success()
    visit.sign_out()

    # The case review decides on a compliance notice, with its reason (enforcement's own record).
    review = CaseReview.objects.get()
    enforcement.decide_case_review(
        review, by=manager, decision="compliance_notice", reason="Safer recruitment", now=at("2023-12-22", 9)
    )

    # Friday 22 December 2023: the manager issues the notice and schedules its visit from the SCH-8 proposal.
    visit.on("2023-12-22")
    sign_in(visit, manager, compliance, "manager opens the agency's compliance")
    page.get_by_label("Requirement not met that the notice follows (REQ-3)").select_option(
        str(requirement.pk)
    )
    page.get_by_label("Regulation", exact=True).fill("Regulation 12 (fitness of workers)")
    page.get_by_label("What must be done").fill("Hold two references for every member of staff.")
    fill_date(page, "id_notice-compliance_date", "2024-01-10")
    visit.click(page.get_by_role("button", name="Issue the notice"), "notice issued")
    notice = ComplianceNotice.objects.get()
    assert f"{notice.reference} issued" in visit.success()
    proposal = page.locator("#proposal").locator("xpath=following-sibling::table[1]")
    assert "Thursday 11 January 2024 to Wednesday 17 January 2024" in proposal.inner_text()
    visit.click(page.get_by_role("link", name="Schedule the visit between"), "schedule the proposed visit")
    assert page.get_by_label(
        f"{notice.reference}: Regulation 12 (fitness of workers)", exact=False
    ).is_checked()
    page.get_by_label("The purpose of the visit (RPT-6)").fill(
        "To check the agency has met the compliance notice."
    )
    page.get_by_label("Lead inspector").select_option(str(inspector.pk))
    fill_date(page, "id_start_date", "2024-01-11")
    visit.click(page.get_by_role("button", name="Schedule the visit"), "visit scheduled")
    monitoring = Inspection.objects.get(kind="monitoring")
    assert monitoring.monitoring.announced is False
    visit.sign_out()

    # Thursday 11 January 2024: the unannounced visit; the notice is fully met; feedback; the report.
    visit.on("2024-01-11")
    sign_in(visit, inspector, f"/inspections/{monitoring.pk}/visit/", "inspector opens the visit")
    visit.click(page.get_by_role("button", name="Start the visit"), "visit started")
    card = page.locator(f"#notice-{notice.pk}")
    card.get_by_label("Fully met").check()
    card.get_by_label("The evidence for this finding").fill("Every staff file has two references.")
    visit.click(card.get_by_role("button", name="Record the finding"), "notice met")
    assert ComplianceNotice.objects.get().status == NoticeStatus.MET
    visit.goto(f"/inspections/{monitoring.pk}/", "the visit's overview")
    page.get_by_label("What feedback covered", exact=False).fill("The notice is met; the draft follows.")
    visit.click(page.get_by_role("button", name="Record the feedback"), "feedback given")
    visit.goto(f"/inspections/{monitoring.pk}/report/", "the report")
    for key, title in RPT6_SECTIONS:
        if key != "reasons_purpose":
            page.get_by_label(title, exact=True).fill(f"{title}: as the visit found.")
    visit.click(page.get_by_role("button", name="Save the report"), "report written")
    visit.sign_out()

    sign_in(visit, manager, f"/inspections/{monitoring.pk}/report/", "manager opens the report")
    visit.click(page.get_by_role("button", name="Record the manager's check"), "report checked")
    visit.sign_out()

    sign_in(visit, inspector, f"/inspections/{monitoring.pk}/report/", "inspector sends the draft")
    visit.click(page.get_by_role("button", name="Send the draft report"), "draft sent")
    visit.sign_out()

    # Friday 19 January 2024: the comment window has closed (CMP-1); the final report goes.
    visit.on("2024-01-19")
    sign_in(visit, inspector, f"/inspections/{monitoring.pk}/report/", "inspector sends the final")
    visit.click(page.get_by_role("button", name="Send the final report"), "final sent")
    visit.sign_out()

    # Friday 26 January 2024: 5 working days later the manager publishes it, with no grade.
    visit.on("2024-01-26")
    sign_in(visit, manager, f"/inspections/{monitoring.pk}/report/", "manager publishes")
    visit.click(page.get_by_role("button", name="Publish the report"), "published")
    published = PublishedReport.objects.get(inspection=monitoring)
    assert published.overall_grade == ""
    visit.click(page.get_by_role("link", name="read the published report"), "the published report")
    assert "Where progress has not been made" in page.locator("main").inner_text()

    assert visit.found == [], visit.report()
