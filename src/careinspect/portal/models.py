"""What the regulator asks an agency to send for an inspection, and every file the agency sent.

Rules: INF-1 (RAA, 4pm the working day after the announcement), INF-2 (ASA, the agreed date), INF-3 (IFA,
12pm on day 1). Every original is kept with its checksum, uploader and time; a re-upload is a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.inspections.models import Inspection


class InformationRequest(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="information_requests")
    position = models.PositiveSmallIntegerField()
    title = models.TextField()
    rule = models.CharField(max_length=10)
    due_at = models.DateTimeField()
    dataset_kind = models.CharField(
        max_length=30, blank=True, help_text="Set when the request is a dataset the system validates"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "position"], name="one_request_a_position")
        ]

    def __str__(self) -> str:
        return f"{self.title[:60]} (due {self.due_at:%d %b %Y %H:%M})"


def _upload_path(instance: Upload, filename: str) -> str:
    # Originals are filed by inspection and request; the stored name is the checked, safe one.
    request = instance.request
    return f"uploads/{request.inspection_id}/{request.pk}/v{instance.version}-{filename}"


class Upload(models.Model):
    """One version of one requested document: the original bytes, never overwritten."""

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="uploads")
    version = models.PositiveIntegerField()
    original = models.FileField(upload_to=_upload_path, max_length=300)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, help_text="The file type found in the content")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    # For datasets: the validation result (errors capped per check, with totals) and, when valid, measures.
    valid = models.BooleanField(null=True, help_text="None for documents the system does not validate")
    validation = models.JSONField(default=dict, blank=True)
    measures = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "-version"]
        constraints = [models.UniqueConstraint(fields=["request", "version"], name="one_upload_a_version")]

    def __str__(self) -> str:
        return f"{self.original_name} v{self.version}"
