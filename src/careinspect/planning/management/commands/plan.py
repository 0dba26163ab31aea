"""`careinspect plan`: the national inspection plan for a horizon (issue 14), as text or JSON.

Contract (scripts rely on it):
    careinspect plan --scenario DIR --from DATE --to DATE [--time-limit SECONDS] --json
prints {"assignments": [{"urn", "inspector", "start", "end", "reason", …}], "unassigned": [{"urn",
"reason"}], "objective": {…the CP-SAT plan's figures}, "greedy": {…the greedy baseline's figures}}.
DIR holds providers.csv and inspectors.csv (and optionally locks.csv); a malformed scenario, a bad flag
or an impossible lock exits with code 2 and one line that names the file, row and column, or the flag.
Without --scenario the plan would come from the database, which is not built yet: that exits 2 too.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careinspect.core.management.commands.rules import BAD_INPUT, _OneLineErrorParser, iso_date
from careinspect.core.regime import current_calendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.planning import Horizon, Plan, ScenarioError, cpsat_plan, greedy_plan, read_scenario

DEFAULT_TIME_LIMIT = 50.0
FLAG_FOR_FIELD = {"to": "--to", "from": "--from", "scenario": "--scenario"}


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds above 0")
    return value


class Command(BaseCommand):
    help = "Plan every inspection due in a horizon: lead inspector and on-site days (SCH-1..SCH-10)."
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds a CommandParser itself; the contract is one line and exit code 2, as for `rules`.
        parser.__class__ = _OneLineErrorParser
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scenario", type=Path, help="folder with providers.csv, inspectors.csv (and locks.csv)"
        )
        parser.add_argument(
            "--from", dest="first", type=iso_date, required=True, help="the horizon's first day"
        )
        parser.add_argument("--to", dest="last", type=iso_date, required=True, help="the horizon's last day")
        parser.add_argument(
            "--time-limit",
            type=seconds,
            default=DEFAULT_TIME_LIMIT,
            help=f"seconds for the CP-SAT planner (default {DEFAULT_TIME_LIMIT:g})",
        )
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scenario"] is None:
            raise CommandError(
                "--scenario: planning from the database is not built yet; give a scenario folder",
                returncode=BAD_INPUT,
            )
        try:
            greedy, plan = _plans(options)
        except ScenarioError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        except RuleViolation as exc:
            flag = FLAG_FOR_FIELD.get(exc.field or "")
            if exc.field == "locks":  # a lock that cannot stand: name the file it came from
                flag = str(options["scenario"] / "locks.csv")
            raise CommandError(str(exc.for_field(flag) if flag else exc), returncode=BAD_INPUT) from None
        if options["json"]:
            answer = plan.as_dict() | {"greedy": greedy.figures.as_dict()}
            self.stdout.write(json.dumps(answer, indent=2))
        else:
            self.stdout.write(_text(plan, greedy))


def _plans(options: dict[str, Any]) -> tuple[Plan, Plan]:
    scenario = read_scenario(options["scenario"])
    horizon = Horizon(options["first"], options["last"])
    calendar = current_calendar()
    greedy = greedy_plan(scenario, horizon, calendar)
    plan = cpsat_plan(scenario, horizon, calendar, time_limit=options["time_limit"], hint=greedy)
    return greedy, plan


def _figures_line(label: str, plan: Plan) -> str:
    f = plan.figures
    return (
        f"{label:<7} placed {f.placed}, unplaced {f.unplaced}, out of region {f.out_of_region}, "
        f"SCH-6 exceptions {f.sch6_exceptions}, mean wait {f.weighted_mean_delay:.1f} working days "
        f"(priority-weighted), {f.seconds:.1f} s ({f.status})"
    )


def _text(plan: Plan, greedy: Plan) -> str:
    lines = [_figures_line("CP-SAT", plan), _figures_line("greedy", greedy), ""]
    for a in plan.assignments:
        lines.append(f"{a.urn:<9} {a.inspector:<8} {a.start} to {a.end}  {a.reason}")
    if plan.unassigned:
        lines += ["", "Not placed:"]
        lines += [f"{u.urn:<9} {u.reason}" for u in plan.unassigned]
    return "\n".join(lines)
