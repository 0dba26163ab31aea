"""Enforcement after an inspection: case reviews, DCS alerts and calls, safeguarding referrals, inadequate
and serious-concern next steps (ENF-2, ENF-3, ENF-4, SAF-1).

Thin records: what may happen to them, and when, is in `services` and `careinspect.rules`. Every model
keeps its history (django-simple-history: who changed what, when).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.rules.calendar import day_text

User = settings.AUTH_USER_MODEL


class DcsContact(models.Model):
    """The director of children's services (DCS) of a local authority: who a DCS alert goes to."""

    local_authority = models.OneToOneField(
        "registry.LocalAuthority", on_delete=models.CASCADE, related_name="dcs_contact"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["local_authority__name"]

    def __str__(self) -> str:
        return f"{self.name}, DCS of {self.local_authority}"


class CaseReviewReason(models.TextChoices):
    INADEQUATE = "inadequate", "Judged inadequate overall (ENF-2)"
    SERIOUS_CONCERNS = "serious_concerns", "Serious or widespread concerns (ENF-4)"
    UNMET_NOTICE = "unmet_notice", "Compliance notice not met (ENF-1)"
    UNMET_REQUIREMENT = "unmet_requirement", "Requirement not met (REQ-3)"
    CONCERN = "concern", "Another concern"


REASON_RULES: dict[str, str] = {
    CaseReviewReason.INADEQUATE: "ENF-2",
    CaseReviewReason.SERIOUS_CONCERNS: "ENF-4",
    CaseReviewReason.UNMET_NOTICE: "ENF-1",
    CaseReviewReason.UNMET_REQUIREMENT: "REQ-3",
    CaseReviewReason.CONCERN: "",
}


class CaseReviewDecision(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    COMPLIANCE_NOTICE = "compliance_notice", "A further compliance notice"
    CANCEL_REGISTRATION = "cancel_registration", "Cancel the registration"
    PROSECUTION = "prosecution", "Prosecution"
    OTHER = "other", "Other action"


class CaseReview(models.Model):
    """A case review: the manager decides what action to take (ENF-1, ENF-2, ENF-4, REQ-3)."""

    provider = models.ForeignKey("registry.Provider", on_delete=models.PROTECT, related_name="case_reviews")
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_reviews",
    )
    reason = models.CharField(max_length=20, choices=CaseReviewReason.choices)
    rule = models.CharField(max_length=10, blank=True, help_text="The rule that has the case review held")
    note = models.TextField(blank=True, help_text="What the case review is to consider")
    opened_on = models.DateField()
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due = models.DateField(help_text="ENF-2, ENF-4: no later than 5 working days after the visit")
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_reviews_owned")
    decision = models.CharField(
        max_length=20, choices=CaseReviewDecision.choices, default=CaseReviewDecision.PENDING
    )
    visit_announced = models.BooleanField(
        null=True, blank=True, help_text="Whether the monitoring visit it decides on is announced"
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["decision", "due"])]

    def __str__(self) -> str:
        return f"Case review of {self.provider.name}, due {day_text(self.due)}"

    @property
    def is_open(self) -> bool:
        return self.decision == CaseReviewDecision.PENDING


