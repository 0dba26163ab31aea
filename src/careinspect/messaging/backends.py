"""The outbox email backend: the demo's mail server, whose deliveries a user reads at /outbox/."""

from __future__ import annotations

from collections.abc import Sequence
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from careinspect.messaging.models import OutboxEmail

        for message in email_messages:
            OutboxEmail.objects.create(
                to=list(message.to),
                cc=list(message.cc),
                from_email=message.from_email or "",
                subject=str(message.subject),
                body=str(message.body),
                html=_html_of(message),
                attachments=[_attachment_name(a) for a in message.attachments],
                # The kept `Message` it carries (`services.KeptEmail`), when it came through send_message.
                message_id=getattr(message, "message_pk", None),
            )
        return len(email_messages)


def _html_of(message: EmailMessage) -> str:
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                return str(content)
    return ""


def _attachment_name(attachment: Any) -> str:
    if isinstance(attachment, MIMEBase):
        return str(attachment.get_filename() or "attachment")
    return str(attachment[0])
