"""The information-sharing portal's operations: open an inspection's requests, take uploads, report status.

Rules: INF-1, INF-2, INF-3 (what is asked and by when), DPR-3 (an agency uploads only to its own requests).
Uploads pass `careinspect.safefiles.check_upload` (type from content, size, zip bombs, formula cells) before
anything is stored; datasets are then validated in full and a dataset with errors is kept as the agency's
original but never counted as received.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from careinspect.core.storage import atomic_with_files, store_original
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection
from careinspect.inspections.services.common import local_day, record_event, require_step, save
from careinspect.portal.models import InformationRequest, Upload
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.kinds.base import CaseSampling
from careinspect.safefiles import CheckedFile, UploadRejected, check_upload, describe_limits
from careinspect.safefiles.names import display_name

LONDON = ZoneInfo("Europe/London")
# Which requested items are datasets the system validates, by words in the framework's own item text.
DATASET_ITEMS = (
    ("a1 form", "a1"),
    ("case list form", "asa_case_list"),
    ("pre-inspection information form", "asa_pre_inspection"),
    ("foster carers' register", "ifa_carer_register"),
)
DATASET_FILES = {"csv", "xlsx"}
DOCUMENT_FILES = {"pdf", "docx", "xlsx", "csv", "txt", "odt", "png", "jpeg"}


class RequestStatus(StrEnum):
    MISSING = "missing"
    OVERDUE = "overdue"
    RECEIVED = "received"
    RECEIVED_LATE = "received_late"
    HAS_ERRORS = "has_errors"

    @property
    def label(self) -> str:
        return {
            "missing": "Not yet sent",
            "overdue": "Overdue",
            "received": "Received",
            "received_late": "Received late",
            "has_errors": "Has errors",
        }[self.value]


def dataset_kind_for(item: str) -> str:
    lowered = item.lower()
    return next((kind for words, kind in DATASET_ITEMS if words in lowered), "")


def due_at(inspection: Inspection) -> datetime:
    """Rules: INF-1 (4pm), INF-2 (the agreed date, by the end of it), INF-3 (12pm on day 1)."""
    information = load_framework(inspection.framework_name).information
    day = inspection.information_due
    if day is None:
        raise RuleViolation(
            "the inspection has no information date yet: give notice first", field="information_due"
        )
    at = information.due_time or time(23, 59)
    return datetime.combine(day, at, tzinfo=LONDON)


@transaction.atomic
def open_information_requests(inspection: Inspection, *, by: Any) -> list[InformationRequest]:
    """Ask for what the inspection's kind asks for, due when its rule says (idempotent: dates refreshed)."""
    information = load_framework(inspection.framework_name).information
    deadline = due_at(inspection)
    requests = []
    period = a1_period_end(inspection)
    for position, raw in enumerate(information.items, start=1):
        item = _with_period(raw, period)
        request, created = InformationRequest.objects.get_or_create(
            inspection=inspection,
            position=position,
            defaults={
                "title": item,
                "rule": information.rule,
                "due_at": deadline,
                "dataset_kind": dataset_kind_for(item),
            },
        )
        if not created and request.due_at != deadline:
            request.due_at = deadline
            save(request, by, "Due date moved")
        requests.append(request)
    return requests


# The framework quotes the 2023 programme's years; each inspection asks for its own (INF-1).
_A1_YEARS = re.compile(r"1 October \d{4} to 30 September \d{4}")


def _with_period(item: str, period_end: date | None) -> str:
    if period_end is None or not _A1_YEARS.search(item):
        return item
    return _A1_YEARS.sub(f"1 October {period_end.year - 1} to 30 September {period_end.year}", item)


def _check_uploader(user: Any, request: InformationRequest) -> None:
    """RULES: DPR-3 — an agency's staff upload only to their own agency's requests; inspectors may file
    what an agency emailed."""
    provider = access.provider_of(user)
    if provider is not None:
        if provider.pk != request.inspection.provider_id or request.inspection.notified_on is None:
            raise PermissionDenied("You can only send information for your own agency's inspections.")
    elif not (access.can_inspect(user) or access.can_manage(user)):
        raise PermissionDenied("Only the agency's staff or the inspection team can send information.")


def allowed_kinds(request: InformationRequest) -> set[str]:
    return DATASET_FILES if request.dataset_kind else DOCUMENT_FILES


def upload_hint(request: InformationRequest) -> str:
    return describe_limits(allowed_kinds(request), settings.CAREINSPECT_MAX_UPLOAD_BYTES)


