"""Every inspection record in the admin with its history, read-only: the services change them, checking
the kind's steps, the person and the rules and writing the story (ADR 0002, ADR 0004)."""

from django.contrib import admin

from careinspect.core.admin_base import ReadOnlyAdmin, ReadOnlyHistoryAdmin
from careinspect.inspections import models as m


@admin.register(m.Inspection)
class InspectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["reference", "provider", "kind", "status", "start_date", "end_date", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["provider__name", "provider__urn"]
    date_hierarchy = "start_date"


@admin.register(m.InspectionEvent)
class InspectionEventAdmin(ReadOnlyAdmin):  # the story itself: no history of its own
    list_display = ["inspection", "type", "at", "by", "visible_to_provider"]
    list_filter = ["type", "visible_to_provider"]


for model in (
    m.TeamMember,
    m.SccifDetail,
    m.ThematicDetail,
    m.AssuranceDetail,
    m.MonitoringDetail,
    m.DeferralRequest,
    m.PlanEntry,
    m.CaseList,
    m.Case,
    m.Evidence,
    m.Judgement,
    m.ManagementFacts,
    m.Requirement,
    m.Recommendation,
    m.Report,
    m.ProviderResponse,
):
    admin.site.register(model, ReadOnlyHistoryAdmin)


# Records never changed once made: a change of judgement (JDG-8), a published report.
admin.site.register([m.JudgementChange, m.PublishedReport], ReadOnlyAdmin)
