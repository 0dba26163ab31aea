"""Disposal of personal data past its retention period, logged, and nothing else touched.

The periods are policy data (`rules/data/retention.toml`, each entry citing its rule: DPR-1, INF-2,
EVD-4). `plan(today)` finds what each entry makes due on `today` and what it keeps (not yet due, or held
by an open complaint or legal hold); `run(today, now, dry_run=..., by=...)` disposes of what is due in one
transaction (a dry run does the same and rolls it back):

- rows are deleted set-based, without the per-row deletion history django-simple-history would write
  (that history is what is being disposed of), together with the record's history rows;
- where part of a record stays (an upload's aggregate figures, an evidence record without its scan) the
  personal fields are cleared in the record and in its history rows instead;
- each disposal is logged (`core.Disposal`: what, why, rule, when, by what, bytes freed);
- stored files are removed only once the transaction has committed, and only when no remaining record
  refers to them.

A disposal that something else still refers to is refused, not cascaded: it rolls back alone and is
reported as kept with the reason. The module sits above the apps (like `careinspect.scenarios`) and never
reads the clock: the command and the task give it `today` and `now`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.models import HistoricalChanges

from careinspect.core.models import Disposal, RetentionHold
from careinspect.core.storage import withheld_name
from careinspect.inspections.events import EventType
from careinspect.inspections.models import (
    Case,
    CaseList,
    Evidence,
    Inspection,
    ProviderResponse,
    PublishedReport,
    ResponseKind,
)
from careinspect.portal.models import Upload
from careinspect.rules.lifecycle import Status
from careinspect.rules.retention import Event, RecordKind, RetentionPolicy, default_retention

log = logging.getLogger(__name__)

# Where the apps store originals (their FileFields' upload_to): the only folders searched for orphans,
# so nothing else under MEDIA_ROOT is ever touched. tests/core/test_retention.py checks every FileField.
STORED_FOLDERS = (
    "uploads",
    "case_lists",
    "evidence_scans",
    "fieldwork_feedback",
    "nms25",
    "questionnaires",
)

EVENT_WORDS = {
    Event.REPORT_PUBLISHED: "the report was published",
    Event.PROGRAMME_REPORT: "the programme report was published",
    Event.STORED: "the file was written",
}


class Blocked(Exception):
    """A record to dispose of is still referred to by another: disposing of it would touch that too."""


@dataclass(frozen=True)
class Rows:
    """Rows that go: deleted, or with `clear` kept with those fields emptied."""

    queryset: QuerySet[Any]
    clear: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Unit:
    """One thing a finder found to dispose of: a record (with its history and file) or a set of rows."""

    what: str  # model label and id, never a name
    reason: str
    rows: tuple[Rows, ...] = ()
    record: tuple[str, int] | None = None  # the record whose reference to `files` goes
    files: tuple[str, ...] = ()
    keeps: str = ""  # what of the record stays, if anything: "its aggregate figures stay: …"


@dataclass(frozen=True)
class Due:
    kind: RecordKind
    rule: str
    what: str
    why: str
    due_on: date
    inspection_pk: int | None
    unit: Unit


@dataclass(frozen=True)
class Kept:
    what: str
    until: date | None
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {"what": self.what, "until": self.until.isoformat() if self.until else None, "why": self.why}


@dataclass(frozen=True)
class Disposed:
    kind: RecordKind
    rule: str
    what: str
    why: str
    rows: int
    bytes: int
    file: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "what": self.what,
            "why": self.why,
            "rule": self.rule,
            "rows": self.rows,
            "bytes": self.bytes,
            "file": self.file or None,
        }


@dataclass
class Plan:
    due: list[Due] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    today: date
    dry_run: bool
    disposed: list[Disposed]
    kept: list[Kept]

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "disposed": [d.as_dict() for d in self.disposed],
            "kept": [k.as_dict() for k in self.kept],
        }


# ---------------------------------------------------------------------------------------------------------
# Finding what each kind of record holds


def _history(model: type[models.Model]) -> Any:
    """The model's historical model (django-simple-history)."""
    return model.history.model  # type: ignore[attr-defined]


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _label(model: type[models.Model], pk: int) -> str:
    return f"{model._meta.label_lower} {pk}"


def _record_rows(
    model: type[models.Model], pk: int, clear: Mapping[str, Any] | None = None
) -> tuple[Rows, ...]:
    """The record and its history rows, deleted or cleared alike."""
    return (
        Rows(model._default_manager.filter(pk=pk), clear),
        Rows(_history(model).objects.filter(id=pk), clear),
    )


