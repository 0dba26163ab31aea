"""Compliance records in the admin: read-only with their history (only the services change them)."""

from django.contrib import admin

from careinspect.compliance.models import (
    ComplianceNotice,
    MonitoringNotice,
    NoticeOutcome,
    PublicationDecision,
    RequirementOutcome,
)
from careinspect.core.admin_base import ReadOnlyHistoryAdmin


@admin.register(ComplianceNotice)
class ComplianceNoticeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "provider", "compliance_date", "status", "issued_on")
    list_filter = ("status",)
    search_fields = ("provider__name", "provider__urn", "regulation")


@admin.register(RequirementOutcome)
class RequirementOutcomeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "met", "recorded_at")


@admin.register(MonitoringNotice)
class MonitoringNoticeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "inspection", "notice")


@admin.register(NoticeOutcome)
class NoticeOutcomeAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "action", "fully_met", "recorded_at")


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "director", "decided_on")
