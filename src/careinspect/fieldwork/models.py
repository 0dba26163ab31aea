"""The fieldwork of a thematic inspection under the 5 themes: case sample, timetable, keep-in-touch log,
evidence with consent, feedback, the verbal summary (CAS-2, THM-5, THM-6, VEW-1); and the programme's
findings, its one report and what is published of it (THM-7, DPR-2).

Personal data lives in `ThematicCase`, `ThemeEvidence` marked `names_service_users` and the feedback's
original file: the nightly retention job disposes of them a year after the programme report is published
(DPR-1, `core.retention`). The published report and its aggregate figures stay.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.inspections.models import EvidenceSource
from careinspect.rules.frameworks import load_framework
from careinspect.rules.thematic.fieldwork import PERSON_TYPES, STAKEHOLDER_GROUPS, SUMMARY_RECIPIENTS

User = settings.AUTH_USER_MODEL


@cache
def themes() -> tuple[tuple[str, str], ...]:
    """The 5 themes of THM-1 (framework data): key and title."""
    return tuple((t.key, t.title) for t in load_framework("raa-thematic").themes)


def theme_choices() -> list[tuple[str, str]]:
    return [(key, title[:1].upper() + title[1:]) for key, title in themes()]


def theme_title(key: str) -> str:
    return dict(theme_choices()).get(key, key)


class RecordType(models.TextChoices):
    CHILD = "child", "Child (A1 child_id)"
    ADOPTER = "adopter", "Adopter household (A1 adopter_id)"
    SUPPORT = "support", "Adoption support request (A1 request_id)"


class ThematicCase(models.Model):
    """RULES: CAS-2 — a case in the sample, by its A1 record id only (no names)."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="thematic_cases"
    )
    record_type = models.CharField(max_length=10, choices=RecordType.choices)
    record_id = models.CharField("A1 record id", max_length=40)
    reason = models.TextField("why it is sampled", blank=True)
    confirmed = models.BooleanField(default=False, help_text="confirmed before fieldwork (CAS-2)")
    added_on_site = models.BooleanField(default=False)
    theme = models.CharField("emerging theme", max_length=40, blank=True, choices=theme_choices)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "added_on_site", "record_type", "record_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "record_type", "record_id"], name="one_case_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} {self.record_id}"


class TimetableEntry(models.Model):
    """The inspection timetable the RAA leader sets up and the lead inspector agrees (seed 000 §27)."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="timetable"
    )
    day = models.DateField()
    starts_at = models.TimeField()
    activity = models.CharField(max_length=200)
    with_whom = models.CharField("with (roles, no names)", max_length=200, blank=True)
    agreed_on = models.DateField("agreed with the RAA leader on", null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "day", "starts_at"]

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at:%H:%M} {self.activity}"


class KeepInTouchMeeting(models.Model):
    """RULES: THM-5 — the daily keep-in-touch meeting with the RAA leader."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="kit_meetings"
    )
    held_on = models.DateField()
    at = models.TimeField()
    attendees = models.CharField("attendees by role", max_length=300)
    notes = models.TextField("progress, areas for discussion and emerging themes")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "held_on", "at"]

    def __str__(self) -> str:
        return f"Keep-in-touch meeting {self.held_on}"


class ThemeEvidence(models.Model):
    """Evidence under one of the 5 themes, with the consent and voluntariness of VEW-1."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="theme_evidence"
    )
    theme = models.CharField(max_length=40, choices=theme_choices)
    source = models.CharField(max_length=20, choices=EvidenceSource.choices)
    text = models.TextField()
    person_type = models.CharField(max_length=20, choices=list(PERSON_TYPES.items()))
    consent_given = models.BooleanField(default=False)
    voluntary = models.BooleanField("told it is voluntary", default=False)
    consent_how = models.CharField("how consent was recorded", max_length=300, blank=True)
    names_service_users = models.BooleanField(
        default=False, help_text="names or identifies a service user: disposed of under DPR-1"
    )
    case = models.ForeignKey(
        ThematicCase, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "theme", "recorded_at"]

    def __str__(self) -> str:
        return f"Evidence {self.pk} ({self.theme})"


class FeedbackImport(models.Model):
    """Stakeholders' online feedback imported from CSV: the original kept, the counts by group and theme."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="feedback_imports"
    )
    original = models.FileField(upload_to="fieldwork_feedback/%Y/%m/", max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    by_group = models.JSONField(default=dict)
    by_theme = models.JSONField(default=dict)
    imported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "imported_at"]

    def __str__(self) -> str:
        return f"Feedback import {self.pk} ({self.rows} responses)"


