"""Forms for the inspection pages. They only parse input: every rule is checked by the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from careinspect.inspections.models import (
    CaseSelection,
    EvidenceSource,
    PlanEntryKind,
    ResponseKind,
)
from careinspect.registry.models import GradeChoice, Provider, ProviderKind

DATE = forms.DateInput(attrs={"type": "date"})


class ScheduleForm(forms.Form):
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.filter(kind=ProviderKind.ASA), label="Adoption support agency"
    )
    lead_inspector = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    start_date = forms.DateField(label="First on-site day", widget=DATE)
    end_date = forms.DateField(
        label="Last on-site day", widget=DATE, help_text="Two days, spread over up to 3"
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        staff = get_user_model().objects.filter(groups__permissions__codename="inspect").distinct()
        self.fields["lead_inspector"].queryset = staff.order_by("username")  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea, label="Note")


class CallForm(forms.Form):
    at = forms.DateTimeField(
        label="When was the call?", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(widget=forms.Textarea, label="Who you spoke to and what was agreed")


class InformationDateForm(forms.Form):
    day = forms.DateField(label="Date agreed for the forms", widget=DATE)


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
    start_date = forms.DateField(label="New first on-site day", widget=DATE)
    end_date = forms.DateField(label="New last on-site day", widget=DATE)


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
    interview_at = forms.DateTimeField(
        required=False,
        label="Time of the interview or call",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
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
    compliance_date = forms.DateField(widget=DATE, label="Compliance date")
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
    answer = forms.CharField(widget=forms.Textarea, label="Answer to the complaint")
