"""The child-friendly summary's API (RPT-5), under `/api/assurance`: the readability check as the inspector
writes, the summary itself (get and put), the manager's check, the requests to the agency to adapt it and
the agency's answers, and whether it is published. The same services and checks as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from careinspect.assurance import summary_services as svc
from careinspect.assurance.summary_models import AdaptationRequest, ChildFriendlySummary
from careinspect.inspections import access
from careinspect.inspections.api.common import answer_errors
from careinspect.inspections.models import Inspection
from careinspect.inspections.schemas import RecordId
from careinspect.rules.kinds import Kind
from careinspect.rules.readability import check_readability

router = Router(tags=["assurance"])
router.add_decorator(answer_errors)

MAX_TEXT = 20_000


class ReadabilityIn(Schema):
    text: str = Field(max_length=MAX_TEXT, description="the words to check; a line is a block")


class BlockIn(Schema):
    text: str = Field(max_length=svc.MAX_BLOCK_CHARACTERS * 2)
    icon: str = Field("", description="a picture of the library (home, family, …) or empty")


class ChildFriendlySummaryIn(Schema):
    blocks: list[BlockIn] = Field(max_length=svc.MAX_BLOCKS * 2)


class SummaryCheckIn(Schema):
    note: str = ""


class AdaptationIn(Schema):
    languages: str = Field("", max_length=300)
    communication_systems: list[str] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=5000)


class ReplyIn(Schema):
    reply: str = Field(description="adapted, will_adapt or not_needed")
    text: str = Field(max_length=5000)


class AdaptationOut(Schema):
    id: int
    languages: str
    communication_systems: list[str]
    note: str
    sent_by: str
    sent_at: datetime
    message_id: int | None
    reply: str
    reply_text: str
    replied_at: datetime | None


class SummaryOut(Schema):
    inspection_id: int
    blocks: list[dict[str, str]]
    written_by: str
    written_at: datetime
    readability: dict[str, Any]
    checked: bool = Field(description="checked by the visit's manager since the last change")
    checked_by: str
    checked_at: datetime | None
    published_on: date | None
    adaptations: list[AdaptationOut]


class PublicationOut(Schema):
    inspection_id: int
    written: bool
    checked: bool
    published: bool
    published_on: date | None
    public_url: str | None


def _now() -> datetime:
    return timezone.now()


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _visit(request: HttpRequest, pk: int) -> Inspection:
    inspection = access.inspection_for(request.user, pk)
    if inspection.kind != Kind.IFA_ASSURANCE.value:
        inspection.declaration.require(svc.STEP)  # 422 naming the kind (KND-1, KND-2, KND-4)
    return inspection


def _visible_summary(request: HttpRequest, inspection: Inspection) -> ChildFriendlySummary:
    summary = svc.summary_of(inspection)
    if not svc.may_see_summary(request.user, inspection, summary) or summary is None:
        raise Http404("No child-friendly summary")
    return summary


def _adaptation_out(a: AdaptationRequest) -> AdaptationOut:
    return AdaptationOut(
        id=a.pk,
        languages=a.languages,
        communication_systems=list(a.communication_systems),
        note=a.note,
        sent_by=_name(a.sent_by),
        sent_at=a.sent_at,
        message_id=a.message_id,
        reply=a.reply,
        reply_text=a.reply_text,
        replied_at=a.replied_at,
    )


def _summary_out(summary: ChildFriendlySummary) -> SummaryOut:
    return SummaryOut(
        inspection_id=summary.inspection_id,
        blocks=list(summary.blocks),
        written_by=_name(summary.written_by),
        written_at=summary.written_at,
        readability=summary.readability,
        checked=summary.checked_since_written,
        checked_by=_name(summary.checked_by),
        checked_at=summary.checked_at,
        published_on=summary.published_on,
        adaptations=[_adaptation_out(a) for a in summary.adaptations.select_related("sent_by")],
    )


@router.post("/readability", summary="The readability check of a child-friendly summary (RPT-5)")
def readability(request: HttpRequest, payload: ReadabilityIn) -> dict[str, Any]:
    """RULES: RPT-5 — the same answer as `careinspect rules readability --json`: `passes`, `reading_age`,
    `reasons`, `measures`, `long_sentences`, `long_words`, `standard`. Regulator staff only."""
    if not access.is_regulator(request.user):
        raise PermissionDenied("Only the regulator's staff check a summary's readability.")
    return check_readability(payload.text).as_dict()


@router.get("/inspections/{int:inspection_id}/child-friendly-summary", response=SummaryOut)
def get_summary(request: HttpRequest, inspection_id: RecordId) -> SummaryOut:
    """RULES: DPR-3 — the summary (RPT-5); the agency's own staff once it is checked."""
    inspection = _visit(request, inspection_id)
    return _summary_out(_visible_summary(request, inspection))


