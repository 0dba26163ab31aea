"""Forms for the enforcement pages. They only parse input: every rule is checked by `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from careinspect.enforcement.models import CaseReviewDecision, ContactMethod, ReferralRole
from careinspect.inspections.forms import (
    GovukDateField,
    GovukDateTimeField,
    InspectorChoiceField,
    inspectors,
)
from careinspect.registry.models import LocalAuthority
from careinspect.rules.calendar import describe_days

DECISIONS = [(c.value, c.label) for c in CaseReviewDecision if c != CaseReviewDecision.PENDING]


def managers() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="manage_inspections")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=DECISIONS,
        widget=forms.RadioSelect,
        label="What action does the case review decide on?",
        error_messages={"required": "Choose what action the case review decides on"},
    )
    visit_announced = forms.TypedChoiceField(
        choices=[("", "Not a monitoring visit"), ("no", "Unannounced"), ("yes", "Announced")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        label="If a monitoring visit: is it announced?",
        help_text="A monitoring visit is usually unannounced (KND-4)",
    )
    decision_reason = forms.CharField(
        widget=forms.Textarea,
        label="Why",
        error_messages={"required": "Say why the case review decided this"},
    )


class DebriefForm(forms.Form):
    held_on = GovukDateField(label="Day of the debrief", noun="the day of the debrief")
    manager = InspectorChoiceField(
        queryset=get_user_model().objects.none(),
        label="Manager",
        error_messages={"required": "Choose the manager the debrief was held with"},
    )
    evidence_quality = forms.CharField(
        widget=forms.Textarea,
        label="The inspection and the quality of its evidence",
        error_messages={"required": "Say what was discussed of the evidence"},
    )
    recommendation = forms.CharField(
        widget=forms.Textarea,
        label="Further action recommended to the case review",
        help_text="Future inspections or visits, compliance or enforcement action",
        error_messages={"required": "Write the further action recommended to the case review"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers()  # type: ignore[attr-defined]


class AddAuthorityForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.order_by("name"),
        label="Local authority",
        error_messages={"required": "Choose the local authority"},
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why it is alerted",
        help_text="For example, it commissions services for a child not on the case list",
        error_messages={"required": "Say why this local authority is alerted"},
    )


class RemoveAuthorityForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why it is not alerted",
        error_messages={"required": "Say why this local authority is not alerted"},
    )


class EmailForm(forms.Form):
    summary = forms.CharField(
        widget=forms.Textarea,
        label="Summary of the main concerns",
        help_text="In line with the feedback given to the agency and what the report will say. No names.",
        error_messages={"required": "Summarise the main concerns for the local authority"},
    )
    names_checked = forms.BooleanField(
        required=False,
        label="I have checked: the passages flagged are not people's names",
        help_text="The email goes to the director and is forwarded to the agency (DPR-2). Tick this only if "
        "we warned you about a name and it is not one",
    )


class CallForm(forms.Form):
    at = GovukDateTimeField(
        label="When was the call?", noun="the call", help_text="For example, 7 4 2026 and 10am or 14:30"
    )
    spoke_to = forms.CharField(
        label="Who you spoke to", error_messages={"required": "Say who you spoke to"}, max_length=150
    )
    note = forms.CharField(
        widget=forms.Textarea,
        label="What was said",
        error_messages={"required": "Say what was said: that the email arrived"},
    )


class ForwardForm(forms.Form):
    to = forms.CharField(
        required=False,
        label="Forward to (optional)",
        help_text="Email addresses separated by commas; blank for the agency's staff on record",
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Covering note (optional)")

    def addresses(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data.get("to", "").split(",") if a.strip()]


class MonitoringForm(forms.Form):
    day = GovukDateField(label="Day of the monitoring visit", noun="the day of the monitoring visit")


class MonitoringVisitForm(forms.Form):
    """ENF-4, SCH-9: the monitoring visit after serious concerns, scheduled from the follow-up."""

    purpose = forms.CharField(
        widget=forms.Textarea,
        label="The purpose of the visit (RPT-6)",
        help_text="What the visit looks at: the report begins with it",
        error_messages={"required": "Say what the visit is for"},
    )
    announced = forms.ChoiceField(
        choices=[("no", "Unannounced"), ("yes", "Announced")],
        widget=forms.RadioSelect,
        label="Is the visit announced?",
        help_text="As the case review decided; usually unannounced (KND-4)",
        error_messages={"required": "Say whether the visit is announced"},
    )
    lead_inspector = InspectorChoiceField(
        queryset=get_user_model().objects.none(),
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_inspector"].queryset = inspectors()  # type: ignore[attr-defined]


class VisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        days = describe_days(obj.start_date, obj.end_date)
        return f"{obj.reference}: {days}, {obj.get_status_display().lower()}"


class LinkVisitForm(forms.Form):
    visit = VisitChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.RadioSelect,
        label="Monitoring visit already scheduled",
        error_messages={
            "required": "Choose the monitoring visit",
            "invalid_choice": "Choose a monitoring visit to this agency within the 6 to 8 weeks (SCH-9)",
        },
    )

    def __init__(self, *args: Any, visits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = visits  # type: ignore[attr-defined]


class ReferralForm(forms.Form):
    concern = forms.CharField(
        widget=forms.Textarea,
        label="The concern",
        help_text="No names: initials or the agency's case record ID",
        error_messages={"required": "Describe the concern, without names"},
    )
    provider_first_risky = forms.BooleanField(
        required=False,
        label="Telling the responsible individual or person in charge would put a child at risk",
        help_text="The authorities are then told first",
    )
    adults = forms.BooleanField(required=False, label="The person at risk is an adult service user")
    about_staff = forms.BooleanField(
        required=False,
        label="The concern is an allegation against staff",
        help_text="It goes to the designated officer",
    )
    follow_up_owner = InspectorChoiceField(
        queryset=get_user_model().objects.none(),
        label="Regional Senior HMI who follows it up",
        error_messages={"required": "Choose who follows it up"},
    )
    follow_up_due = GovukDateField(
        label="Follow-up due",
        noun="the day the follow-up is due",
        required=False,
        help_text="Blank for a working week",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_owner"].queryset = managers()  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    """SAF-1: who follows a referral up and by when; the reason goes into its history."""

    follow_up_owner = InspectorChoiceField(
        queryset=get_user_model().objects.none(),
        label="Regional Senior HMI who follows it up",
        error_messages={
            "required": "Choose who follows it up",
            "invalid_choice": "Choose a regulatory inspection manager: the follow-up is the regional Senior "
            "HMI's (SAF-1)",
        },
    )
    follow_up_due = GovukDateField(label="Follow-up due", noun="the day the follow-up is due")
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why it changes",
        help_text="Kept with the referral's history",
        error_messages={"required": "Say why the follow-up changes"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_owner"].queryset = managers()  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    role = forms.ChoiceField(
        choices=ReferralRole.choices, label="Who was told", error_messages={"required": "Choose who was told"}
    )
    organisation = forms.CharField(
        label="Organisation", max_length=200, error_messages={"required": "Name the organisation told"}
    )
    name = forms.CharField(label="Name (optional)", required=False, max_length=150)
    told_at = GovukDateTimeField(label="When were they told?", noun="telling them")
    how = forms.ChoiceField(
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        label="How",
        error_messages={"required": "Choose how they were told"},
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Note (optional)")


class CloseForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea,
        label="What the local authority did",
        error_messages={"required": "Record what the local authority did"},
    )
