"""The administrator's pages for assurance visits: the priority list's weights (SCH-7) and the records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from careinspect.assurance.models import ConcernsFinding, PostVisitSurvey, PriorityPolicy, VisitActivity


@admin.register(PriorityPolicy)
class PriorityPolicyAdmin(SimpleHistoryAdmin):
    """RULES: SCH-7 — each factor's weight is policy data an administrator changes here; the model's
    `clean` applies the same checks as priority.toml (a worse judgement scores more, caps allow an item)."""

    fieldsets = (
        (
            "The most recent judgement",
            {
                "fields": (
                    "judgement_outstanding",
                    "judgement_good",
                    "judgement_requires_improvement",
                    "judgement_inadequate",
                )
            },
        ),
        (
            "Information held",
            {
                "fields": (
                    ("concerns_each", "concerns_cap"),
                    ("notifications_each", "notifications_cap"),
                    ("enforcement_each", "enforcement_cap"),
                )
            },
        ),
        ("Time since the last inspection", {"fields": (("months_each", "months_cap"),)}),
        ("Newly registered", {"fields": ("never_inspected",)}),
        ("Why", {"fields": ("changed_reason",)}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not PriorityPolicy.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConcernsFinding)
class ConcernsFindingAdmin(SimpleHistoryAdmin):
    list_display = ("inspection", "serious_concerns", "recorded_at")
    readonly_fields = ("inspection", "recorded_by", "recorded_at", "escalated_at")


@admin.register(VisitActivity)
class VisitActivityAdmin(SimpleHistoryAdmin):
    list_display = ("inspection", "day", "place")


@admin.register(PostVisitSurvey)
class PostVisitSurveyAdmin(SimpleHistoryAdmin):
    list_display = ("inspection", "sent_at", "answered_at", "useful")
    readonly_fields = ("token",)


# The child-friendly summary (RPT-5): its own module.
from careinspect.assurance import summary_admin  # noqa: E402,F401
