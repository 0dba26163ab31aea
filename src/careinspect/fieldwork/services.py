"""The fieldwork of a thematic inspection and the programme report, as services the pages, the API, the
demo and the tests share. Each takes `by` (who acts) and `now`, checks the kind's step and the rule, acts
in one transaction, saves with the audit trail and records a typed event on the inspection.

RAA (CAS-2, THM-5, VEW-1, THM-6) → programme (THM-7, DPR-2) → disposal a year after publication (DPR-1,
run by the retention job in `core.retention`, which calls `mark_disposed`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from careinspect.core.storage import atomic_with_files, store_original
from careinspect.fieldwork import charts
from careinspect.fieldwork.models import (
    REPORT_SECTIONS,
    FeedbackImport,
    KeepInTouchMeeting,
    ProgrammeReport,
    PublishedProgrammeReport,
    QaFeedbackMeeting,
    RecordType,
    ThematicCase,
    ThemeEvidence,
    ThemeFinding,
    TimetableEntry,
    VerbalSummary,
    theme_title,
    themes,
)
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import EvidenceSource, Inspection
from careinspect.inspections.services.common import (
    local_day,
    lock,
    move,
    record_event,
    require_inspector,
    require_manager,
    require_step,
    save,
)
from careinspect.rules.errors import RuleViolation
from careinspect.rules.identifying import find_identifying
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from careinspect.rules.reports import PublishedFinding, dpr2_identifies_nobody, dpr2_unjustified
from careinspect.rules.retention import RecordKind, default_retention
from careinspect.rules.thematic import fieldwork as rules
from careinspect.safefiles import UploadRejected, check_upload
from careinspect.thematic.models import Programme, ProgrammeStatus

MAX_FEEDBACK_BYTES = 5 * 1024 * 1024


def theme_keys() -> list[str]:
    return [key for key, _ in themes()]


def _thematic(inspection: Inspection, step: str) -> None:
    require_step(inspection, step)


def _programme_of(inspection: Inspection) -> Programme | None:
    visit = getattr(inspection, "programme_visit", None)
    return visit.programme if visit is not None else None


def _inspections(programme: Programme) -> QuerySet[Inspection]:
    return Inspection.objects.filter(programme_visit__programme=programme).select_related("provider")


# --- A1 data: the records the sample is chosen from (CAS-2) ----------------------------------------------

_SHEETS = {
    RecordType.CHILD: ("children", "child_id"),
    RecordType.ADOPTER: ("adopters", "adopter_id"),
    RecordType.SUPPORT: ("support", "request_id"),
}


def a1_upload(inspection: Inspection) -> Any:
    """The A1 dataset version in use: the newest valid one (INF-1), or None."""
    from careinspect.portal.models import Upload

    return (
        Upload.objects.filter(request__inspection=inspection, request__dataset_kind="a1", valid=True)
        .order_by("-version")
        .first()
    )


def a1_record_ids(inspection: Inspection) -> dict[str, set[str]]:
    """Every record id of the A1 dataset in use, by type of record: ids only, never names."""
    from careinspect.datasets.reader import read_sheets

    upload = a1_upload(inspection)
    if upload is None or not upload.original.name:
        return {}
    with upload.original.open("rb") as handle:
        data = handle.read()
    frames = read_sheets(data, [sheet for sheet, _ in _SHEETS.values()], filename=upload.original_name)
    return {
        kind.value: {str(v).strip() for v in frames[sheet][column].to_list() if v}
        for kind, (sheet, column) in _SHEETS.items()
    }


# --- the case sample (CAS-2) -------------------------------------------------------------------------------


@transaction.atomic
def add_case(
    inspection: Inspection,
    *,
    by: Any,
    now: datetime,
    record_type: str,
    record_id: str,
    reason: str = "",
    theme: str = "",
    known_ids: Mapping[str, set[str]] | None = None,
) -> ThematicCase:
    """RULES: CAS-2 — the lead inspector selects the sample from the A1 data before the fieldwork; on site,
    further cases are added for an emerging theme."""
    _thematic(inspection, "case_sample")
    require_inspector(by, inspection)
    inspection = lock(inspection)
    status = inspection.status_enum
    if status is Status.NOTIFIED:
        on_site = False
    elif status is Status.ON_SITE:
        on_site = True
        rules.cas2_on_site_addition(theme, reason, theme_keys())
    else:
        raise RuleViolation(
            "cases are chosen after the announcement and before the sample is confirmed, or added on site",
            rule="CAS-2",
            field="status",
        )
    if record_type not in RecordType.values:
        raise RuleViolation(f"{record_type!r} is not a type of A1 record", field="record_type")
    record_id = record_id.strip()
    ids = known_ids if known_ids is not None else a1_record_ids(inspection)
    if not ids:
        raise RuleViolation(
            "the sample is chosen from the A1 data: no valid A1 dataset yet", rule="CAS-2", field="record_id"
        )
    if record_id not in ids.get(record_type, set()):
        raise RuleViolation(
            f"{record_id!r} is not a {record_type} record of the A1 dataset", rule="CAS-2", field="record_id"
        )
    if ThematicCase.objects.filter(
        inspection=inspection, record_type=record_type, record_id=record_id
    ).exists():
        raise RuleViolation(f"{record_id} is already in the sample", field="record_id")
    case = ThematicCase(
        inspection=inspection,
        record_type=record_type,
        record_id=record_id,
        reason=reason.strip(),
        added_on_site=on_site,
        confirmed=on_site,
        theme=theme if on_site else "",
        added_by=by,
        added_at=now,
    )
    save(case, by, "Case added on site" if on_site else "Case chosen for the sample")
    if on_site:
        record_event(
            inspection, by, EventType.NOTE, now, f"Case {record_id} added on site ({theme_title(theme)})"
        )
    return case


@transaction.atomic
def remove_case(case: ThematicCase, *, by: Any, now: datetime) -> None:
    """A case chosen before the sample is confirmed may be taken out again (CAS-2)."""
    require_inspector(by, case.inspection)
    inspection = lock(case.inspection)
    if inspection.status_enum is not Status.NOTIFIED or case.confirmed:
        raise RuleViolation(
            "a confirmed sample is not changed; add a case on site instead", rule="CAS-2", field="case"
        )
    case._history_user = by  # type: ignore[attr-defined]  # the deletion's history row names who
    case.delete()


@transaction.atomic
def confirm_sample(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    """RULES: CAS-2 — confirmed before the fieldwork starts, so the RAA can arrange the conversations."""
    _thematic(inspection, "case_sample")
    require_inspector(by, inspection)
    inspection = lock(inspection)
    rules.cas2_sample_before_fieldwork(local_day(now), inspection.start_date)
    cases = ThematicCase.objects.filter(inspection=inspection)
    if not cases.exists():
        raise RuleViolation("choose at least one case from the A1 data first", rule="CAS-2", field="cases")
    for case in cases:
        case.confirmed = True
        save(case, by, "Sample confirmed")
    move(inspection, "confirm_sample", by, now, f"{cases.count()} cases confirmed")
    return inspection


@transaction.atomic
def start_fieldwork(inspection: Inspection, *, by: Any, now: datetime) -> Inspection:
    """RULES: KND-2 — the fieldwork starts on its first day, once the sample is confirmed (CAS-2)."""
    require_inspector(by, inspection)
    inspection = lock(inspection)
    if inspection.start_date and local_day(now) < inspection.start_date:
        raise RuleViolation(
            f"the fieldwork starts on {inspection.start_date.isoformat()}", rule="KND-2", field="status"
        )
    move(inspection, "start_on_site", by, now)
    return inspection


# --- timetable and keep-in-touch meetings (THM-5) ----------------------------------------------------------


def _open_fieldwork(inspection: Inspection, what: str) -> Inspection:
    inspection = lock(inspection)
    if inspection.status_enum not in {Status.NOTIFIED, Status.PREPARING, Status.ON_SITE}:
        raise RuleViolation(
            f"{what} is recorded from the announcement to the end of the fieldwork", field="status"
        )
    return inspection


@transaction.atomic
def add_timetable_entry(
    inspection: Inspection,
    *,
    by: Any,
    now: datetime,
    day: date,
    starts_at: time,
    activity: str,
    with_whom: str = "",
) -> TimetableEntry:
    _thematic(inspection, "fieldwork")
    require_inspector(by, inspection)
    inspection = _open_fieldwork(inspection, "the timetable")
    if not activity.strip():
        raise RuleViolation("say what happens", field="activity")
    if (
        inspection.start_date
        and inspection.end_date
        and not inspection.start_date <= day <= inspection.end_date
    ):
        raise RuleViolation("the timetable covers the fieldwork days", field="day")
    entry = TimetableEntry(
        inspection=inspection,
        day=day,
        starts_at=starts_at,
        activity=activity.strip(),
        with_whom=with_whom.strip(),
        added_by=by,
    )
    save(entry, by, "Timetable entry added")
    return entry


@transaction.atomic
def agree_timetable(inspection: Inspection, *, by: Any, now: datetime) -> int:
    """The lead inspector agrees the timetable the RAA leader set up (seed 000 §27)."""
    _thematic(inspection, "fieldwork")
    require_inspector(by, inspection)
    inspection = _open_fieldwork(inspection, "the timetable")
    entries = list(TimetableEntry.objects.filter(inspection=inspection, agreed_on__isnull=True))
    if not entries and not inspection.timetable.exists():
        raise RuleViolation("add the timetable's entries first", field="timetable")
    for entry in entries:
        entry.agreed_on = local_day(now)
        save(entry, by, "Timetable agreed with the RAA leader")
    record_event(inspection, by, EventType.NOTE, now, "Timetable agreed with the RAA leader")
    return len(entries)


@transaction.atomic
def record_kit_meeting(
    inspection: Inspection, *, by: Any, now: datetime, held_on: date, at: time, attendees: str, notes: str
) -> KeepInTouchMeeting:
    """RULES: THM-5 — the daily keep-in-touch meeting with the RAA leader, on a fieldwork day."""
    _thematic(inspection, "fieldwork")
    require_inspector(by, inspection)
    inspection = lock(inspection)
    if inspection.status_enum is not Status.ON_SITE:
        raise RuleViolation(
            "keep-in-touch meetings are held during the fieldwork", rule="THM-5", field="status"
        )
    rules.thm5_meeting_day(held_on, inspection.start_date, inspection.end_date)
    if held_on > local_day(now):
        raise RuleViolation("a meeting is recorded once it is held", rule="THM-5", field="held_on")
    if not attendees.strip():
        raise RuleViolation("name who attended, by role", rule="THM-5", field="attendees")
    if not notes.strip():
        raise RuleViolation("note what was reviewed and any emerging themes", rule="THM-5", field="notes")
    meeting = KeepInTouchMeeting(
        inspection=inspection,
        held_on=held_on,
        at=at,
        attendees=attendees.strip(),
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    save(meeting, by, "Keep-in-touch meeting recorded")
    record_event(
        inspection, by, EventType.NOTE, now, f"Keep-in-touch meeting on {held_on.isoformat()} recorded"
    )
    return meeting


# --- evidence by theme (VEW-1) and online feedback ---------------------------------------------------------


@transaction.atomic
def record_evidence(
    inspection: Inspection,
    *,
    by: Any,
    now: datetime,
    theme: str,
    source: str,
    text: str,
    person_type: str,
    consent_given: bool = False,
    voluntary: bool = False,
    consent_how: str = "",
    names_service_users: bool = False,
    case: ThematicCase | None = None,
) -> ThemeEvidence:
    """Evidence under a theme. RULES: VEW-1 — a child's, adopter's, adopted adult's or birth relative's
    words only with consent and once told taking part is voluntary."""
    _thematic(inspection, "fieldwork")
    require_inspector(by, inspection)
    inspection = lock(inspection)
    if inspection.status_enum not in {Status.PREPARING, Status.ON_SITE}:
        raise RuleViolation("evidence is recorded during the fieldwork", field="status")
    if theme not in theme_keys():
        raise RuleViolation("choose one of the 5 themes", rule="THM-1", field="theme")
    if source not in EvidenceSource.values:
        raise RuleViolation("say where the evidence came from", rule="EVD-1", field="source")
    if not text.strip():
        raise RuleViolation("write the evidence", field="text")
    rules.vew1_consent_recorded(person_type, consent_given, voluntary, consent_how)
    if case is not None and case.inspection_id != inspection.pk:
        raise RuleViolation("the case is not in this inspection's sample", field="case")
    # RULES: DPR-1 — evidence that names a service user is personal data to dispose of: the writer says so,
    # and the one identifying check marks it too when it finds a name, an address or a date of birth.
    names = names_service_users or bool(find_identifying(text))
    evidence = ThemeEvidence(
        inspection=inspection,
        theme=theme,
        source=source,
        text=text.strip(),
        person_type=person_type,
        consent_given=consent_given,
        voluntary=voluntary,
        consent_how=consent_how.strip(),
        names_service_users=names,
        case=case,
        recorded_by=by,
        recorded_at=now,
    )
    save(evidence, by, "Evidence recorded")
    return evidence


@atomic_with_files()
def import_feedback(
    inspection: Inspection, *, by: Any, now: datetime, filename: str, data: bytes
) -> FeedbackImport:
    """Stakeholders' online feedback (CSV) imported and counted by group and theme; the original is kept
    (until DPR-1 disposes of it). A file with errors is refused, each error naming its row and column."""
    _thematic(inspection, "fieldwork")
    require_inspector(by, inspection)
    inspection = _open_fieldwork(inspection, "feedback")
    try:
        checked = check_upload(filename, data, allowed={"csv"}, max_bytes=MAX_FEEDBACK_BYTES)
    except UploadRejected as rejected:
        raise RuleViolation(rejected.message, field="file") from rejected
    counts = rules.read_feedback(data, theme_keys())
    if counts.errors:
        violation = RuleViolation(
            f"the feedback file has {len(counts.errors)} errors: nothing was imported", field="file"
        )
        violation.errors = counts.errors  # type: ignore[attr-defined]  # shown row by row, as a case list's
        raise violation
    if not counts.rows:
        raise RuleViolation("the feedback file has no responses", field="file")
    feedback = FeedbackImport(
        inspection=inspection,
        original_name=checked.original_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=counts.rows,
        by_group=counts.by_group,
        by_theme=counts.by_theme,
        imported_by=by,
        imported_at=now,
    )
    store_original(feedback.original, checked.safe_name, data)
    save(feedback, by, "Online feedback imported")
    record_event(inspection, by, EventType.NOTE, now, f"Online feedback imported: {counts.rows} responses")
    return feedback


def feedback_totals(inspection: Inspection) -> dict[str, Any]:
    """The counts of every import of the inspection, by stakeholder group and by theme."""
    groups: dict[str, int] = {}
    by_theme: dict[str, int] = {}
    total = 0
    for f in FeedbackImport.objects.filter(inspection=inspection):
        total += f.rows
        for k, v in f.by_group.items():
            groups[k] = groups.get(k, 0) + v
        for k, v in f.by_theme.items():
            by_theme[k] = by_theme.get(k, 0) + v
    return {"rows": total, "by_group": groups, "by_theme": by_theme}


# --- the verbal summary (THM-6) ----------------------------------------------------------------------------


@transaction.atomic
def give_summary(
    inspection: Inspection,
    *,
    by: Any,
    now: datetime,
    summaries: Mapping[str, tuple[str, str]],
    recipients: Iterable[str],
    written: bool = False,
) -> Inspection:
    """RULES: THM-6 — the verbal summary of strengths and areas for development under each of the 5 themes,
    to the RAA leader and, where possible, the board chair; nothing written, nothing to a local authority."""
    _thematic(inspection, "fieldwork")
    require_inspector(by, inspection)
    inspection = lock(inspection)
    chosen = list(recipients)
    rules.thm6_verbal_summary(chosen, written=written)
    rules.thm6_every_theme(summaries, theme_keys())
    for theme in theme_keys():
        strengths, areas = summaries[theme]
        note = VerbalSummary(
            inspection=inspection,
            theme=theme,
            strengths=strengths.strip(),
            areas_for_development=areas.strip(),
            given_on=local_day(now),
            given_to=chosen,
            recorded_by=by,
        )
        save(note, by, "Verbal summary recorded")
    move(
        inspection,
        "give_summary",
        by,
        now,
        "Given to: " + ", ".join(rules.SUMMARY_RECIPIENTS[r] for r in chosen),
    )
    return inspection


# --- the programme: QA meeting, findings, report (THM-7, DPR-2) --------------------------------------------


def _require_report_team(by: Any) -> None:
    require_inspector(by)


FIELDWORK_OVER = {Status.SUMMARY_GIVEN, Status.REPORTED, Status.DISPOSED, Status.INCOMPLETE, Status.DEFERRED}


def fieldwork_over(programme: Programme) -> bool:
    statuses = [i.status_enum for i in _inspections(programme)]
    return bool(statuses) and all(s in FIELDWORK_OVER for s in statuses)


@transaction.atomic
def record_qa_meeting(
    programme: Programme, *, by: Any, now: datetime, held_on: date, format: str, qa_officer: Any, notes: str
) -> QaFeedbackMeeting:
    """The quality assurance officer's feedback meeting with the RAA leaders, once every inspection of the
    programme has ended (seed 000 §52)."""
    require_manager(by, "record the quality assurance feedback meeting")
    if not fieldwork_over(programme):
        raise RuleViolation(
            "the feedback meeting follows the end of every inspection in the programme", field="held_on"
        )
    if held_on > local_day(now):
        raise RuleViolation("a meeting is recorded once it is held", field="held_on")
    if format not in QaFeedbackMeeting.Format.values:
        raise RuleViolation("say whether the leaders met together or individually", field="format")
    if not notes.strip():
        raise RuleViolation("note what the leaders said", field="notes")
    meeting = QaFeedbackMeeting(
        programme=programme,
        held_on=held_on,
        format=format,
        qa_officer=qa_officer,
        notes=notes.strip(),
        recorded_by=by,
    )
    save(meeting, by, "QA feedback meeting recorded")
    return meeting


def report_for(programme: Programme, now: datetime | None = None) -> ProgrammeReport:
    found = ProgrammeReport.objects.filter(programme=programme).first()
    if found is not None:
        return found
    return ProgrammeReport(
        programme=programme,
        title=f"{programme.name}: thematic inspection report",
        edited_at=now,  # type: ignore[misc]
    )


def _report_open(programme: Programme) -> None:
    if PublishedProgrammeReport.objects.filter(programme=programme).exists():
        raise RuleViolation(
            "the programme report is published and is not changed", rule="THM-7", field="report"
        )


@transaction.atomic
def write_finding(
    programme: Programme, *, by: Any, now: datetime, theme: str, summary: str, text: str
) -> ThemeFinding:
    """RULES: THM-7 — the team's findings under one theme, across the RAAs."""
    _require_report_team(by)
    _report_open(programme)
    if theme not in theme_keys():
        raise RuleViolation("choose one of the 5 themes", rule="THM-1", field="theme")
    if not text.strip():
        raise RuleViolation("write the findings", rule="THM-7", field="text")
    finding = ThemeFinding.objects.filter(programme=programme, theme=theme).first() or ThemeFinding(
        programme=programme, theme=theme
    )
    finding.summary, finding.text, finding.written_by, finding.updated_at = (
        summary.strip(),
        text.strip(),
        by,
        now,
    )
    save(finding, by, "Findings written")
    report = ProgrammeReport.objects.filter(programme=programme).first()
    if report is not None:
        report.edited_at = now  # the manager checks the report again
        save(report, by, "Findings changed")
    if programme.status in {ProgrammeStatus.FIELDWORK, ProgrammeStatus.PLANNING}:
        programme.status = ProgrammeStatus.REPORTING
        save(programme, by, "Programme report being written")
    return finding


