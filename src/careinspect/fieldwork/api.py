"""JSON API of fieldwork (django-ninja), added to the project's API under `/fieldwork`.

The main steps of the fieldwork and the programme report, through the same services as the pages: the
case sample (CAS-2), starting the fieldwork, keep-in-touch meetings (THM-5), evidence (VEW-1), the verbal
summary (THM-6), the findings, the DPR-2 check, the manager's check and publication (THM-7). Rules broken
answer 422 in the API's one error shape; a user who may not act, 403; provider users see nothing (404).
"""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja import Status as HttpStatus

from careinspect.fieldwork import services
from careinspect.fieldwork.models import ThematicCase
from careinspect.inspections import access
from careinspect.inspections.api.common import _now, answer_errors
from careinspect.inspections.models import Inspection
from careinspect.inspections.schemas import RecordId
from careinspect.thematic.models import Programme

router = Router(tags=["fieldwork"])
router.add_decorator(answer_errors)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    """Regulator staff only: the fieldwork is never a provider's to see (DPR-3), so others get 404."""
    if not access.is_regulator(request.user):
        raise PermissionDenied("The fieldwork is the inspection team's.")
    return access.inspection_for(request.user, pk)


def _programme(request: HttpRequest, pk: int) -> Programme:
    if not access.is_regulator(request.user):
        raise PermissionDenied("The programme is the regulator's.")
    return get_object_or_404(Programme, pk=pk)


class ThematicCaseIn(Schema):
    record_type: str
    record_id: str
    reason: str = ""
    theme: str = ""


class ThematicCaseOut(Schema):
    id: int
    record_type: str
    record_id: str
    confirmed: bool
    added_on_site: bool
    theme: str


class StatusOut(Schema):
    id: int
    status: str


class KitIn(Schema):
    held_on: date
    at: time
    attendees: str
    notes: str


class ThematicEvidenceIn(Schema):
    theme: str
    source: str
    text: str
    person_type: str
    consent_given: bool = False
    voluntary: bool = False
    consent_how: str = ""
    names_service_users: bool = False
    case_id: RecordId | None = None


class IdOut(Schema):
    id: int


class ThemeSummary(Schema):
    strengths: str
    areas_for_development: str


class VerbalSummaryIn(Schema):
    summaries: dict[str, ThemeSummary]
    recipients: list[str]
    written: bool = False


class FindingIn(Schema):
    theme: str
    summary: str = ""
    text: str


class ReportIdentifyingOut(Schema):
    where: str
    text: str
    why: str
    reason: str


class ProgrammeReportPublishedOut(Schema):
    id: int
    programme_id: int
    published_on: date
    url: str


def _case_out(case: ThematicCase) -> ThematicCaseOut:
    return ThematicCaseOut(
        id=case.pk,
        record_type=case.record_type,
        record_id=case.record_id,
        confirmed=case.confirmed,
        added_on_site=case.added_on_site,
        theme=case.theme,
    )


@router.get("/inspections/{pk}/cases", response=list[ThematicCaseOut], summary="The case sample (CAS-2)")
def list_cases(request: HttpRequest, pk: RecordId) -> list[ThematicCaseOut]:
    inspection = _inspection(request, pk)
    return [_case_out(c) for c in ThematicCase.objects.filter(inspection=inspection)]


@router.post(
    "/inspections/{pk}/cases",
    response={201: ThematicCaseOut},
    summary="Choose a case from the A1 data, or add one on site for an emerging theme (CAS-2)",
)
def add_case(request: HttpRequest, pk: RecordId, payload: ThematicCaseIn) -> HttpStatus:
    inspection = _inspection(request, pk)
    case = services.add_case(inspection, by=request.user, now=_now(), **payload.dict())
    return HttpStatus(201, _case_out(case))


@router.post("/inspections/{pk}/confirm-sample", response=StatusOut, summary="Confirm the sample (CAS-2)")
def confirm_sample(request: HttpRequest, pk: RecordId) -> StatusOut:
    inspection = services.confirm_sample(_inspection(request, pk), by=request.user, now=_now())
    return StatusOut(id=inspection.pk, status=inspection.status)


