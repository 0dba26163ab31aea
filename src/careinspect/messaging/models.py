"""Every message the regulator sends, kept with its inspection or provider (issue 12, item 6).

`Message` is the record of what was sent, by whom and when, whichever email backend carried it (SMTP,
GOV.UK Notify, the outbox): the inspection's own correspondence, audited like the other records (its
history shows when it was written and that nothing changed it since). `OutboxEmail` is what the demo's
outbox backend (`careinspect.messaging.backends.OutboxBackend`) delivers to instead of the internet, so a
user can read it on the outbox page; production never writes it. It stands for the mail server's copy, not
a record of the regulator's, so it keeps no history (that would hold every address and body twice), and
it goes with its `Message` when the retention job disposes of that (`core.retention`, DPR-1).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

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
        # RESTRICT, not PROTECT: a forward may go with its original when both are deleted together (an
        # inspection's messages, a demo rebuilt), never on its own.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="forwards",
        help_text="The message this one forwards (ENF-3, ENF-4: a DCS alert forwarded to the provider)",
    )
    not_sent_because = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why nothing went (no address on file): the step went ahead and the team sees this note",
    )
    history = HistoricalRecords()

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
    message = models.ForeignKey(
        Message,
        # CASCADE: the copy never outlives the record of what was sent, however that goes.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_copies",
        help_text="The kept message this delivered (sent through `send_message`), so both go together",
    )

    class Meta:
        ordering = ["-delivered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)}"


class ReminderSent(models.Model):
    """One reminder email sent to one owner of a deadline on one day: sending again that day finds it and
    sends nothing (the reminders job may be rerun). `key` identifies the deadline (its source, rule, what,
    due day, inspection or provider)."""

    key = models.CharField(
        max_length=64, help_text="SHA-256 of the deadline's source, rule, what and due day"
    )
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(help_text="The day the reminder was sent for")
    due = models.DateField()
    rule = models.CharField(max_length=10)
    what = models.CharField(max_length=300)
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "owner", "day"], name="one_reminder_an_owner_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.what} (due {self.due}) to user {self.owner_id} on {self.day}"