def _member_las(inspection: Inspection) -> list[str] | None:
    codes = list(inspection.provider.member_las.values_list("code", flat=True))
    return codes or None


def a1_period_end(inspection: Inspection) -> date | None:
    """RULES: INF-1 — the A1 data runs 1 October to 30 September: the last such year before the notice."""
    if inspection.notified_on is None:
        return None
    day = inspection.notified_on
    year = day.year if (day.month, day.day) >= (9, 30) else day.year - 1
    return date(year, 9, 30)


def _validate(
    request: InformationRequest, data: bytes, filename: str, now: datetime
) -> tuple[bool | None, dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """The dataset's verdict, its errors and measures, and (when valid) its rows, read once."""
    if not request.dataset_kind:
        return None, {}, {}, []
    from careinspect.datasets.errors import DatasetUnreadable
    from careinspect.datasets.validate import validate_dataset

    try:
        result = validate_dataset(
            request.dataset_kind,
            data,
            filename=filename,
            member_la_codes=_member_las(request.inspection),
            # The A1 year before the notice (INF-1); the other forms are "as at" the day they are sent.
            period_end=a1_period_end(request.inspection) if request.dataset_kind == "a1" else local_day(now),
        )
    except DatasetUnreadable as unreadable:
        raise RuleViolation(str(unreadable), field="file", rule=request.rule) from unreadable
    outcome = result.as_dict()
    measures = outcome.pop("measures", {}) if result.valid else {}
    outcome.pop("measures", None)
    sampling = _case_source(request)
    rows = list(result.rows(sampling.sheet)) if result.valid and sampling is not None else []
    return result.valid, outcome, measures, rows


def _case_source(request: InformationRequest) -> CaseSampling | None:
    """How the request's dataset becomes the cases the inspector chooses from, when it is the kind's source
    of cases (an ASA's case list, INF-2; an assurance visit's foster carer register, INF-3)."""
    sampling = request.inspection.declaration.cases
    if sampling is not None and request.dataset_kind == sampling.source:
        return sampling
    return None


def receive_upload(
    request: InformationRequest, *, by: Any, filename: str, data: bytes, now: datetime
) -> Upload:
    """Check, keep and (for datasets) validate one file sent for a request. A file that fails the safety
    checks, or a dataset with more rows than the policy accepts for its kind, is refused and nothing is
    stored; a dataset with errors is kept as a version marked invalid. A valid case list becomes the
    inspection's cases from this one stored original (INF-2).

    The file is read, checked and validated before the transaction begins: on SQLite the write lock is
    taken when it begins (IMMEDIATE), and a large dataset checked inside it kept every other writer
    waiting until they failed with "database is locked"."""
    require_step(request.inspection, "information")
    _check_uploader(by, request)
    _refuse_too_many_rows(request, filename, data)
    try:
        checked = check_upload(
            filename, data, allowed=allowed_kinds(request), max_bytes=settings.CAREINSPECT_MAX_UPLOAD_BYTES
        )
    except UploadRejected as rejected:
        raise RuleViolation(rejected.message, field="file", rule=request.rule) from rejected
    verdict = _validate(request, data, checked.safe_name, now)
    return _keep_upload(request, checked, data, verdict, by=by, now=now)


def _refuse_too_many_rows(request: InformationRequest, filename: str, data: bytes) -> None:
    """A dataset over its kind's row limit (policy, INF-1..3) is refused first, from a count that parses
    nothing: before the safety checks read every cell of a workbook, which takes minutes at a million rows."""
    if not request.dataset_kind:
        return
    from careinspect.datasets.errors import DatasetTooLarge
    from careinspect.datasets.validate import refuse_too_many_rows

    try:
        refuse_too_many_rows(request.dataset_kind, data, filename=display_name(filename))
    except DatasetTooLarge as too_large:
        raise RuleViolation(str(too_large), field="file", rule=request.rule) from too_large


@atomic_with_files()
def _keep_upload(
    request: InformationRequest,
    checked: CheckedFile,
    data: bytes,
    verdict: tuple[bool | None, dict[str, Any], dict[str, Any], list[dict[str, Any]]],
    *,
    by: Any,
    now: datetime,
) -> Upload:
    """Store the checked file as the request's next version, and a valid case list's cases, in one
    transaction; the version is numbered under a lock on the request, so concurrent uploads never share
    one."""
    valid, validation, measures, rows = verdict
    InformationRequest.objects.select_for_update().filter(pk=request.pk).first()
    version = (request.uploads.aggregate(v=Max("version"))["v"] or 0) + 1
    upload = Upload(
        request=request,
        version=version,
        original_name=checked.original_name[:255],
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
        uploaded_at=now,
        late=now > request.due_at,
        valid=valid,
        validation=validation,
        measures=measures,
    )
    # Written before the row that names it; removed again if anything below or the commit fails.
    store_original(upload.original, checked.safe_name, data)
    save(upload, by, f"Version {version} received")
    if valid and _case_source(request) is not None:
        # RULES: CAS-1 — a valid case list (or register) becomes the cases the inspector chooses from: the
        # same rows, checked once, and the same stored original.
        from careinspect.inspections.services.evidence import record_cases

        record_cases(
            request.inspection,
            by=by,
            now=now,
            stored_name=upload.original.name,
            original_name=upload.original_name,
            sha256=upload.sha256,
            rows=rows,
        )
    outcome = (
        "" if valid is None else (" (valid)" if valid else f" ({validation.get('error_count', 0)} errors)")
    )
    record_event(
        request.inspection,
        by,
        EventType.INFORMATION_RECEIVED,
        now,
        f"{request.title[:80]}: version {version}{outcome}{' — late' if upload.late else ''}",
        visible_to_provider=True,
    )
    return upload


def _newest_first(request: InformationRequest, uploads: Iterable[Upload] | None) -> list[Upload] | None:
    """The request's uploads, newest first, from `uploads` or from a prefetch of them: no query. None when
    neither is at hand (the caller then asks the database for just the row it needs).

    A page listing requests prefetches their uploads in one query; asking each request again here cost one
    query per request (issue 10: the portal's inspection page went from 14 to 34 queries)."""
    if uploads is None and "uploads" in getattr(request, "_prefetched_objects_cache", {}):
        uploads = request.uploads.all()
    if uploads is None:
        return None
    return sorted(uploads, key=attrgetter("version"), reverse=True)


def latest(request: InformationRequest, uploads: Iterable[Upload] | None = None) -> Upload | None:
    """The newest version sent; `uploads`, when given, are the request's uploads (in any order)."""
    versions = _newest_first(request, uploads)
    if versions is None:
        return request.uploads.order_by("-version").first()
    return versions[0] if versions else None


def latest_valid(request: InformationRequest, uploads: Iterable[Upload] | None = None) -> Upload | None:
    """The newest version that can be used: any document, or a dataset that passed validation."""
    versions = _newest_first(request, uploads)
    if versions is None:
        found = request.uploads.order_by("-version")
        if request.dataset_kind:
            found = found.filter(valid=True)
        return found.first()
    usable = [u for u in versions if u.valid is True] if request.dataset_kind else versions
    return usable[0] if usable else None


@dataclass(frozen=True)
class RequestRow:
    """One line of a requests table. `latest` is loaded without its validation errors and measures
    (`request_rows`): a page that shows them reads the upload itself."""

    request: InformationRequest
    status: RequestStatus
    latest: Upload | None
    versions: int


def status_of(
    request: InformationRequest, now: datetime, uploads: Iterable[Upload] | None = None
) -> RequestStatus:
    """Received means a usable file: any document, or a dataset whose latest version is valid. `uploads`,
    when given, are the request's uploads (no query)."""
    newest = latest(request, uploads)
    if newest is not None and newest.valid is not False:
        return RequestStatus.RECEIVED_LATE if newest.late else RequestStatus.RECEIVED
    if newest is not None:
        return RequestStatus.HAS_ERRORS
    return RequestStatus.OVERDUE if now > request.due_at else RequestStatus.MISSING


def request_rows(inspection: Inspection, now: datetime | None = None) -> list[RequestRow]:
    """Every request of the inspection with its status and newest version, in two queries however many
    requests and versions there are."""
    moment = now or timezone.now()
    # The table needs each version's number, time and verdict, never the (possibly large) validation
    # errors or A1 measures of every version ever sent.
    versions = Prefetch("uploads", queryset=Upload.objects.defer("validation", "measures"))
    rows = []
    for request in inspection.information_requests.prefetch_related(versions):
        uploads = sorted(request.uploads.all(), key=attrgetter("version"), reverse=True)
        rows.append(
            RequestRow(
                request,
                status_of(request, moment, uploads),
                uploads[0] if uploads else None,
                len(uploads),
            )
        )
    return rows