def _case_lists(inspection: Inspection) -> tuple[CaseList | None, list[CaseList]]:
    """The current case list and the ones it replaced: each new list replaces all the inspection's cases
    (`inspections.services.evidence._store_cases`), so the newest row is the current one."""
    lists = list(CaseList.objects.filter(inspection=inspection).order_by("pk"))
    return (lists[-1] if lists else None), lists[:-1]


def _case_list_unit(case_list: CaseList, reason: str, *, with_its_cases: bool) -> Unit:
    rows: tuple[Rows, ...] = ()
    if with_its_cases:
        # The history of the cases a replaced list held: its deleted cases, one row or more each.
        rows = (Rows(_history(Case).objects.filter(case_list_id=case_list.pk)),)
    return Unit(
        what=_label(CaseList, case_list.pk),
        reason=reason,
        rows=(*rows, *_record_rows(CaseList, case_list.pk)),
        record=(CaseList._meta.label_lower, case_list.pk),
        files=(case_list.original.name,) if case_list.original.name else (),
    )


def superseded_case_lists(inspection: Inspection) -> list[Unit]:
    _, replaced = _case_lists(inspection)
    return [_case_list_unit(old, "a newer case list replaced it", with_its_cases=True) for old in replaced]


def cases(inspection: Inspection) -> list[Unit]:
    current, replaced = _case_lists(inspection)
    units = []
    live = Case.objects.filter(inspection=inspection)
    history = _history(Case).objects.filter(inspection_id=inspection.pk)
    # The history of a replaced list's cases goes with that list (`superseded_case_list`).
    history = history.exclude(case_list_id__in=[old.pk for old in replaced])
    if live.exists() or history.exists():
        links = Evidence.cases.through.objects.filter(case__inspection=inspection)
        units.append(
            Unit(
                what=f"{Case._meta.label_lower} ×{live.count()} (inspection {inspection.pk})",
                reason="the inspection's cases, with their history and the evidence records' links to them",
                rows=(Rows(links), Rows(live), Rows(history)),
            )
        )
    if current is not None:
        units.append(_case_list_unit(current, "the case list the cases came from", with_its_cases=False))
    return units


def _upload_unit(upload: Upload, reason: str, *, keep_figures: bool) -> Unit:
    """An upload's original goes; so does its row, unless it holds aggregate figures to keep."""
    files = (upload.original.name,) if upload.original.name else ()
    record = (Upload._meta.label_lower, upload.pk)
    if keep_figures and upload.measures:
        clear = {"original": "", "original_name": "", "validation": {}}
        return Unit(
            what=_label(Upload, upload.pk),
            reason=f"{reason}; its aggregate figures stay",
            rows=_record_rows(Upload, upload.pk, clear),
            record=record,
            files=files,
            keeps="its aggregate figures stay: counts, no one named",
        )
    return Unit(
        what=_label(Upload, upload.pk),
        reason=reason,
        rows=_record_rows(Upload, upload.pk),
        record=record,
        files=files,
    )


def _uploads_by_role(inspection: Inspection) -> Iterator[tuple[str, Upload]]:
    """Each upload of the inspection still holding its original, with its role: "latest" (the newest
    usable version of its request, the one used), "superseded" (an older usable version) or "invalid" (a
    dataset with errors). An upload kept for its figures has no original left: nothing more to dispose of."""
    for request in inspection.information_requests.order_by("position"):
        newest_usable = None
        for upload in request.uploads.order_by("-version"):
            if upload.valid is False:
                role = "invalid"
            elif newest_usable is None:
                newest_usable, role = upload, "latest"
            else:
                role = "superseded"
            if upload.original.name:
                yield role, upload


def superseded_uploads(inspection: Inspection) -> list[Unit]:
    return [
        _upload_unit(u, f"version {u.version}: a newer usable version replaced it", keep_figures=False)
        for role, u in _uploads_by_role(inspection)
        if role == "superseded"
    ]


def invalid_uploads(inspection: Inspection) -> list[Unit]:
    return [
        _upload_unit(u, f"version {u.version} had errors and was never used", keep_figures=False)
        for role, u in _uploads_by_role(inspection)
        if role == "invalid"
    ]


def latest_uploads(inspection: Inspection) -> list[Unit]:
    return [
        _upload_unit(u, f"version {u.version}, the one used", keep_figures=True)
        for role, u in _uploads_by_role(inspection)
        if role == "latest"
    ]


