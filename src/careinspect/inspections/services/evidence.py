"""Cases and evidence: the case list, tracked and sampled cases, evidence records and their scans.

The checks are the rules' own functions (`rules.evidence`, `rules.sampling`: EVD-1 to EVD-6, CAS-1,
CAS-3); this module finds what they need, acts in one transaction and writes the story.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from careinspect.core.storage import atomic_with_files, store_original
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import (
    INTERVIEW_SOURCES,
    Case,
    CaseList,
    CaseSelection,
    Evidence,
    EvidenceSource,
    Inspection,
)
from careinspect.inspections.services.common import (
    local_day,
    lock,
    record_event,
    records_named,
    require_inspector,
    require_own_provider,
    require_step,
    save,
    sccif_of,
)
from careinspect.inspections.services.judgements import AREA_TO_FIELD
from careinspect.rules.calendar import day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.evidence import (
    evd1_interview_is_described,
    evd1_source_is_stated,
    evd2_identifies_nobody,
    evd2_names,
    evd4_scan_is_late,
    evd5_concern_has_its_action,
    evd6_evidence_is_written,
)
from careinspect.rules.lifecycle import Status
from careinspect.rules.sampling import cas1_tracking_is_the_kinds, cas3_sampled_case_follows_an_enquiry
from careinspect.safefiles import UploadRejected, check_upload
from careinspect.safefiles.names import display_name

# Evidence is recorded from preparation to the final report; never after publication.
EVIDENCE_OPEN = {
    Status.PREPARING,
    Status.ON_SITE,
    Status.FEEDBACK_GIVEN,
    Status.DRAFT_SENT,
    Status.COMMENTS_RECEIVED,
    Status.COMPLAINT,
}


# States in which cases are chosen (CAS-1, CAS-3: before feedback) and their source may still arrive.
CHOOSING = {Status.NOTIFIED, Status.PREPARING, Status.ON_SITE}


@dataclass(frozen=True)
class NameWarning:
    text: str
    why: str


class CaseListRejected(RuleViolation):
    """The case list has errors; `errors` lists each row's problem, and nothing was stored."""

    def __init__(self, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(message, rule="INF-2", field="case_list")
        self.errors = errors


def _check_case_list_open(inspection: Inspection, by: Any) -> Inspection:
    """RULES: INF-2 — the agency's own staff, or an inspector filing what the agency emailed, send the case
    list after notice and before feedback, and not once cases have been chosen from the current one."""
    require_step(inspection, "case_list")
    if access.provider_of(by) is not None:
        require_own_provider(by, inspection)
    else:
        require_inspector(by)
    inspection = lock(inspection)
    if inspection.status_enum not in CHOOSING:
        raise RuleViolation(
            "the case list is sent after notice and before feedback", rule="INF-2", field="case_list"
        )
    if inspection.cases.exclude(selection="").exists():
        raise RuleViolation(
            "cases have already been chosen from the current case list; a new list would lose them",
            rule="CAS-1",
            field="case_list",
        )
    return inspection


@atomic_with_files()
def receive_case_list(
    inspection: Inspection, *, by: Any, filename: str, data: bytes, now: datetime
) -> CaseList:
    """Check, store and read a case list (CSV or XLSX) an inspector files for the agency; a list with errors
    stores nothing. (The agency's own staff send theirs through the portal, which checks and keeps the
    original once and hands the rows to `record_cases`.)"""
    inspection = _check_case_list_open(inspection, by)
    _refuse_too_many_cases(filename, data)
    try:
        checked = check_upload(
            filename, data, allowed={"csv", "xlsx"}, max_bytes=settings.CAREINSPECT_MAX_UPLOAD_BYTES
        )
    except UploadRejected as rejected:
        raise RuleViolation(str(rejected), rule="INF-2", field="case_list") from rejected
    from careinspect.datasets.errors import DatasetUnreadable
    from careinspect.datasets.validate import validate_dataset  # loads polars: only when used

    try:
        result = validate_dataset(
            "asa_case_list", data, filename=checked.safe_name, period_end=local_day(now)
        )
    except DatasetUnreadable as unreadable:
        raise RuleViolation(str(unreadable), rule="INF-2", field="case_list") from unreadable
    if not result.valid:
        raise CaseListRejected(
            f"the case list has {result.error_count} error(s); nothing was stored", result.errors
        )
    case_list = CaseList(
        inspection=inspection,
        original_name=checked.original_name[:200],
        sha256=checked.sha256,
        uploaded_by=by,
        uploaded_at=now,
        rows=0,
    )
    store_original(case_list.original, checked.safe_name, data)
    return _store_cases(inspection, case_list, result.rows(), by=by, now=now)


def _refuse_too_many_cases(filename: str, data: bytes) -> None:
    """RULES: INF-2 — a case list longer than the policy's row limit is refused from a count that parses
    nothing, before the safety checks read every cell: nothing of it is read further or stored."""
    from careinspect.datasets.errors import DatasetTooLarge
    from careinspect.datasets.validate import refuse_too_many_rows

    try:
        refuse_too_many_rows("asa_case_list", data, filename=display_name(filename))
    except DatasetTooLarge as too_large:
        raise RuleViolation(str(too_large), rule="INF-2", field="case_list") from too_large


@transaction.atomic
def record_cases(
    inspection: Inspection,
    *,
    by: Any,
    now: datetime,
    stored_name: str,
    original_name: str,
    sha256: str,
    rows: Iterable[Mapping[str, Any]],
) -> CaseList | None:
    """The cases of a dataset already checked, validated and kept by the portal: the case list refers to
    that one stored original (`stored_name`), never a second copy. Which dataset, and how its rows become
    cases, is the kind's (`declaration.cases`).

    RULES: INF-2 — an ASA's case list replaces the cases whole, and is refused once cases are chosen.
    An assurance visit's foster carer register (INF-3) merges instead (`_merge_register`); it returns None
    when the register arrives after the cases are chosen (it is kept as information only)."""
    sampling = inspection.declaration.cases
    if sampling is None or not sampling.merges:
        inspection = _check_case_list_open(inspection, by)
    else:
        require_step(inspection, "choose_cases")
        inspection = lock(inspection)
        if inspection.status_enum not in CHOOSING:
            return None
    found = _case_fields(inspection, list(rows))
    case_list = CaseList(
        inspection=inspection,
        original_name=original_name[:200],
        sha256=sha256,
        uploaded_by=by,
        uploaded_at=now,
        rows=len(found),
    )
    case_list.original.name = stored_name
    if sampling is not None and sampling.merges:
        return _merge_register(inspection, case_list, found, by=by, now=now)
    return _store_cases(inspection, case_list, found, by=by, now=now)


def _case_fields(inspection: Inspection, rows: list[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
    """The rows as cases (`case_ref`, `service_user_type`, …), through the kind's own reading if it has one
    (an assurance visit's register: one case per child, `rules.sampling.one_case_per_child`)."""
    sampling = inspection.declaration.cases
    if sampling is not None and sampling.cases_from is not None:
        return sampling.cases_from(rows)
    return rows


def _new_case(inspection: Inspection, case_list: CaseList, row: Mapping[str, Any]) -> Case:
    return Case(
        inspection=inspection,
        case_list=case_list,
        case_ref=str(row["case_ref"]),
        service_user_type=str(row.get("service_user_type") or ""),
        service_type=str(row.get("service_type") or ""),
        la_code=str(row.get("la_code") or ""),
        household_ref=str(row.get("household_ref") or ""),
        start_date=row.get("start_date"),
        end_date=row.get("end_date"),
    )


def _store_cases(
    inspection: Inspection,
    case_list: CaseList,
    found: Iterable[Mapping[str, Any]],
    *,
    by: Any,
    now: datetime,
) -> CaseList:
    rows = list(found)
    case_list.rows = len(rows)
    save(case_list, by, "Case list received")
    # One statement, with no per-row deletion history (the cases were bulk-created without any): replacing
    # a list of a million rows must not write a million history rows. The replaced list and its original
    # are disposed of by the retention job (INF-2).
    replaced = Case.objects.filter(inspection=inspection)
    Evidence.cases.through.objects.filter(case__in=replaced).delete()
    replaced._raw_delete(replaced.db)
    Case.objects.bulk_create(_new_case(inspection, case_list, row) for row in rows)
    # RULES: CAS-1 — the number of service users in the last 12 months sets the minimum to track.
    detail = sccif_of(inspection)
    detail.service_users = len(rows)
    save(detail, by, "Service users counted from the case list")
    record_event(
        inspection, by, EventType.CASE_LIST_RECEIVED, now, f"{len(rows)} cases", visible_to_provider=True
    )
    return case_list


REGISTER_FACTS = ("service_user_type", "service_type", "la_code", "household_ref", "start_date", "end_date")


def _merge_register(
    inspection: Inspection,
    case_list: CaseList,
    found: Sequence[Mapping[str, Any]],
    *,
    by: Any,
    now: datetime,
) -> CaseList:
    """RULES: INF-3 — a newer foster carer register brings its new children and keeps every case already
    sampled or cited by evidence (refreshed from the register where the child is still on it), so an
    agency's corrected register never loses the inspector's work. The rest are replaced."""
    save(case_list, by, "Foster carer register received")
    kept = {
        case.case_ref: case
        for case in inspection.cases.filter(Q(selection__gt="") | Q(evidence__isnull=False)).distinct()
    }
    replaced = inspection.cases.exclude(pk__in=[case.pk for case in kept.values()])
    replaced._raw_delete(replaced.db)  # never chosen nor cited: nothing refers to them
    fresh = {str(row["case_ref"]): row for row in found}
    for ref, case in kept.items():
        row = fresh.get(ref)
        if row is not None:
            newer = _new_case(inspection, case_list, row)
            for name in REGISTER_FACTS:
                setattr(case, name, getattr(newer, name))
        # Moved to the new register either way: the replaced one may be disposed of (INF-2's retention).
        case.case_list = case_list
        save(case, by, "Kept from the newer foster carer register")
    Case.objects.bulk_create(
        _new_case(inspection, case_list, row) for ref, row in fresh.items() if ref not in kept
    )
    record_event(
        inspection,
        by,
        EventType.CASE_LIST_RECEIVED,
        now,
        f"{len(found)} children on the foster carer register"
        + (f"; {len(kept)} chosen already kept" if kept else ""),
        visible_to_provider=True,
    )
    return case_list


@transaction.atomic
def choose_case(case: Case, *, by: Any, selection: str, line_of_enquiry: str = "") -> Case:
    """RULES: CAS-3 — the inspector picks tracked and sampled cases from the case list (CAS-1), or, on an
    assurance visit, samples children from the foster carer register."""
    declaration = require_step(case.inspection, "choose_cases")
    require_inspector(by)
    lock(case.inspection)
    if selection not in CaseSelection.values:
        raise RuleViolation(
            f"{selection!r} is not tracked, sampled or blank", rule="CAS-3", field="selection"
        )
    cas1_tracking_is_the_kinds(selection, declaration.tracks_cases, declaration.described_as)
    if case.inspection.status_enum not in CHOOSING:
        raise RuleViolation("cases are chosen before feedback", rule="CAS-1", field="selection")
    cas3_sampled_case_follows_an_enquiry(selection == CaseSelection.SAMPLED, line_of_enquiry)
    case.selection = selection
    case.line_of_enquiry = line_of_enquiry.strip() if selection == CaseSelection.SAMPLED else ""
    save(case, by, f"Case {selection or 'unselected'}")
    return case


def known_names(inspection: Inspection) -> list[str]:
    """The names the regulator holds for this inspection: the agency's registered manager and responsible
    individual (EVD-2 flags them wherever they appear)."""
    provider = inspection.provider
    return [n.strip() for n in (provider.registered_manager, provider.responsible_individual) if n.strip()]


def name_warnings(inspection: Inspection, text: str) -> list[NameWarning]:
    """What in `text` identifies someone (EVD-2, through the one shared check in `rules.identifying`)."""
    return [NameWarning(f.text, f.why) for f in evd2_names([text], known_names(inspection))]


def _check_evidence_fields(
    source: str, interview_at: datetime | None, interviewee_role: str, text: str, areas: list[str]
) -> None:
    evd1_source_is_stated(source, EvidenceSource.values)
    if source in INTERVIEW_SOURCES:
        evd1_interview_is_described(interview_at, interviewee_role)
    evd6_evidence_is_written(text)
    unknown = [a for a in areas if a not in AREA_TO_FIELD]
    if unknown:
        raise RuleViolation(
            f"{', '.join(unknown)} is not a judgement area", rule="JDG-2", field="judgement_areas"
        )


@transaction.atomic
def record_evidence(
    inspection: Inspection,
    *,
    by: Any,
    source: str,
    text: str,
    interview_at: datetime | None = None,
    interviewee_role: str = "",
    quote: str = "",
    judgement_areas: list[str] | None = None,
    case_ids: list[int] | None = None,
    provider_concern: bool = False,
    action_taken: str = "",
    naming_justification: str = "",
    handwritten: bool = False,
    now: datetime,
) -> Evidence:
    require_step(inspection, "evidence")
    require_inspector(by)
    inspection = lock(inspection)
    if inspection.status_enum not in EVIDENCE_OPEN:
        raise RuleViolation("evidence is recorded from preparation until the final report", field="status")
    areas = judgement_areas or []
    _check_evidence_fields(source, interview_at, interviewee_role, text, areas)
    evd5_concern_has_its_action(provider_concern, action_taken)
    warnings = evd2_names([text, quote, action_taken], known_names(inspection))
    evd2_identifies_nobody(warnings, naming_justification)
    cases = records_named(
        inspection.cases.all(),
        case_ids,
        field="case_ids",
        what="case on this inspection's case list",
        rule="CAS-3",
    )
    evidence = Evidence(
        inspection=inspection,
        source=source,
        recorded_by=by,
        recorded_at=now,
        interview_at=interview_at,
        interviewee_role=interviewee_role.strip(),
        text=text.strip(),
        quote=quote.strip(),
        judgement_areas=areas,
        provider_concern=provider_concern,
        action_taken=action_taken.strip(),
        naming_justification=naming_justification.strip() if warnings else "",
        handwritten=handwritten,
    )
    save(evidence, by, "Evidence recorded")
    evidence.cases.set(cases)
    if provider_concern:
        record_event(inspection, by, EventType.PROVIDER_CONCERN, now, action_taken.strip())
    return evidence


@atomic_with_files()
def attach_scan(evidence: Evidence, *, by: Any, filename: str, data: bytes, now: datetime) -> Evidence:
    """RULES: EVD-4 — handwritten notes scanned into the record within 5 WD of the end of the visit."""
    require_step(evidence.inspection, "scans")
    require_inspector(by)
    today = local_day(now)
    if lock(evidence.inspection).status_enum not in EVIDENCE_OPEN | {Status.FINAL_SENT}:
        raise RuleViolation("scans are attached before the report is published", rule="EVD-4", field="scan")
    if not evidence.handwritten:
        raise RuleViolation("only handwritten evidence needs a scan", rule="EVD-4", field="scan")
    try:
        checked = check_upload(
            filename, data, allowed={"pdf", "png", "jpeg"}, max_bytes=settings.CAREINSPECT_MAX_UPLOAD_BYTES
        )
    except UploadRejected as rejected:
        raise RuleViolation(str(rejected), rule="EVD-4", field="scan") from rejected
    if evidence.scanned_on is not None:
        raise RuleViolation(
            "this record already has its scan; scans are kept unchanged", rule="EVD-4", field="scan"
        )
    store_original(evidence.scan, checked.safe_name, data)
    evidence.scan_sha256 = checked.sha256
    evidence.scanned_on = today
    save(evidence, by, "Scan attached")
    due = evidence.inspection.scans_due
    if due is not None and evd4_scan_is_late(today, due):
        record_event(evidence.inspection, by, EventType.SCAN_LATE, now, f"Due by {day_text(due)} (EVD-4)")
    return evidence


def scans_outstanding(inspection: Inspection) -> int:
    """RULES: EVD-4 — handwritten records not yet scanned (a scan disposed of after publication counts as
    scanned: its day stays)."""
    return inspection.evidence.filter(handwritten=True, scanned_on__isnull=True).count()
