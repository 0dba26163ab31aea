from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careinspect.registry.models import LocalAuthority, PastInspection, Provider


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
