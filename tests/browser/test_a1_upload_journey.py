"""An RAA sends an A1 workbook that fails validation, corrects it, and the team sees the measures (issue 4).

RULES: INF-1 (the A1 form is requested at announcement, and every version sent is kept), DPR-3 (the
agency's own staff upload; the measures are the inspection team's). Everyone signs in through the sign-in
page and uses the labelled controls a person would; axe-core checks every page visited and the findings
are reported together at the end, so one run shows every page's problems.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User

from careinspect.datasets.a1.generate import generate_a1, write_a1
from careinspect.inspections.models import Inspection
from tests.browser_fixtures import serious_accessibility_violations
from tests.portal.conftest import PERIOD_END, raa, raa_staff, thematic  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/a1-{}.png"
INJECTED_ERRORS = 3


def a1_file(path: Path, errors: int = 0) -> list[dict[str, Any]]:
    """Write an A1 workbook (the portal tests' sizes and seed) to `path`; say where its errors are."""
    generated = generate_a1(60, 40, 50, seed=7, errors=errors, period_end=PERIOD_END)
    write_a1(generated, path, fmt="xlsx")
    return generated.injected


class Visit:
    """One browser tab: every page it shows is checked with axe, and what axe found is kept by URL."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, step: str) -> None:
        violations = serious_accessibility_violations(self.page)
        if violations:
            self.found.setdefault(f"{urlsplit(self.page.url).path} ({step})", []).extend(violations)

    def goto(self, path: str, step: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, f"{step}: {path} gave {response}"
        self.check(step)

    def click(self, locator: Any, step: str) -> None:
        """Click something that loads a page: a link, or a button whose post is redirected."""
        with self.page.expect_navigation():
            locator.click()
        self.check(step)

    def sign_in(self, user: User, path: str, step: str) -> None:
        """Open `path`, be sent to the sign-in page, sign in and land back on `path`."""
        self.goto(path, f"{step}: sign-in page")
        assert self.page.title() == "Sign in – careinspect"
        self.page.get_by_label("Username").fill(user.get_username())
        # The password tests/pages/conftest.py gives every user it makes.
        self.page.get_by_label("Password").fill(f"{user.get_username()}-test-pass-123")
        self.click(self.page.get_by_role("button", name="Sign in"), step)
        assert urlsplit(self.page.url).path == path, f"{step}: signed in but at {self.page.url}"

    def sign_out(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign out").click()
        assert self.page.title() == "Sign in – careinspect"

    def upload(self, path: Path, version: int, step: str) -> None:
        """Send `path` with the request page's form and wait until it is listed as `version`.

        The page's script posts the form by XMLHttpRequest to show progress and then writes the answer
        into this document (the redirect comes back to the same address), so there may be no navigation
        to wait for: wait for the versions table of the answer instead.
        """
        self.page.get_by_label("Choose the file").set_input_files(str(path))
        self.page.get_by_role("button", name="Send", exact=True).click()
        self.page.wait_for_function(
            """version => [...document.querySelectorAll("table")]
                .filter(t => t.caption && t.caption.textContent.includes("Versions sent"))
                .some(t => t.tBodies[0].rows.length === version)""",
            arg=version,
        )
        self.check(step)

    def report(self) -> str:
        return "\n".join(
            f"{where}: {v['id']} [{v['impact']}] {v['help']} at {v['nodes']}"
            for where, violations in self.found.items()
            for v in violations
        )


def test_inf1_a1_with_errors_is_corrected_and_the_team_sees_its_measures(
    live_server: Any,
    page: Any,
    # The portal tests' fixtures, imported above because tests/browser is not under tests/portal.
    thematic: Inspection,  # noqa: F811
    raa_staff: User,  # noqa: F811
    people: dict[str, User],
    tmp_path: Path,
) -> None:
    visit = Visit(page, live_server.url)
    main = page.locator("main")

    # The RAA's member of staff opens the portal, the inspection and the A1 item.
    visit.sign_in(raa_staff, "/portal/", "provider opens the portal")
    visit.click(page.get_by_role("link", name=thematic.reference), "provider opens the inspection")
    a1_row = page.get_by_role("row").filter(has_text="checked on arrival").filter(has_text="A1")
    visit.click(a1_row.get_by_role("link"), "provider opens the A1 request")
    request_path = urlsplit(page.url).path
    assert request_path.startswith("/portal/requests/")

    # Version 1 has three injected errors: it is kept, and every error is shown where it is.
    bad = tmp_path / "a1.xlsx"
    injected = a1_file(bad, errors=INJECTED_ERRORS)
    visit.upload(bad, 1, "version 1 with errors")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), main.inner_text()
    assert (
        summary.locator(".govuk-error-summary__title").inner_text()
        == f"Version 1 has {INJECTED_ERRORS} errors"
    )
    errors = page.locator("#validation-errors")
    assert errors.locator("thead th").all_inner_texts() == [
        "Sheet",
        "Row",
        "Column",
        "Value",
        "What is wrong",
    ]
    shown = [r.locator("td").all_inner_texts() for r in errors.locator("tbody tr").all()]
    # Each planted mistake is shown by the sheet, spreadsheet row and column a person would go to.
    assert sorted((c[0], c[1], c[2]) for c in shown) == sorted(
        (e["sheet"], str(e["row"]), e["column"]) for e in injected
    ), shown
    assert all(c[4].strip() for c in shown), f"an error without a reason: {shown}"
    page.screenshot(path=SCREENSHOTS.format("request-with-errors"), full_page=True)

    # Version 2 is the same data without the errors: it passes, and version 1 is still listed.
    good = tmp_path / "a1-corrected.xlsx"
    a1_file(good)
    visit.upload(good, 2, "version 2 corrected")
    assert "Version 2 received" in page.locator(".govuk-notification-banner--success").inner_text()
    assert page.locator("#validation-errors").count() == 0
    versions = page.locator("table").filter(has=page.locator("caption", has_text="Versions sent"))
    rows = {
        cells[0]: cells
        for cells in (r.locator("td").all_inner_texts() for r in versions.locator("tbody tr").all())
    }
    assert set(rows) == {"1", "2"}, rows
    assert "Valid" in rows["2"][3], rows["2"]
    assert "error" in rows["1"][3] and "a1.xlsx" in rows["1"][1], rows["1"]
    visit.sign_out()

    # The lead inspector sees the A1 item received and the measures worked out from version 2.
    inspector = people["inspector"]
    information = f"/inspections/{thematic.pk}/information/"
    visit.sign_in(inspector, information, "inspector opens the information page")
    a1_row = page.get_by_role("row").filter(has_text="checked on arrival").filter(has_text="A1")
    assert "Received" in a1_row.inner_text() and "Version 2" in a1_row.inner_text(), a1_row.inner_text()

    visit.goto(f"/inspections/{thematic.pk}/measures/", "inspector opens the A1 measures")
    assert "From version 2 of the A1 dataset" in main.inner_text()
    assert (
        page.get_by_role("cell", name="Days from registration of interest to approval", exact=True).count()
        >= 1
    )
    assert page.locator("figure.app-chart .app-chart__row").count() >= 1
    page.screenshot(path=SCREENSHOTS.format("measures"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download every measure (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"INS-{thematic.pk:05d}-a1-measures.csv"
    table = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert table and {"scope", "group", "measure", "count"} <= set(table[0])
    assert any(r["measure"] == "Days from registration of interest to approval" for r in table), table[:3]

    assert not visit.found, "serious accessibility problems:\n" + visit.report()
