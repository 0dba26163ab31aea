"""Issue 15's page items outside the report: the GOV.UK date input with a time box, the header and phase
banner, scheduling (inspectors by name; a clash refused naming the other inspection), the overview's dates
and deadlines, the staff letter's email, and the dashboard's "Check the report".

RULES: NTC-1, KND-1, EVD-4, INF-2, RPT-3.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from careinspect.core.templatetags.govuk import date_span, unpadded_dates
from careinspect.inspections.dashboard_steps import check_report_item, report_unchecked
from careinspect.inspections.forms import CallForm, EvidenceForm, ScheduleForm, parse_time
from careinspect.inspections.models import Evidence, Inspection
from careinspect.inspections.services import reporting
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.sccif_full import SccifScenario
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def walk(people: dict[str, User], agency_a: Provider) -> Walk:
    return Walk(
        inspector=people["inspector"],
        manager=people["manager"],
        provider_user=people["provider_a"],
        provider=agency_a,
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- dates the GOV.UK way ------------------------------------------------------------------------------


def test_no_zero_padded_dates_and_one_date_for_one_day() -> None:
    assert unpadded_dates("Publication on 03 December 2026; due 28 January") == (
        "Publication on 3 December 2026; due 28 January"
    )
    assert unpadded_dates("Room 04 March") == "Room 4 March"  # a day before a month's name only
    assert unpadded_dates("version 03 of 10") == "version 03 of 10"
    assert unpadded_dates("On site 26 November 2026 to 26 November 2026") == "On site 26 November 2026"
    assert unpadded_dates("On site 26 November 2026 to 27 November 2026").endswith("to 27 November 2026")
    assert date_span(date(2026, 11, 26), date(2026, 11, 26)) == "26 November 2026"
    assert date_span(date(2026, 11, 26), date(2026, 11, 27), "l j F Y") == (
        "Thursday 26 November 2026 to Friday 27 November 2026"
    )


@pytest.mark.parametrize(
    ("typed", "hour", "minute"),
    [
        ("2pm", 14, 0),
        ("2:30pm", 14, 30),
        ("11am", 11, 0),
        ("12pm", 12, 0),
        ("midday", 12, 0),
        ("14:30", 14, 30),
    ],
)
def test_the_time_box_reads_what_people_write(typed: str, hour: int, minute: int) -> None:
    found = parse_time(typed)
    assert found is not None and (found.hour, found.minute) == (hour, minute)


def test_the_call_form_takes_the_date_input_and_a_time() -> None:
    form = CallForm(
        {
            "call-at-day": "20",
            "call-at-month": "1",
            "call-at-year": "2025",
            "call-at-time": "11am",
            "call-note": "x",
        },
        prefix="call",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"] == datetime(2025, 1, 20, 11, 0, tzinfo=LONDON)
    # What a script posts as one ISO value is read too.
    assert CallForm({"call-at": "2025-01-20T11:00", "call-note": "x"}, prefix="call").is_valid()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"day": "20", "month": "", "year": "2025", "time": "11am"},
            "The date of the call must include a month",
        ),
        (
            {"day": "31", "month": "2", "year": "2025", "time": "11am"},
            "The date of the call must be a real date",
        ),
        (
            {"day": "20", "month": "1", "year": "25", "time": "11am"},
            "The year of the date of the call must include 4",
        ),
        (
            {"day": "20", "month": "1", "year": "2025", "time": ""},
            "Enter the time of the call, like 2pm or 14:30",
        ),
        (
            {"day": "20", "month": "1", "year": "2025", "time": "25pm"},
            "Enter the time of the call like 2pm or 14:30",
        ),
        ({"day": "", "month": "", "year": "", "time": ""}, "Enter the date and time of the call"),
    ],
)
def test_the_date_inputs_messages_say_what_is_wrong(parts: dict[str, str], message: str) -> None:
    data = {f"call-at-{part}": value for part, value in parts.items()} | {"call-note": "x"}
    form = CallForm(data, prefix="call")
    assert not form.is_valid()
    assert form.errors["at"][0].startswith(message)


def test_an_interview_time_is_optional_but_needs_a_time_with_its_date() -> None:
    base = {"source": "email", "text": "Seen."}
    assert EvidenceForm(base, areas=[], cases=[]).is_valid()
    form = EvidenceForm(
        base | {"interview_at-day": "3", "interview_at-month": "2", "interview_at-year": "2025"},
        areas=[],
        cases=[],
    )
    assert form.errors["interview_at"] == ["Enter the time of the interview or call, like 2pm or 14:30"]


def test_the_notice_page_logs_the_call_from_the_date_input(walk: Walk) -> None:
    inspection = walk.to(Status.NOTIFIED)
    client = signed_in(walk.inspector)
    url = f"/inspections/{inspection.pk}/notice/"
    page = client.get(url).content.decode()
    assert 'type="datetime-local"' not in page and 'type="date"' not in page
    assert 'name="call-at-day"' in page and 'name="call-at-time"' in page and "govuk-date-input" in page
    response = client.post(
        url, {"form": "call", "call-at-day": "3", "call-at-month": "12", "call-at-year": "2025"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the time of the call, like 2pm or 14:30" in page and 'href="#id_call-at"' in page
    assert 'value="3"' in page and 'value="12"' in page  # what was typed stays in the boxes
    response = client.post(
        url,
        {
            "form": "call",
            "call-at-day": "3",
            "call-at-month": "12",
            "call-at-year": "2025",
            "call-at-time": "4pm",
            "call-note": "Spoke to the registered manager",
        },
    )
    assert response.status_code == 302
    assert walk.current.notification_call_at == datetime(2025, 12, 3, 16, tzinfo=LONDON)
    assert "3 December 2025, 4pm: Spoke to the registered manager" in text_of(
        client.get(url).content.decode()
    )


# --- the frame of every page ---------------------------------------------------------------------------


def test_every_page_names_who_is_signed_in_and_has_the_phase_banner(people: dict[str, User]) -> None:
    inspector = people["inspector"]
    inspector.first_name, inspector.last_name = "Hannah", "Reid"
    inspector.save()
    page = signed_in(inspector).get("/dashboard/").content.decode()
    assert "Signed in as <strong>Hannah Reid</strong>" in page
    assert "govuk-phase-banner" in page and "Beta" in page
    assert "A demonstration system with synthetic data" in page
    assert (
        "Signed in as <strong>staff-a</strong>"
        in signed_in(people["provider_a"]).get("/portal/").content.decode()
    )
    anonymous = Client().get("/reports/").content.decode()
    assert "Signed in as" not in anonymous and "govuk-phase-banner" in anonymous


# --- scheduling ----------------------------------------------------------------------------------------


def test_the_schedule_form_offers_inspectors_by_name_and_never_a_manager(people: dict[str, User]) -> None:
    inspector = people["inspector"]
    inspector.first_name, inspector.last_name = "Hannah", "Reid"
    inspector.save()
    choices = [label for _, label in ScheduleForm().fields["lead_inspector"].choices]
    assert choices == ["---------", "Hannah Reid"]
    page = signed_in(people["manager"]).get("/inspections/new/").content.decode()
    assert ">Hannah Reid</option>" in page and ">rim</option>" not in page and ">insp<" not in page
    assert 'name="start_date-day"' in page and 'type="date"' not in page


def _schedule(client: Client, provider: Provider, inspector: User, start: str, end: str) -> str:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    response = client.post(
        "/inspections/new/",
        {
            "provider": provider.pk,
            "lead_inspector": inspector.pk,
            "start_date-day": first.day,
            "start_date-month": first.month,
            "start_date-year": first.year,
            "end_date-day": last.day,
            "end_date-month": last.month,
            "end_date-year": last.year,
        },
    )
    return response.content.decode() if response.status_code == 200 else ""


def test_knd1_an_inspector_cannot_be_on_site_at_two_agencies_at_once(
    people: dict[str, User], agency_a: Provider, agency_b: Provider
) -> None:
    inspector = people["inspector"]
    inspector.first_name, inspector.last_name = "Hannah", "Reid"
    inspector.save()
    client = signed_in(people["manager"])
    with time_machine.travel(datetime(2025, 1, 6, 10, tzinfo=LONDON), tick=False):
        assert _schedule(client, agency_a, inspector, "2025-02-03", "2025-02-04") == ""
        first = Inspection.objects.get()
        page = _schedule(client, agency_b, inspector, "2025-02-04", "2025-02-05")
        assert (
            f"Hannah Reid is on site for {first.reference} at Harbour Adoption Support on 3 February" in page
        )
        assert "4 February 2025: choose other dates or another lead inspector" in page
        assert 'href="#id_lead_inspector"' in page and "lead_inspector:" not in page
        assert Inspection.objects.count() == 1
        # The next week is free.
        assert _schedule(client, agency_b, people["inspector"], "2025-02-10", "2025-02-11") == ""
    assert Inspection.objects.count() == 2


def test_knd1_a_deferred_inspection_no_longer_holds_its_days(
    people: dict[str, User], agency_a: Provider, agency_b: Provider
) -> None:
    scenario = SccifScenario(inspector=people["inspector"], manager=people["manager"])
    inspection = scenario.schedule(
        agency_a, start=d("2025-02-03"), end=d("2025-02-04"), now=at(d("2025-01-06"))
    )
    Inspection.objects.filter(pk=inspection.pk).update(status=Status.DEFERRED.value)
    client = signed_in(people["manager"])
    with time_machine.travel(datetime(2025, 1, 6, 10, tzinfo=LONDON), tick=False):
        assert _schedule(client, agency_b, people["inspector"], "2025-02-03", "2025-02-04") == ""


# --- the overview --------------------------------------------------------------------------------------


def test_a_one_day_visit_shows_one_date(people: dict[str, User], agency_a: Provider) -> None:
    scenario = SccifScenario(inspector=people["inspector"], manager=people["manager"])
    inspection = scenario.schedule(
        agency_a, start=d("2026-11-26"), end=d("2026-11-26"), now=at(d("2026-11-02"))
    )
    words = text_of(signed_in(people["inspector"]).get(f"/inspections/{inspection.pk}/").content.decode())
    assert "On site Thursday 26 November 2026 " in words
    assert "26 November 2026 to" not in words
    listed = text_of(signed_in(people["inspector"]).get("/inspections/").content.decode())
    assert "26 Nov 2026 to" not in listed and "26 Nov 2026" in listed


def test_evd4_the_scans_deadline_shows_only_when_handwritten_notes_were_recorded(walk: Walk) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    assert inspection.scans_due is not None
    client = signed_in(walk.inspector)
    assert "Scans of handwritten notes" not in client.get(f"/inspections/{inspection.pk}/").content.decode()
    Evidence.objects.filter(pk=walk.evidence[0].pk).update(handwritten=True)
    words = text_of(client.get(f"/inspections/{inspection.pk}/").content.decode())
    assert f"Scans of handwritten notes (EVD-4) {inspection.scans_due.day} " in words
    Evidence.objects.filter(pk=walk.evidence[0].pk).update(scanned_on=inspection.scans_due)
    words = text_of(client.get(f"/inspections/{inspection.pk}/").content.decode())
    assert "every scan attached" in words


def test_the_history_shows_dates_without_a_leading_zero(walk: Walk) -> None:
    inspection = walk.to(Status.FINAL_SENT)  # its event note reads "Publication on 28 January 2026"
    inspection.events.filter(type="send_final").update(note="Publication on 02 February 2026")
    page = signed_in(walk.inspector).get(f"/inspections/{inspection.pk}/").content.decode()
    assert "Publication on 2 February 2026" in page and "02 February" not in page


# --- the staff letter (INF-2) ---------------------------------------------------------------------------


def test_inf2_the_staff_letter_gives_the_lead_inspectors_email(walk: Walk) -> None:
    walk.inspector.email = "insp@example.gov.uk"
    walk.inspector.save()
    inspection = walk.to(Status.NOTIFIED)
    for user in (walk.inspector, walk.provider_user):
        page = signed_in(user).get(f"/inspections/{inspection.pk}/letters/staff/").content.decode()
        assert 'href="mailto:insp@example.gov.uk"' in page
        assert "Ask your manager" not in page


def test_inf2_the_team_is_warned_when_the_lead_inspector_has_no_email(walk: Walk) -> None:
    inspection = walk.to(Status.NOTIFIED)
    page = signed_in(walk.inspector).get(f"/inspections/{inspection.pk}/letters/staff/").content.decode()
    assert "Ask your manager" not in page
    assert "The lead inspector has no email address recorded" in page
    provider_page = signed_in(walk.provider_user).get(f"/inspections/{inspection.pk}/letters/staff/")
    assert "has no email address recorded" not in provider_page.content.decode()


# --- the manager's "Check the report" (RPT-3) -------------------------------------------------------------


def test_rpt3_check_the_report_is_due_once_written_and_until_checked(walk: Walk) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    today = d("2026-01-05")
    assert check_report_item(inspection, today) is None  # nothing written yet
    reporting.edit_report(
        inspection, by=walk.inspector, sections={"areas_for_improvement": "None."}, now=tick()
    )
    item = check_report_item(walk.current, today)
    assert item is not None
    assert (item.label, item.rule, item.who, item.day) == (
        "Check the report",
        "RPT-3",
        "manager",
        inspection.draft_due,
    )
    assert (
        not item.overdue and check_report_item(walk.current, item.day.replace(day=item.day.day + 1)).overdue
    )
    annotated = Inspection.objects.annotate(due_report_unchecked=report_unchecked()).get(pk=inspection.pk)
    assert check_report_item(annotated, today) is not None
    reporting.check_report(walk.current, by=walk.manager, now=tick())
    assert check_report_item(walk.current, today) is None
    annotated = Inspection.objects.annotate(due_report_unchecked=report_unchecked()).get(pk=inspection.pk)
    assert check_report_item(annotated, today) is None


def test_rpt3_an_edit_after_the_check_makes_it_due_again_before_the_final(walk: Walk) -> None:
    walk.to(Status.COMMENTS_RECEIVED)
    assert check_report_item(walk.current, d("2026-01-15")) is None
    reporting.edit_report(
        walk.current, by=walk.inspector, sections={"enforcement": "None since 2022."}, now=tick()
    )
    item = check_report_item(walk.current, d("2026-01-15"))
    assert item is not None and item.day == walk.current.final_due
