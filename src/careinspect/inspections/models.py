"""An inspection of any kind and everything recorded in it.

`Inspection` holds what every kind has (provider, kind, status, team, dates, deadlines, events); what only
one kind has lives in a one-to-one detail (`SccifDetail`, `ThematicDetail`, `AssuranceDetail`,
`MonitoringDetail`: docs/adr/0004-kinds-of-inspection.md). Thin models: each kind's graph is in
`careinspect.rules.kinds`, the operations are `services`. Every model keeps its history
(django-simple-history: who changed what, when), and `InspectionEvent` keeps the story of the inspection,
typed (`events.EventType`), for its timeline.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.inspections.events import EventType, label_for
from careinspect.registry.models import GradeChoice, InspectionKind, Provider
from careinspect.rules.calendar import day_text
from careinspect.rules.kinds import KindDeclaration, declaration
from careinspect.rules.lifecycle import STATUS_LABELS, Status

User = settings.AUTH_USER_MODEL

STATUS_CHOICES = [(status.value, STATUS_LABELS[status]) for status in Status]


__all__ = ["InspectionKind"]


class Inspection(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=20, choices=InspectionKind.choices, default=InspectionKind.SCCIF_FULL)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=Status.SCHEDULED.value)
    status_before_pause = models.CharField(max_length=20, choices=STATUS_CHOICES, blank=True)
    lead_inspector = models.ForeignKey(User, on_delete=models.PROTECT, related_name="inspections_led")
    team: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        User,
        through="TeamMember",
        blank=True,
        related_name="inspection_teams",
        help_text="Inspectors besides the lead (KND-2: a thematic inspection has a team of up to 3)",
    )
    manager = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="inspections_managed",
        help_text="The regulatory inspection manager who checks the report (RPT-3) and agrees changes",
    )
    start_date = models.DateField("first on-site day")
    end_date = models.DateField(
        "last on-site day", help_text="The day of feedback counts as the last (CAL-2)"
    )
    # Deadlines the rules give, recorded by the transition that fixes them.
    notice_due = models.DateField(null=True, blank=True)  # NTC-1
    information_due = models.DateField(null=True, blank=True)  # INF-2, agreed with the agency
    scans_due = models.DateField(null=True, blank=True)  # EVD-4
    draft_due = models.DateField(null=True, blank=True)  # RPT-3
    comments_due = models.DateField(null=True, blank=True)  # RPT-3, CMP-1 (4)
    final_due = models.DateField(null=True, blank=True)  # RPT-3
    publication_due = models.DateField(null=True, blank=True)  # RPT-3
    # When each step happened.
    notified_on = models.DateField(null=True, blank=True)
    notification_call_at = models.DateTimeField(null=True, blank=True)
    notification_call_note = models.TextField(blank=True)
    feedback_on = models.DateField(null=True, blank=True)
    feedback_summary = models.TextField(blank=True, help_text="What was said at feedback (RPT-7)")
    draft_sent_on = models.DateField(null=True, blank=True)
    final_sent_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    pause_reason = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "provider__name"]
        permissions = [
            ("inspect", "Can carry out inspections"),
            ("manage_inspections", "Can check reports, agree changes and publish"),
        ]

    def __str__(self) -> str:
        return f"Inspection of {self.provider.name} from {day_text(self.start_date)}"

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def reference(self) -> str:
        return f"INS-{self.pk:05d}"

    @property
    def declaration(self) -> KindDeclaration:
        """What this kind of inspection does: its graph, steps, pages, letters (rules.kinds)."""
        return declaration(self.kind)

    @property
    def framework_name(self) -> str:
        """The framework data file this inspection is run under: its kind and its provider's type."""
        return self.declaration.framework_for(self.provider.kind)

    @property
    def kind_label(self) -> str:
        return InspectionKind(self.kind).label

    @property
    def team_size(self) -> int:
        return 1 + self.team_members.count()