class VerbalSummary(models.Model):
    """RULES: THM-6 — the verbal summary under one theme: strengths and areas for development. Nothing is
    written to the RAA or sent to a local authority; this is the team's own note of what was said."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="verbal_summaries"
    )
    theme = models.CharField(max_length=40, choices=theme_choices)
    strengths = models.TextField()
    areas_for_development = models.TextField()
    given_on = models.DateField()
    given_to = models.JSONField(default=list, help_text=f"roles: {', '.join(SUMMARY_RECIPIENTS)}")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "theme"]
        constraints = [models.UniqueConstraint(fields=["inspection", "theme"], name="one_summary_per_theme")]

    def __str__(self) -> str:
        return f"Verbal summary: {self.theme}"


class QaFeedbackMeeting(models.Model):
    """The quality assurance officer's meeting with the RAA leaders once every inspection has ended
    (seed 000 §52): one group meeting or one per leader."""

    class Format(models.TextChoices):
        GROUP = "group", "All the RAA leaders together"
        INDIVIDUAL = "individual", "Each RAA leader individually"

    programme = models.ForeignKey("thematic.Programme", on_delete=models.PROTECT, related_name="qa_meetings")
    held_on = models.DateField()
    format = models.CharField(max_length=12, choices=Format.choices)
    qa_officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField("what the leaders said about the process and experience")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "held_on"]

    def __str__(self) -> str:
        return f"QA feedback meeting {self.held_on}"


class ThemeFinding(models.Model):
    """RULES: THM-7 — the team's findings under one theme, assembled across the RAAs."""

    programme = models.ForeignKey(
        "thematic.Programme", on_delete=models.PROTECT, related_name="theme_findings"
    )
    theme = models.CharField(max_length=40, choices=theme_choices)
    summary = models.TextField("summary of findings")
    text = models.TextField("findings")
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "theme"]
        constraints = [models.UniqueConstraint(fields=["programme", "theme"], name="one_finding_per_theme")]

    def __str__(self) -> str:
        return f"Findings: {self.theme}"


REPORT_SECTIONS = (
    ("executive_summary", "Executive summary"),
    ("introduction", "Introduction"),
    ("challenges", "Challenges to change"),
    ("conclusion", "Conclusion"),
    ("improvements_raas", "Areas for improvement: for regional adoption agencies"),
    ("improvements_government", "Areas for improvement: for central government"),
    ("improvements_regulator", "Areas for improvement: for the regulator"),
    ("methodology", "Annex: inspection methodology"),
)


class ProgrammeReport(models.Model):
    """RULES: THM-7 — the one report of the programme, while it is written and checked."""

    programme = models.OneToOneField("thematic.Programme", on_delete=models.PROTECT, related_name="report")
    title = models.CharField(max_length=200)
    executive_summary = models.TextField(blank=True)
    introduction = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    improvements_raas = models.TextField("for regional adoption agencies", blank=True)
    improvements_government = models.TextField("for central government", blank=True)
    improvements_regulator = models.TextField("for the regulator", blank=True)
    methodology = models.TextField("methodology annex", blank=True)
    naming_reasons = models.JSONField(default=dict, blank=True)
    edited_at = models.DateTimeField()
    checked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title

    @property
    def checked_since_edit(self) -> bool:
        return self.checked_at is not None and self.checked_at >= self.edited_at


class PublishedProgrammeReport(models.Model):
    """What was published, frozen: the text, the RAAs with their dates and the aggregate figures (counts
    under 5 suppressed). It stays when the personal data goes (DPR-1)."""

    programme = models.OneToOneField(
        "thematic.Programme", on_delete=models.PROTECT, related_name="published_report"
    )
    title = models.CharField(max_length=200)
    published_on = models.DateField()
    content = models.JSONField()
    figures = models.JSONField()
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title


__all__ = ["STAKEHOLDER_GROUPS", "theme_title"]
