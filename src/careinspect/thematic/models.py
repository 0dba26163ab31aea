"""The RAA thematic programme (THM-1..THM-7): one programme, its sample of RAAs, their inspections.

A `Programme` is what the Secretary of State directs: a window, a number of RAAs, teams of up to 3
inspectors, the 5 themes of THM-1 (framework data, `raa_thematic.toml`). Each RAA inspected in it is an
`Inspection` of the `raa-thematic` kind, linked by a `ProgrammeInspection` with its team and week; the
fieldwork is `careinspect.fieldwork`; the one programme report belongs to the programme.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.rules.calendar import day_text
from careinspect.rules.grades import Grade

User = settings.AUTH_USER_MODEL


class ProgrammeStatus(models.TextChoices):
    SELECTING = "selecting", "Choosing the sample"
    PLANNING = "planning", "Planning the teams and weeks"
    FIELDWORK = "fieldwork", "Fieldwork"
    REPORTING = "reporting", "Writing the programme report"
    PUBLISHED = "published", "Report published"
    DISPOSED = "disposed", "Personal data disposed of"


class Programme(models.Model):
    name = models.CharField(max_length=200)
    direction = models.TextField(
        "the Secretary of State's direction", help_text="THM-1: what the programme was directed to look at"
    )
    window_start = models.DateField("fieldwork window starts")
    window_end = models.DateField("fieldwork window ends")
    size = models.PositiveSmallIntegerField("number of RAAs", help_text="THM-2: how many RAAs to inspect")
    max_team_size = models.PositiveSmallIntegerField(
        default=3, help_text="KND-2: a team of up to 3 inspectors"
    )
    teams = models.PositiveSmallIntegerField(
        "number of teams", default=3, help_text="THM-4: each team is on one RAA a week (3 in 2023)"
    )
    seed = models.IntegerField(default=0, help_text="THM-2: breaks ties; the same seed, the same sample")
    coverage = models.JSONField(
        default=dict, blank=True, help_text="THM-2: factor -> value -> chosen RAAs with it"
    )
    selected_at = models.DateTimeField(null=True, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.SELECTING
    )
    manager = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="programmes_managed", help_text="Who runs the programme"
    )
    created_at = models.DateTimeField()
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-window_start", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({day_text(self.window_start)} to {day_text(self.window_end)})"


class ProgrammeInspection(models.Model):
    """One RAA's thematic inspection in a programme: its team (1, 2, 3…) and the week fieldwork starts."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="visits")
    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="programme_visit"
    )
    team = models.PositiveSmallIntegerField(help_text="THM-4: the programme's team that inspects this RAA")
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "inspection__start_date"]

    def __str__(self) -> str:
        return f"{self.inspection} in {self.programme.name}"


class Candidate(models.Model):
    """An RAA the programme may sample, with the facts THM-2 weighs as they stood when it was taken in.

    A snapshot, so the selection can always be read against what it was made from; `provider` links the
    register's RAA (a candidate from a CSV file may have none until it is added to the register).
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="candidates")
    provider = models.ForeignKey(
        "registry.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    urn = models.CharField("URN", max_length=20)
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=30)
    operating_model = models.CharField(max_length=30)
    started = models.DateField("began operating")
    member_las = models.JSONField(help_text="DfE codes of the member LAs")
    ilacs = models.JSONField(help_text="The latest ILACS judgement of each member LA, in the same order")
    la_inspections = models.JSONField(
        default=list, blank=True, help_text="[[code, ILACS|SEND, YYYY-MM-DD], …] of member LAs"
    )
    size = models.PositiveIntegerField("adoptions a year")
    registered_as_vaa = models.BooleanField(default=False)
    dfe_funding = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # The selection (THM-2, THM-3):
    excluded_rule = models.CharField(max_length=10, blank=True)
    exclusion_reason = models.TextField(blank=True)
    selected = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text="THM-2: why it was chosen")
    chosen_by_manager = models.BooleanField(default=False, help_text="Swapped in by a manager")
    swapped_out = models.BooleanField(default=False, help_text="Swapped out by a manager")
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "urn"]
        constraints = [models.UniqueConstraint(fields=["programme", "urn"], name="one_candidate_per_urn")]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_rule)

    def member_ilacs(self) -> list[tuple[str, str]]:
        """(LA code, its latest ILACS judgement in words), in member order."""
        return [(code, Grade(grade).label) for code, grade in zip(self.member_las, self.ilacs, strict=False)]


class ProgrammeInspector(models.Model):
    """An inspector in one of the programme's teams (KND-2: up to 3; the first named leads)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="inspectors")
    team = models.PositiveSmallIntegerField()
    inspector = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    leads = models.BooleanField(default=False, help_text="Leads the team's inspections")
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "team", "-leads", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "inspector"], name="one_team_per_inspector")
        ]

    def __str__(self) -> str:
        return f"{self.inspector} in team {self.team}"


class Swap(models.Model):
    """A manager's swap of one sampled RAA for another, with the coverage before and after (THM-2)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="swaps")
    out_urn = models.CharField("swapped out", max_length=20)
    in_urn = models.CharField("swapped in", max_length=20)
    why = models.TextField(blank=True)
    coverage_before = models.JSONField()
    coverage_after = models.JSONField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.out_urn} swapped for {self.in_urn}"
