"""The admin for enforcement: the directors of children's services are kept here (who DCS alerts go to);
every other record is read-only, changed only through the services (their rules and audit trail)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careinspect.core.admin_base import ReadOnlyHistoryAdmin
from careinspect.enforcement.models import (
    CaseReview,
    DcsAlert,
    DcsContact,
    Debrief,
    InadequateFollowUp,
    SafeguardingReferral,
    SeriousConcernsFollowUp,
)


@admin.register(DcsContact)
class DcsContactAdmin(SimpleHistoryAdmin):
    list_display = ["local_authority", "name", "email", "phone"]
    search_fields = ["local_authority__name", "local_authority__code", "name", "email"]


@admin.register(CaseReview)
class CaseReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ["provider", "reason", "due", "owner", "decision"]
    list_filter = ["reason", "decision"]


@admin.register(DcsAlert)
class DcsAlertAdmin(ReadOnlyHistoryAdmin):
    list_display = [
        "local_authority",
        "provider",
        "rule",
        "email_due",
        "emailed_at",
        "call_at",
        "forwarded_at",
    ]


@admin.register(SafeguardingReferral)
class SafeguardingReferralAdmin(ReadOnlyHistoryAdmin):
    list_display = ["provider", "inspection", "raised_at", "follow_up_owner", "follow_up_due", "closed_at"]


admin.site.register([Debrief, InadequateFollowUp, SeriousConcernsFollowUp], ReadOnlyHistoryAdmin)
