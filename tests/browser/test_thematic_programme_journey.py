"""A manager creates a thematic programme, takes in the candidate RAAs, chooses the sample (THM-2, THM-3),
swaps an RAA and sees the coverage change, staffs a team (KND-2), plans (THM-4) and announces the RAA on
its notice day (NTC-2), reaching its letters (NTC-3): every page passes axe, in Chromium with the strict
Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User

from careinspect.core.roles import INSPECTOR, MANAGER, ensure_roles
from careinspect.rules.timelines import LONDON
from careinspect.thematic.models import Programme
from tests.browser_fixtures import serious_accessibility_violations
from tests.thematic.records import registry_raa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Friday 27 March 2026: the notice day of fieldwork starting Tuesday 7 April, after Easter Monday (CAL-3:
# Thu 2 Apr 1, Wed 1 2, Tue 31 Mar 3, Mon 30 4, Fri 27 5).
NOW = datetime.combine(date(2026, 3, 27), time(9, 0), tzinfo=LONDON)


@pytest.fixture
def data() -> Iterator[None]:
    groups = ensure_roles()
    rim = User.objects.create_user("manager", password="manager-demo-pass", first_name="Manager")
    rim.groups.add(groups[MANAGER])
    lead = User.objects.create_user("lead", first_name="Lena", last_name="Lead")
    lead.groups.add(groups[INSPECTOR])
    registry_raa("RA100001", las=("801", "802"), region="London", size=60)
    registry_raa("RA100002", las=("803", "804", "805"), region="North East", size=150, model="decentralised")
    registry_raa("RA100003", las=("806",), region="South West", vaa=True)
    with time_machine.travel(NOW, tick=True):
        yield


def _checked(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def test_a_manager_creates_selects_swaps_plans_and_announces(live_server: Any, page: Any, data: None) -> None:
    page.goto(f"{live_server.url}/thematic/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager-demo-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/thematic/")
    assert page.get_by_role("link", name="Thematic programmes").is_visible()
    _checked(page)

    page.get_by_role("link", name="Create a programme").click()
    _checked(page)
    page.get_by_label("Name").fill("RAAs spring 2026")
    page.get_by_label("The Secretary of State's direction").fill("The five themes of THM-1")
    for field, (day, month, year) in (
        ("window_start", ("6", "4", "2026")),
        ("window_end", ("10", "4", "2026")),
    ):
        page.locator(f"#id_{field}").fill(day)
        page.locator(f"#id_{field}-month").fill(month)
        page.locator(f"#id_{field}-year").fill(year)
    page.get_by_label("Number of RAAs").fill("1")
    page.get_by_label("Number of teams").fill("1")
    page.get_by_role("button", name="Create the programme").click()
    page.wait_for_url("**/thematic/*/candidates/")
    programme = Programme.objects.get()
    _checked(page)

    page.get_by_role("button", name="Take the candidates from the register").click()
    page.wait_for_url(f"**/thematic/{programme.pk}/candidates/")
    assert "RA100003" in page.locator("[data-test-id=candidates]").inner_text()
    _checked(page)

    page.get_by_role("link", name="Sample").click()
    page.get_by_role("button", name="Choose the sample").click()
    page.wait_for_url(f"**/thematic/{programme.pk}/selection/")
    excluded = page.locator("[data-test-id=excluded]").inner_text()
    assert "RA100003" in excluded and "THM-3" in excluded and "voluntary adoption agency" in excluded
    assert page.locator("[data-test-id=coverage]").is_visible()
    _checked(page)
    chosen = programme.candidates.get(selected=True).urn
    other = "RA100002" if chosen == "RA100001" else "RA100001"
    page.get_by_label("Swap out").select_option(chosen)
    page.get_by_label("Swap in").select_option(other)
    page.get_by_role("button", name="Swap").click()
    page.wait_for_url(f"**/thematic/{programme.pk}/selection/#last-swap")
    table = page.locator("[data-test-id=swap-coverage]").inner_text()
    assert "Before" in table and "After" in table
    assert other in page.locator("[data-test-id=chosen]").inner_text()
    _checked(page)

    page.get_by_role("link", name="Teams and plan").click()
    page.get_by_text("Change the teams").click()
    page.get_by_label("Lead inspector").select_option(label="Lena Lead")
    page.get_by_role("button", name="Save team 1").click()
    page.wait_for_url(f"**/thematic/{programme.pk}/plan/")
    page.get_by_role("button", name="Make the plan").click()
    page.wait_for_url(f"**/thematic/{programme.pk}/plan/")
    plan = page.locator("[data-test-id=plan]").inner_text()
    assert "Friday 27 March 2026" in plan and "4pm on Monday 30 March 2026" in plan
    assert "Tuesday 7 April 2026" in plan and "Thursday 9 April 2026" in plan
    _checked(page)

    page.get_by_role("button", name=f"Announce Adopt {other}").click()
    page.wait_for_url("**/inspections/*/notice/")
    assert page.get_by_role("link", name="Information for children", exact=True).is_visible()
    assert page.get_by_role("link", name="Letter for all the RAA's staff", exact=True).is_visible()
    _checked(page)
    visit = programme.visits.select_related("inspection").get()
    assert visit.inspection.status == "notified"
    assert visit.inspection.notified_on == date(2026, 3, 27)
