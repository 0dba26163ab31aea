"""Forms for the compliance pages. They only parse input: every rule is checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from careinspect.compliance.models import NOTICE_ACTION_CHOICES, ComplianceNotice
from careinspect.inspections.forms import GovukDateField, InspectorChoiceField, inspectors
from careinspect.inspections.models import MonitoringReason, Requirement
from careinspect.rules.calendar import day_text

YES_NO = [("yes", "Yes"), ("no", "No")]


class RequirementOutcomeForm(forms.Form):
    met = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Was the requirement met by its compliance date?",
        error_messages={"required": "Say whether the requirement was met"},
    )
    note = forms.CharField(
        widget=forms.Textarea,
        label="What shows it was or was not met",
        error_messages={"required": "Say what shows it was or was not met"},
    )


class RequirementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.regulation}, due {day_text(obj.compliance_date)}"


class NoticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.regulation}, due {day_text(obj.compliance_date)}"


class NoticeForm(forms.Form):
    """ENF-1: what the notice follows (a requirement not met, a notice not met or a concern) and what it
    requires by when."""

    requirement = RequirementChoiceField(
        queryset=Requirement.objects.none(),
        required=False,
        empty_label="None",
        label="Requirement not met that the notice follows (REQ-3)",
    )
    previous = NoticeChoiceField(
        queryset=ComplianceNotice.objects.none(),
        required=False,
        empty_label="None",
        label="Notice not met that this further notice follows (ENF-1)",
    )
    concern = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Or the concern the notice follows",
    )
    regulation = forms.CharField(
        label="Regulation", max_length=200, error_messages={"required": "Cite the regulation"}
    )
    action = forms.CharField(
        widget=forms.Textarea, label="What must be done", error_messages={"required": "Say what must be done"}
    )
    compliance_date = GovukDateField(
        label="Compliance date",
        noun="the compliance date",
        help_text="A working day. For example, 27 3 2026",
    )
    names_checked = forms.BooleanField(
        required=False,
        label="I have checked: the passages flagged are not people's names",
        help_text="The notice is emailed to the agency (DPR-2). Tick this only if we warned you about a name "
        "and it is not one",
    )

    def __init__(self, *args: Any, requirements: Any, notices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements  # type: ignore[attr-defined]
        self.fields["previous"].queryset = notices  # type: ignore[attr-defined]


class ScheduleVisitForm(forms.Form):
    reason = forms.ChoiceField(
        choices=MonitoringReason.choices,
        widget=forms.RadioSelect,
        label="Why is the visit made? (KND-4)",
        error_messages={"required": "Choose why the visit is made"},
    )
    purpose = forms.CharField(
        widget=forms.Textarea,
        label="The purpose of the visit (RPT-6)",
        help_text="What the visit looks at: the report begins with it",
        error_messages={"required": "Say what the visit is for"},
    )
    notices = forms.ModelMultipleChoiceField(
        queryset=ComplianceNotice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Compliance notices the visit checks (SCH-8)",
    )
    announced = forms.ChoiceField(
        choices=[("no", "Unannounced"), ("yes", "Announced")],
        widget=forms.RadioSelect,
        label="Is the visit announced?",
        help_text="As the case review decided; usually unannounced (KND-4)",
        error_messages={"required": "Say whether the visit is announced"},
    )
    lead_inspector = InspectorChoiceField(
        queryset=Requirement.objects.none(),
        label="Lead inspector",
        error_messages={"required": "Choose the lead inspector"},
    )
    start_date = GovukDateField(label="Day of the visit", noun="the day of the visit")
    end_date = GovukDateField(
        label="Last day of the visit",
        noun="the last day of the visit",
        required=False,
        help_text="Leave blank for a one-day visit. For example, 27 3 2026",
    )

    def __init__(self, *args: Any, notices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["notices"]
        field.queryset = notices  # type: ignore[attr-defined]
        field.label_from_instance = lambda n: (  # type: ignore[attr-defined]
            f"{n.reference}: {n.regulation}, due {day_text(n.compliance_date)}"
        )
        self.fields["lead_inspector"].queryset = inspectors()  # type: ignore[attr-defined]


class NoticeOutcomeForm(forms.Form):
    action = forms.ChoiceField(
        choices=NOTICE_ACTION_CHOICES,
        widget=forms.RadioSelect,
        label="Was the notice met? Partial action is not enough (ENF-1)",
        error_messages={"required": "Say whether the notice was fully met, partly met or not met"},
    )
    evidence_note = forms.CharField(
        widget=forms.Textarea,
        label="The evidence for this finding",
        error_messages={"required": "Record the evidence for the finding"},
    )


class WithholdForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea,
        label="The exceptional circumstances for not publishing (RPT-6)",
        error_messages={"required": "Give the exceptional circumstances for not publishing"},
    )