@transaction.atomic
def update_report(programme: Programme, *, by: Any, now: datetime, **sections: str) -> ProgrammeReport:
    """The report's own sections (managers write and assemble the programme report)."""
    require_manager(by, "edit the programme report")
    _report_open(programme)
    report = report_for(programme, now)
    known = {key for key, _ in REPORT_SECTIONS} | {"title"}
    for key, value in sections.items():
        if key not in known:
            raise RuleViolation(f"{key!r} is not a section of the programme report", field=key)
        setattr(report, key, (value or "").strip())
    if not report.title.strip():
        raise RuleViolation("give the report a title", field="title")
    report.edited_at = now
    save(report, by, "Programme report edited")
    return report


def published_texts(programme: Programme, report: ProgrammeReport) -> list[tuple[str, str]]:
    """(where, text) for everything of the report that is published."""
    texts = [("title", report.title)]
    texts += [(label, getattr(report, key)) for key, label in REPORT_SECTIONS if getattr(report, key)]
    for f in ThemeFinding.objects.filter(programme=programme):
        texts.append((f"findings: {theme_title(f.theme)}", f"{f.summary}\n{f.text}"))
    return texts


def _public_names(programme: Programme) -> list[str]:
    """Organisations, not people: the RAAs (named with their dates, THM-7) and their local authorities."""
    names: list[str] = []
    for inspection in _inspections(programme).prefetch_related("provider__member_las"):
        names.append(inspection.provider.name)
        names += [la.name for la in inspection.provider.member_las.all()]
    return [n for n in names if n]


