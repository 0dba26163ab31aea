"""The national plan's records (issue 14): who can inspect what and when, and the plans made from them.

Thin models: `services` builds the planner's scenario from them (`rules.planning`, pure Python), stores
each plan it makes with every placement's reason and every unplaced inspection's, and changes a plan
only through its checks (who may, and the hard constraints). Every model keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.registry.models import LocalAuthority, Provider, Region
from careinspect.rules.calendar import day_text
from careinspect.rules.planning.scenario import KINDS

User = settings.AUTH_USER_MODEL
MAX_DAYS_A_WEEK = 5  # on-site days lie in one week (rules.planning.timeline)


def parse_kinds(text: str) -> frozenset[str]:
    """ "ASA, IFA" → {"ASA", "IFA"}; an unknown kind is an error naming it."""
    kinds = {part.strip().upper() for part in text.split(",") if part.strip()}
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise ValidationError(f"{unknown[0]} is not a kind of agency; use {', '.join(KINDS)}")
    if not kinds:
        raise ValidationError(f"name at least one kind of agency: {', '.join(KINDS)}")
    return frozenset(kinds)


def validate_kinds(text: str) -> None:
    parse_kinds(text)


class InspectorProfile(models.Model):
    """What the planner needs to know about an inspector: where they work, what and how much."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="inspector_profile")
    region = models.CharField(max_length=30, choices=Region.choices)
    kinds = models.CharField(
        "kinds of agency inspected",
        max_length=20,
        validators=[validate_kinds],
        help_text="Comma-separated: ASA, VAA, IFA, RAA (the specialisms the inspector holds)",
    )
    days_per_week = models.PositiveSmallIntegerField(
        "on-site days a week",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS_A_WEEK)],
        help_text="At most this many on-site days in any week, 1 to 5",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days_per_week__gte=1, days_per_week__lte=MAX_DAYS_A_WEEK),
                name="on_site_days_a_week_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.region}, {self.kinds}, {self.days_per_week} days a week"

    @property
    def kind_set(self) -> frozenset[str]:
        return parse_kinds(self.kinds)


class Leave(models.Model):
    """Days an inspector is away: no on-site day may fall on them."""

    inspector = models.ForeignKey(User, on_delete=models.CASCADE, related_name="leave")
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_day", "pk"]
        verbose_name_plural = "leave"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="leave_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} away {day_text(self.first_day)} to {day_text(self.last_day)}"


class Conflict(models.Model):
    """A declared link an inspector has with an agency, or with a local authority (every agency based in
    it, and every RAA it belongs to): they never lead its inspection."""

    inspector = models.ForeignKey(User, on_delete=models.CASCADE, related_name="conflicts")
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="inspector_conflicts"
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, null=True, blank=True, related_name="inspector_conflicts"
    )
    reason = models.CharField(max_length=200)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(provider__isnull=False, local_authority__isnull=True)
                | models.Q(provider__isnull=True, local_authority__isnull=False),
                name="conflict_with_an_agency_or_a_local_authority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} conflicted with {self.provider or self.local_authority}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class Plan(models.Model):
    """One run of the planner over a horizon, as it was made; a re-plan is a new plan pointing back."""

    horizon_from = models.DateField("first day")
    horizon_to = models.DateField("last day")
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    status = models.CharField(max_length=5, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    time_limit = models.FloatField(help_text="Seconds the CP-SAT planner was given")
    figures = models.JSONField(
        default=dict, help_text='{"cp_sat": {…}, "greedy": {…}}: the figures of both planners'
    )
    notes = models.JSONField(
        default=list, help_text="What the planner was not given and why (a lock that could not stand, …)"
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replans"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon_to__gte=models.F("horizon_from")), name="plan_horizon_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.pk}: {day_text(self.horizon_from)} to {day_text(self.horizon_to)}"


class Placement(models.Model):
    """An inspection placed with a lead inspector and on-site days, with why it sits there."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="placements")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(User, on_delete=models.PROTECT, related_name="placements")
    start = models.DateField("first on-site day")
    end = models.DateField("last on-site day")
    reason = models.TextField(help_text="Why here: window, priority, region; or who fixed it")
    # What the planner was given for it, so a move is checked against the same window.
    kind = models.CharField(max_length=3, help_text="The specialism it needs (ASA, VAA, IFA, RAA)")
    region = models.CharField(max_length=30, blank=True, help_text="The agency's region; blank if not known")
    window_start = models.DateField()
    window_end = models.DateField()
    days_on_site = models.PositiveSmallIntegerField()
    priority = models.PositiveSmallIntegerField()
    out_of_region = models.BooleanField(default=False)
    locked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    locked_at = models.DateTimeField(null=True, blank=True)
    scheduled_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The inspection scheduled from this placement, or under way when the plan was made",
    )
    sch6_exception = models.TextField(
        "SCH-6 exception", blank=True, help_text="Why the inspector leads a 4th consecutive inspection"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "provider__urn"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "provider"], name="one_placement_a_provider_a_plan"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="placement_in_order"),
        ]
        indexes = [models.Index(fields=["plan", "inspector", "start"], name="placement_by_inspector")]

    def __str__(self) -> str:
        return f"{self.provider_id} with {self.inspector} from {day_text(self.start)}"

    @property
    def locked(self) -> bool:
        return self.locked_by_id is not None

    @property
    def fixed(self) -> bool:
        """Kept by every re-plan: locked by a manager, or its inspection already scheduled."""
        return self.locked or self.scheduled_inspection_id is not None


class Unplaced(models.Model):
    """An inspection due in the horizon that the plan could not place, and what stopped it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="unplaced")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__urn"]
        verbose_name_plural = "unplaced"
        constraints = [
            models.UniqueConstraint(fields=["plan", "provider"], name="one_unplaced_a_provider_a_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} not placed in plan {self.plan_id}"
