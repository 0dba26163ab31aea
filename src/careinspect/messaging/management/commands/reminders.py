"""`careinspect reminders`: what falls due, for whom, and the reminder emails (issue 13, item 7).

Scripts rely on this contract:

- `reminders --today DATE [--send] [--json]` lists the deadlines reminded on DATE: those due that day and,
  when DATE is a working day, up to and including the next working day. `--json` prints
  [{"due", "rule", "inspection" or "provider", "to", "what"}], soonest first: `due` an ISO date, `rule` one
  RULES ID, `inspection` the inspection's reference ("INS-00012") when the deadline belongs to one,
  otherwise `provider` the agency's URN, `to` the owners' email addresses, `what` the deadline in words.
  Nothing is sent without `--send`; with it, each owner is emailed once a deadline a day (running it again
  the same day sends nothing more) and the same list is printed.
- `enqueue` puts the `send_due_reminders` task on the task queue (`careinspect db_worker` runs it with the
  real date); a systemd timer calls it each morning (docs/operations.md).

A malformed date exits with code 2 and one line naming `--today`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from careinspect.messaging.reminders import Reminder, due_reminders, send_reminders
from careinspect.messaging.services import system_user

BAD_INPUT = 2


class Command(BaseCommand):
    help = "List the deadlines due today and on the next working day; --send emails their owners."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", nargs="?", default="", help="`enqueue`: queue today's run for the task worker"
        )
        parser.add_argument("--today", help="the day to remind on (YYYY-MM-DD)")
        parser.add_argument("--send", action="store_true", help="email each owner (once a day)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "enqueue":
            self._enqueue()
            return
        if options["action"]:
            raise CommandError(
                f"unknown action {options['action']!r}: give --today DATE, or enqueue", returncode=BAD_INPUT
            )
        today = _day(options["today"])
        if options["send"]:
            done = send_reminders(today, timezone.now(), system_user())
            reminders = [s.reminder for s in done]
            summary = f"Sent {sum(s.sent for s in done)} (already sent today: {sum(s.already for s in done)})"
        else:
            reminders, summary = due_reminders(today), "Nothing sent: add --send to email the owners"
        if options["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in reminders], indent=2, ensure_ascii=False))
        else:
            self.stdout.write(_text(today, reminders, summary))

    def _enqueue(self) -> None:
        from careinspect.messaging.tasks import send_due_reminders

        result = send_due_reminders.enqueue()
        self.stdout.write(f"send_due_reminders queued as {result.id} ({result.status})")


def _day(text: str | None) -> date:
    if not text:
        raise CommandError("--today: give the day to remind on as YYYY-MM-DD", returncode=BAD_INPUT)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--today: {text!r} is not a date; write it as YYYY-MM-DD", returncode=BAD_INPUT
        ) from None


def _text(today: date, reminders: list[Reminder], summary: str) -> str:
    lines = [
        f"{len(reminders)} deadline{'s' if len(reminders) != 1 else ''} to remind on {today.isoformat()}"
    ]
    for r in reminders:
        where = r.inspection_reference or r.deadline.provider_urn or "-"
        to = ", ".join(r.to) or "nobody with an address"
        lines.append(
            f"  {r.deadline.due.isoformat()}  {r.deadline.rule:<6} {where:<10} {r.deadline.what} (to {to})"
        )
    lines.append(summary)
    return "\n".join(lines)
