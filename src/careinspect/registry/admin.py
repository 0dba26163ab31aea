from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careinspect.core.admin_base import ReadOnlyAdmin
from careinspect.registry.models import (
    Intelligence,
    LocalAuthority,
    PastInspection,
    Provider,
    ProviderDue,
    ProviderStaff,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


class PastInspectionInline(admin.TabularInline):
    model = PastInspection
    extra = 0


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["urn", "name", "kind", "registration_date", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["urn", "name"]
    filter_horizontal = ["member_las"]
    inlines = [PastInspectionInline]


@admin.register(ProviderDue)
class ProviderDueAdmin(ReadOnlyAdmin):
    """Worked out from the other records by `services.refresh_due`: shown, never edited by hand."""

    list_display = ["provider", "status", "earliest", "latest", "rule", "under_way_reference", "computed_on"]
    list_filter = ["status", "rule", "kind"]
    list_select_related = ["provider"]
    search_fields = ["provider__urn", "provider__name"]


@admin.register(PastInspection)
class PastInspectionAdmin(SimpleHistoryAdmin):
    list_display = ["provider", "kind", "end_date", "judgement", "is_demo"]
    list_filter = ["kind", "judgement", "is_demo"]
    search_fields = ["provider__urn", "provider__name"]


@admin.register(ProviderStaff)
class ProviderStaffAdmin(SimpleHistoryAdmin):
    """Links a sign-in to its agency: what it may see (DPR-3) turns on this record."""

    list_display = ["user", "provider", "job_title"]
    search_fields = ["user__username", "provider__urn", "provider__name"]


@admin.register(Intelligence)
class IntelligenceAdmin(SimpleHistoryAdmin):
    list_display = ["provider", "kind", "received_on", "responses", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["provider__urn", "provider__name"]
