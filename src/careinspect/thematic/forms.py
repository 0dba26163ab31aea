"""Forms for the thematic programme's pages. They only parse input: every rule is checked by `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from careinspect.inspections.forms import GovukDateField

# A candidate file is a few hundred RAAs at most: far below this.
MOST_CSV_BYTES = 1_000_000


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    direction = forms.CharField(
        label="The Secretary of State's direction",
        widget=forms.Textarea,
        help_text="What the programme was directed to look at (THM-1)",
    )
    window_start = GovukDateField(label="Fieldwork window starts", noun="the first day of the window")
    window_end = GovukDateField(label="Fieldwork window ends", noun="the last day of the window")
    size = forms.IntegerField(
        label="Number of RAAs", min_value=1, max_value=100, help_text="How many RAAs to inspect (6 in 2023)"
    )
    teams = forms.IntegerField(
        label="Number of teams",
        min_value=1,
        max_value=20,
        initial=3,
        help_text="Each of up to 3 inspectors (KND-2); a team is on one RAA a week (THM-4)",
    )
    seed = forms.IntegerField(
        label="Tie-break seed (optional)",
        required=False,
        help_text="A whole number; the same seed gives the same sample (THM-2). Blank is 0",
    )


class CandidateFileForm(forms.Form):
    file = forms.FileField(
        label="Candidate RAAs (CSV)",
        help_text="Columns urn, name, region, operating_model, started, member_las, ilacs, la_inspections, "
        "size, registered_as_vaa: the same as `careinspect thematic select`",
    )

    def text(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MOST_CSV_BYTES:
            raise forms.ValidationError("The file is over 1 MB: a candidate file is far smaller")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text: save it as CSV UTF-8") from None


class SwapForm(forms.Form):
    out_urn = forms.ChoiceField(label="Swap out")
    in_urn = forms.ChoiceField(label="Swap in")
    why = forms.CharField(label="Why (optional)", required=False, widget=forms.Textarea)

    def __init__(
        self, *args: Any, sampled: list[tuple[str, str]], eligible: list[tuple[str, str]], **kw: Any
    ):
        super().__init__(*args, **kw)
        self.fields["out_urn"].choices = [("", "Choose an RAA in the sample"), *sampled]  # type: ignore[attr-defined]
        self.fields["in_urn"].choices = [("", "Choose an eligible RAA"), *eligible]  # type: ignore[attr-defined]


class InspectorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


def inspectors() -> QuerySet[Any]:
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__permissions__codename="inspect")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class TeamForm(forms.Form):
    team = forms.IntegerField(widget=forms.HiddenInput)
    lead = InspectorChoice(queryset=None, label="Lead inspector", empty_label="Choose an inspector")
    second = InspectorChoice(queryset=None, label="Second inspector", required=False, empty_label="None")
    third = InspectorChoice(queryset=None, label="Third inspector", required=False, empty_label="None")

    def __init__(self, *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        people = inspectors()
        for name in ("lead", "second", "third"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]

    def people(self) -> list[Any]:
        return [p for p in (self.cleaned_data.get(n) for n in ("lead", "second", "third")) if p is not None]


class AnnounceForm(forms.Form):
    notice_to = forms.CharField(
        label="Who receives the letter",
        required=False,
        max_length=200,
        help_text="The RAA leader, or the most senior manager the RAA names if the leader is away (NTC-2)",
    )
