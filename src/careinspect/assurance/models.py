"""Assurance visits to independent fostering agencies: the priority list, the visit, the narrative report
with no grade, the child-friendly summary (SCH-7, KND-3, JDG-9, RPT-4, RPT-5).

Thin models: the scoring is `careinspect.rules.priority`, the operations are `services`. What every kind
of inspection has stays on `inspections.Inspection` and `AssuranceDetail`; what only the assurance work
adds lives here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from pydantic import ValidationError as PydanticError
from simple_history.models import HistoricalRecords

from careinspect.rules.errors import RuleViolation
from careinspect.rules.priority import PriorityWeights, default_weights

User = settings.AUTH_USER_MODEL


class PriorityPolicy(models.Model):
    """RULES: SCH-7 — the administrator's weights for each factor of the priority list.

    One row (`current()`), seeded from `rules/data/priority.toml`; every save is checked by the same
    validation as the file (a worse judgement scores more; a cap allows one item) and kept in the history.
    """

    judgement_outstanding = models.PositiveSmallIntegerField("outstanding last time")
    judgement_good = models.PositiveSmallIntegerField("good last time")
    judgement_requires_improvement = models.PositiveSmallIntegerField("requires improvement last time")
    judgement_inadequate = models.PositiveSmallIntegerField("inadequate last time")
    concerns_each = models.PositiveSmallIntegerField("points for each concern or complaint (last 12 months)")
    concerns_cap = models.PositiveSmallIntegerField("most points for concerns and complaints")
    notifications_each = models.PositiveSmallIntegerField("points for each notification (last 12 months)")
    notifications_cap = models.PositiveSmallIntegerField("most points for notifications")
    enforcement_each = models.PositiveSmallIntegerField(
        "points for each enforcement action since the last inspection"
    )
    enforcement_cap = models.PositiveSmallIntegerField("most points for enforcement actions")
    months_each = models.PositiveSmallIntegerField("points for each full month without an inspection")
    months_cap = models.PositiveSmallIntegerField("most points for time without an inspection")
    never_inspected = models.PositiveSmallIntegerField("newly registered, not yet inspected")
    changed_reason = models.TextField(blank=True, help_text="Why the weights were last changed")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "priority list weights"
        verbose_name_plural = "priority list weights"

    def __str__(self) -> str:
        return "Priority list weights (SCH-7)"

    @classmethod
    def fields_from(cls, weights: PriorityWeights) -> dict[str, int]:
        return {
            "judgement_outstanding": weights.last_judgement.outstanding,
            "judgement_good": weights.last_judgement.good,
            "judgement_requires_improvement": weights.last_judgement.requires_improvement,
            "judgement_inadequate": weights.last_judgement.inadequate,
            "concerns_each": weights.concerns.points_each,
            "concerns_cap": weights.concerns.cap,
            "notifications_each": weights.notifications.points_each,
            "notifications_cap": weights.notifications.cap,
            "enforcement_each": weights.enforcement_actions.points_each,
            "enforcement_cap": weights.enforcement_actions.cap,
            "months_each": weights.months_without_inspection.points_each,
            "months_cap": weights.months_without_inspection.cap,
            "never_inspected": weights.never_inspected.points,
        }

    @classmethod
    def current(cls) -> PriorityPolicy:
        """The weights in force: the one row, made from priority.toml the first time it is asked for."""
        policy = cls.objects.order_by("pk").first()
        if policy is None:
            policy = cls.objects.create(**cls.fields_from(default_weights()))
        return policy

    def weights(self) -> PriorityWeights:
        """The weights as the pure scoring takes them; a RuleViolation names the field at fault."""
        data = {
            "last_judgement": {
                "outstanding": self.judgement_outstanding,
                "good": self.judgement_good,
                "requires_improvement": self.judgement_requires_improvement,
                "inadequate": self.judgement_inadequate,
            },
            "concerns": {"points_each": self.concerns_each, "cap": self.concerns_cap},
            "notifications": {"points_each": self.notifications_each, "cap": self.notifications_cap},
            "enforcement_actions": {"points_each": self.enforcement_each, "cap": self.enforcement_cap},
            "months_without_inspection": {"points_each": self.months_each, "cap": self.months_cap},
            "never_inspected": {"points": self.never_inspected},
        }
        try:
            return PriorityWeights.model_validate(data)
        except PydanticError as exc:
            error = exc.errors()[0]
            loc = [str(part) for part in error["loc"]]
            field = _FIELD_OF.get((loc[0], loc[1]) if len(loc) > 1 else ("", ""), "__all__")
            message = str(error["msg"]).removeprefix("Value error, ")
            raise RuleViolation(message, rule="SCH-7", field=field) from None

    def clean(self) -> None:
        try:
            self.weights()
        except RuleViolation as exc:
            raise ValidationError({exc.field or "__all__": exc.message}) from None


# The model's field for each key of the weights (pydantic's error location).
_FIELD_OF = {
    ("last_judgement", "outstanding"): "judgement_outstanding",
    ("last_judgement", "good"): "judgement_good",
    ("last_judgement", "requires_improvement"): "judgement_requires_improvement",
    ("last_judgement", "inadequate"): "judgement_inadequate",
    ("concerns", "points_each"): "concerns_each",
    ("concerns", "cap"): "concerns_cap",
    ("notifications", "points_each"): "notifications_each",
    ("notifications", "cap"): "notifications_cap",
    ("enforcement_actions", "points_each"): "enforcement_each",
    ("enforcement_actions", "cap"): "enforcement_cap",
    ("months_without_inspection", "points_each"): "months_each",
    ("months_without_inspection", "cap"): "months_cap",
    ("never_inspected", "points"): "never_inspected",
}


class Concern(models.TextChoices):
    """RULES: JDG-9 — the two kinds of practice that make serious or widespread concerns."""

    INADEQUATE_PROTECTION = (
        "inadequate_protection",
        "Practice that places children at risk of inadequate protection or significant harm",
    )
    WELFARE_NOT_SAFEGUARDED = (
        "welfare_not_safeguarded",
        "Practice that leads to children's welfare not being safeguarded and promoted",
    )


class ConcernsFinding(models.Model):
    """RULES: JDG-9 — whether the visit found serious or widespread concerns, and which."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="concerns_finding"
    )
    serious_concerns = models.BooleanField(help_text="Serious or widespread concerns were found")
    inadequate_protection = models.BooleanField(default=False, help_text=Concern.INADEQUATE_PROTECTION.label)
    welfare_not_safeguarded = models.BooleanField(
        default=False, help_text=Concern.WELFARE_NOT_SAFEGUARDED.label
    )
    summary = models.TextField(blank=True, help_text="What the concerns are, without names (EVD-2)")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the serious-concerns steps (ENF-4) were opened"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        found = "serious or widespread concerns" if self.serious_concerns else "no serious concerns"
        return f"{found} at inspection {self.inspection_id}"

    @property
    def concerns(self) -> list[Concern]:
        found = []
        if self.inadequate_protection:
            found.append(Concern.INADEQUATE_PROTECTION)
        if self.welfare_not_safeguarded:
            found.append(Concern.WELFARE_NOT_SAFEGUARDED)
        return found


class ActivityPlace(models.TextChoices):
    OFF_SITE = "off_site", "Off site"
    ON_SITE = "on_site", "On site"


class VisitActivity(models.Model):
    """RULES: KND-3 — a piece of the visit's off-site or on-site work, within the visit's days."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="assurance_activities"
    )
    day = models.DateField()
    place = models.CharField(max_length=10, choices=ActivityPlace.choices)
    description = models.TextField(help_text="What was done, without names (EVD-2)")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "pk"]
        verbose_name_plural = "visit activities"

    def __str__(self) -> str:
        return f"{self.get_place_display()} on {self.day.isoformat()}"


class PostVisitSurvey(models.Model):
    """RULES: RPT-8 — the survey sent to the provider with the final report, and its answer."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="post_visit_survey"
    )
    token = models.CharField(max_length=64, unique=True)
    sent_to = models.CharField(max_length=254)
    sent_at = models.DateTimeField()
    message = models.ForeignKey(
        "messaging.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    useful = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How useful the visit was, 1 (not at all) to 5 (very)"
    )
    comments = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Post-visit survey for inspection {self.inspection_id}"


from careinspect.assurance.summary_models import *  # noqa: E402,F403