@router.post("/inspections/{pk}/start", response=StatusOut, summary="Start the fieldwork")
def start(request: HttpRequest, pk: RecordId) -> StatusOut:
    inspection = services.start_fieldwork(_inspection(request, pk), by=request.user, now=_now())
    return StatusOut(id=inspection.pk, status=inspection.status)


@router.post(
    "/inspections/{pk}/kit-meetings", response={201: IdOut}, summary="Record a keep-in-touch meeting (THM-5)"
)
def kit_meeting(request: HttpRequest, pk: RecordId, payload: KitIn) -> HttpStatus:
    meeting = services.record_kit_meeting(
        _inspection(request, pk), by=request.user, now=_now(), **payload.dict()
    )
    return HttpStatus(201, IdOut(id=meeting.pk))


@router.post("/inspections/{pk}/evidence", response={201: IdOut}, summary="Record evidence by theme (VEW-1)")
def evidence(request: HttpRequest, pk: RecordId, payload: ThematicEvidenceIn) -> HttpStatus:
    inspection = _inspection(request, pk)
    data = payload.dict()
    case_id = data.pop("case_id")
    case = ThematicCase.objects.filter(inspection=inspection, pk=case_id).first() if case_id else None
    if case_id and case is None:
        from careinspect.rules.errors import RuleViolation

        raise RuleViolation("the case is not in this inspection's sample", field="case_id")
    record = services.record_evidence(inspection, by=request.user, now=_now(), case=case, **data)
    return HttpStatus(201, IdOut(id=record.pk))


@router.post("/inspections/{pk}/summary", response=StatusOut, summary="Record the verbal summary (THM-6)")
def summary(request: HttpRequest, pk: RecordId, payload: VerbalSummaryIn) -> StatusOut:
    inspection = services.give_summary(
        _inspection(request, pk),
        by=request.user,
        now=_now(),
        summaries={k: (v.strengths, v.areas_for_development) for k, v in payload.summaries.items()},
        recipients=payload.recipients,
        written=payload.written,
    )
    return StatusOut(id=inspection.pk, status=inspection.status)


@router.put("/programmes/{pk}/findings", response=IdOut, summary="Write the findings under a theme (THM-7)")
def finding(request: HttpRequest, pk: RecordId, payload: FindingIn) -> IdOut:
    written = services.write_finding(_programme(request, pk), by=request.user, now=_now(), **payload.dict())
    return IdOut(id=written.pk)


@router.get(
    "/programmes/{pk}/report/identifying",
    response=list[ReportIdentifyingOut],
    summary="What in the programme report may identify a person, and any recorded reason (DPR-2)",
)
def identifying(request: HttpRequest, pk: RecordId) -> list[ReportIdentifyingOut]:
    programme = _programme(request, pk)
    report = services.report_for(programme)
    if report.pk is None:
        return []
    return [
        ReportIdentifyingOut(
            where=f.where, text=f.text, why=f.why, reason=report.naming_reasons.get(f.text, "")
        )
        for f in services.identifying_findings(programme, report)
    ]


@router.post("/programmes/{pk}/report/check", response=IdOut, summary="Record the manager's check")
def check(request: HttpRequest, pk: RecordId) -> IdOut:
    report = services.check_report(_programme(request, pk), by=request.user, now=_now())
    return IdOut(id=report.pk)


@router.post(
    "/programmes/{pk}/report/publish",
    response={201: ProgrammeReportPublishedOut},
    summary="Publish the programme report (THM-7)",
)
def publish(request: HttpRequest, pk: RecordId) -> HttpStatus:
    from django.urls import reverse

    published = services.publish_report(_programme(request, pk), by=request.user, now=_now())
    url = reverse("reports:programme_detail", args=[published.programme_id])
    return HttpStatus(
        201,
        ProgrammeReportPublishedOut(
            id=published.pk, programme_id=published.programme_id, published_on=published.published_on, url=url
        ),
    )
