"""The child-friendly summary after every assurance visit (RPT-5), and the request to the agency to adapt it.

Imported at the end of `assurance/models.py`, so Django finds these models in the assurance app. Thin
models: the operations are in `summary_services.py`, the readability check in `rules/readability.py`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.assurance.summary_icons import icon
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.rules.readability import check_readability

User = settings.AUTH_USER_MODEL

__all__ = [
    "AdaptationReply",
    "AdaptationRequest",
    "ChildFriendlySummary",
    "CommunicationSystem",
    "summary_text",
]


def summary_text(blocks: list[dict[str, str]]) -> str:
    """The summary's words as one text, a block a paragraph: what the readability check reads."""
    return "\n".join(
        str(block.get("text", "")).strip() for block in blocks if str(block.get("text", "")).strip()
    )


class ChildFriendlySummary(models.Model):
    """RULES: RPT-5 — "a brief, child-friendly summary following every assurance visit": short, concrete
    sentences in blocks, each with a picture from the library if the inspector wants one."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="child_friendly_summary"
    )
    blocks = models.JSONField(
        default=list, help_text='The summary in order: [{"text": "...", "icon": "home" or ""}]'
    )
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    readability = models.JSONField(
        default=dict, blank=True, help_text="RPT-5: the readability check of the text as last saved"
    )
    readability_passes = models.BooleanField(default=False)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_report = models.OneToOneField(
        PublishedReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_friendly_summary",
        help_text="RPT-5: published beside this report",
    )
    published_blocks = models.JSONField(
        default=list, blank=True, help_text="The summary as published: a frozen copy, like the report's"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "child-friendly summary"
        verbose_name_plural = "child-friendly summaries"

    def __str__(self) -> str:
        return f"Child-friendly summary of inspection {self.inspection_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # RULES: RPT-5 — the readability result is stored with the words it was measured on.
        result = check_readability(self.text)
        self.readability = result.as_dict()
        self.readability_passes = result.passes
        super().save(*args, **kwargs)

    @property
    def text(self) -> str:
        return summary_text(self.blocks)

    @property
    def checked_since_written(self) -> bool:
        return self.checked_at is not None and self.checked_at >= self.written_at

    def blocks_with_icons(self, published: bool = False) -> list[dict[str, Any]]:
        """Each block with its icon (or None) for a template."""
        blocks = self.published_blocks if published else self.blocks
        return [{"text": b.get("text", ""), "icon": icon(b.get("icon", ""))} for b in blocks]


class CommunicationSystem(models.TextChoices):
    """RULES: RPT-5 — "alternative systems of communication" a summary may be adapted into."""

    EASY_READ = "easy_read", "Easy read"
    SYMBOLS = "symbols", "Symbols (for example Widgit or PCS)"
    MAKATON = "makaton", "Makaton"
    BSL = "bsl", "British Sign Language (video)"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio recording"
    LARGE_PRINT = "large_print", "Large print"


class AdaptationReply(models.TextChoices):
    ADAPTED = "adapted", "Adapted and shared with the children"
    WILL_ADAPT = "will_adapt", "Being adapted"
    NOT_NEEDED = "not_needed", "Not needed"


class AdaptationRequest(models.Model):
    """RULES: RPT-5 — "If we know that children need an adapted form of summary, we will send the report to
    the provider with a request for the document to be adapted into a suitable format" (seed 004)."""

    summary = models.ForeignKey(ChildFriendlySummary, on_delete=models.CASCADE, related_name="adaptations")
    languages = models.CharField(
        max_length=300, blank=True, help_text="Languages other than English the children speak"
    )
    communication_systems = models.JSONField(
        default=list, blank=True, help_text="CommunicationSystem values: the formats the children use"
    )
    note = models.TextField(blank=True, help_text="What the inspector knows of the children's needs")
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    message = models.ForeignKey(
        "messaging.Message", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reply = models.CharField(max_length=20, choices=AdaptationReply.choices, blank=True)
    reply_text = models.TextField(blank=True)
    replied_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"Adaptation request {self.pk} for inspection {self.summary.inspection_id}"

    @property
    def systems_labels(self) -> list[str]:
        labels = dict(CommunicationSystem.choices)
        return [labels.get(s, s) for s in self.communication_systems]

    @property
    def formats(self) -> str:
        """What was asked for, in words: 'Polish, Arabic; Makaton, Easy read'."""
        parts = [self.languages.strip(), ", ".join(self.systems_labels)]
        return "; ".join(p for p in parts if p)
