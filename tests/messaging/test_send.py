"""Everything the regulator sends goes through `send_message`, which keeps a `Message` with the inspection
or provider (issue 12, item 6); the outbox backend keeps what it delivers for the outbox page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from careinspect.messaging.models import Message, OutboxEmail
from careinspect.messaging.services import (
    NoRecipient,
    forward_message,
    send_message,
    send_to_provider,
    system_user,
)
from careinspect.registry.models import Provider
from tests.clock import at

pytestmark = pytest.mark.django_db
NOW = at("2026-04-02", 9)


def test_send_message_keeps_the_message_and_sends_it(people: dict[str, User], agency_a: Provider) -> None:
    message = send_message(
        kind="dcs_alert",
        to=[" dcs@la.example ", ""],
        cc=["manager@careinspect.example"],
        subject="Serious concerns",
        body="Plain text",
        html="<p>HTML</p>",
        attachments=[("letter.pdf", b"%PDF-1.4", "application/pdf")],
        by=people["manager"],
        now=NOW,
        provider=agency_a,
        rule="ENF-4",
    )
    kept = Message.objects.get()
    assert kept == message
    assert (kept.to, kept.cc, kept.attachments, kept.provider, kept.rule) == (
        ["dcs@la.example"],
        ["manager@careinspect.example"],
        ["letter.pdf"],
        agency_a,
        "ENF-4",
    )
    assert kept.sent_at == NOW and kept.sent_by == people["manager"] and kept.not_sent_because == ""
    [email] = mail.outbox
    assert (email.to, email.cc, email.subject, email.body) == (
        ["dcs@la.example"],
        ["manager@careinspect.example"],
        "Serious concerns",
        "Plain text",
    )
    assert email.alternatives[0][1] == "text/html"  # type: ignore[attr-defined]
    assert email.attachments[0][0] == "letter.pdf"


def test_a_message_with_nobody_to_send_to_is_refused_and_nothing_kept(people: dict[str, User]) -> None:
    with pytest.raises(NoRecipient):
        send_message(kind="x", to=["  "], subject="S", body="B", by=people["manager"], now=NOW)
    assert Message.objects.count() == 0 and mail.outbox == []


def test_a_step_that_fails_after_sending_keeps_no_message(people: dict[str, User]) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        send_message(kind="x", to=["a@example.org"], subject="S", body="B", by=people["manager"], now=NOW)
        raise RuntimeError("the step failed")
    assert Message.objects.count() == 0


def test_forwarding_keeps_the_link_to_the_original(people: dict[str, User], agency_a: Provider) -> None:
    first = send_message(
        kind="dcs_alert",
        to=["dcs@la.example"],
        subject="Alert",
        body="Body",
        by=people["manager"],
        now=NOW,
        provider=agency_a,
    )
    forwarded = forward_message(first, to=["agency@example.org"], by=people["manager"], now=NOW, note="FYI")
    assert (forwarded.kind, forwarded.forwarded_from, forwarded.subject) == (
        "dcs_alert_forwarded",
        first,
        "Fwd: Alert",
    )
    assert forwarded.body.startswith("FYI") and forwarded.provider == agency_a


def test_to_the_agency_goes_to_its_staff_with_addresses(people: dict[str, User], agency_a: Provider) -> None:
    staff = people["provider_a"]
    staff.email = "staff-a@agency.example"
    staff.save()
    message = send_to_provider(
        agency_a, kind="notice", subject="S", body="B", by=people["inspector"], now=NOW
    )
    assert message.to == ["staff-a@agency.example"] and mail.outbox[0].to == ["staff-a@agency.example"]


def test_an_agency_with_no_address_on_file_gets_a_note_and_nothing_fails(
    people: dict[str, User], agency_b: Provider
) -> None:
    message = send_to_provider(
        agency_b, kind="notice", subject="S", body="B", by=people["inspector"], now=NOW
    )
    assert mail.outbox == []
    assert message.to == [] and "SC900002" in message.not_sent_because
    assert "no staff sign-in with an email address" in message.not_sent_because


def test_the_outbox_backend_keeps_what_it_delivers(settings: Any, people: dict[str, User]) -> None:
    settings.EMAIL_BACKEND = "careinspect.messaging.backends.OutboxBackend"
    message = send_message(
        kind="notice",
        to=["a@example.org"],
        cc=["b@example.org"],
        subject="Letter of notice",
        body="Body",
        html="<p>Letter</p>",
        attachments=[("notice.pdf", b"%PDF", "application/pdf")],
        by=people["inspector"],
        now=NOW,
    )
    delivered = OutboxEmail.objects.get()
    assert (delivered.to, delivered.cc, delivered.subject, delivered.html, delivered.attachments) == (
        ["a@example.org"],
        ["b@example.org"],
        "Letter of notice",
        "<p>Letter</p>",
        ["notice.pdf"],
    )
    assert delivered.from_email == settings.DEFAULT_FROM_EMAIL
    # RULES: DPR-1 — the copy knows the message it carried, so it goes when the message is disposed of.
    assert delivered.message == message
    message.delete()
    assert not OutboxEmail.objects.exists()


def test_mail_sent_another_way_reaches_the_outbox_with_no_message(settings: Any) -> None:
    settings.EMAIL_BACKEND = "careinspect.messaging.backends.OutboxBackend"
    EmailMessage("Password reset", "Body", to=["a@example.org"]).send()
    assert OutboxEmail.objects.get().message is None


def test_each_message_has_its_history_naming_who_sent_it(people: dict[str, User], agency_b: Provider) -> None:
    sent = send_message(kind="x", to=["a@example.org"], subject="S", body="B", by=people["manager"], now=NOW)
    not_sent = send_to_provider(
        agency_b, kind="notice", subject="S", body="B", by=people["inspector"], now=NOW
    )
    for message, by in ((sent, people["manager"]), (not_sent, people["inspector"])):
        [row] = message.history.all()  # type: ignore[attr-defined]
        assert (row.history_type, row.history_user, row.to) == ("+", by, message.to)


def test_through_notify_copies_become_recipients_and_files_are_named(
    settings: Any, people: dict[str, User]
) -> None:
    """GOV.UK Notify takes no copies and no attachments: the message still reaches everyone, and the
    `Message` keeps what was meant."""
    settings.CAREINSPECT_EMAIL = "notify"  # the backend stays Django's in-memory one
    message = send_message(
        kind="dcs_alert",
        to=["a@example.org"],
        cc=["b@example.org"],
        subject="S",
        body="Body",
        attachments=[("alert.pdf", b"%PDF", "application/pdf")],
        by=people["manager"],
        now=NOW,
    )
    [email] = mail.outbox
    assert (email.to, email.cc, email.attachments) == (["a@example.org", "b@example.org"], [], [])
    assert email.body.endswith("Attached on careinspect: alert.pdf")
    assert (message.cc, message.attachments, message.body) == (["b@example.org"], ["alert.pdf"], "Body")


def test_the_system_user_cannot_sign_in() -> None:
    user = system_user()
    assert system_user() == user
    assert not user.is_active and not user.has_usable_password() and not user.groups.exists()
