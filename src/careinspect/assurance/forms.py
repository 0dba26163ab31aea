"""Forms for the assurance pages. They only parse input: every rule is checked by the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from careinspect.assurance.models import ActivityPlace
from careinspect.inspections.forms import GovukDateField, InspectorChoiceField, inspectors


class ScheduleVisitForm(forms.Form):
    lead_inspector = InspectorChoiceField(
        queryset=get_user_model().objects.none(),
        label="Inspector",
        error_messages={"required": "Choose the inspector"},
    )
    start = GovukDateField(
        label="First day of the visit",
        noun="the first day of the visit",
        help_text=(
            "The inspector announces the visit by phone at about 9am that day (NTC-4). For example, 3 2 2027"
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["lead_inspector"].queryset = inspectors()  # type: ignore[attr-defined]


class AnnounceForm(forms.Form):
    spoke_to = forms.CharField(
        label="Who the inspector spoke to",
        help_text="Their role at the agency, for example the registered manager",
        error_messages={"required": "Say who the inspector spoke to"},
    )
    on_site = forms.BooleanField(
        required=False,
        label="Announced on arrival at the agency (exceptional circumstances)",
        help_text="For example, serious concerns about the immediate safety of children",
    )
    reason_on_site = forms.CharField(
        required=False, widget=forms.Textarea, label="The exceptional circumstances"
    )
    to = forms.EmailField(
        required=False,
        label="Email address for the arrangements",
        help_text="Leave blank to use the agency's staff addresses on record",
    )


class LengthForm(forms.Form):
    days = forms.IntegerField(
        label="Days",
        min_value=1,
        error_messages={"required": "Enter the number of days", "invalid": "Enter a whole number of days"},
    )
    days_reason = forms.CharField(
        widget=forms.Textarea,
        label="Why",
        required=False,
        help_text="A small agency may need less than 2 days, a large one more (KND-3)",
    )


class ActivityForm(forms.Form):
    day = GovukDateField(label="Day", noun="the day of the work")
    place = forms.ChoiceField(
        choices=ActivityPlace.choices,
        widget=forms.RadioSelect,
        label="Where",
        error_messages={"required": "Choose off site or on site"},
    )
    description = forms.CharField(
        widget=forms.Textarea,
        label="What was done",
        help_text="No names: initials or the agency's record IDs (EVD-2)",
        error_messages={"required": "Say what was done"},
    )


class ConcernsForm(forms.Form):
    serious = forms.TypedChoiceField(
        choices=[
            ("no", "No serious or widespread concerns"),
            ("yes", "Serious or widespread concerns found"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Were serious or widespread concerns found?",
        error_messages={"required": "Say whether serious or widespread concerns were found"},
    )
    concerns = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which practice causes them",
        choices=[
            (
                "inadequate_protection",
                "Practice that places children at risk of inadequate protection or significant harm",
            ),
            (
                "welfare_not_safeguarded",
                "Practice that leads to children's welfare not being safeguarded and promoted",
            ),
        ],
    )
    summary = forms.CharField(
        widget=forms.Textarea, required=False, label="The concerns", help_text="No names (EVD-2)"
    )


class FeedbackForm(forms.Form):
    feedback_summary = forms.CharField(
        widget=forms.Textarea,
        label="What the verbal feedback covered",
        error_messages={"required": "Record what the feedback covered"},
    )


class SurveyForm(forms.Form):
    useful = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was the visit, from 1 (not at all) to 5 (very)?",
        error_messages={"required": "Choose from 1 to 5"},
    )
    comments = forms.CharField(
        widget=forms.Textarea, required=False, label="Anything else you want to tell us"
    )
