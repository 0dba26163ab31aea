"""The child-friendly summary and its adaptation requests in the admin (RPT-5): read-only, with their
history; the services change them (write, check, request, answer, publish)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from careinspect.assurance.summary_models import AdaptationRequest, ChildFriendlySummary


class _ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChildFriendlySummary)
class ChildFriendlySummaryAdmin(_ReadOnly):
    list_display = ("inspection", "written_at", "readability_passes", "checked_at", "published_on")
    list_select_related = ("inspection__provider",)


@admin.register(AdaptationRequest)
class AdaptationRequestAdmin(_ReadOnly):
    list_display = ("summary", "languages", "sent_at", "reply", "replied_at")
    list_select_related = ("summary__inspection__provider",)
