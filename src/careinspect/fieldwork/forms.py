"""The fieldwork's and the programme report's forms (GOV.UK inputs through `includes/field.html`)."""

from __future__ import annotations

from typing import Any

from django import forms

from careinspect.fieldwork.models import REPORT_SECTIONS, QaFeedbackMeeting, RecordType, theme_choices
from careinspect.inspections.forms import GovukDateField
from careinspect.inspections.models import EvidenceSource
from careinspect.rules.thematic.fieldwork import PERSON_TYPES, SUMMARY_RECIPIENTS

TIME = {"input_formats": ["%H:%M", "%H.%M"], "error_messages": {"invalid": "Enter a time like 09:30"}}


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TextInput(attrs={"inputmode": "numeric"}), **TIME)  # type: ignore[arg-type]


class CaseForm(forms.Form):
    record_type = forms.ChoiceField(
        choices=RecordType.choices, widget=forms.RadioSelect, label="Type of record"
    )
    record_id = forms.CharField(
        max_length=40, label="A1 record id", help_text="The id in the A1 dataset: never a name (CAS-2)"
    )
    theme = forms.ChoiceField(
        choices=[("", "Not added on site"), *theme_choices()],
        required=False,
        label="Emerging theme (a case added on site)",
    )
    reason = forms.CharField(widget=forms.Textarea, required=False, label="Why this case is sampled")


class TimetableForm(forms.Form):
    day = GovukDateField(noun="the day", label="Day")
    starts_at = _time("Starts at")
    activity = forms.CharField(max_length=200, label="Activity")
    with_whom = forms.CharField(max_length=200, required=False, label="With (roles, not names)")


class KitForm(forms.Form):
    held_on = GovukDateField(noun="the day of the meeting", label="Day of the meeting")
    at = _time("Time")
    attendees = forms.CharField(
        max_length=300, label="Attendees by role", help_text="For example: RAA leader, lead inspector"
    )
    notes = forms.CharField(
        widget=forms.Textarea, label="Progress, areas for further discussion and emerging themes"
    )


class EvidenceForm(forms.Form):
    theme = forms.ChoiceField(choices=theme_choices, label="Theme")
    source = forms.ChoiceField(choices=EvidenceSource.choices, label="Source (EVD-1)")
    person_type = forms.ChoiceField(choices=list(PERSON_TYPES.items()), label="Whose views or records")
    text = forms.CharField(
        widget=forms.Textarea, label="Evidence", help_text="Initials or A1 record ids only (EVD-2)"
    )
    consent_given = forms.BooleanField(
        required=False,
        label="Consent given (for a child: by the person with parental responsibility)",
    )
    voluntary = forms.BooleanField(
        required=False, label="Told that taking part is voluntary and they may leave at any time"
    )
    consent_how = forms.CharField(
        max_length=300, required=False, label="How consent and voluntariness were recorded"
    )
    names_service_users = forms.BooleanField(required=False, label="Names or identifies a service user")
    case = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Sampled case")

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "None"), *[(c.pk, str(c)) for c in cases]]  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    file = forms.FileField(
        label="Online feedback (CSV)", help_text="Columns: stakeholder_group, theme, response"
    )


class SummaryForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        choices=list(SUMMARY_RECIPIENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="Given to",
        help_text="Nothing is written down for the RAA and no local authority is given a summary (THM-6)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, title in theme_choices():
            self.fields[f"{key}_strengths"] = forms.CharField(
                widget=forms.Textarea, label=f"Strengths: {title}"
            )
            self.fields[f"{key}_areas"] = forms.CharField(
                widget=forms.Textarea, label=f"Areas for development: {title}"
            )


class FindingForm(forms.Form):
    theme = forms.ChoiceField(choices=theme_choices, label="Theme")
    summary = forms.CharField(widget=forms.Textarea, required=False, label="Summary of findings")
    text = forms.CharField(widget=forms.Textarea, label="Findings across the RAAs")


class QaMeetingForm(forms.Form):
    held_on = GovukDateField(noun="the day of the meeting", label="Day of the meeting")
    format = forms.ChoiceField(
        choices=QaFeedbackMeeting.Format.choices, widget=forms.RadioSelect, label="Format"
    )
    qa_officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label="Quality assurance officer"
    )
    notes = forms.CharField(
        widget=forms.Textarea, label="What the leaders said about the process and experience"
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qa_officer"].queryset = officers  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, label="Title")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in REPORT_SECTIONS:
            self.fields[key] = forms.CharField(widget=forms.Textarea, required=False, label=label)


class PassageForm(forms.Form):
    passage = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea, required=False, label="Why it may stay (empty to take it back)"
    )
