from __future__ import annotations

from django import forms

from careinspect.registry.models import DueStatus, ProviderKind
from careinspect.registry.services import SORTS


class DueFilterForm(forms.Form):
    """The filters and sort order of the Inspections due list (all optional, read from the query string)."""

    kind = forms.MultipleChoiceField(
        choices=ProviderKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.MultipleChoiceField(
        choices=DueStatus.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)
    order = forms.ChoiceField(choices=[("asc", "ascending"), ("desc", "descending")], required=False)
