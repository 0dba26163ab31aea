"""An inspector signs in, opens Inspections due and filters it; every page passes axe (issue 2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.core.roles import INSPECTOR, ensure_roles
from careinspect.registry.models import InspectionKind, PastInspection, Provider, ProviderKind
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import d

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data() -> None:
    user = User.objects.create_user("inspector", password="inspector-demo-pass")
    user.groups.add(ensure_roles()[INSPECTOR])
    overdue_ifa = Provider.objects.create(
        urn="SC800001", kind=ProviderKind.IFA, name="Kestrel Fostering", registration_date=d("2015-01-05")
    )
    PastInspection.objects.create(
        provider=overdue_ifa, end_date=d("2020-03-04"), kind=InspectionKind.SCCIF_FULL, judgement="inadequate"
    )
    Provider.objects.create(
        urn="SC700001",
        kind=ProviderKind.ASA,
        name="Harbour Adoption Support",
        registration_date=d("2015-01-05"),
    )
    Provider.objects.create(
        urn="SC800002", kind=ProviderKind.IFA, name="Lantern Foster Care", registration_date=d("2099-01-05")
    )


def test_inspector_signs_in_and_filters_the_due_list(live_server: Any, page: Any, data: None) -> None:
    page.goto(f"{live_server.url}/inspections-due/")
    assert page.title() == "Sign in – careinspect"
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Username").fill("inspector")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Password").fill("inspector-demo-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/inspections-due/")
    assert page.get_by_role("heading", name="Inspections due").is_visible()
    assert page.locator("#result-count").inner_text().startswith("3 providers")
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Independent fostering agency").check()
    page.get_by_label("Overdue").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**kind=IFA**")
    rows = page.locator("[data-test-id=due-table] tbody tr")
    assert rows.count() == 1
    assert "Kestrel Fostering" in rows.first.inner_text()
    assert "Overdue" in rows.first.inner_text()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Clear filters").click()
    assert page.locator("#result-count").inner_text().startswith("3 providers")
