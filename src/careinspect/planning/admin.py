"""The planning records in the admin: inspectors' profiles, leave and conflicts are kept here; plans are
made, changed and scheduled only through the planning pages (their services check the rules), so the
admin shows them read-only with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careinspect.core.admin_base import ReadOnlyHistoryAdmin
from careinspect.planning.models import Conflict, InspectorProfile, Leave, Placement, Plan, Unplaced


@admin.register(InspectorProfile)
class InspectorProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "region", "kinds", "days_per_week", "is_demo"]
    list_filter = ["region", "is_demo"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(Leave)
class LeaveAdmin(SimpleHistoryAdmin):
    list_display = ["inspector", "first_day", "last_day", "reason"]
    search_fields = ["inspector__username", "reason"]
    date_hierarchy = "first_day"
    raw_id_fields = ["inspector"]


@admin.register(Conflict)
class ConflictAdmin(SimpleHistoryAdmin):
    list_display = ["inspector", "provider", "local_authority", "reason"]
    search_fields = ["inspector__username", "provider__urn", "provider__name", "local_authority__name"]
    raw_id_fields = ["inspector", "provider", "local_authority"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyHistoryAdmin):
    list_display = ["pk", "horizon_from", "horizon_to", "status", "made_by", "made_at", "previous"]
    list_filter = ["status"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "provider", "inspector", "start", "end", "locked_by", "scheduled_inspection"]
    list_filter = ["plan"]
    search_fields = ["provider__urn", "inspector__username"]


@admin.register(Unplaced)
class UnplacedAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "provider", "reason"]
    list_filter = ["plan"]
