"""Messages, the outbox and the reminders sent, read-only in the admin: they record what went, written by the
services (`send_message`, the reminders job) and disposed of only by the retention job (DPR-1)."""

from __future__ import annotations

from django.contrib import admin

from careinspect.core.admin_base import ReadOnlyAdmin, ReadOnlyHistoryAdmin
from careinspect.messaging.models import Message, OutboxEmail, ReminderSent


@admin.register(Message)
class MessageAdmin(ReadOnlyHistoryAdmin):
    list_display = ("sent_at", "kind", "rule", "subject", "inspection", "provider", "not_sent_because")
    list_filter = ("kind", "rule")
    search_fields = ("subject",)
    raw_id_fields = ("inspection", "provider", "sent_by", "forwarded_from")


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    """The mail server's copy (the demo's): no history of its own, it goes with its message."""

    list_display = ("delivered_at", "subject", "message")
    search_fields = ("subject",)
    raw_id_fields = ("message",)


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyHistoryAdmin):
    list_display = ("day", "due", "rule", "what", "owner")
    list_filter = ("day", "rule")
    raw_id_fields = ("owner", "message")
