"""Forms for the notifications pages. They only parse input: every rule is checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from careinspect.inspections.forms import GovukDateField
from careinspect.notifications.models import MANAGER_NOTICE_CHOICES, NotificationType, ReviewOutcome
from careinspect.rules.notifications import FIELD_LABELS


class NotificationForm(forms.Form):
    type = forms.ModelChoiceField(
        queryset=NotificationType.objects.none(),
        label="What happened",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of event", "invalid_choice": "Choose the type of event"},
    )
    occurred_on = GovukDateField(
        noun="the day it happened", required=False, label=FIELD_LABELS["occurred_on"]
    )
    details = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label=FIELD_LABELS["details"],
        help_text="Do not name anyone: use initials or the agency's case record ID",
    )
    person_ref = forms.CharField(required=False, max_length=100, label=FIELD_LABELS["person_ref"])
    action_taken = forms.CharField(required=False, widget=forms.Textarea, label=FIELD_LABELS["action_taken"])
    others_informed = forms.CharField(
        required=False, widget=forms.Textarea, label=FIELD_LABELS["others_informed"]
    )
    names_checked = forms.BooleanField(
        required=False,
        label="I have checked: these are not people's names",
        help_text="Tick this only if we warned you about a name and it is not one",
    )

    def __init__(self, *args: Any, types: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if types is None:
            self.fields.pop("type")
        else:
            self.fields["type"].queryset = types  # type: ignore[attr-defined]

    def values(self) -> dict[str, object]:
        return {name: self.cleaned_data.get(name) for name in FIELD_LABELS}


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        label="Outcome of the review",
        error_messages={"required": "Choose the outcome of the review"},
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Line of enquiry, reason or what the agency must tell us",
        help_text="Needed for every outcome but noted. A reason to bring forward shows in the due list "
        "(160 characters at most)",
    )
    inspect_by = GovukDateField(
        noun="the day the inspection is wanted by",
        required=False,
        label="To bring the inspection forward: inspect by",
    )


class ManagerNoticeForm(forms.Form):
    kind = forms.ChoiceField(
        choices=MANAGER_NOTICE_CHOICES,
        widget=forms.RadioSelect,
        label="What are you telling us?",
        error_messages={"required": "Choose what you are telling us"},
    )
    emergency = forms.BooleanField(
        required=False,
        label="It was not known in advance (an emergency)",
        help_text="Otherwise we need notice at least one month before (NOT-3)",
    )
    starts_on = GovukDateField(
        noun="the day it starts", label="First day of the absence, or the day the manager left or started"
    )
    ends_on = GovukDateField(
        noun="the expected return", required=False, label="For an absence: expected return"
    )
    applied_to_register_on = GovukDateField(
        noun="the day the new manager applied to register",
        required=False,
        label="For a new manager: the day they applied to register",
    )
    arrangements = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="How the agency is managed meanwhile",
        help_text="Roles, not names",
    )


class ManagerNoticeCorrectionForm(ManagerNoticeForm):
    """NOT-3: the same facts as the notice, corrected, with what was wrong."""

    reason = forms.CharField(
        widget=forms.Textarea,
        label="What was wrong in the notice?",
        help_text="We keep what the notice said before, with this",
        error_messages={"required": "Say what was wrong in the notice"},
    )


class Nms25Form(forms.Form):
    year_ending = forms.TypedChoiceField(
        coerce=int,
        label="Year reported on (1 April to 31 March)",
        error_messages={"required": "Choose the year"},
    )
    visit_date = GovukDateField(noun="the day of the visit", label="The day the visit took place")
    file = forms.FileField(label="The report (PDF or Word)", error_messages={"required": "Choose the report"})

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year_ending"].choices = years  # type: ignore[attr-defined]


class BringForwardForm(forms.Form):
    reason = forms.CharField(max_length=160, label="Reason (the due list shows it)")
    inspect_by = GovukDateField(noun="the day the inspection is wanted by", label="Inspect by")


class QuestionnaireImportForm(forms.Form):
    year = forms.IntegerField(label="Year the questionnaires were sent", min_value=2000)
    file = forms.FileField(
        label="Responses (CSV: urn, responses)", error_messages={"required": "Choose the CSV"}
    )
