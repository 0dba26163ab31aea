"""The portal's records in the admin with their history, read-only: requests are opened by the kind's
hook and uploads kept unchanged as the agency sent them (INF-1, INF-2, INF-3)."""

from django.contrib import admin

from careinspect.core.admin_base import ReadOnlyHistoryAdmin
from careinspect.portal.models import InformationRequest, Upload


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyHistoryAdmin):
    list_display = ["inspection", "position", "rule", "due_at", "dataset_kind"]
    list_filter = ["rule", "dataset_kind"]


@admin.register(Upload)
class UploadAdmin(ReadOnlyHistoryAdmin):
    list_display = ["request", "version", "kind", "size", "valid", "late", "uploaded_at"]
    list_filter = ["kind", "valid", "late"]
    exclude = ["validation", "measures"]