def _without(text: str, names: list[str]) -> str:
    for name in sorted(set(names), key=len, reverse=True):
        text = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    return text


def _names_held(programme: Programme) -> list[str]:
    """What the regulator holds that identifies someone: the cases' A1 ids and the RAAs' named people."""
    held = list(
        ThematicCase.objects.filter(inspection__programme_visit__programme=programme).values_list(
            "record_id", flat=True
        )
    )
    for inspection in _inspections(programme):
        held += [inspection.provider.registered_manager, inspection.provider.responsible_individual]
    return [h.strip() for h in held if h and h.strip()]


def identifying_findings(
    programme: Programme, report: ProgrammeReport | None = None
) -> list[PublishedFinding]:
    """RULES: DPR-2 — what in the programme report may identify someone (`rules.identifying`)."""
    current = report or report_for(programme)
    held = _names_held(programme)
    public = _public_names(programme)
    found: dict[str, PublishedFinding] = {}
    for where, text in published_texts(programme, current):
        for finding in find_identifying(_without(text, public), known_names=held):
            found.setdefault(finding.text, PublishedFinding(where, finding.text, finding.why))
    return list(found.values())


def open_findings(programme: Programme, report: ProgrammeReport | None = None) -> list[PublishedFinding]:
    current = report or report_for(programme)
    return dpr2_unjustified(identifying_findings(programme, current), current.naming_reasons)


