"""Forms for the inspection pages. They only parse input: every rule is checked by the services.

Dates are asked for with the GOV.UK date input (day, month and year boxes), and a moment with a time box
beside them ("2pm", "14:30"), never the browser's own date pickers. A date posted as one ISO value
(`start_date=2025-02-03`, `at=2025-01-20T11:00`), as a script would send it, is read too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from careinspect.inspections.models import (
    CaseSelection,
    EvidenceSource,
    PlanEntryKind,
    ResponseKind,
)
from careinspect.registry.models import GradeChoice, Provider, ProviderKind

DATE_PARTS = ("day", "month", "year")
_TIME = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?([ap])\.?m?\.?$"  # 2pm, 2:30pm, 11.15a.m.
    r"|^(\d{1,2})(?:[:.]?(\d{2}))?$"  # 14, 14:30, 14.30, 1430
)
_WORD_TIMES = {"midday": time(12), "noon": time(12), "12 noon": time(12), "midnight": time(0)}


class DateInput(forms.Widget):
    """The GOV.UK date input: `<name>-day`, `<name>-month`, `<name>-year` (and `<name>-time` with a time).

    Rendered by `includes/field.html` (through `includes/date_input.html`), which looks for `govuk_date`.
    """

    govuk_date = True

    def __init__(self, *, with_time: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.with_time = with_time

    @property
    def parts(self) -> tuple[str, ...]:
        return (*DATE_PARTS, "time") if self.with_time else DATE_PARTS

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        values = {part: str(data.get(f"{name}-{part}", "") or "").strip() for part in self.parts}
        whole = str(data.get(name, "") or "").strip()
        if whole and not any(values.values()):
            return _iso_parts(whole, self.parts)
        return values

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part in self.parts)


def _iso_parts(text: str, parts: tuple[str, ...]) -> dict[str, str]:
    """ "2025-01-20" or "2025-01-20T11:00" as the date input's boxes; anything else lands in the day box,
    so it is reported as not a real date."""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}:\d{2})(?::\d{2})?)?", text)
    if found is None:
        return {part: (text if part == "day" else "") for part in parts}
    year, month, day, clock = found.groups()
    values = {"day": day, "month": month, "year": year, "time": clock or ""}
    return {part: values[part] for part in parts}


def parse_time(text: str) -> time | None:
    """ "2pm", "2:30pm", "11am", "14:30", "14.30", "1430", "midday": the time, or None if it is not one."""
    cleaned = " ".join(text.lower().split())
    if cleaned in _WORD_TIMES:
        return _WORD_TIMES[cleaned]
    found = _TIME.match(cleaned.replace(" ", ""))
    if found is None:
        return None
    hour_12, minute_12, half, hour_24, minute_24 = found.groups()
    if half:
        hour, minute = int(hour_12), int(minute_12 or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    else:
        hour, minute = int(hour_24), int(minute_24 or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def parse_date_parts(parts: Mapping[str, str], noun: str) -> date:
    """The date the day, month and year boxes hold, or the GOV.UK message saying what is wrong."""
    missing = [part for part in DATE_PARTS if not parts.get(part)]
    if missing:
        raise forms.ValidationError(f"{_sentence(noun)} must include a {' and a '.join(missing)}")
    day, month, year = (parts[part] for part in DATE_PARTS)
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        raise forms.ValidationError(f"{_sentence(noun)} must be a real date")
    if len(year) != 4:
        raise forms.ValidationError(f"The year of {noun} must include 4 numbers")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise forms.ValidationError(f"{_sentence(noun)} must be a real date") from None


class GovukDateField(forms.Field):
    """A date from the GOV.UK date input; `noun` names it in the messages ("the first on-site day")."""

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("widget", DateInput())
        messages = {"required": f"Enter {noun}", **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        if not value or not any(value.values()):
            return None
        return parse_date_parts(value, self.noun)


class GovukDateTimeField(forms.Field):
    """A moment from the date input and a time box; an aware datetime in England's time."""

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("widget", DateInput(with_time=True))
        messages = {"required": f"Enter the date and time of {noun}", **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, datetime):
            return value
        if not value or not any(value.values()):
            return None
        day = parse_date_parts(value, f"the date of {self.noun}")
        clock = value.get("time", "")
        if not clock:
            raise forms.ValidationError(f"Enter the time of {self.noun}, like 2pm or 14:30")
        at = parse_time(clock)
        if at is None:
            raise forms.ValidationError(f"Enter the time of {self.noun} like 2pm or 14:30")
        return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


