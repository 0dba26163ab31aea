"""Sending: every message the regulator sends goes through `send_message` (issue 12, item 6).

It sends through Django's email framework, whichever backend settings name (the outbox in the demo, the
in-memory backend in tests, SMTP or GOV.UK Notify in production), and keeps a `Message` with the inspection
or provider in the same transaction as the step that sends it: if the step fails, nothing is recorded, and
if sending fails the step fails with it rather than claiming a message went that did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from careinspect.messaging.addresses import provider_addresses
from careinspect.messaging.models import Message


class NoRecipient(ValueError):
    """A message with nobody to send it to: the caller names whose address is missing."""


class KeptEmail(EmailMultiAlternatives):
    """An email with the `Message` that keeps it, for a backend that stores what it delivers (the outbox
    links its copy, so the copy goes when the retention job disposes of the message). Never a header: the
    id stays inside the service."""

    message_pk: int | None = None


@transaction.atomic
def send_message(
    *,
    kind: str,
    to: Sequence[str],
    subject: str,
    body: str,
    by: Any,
    now: datetime,
    inspection: Any = None,
    provider: Any = None,
    rule: str = "",
    html: str = "",
    cc: Sequence[str] = (),
    attachments: Sequence[tuple[str, bytes, str]] = (),
    forwarded_from: Message | None = None,
) -> Message:
    """Send one email and keep it. `attachments` are (filename, content, mimetype)."""
    recipients = [address.strip() for address in to if address and address.strip()]
    if not recipients:
        raise NoRecipient(f"{kind}: there is no address to send “{subject}” to")
    if provider is None and inspection is not None:
        provider = inspection.provider
    message = _keep(
        Message(
            kind=kind,
            rule=rule,
            inspection=inspection,
            provider=provider,
            to=recipients,
            cc=list(cc),
            subject=subject,
            body=body,
            html=html,
            attachments=[name for name, _, _ in attachments],
            sent_by=by,
            sent_at=now,
            forwarded_from=forwarded_from,
        ),
        by,
    )
    if getattr(settings, "CAREINSPECT_EMAIL", "") == "notify":
        _send_through_notify(recipients, list(cc), subject, body, [name for name, _, _ in attachments])
        return message
    email = KeptEmail(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients, cc=list(cc)
    )
    email.message_pk = message.pk
    if html:
        email.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        email.attach(name, content, mimetype)
    email.send(fail_silently=False)
    return message


def _send_through_notify(to: list[str], cc: list[str], subject: str, body: str, files: list[str]) -> None:
    """GOV.UK Notify takes one recipient a message, no copies and no attachments: the copies are sent the
    same message and the files are named for the reader to open on the service (the `Message` keeps all)."""
    if files:
        body = f"{body}\n\nAttached on careinspect: {', '.join(files)}"
    email = EmailMultiAlternatives(subject=subject, body=body, to=[*to, *[a for a in cc if a not in to]])
    email.send(fail_silently=False)


def send_to_provider(
    provider: Any,
    *,
    kind: str,
    subject: str,
    body: str,
    by: Any,
    now: datetime,
    inspection: Any = None,
    rule: str = "",
    html: str = "",
) -> Message:
    """Send to the agency's staff who have an address on file (`addresses.provider_addresses`).

    A step never fails because an agency has no address on file: the message is kept unsent with why
    (`not_sent_because`), and the inspection's Messages page shows it to the team to send by hand.
    """
    to = provider_addresses(provider)
    if to:
        return send_message(
            kind=kind,
            to=to,
            subject=subject,
            body=body,
            by=by,
            now=now,
            inspection=inspection,
            provider=provider,
            rule=rule,
            html=html,
        )
    return _keep(
        Message(
            kind=kind,
            rule=rule,
            inspection=inspection,
            provider=provider,
            to=[],
            subject=subject,
            body=body,
            html=html,
            sent_by=by,
            sent_at=now,
            not_sent_because=(
                f"{provider.name} ({provider.urn}) has no staff sign-in with an email address on file"
            ),
        ),
        by,
    )


def _keep(message: Message, by: Any) -> Message:
    """Save the message, its history row naming who sent it (also outside a web request: tasks, commands)."""
    message._history_user = by  # type: ignore[attr-defined]  # read by django-simple-history
    message.save()
    return message


SYSTEM_USERNAME = "careinspect-reminders"


def system_user() -> Any:
    """The sign-in scheduled jobs send as (`Message.sent_by`): inactive, no usable password, no role."""
    User = get_user_model()
    user, made = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "careinspect", "is_active": False}
    )
    if made:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def forward_message(
    message: Message, *, to: Sequence[str], by: Any, now: datetime, note: str = ""
) -> Message:
    """Forward a message already sent (a DCS alert to the provider: ENF-3, ENF-4), keeping the link."""
    body = f"{note}\n\n---------- Forwarded message ----------\n{message.body}" if note else message.body
    return send_message(
        kind=f"{message.kind}_forwarded",
        to=to,
        subject=f"Fwd: {message.subject}",
        body=body,
        html=message.html,
        by=by,
        now=now,
        inspection=message.inspection,
        provider=message.provider,
        rule=message.rule,
        forwarded_from=message,
    )


def messages_for(inspection: Any) -> list[Message]:
    """The inspection's correspondence, newest first."""
    return list(Message.objects.filter(inspection=inspection).select_related("sent_by"))