@transaction.atomic
def keep_passage(
    programme: Programme, *, by: Any, now: datetime, passage: str, reason: str
) -> ProgrammeReport:
    """RULES: DPR-2 — a flagged passage stays only with a recorded reason; the manager checks it again."""
    require_manager(by, "record why a passage may stay")
    _report_open(programme)
    report = report_for(programme, now)
    if passage not in {f.text for f in identifying_findings(programme, report)}:
        raise RuleViolation(f"“{passage}” is not flagged in this report", rule="DPR-2", field="passage")
    reasons = dict(report.naming_reasons)
    if reason.strip():
        reasons[passage] = reason.strip()
    else:
        reasons.pop(passage, None)
    report.naming_reasons = reasons
    report.edited_at = now
    save(report, by, "Reason recorded for a passage that may identify someone")
    return report


def _missing_themes(programme: Programme) -> list[str]:
    written = set(ThemeFinding.objects.filter(programme=programme).values_list("theme", flat=True))
    return [k for k in theme_keys() if k not in written]


@transaction.atomic
def check_report(programme: Programme, *, by: Any, now: datetime) -> ProgrammeReport:
    """Manager QA of the programme report: recorded with who and when; a later edit needs a new check."""
    require_manager(by, "check the programme report")
    _report_open(programme)
    report = ProgrammeReport.objects.filter(programme=programme).first()
    if report is None:
        raise RuleViolation("write the programme report first", rule="THM-7", field="report")
    report.checked_by, report.checked_at = by, now
    save(report, by, "Programme report checked by a manager")
    return report


