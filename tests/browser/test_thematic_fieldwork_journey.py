"""From the last day of an RAA's fieldwork to the published programme report (issue 11 items 5 and 6): the
lead inspector records the day's keep-in-touch meeting (THM-5) and an adopter's views, refused until
consent is recorded (VEW-1), gives the verbal summary under the 5 themes (THM-6) and writes the findings;
the manager writes the report, sees the identifying-text check block "Jane Smith, aged 7" (DPR-2), changes
it, checks and publishes (THM-7); the public page and its PDF follow. Every page passes axe, in Chromium
with the strict Content-Security-Policy."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User

from careinspect.fieldwork.models import PublishedProgrammeReport, ThemeEvidence, theme_choices
from careinspect.rules.lifecycle import Status
from careinspect.rules.timelines import LONDON
from careinspect.scenarios.thematic_fieldwork import FINDINGS, REPORT, SUMMARY
from tests.browser_fixtures import serious_accessibility_violations
from tests.fieldwork.conftest import ANNOUNCED_1, ANNOUNCED_2, END_1, Programme2023, autumn, walk  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_DAY = datetime.combine(END_1, time(15, 0), tzinfo=LONDON)  # Thursday 2 November 2023
PUBLICATION = datetime.combine(date(2024, 3, 26), time(9, 0), tzinfo=LONDON)


def _checked(page: Any) -> None:
    assert serious_accessibility_violations(page) == []


def _sign_in(page: Any, base: str, username: str, path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"{username}-test-pass-123")
    _submit(page, "Sign in")


def _submit(page: Any, button: str) -> None:
    """Press a button whose post is redirected (the fieldwork page goes back to the section's anchor)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def _date(page: Any, field: str, day: date) -> None:
    page.locator(f"#id_{field}").fill(str(day.day))
    page.locator(f"#id_{field}-month").fill(str(day.month))
    page.locator(f"#id_{field}-year").fill(str(day.year))


def test_fieldwork_to_the_published_programme_report(
    live_server: Any,
    page: Any,
    autumn: Programme2023,  # noqa: F811
    people: dict[str, User],
) -> None:
    inspector, base = people["inspector"], live_server.url
    walk(autumn.first, inspector, ANNOUNCED_1, until=date(2023, 11, 1))
    walk(autumn.second, inspector, ANNOUNCED_2)
    fieldwork = f"/fieldwork/inspections/{autumn.first.pk}/"

    with time_machine.travel(LAST_DAY, tick=True):
        _sign_in(page, base, "insp", fieldwork)
        assert page.get_by_role("link", name="Fieldwork").first.is_visible()
        assert "No keep-in-touch meeting recorded for 2 November" in page.content()
        _checked(page)
        _date(page, "kit-held_on", END_1)
        page.locator("#id_kit-at").fill("16:00")
        page.locator("#id_kit-attendees").fill("RAA leader, lead inspector")
        page.locator("#id_kit-notes").fill("Day 4: final arrangements for the summary agreed.")
        _submit(page, "Record the meeting")
        assert "No keep-in-touch meeting recorded" not in page.content()

        page.locator("#id_evidence-theme").select_option("adoption_support")
        page.locator("#id_evidence-source").select_option("call")
        page.locator("#id_evidence-person_type").select_option("adopter")
        page.locator("#id_evidence-text").fill("The adopter said support arrived after a year.")
        _submit(page, "Record evidence")
        summary = page.locator(".govuk-error-summary")
        assert "VEW-1" in summary.inner_text()
        _checked(page)
        page.locator("#id_evidence-consent_given").check()
        page.locator("#id_evidence-voluntary").check()
        page.locator("#id_evidence-consent_how").fill("Agreed verbally at the start of the call")
        _submit(page, "Record evidence")
        assert ThemeEvidence.objects.filter(text__startswith="The adopter said support").count() == 1

        for key, _ in theme_choices():
            strengths, areas = SUMMARY[key]
            page.locator(f"#id_summary-{key}_strengths").fill(strengths)
            page.locator(f"#id_summary-{key}_areas").fill(areas)
        page.get_by_role("checkbox", name="The RAA leader").check()
        page.get_by_role("checkbox", name="The chair of the board").check()
        _submit(page, "Record the verbal summary")
        assert "Given on 2 November 2023 to The RAA leader, The chair of the board" in page.content()
        _checked(page)
        autumn.first.refresh_from_db()
        assert autumn.first.status_enum is Status.SUMMARY_GIVEN

    programme = f"/fieldwork/programmes/{autumn.programme.pk}/"
    with time_machine.travel(PUBLICATION.replace(day=1), tick=True):
        _sign_in(page, base, "insp", programme)  # months later: a new session
        _checked(page)
        for key, (summary_text, text) in FINDINGS.items():
            page.locator("#id_theme").select_option(key)
            page.locator("#id_summary").fill(summary_text)
            page.locator("#id_text").fill(text)
            _submit(page, "Save the findings")
        _checked(page)

    report = f"/fieldwork/programmes/{autumn.programme.pk}/report/"
    with time_machine.travel(PUBLICATION, tick=True):
        _sign_in(page, base, "rim", report)
        _checked(page)
        page.locator("#id_title").fill("Regional adoption agencies: thematic inspection report")
        for key, text in REPORT.items():
            page.locator(f"#id_{key}").fill(text)
        page.locator("#id_executive_summary").fill(
            "We met Jane Smith, aged 7, and her adopters. " + REPORT["executive_summary"]
        )
        _submit(page, "Save the report")
        assert "“Jane Smith, aged 7” in Executive summary" in page.content()
        _checked(page)
        _submit(page, "Record the manager's check")
        _submit(page, "Publish the programme report")
        assert "DPR-2" in page.locator(".govuk-error-summary").inner_text()
        assert not PublishedProgrammeReport.objects.exists()
        _checked(page)

        page.goto(f"{base}{report}")
        page.locator("#id_executive_summary").fill(REPORT["executive_summary"])
        _submit(page, "Save the report")
        assert "Nothing found that identifies a person" in page.content()
        _submit(page, "Record the manager's check")
        _submit(page, "Publish the programme report")
        assert f"/reports/programmes/{autumn.programme.pk}/" in page.url
        _checked(page)
        html = page.content()
        assert "30 October 2023 to 2 November 2023" in html and "Moor and Dale Adoption" in html
        assert "Timeliness of adopter assessment" in html
        pdf = page.request.get(f"{base}/reports/programmes/{autumn.programme.pk}.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

        page.context.clear_cookies()
        page.goto(f"{base}/reports/")
        page.get_by_role("link", name="Regional adoption agencies: thematic inspection report").click()
        page.wait_for_url(f"**/reports/programmes/{autumn.programme.pk}/")
        _checked(page)
    assert PublishedProgrammeReport.objects.get().published_on == date(2024, 3, 26)
