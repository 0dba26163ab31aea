"""Project-wide records: the audit of accounts, the disposal log and legal holds on disposal."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from simple_history import register
from simple_history.models import HistoricalRecords

from careinspect.rules.calendar import day_text

# RULES: DPR-3 depends on roles being right, so changes to accounts and their roles are audited too.
register(get_user_model(), app=__package__, m2m_fields=["groups"], excluded_fields=["last_login", "password"])


class Disposal(models.Model):
    """One record (or file) the retention job disposed of: what, why, by which rule, when, by what.

    RULES: DPR-1 — "Disposal is logged". This is the log, so it keeps no history of its own, and it holds
    no personal content: records by model label and id, files by their stored folder with the file's own
    name withheld (an agency may have named a file after a person). Ids are plain numbers, not foreign
    keys: the log outlives what it describes.
    """

    at = models.DateTimeField(help_text="When the job ran (the moment it was given)")
    by = models.CharField(max_length=100, help_text="The command or task that disposed of it")
    kind = models.CharField(max_length=40, help_text="The retention policy's entry (retention.toml)")
    rule = models.CharField(max_length=10)
    what = models.CharField(max_length=200, help_text="Model label and id, or the stored file")
    file = models.CharField(max_length=300, blank=True, help_text="The stored folder; the name is withheld")
    inspection_pk = models.PositiveBigIntegerField(null=True, blank=True)
    rows = models.PositiveIntegerField(help_text="Database rows deleted or cleared, history rows included")
    bytes_freed = models.PositiveBigIntegerField(default=0)
    why = models.TextField()

    class Meta:
        ordering = ["-at", "pk"]

    def __str__(self) -> str:
        return f"{self.what} disposed of {day_text(self.at)} ({self.rule})"


class RetentionHold(models.Model):
    """Legal action on an inspection: nothing of it is disposed of while the hold is open.

    RULES: EVD-4 — handwritten evidence is kept until the report is published, "longer while a complaint
    or legal action is open"; complaints are recorded on the inspection, legal action here.
    """

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="retention_holds"
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_on = models.DateField()
    lifted_on = models.DateField(null=True, blank=True, help_text="The hold is open until this day")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_on", "-pk"]

    def __str__(self) -> str:
        return f"Legal hold on inspection {self.inspection_id} from {day_text(self.placed_on)}"