def raa_rows(programme: Programme) -> list[dict[str, Any]]:
    """RULES: THM-7 — the RAAs sampled, named with their fieldwork dates."""
    from careinspect.rules.calendar import day_text

    rows = []
    for i in _inspections(programme).order_by("start_date", "provider__name"):
        if i.status_enum in {Status.DEFERRED, Status.INCOMPLETE}:
            continue
        rows.append(
            {
                "raa": i.provider.name,
                "start": i.start_date.isoformat(),
                "end": i.end_date.isoformat(),
                "dates": f"{day_text(i.start_date)} to {day_text(i.end_date)}",
            }
        )
    return rows


def programme_figures(programme: Programme) -> dict[str, Any]:
    """The cross-RAA figures from each RAA's A1 measures, counts under 5 suppressed (DPR-2)."""
    raas = []
    for i in _inspections(programme).order_by("start_date", "provider__name"):
        if i.status_enum in {Status.DEFERRED, Status.INCOMPLETE}:
            continue
        upload = a1_upload(i)
        raas.append((i.provider.name, upload.measures if upload is not None else None))
    return charts.figures(raas)


@transaction.atomic
def publish_report(programme: Programme, *, by: Any, now: datetime) -> PublishedProgrammeReport:
    """RULES: THM-7 — one report for the programme, published once the findings under the 5 themes are
    written, a manager has checked it since its last edit and nothing in it identifies anyone (DPR-2).
    Each inspection of the programme moves into the report (REPORTED)."""
    require_manager(by, "publish the programme report")
    _report_open(programme)
    report = ProgrammeReport.objects.select_for_update().filter(programme=programme).first()
    if report is None:
        raise RuleViolation("write the programme report first", rule="THM-7", field="report")
    missing = _missing_themes(programme)
    if missing:
        raise RuleViolation(
            f"write the findings under {theme_title(missing[0])}", rule="THM-7", field="findings"
        )
    for key, label in REPORT_SECTIONS:
        needed = key.startswith("improvements") or key == "methodology"
        if needed and not getattr(report, key).strip():
            raise RuleViolation(f"write the {label.lower()}", rule="THM-7", field=key)
    dpr2_identifies_nobody(identifying_findings(programme, report), report.naming_reasons)
    if not report.checked_since_edit:
        raise RuleViolation(
            "a manager checks the report since its last edit before it is published",
            rule="THM-7",
            field="report",
        )
    visits = [lock(i) for i in _inspections(programme)]
    waiting = [i for i in visits if i.status_enum not in FIELDWORK_OVER]
    if waiting:
        raise RuleViolation(
            f"the fieldwork at {waiting[0].provider.name} has not ended", rule="THM-7", field="inspections"
        )
    day = local_day(now)
    findings = [
        {"theme": f.theme, "title": theme_title(f.theme), "summary": f.summary, "text": f.text}
        for key in theme_keys()
        for f in ThemeFinding.objects.filter(programme=programme, theme=key)
    ]
    content = {
        "sections": {key: getattr(report, key) for key, _ in REPORT_SECTIONS},
        "findings": findings,
        "raas": raa_rows(programme),
    }
    published = PublishedProgrammeReport(
        programme=programme,
        title=report.title,
        published_on=day,
        content=content,
        figures=programme_figures(programme),
        published_by=by,
        published_at=now,
    )
    save(published, by, "Programme report published")
    report.published_on = day
    save(report, by, "Programme report published")
    for inspection in visits:
        if inspection.status_enum is Status.SUMMARY_GIVEN:
            inspection.published_on = day  # the day the DPR-1 year runs from (core.retention)
            save(inspection, by, "In the programme report")
            move(inspection, "include_in_report", by, now, report.title)
    programme.status = ProgrammeStatus.PUBLISHED
    save(programme, by, "Programme report published")
    return published


