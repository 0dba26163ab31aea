"""Messages, the outbox and the reminders sent, read-only in the admin: they record what went."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from careinspect.messaging.models import Message, OutboxEmail, ReminderSent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnly):
    list_display = ("sent_at", "kind", "rule", "subject", "inspection", "provider", "not_sent_because")
    list_filter = ("kind", "rule")
    search_fields = ("subject",)
    raw_id_fields = ("inspection", "provider", "sent_by", "forwarded_from")


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnly):
    list_display = ("delivered_at", "subject")
    search_fields = ("subject",)


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnly):
    list_display = ("day", "due", "rule", "what", "owner")
    list_filter = ("day", "rule")
    raw_id_fields = ("owner", "message")
