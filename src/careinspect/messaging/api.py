"""JSON API of messaging (django-ninja), added to the project's API under `/messages`: an inspection's
correspondence (the same as its Messages page, for the same people) and the signed-in person's reminders."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from careinspect.core import deadlines
from careinspect.core.regime import current_calendar
from careinspect.inspections import access
from careinspect.inspections.api.common import PAGED, TOTAL_COUNT_HEADER
from careinspect.inspections.schemas import Page, RecordId
from careinspect.messaging.models import Message
from careinspect.messaging.reminders import AHEAD, where_to_act
from careinspect.messaging.views import visible_messages

router = Router(tags=["messaging"])


class MessageOut(Schema):
    id: int
    kind: str = Field(description="notice, arrangements, report_sent, reminder, dcs_alert, …")
    rule: str = Field(description="the RULES.md ID that has it sent, or empty")
    to: list[str]
    cc: list[str]
    subject: str
    body: str
    sent_at: datetime
    sent_by: str = Field(description="the username of who sent it")
    not_sent_because: str = Field(description="why nothing went (no address on file), or empty when sent")
    forwarded_from: int | None = Field(None, description="the message this one forwards")


class ReminderOut(Schema):
    due: date
    rule: str
    what: str
    url: str
    inspection: int | None = None
    provider: str = Field("", description="the agency's URN")


def _out(m: Message) -> MessageOut:
    return MessageOut(
        id=m.pk,
        kind=m.kind,
        rule=m.rule,
        to=list(m.to),
        cc=list(m.cc),
        subject=m.subject,
        body=m.body,
        sent_at=m.sent_at,
        sent_by=m.sent_by.get_username(),
        not_sent_because=m.not_sent_because,
        forwarded_from=m.forwarded_from_id,
    )


@router.get(
    "/inspections/{inspection_id}",
    response=list[MessageOut],
    summary="An inspection's emails, newest first: all of them for the team, the agency's own for its staff",
    description=PAGED,
    openapi_extra=TOTAL_COUNT_HEADER,
)
def inspection_messages(
    request: HttpRequest, response: HttpResponse, inspection_id: RecordId, page: Query[Page]
) -> list[MessageOut]:
    inspection = access.inspection_for(request.user, inspection_id)
    found = visible_messages(request.user, inspection)
    response["X-Total-Count"] = str(len(found))
    return [_out(m) for m in found[page.offset : page.offset + page.limit]]


@router.get(
    "/reminders",
    response=list[ReminderOut],
    summary="The deadlines the signed-in person owns in the next 10 working days, soonest first",
    description="`url` is the page to act on it: the portal's for an agency's staff.",
)
def my_reminders(request: HttpRequest) -> list[ReminderOut]:
    today = timezone.localdate()
    last = current_calendar().add_working_days(today, AHEAD)
    agency = hasattr(request.user, "provider_staff")
    return [
        ReminderOut(
            due=d.due,
            rule=d.rule,
            what=d.what,
            url=where_to_act(d, agency=agency),
            inspection=d.inspection_id,
            provider=d.provider_urn,
        )
        for d in deadlines.owned_by(request.user, today, last)
    ]
