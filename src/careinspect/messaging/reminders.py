"""Reminders (issue 13, item 7): every deadline someone owns (`core.deadlines`, whatever app registered it)
emails each owner on the working day before it falls due and on the day itself.

On a working day the job takes the deadlines due from that day up to and including the next working day (so
a deadline on a Saturday, a Monday or after a bank holiday weekend is reminded on the last working day
before it); on a day that is not a working day, only those due that day. Each owner gets one email a
deadline a day: a `ReminderSent` row remembers it, so running the job again that day sends nothing more.
The day and the moment come from the caller (the command or the task), never the clock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from careinspect.core import deadlines
from careinspect.core.deadlines import Deadline
from careinspect.core.regime import current_calendar
from careinspect.messaging.inspection_mail import SIGN_OFF, link
from careinspect.messaging.models import ReminderSent
from careinspect.messaging.services import send_message
from careinspect.rules.calendar import day_text

AHEAD = 10  # working days a person's own reminders look ahead on their dashboard


@dataclass(frozen=True)
class Reminder:
    deadline: Deadline
    recipients: tuple[tuple[int, str, bool], ...]  # (owner pk, address, works for an agency)

    @property
    def to(self) -> list[str]:
        return sorted({address for _, address, _ in self.recipients})

    @property
    def inspection_reference(self) -> str | None:
        found = self.deadline.inspection_id
        return f"INS-{found:05d}" if found is not None else None

    def as_dict(self) -> dict[str, Any]:
        """The command's contract: {"due", "rule", "inspection" or "provider", "to", "what"}."""
        d = self.deadline
        where: dict[str, Any] = (
            {"inspection": self.inspection_reference}
            if d.inspection_id is not None
            else {"provider": d.provider_urn or None}
        )
        return {"due": d.due.isoformat(), "rule": d.rule, **where, "to": self.to, "what": d.what}

    @property
    def key(self) -> str:
        """What identifies the deadline across runs: its source, rule, what, due day and where."""
        d = self.deadline
        text = "|".join([d.source, d.rule, d.what, d.due.isoformat(), str(d.inspection_id), d.provider_urn])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def window(today: date) -> tuple[date, date]:
    """The days whose deadlines are reminded on `today`: today and, on a working day, up to and including
    the next working day (RULES: CAL-1 — England's bank holidays and the regulator's closure days)."""
    calendar = current_calendar()
    if not calendar.is_working_day(today):
        return today, today
    return today, calendar.add_working_days(today, 1)


def due_reminders(today: date) -> list[Reminder]:
    """The deadlines to remind their owners of on `today`, soonest first, with the owners' addresses (an
    owner with no address, or no longer active, is left out)."""
    first, last = window(today)
    found = deadlines.between(first, last)
    owners = {pk for d in found for pk in d.owners}
    people = {
        row["pk"]: (row["email"].strip(), row["provider_staff__provider_id"] is not None)
        for row in get_user_model()
        .objects.filter(pk__in=owners, is_active=True)
        .exclude(email="")
        .values("pk", "email", "provider_staff__provider_id")
    }
    return [Reminder(d, tuple((pk, *people[pk]) for pk in d.owners if pk in people)) for d in found]


@dataclass(frozen=True)
class Sent:
    reminder: Reminder
    sent: int  # emails sent now
    already: int  # owners already reminded today


def send_reminders(today: date, now: datetime, by: Any) -> list[Sent]:
    """Email each owner of each deadline due (see `window`) once on `today`, as `by`. Idempotent."""
    reminders = due_reminders(today)
    inspections, providers = _subjects(reminders)
    done = []
    for reminder in reminders:
        sent = already = 0
        for owner, address, agency in reminder.recipients:
            if _send_one(reminder, owner, address, agency, today, now, by, inspections, providers):
                sent += 1
            else:
                already += 1
        done.append(Sent(reminder, sent, already))
    return done


def _send_one(
    reminder: Reminder,
    owner: int,
    address: str,
    agency: bool,
    today: date,
    now: datetime,
    by: Any,
    inspections: dict[int, Any],
    providers: dict[str, Any],
) -> bool:
    d = reminder.deadline
    try:
        with transaction.atomic():
            record, made = ReminderSent.objects.get_or_create(
                key=reminder.key,
                owner_id=owner,
                day=today,
                defaults={"due": d.due, "rule": d.rule, "what": d.what[:300]},
            )
            if not made:
                return False
            inspection = inspections.get(d.inspection_id) if d.inspection_id is not None else None
            record.message = send_message(
                kind="reminder",
                to=[address],
                subject=_subject(d, today),
                body=_body(d, today, _url(d, agency)),
                by=by,
                now=now,
                inspection=inspection,
                provider=None if inspection is not None else providers.get(d.provider_urn),
                rule=d.rule,
            )
            record.save(update_fields=["message"])
    except IntegrityError:  # another run reminded this owner a moment ago
        return False
    return True


def _subjects(reminders: list[Reminder]) -> tuple[dict[int, Any], dict[str, Any]]:
    """The inspections and agencies the reminders are about, in two queries, to keep each message with."""
    from careinspect.inspections.models import Inspection
    from careinspect.registry.models import Provider

    ids = {r.deadline.inspection_id for r in reminders if r.deadline.inspection_id is not None}
    urns = {r.deadline.provider_urn for r in reminders if r.deadline.provider_urn}
    inspections = Inspection.objects.select_related("provider").in_bulk(ids) if ids else {}
    providers = Provider.objects.in_bulk(urns, field_name="urn") if urns else {}
    return inspections, providers


def when(due: date, today: date) -> str:
    if due == today:
        return "today"
    return f"on {due:%A} {day_text(due)}"


def _subject(d: Deadline, today: date) -> str:
    return f"Reminder: due {when(d.due, today)}: {d.what}"[:300]


def where_to_act(d: Deadline, *, agency: bool) -> str:
    """The page an owner acts on: an agency's staff in the portal, the regulator's people the deadline's
    own page (an agency's staff are never sent to the team's pages)."""
    if agency:
        return reverse("portal:inspection", args=[d.inspection_id]) if d.inspection_id is not None else ""
    return d.url


def _url(d: Deadline, agency: bool) -> str:
    found = where_to_act(d, agency=agency)
    return link(found) if found else ""


def _body(d: Deadline, today: date, url: str) -> str:
    lines = [
        f"{d.what}",
        f"This is due {when(d.due, today)} ({d.rule}).",
        f"Act on it here: {url}" if url else "",
        "You get this reminder on the working day before a deadline you own and on the day it is due.",
    ]
    return "\n\n".join(line for line in lines if line) + f"\n\n{SIGN_OFF}\n"
