"""The notifications app in the admin: the event types are configurable data (NOT-1); everything agencies
sent and the decisions on it are changed only through the services, so they are read-only here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careinspect.core.admin_base import ReadOnlyHistoryAdmin
from careinspect.notifications.models import (
    BringForward,
    LineOfEnquiry,
    ManagerNotice,
    Nms25Report,
    Notification,
    NotificationType,
    QuestionnaireImport,
)
from careinspect.rules.errors import RuleViolation
from careinspect.rules.notifications import FIELD_LABELS, check_required_fields


class NotificationTypeForm(forms.ModelForm):
    required_fields = forms.MultipleChoiceField(
        choices=list(FIELD_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What a complete notification of this type fills in (NOT-1)",
    )

    class Meta:
        model = NotificationType
        fields = ["code", "name", "required_fields", "active", "order"]

    def clean_required_fields(self) -> list[str]:
        try:
            return list(check_required_fields(self.cleaned_data["required_fields"]))
        except RuleViolation as violation:
            raise forms.ValidationError(violation.message) from violation


@admin.register(NotificationType)
class NotificationTypeAdmin(SimpleHistoryAdmin):
    form = NotificationTypeForm
    list_display = ["name", "code", "active", "order", "required"]
    list_filter = ["active"]

    @admin.display(description="required fields")
    def required(self, obj: NotificationType) -> str:
        return ", ".join(obj.required_fields)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # retire a type (untick "active"): notifications of it keep their type


for model, columns in (
    (Notification, ["__str__", "provider", "status", "outcome", "submitted_at"]),
    (ManagerNotice, ["__str__", "late", "given_on"]),
    (Nms25Report, ["__str__", "visit_date", "submitted_at"]),
    (QuestionnaireImport, ["__str__", "valid", "rows", "uploaded_at"]),
    (LineOfEnquiry, ["__str__", "rule", "added_at"]),
    (BringForward, ["__str__", "reason", "inspect_by"]),
):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyHistoryAdmin,), {"list_display": columns})
    )
