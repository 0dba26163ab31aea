"""What agencies tell the regulator through the portal: notifications, NMS 25 reports, manager absence,
questionnaires (NOT-1..NOT-4, SCH-5, SCH-10).

Thin models: what is complete, late, missing or due is decided by `careinspect.rules.notifications` and
the app's `services`, which every page, the API and the demo go through.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.inspections.models import Inspection, PlanEntry
from careinspect.registry.models import Intelligence, Provider
from careinspect.rules.calendar import day_text
from careinspect.rules.notifications import FIELD_LABELS, ManagerNoticeKind


class NotificationType(models.Model):
    """RULES: NOT-1 — a type of serious event agencies notify, and the fields a complete one fills in.

    Configurable data: seeded from `rules/data/notifications.toml`, then edited in the admin."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200, unique=True)
    required_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="The fields a complete notification of this type fills in: " + ", ".join(FIELD_LABELS),
    )
    active = models.BooleanField(default=True, help_text="Offered to agencies")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class NotificationStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for review"
    MORE_ASKED = "more_asked", "More information asked for"
    REVIEWED = "reviewed", "Reviewed"


class ReviewOutcome(models.TextChoices):
    NOTED = "noted", "Noted: no further action"
    MORE_INFORMATION = "more_information", "Ask the agency for more information"
    LINE_OF_ENQUIRY = "line_of_enquiry", "A line of enquiry for the next inspection"
    BRING_FORWARD = "bring_forward", "Bring the next inspection forward"