def thematic_uploads(inspection: Inspection) -> list[Unit]:
    return [
        _upload_unit(
            u, f"version {u.version}, sent for the thematic inspection", keep_figures=role == "latest"
        )
        for role, u in _uploads_by_role(inspection)
    ]


def evidence_scans(inspection: Inspection) -> list[Unit]:
    units = []
    for evidence in Evidence.objects.filter(inspection=inspection).exclude(scan=""):
        history = _history(Evidence).objects.filter(id=evidence.pk).exclude(scan="")
        units.append(
            Unit(
                what=f"{_label(Evidence, evidence.pk)} scan",
                reason="the scan of handwritten evidence; the typed record stays",
                rows=(
                    Rows(Evidence.objects.filter(pk=evidence.pk), {"scan": ""}),
                    Rows(history, {"scan": ""}),
                ),
                record=(Evidence._meta.label_lower, evidence.pk),
                files=(evidence.scan.name,),
                keeps="the typed record stays, with the day it was scanned and the scan's checksum",
            )
        )
    return units


def thematic_fieldwork(inspection: Inspection) -> list[Unit]:
    """RULES: DPR-1 — what the fieldwork gathered that names people: the case sample (with the evidence
    records' links to it), evidence naming service users, and the feedback files (their counts stay)."""
    from careinspect.fieldwork.models import FeedbackImport, ThematicCase, ThemeEvidence

    units = []
    cases = ThematicCase.objects.filter(inspection=inspection)
    case_history = _history(ThematicCase).objects.filter(inspection_id=inspection.pk)
    if cases.exists() or case_history.exists():
        linked = ThemeEvidence.objects.filter(inspection=inspection, case__isnull=False)
        linked_history = _history(ThemeEvidence).objects.filter(
            inspection_id=inspection.pk, case__isnull=False
        )
        units.append(
            Unit(
                what=f"{ThematicCase._meta.label_lower} ×{cases.count()} (inspection {inspection.pk})",
                reason="the case sample (A1 record ids), its history and the evidence records' links to it",
                rows=(
                    Rows(linked, {"case": None}),
                    Rows(linked_history, {"case": None}),
                    Rows(cases),
                    Rows(case_history),
                ),
            )
        )
    for evidence in ThemeEvidence.objects.filter(inspection=inspection, names_service_users=True):
        units.append(
            Unit(
                what=_label(ThemeEvidence, evidence.pk),
                reason="evidence naming a service user",
                rows=_record_rows(ThemeEvidence, evidence.pk),
                record=(ThemeEvidence._meta.label_lower, evidence.pk),
            )
        )
    for feedback in FeedbackImport.objects.filter(inspection=inspection).exclude(original=""):
        units.append(
            Unit(
                what=_label(FeedbackImport, feedback.pk),
                reason="the stakeholders' online feedback (original file); its counts stay",
                rows=_record_rows(FeedbackImport, feedback.pk, {"original": "", "original_name": ""}),
                record=(FeedbackImport._meta.label_lower, feedback.pk),
                files=(feedback.original.name,),
                keeps="its counts by stakeholder group and theme stay",
            )
        )
    return units


def messages(inspection: Inspection) -> list[Unit]:
    """RULES: DPR-1 — the emails sent about the inspection, one unit each, newest first (a forward before
    the message it forwards, which it refers to): the message and its history rows, the reminder records
    of who it reminded (`ReminderSent`, with their history) and the demo outbox's copies. Then the history
    of the inspection's messages deleted since (a demo rebuilt), which still holds their addresses."""
    from careinspect.messaging.models import Message, OutboxEmail, ReminderSent

    units = []
    found = Message.objects.filter(inspection=inspection).order_by("-pk")
    for pk, kind, rule in found.values_list("pk", "kind", "rule"):
        reminded = ReminderSent.objects.filter(message_id=pk)
        # A reminder record's first history row predates its link to the message: found by the record too.
        reminded_history = _history(ReminderSent).objects.filter(
            Q(message_id=pk) | Q(id__in=reminded.values("pk"))
        )
        units.append(
            Unit(
                what=_label(Message, pk),
                # The kind and rule only: never the subject, an address or an attachment's name.
                reason=f"an email of the inspection ({kind}{f', {rule}' if rule else ''}) with its history",
                rows=(
                    Rows(OutboxEmail.objects.filter(message_id=pk)),
                    Rows(reminded_history),
                    Rows(reminded),
                    *_record_rows(Message, pk),
                ),
            )
        )
    gone = _history(Message).objects.filter(inspection_id=inspection.pk).exclude(id__in=found.values("pk"))
    if gone.exists():
        units.append(
            Unit(
                what=f"{_history(Message)._meta.label_lower} ×{gone.count()} (inspection {inspection.pk})",
                reason="the history of the inspection's emails deleted since",
                rows=(Rows(gone),),
            )
        )
    return units


