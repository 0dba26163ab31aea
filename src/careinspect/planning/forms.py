"""Forms for the planning pages. They only parse input: every rule is checked by `services`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from careinspect.planning.services import DEFAULT_TIME_LIMIT

DATE = forms.DateInput(attrs={"type": "date"})
# A page waits for the planner: gunicorn stops a request after 60 seconds.
MOST_SECONDS = 45.0
LONGEST_HORIZON_DAYS = 2 * 366


class PlanForm(forms.Form):
    horizon_from = forms.DateField(label="First day", widget=DATE)
    horizon_to = forms.DateField(label="Last day", widget=DATE)
    time_limit = forms.FloatField(
        label="Seconds for the planner",
        min_value=1.0,
        max_value=MOST_SECONDS,
        initial=DEFAULT_TIME_LIMIT,
        help_text=f"CP-SAT improves on the greedy plan for up to this long (1 to {MOST_SECONDS:g})",
    )

    @staticmethod
    def initial_for(today: date) -> dict[str, Any]:
        """A year from today: the demo's year."""
        return {
            "horizon_from": today,
            "horizon_to": today.replace(year=today.year + 1) - timedelta(days=1)
            if not (today.month == 2 and today.day == 29)
            else date(today.year + 1, 2, 28),
            "time_limit": DEFAULT_TIME_LIMIT,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("horizon_from"), data.get("horizon_to")
        if first and last:
            if last < first:
                self.add_error("horizon_to", "The last day must be on or after the first day")
            elif (last - first).days > LONGEST_HORIZON_DAYS:
                self.add_error("horizon_to", "Plan at most 2 years at a time")
        return data


class ReplanForm(forms.Form):
    time_limit = forms.FloatField(
        label="Seconds for the planner", min_value=1.0, max_value=MOST_SECONDS, initial=DEFAULT_TIME_LIMIT
    )


class InspectorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.get_username()} ({obj.inspector_profile.region})"


class MoveForm(forms.Form):
    inspector = InspectorChoice(queryset=get_user_model().objects.none(), label="Lead inspector")
    start = forms.DateField(label="First on-site day", widget=DATE)
    sch6_exception = forms.CharField(
        label="SCH-6 exception (only if they led its last 3 inspections)",
        required=False,
        widget=forms.Textarea,
        help_text="Why the same inspector again, for example continuity during enforcement",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspector"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            get_user_model()
            .objects.filter(inspector_profile__isnull=False, is_active=True)
            .select_related("inspector_profile")
            .order_by("username")
        )