@router.put("/inspections/{int:inspection_id}/child-friendly-summary", response=SummaryOut)
def put_summary(request: HttpRequest, inspection_id: RecordId, payload: ChildFriendlySummaryIn) -> SummaryOut:
    """RULES: RPT-5 — write or change the summary (the visit's inspectors, after feedback)."""
    inspection = _visit(request, inspection_id)
    if not access.is_regulator(request.user):
        raise PermissionDenied("Only the visit's inspectors write its summary.")
    blocks = [b.model_dump() for b in payload.blocks]
    return _summary_out(svc.write_summary(inspection, by=request.user, blocks=blocks, now=_now()))


@router.post("/inspections/{int:inspection_id}/child-friendly-summary/check", response=SummaryOut)
def check_summary(request: HttpRequest, inspection_id: RecordId, payload: SummaryCheckIn) -> SummaryOut:
    """RULES: RPT-5 — the visit's manager checks the summary (readable, names nobody)."""
    inspection = _visit(request, inspection_id)
    return _summary_out(svc.check_summary(inspection, by=request.user, note=payload.note, now=_now()))


@router.get("/inspections/{int:inspection_id}/child-friendly-summary/publication", response=PublicationOut)
def publication(request: HttpRequest, inspection_id: RecordId) -> PublicationOut:
    """RULES: RPT-5 — whether the summary is written, checked and published beside the report."""
    from django.urls import reverse

    inspection = _visit(request, inspection_id)
    summary = svc.summary_of(inspection)
    if not access.is_regulator(request.user) and not svc.provider_may_see(summary):
        summary = None  # the agency learns nothing of a summary before it is checked
    published = summary is not None and summary.published_on is not None
    return PublicationOut(
        inspection_id=inspection.pk,
        written=summary is not None,
        checked=summary is not None and summary.checked_since_written,
        published=published,
        published_on=summary.published_on if summary is not None else None,
        public_url=(
            reverse("reports:public_summary", args=[summary.published_report_id])
            if summary is not None and published
            else None
        ),
    )


@router.post(
    "/inspections/{int:inspection_id}/child-friendly-summary/adaptation-requests",
    response={201: AdaptationOut},
)
def request_adaptation(
    request: HttpRequest, inspection_id: RecordId, payload: AdaptationIn
) -> tuple[int, Any]:
    """RULES: RPT-5 — email the agency asking it to adapt the checked summary."""
    inspection = _visit(request, inspection_id)
    if not access.is_regulator(request.user):
        raise PermissionDenied(
            "Only the visit's inspectors or its manager ask the agency to adapt the summary."
        )
    made = svc.request_adaptation(inspection, by=request.user, now=_now(), **payload.model_dump())
    return 201, _adaptation_out(made)


@router.post(
    "/inspections/{int:inspection_id}/child-friendly-summary/adaptation-requests/{int:request_id}/reply",
    response=AdaptationOut,
)
def reply(
    request: HttpRequest, inspection_id: RecordId, request_id: RecordId, payload: ReplyIn
) -> AdaptationOut:
    """RULES: DPR-3 — the agency's own staff record what they did with the request to adapt (RPT-5)."""
    inspection = _visit(request, inspection_id)
    summary = _visible_summary(request, inspection)
    found = summary.adaptations.filter(pk=request_id).first()
    if found is None:
        raise Http404("No such request")
    return _adaptation_out(
        svc.answer_adaptation(found, by=request.user, reply=payload.reply, text=payload.text, now=_now())
    )
