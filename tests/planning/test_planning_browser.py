"""A manager makes a plan, reads it by week and by inspector, locks and moves a placement: every page
passes axe (issue 14), in Chromium with the strict Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User

from careinspect.core.roles import MANAGER, ensure_roles
from careinspect.planning.models import Placement, Plan
from careinspect.registry.models import ProviderKind
from tests.browser_fixtures import serious_accessibility_violations
from tests.planning.records import NOW, agency, authority, conflict, inspector

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.planning.urls"),
]


@pytest.fixture
def data() -> Iterator[None]:
    rim = User.objects.create_user("manager", password="manager-demo-pass", first_name="Manager")
    rim.groups.add(ensure_roles()[MANAGER])
    camden = authority()
    leeds = authority("383", "Leeds", "Yorkshire and the Humber")
    inspector("lon1", days=2)
    inspector("yor1", region="Yorkshire and the Humber", kinds="ASA,IFA", days=2)
    agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))
    agency("SC000002", la=leeds, last=("2025-06-10", "requires_improvement"))
    agency("SC800001", kind=ProviderKind.IFA, la=leeds, last=("2025-09-01", "inadequate"))
    barred = agency("SC900001", kind=ProviderKind.VAA, la=camden, last=("2025-10-15", "inadequate"))
    conflict(User.objects.get(username="lon1"), provider=barred)
    # The pages read the clock (the services never do): the plan is made on 1 April 2026, the clock
    # running from there, in the live server's thread too.
    with time_machine.travel(NOW, tick=True):
        yield


def test_a_manager_plans_and_reads_the_plan_by_week_and_by_inspector(
    live_server: Any, page: Any, data: None
) -> None:
    page.goto(f"{live_server.url}/planning/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("manager-demo-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/planning/")
    assert page.get_by_role("heading", name="The national plan").is_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Seconds for the planner").fill("2")
    page.get_by_role("button", name="Make the plan").click()
    plan = Plan.objects.get()
    page.wait_for_url(f"**/planning/{plan.pk}/")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert page.locator("[data-test-id=by-week]").is_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("tab", name="By inspector").click()
    assert page.locator("#by-inspector").is_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("tab", name="Not placed (1)").click()
    assert "SC900001" in page.locator("[data-test-id=not-placed]").inner_text()
    assert serious_accessibility_violations(page) == []

    placement = Placement.objects.filter(plan=plan).select_related("provider").order_by("start").first()
    assert placement is not None
    page.get_by_role("tab", name="By inspector").click()
    page.get_by_role("button", name=f"Lock {placement.provider.urn}").click()
    page.wait_for_url(f"**/planning/{plan.pk}/#by-inspector")
    assert page.get_by_role("button", name=f"Unlock {placement.provider.urn}").is_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name=f"Move {placement.provider.urn}").click()
    page.get_by_label("First on-site day").fill("2026-08-31")  # the summer bank holiday
    page.get_by_role("button", name="Move and lock").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "not a working day" in page.locator(".govuk-error-summary").inner_text()
    assert serious_accessibility_violations(page) == []