FINDERS: dict[RecordKind, Callable[[Inspection], list[Unit]]] = {
    RecordKind.SUPERSEDED_CASE_LIST: superseded_case_lists,
    RecordKind.CASES: cases,
    RecordKind.SUPERSEDED_UPLOAD: superseded_uploads,
    RecordKind.INVALID_UPLOAD: invalid_uploads,
    RecordKind.LATEST_UPLOAD: latest_uploads,
    RecordKind.EVIDENCE_SCAN: evidence_scans,
    RecordKind.THEMATIC_UPLOAD: thematic_uploads,
    RecordKind.THEMATIC_FIELDWORK: thematic_fieldwork,
    RecordKind.MESSAGES: messages,
}


# ---------------------------------------------------------------------------------------------------------
# When: the event each period runs from, and what holds an inspection's records


def event_day(inspection: Inspection, event: Event) -> date | None:
    """The day `event` happened to the inspection, or None if it has not."""
    if event is Event.REPORT_PUBLISHED:
        return inspection.published_on
    if event is Event.PROGRAMME_REPORT:
        if inspection.published_on is not None:
            return inspection.published_on
        # Until the programme report's own date is recorded: the day the inspection was moved into it.
        moved = inspection.events.filter(type=EventType.INCLUDE_IN_REPORT).order_by("-at").first()
        return timezone.localtime(moved.at).date() if moved is not None else None
    return None


def held_by(inspection: Inspection, today: date) -> str:
    """RULES: EVD-4 — kept "longer while a complaint or legal action is open": why nothing of the
    inspection may go today, or "" when nothing holds it."""
    if ProviderResponse.objects.filter(
        inspection=inspection, kind=ResponseKind.COMPLAINT, answered_at__isnull=True
    ).exists():
        return "a formal complaint on the inspection is open (EVD-4)"
    hold = (
        RetentionHold.objects.filter(inspection=inspection, placed_on__lte=today)
        .filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=today))
        .first()
    )
    if hold is not None:
        return f"a legal hold placed on {hold.placed_on.isoformat()} is open (EVD-4)"
    return ""


def _finished_inspections(policy: RetentionPolicy) -> QuerySet[Inspection]:
    kinds = {k.value for kind in FINDERS for k in policy.entry(kind).inspection_kinds}
    reported = EventType.INCLUDE_IN_REPORT.value
    finished = Q(published_on__isnull=False) | Q(status__in=[Status.REPORTED, Status.DISPOSED])
    return (
        Inspection.objects.filter(finished | Q(events__type=reported), kind__in=kinds)
        .distinct()
        .order_by("pk")
    )


# ---------------------------------------------------------------------------------------------------------
# Planning


def plan(today: date, policy: RetentionPolicy | None = None) -> Plan:
    """What is due on `today` and what is kept, by every entry of the policy."""
    policy = policy or default_retention()
    result = Plan()
    for inspection in _finished_inspections(policy):
        _plan_inspection(inspection, today, policy, result)
    _plan_orphans(today, policy, result)
    return result


def plan_disposals(today: date, policy: RetentionPolicy | None = None) -> list[Due]:
    return plan(today, policy).due


def _plan_inspection(inspection: Inspection, today: date, policy: RetentionPolicy, result: Plan) -> None:
    held = held_by(inspection, today)
    for kind, finder in FINDERS.items():
        entry = policy.entry(kind)
        happened = event_day(inspection, entry.after)
        if inspection.kind not in entry.inspection_kinds or happened is None:
            continue
        due_on = policy.due_on(kind, happened)
        period = f"{_days(entry.days)} after {EVENT_WORDS[entry.after]} on {happened.isoformat()}"
        for unit in finder(inspection):
            if held:
                result.kept.append(Kept(unit.what, None, f"{unit.reason}; kept while {held}"))
            elif due_on > today:
                result.kept.append(Kept(unit.what, due_on, f"{unit.reason}; kept {period} ({entry.rule})"))
            else:
                why = f"{unit.reason}; due {due_on.isoformat()}, {period} ({entry.rule})"
                result.due.append(Due(kind, entry.rule, unit.what, why, due_on, inspection.pk, unit))


