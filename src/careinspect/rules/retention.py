"""How long each kind of record holding personal data is kept, and from what event (policy data).

The periods are `data/retention.toml`, validated when loaded: a missing, unknown or malformed key raises a
RuleViolation naming it, so the disposal job never runs on a policy it half understood. `due_on` answers
the one question the job asks: on what day does a record of this kind become due for disposal, given the
day its period runs from. Pure Python: no Django here. Rules: DPR-1, INF-2, EVD-4 (each entry cites its
own).
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, model_validator

from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds.base import Kind

SOURCE = "retention.toml"


class RecordKind(StrEnum):
    """The kinds of record the disposal job knows how to find and dispose of: one entry each."""

    SUPERSEDED_CASE_LIST = "superseded_case_list"
    CASES = "cases"
    SUPERSEDED_UPLOAD = "superseded_upload"
    INVALID_UPLOAD = "invalid_upload"
    LATEST_UPLOAD = "latest_upload"
    EVIDENCE_SCAN = "evidence_scan"
    THEMATIC_UPLOAD = "thematic_upload"
    THEMATIC_FIELDWORK = "thematic_fieldwork"
    MESSAGES = "messages"
    ORPHAN_FILE = "orphan_file"


class Event(StrEnum):
    """The day a retention period runs from."""

    REPORT_PUBLISHED = "report_published"
    PROGRAMME_REPORT = "programme_report"
    STORED = "stored"


class RetentionEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    what: str = Field(min_length=1)
    rule: str = Field(pattern=r"^[A-Z]{3}-\d+$")
    after: Event
    days: StrictInt = Field(ge=0, le=100 * 366)
    inspection_kinds: tuple[Kind, ...]


class RetentionPolicy(BaseModel):
    """One entry per `RecordKind`, no more and no fewer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    superseded_case_list: RetentionEntry
    cases: RetentionEntry
    superseded_upload: RetentionEntry
    invalid_upload: RetentionEntry
    latest_upload: RetentionEntry
    evidence_scan: RetentionEntry
    thematic_upload: RetentionEntry
    thematic_fieldwork: RetentionEntry
    messages: RetentionEntry
    orphan_file: RetentionEntry

    @model_validator(mode="after")
    def _events_fit_their_records(self) -> RetentionPolicy:
        for kind in RecordKind:
            entry = self.entry(kind)
            # A file with no record has no inspection to date it from; every other record has one.
            if (kind is RecordKind.ORPHAN_FILE) != (entry.after is Event.STORED):
                expected = (
                    "stored" if kind is RecordKind.ORPHAN_FILE else "report_published or programme_report"
                )
                raise ValueError(f"{kind.value}.after: expected {expected}, got {entry.after.value}")
            if kind is not RecordKind.ORPHAN_FILE and not entry.inspection_kinds:
                raise ValueError(f"{kind.value}.inspection_kinds: name at least one kind of inspection")
        # At least a day: a file written by an upload still in progress must never look like an orphan.
        if self.orphan_file.days < 1:
            raise ValueError("orphan_file.days: must be at least 1")
        # The job tells the current case list from the ones it replaced by which is newest, so a replaced
        # list must never outlive the current one.
        replaced, current = self.superseded_case_list, self.cases
        if (replaced.after, replaced.inspection_kinds) != (current.after, current.inspection_kinds):
            raise ValueError("superseded_case_list.after: must be the same event and kinds as cases")
        if replaced.days > current.days:
            raise ValueError(f"superseded_case_list.days: must be at most cases.days ({current.days})")
        return self

    def entry(self, kind: RecordKind | str) -> RetentionEntry:
        entry: RetentionEntry = getattr(self, RecordKind(kind).value)
        return entry

    def due_on(self, kind: RecordKind | str, event_day: date) -> date:
        """The first day a record of `kind` whose period runs from `event_day` may be disposed of."""
        return event_day + timedelta(days=self.entry(kind).days)


def retention_from_toml(text: str, *, source: str = SOURCE) -> RetentionPolicy:
    """The policy in TOML text; anything malformed raises a RuleViolation naming the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleViolation(f"{source} is not valid TOML: {exc}") from None
    return _validated(data, source=source)


def _validated(data: dict[str, Any], *, source: str) -> RetentionPolicy:
    try:
        return RetentionPolicy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        key = ".".join(str(part) for part in first["loc"])
        if not key:  # the whole-policy check names its key at the start of its message
            key, _, message = message.partition(": ")
        raise RuleViolation(f"{source}: {message}", field=key) from None


@cache
def default_retention() -> RetentionPolicy:
    text = (resources.files("careinspect.rules") / "data" / SOURCE).read_text(encoding="utf-8")
    return retention_from_toml(text)


def due_on(kind: RecordKind | str, event_day: date, policy: RetentionPolicy | None = None) -> date:
    """The first day a record of `kind` whose period runs from `event_day` may be disposed of."""
    return (policy or default_retention()).due_on(kind, event_day)
