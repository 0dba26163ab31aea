"""Reminders (issue 13, item 7): each deadline's owners are emailed on the working day before it and on the
day, from every registered source; the command lists them as JSON and sends only with --send, once a day.

Dates are real bank holidays, counted by hand:
- Easter 2026: Good Friday 3 April and Easter Monday 6 April. On Thursday 2 April the next working day is
  Tuesday 7 April, so deadlines on 2, 3, 4, 5, 6 and 7 April are reminded that Thursday.
- Christmas 2026: Friday 25 December, and Boxing Day (Saturday 26) moves to Monday 28 December. On
  Thursday 24 December the next working day is Tuesday 29 December.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from careinspect.cli import main
from careinspect.core import deadlines
from careinspect.core.deadlines import Deadline
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import Message, ReminderSent
from careinspect.messaging.reminders import due_reminders, send_reminders, window
from careinspect.messaging.tasks import send_due_reminders
from careinspect.registry.models import Provider
from tests.clock import LONDON, at
from tests.conftest import d

pytestmark = pytest.mark.django_db
KEYS = {"due", "rule", "to", "what"}


@pytest.fixture
def addressed(people: dict[str, User]) -> dict[str, User]:
    for name, user in people.items():
        user.email = f"{name}@example.org"
        user.save()
    return people


@pytest.fixture
def easter(addressed: dict[str, User], agency_a: Provider, agency_b: Provider) -> dict[str, Inspection]:
    """Agency A's forms due Tue 7 Apr 2026 (INF-2); agency B's draft due Wed 8 Apr 2026 (RPT-3)."""
    notified = Inspection.objects.create(
        provider=agency_a,
        lead_inspector=addressed["inspector"],
        manager=addressed["manager"],
        start_date=d("2026-04-21"),
        end_date=d("2026-04-23"),
        notice_due=d("2026-03-24"),
        notified_on=d("2026-03-24"),
        information_due=d("2026-04-07"),
        status="notified",
    )
    feedback = Inspection.objects.create(
        provider=agency_b,
        lead_inspector=addressed["inspector"],
        manager=addressed["manager"],
        start_date=d("2026-03-09"),
        end_date=d("2026-03-11"),
        notified_on=d("2026-02-23"),
        draft_due=d("2026-04-08"),
        status="feedback_given",
    )
    return {"notified": notified, "feedback": feedback}


@pytest.fixture
def provider_deadline(addressed: dict[str, User]) -> Iterator[None]:
    """A deadline of an agency with no inspection, as another app registers one (a compliance notice's
    date, say), on Easter Monday 6 April 2026."""

    def source(first: date, last: date) -> list[Deadline]:
        due = d("2026-04-06")
        if not first <= due <= last:
            return []
        return [
            Deadline(
                due=due,
                rule="ENF-1",
                what="Compliance date of the notice to Meadow Family Support",
                owners=(addressed["manager"].pk, addressed["manager2"].pk),
                provider_urn="SC900002",
            )
        ]

    deadlines.register("test-compliance", source)
    yield
    deadlines._SOURCES.pop("test-compliance")


def test_cal1_the_window_runs_to_the_next_working_day_over_easter_and_christmas() -> None:
    assert window(d("2026-04-02")) == (d("2026-04-02"), d("2026-04-07"))  # Good Friday, Easter Monday
    assert window(d("2026-12-24")) == (d("2026-12-24"), d("2026-12-29"))  # Christmas, Boxing Day moved
    assert window(d("2026-04-03")) == (d("2026-04-03"), d("2026-04-03"))  # a bank holiday: that day only
    assert window(d("2026-04-07")) == (d("2026-04-07"), d("2026-04-08"))


def test_the_inspections_own_deadlines_are_a_source_with_their_owners(
    easter: dict[str, Inspection], addressed: dict[str, User]
) -> None:
    found = deadlines.between(d("2026-04-01"), d("2026-04-30"))
    ours = [x for x in found if x.source == "inspections"]
    assert [(x.due, x.rule) for x in ours] == [(d("2026-04-07"), "INF-2"), (d("2026-04-08"), "RPT-3")]
    forms, draft = ours
    assert (
        forms.what
        == f"Information forms and case list: {easter['notified'].reference}, Harbour Adoption Support"
    )
    # INF-2: the agency's staff and the lead inspector; RPT-3 draft: the lead inspector.
    assert set(forms.owners) == {addressed["provider_a"].pk, addressed["inspector"].pk}
    assert draft.owners == (addressed["inspector"].pk,)
    assert (forms.inspection_id, forms.provider_urn) == (easter["notified"].pk, "SC900001")


def test_a_deadline_met_is_no_longer_owed(easter: dict[str, Inspection]) -> None:
    feedback = easter["feedback"]
    feedback.draft_sent_on = d("2026-04-01")
    feedback.status = "draft_sent"
    feedback.save()
    assert [x.rule for x in deadlines.between(d("2026-04-01"), d("2026-04-30"))] == ["INF-2"]


def test_the_inspection_source_takes_one_query_however_many(
    easter: dict[str, Inspection], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        list(deadlines.sources()["inspections"](d("2026-04-01"), d("2026-04-30")))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        # A command closes every connection when it ends; the test's transaction must outlive it.
        with mock.patch("django.core.management.base.connections.close_all"):
            main(["reminders", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_lists_what_falls_due_on_the_day_and_the_next_working_day_over_easter(
    easter: dict[str, Inspection], provider_deadline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "--today", "2026-04-02", "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {
            "due": "2026-04-06",
            "rule": "ENF-1",
            "provider": "SC900002",
            "to": ["manager2@example.org", "manager@example.org"],
            "what": "Compliance date of the notice to Meadow Family Support",
        },
        {
            "due": "2026-04-07",
            "rule": "INF-2",
            "inspection": easter["notified"].reference,
            "to": ["inspector@example.org", "provider_a@example.org"],
            "what": (
                f"Information forms and case list: {easter['notified'].reference}, Harbour Adoption Support"
            ),
        },
    ]
    assert mail.outbox == [] and Message.objects.count() == 0  # nothing sent without --send
    # Tuesday 7 April: the forms due that day, the draft due on Wednesday 8.
    code, out, _ = cli(capsys, "--today", "2026-04-07", "--json")
    listed = json.loads(out)
    assert [(r["due"], r["rule"]) for r in listed] == [("2026-04-07", "INF-2"), ("2026-04-08", "RPT-3")]
    assert all(set(r) == KEYS | {"inspection"} for r in listed)
    # Good Friday: only what falls due that day (nothing).
    assert json.loads(cli(capsys, "--today", "2026-04-03", "--json")[1]) == []


def test_the_command_refuses_a_bad_date_in_one_line_naming_the_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args in (("--today", "2026-02-30", "--json"), ("--json",)):
        code, out, err = cli(capsys, *args)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and "--today" in err


def test_sending_emails_each_owner_once_a_day(
    easter: dict[str, Inspection],
    provider_deadline: None,
    addressed: dict[str, User],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(capsys, "--today", "2026-04-02", "--send")
    assert code == 0, err
    assert "Sent 4" in out
    assert sorted(e.to[0] for e in mail.outbox) == [
        "inspector@example.org",
        "manager2@example.org",
        "manager@example.org",
        "provider_a@example.org",
    ]
    forms = next(e for e in mail.outbox if e.to == ["provider_a@example.org"])
    assert forms.subject.startswith("Reminder: due on Tuesday 7 April 2026: Information forms")
    assert f"/portal/inspections/{easter['notified'].pk}/" in forms.body  # the agency acts in the portal
    to_inspector = next(e for e in mail.outbox if e.to == ["inspector@example.org"])
    assert (
        f"/inspections/{easter['notified'].pk}/" in to_inspector.body and "/portal/" not in to_inspector.body
    )
    kept = Message.objects.filter(kind="reminder")
    assert kept.count() == 4 and kept.filter(inspection=easter["notified"]).count() == 2
    assert kept.filter(provider__urn="SC900002", inspection=None).count() == 2
    # The same day again: nothing more.
    code, out, _ = cli(capsys, "--today", "2026-04-02", "--send", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    assert len(mail.outbox) == 4 and ReminderSent.objects.count() == 4
    # On the day itself (Tue 7 April) the forms' owners are reminded again, and the draft's for Wed 8.
    send_reminders(d("2026-04-07"), at("2026-04-07", 7), addressed["manager"])
    assert len(mail.outbox) == 4 + 3
    today = [e for e in mail.outbox[4:] if "due today" in e.subject]
    assert sorted(e.to[0] for e in today) == ["inspector@example.org", "provider_a@example.org"]


def test_an_owner_with_no_address_is_left_out(
    easter: dict[str, Inspection], addressed: dict[str, User]
) -> None:
    addressed["provider_a"].email = ""
    addressed["provider_a"].save()
    [forms] = due_reminders(d("2026-04-02"))
    assert forms.to == ["inspector@example.org"]


def test_the_task_reads_the_clock_and_sends_todays(easter: dict[str, Inspection]) -> None:
    with time_machine.travel(datetime(2026, 4, 2, 7, 0, tzinfo=LONDON), tick=False):
        result = send_due_reminders.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    assert (result.return_value["today"], result.return_value["sent"]) == ("2026-04-02", 2)
    assert Message.objects.filter(kind="reminder").first().sent_by.username == "careinspect-reminders"


def test_enqueue_queues_the_task(easter: dict[str, Inspection], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "enqueue")
    assert code == 0, err
    assert out.startswith("send_due_reminders queued as")


def test_the_dashboards_show_your_reminders(
    easter: dict[str, Inspection], addressed: dict[str, User]
) -> None:
    with time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=LONDON), tick=False):
        inspector = Client()
        inspector.force_login(addressed["inspector"])
        text = inspector.get("/dashboard/").content.decode()
        agency = Client()
        agency.force_login(addressed["provider_a"])
        portal = agency.get("/portal/").content.decode()
        other = Client()
        other.force_login(addressed["provider_b"])
        other_portal = other.get("/portal/").content.decode()
    assert "Your reminders" in text
    assert "Information forms and case list" in text and "Draft report" in text
    assert "due Tuesday 7 April 2026 (INF-2)" in text
    assert "Information forms and case list" in portal and "Draft report" not in portal
    assert f'href="/portal/inspections/{easter["notified"].pk}/"' in portal
    assert "You own no deadline in the next 10 working days" in other_portal  # B's draft is the team's


def test_the_api_lists_your_reminders(easter: dict[str, Inspection], addressed: dict[str, User]) -> None:
    with time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=LONDON), tick=False):
        agency = Client()
        agency.force_login(addressed["provider_a"])
        answer = agency.get("/api/messages/reminders").json()
        team = Client()
        team.force_login(addressed["inspector"])
        theirs = team.get("/api/messages/reminders").json()
    notified = easter["notified"].pk
    assert [(r["due"], r["rule"], r["url"]) for r in answer] == [
        ("2026-04-07", "INF-2", f"/portal/inspections/{notified}/")
    ]
    assert [(r["due"], r["rule"], r["url"]) for r in theirs] == [
        ("2026-04-07", "INF-2", f"/inspections/{notified}/"),
        ("2026-04-08", "RPT-3", f"/inspections/{easter['feedback'].pk}/"),
    ]