def _plan_orphans(today: date, policy: RetentionPolicy, result: Plan) -> None:
    entry = policy.entry(RecordKind.ORPHAN_FILE)
    referenced = _referenced_files()
    for name in _stored_files():
        if name in referenced:
            continue
        written = timezone.localtime(default_storage.get_modified_time(name)).date()
        due_on = policy.due_on(RecordKind.ORPHAN_FILE, written)
        unit = Unit(
            what=f"file {withheld_name(name)}",
            reason="no record refers to it (an upload refused or rolled back)",
            files=(name,),
        )
        period = f"{_days(entry.days)} after {EVENT_WORDS[entry.after]} on {written.isoformat()}"
        if due_on > today:
            result.kept.append(Kept(unit.what, due_on, f"{unit.reason}; kept {period} ({entry.rule})"))
        else:
            why = f"{unit.reason}; due {due_on.isoformat()}, {period} ({entry.rule})"
            result.due.append(Due(RecordKind.ORPHAN_FILE, entry.rule, unit.what, why, due_on, None, unit))


def _stored_files() -> Iterator[str]:
    for folder in STORED_FOLDERS:
        if default_storage.exists(folder):
            yield from _walk(folder)


def _walk(folder: str) -> Iterator[str]:
    folders, files = default_storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from _walk(f"{folder}/{sub}")


def _file_fields() -> Iterator[tuple[type[models.Model], str]]:
    """Every FileField of the live models (history tables keep paths as text and refer to nothing)."""
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                yield model, model_field.name


def _referenced_files(names: Iterable[str] | None = None) -> dict[str, set[tuple[str, int]]]:
    """The records that refer to each stored file (only to `names`, when given)."""
    found: dict[str, set[tuple[str, int]]] = {}
    wanted = None if names is None else list(names)
    for model, name in _file_fields():
        rows = model._default_manager.exclude(**{name: ""})
        if wanted is not None:
            rows = rows.filter(**{f"{name}__in": wanted})
        for pk, stored in rows.values_list("pk", name):
            found.setdefault(stored, set()).add((model._meta.label_lower, pk))
    return found


# ---------------------------------------------------------------------------------------------------------
# Disposing


def run(
    today: date, now: datetime, *, dry_run: bool, by: str, policy: RetentionPolicy | None = None
) -> Report:
    """Dispose of what is due on `today`, logging each disposal at `now` as done `by` the command or task
    named. A dry run does all of it, reports it, and rolls it back: what it says is exactly what a run
    would do, refusals included, and no file is touched (removal waits for a commit that never comes)."""
    with transaction.atomic():
        planned = plan(today, policy)
        kept = list(planned.kept)
        done = _dispose_all(planned.due, kept)
        freed = _freed_after_disposal([due for due, _ in done])
        disposed = _account(done, freed)
        _log(disposed, done, now, by)
        _mark_thematic_disposed(done, now, by)
        names = list(freed)
        transaction.on_commit(lambda: _remove_files(names))
        kept += _what_stays([due for due, _ in done])
        if dry_run:
            transaction.set_rollback(True)
    return Report(today, dry_run, disposed, kept)


def _dispose_all(planned: list[Due], kept: list[Kept]) -> list[tuple[Due, int]]:
    done = []
    for due in planned:
        try:
            # A savepoint each: one disposal refused leaves the others to go.
            with transaction.atomic():
                done.append((due, _dispose(due.unit)))
        except Blocked as blocked:
            kept.append(Kept(due.what, None, f"{due.unit.reason}; not disposed of: {blocked}"))
    return done


def _dispose(unit: Unit) -> int:
    count = 0
    for rows in unit.rows:
        count += rows.queryset.update(**rows.clear) if rows.clear is not None else _delete(rows.queryset)
    return count


def _delete(queryset: QuerySet[Any]) -> int:
    """Delete the rows in one statement, refusing if another record still refers to one of them.

    `_raw_delete` is what Django's own fast delete runs: no per-row signals, so django-simple-history
    writes no deletion row for a record whose history is going too, and no cascade reaches further than
    the rows each finder names.
    """
    _refuse_if_referred_to(queryset)
    return queryset._raw_delete(queryset.db)


def _refuse_if_referred_to(queryset: QuerySet[Any]) -> None:
    for relation in _relations_to(queryset.model):
        referring = _referring(relation, queryset.values("pk"))
        if referring.exists():
            raise Blocked(f"{referring.model._meta.label_lower} still refers to it")


