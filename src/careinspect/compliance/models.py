"""Requirements not met, compliance notices and monitoring visits (REQ-3, ENF-1, SCH-8, KND-4, RPT-6).

Thin models: the rules are `careinspect.rules.monitoring` and `rules.scheduling` (SCH-8), the operations
`careinspect.compliance.services`. A requirement's outcome is kept here, one-to-one with the inspection's
`Requirement`; a monitoring visit is an `Inspection` of the `monitoring` kind with its `MonitoringDetail`,
linked to the notices it checks (`MonitoringNotice`), each checked notice's finding a `NoticeOutcome`.
Every model keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.inspections.models import Inspection, Requirement
from careinspect.registry.models import Provider
from careinspect.rules.calendar import day_text
from careinspect.rules.monitoring import NOTICE_ACTION_LABELS

User = settings.AUTH_USER_MODEL


class RequirementOutcome(models.Model):
    """RULES: REQ-3 — once a requirement's compliance date has passed: was it met? An unmet one opens a
    case review, whose decision (with its reason) is enforcement's record."""

    requirement = models.OneToOneField(Requirement, on_delete=models.CASCADE, related_name="outcome")
    met = models.BooleanField()
    note = models.TextField(help_text="What shows the requirement was or was not met")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    case_review = models.ForeignKey(
        "enforcement.CaseReview", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.requirement}: {'met' if self.met else 'not met'}"


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class ComplianceNotice(models.Model):
    """RULES: ENF-1 — a compliance notice: the regulation, what must be done and by when; issued from a
    requirement not met (REQ-3) or from a concern, or as a further notice after one not met."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="compliance_notices")
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="compliance_notices",
        help_text="The requirement not met that the notice follows (REQ-3)",
    )
    concern = models.TextField(blank=True, help_text="The concern the notice follows, when not a requirement")
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="further_notices",
        help_text="The notice not met that this further notice follows (ENF-1)",
    )
    regulation = models.CharField(max_length=200)
    action = models.TextField(help_text="What must be done")
    compliance_date = models.DateField()
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField()
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED)
    identifying = models.JSONField(
        default=list,
        blank=True,
        help_text="Passages of the emailed notice the check flagged and the manager confirmed name nobody "
        "(DPR-2)",
    )
    message = models.ForeignKey(
        "messaging.Message",
        # SET_NULL: the email is the inspection's or agency's correspondence; it never holds the notice back.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The email that sent the notice to the agency (ENF-1)",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["compliance_date", "pk"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.regulation} by {day_text(self.compliance_date)}"

    @property
    def reference(self) -> str:
        return f"CN-{self.pk:05d}" if self.pk else "CN-new"


class MonitoringNotice(models.Model):
    """RULES: SCH-8 — a notice a monitoring visit checks (one visit may cover several)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="monitoring_notices")
    notice = models.ForeignKey(ComplianceNotice, on_delete=models.CASCADE, related_name="visits")
    history = HistoricalRecords()

    class Meta:
        ordering = ["notice__compliance_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "notice"], name="a_notice_once_a_visit"),
        ]

    def __str__(self) -> str:
        return f"{self.notice.reference} checked at {self.inspection_id}"


NOTICE_ACTION_CHOICES = [(action.value, label) for action, label in NOTICE_ACTION_LABELS.items()]


class NoticeOutcome(models.Model):
    """RULES: ENF-1 — what a monitoring visit found about a notice: fully met or not (partial action is
    not enough), with the evidence; one not met opens a case review."""

    notice = models.ForeignKey(ComplianceNotice, on_delete=models.CASCADE, related_name="outcomes")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="notice_outcomes")
    action = models.CharField(max_length=10, choices=NOTICE_ACTION_CHOICES)
    fully_met = models.BooleanField()
    evidence_note = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    case_review = models.ForeignKey(
        "enforcement.CaseReview", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "messaging.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The email that told the agency what the visit found (ENF-1)",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "inspection"], name="one_outcome_a_notice_a_visit"),
        ]

    def __str__(self) -> str:
        return f"{self.notice.reference}: {'met' if self.fully_met else 'not met'}"


class PublicationDecision(models.Model):
    """RULES: RPT-6 — a monitoring report not published: a regional director's decision in exceptional
    circumstances, with the reason, recorded."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="publication_decision"
    )
    director = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    decided_on = models.DateField()
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        permissions = [
            (
                "decide_publication",
                "Can decide a monitoring visit report is not published (regional director, RPT-6)",
            )
        ]

    def __str__(self) -> str:
        return f"Not published: {self.inspection_id}"
