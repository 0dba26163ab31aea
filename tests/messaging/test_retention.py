"""The emails of a thematic inspection go a year after the programme report (DPR-1), each with its history,
the reminder records of who it reminded and the demo outbox's copies, logged without an address or a file
name; nothing else goes, a legal hold keeps them (EVD-4), and a dry run changes nothing.

The world, built through the services with explicit moments: an RAA announced on Monday 6 October 2025
(the letter of notice, NTC-2, to its leader), reminded of its information on the day it was due (INF-1),
sent the stakeholder letters with an attachment named after a person (NTC-3) and a forward of them; moved
into the programme report on 15 January 2026. Beside it an email to the agency about no inspection.
Mail goes to the outbox, as in the demo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.core.models import Disposal, RetentionHold
from careinspect.core.roles import PROVIDER_USER
from careinspect.enforcement.models import DcsAlert
from careinspect.inspections.models import Inspection
from careinspect.inspections.services.announcements import announce
from careinspect.inspections.services.common import move
from careinspect.messaging.models import Message, OutboxEmail, ReminderSent
from careinspect.messaging.reminders import send_reminders
from careinspect.messaging.services import forward_message, send_message, system_user
from careinspect.registry.models import Provider
from tests.clock import at
from tests.conftest import d
from tests.core.test_retention import changed, run, summary, table_counts
from tests.fieldwork.conftest import _raa
from tests.people import _user

pytestmark = pytest.mark.django_db

OUTBOX = "careinspect.messaging.backends.OutboxBackend"
IN_THE_REPORT = d("2026-01-15")
A_YEAR_ON = d("2027-01-15")  # 365 days after the programme report
LEADER = "leader@coast-vale.example"
CHAIR = "panel.chair@coast-vale.example"
INSPECTOR = "inspector@careinspect.example"
NAMED = "Jo Bloggs letter.pdf"  # an attachment's name may name a person


@dataclass
class Mail:
    inspection: Inspection
    raa: Provider
    notice: Message
    reminders: list[Message]
    letters: Message
    forward: Message
    about_the_agency: Message

    @property
    def of_the_inspection(self) -> list[Message]:
        return [self.notice, *self.reminders, self.letters, self.forward]


@pytest.fixture
def mail(settings: Any, people: dict[str, User]) -> Mail:
    settings.EMAIL_BACKEND = OUTBOX
    raa = _raa("RA000001", "Coast and Vale Adoption")
    leader = _user("raa-leader", PROVIDER_USER, raa)
    leader.email = LEADER
    leader.save()
    inspector, manager = people["inspector"], people["manager"]
    inspector.email = INSPECTOR
    inspector.save()
    inspection = announce(
        raa,
        kind="raa-thematic",
        lead_inspector=inspector,
        start=d("2025-10-13"),
        end=d("2025-10-16"),
        by=manager,
        now=at("2025-10-06", 9, 30),
    )
    notice = Message.objects.get(inspection=inspection)
    # RULES: INF-1 — the information is due on Tuesday: its owners are reminded that morning.
    send_reminders(d("2025-10-07"), at("2025-10-07", 7), system_user())
    reminders = list(Message.objects.filter(inspection=inspection, kind="reminder").order_by("pk"))
    assert reminders and ReminderSent.objects.filter(message__in=reminders).count() == len(reminders)
    letters = send_message(
        kind="stakeholder_letters",
        rule="NTC-3",
        to=[LEADER],
        subject="The six stakeholder letters",
        body="Please pass these on.",
        attachments=[(NAMED, b"%PDF-1.7\n", "application/pdf")],
        by=inspector,
        now=at("2025-10-06", 10),
        inspection=inspection,
    )
    forward = forward_message(letters, to=[CHAIR], by=inspector, now=at("2025-10-06", 11))
    about_the_agency = send_message(
        kind="nms25",
        rule="NOT-2",
        to=[LEADER],
        subject="Your NMS 25 report",
        body="Received.",
        by=manager,
        now=at("2025-10-08"),
        provider=raa,
    )
    for step, day in (
        ("confirm_sample", "2025-10-08"),
        ("start_on_site", "2025-10-13"),
        ("give_summary", "2025-10-16"),
        ("include_in_report", IN_THE_REPORT.isoformat()),
    ):
        move(inspection, step, manager, at(day))
    return Mail(inspection, raa, notice, reminders, letters, forward, about_the_agency)


def labels(messages: list[Message]) -> set[str]:
    return {f"messaging.message {m.pk}" for m in messages}


def test_dpr1_nothing_goes_the_day_before_a_year_after_the_programme_report(mail: Mail) -> None:
    counts = table_counts()

    report = run(d("2027-01-14"))

    assert report.disposed == []
    assert table_counts() == counts
    kept = {k.what: k.until for k in report.kept}
    assert {what: kept[what] for what in labels(mail.of_the_inspection)} == dict.fromkeys(
        labels(mail.of_the_inspection), A_YEAR_ON
    )


def test_dpr1_each_email_goes_with_its_history_reminder_records_and_outbox_copies_and_nothing_else(
    mail: Mail,
) -> None:
    sent = mail.of_the_inspection
    records = ReminderSent.objects.filter(message__in=mail.reminders).values("pk")
    # Each reminder record: created, then linked to its email (its first history row has no link yet).
    reminder_history = ReminderSent.history.filter(id__in=records).count()
    assert reminder_history == 2 * len(mail.reminders)
    # Every email sent went to the outbox; the notice too (the leader has an address on file).
    assert OutboxEmail.objects.filter(message__in=sent).count() == len(sent)
    counts = table_counts()

    report = run(A_YEAR_ON)

    assert changed(counts, table_counts()) == {
        "messaging.message": -len(sent),
        "messaging.historicalmessage": -len(sent),  # one row each: sent, never changed
        "messaging.outboxemail": -len(sent),
        "messaging.remindersent": -len(mail.reminders),
        "messaging.historicalremindersent": -reminder_history,
        "core.disposal": len(sent),
    }
    # One disposal each, newest first: the forward goes before the letters it refers to.
    assert [(d.kind.value, d.rule, d.what) for d in report.disposed] == [
        ("messages", "DPR-1", f"messaging.message {m.pk}") for m in sorted(sent, key=lambda m: -m.pk)
    ]
    forward = next(d for d in report.disposed if d.what == f"messaging.message {mail.forward.pk}")
    assert forward.rows == 1 + 1 + 1  # the message, its history row, its outbox copy
    # The email about no inspection, with its outbox copy, and the inspection's record stay.
    assert Message.objects.get() == mail.about_the_agency
    assert OutboxEmail.objects.get().message == mail.about_the_agency
    assert Inspection.objects.filter(pk=mail.inspection.pk).exists()


def test_dpr1_the_disposal_log_names_no_address_and_no_file(mail: Mail) -> None:
    report = run(A_YEAR_ON)

    logged = list(Disposal.objects.order_by("pk"))
    assert [(e.kind, e.rule, e.what, e.rows, e.bytes_freed) for e in logged] == summary(report)
    assert {e.inspection_pk for e in logged} == {mail.inspection.pk}
    assert all(e.why and e.file == "" for e in logged)
    written = json.dumps(report.as_dict()) + "".join(f"{e.what} {e.file} {e.why}" for e in logged)
    assert "@" not in written and "Bloggs" not in written
    # What the log says instead: the kind of email and its rule.
    assert (
        "stakeholder_letters, NTC-3" in Disposal.objects.get(what=f"messaging.message {mail.letters.pk}").why
    )


def test_dpr1_a_dry_run_says_what_would_go_and_changes_nothing(
    mail: Mail, django_capture_on_commit_callbacks: Any
) -> None:
    counts = table_counts()

    with django_capture_on_commit_callbacks(execute=True):
        dry = run(A_YEAR_ON, dry_run=True)

    assert table_counts() == counts
    assert dry.dry_run and {d.what for d in dry.disposed} == labels(mail.of_the_inspection)
    assert summary(run(A_YEAR_ON)) == summary(dry)


def test_dpr1_a_second_run_finds_nothing_more(mail: Mail) -> None:
    run(A_YEAR_ON)
    counts = table_counts()

    assert run(A_YEAR_ON).disposed == []
    assert table_counts() == counts


def test_evd4_the_emails_stay_while_a_legal_hold_is_open(mail: Mail, people: dict[str, User]) -> None:
    RetentionHold.objects.create(
        inspection=mail.inspection,
        reason="Judicial review lodged",
        placed_by=people["manager"],
        placed_on=d("2027-01-10"),
        lifted_on=d("2027-02-01"),
    )

    held = run(A_YEAR_ON)

    assert held.disposed == []
    kept = {k.what: k for k in held.kept}
    notice = kept[f"messaging.message {mail.notice.pk}"]
    assert notice.until is None and "legal hold placed on 2027-01-10 is open (EVD-4)" in notice.why
    assert Message.objects.filter(inspection=mail.inspection).count() == len(mail.of_the_inspection)

    lifted = run(d("2027-02-01"))
    assert {d.what for d in lifted.disposed} == labels(mail.of_the_inspection)


def test_dpr1_an_email_another_record_still_refers_to_is_kept_and_the_rest_go(mail: Mail) -> None:
    """A record that refers to the email without a reverse name (a DCS alert's, ENF-3: every email is
    recorded) keeps it, and the job says why; the other emails go."""
    la = mail.raa.member_las.first()
    assert la is not None
    DcsAlert.objects.create(
        provider=mail.raa, local_authority=la, rule="ENF-3", why="test", message=mail.notice
    )
    history = Message.history.filter(id=mail.notice.pk).count()

    report = run(A_YEAR_ON)

    assert {d.what for d in report.disposed} == labels(mail.of_the_inspection) - labels([mail.notice])
    why = {k.what: k.why for k in report.kept}[f"messaging.message {mail.notice.pk}"]
    assert "not disposed of: enforcement.dcsalert still refers to it" in why
    # Its savepoint rolled back whole: its outbox copy and history are back.
    assert OutboxEmail.objects.filter(message=mail.notice).exists()
    assert Message.history.filter(id=mail.notice.pk).count() == history


def test_dpr1_the_history_of_an_email_deleted_since_goes_too(mail: Mail) -> None:
    """An email deleted through the ORM (a demo rebuilt) leaves history rows holding its addresses."""
    pk = mail.forward.pk
    mail.forward.delete()
    gone = Message.history.filter(id=pk)
    assert gone.count() == 2  # sent, then deleted

    report = run(A_YEAR_ON)

    assert f"messaging.historicalmessage ×2 (inspection {mail.inspection.pk})" in {
        d.what for d in report.disposed
    }
    assert not gone.exists()
