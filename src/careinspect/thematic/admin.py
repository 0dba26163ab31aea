"""The thematic programme's records in the admin: read-only, since only the services keep the sample,
the swaps and the plan consistent (THM-2, THM-4), each with its history."""

from django.contrib import admin

from careinspect.core.admin_base import ReadOnlyHistoryAdmin
from careinspect.thematic.models import Candidate, Programme, ProgrammeInspection, ProgrammeInspector, Swap


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "window_start", "window_end", "size", "teams", "status", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["name"]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyHistoryAdmin):
    list_display = ["urn", "name", "programme", "region", "selected", "excluded_rule"]
    list_filter = ["selected", "programme"]
    list_select_related = ["programme"]
    search_fields = ["urn", "name"]


@admin.register(ProgrammeInspector)
class ProgrammeInspectorAdmin(ReadOnlyHistoryAdmin):
    list_display = ["programme", "team", "inspector", "leads"]
    list_select_related = ["programme", "inspector"]


@admin.register(ProgrammeInspection)
class ProgrammeInspectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["programme", "inspection", "team"]
    list_select_related = ["programme", "inspection__provider"]


@admin.register(Swap)
class SwapAdmin(ReadOnlyHistoryAdmin):
    list_display = ["programme", "out_urn", "in_urn", "by", "at"]
    list_select_related = ["programme", "by"]
