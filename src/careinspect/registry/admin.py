from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careinspect.core.admin_base import ReadOnlyAdmin
from careinspect.registry.models import (
    Intelligence,
    LaInspection,
    LocalAuthority,
    PastInspection,
    Provider,
    ProviderDue,
    ProviderStaff,
    RaaFacts,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


class PastInspectionInline(admin.TabularInline):
    model = PastInspection
    extra = 0


class RaaFactsInline(admin.StackedInline):
    """An RAA's facts for the thematic programme's selection (THM-2)."""

    model = RaaFacts
    extra = 0
    max_num = 1


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["urn", "name", "kind", "registration_date", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["urn", "name"]
    filter_horizontal = ["member_las"]
    inlines = [PastInspectionInline, RaaFactsInline]


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


@admin.register(RaaFacts)
class RaaFactsAdmin(SimpleHistoryAdmin):
    """What the thematic programme's selection weighs about an RAA (THM-2)."""

    list_display = ["provider", "operating_model", "started", "adoptions_a_year", "dfe_funding", "is_demo"]
    list_filter = ["operating_model", "is_demo"]
    list_select_related = ["provider"]
    search_fields = ["provider__urn", "provider__name"]


@admin.register(LaInspection)
class LaInspectionAdmin(SimpleHistoryAdmin):
    """ILACS and SEND inspections of local authorities: judgements (THM-2) and scheduled ones (THM-3)."""

    list_display = ["local_authority", "kind", "day", "judgement", "is_demo"]
    list_filter = ["kind", "judgement", "is_demo"]
    list_select_related = ["local_authority"]
    search_fields = ["local_authority__code", "local_authority__name"]
    date_hierarchy = "day"
