"""`careinspect plan`: the national inspection plan for a horizon (issue 14), as text or JSON.

Contract (scripts rely on it):
    careinspect plan --scenario DIR --from DATE --to DATE [--time-limit SECONDS] --json
    careinspect plan --from DATE --to DATE [--time-limit SECONDS] [--today DATE] [--save --by USER] --json
prints {"assignments": [{"urn", "inspector", "start", "end", "reason", …}], "unassigned": [{"urn",
"reason"}], "objective": {…the CP-SAT plan's figures}, "greedy": {…the greedy baseline's figures}}.
DIR holds providers.csv and inspectors.csv (and optionally locks.csv); a malformed scenario, a bad flag
or an impossible lock exits with code 2 and one line that names the file, row and column, or the flag.
Without --scenario the plan comes from the database as it stands on --today (default: today in England;
`careinspect.planning.services`), the inspector being the username; it is stored only with --save, made
by the manager --by names, and then the JSON has "plan" (its id) too.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from careinspect.core.management.commands.rules import BAD_INPUT, _OneLineErrorParser, iso_date
from careinspect.core.regime import current_calendar
from careinspect.inspections import access
from careinspect.planning import services
from careinspect.rules.errors import RuleViolation
from careinspect.rules.planning import Horizon, Plan, ScenarioError, cpsat_plan, greedy_plan, read_scenario

DEFAULT_TIME_LIMIT = 50.0
FLAG_FOR_FIELD = {"to": "--to", "from": "--from", "scenario": "--scenario", "by": "--by"}


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
        parser.add_argument(
            "--today",
            type=iso_date,
            help="without --scenario: plan as the records stand on this day (default: today in England)",
        )
        parser.add_argument(
            "--save", action="store_true", help="without --scenario: store the plan (needs --by)"
        )
        parser.add_argument("--by", help="with --save: the username of the manager who makes the plan")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scenario"] is None:
            self._from_database(options)
            return
        if options["save"] or options["today"] or options["by"]:
            extra = "--save" if options["save"] else "--today" if options["today"] else "--by"
            raise CommandError(
                f"{extra}: only when planning from the database, without --scenario", returncode=BAD_INPUT
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

    def _from_database(self, options: dict[str, Any]) -> None:
        manager = None
        if options["save"]:
            manager = _manager(options["by"])
        elif options["by"]:
            raise CommandError("--by: only with --save", returncode=BAD_INPUT)
        today = options["today"] or timezone.localdate()
        try:
            horizon = Horizon(options["first"], options["last"])
            plan, greedy, gathered = services.run_planner(horizon, today, options["time_limit"])
        except RuleViolation as exc:
            known = FLAG_FOR_FIELD.get(exc.field or "")
            raise CommandError(str(exc.for_field(known) if known else exc), returncode=BAD_INPUT) from None
        stored = None
        if manager is not None:
            stored = services.store_plan(
                plan,
                greedy,
                gathered,
                by=manager,
                now=timezone.now(),
                horizon=horizon,
                time_limit=options["time_limit"],
            )
        # The database side's reasons: overdue, a region not known (services.reason_for).
        answer = plan.as_dict() | {"greedy": greedy.figures.as_dict()}
        for item in (*answer["assignments"], *answer["unassigned"]):
            item["reason"] = services.reason_for(gathered, item["urn"], item["reason"])
        if stored is not None:
            answer["plan"] = stored.pk
        if options["json"]:
            self.stdout.write(json.dumps(answer, indent=2))
            return
        self.stdout.write(_text(plan, greedy))
        if gathered.notes:
            self.stdout.write("\nNotes:\n" + "\n".join(gathered.notes))
        if stored is not None:
            self.stdout.write(f"\nSaved as plan {stored.pk}.")


def _manager(username: str | None) -> Any:
    if not username:
        raise CommandError("--by: name the manager who makes the plan to --save it", returncode=BAD_INPUT)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not access.can_manage(user):
        raise CommandError(
            f"--by: {username!r} is not an active regulatory inspection manager", returncode=BAD_INPUT
        )
    return user


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
