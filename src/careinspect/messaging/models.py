"""Every message the regulator sends, kept with its inspection or provider (issue 12, item 6).

`Message` is the record of what was sent, by whom and when, whichever email backend carried it (SMTP,
GOV.UK Notify, the outbox): the inspection's own correspondence. `OutboxEmail` is what the demo's outbox
backend (`careinspect.messaging.backends.OutboxBackend`) delivers to instead of the internet, so a user can
read it on the outbox page; production never writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

User = settings.AUTH_USER_MODEL


class Message(models.Model):
    kind = models.CharField(
        max_length=40, help_text="What it is: notice, arrangements, dcs_alert, report_sent, reminder…"
    )
    rule = models.CharField(max_length=10, blank=True, help_text="The rule that has it sent, if one does")
    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    provider = models.ForeignKey(
        "registry.Provider", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    to = models.JSONField(default=list, help_text="The addresses it went to")
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True, help_text="Names of the files attached")
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    forwarded_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwards",
        help_text="The message this one forwards (ENF-3, ENF-4: a DCS alert forwarded to the provider)",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["inspection", "sent_at"]),
            models.Index(fields=["provider", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"


class OutboxEmail(models.Model):
    """An email the outbox backend delivered: what a mail server would have carried, as it would have."""

    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"
