"""RPT-5 in Chromium, every page checked with axe-core: the inspector writes the child-friendly summary and
checks its readability (dense prose flagged, plain words passing), the manager checks it, and once the
report is published the public read the summary beside it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from careinspect.assurance.summary_models import ChildFriendlySummary
from careinspect.core.roles import INSPECTOR, MANAGER
from careinspect.inspections.services import reporting
from tests.assurance.summary_setup import DENSE, PLAIN, PUBLICATION, final_report_sent, ifa_with_staff
from tests.assurance.summary_setup import visit_after_feedback as after_feedback
from tests.browser.journey_data import _user
from tests.browser.test_inspection_journey import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tab(live_server: Any, page: Any, settings: Any) -> Iterator[Visit]:
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    v = Visit(page, live_server.url)
    yield v
    v.stop_clock()


def _fill(page: Any, blocks: list[dict[str, str]]) -> None:
    for n, block in enumerate(blocks, 1):
        page.locator(f"#block-{n}-text").fill(block["text"])
        page.locator(f"#block-{n}-icon").select_option(block.get("icon", ""))


def test_rpt5_write_check_readability_manager_check_and_publish_beside_the_report(tab: Visit) -> None:
    page = tab.page
    inspector, manager = _user("insp", INSPECTOR), _user("rim", MANAGER)
    ifa, _ = ifa_with_staff()
    visit = final_report_sent(
        after_feedback(ifa, {"inspector": inspector, "manager": manager}), {"manager": manager}
    )
    path = f"/assurance/inspections/{visit.pk}/child-friendly-summary/"

    # The inspector writes dense prose: "Check readability" marks the long sentence and the long words.
    tab.sign_in(inspector, path, "inspector opens the summary")
    _fill(page, DENSE)
    # With JavaScript the reading age comes as the inspector types (/api/assurance/readability).
    page.locator(".app-readability-live", has_text="not easy enough yet").wait_for()
    assert "Long sentence" in page.locator(".app-readability-live").inner_text()
    tab.click(page.get_by_role("button", name="Check readability"), "dense prose checked")
    assert "Not easy enough yet" in page.locator("#readability").inner_text()
    assert page.locator(".app-summary-preview mark.app-long-sentence").count() == 1
    assert page.locator(".app-summary-preview mark.app-long-word").count() >= 3
    assert not ChildFriendlySummary.objects.exists()  # checking saves nothing

    # Plain words, one picture a block: easy to read; saved.
    _fill(page, [*PLAIN, {"text": "", "icon": ""}])
    tab.click(page.get_by_role("button", name="Check readability"), "plain words checked")
    assert "Easy to read" in page.locator("#readability").inner_text()
    assert page.locator(".app-summary-preview mark").count() == 0
    tab.click(page.get_by_role("button", name="Save the summary"), "summary saved")
    assert tab.success() and "Summary saved" in tab.success()
    assert ChildFriendlySummary.objects.get(inspection=visit).blocks == PLAIN
    tab.sign_out()

    # The manager checks it.
    tab.sign_in(manager, path, "manager opens the summary")
    assert page.get_by_role("img", name="A house").count() == 1
    tab.click(page.get_by_role("button", name="Record the manager's check of the summary"), "summary checked")
    assert ChildFriendlySummary.objects.get(inspection=visit).checked_since_written
    tab.sign_out()

    # Publishing the report publishes the summary beside it; the public read both.
    published = reporting.publish(visit, by=manager, now=PUBLICATION)
    tab.goto(f"/reports/{published.pk}/", "the public report")
    tab.click(page.get_by_role("link", name="read the summary for children"), "the public summary")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "What we found when we visited Hearth Fostering"
    )
    for block in PLAIN:
        assert block["text"] in page.inner_text("main")
    assert page.get_by_role("img", name="A house").count() == 1
    assert page.get_by_role("img", name="Talking: a speech bubble").count() == 1
    assert tab.found == [], tab.found