def _relations_to(model: type[models.Model]) -> Iterator[Any]:
    """Every relation that points at `model`, those with no reverse name (`related_name="+"`, e.g. a DCS
    alert's message) included: a row left pointing at a deleted one would break the commit. History tables
    are left out: their ids refer to nothing, and a record's history goes by its own finder's rows."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if isinstance(relation.related_model, type) and issubclass(relation.related_model, HistoricalChanges):
            continue
        yield relation


def _referring(relation: Any, pks: QuerySet[Any]) -> QuerySet[Any]:
    """The rows on the other side of `relation` that refer to `pks`: a many-to-many's links, or the rows
    of a model with a foreign key to them."""
    if relation.many_to_many:
        through = relation.through
        return through._default_manager.filter(**{f"{relation.field.m2m_reverse_field_name()}__in": pks})
    other = relation.related_model
    return other._default_manager.filter(**{f"{relation.field.name}__in": pks})


def _freed_after_disposal(done: list[Due]) -> dict[str, int]:
    """Files no record refers to now that the disposals are done (read inside the same transaction)."""
    names = {name for due in done for name in due.unit.files}
    references = _referenced_files(names)
    return {name: _size(name) for name in sorted(names) if not references.get(name)}


def _size(name: str) -> int:
    return default_storage.size(name) if default_storage.exists(name) else 0


def _account(done: list[tuple[Due, int]], freed: Mapping[str, int]) -> list[Disposed]:
    """What each disposal freed: a file shared by two records counts once, with the first of them."""
    counted: set[str] = set()
    disposed = []
    for due, rows in done:
        names = [n for n in due.unit.files if n in freed and n not in counted]
        counted.update(names)
        shown = withheld_name(due.unit.files[0]) if due.unit.files else ""
        size = sum(freed[n] for n in names)
        disposed.append(Disposed(due.kind, due.rule, due.what, due.why, rows, size, shown))
    return disposed


def _what_stays(done: list[Due]) -> list[Kept]:
    """What the disposals leave on purpose: the parts of records that stay and the published reports."""
    stays = [
        Kept(f"{due.unit.record[0]} {due.unit.record[1]}", None, due.unit.keeps)
        for due in done
        if due.unit.keeps and due.unit.record is not None
    ]
    inspections = {due.inspection_pk for due in done if due.inspection_pk is not None}
    for report in PublishedReport.objects.filter(inspection_id__in=inspections).order_by("pk"):
        stays.append(Kept(_label(PublishedReport, report.pk), None, "the published report stays"))
    from careinspect.fieldwork.models import PublishedProgrammeReport

    programme_reports = PublishedProgrammeReport.objects.filter(
        programme__visits__inspection_id__in=inspections
    ).distinct()
    for programme_report in programme_reports.order_by("pk"):
        why = "the published programme report and its aggregate figures stay"
        stays.append(Kept(_label(PublishedProgrammeReport, programme_report.pk), None, why))
    return stays


def _mark_thematic_disposed(done: list[tuple[Due, int]], now: datetime, by: str) -> None:
    """RULES: DPR-1 — a thematic inspection whose personal data has gone moves to "disposed of"."""
    from careinspect.fieldwork.services import mark_disposed

    thematic = {RecordKind.THEMATIC_UPLOAD, RecordKind.THEMATIC_FIELDWORK, RecordKind.MESSAGES}
    for pk in sorted({due.inspection_pk for due, _ in done if due.kind in thematic and due.inspection_pk}):
        mark_disposed(Inspection.objects.get(pk=pk), now=now, by_job=by)


def _log(disposed: list[Disposed], done: list[tuple[Due, int]], now: datetime, by: str) -> None:
    """RULES: DPR-1 — "Disposal is logged": one entry for each record or file disposed of."""
    Disposal.objects.bulk_create(
        Disposal(
            at=now,
            by=by,
            kind=item.kind.value,
            rule=item.rule,
            what=item.what,
            file=item.file,
            inspection_pk=due.inspection_pk,
            rows=item.rows,
            bytes_freed=item.bytes,
            why=item.why,
        )
        for item, (due, _) in zip(disposed, done, strict=True)
    )


def _remove_files(names: list[str]) -> None:
    """After the commit: the rows that named these files are gone for good, so the files go too."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            # The next night's run finds the file again, as a file no record refers to.
            log.warning("could not remove %s; the next run will find it", withheld_name(name), exc_info=True)