class TeamMember(models.Model):
    """An inspector on the team besides the lead. RULES: KND-2 — a thematic team is up to 3 inspectors."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team_members")
    inspector = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="one_place_on_a_team"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} on {self.inspection_id}"


class SccifDetail(models.Model):
    """What only a SCCIF full inspection has (ADR 0004): the case-tracking count and the JDG-8 alert."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="sccif")
    service_users = models.PositiveIntegerField(
        "service users in the last 12 months",
        null=True,
        blank=True,
        help_text="Sets the number of cases to track (CAS-1); counted from the case list when it arrives",
    )
    inadequate_alert_on = models.DateField(
        null=True, blank=True, help_text="JDG-8: managers told during the inspection of a possible inadequate"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"SCCIF detail of {self.inspection_id}"


class ThematicDetail(models.Model):
    """What only a thematic inspection of an RAA has (ADR 0004)."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="thematic")
    notice_to = models.CharField(
        max_length=150,
        default="RAA leader",
        help_text="NTC-2: the RAA leader, or the most senior manager the RAA names when the leader is away",
    )
    keep_in_touch_at = models.TimeField(
        null=True, blank=True, help_text="THM-5: the daily meeting with the leader, timing agreed in planning"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Thematic detail of {self.inspection_id}"


class AssuranceDetail(models.Model):
    """What only an assurance visit to an IFA has (ADR 0004)."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="assurance")
    announced_on_site = models.BooleanField(
        default=False,
        help_text="NTC-4: announced on arrival in exceptional circumstances, not by the 9am call",
    )
    days = models.PositiveSmallIntegerField(
        default=2, help_text="KND-3: usually 2 days for one inspector; a manager may shorten or lengthen it"
    )
    days_reason = models.TextField(blank=True, help_text="KND-3: why a manager changed the usual length")
    serious_concerns = models.BooleanField(
        null=True, blank=True, help_text="JDG-9: whether serious or widespread concerns were found"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Assurance detail of {self.inspection_id}"


class MonitoringReason(models.TextChoices):
    """RULES: KND-4 — what a monitoring visit follows up."""

    CONCERNS = "concerns", "Concerns"
    INADEQUATE = "inadequate", "An inadequate judgement"
    COMPLIANCE_NOTICE = "compliance_notice", "A compliance notice"


class MonitoringDetail(models.Model):
    """What only a monitoring visit has (ADR 0004)."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="monitoring")
    reason = models.CharField(max_length=20, choices=MonitoringReason.choices)
    purpose = models.TextField(help_text="RPT-6: the reasons for and purpose of the visit")
    announced = models.BooleanField(default=False, help_text="KND-4: usually unannounced")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Monitoring detail of {self.inspection_id}"


class InspectionEvent(models.Model):
    """One step in the story of an inspection, typed, with who and when (the audit in plain view)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(max_length=30, choices=EventType.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    visible_to_provider = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.type} ({self.inspection_id})"

    @property
    def label(self) -> str:
        """The event's words, derived from its type and the inspection's kind."""
        return label_for(self.type, self.inspection.kind)


class DeferralDecision(models.TextChoices):
    PENDING = "pending", "Awaiting a decision"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class DeferralRequest(models.Model):
    """RULES: NTC-5 — a deferral asked for (an ASA asks during the notification call) and its decision."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="deferrals")
    requested_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=DeferralDecision.choices, default="pending")
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Deferral requested {day_text(self.requested_on)}: {self.get_decision_display()}"


class PlanEntryKind(models.TextChoices):
    """RULES: NOT-5 — what an inspection plan holds."""

    LINE_OF_ENQUIRY = "line_of_enquiry", "Line of enquiry"
    WEAKNESS = "weakness", "Apparent weakness"
    STRENGTH = "strength", "Apparent strength"
    MORE_EVIDENCE = "more_evidence", "Area needing more evidence"


class PlanEntry(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="plan_entries")
    kind = models.CharField(max_length=20, choices=PlanEntryKind.choices)
    text = models.TextField()
    added_on_site = models.BooleanField(default=False, help_text="The plan may change on site (NOT-5)")
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class CaseList(models.Model):
    """The agency's case list as received (INF-2), or the foster carer register an assurance visit samples
    from (INF-3); the original file is kept unchanged."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_lists")
    original = models.FileField(upload_to="case_lists/%Y/%m/")
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    rows = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Case list {self.original_name} ({self.rows} rows)"


class CaseSelection(models.TextChoices):
    """RULES: CAS-3 — tracked and sampled cases are recorded distinctly."""

    NONE = "", "Not chosen"
    TRACKED = "tracked", "Tracked"
    SAMPLED = "sampled", "Sampled"


class Case(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    case_list = models.ForeignKey(CaseList, on_delete=models.CASCADE, related_name="cases")
    case_ref = models.CharField("case record ID", max_length=50)
    service_user_type = models.CharField(max_length=30)
    service_type = models.CharField(max_length=100, blank=True)
    la_code = models.CharField(max_length=3, blank=True)
    # An assurance visit's case is a child on the foster carer register: the carers' household (INF-3).
    household_ref = models.CharField("foster carers' household", max_length=50, blank=True, default="")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    selection = models.CharField(max_length=10, choices=CaseSelection.choices, blank=True, default="")
    line_of_enquiry = models.CharField(
        max_length=300, blank=True, help_text="Why a sampled case is looked at"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_ref"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "case_ref"], name="one_case_ref_an_inspection")
        ]

    def __str__(self) -> str:
        return self.case_ref


class EvidenceSource(models.TextChoices):
    """RULES: EVD-1 — every evidence record states its source."""

    OBSERVATION = "observation", "Observation"
    WRITTEN_RECORD = "written_record", "Written record"
    INTERVIEW = "interview", "Face-to-face interview"
    CALL = "call", "Phone or virtual call"
    EMAIL = "email", "Email"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    ONLINE_FEEDBACK = "online_feedback", "Online feedback"


INTERVIEW_SOURCES = {EvidenceSource.INTERVIEW.value, EvidenceSource.CALL.value}


class Evidence(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(max_length=20, choices=EvidenceSource.choices)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    interview_at = models.DateTimeField(null=True, blank=True)
    interviewee_role = models.CharField(
        "interviewee's job title or relationship to the child", max_length=150, blank=True
    )
    text = models.TextField()
    # RULES: EVD-3 — direct quotes from children, service users and others may be recorded.
    quote = models.TextField(blank=True, help_text="A direct quote (EVD-3)")
    judgement_areas = models.JSONField(default=list, blank=True)
    cases = models.ManyToManyField(Case, blank=True, related_name="evidence")
    provider_concern = models.BooleanField(
        default=False, help_text="A concern raised by the provider (EVD-5)"
    )
    action_taken = models.TextField(blank=True)
    naming_justification = models.TextField(
        blank=True, help_text="Why a name is necessary to protect a child or support further action (EVD-2)"
    )
    handwritten = models.BooleanField(default=False)
    scan = models.FileField(upload_to="evidence_scans/%Y/%m/", blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    scanned_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"


class Judgement(models.Model):
    """One of the three SCCIF judgements (JDG-2), provisional from feedback until the final report."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=40)
    grade = models.CharField(max_length=20, choices=GradeChoice.choices)
    rationale = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="judgements")
    justification = models.TextField(blank=True, help_text="Why a 'usually' or 'likely' rule does not apply")
    provisional = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "area"], name="one_judgement_an_area")]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_grade_display()}"


class ManagementFacts(models.Model):
    """The facts JDG-5 and JDG-6 turn on, recorded once per inspection."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="management_facts")
    manager_vacancy_weeks = models.FloatField(null=True, blank=True)
    recruitment_evidence = models.CharField(max_length=10, blank=True)
    unregistered_manager_weeks = models.FloatField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Management facts for inspection {self.inspection_id}"


class JudgementChange(models.Model):
    """RULES: JDG-8 — a change after feedback: the manager who agreed, the reasons the provider got."""

    judgement = models.ForeignKey(Judgement, on_delete=models.CASCADE, related_name="changes")
    from_grade = models.CharField(max_length=20, choices=GradeChoice.choices)
    to_grade = models.CharField(max_length=20, choices=GradeChoice.choices)
    reasons_to_provider = models.TextField()
    agreed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.from_grade} to {self.to_grade}"


class Requirement(models.Model):
    """RULES: REQ-1 — a breach of a regulation and what must be done by when."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="requirements")
    regulation = models.CharField(max_length=200)
    action = models.TextField()
    impact = models.TextField(help_text="The impact on children or service users")
    compliance_date = models.DateField()
    evidence = models.ManyToManyField(Evidence, related_name="requirements")
    history = HistoricalRecords()

    class Meta:
        ordering = ["compliance_date", "pk"]

    def __str__(self) -> str:
        return f"{self.regulation} by {day_text(self.compliance_date)}"


class Recommendation(models.Model):
    """RULES: REQ-2 — cites the relevant national minimum standard."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    nms_standard = models.CharField("NMS standard", max_length=100)
    text = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="recommendations")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.nms_standard}: {self.text[:60]}"


class Report(models.Model):
    """The inspection report (RPT-1): sections assembled from the records, then edited by the inspector."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="report")
    sections = models.JSONField(default=dict)
    edited_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(blank=True)
    naming_reasons = models.JSONField(
        default=dict,
        blank=True,
        help_text="DPR-2: why a passage that may identify someone stays in the report, by the passage",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Report for inspection {self.inspection_id}"

    @property
    def checked_since_edit(self) -> bool:
        if self.checked_at is None:
            return False
        return self.edited_at is None or self.checked_at >= self.edited_at


class ResponseKind(models.TextChoices):
    MINOR_POINTS = "minor_points", "Minor points"
    COMPLAINT = "complaint", "Formal complaint"


class ProviderResponse(models.Model):
    """RULES: CMP-1 (4) — the provider's minor points or formal complaint on the draft report."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=20, choices=ResponseKind.choices)
    text = models.TextField()
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on inspection {self.inspection_id}"


class PublishedReport(models.Model):
    """The report as published: a frozen copy, so later edits can never change what the public read."""

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="published")
    provider_name = models.CharField(max_length=200)
    urn = models.CharField(max_length=20)
    published_on = models.DateField()
    # Blank for the kinds with no grade: an assurance visit (JDG-9) and a monitoring visit (KND-4).
    overall_grade = models.CharField(max_length=20, choices=GradeChoice.choices, blank=True)
    content = models.JSONField()

    class Meta:
        ordering = ["-published_on", "provider_name"]

    def __str__(self) -> str:
        return f"{self.provider_name} published {day_text(self.published_on)}"