class InspectorChoiceField(forms.ModelChoiceField):
    """Inspectors by name (the username only where no name is recorded)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


def inspectors() -> Any:
    """Active inspectors who are not managers: a lead inspector does the visit and writes the report;
    managers check it (RPT-3)."""
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(groups__permissions__codename="inspect")
        .exclude(groups__permissions__codename="manage_inspections")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class ScheduleForm(forms.Form):
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.filter(kind=ProviderKind.ASA),
        label="Adoption support agency",
        error_messages={"required": "Choose the adoption support agency"},
    )
    lead_inspector = InspectorChoiceField(
        queryset=get_user_model().objects.none(),
        label="Lead inspector",
        error_messages={"required": "Choose the lead inspector"},
    )
    start_date = GovukDateField(label="First on-site day", noun="the first on-site day")
    end_date = GovukDateField(
        label="Last on-site day",
        noun="the last on-site day",
        help_text="Two days, spread over up to 3; the same day for a one-day visit. For example, 3 2 2025",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["lead_inspector"].queryset = inspectors()  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea, label="Note")


class CallForm(forms.Form):
    at = GovukDateTimeField(
        label="When was the call?",
        noun="the call",
        help_text="For example, 20 1 2025 and 11am or 14:30",
    )
    note = forms.CharField(
        widget=forms.Textarea,
        label="Who you spoke to and what was agreed",
        error_messages={"required": "Say who you spoke to and what was agreed"},
    )


class InformationDateForm(forms.Form):
    day = GovukDateField(label="Date agreed for the forms", noun="the date agreed for the forms")


class DeferralRequestForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea, label="Why the agency asks for a deferral")


class DeferralDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        choices=[("yes", "Grant the deferral"), ("no", "Refuse the deferral")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Decision",
    )
    reason = forms.CharField(widget=forms.Textarea, label="Reason for the decision")


class RescheduleForm(forms.Form):
    start_date = GovukDateField(label="New first on-site day", noun="the new first on-site day")
    end_date = GovukDateField(label="New last on-site day", noun="the new last on-site day")


class PlanEntryForm(forms.Form):
    kind = forms.ChoiceField(choices=PlanEntryKind.choices, widget=forms.RadioSelect, label="Kind of entry")
    text = forms.CharField(widget=forms.Textarea, label="Entry")


class CaseListForm(forms.Form):
    file = forms.FileField(label="Case list (CSV or Excel)")


class CaseChoiceForm(forms.Form):
    selection = forms.ChoiceField(choices=CaseSelection.choices, required=False)
    line_of_enquiry = forms.CharField(required=False, max_length=300)


class EvidenceForm(forms.Form):
    source = forms.ChoiceField(choices=EvidenceSource.choices, widget=forms.RadioSelect, label="Source")
    interview_at = GovukDateTimeField(
        required=False,
        label="Time of the interview or call",
        noun="the interview or call",
        help_text="For interviews and calls. For example, 3 2 2025 and 2pm",
    )
    interviewee_role = forms.CharField(
        required=False, label="Interviewee's job title or relationship to the child", max_length=150
    )
    text = forms.CharField(
        widget=forms.Textarea,
        label="What you found",
        help_text="Use initials or case record IDs, never names",
    )
    quote = forms.CharField(widget=forms.Textarea, required=False, label="Direct quote (optional)")
    judgement_areas = forms.MultipleChoiceField(
        choices=[], required=False, widget=forms.CheckboxSelectMultiple, label="Judgement areas it supports"
    )
    cases = forms.MultipleChoiceField(choices=[], required=False, widget=forms.CheckboxSelectMultiple)
    provider_concern = forms.BooleanField(required=False, label="This is a concern raised by the provider")
    action_taken = forms.CharField(widget=forms.Textarea, required=False, label="Action taken on the concern")
    handwritten = forms.BooleanField(
        required=False, label="Handwritten notes", help_text="Scan them into the record within 5 working days"
    )
    naming_justification = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Why naming someone is necessary (only if it is)",
        help_text="Only to protect a child or support further action",
    )

    def __init__(
        self, *args: object, areas: list[tuple[str, str]], cases: list[tuple[str, str]], **kwargs: object
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["judgement_areas"].choices = areas  # type: ignore[attr-defined]
        self.fields["cases"].choices = cases  # type: ignore[attr-defined]


class ScanForm(forms.Form):
    file = forms.FileField(label="Scan of the handwritten notes (PDF, PNG or JPEG)")


class JudgementForm(forms.Form):
    grade = forms.ChoiceField(choices=GradeChoice.choices, widget=forms.RadioSelect, label="Grade")
    rationale = forms.CharField(widget=forms.Textarea, label="Rationale")
    evidence = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, label="Evidence the rationale rests on"
    )
    justification = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Justification (where a rule says 'usually' or 'likely')",
    )

    def __init__(self, *args: object, evidence: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["evidence"].choices = evidence  # type: ignore[attr-defined]


class ManagementFactsForm(forms.Form):
    manager_vacancy_weeks = forms.FloatField(
        required=False, label="Weeks since the manager's post fell vacant"
    )
    recruitment_evidence = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Not applicable"),
            ("none", "None"),
            ("limited", "Limited"),
            ("evidenced", "Evidenced"),
        ],
        label="Evidence of attempts to recruit",
    )
    unregistered_manager_weeks = forms.FloatField(
        required=False, label="Weeks the manager has been in post without applying to register"
    )


class JudgementChangeForm(forms.Form):
    grade = forms.ChoiceField(choices=GradeChoice.choices, label="New grade")
    reasons_to_provider = forms.CharField(widget=forms.Textarea, label="Reasons the provider will be given")


class RequirementForm(forms.Form):
    regulation = forms.CharField(max_length=200, label="Regulation breached")
    action = forms.CharField(widget=forms.Textarea, label="What must be done")
    impact = forms.CharField(widget=forms.Textarea, label="Impact on children or service users")
    compliance_date = GovukDateField(label="Compliance date", noun="the compliance date")
    evidence = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, label="Evidence (from at least two sources)"
    )

    def __init__(self, *args: object, evidence: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["evidence"].choices = evidence  # type: ignore[attr-defined]


class RecommendationForm(forms.Form):
    nms_standard = forms.CharField(
        max_length=100, label="National minimum standard", help_text="For example NMS 5.2"
    )
    text = forms.CharField(widget=forms.Textarea, label="Recommendation")


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ResponseKind.choices, widget=forms.RadioSelect, label="What are you sending?"
    )
    text = forms.CharField(widget=forms.Textarea, label="Your comments or complaint")


class AnswerForm(forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea,
        label="Answer to the complaint",
        error_messages={"required": "Write the answer to the complaint"},
    )


class CheckForm(forms.Form):
    """RULES: RPT-3 — the manager's check, with an optional note."""

    note = forms.CharField(widget=forms.Textarea, required=False, label="Note on the check (optional)")


class KeepPassageForm(forms.Form):
    """RULES: DPR-2 — why a flagged passage may stay (who and when are recorded with it); taking the reason
    back posts no reason."""

    passage = forms.CharField(widget=forms.HiddenInput, max_length=500)
    reason = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Why this passage may stay",
        help_text="For example, it names an organisation, not a person",
    )

    def __init__(self, *args: Any, taking_back: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taking_back = taking_back

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if self.taking_back:
            return ""
        if not reason:
            raise forms.ValidationError("Say why this passage may stay, or change it in the report")
        return reason
