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