class Notification(models.Model):
    """RULES: NOT-1 — a serious event an agency notified, with its completeness and the inspector's review."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="notifications")
    type = models.ForeignKey(NotificationType, on_delete=models.PROTECT, related_name="notifications")
    occurred_on = models.DateField(null=True, blank=True)
    details = models.TextField(blank=True, help_text="No names: initials or the agency's case record ID")
    person_ref = models.CharField(max_length=100, blank=True)
    action_taken = models.TextField(blank=True)
    others_informed = models.TextField(blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    missing_fields = models.JSONField(default=list, blank=True, help_text="Required fields left empty")
    identifying = models.JSONField(
        default=list, blank=True, help_text="Passages that may name someone, sent anyway after a warning"
    )
    status = models.CharField(
        max_length=12, choices=NotificationStatus.choices, default=NotificationStatus.WAITING
    )
    review_due = models.DateField(help_text="The day the inspector's review is due")
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    review_note = models.TextField(blank=True, help_text="The line of enquiry, reason or what is asked for")
    intelligence = models.OneToOneField(
        Intelligence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="What the preparation page shows of it (NOT-5)",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "review_due"], name="notification_review_due")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.type.name}"

    @property
    def reference(self) -> str:
        return f"NTF-{self.pk:05d}" if self.pk else "NTF-new"

    @property
    def complete(self) -> bool:
        return not self.missing_fields

    def field_values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in FIELD_LABELS}


MANAGER_NOTICE_CHOICES = [
    (ManagerNoticeKind.ABSENCE.value, "The manager will be, or is, absent for 28 days or more"),
    (ManagerNoticeKind.LEAVING.value, "The manager is leaving, or has left"),
    (ManagerNoticeKind.APPOINTED.value, "A new manager has started"),
]


class ManagerNotice(models.Model):
    """RULES: NOT-3 — notice of a manager's absence of 28 days or more, leaving, or a new manager."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="manager_notices")
    kind = models.CharField(
        max_length=10,
        choices=MANAGER_NOTICE_CHOICES,
    )
    emergency = models.BooleanField(
        default=False, help_text="Not known in advance: notice is due within a week of the 28th day"
    )
    starts_on = models.DateField(help_text="First day of the absence, the day the manager left, or started")
    ends_on = models.DateField(null=True, blank=True, help_text="For an absence: the expected return")
    applied_to_register_on = models.DateField(
        null=True, blank=True, help_text="For a new manager: when they applied to register (JDG-6)"
    )
    arrangements = models.TextField(blank=True, help_text="Who manages the agency meanwhile (no names)")
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    given_on = models.DateField(help_text="The day the notice reached the regulator")
    due_by = models.DateField(null=True, blank=True, help_text="The last day notice was due (NOT-3)")
    late = models.BooleanField(default=False)
    corrected_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sender last corrected it (the history keeps what it said)"
    )
    correction_reason = models.TextField(blank=True, help_text="Why the sender corrected it")
    intelligence = models.OneToOneField(
        Intelligence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="What the preparation page shows of it (NOT-5)",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {day_text(self.starts_on)} ({self.provider.urn})"

    @property
    def decided(self) -> bool:
        """Whether the regulator has acted on it (SCH-10: an inspection brought forward for it)."""
        return bool(self.brought_forward.all())  # `all()`: a list's prefetched decisions, no query each


class Nms25Report(models.Model):
    """RULES: NOT-2 — the agency's NMS 25 report for a year of 1 April to 31 March, with the visit date."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="nms25_reports")
    year_ending = models.DateField(help_text="31 March of the year reported on")
    visit_date = models.DateField(help_text="The day the visit reported on took place")
    original = models.FileField(upload_to="nms25/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    intelligence = models.OneToOneField(
        Intelligence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="What the preparation page shows of it (NOT-5)",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year_ending", "-submitted_at"]
        verbose_name = "NMS 25 report"

    def __str__(self) -> str:
        return f"NMS 25 report of {self.provider.urn} for the year to {day_text(self.year_ending)}"


class QuestionnaireImport(models.Model):
    """RULES: NOT-4 — a CSV of the annual questionnaires' response counts, kept as it was sent."""

    year = models.PositiveIntegerField(help_text="The year the questionnaires were sent")
    original = models.FileField(upload_to="questionnaires/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    valid = models.BooleanField()
    rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="Each error: row, column, value, message")
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Questionnaire responses {self.year} ({self.original_name})"


class QuestionnaireResult(models.Model):
    source = models.ForeignKey(QuestionnaireImport, on_delete=models.CASCADE, related_name="results")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="questionnaire_results")
    responses = models.PositiveIntegerField()
    intelligence = models.OneToOneField(
        Intelligence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="What the preparation page shows of it (NOT-5)",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__urn"]
        constraints = [
            models.UniqueConstraint(fields=["source", "provider"], name="one_result_a_provider_an_import")
        ]

    def __str__(self) -> str:
        return f"{self.provider.urn}: {self.responses} responses"


class EnquiryRule(models.TextChoices):
    NOT1 = "NOT-1", "NOT-1: a notification"
    NOT2 = "NOT-2", "NOT-2: an NMS 25 report"
    NOT3 = "NOT-3", "NOT-3: notice about the manager"
    NOT4 = "NOT-4", "NOT-4: no questionnaire responses"


class LineOfEnquiry(models.Model):
    """A line of enquiry for a provider's next inspection (NOT-1, NOT-4): in the plan of the inspection
    open now, or waiting here until the next one is notified, which takes it into its plan (NOT-5)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="pending_enquiries")
    text = models.TextField()
    rule = models.CharField(max_length=5, choices=EnquiryRule.choices)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="enquiries"
    )
    questionnaire = models.ForeignKey(
        QuestionnaireResult, on_delete=models.SET_NULL, null=True, blank=True, related_name="enquiries"
    )
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    plan_entry = models.OneToOneField(
        PlanEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "lines of enquiry"

    def __str__(self) -> str:
        return f"{self.provider.urn}: {self.text[:60]}"

    @property
    def pending(self) -> bool:
        return self.plan_entry_id is None


class BringForwardRule(models.TextChoices):
    SCH5 = "SCH-5", "SCH-5: what the regulator holds about the agency"
    SCH10 = "SCH-10", "SCH-10: a failure to notify the absence or change of a manager"


class BringForward(models.Model):
    """A decision to bring a provider's next inspection forward, with its reason (SCH-5, SCH-10). It holds
    until an inspection ends on or after the day it was made; the due list shows it (`receivers`)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="brought_forward")
    rule = models.CharField(max_length=6, choices=BringForwardRule.choices)
    reason = models.CharField(max_length=160)
    decided_on = models.DateField()
    inspect_by = models.DateField(help_text="The day the inspection is now wanted by")
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="brought_forward"
    )
    manager_notice = models.ForeignKey(
        ManagerNotice, on_delete=models.SET_NULL, null=True, blank=True, related_name="brought_forward"
    )
    nms25_year_ending = models.DateField(
        null=True, blank=True, help_text="For a missing NMS 25 report: the year it was missing for"
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = "inspection brought forward"
        verbose_name_plural = "inspections brought forward"

    def __str__(self) -> str:
        return f"{self.provider.urn} brought forward on {day_text(self.decided_on)} ({self.rule})"
