"""`careinspect retention run|enqueue`: dispose of personal data past its retention period.

Scripts rely on this contract (issue 10):

- `run --today DATE [--dry-run] [--json]` disposes of what `rules/data/retention.toml` makes due on DATE
  (with `--dry-run`, only says what would go) and prints
  {"today": DATE, "dry_run": bool,
   "disposed": [{"kind", "what", "why", "rule", "rows", "bytes", "file"}],
   "kept": [{"what", "until", "why"}]}
  `what` is a model label and id ("portal.upload 12") or a stored file with its name withheld; `rows` the
  database rows deleted or cleared (history rows included); `bytes` the file space freed; `file` the
  stored folder of the record's file (name withheld) or null. `kept` lists what is not yet due (`until`
  the day it is), what is held by an open complaint or legal hold (`until` null), and what the disposals
  leave on purpose (figures, published reports; `until` null). Exit code 0.
- `enqueue` puts the `run_retention` task on the task queue (`careinspect db_worker` runs it with the
  real date); a systemd timer calls it each night (README, "Retention").

Bad input exits with code 2 and one line naming the flag; a broken retention.toml exits 2 naming its key.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from careinspect.core import retention
from careinspect.core.management.commands.rules import BAD_INPUT, _OneLineErrorParser, iso_date
from careinspect.rules.errors import RuleViolation

BY = "careinspect retention run"


class Command(BaseCommand):
    help = "Dispose of personal data past its retention period (DPR-1, INF-2, EVD-4), logging each disposal."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, parser_class=_OneLineErrorParser, metavar="{run,enqueue}"
        )
        p = sub.add_parser("run", help="dispose of what is due on a day, or say what would go")
        p.add_argument("--today", type=iso_date, required=True, help="the day to dispose on (YYYY-MM-DD)")
        p.add_argument("--dry-run", action="store_true", help="change nothing: list what would go")
        p.add_argument("--json", action="store_true", help="print JSON instead of text")
        sub.add_parser("enqueue", help="queue tonight's run for the task worker (the real date)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "enqueue":
            self._enqueue()
            return
        try:
            report = retention.run(options["today"], timezone.now(), dry_run=options["dry_run"], by=BY)
        except RuleViolation as exc:  # retention.toml itself: the message names the key
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(_text(report))

    def _enqueue(self) -> None:
        from careinspect.core.tasks import run_retention

        result = run_retention.enqueue()
        self.stdout.write(f"run_retention queued as {result.id} ({result.status})")


def _text(report: retention.Report) -> str:
    verb = "Would dispose of" if report.dry_run else "Disposed of"
    lines = [f"{verb} {len(report.disposed)} on {report.today.isoformat()}"]
    lines += [f"  {d.rule:<6} {d.what}: {d.why} ({d.rows} rows, {d.bytes} bytes)" for d in report.disposed]
    lines.append(f"Kept {len(report.kept)}")
    lines += [
        f"  {k.what}: {k.why}" + (f" (until {k.until.isoformat()})" if k.until else "") for k in report.kept
    ]
    return "\n".join(lines)
