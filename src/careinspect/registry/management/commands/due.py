"""`careinspect due refresh|enqueue`: work out every provider's row of the due list again, after a change of
rule or policy, or nightly for the date rolling on.

- `refresh [--today DATE] [--json]` does it now and prints how many rows changed, as text or as JSON
  {"today", "providers", "changed"}.
- `enqueue [--today DATE] [--json]` puts the nightly job (`registry.tasks.refresh_due_list`) on the task
  queue for `careinspect db_worker`, which reads the date when it runs unless --today is given; prints
  {"task_id", "status"}. A systemd timer calls it each night (README). Without a worker (the immediate
  backend) the job runs at once.

A malformed date exits with code 2 and one line naming `--today`.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from careinspect.core.management.commands.rules import _OneLineErrorParser, iso_date
from careinspect.registry.models import ProviderDue
from careinspect.registry.services import refresh_due
from careinspect.registry.tasks import refresh_due_list
from careinspect.rules.calendar import day_text


class Command(BaseCommand):
    help = "The inspections due list: work out every provider's window and status again (SCH-1..SCH-4)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, parser_class=_OneLineErrorParser, metavar="{refresh,enqueue}"
        )
        _flags(sub.add_parser("refresh", help="every provider's row, now"))
        _flags(sub.add_parser("enqueue", help="queue the nightly refresh for the task worker"))

    def handle(self, *args: Any, **options: Any) -> None:
        given: date | None = options["today"]
        if options["action"] == "enqueue":
            answer, text = _enqueue(given)
        else:
            answer, text = _refresh(
                given or timezone.localdate()
            )  # the command is an edge: it reads the clock
        self.stdout.write(json.dumps(answer, indent=2) if options["json"] else text)


def _flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=iso_date, default=None, help="the day to work statuses out for")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _refresh(today: date) -> tuple[dict[str, Any], str]:
    changed = refresh_due(None, today)
    providers = ProviderDue.objects.count()
    text = f"Due list worked out for {day_text(today)}: {providers:,} providers, {changed:,} rows changed."
    return {"today": today.isoformat(), "providers": providers, "changed": changed}, text


def _enqueue(today: date | None) -> tuple[dict[str, Any], str]:
    result = refresh_due_list.enqueue(today.isoformat() if today else None)
    text = f"Due list refresh queued for the task worker: {result.id} ({result.status})."
    return {"task_id": str(result.id), "status": str(result.status)}, text