class Debrief(models.Model):
    """The post-inspection (ENF-2) or post-visit (ENF-4) debrief of the inspector and their manager."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="debriefs"
    )
    rule = models.CharField(max_length=10)
    held_on = models.DateField()
    inspector = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    manager = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    evidence_quality = models.TextField(help_text="What they said about the inspection and its evidence")
    recommendation = models.TextField(
        help_text="The further action recommended to the case review: future inspections, enforcement"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Debrief of {self.inspection_id} on {day_text(self.held_on)}"


class InadequateFollowUp(models.Model):
    """What follows a SCCIF full inspection judged inadequate overall (ENF-2, ENF-3, SCH-2)."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="inadequate_follow_up"
    )
    opened_on = models.DateField()
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    case_review = models.OneToOneField(
        CaseReview, on_delete=models.CASCADE, related_name="inadequate_follow_up"
    )
    debrief = models.OneToOneField(
        Debrief, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reinspection_earliest = models.DateField(help_text="SCH-2: 6 months after the inspection")
    reinspection_latest = models.DateField(help_text="SCH-2: 12 months after the inspection")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Inadequate next steps of {self.inspection_id}"


class SeriousConcernsFollowUp(models.Model):
    """What follows an IFA assurance visit with serious or widespread concerns (ENF-4, SCH-9)."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="serious_concerns_follow_up"
    )
    opened_on = models.DateField()
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    case_review = models.OneToOneField(
        CaseReview, on_delete=models.CASCADE, related_name="serious_concerns_follow_up"
    )
    debrief = models.OneToOneField(
        Debrief, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dcs_email_due = models.DateField(help_text="ENF-4: by the end of the next working day after the visit")
    monitoring_earliest = models.DateField(help_text="SCH-9: 6 weeks after the visit")
    monitoring_latest = models.DateField(help_text="SCH-9: 8 weeks after the visit")
    monitoring_planned_on = models.DateField(null=True, blank=True, help_text="The day the visit is planned")
    monitoring_visit = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The monitoring visit scheduled, once it is",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Serious concerns next steps of {self.inspection_id}"


class DcsAlert(models.Model):
    """The email to one LA's director of children's services, its phone call and forward (ENF-3, ENF-4)."""

    provider = models.ForeignKey("registry.Provider", on_delete=models.PROTECT, related_name="dcs_alerts")
    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, null=True, blank=True, related_name="dcs_alerts"
    )
    case_review = models.ForeignKey(
        CaseReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="dcs_alerts"
    )
    local_authority = models.ForeignKey("registry.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(
        max_length=10, help_text="ENF-3 after an inadequate judgement, ENF-4 after concerns"
    )
    why = models.CharField(max_length=200, help_text="Why this LA: where the agency is based, commissioning…")
    added_reason = models.TextField(blank=True, help_text="Why an inspector added this LA by hand")
    email_due = models.DateField(
        null=True, blank=True, help_text="Unset until the case review has decided (ENF-3)"
    )
    message = models.ForeignKey(
        "messaging.Message", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    call_due = models.DateField(null=True, blank=True)
    call_at = models.DateTimeField(null=True, blank=True)
    call_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    call_with = models.CharField(max_length=150, blank=True, help_text="Who answered")
    call_note = models.TextField(blank=True)
    forwarded = models.ForeignKey(
        "messaging.Message", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["local_authority__name", "pk"]

    def __str__(self) -> str:
        return f"DCS alert to {self.local_authority} about {self.provider.name}"

    @property
    def step(self) -> str:
        """What is owed next: email, call, forward, or nothing."""
        if self.removed_at is not None:
            return "removed"
        if self.message_id is None:
            return "email"
        if self.call_at is None:
            return "call"
        if self.forwarded_id is None:
            return "forward"
        return "done"


class ReferralRole(models.TextChoices):
    """RULES: SAF-1 — who is told of a child or service user at immediate risk."""

    RESPONSIBLE_INDIVIDUAL = "responsible_individual", "Responsible individual"
    PERSON_IN_CHARGE = "person_in_charge", "Person in charge"
    LA_CHILDRENS_SERVICES = "la_childrens_services", "Local authority children's services"
    LA_ADULTS_SERVICES = "la_adults_services", "Local authority adults' services"
    SOCIAL_WORKER = "social_worker", "Allocated social worker"
    PLACING_LA_DCS = "placing_la_dcs", "DCS of the placing local authority"
    DESIGNATED_OFFICER = "designated_officer", "Designated officer (allegations against staff)"
    POLICE = "police", "Police"
    OTHER = "other", "Someone else"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"


class SafeguardingReferral(models.Model):
    """A child or service user at immediate risk found on any kind of visit (SAF-1)."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="safeguarding_referrals"
    )
    provider = models.ForeignKey(
        "registry.Provider", on_delete=models.PROTECT, related_name="safeguarding_referrals"
    )
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField(help_text="No names: initials or the agency's case record ID (EVD-2)")
    about_staff = models.BooleanField(
        default=False, help_text="SAF-1: an allegation against staff goes to the designated officer"
    )
    provider_first_risky = models.BooleanField(
        default=False,
        help_text="SAF-1: telling the responsible individual or person in charge would put a child at risk, "
        "so the authorities are told first",
    )
    adults = models.BooleanField(default=False, help_text="The person at risk is an adult service user")
    follow_up_owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="safeguarding_follow_ups",
        help_text="Regional Senior HMI",
    )
    follow_up_due = models.DateField()
    follow_up_note = models.TextField(blank=True, help_text="What the local authority did")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up_due", "pk"]

    def __str__(self) -> str:
        return f"Safeguarding referral {self.pk} ({self.provider.name})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ReferralContact(models.Model):
    """Who was told of a safeguarding referral, when and how (SAF-1)."""

    referral = models.ForeignKey(SafeguardingReferral, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=30, choices=ReferralRole.choices)
    organisation = models.CharField(max_length=200)
    name = models.CharField(max_length=150, blank=True)
    told_at = models.DateTimeField()
    how = models.CharField(max_length=10, choices=ContactMethod.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["told_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} told {self.told_at:%Y-%m-%d %H:%M}"