def disposal_due(published_on: date) -> date:
    """RULES: DPR-1 — one year from publication of the final report."""
    return default_retention().due_on(RecordKind.THEMATIC_FIELDWORK, published_on)


@transaction.atomic
def mark_disposed(inspection: Inspection, *, now: datetime, by_job: str) -> bool:
    """RULES: DPR-1 — once the job has disposed of an inspection's personal data, it moves to DISPOSED (and
    the programme too, when every inspection has). Called by `core.retention.run`; the programme's manager
    is the owner named on the event."""
    inspection = lock(inspection)
    programme = _programme_of(inspection)
    if (
        inspection.kind != Kind.RAA_THEMATIC.value
        or inspection.status_enum is not Status.REPORTED
        or programme is None
    ):
        return False
    move(inspection, "dispose", programme.manager, now, f"Disposed of by {by_job}", visible_to_provider=False)
    if all(
        i.status_enum is Status.DISPOSED
        for i in _inspections(programme)
        if i.status_enum is not Status.DEFERRED
    ):
        programme.status = ProgrammeStatus.DISPOSED
        save(programme, programme.manager, f"Personal data disposed of by {by_job}")
    return True


# --- who may see what --------------------------------------------------------------------------------------


def require_team_view(user: Any) -> None:
    """The fieldwork is the regulator's: provider users never see it (DPR-3: never evidence)."""
    if not access.is_regulator(user):
        raise PermissionDenied("The fieldwork is the inspection team's.")


def fieldwork_days(inspection: Inspection) -> list[date]:
    if not inspection.start_date or not inspection.end_date:
        return []
    return [
        inspection.start_date + timedelta(days=n)
        for n in range((inspection.end_date - inspection.start_date).days + 1)
    ]
