"""`careinspect thematic select|plan`: the RAA thematic programme's sample and plan, as text or JSON.

Scripts rely on this contract (issue 11):

- `select --candidates FILE.csv --size N --window-start DATE --window-end DATE [--seed S] [--json]`
  prints {"selected": [URN…], "excluded": [{"urn", "rule", "reason"}], "coverage": {factor: {value:
  count}}, "reasons": {URN: text}} (THM-2, THM-3); the same seed gives the same answer.
- `plan --urns URN,URN… --teams N --window-start DATE --window-end DATE [--candidates FILE.csv]
  [--links FILE.csv] [--json]` prints {"visits": [{"urn", "team", "notice", "information_due", "start",
  "end"}]} (THM-4, NTC-2, INF-1, KND-2); RAAs and their member LAs come from the register unless a
  candidate file is given.

Bad input exits with code 2 and one line, `careinspect thematic ACTION: error: …`, naming the flag, the
file's line and column, or the rule.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandParser

from careinspect.core.management.commands.rules import _OneLineErrorParser, iso_date, whole_number
from careinspect.core.regime import current_calendar, current_policy
from careinspect.rules.errors import RuleViolation
from careinspect.rules.thematic.candidates import CandidateRaa, read_candidates
from careinspect.rules.thematic.csvfile import CsvError
from careinspect.rules.thematic.links import read_links
from careinspect.rules.thematic.plan import Visit, plan_visits
from careinspect.rules.thematic.selection import Selection, exclusions, select
from careinspect.rules.thematic.window import ProgrammeWindow

_T = TypeVar("_T")

# The rules' field names, as the flags a user typed.
FLAGS = {
    "size": "--size",
    "urns": "--urns",
    "teams": "--teams",
    "window_end": "--window-end",
    "candidates": "--candidates",
    "links": "--links",
}


def urn_list(text: str) -> list[str]:
    urns = [part.strip() for part in text.split(",") if part.strip()]
    if not urns:
        raise argparse.ArgumentTypeError("give the RAAs' URNs separated by commas, like RA000001,RA000002")
    return urns


def seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


class Command(BaseCommand):
    help = "The RAA thematic programme: choose a representative sample (THM-2, THM-3) and plan it (THM-4)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, parser_class=_OneLineErrorParser, metavar="{select,plan}"
        )
        self._parsers: dict[str, argparse.ArgumentParser] = {}

        p = sub.add_parser("select", help="a representative sample of RAAs (THM-2), exclusions (THM-3)")
        p.add_argument("--candidates", required=True, metavar="FILE.csv", help="the candidate RAAs")
        p.add_argument("--size", type=whole_number, required=True, help="how many RAAs to visit")
        _window_flags(p)
        p.add_argument("--seed", type=seed, default=0, help="breaks ties; the same seed, the same sample")
        _json_flag(p)
        self._parsers["select"] = p

        p = sub.add_parser("plan", help="a team and a week for each RAA, with notice and information dates")
        p.add_argument("--urns", type=urn_list, required=True, help="the chosen RAAs, in visiting order")
        p.add_argument("--teams", type=whole_number, required=True, help="how many inspection teams")
        _window_flags(p)
        p.add_argument(
            "--candidates", metavar="FILE.csv", help="read the RAAs from this file, not from the register"
        )
        p.add_argument(
            "--links",
            metavar="FILE.csv",
            help="inspectors' declared links with LAs: columns team, inspector, las (codes separated by ;)",
        )
        _json_flag(p)
        self._parsers["plan"] = p

    def handle(self, *args: Any, **options: Any) -> None:
        action: str = options["action"]
        handlers: dict[str, Callable[[dict[str, Any]], tuple[Any, str]]] = {"select": _select, "plan": _plan}
        try:
            answer, text = handlers[action](options)
        except RuleViolation as exc:
            self._parsers[action].error(_one_line(exc))  # exits with code 2
        self.stdout.write(json.dumps(answer, indent=2) if options["json"] else text)


def _window_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--window-start", type=iso_date, required=True, help="first day fieldwork may happen")
    parser.add_argument("--window-end", type=iso_date, required=True, help="last day fieldwork may happen")


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _one_line(exc: RuleViolation) -> str:
    return str(exc.for_field(FLAGS.get(exc.field, exc.field))) if exc.field else str(exc)


def _window(options: dict[str, Any]) -> ProgrammeWindow:
    return ProgrammeWindow(options["window_start"], options["window_end"])


def _select(o: dict[str, Any]) -> tuple[Any, str]:
    window = _window(o)
    candidates = _read("candidates", o["candidates"], read_candidates)
    selection = select(candidates, o["size"], window, seed=o["seed"])
    return selection.as_dict(), _selection_text(selection, candidates, window, o["seed"])


def _plan(o: dict[str, Any]) -> tuple[Any, str]:
    window = _window(o)
    urns: list[str] = o["urns"]
    if o["candidates"]:
        names, member_las = _raas_from_file(o["candidates"], urns, window)
    else:
        names, member_las = _raas_from_register(urns)
    links = _read("links", o["links"], read_links) if o["links"] else {}
    visits = plan_visits(
        urns, o["teams"], window, current_calendar(), links, member_las=member_las, policy=current_policy()
    )
    return {"visits": [v.as_dict() for v in visits]}, _plan_text(visits, names, o["teams"], window)


def _read(flag: str, path: str, reader: Callable[[str], _T]) -> _T:
    """A file's fault reported against its flag, with the file, line and column: one line to fix it by."""
    try:
        return reader(path)
    except CsvError as exc:
        where = f"line {exc.line}" + (f", column {exc.column}" if exc.column else "")
        raise RuleViolation(f"{path}, {where}: {exc.message}", rule=exc.rule, field=flag) from None


def _raas_from_file(
    path: str, urns: Sequence[str], window: ProgrammeWindow
) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    candidates = {raa.urn: raa for raa in _read("candidates", path, read_candidates)}
    _no_unknown(urns, candidates, "not in the candidate file")
    # RULES: THM-3 — an excluded RAA cannot be planned, whatever list it arrives in.
    for exclusion in exclusions([candidates[urn] for urn in urns], window):
        raise RuleViolation(
            f"{exclusion.urn} cannot be visited: {exclusion.reason}", rule="THM-3", field="urns"
        )
    return (
        {urn: candidates[urn].name for urn in urns},
        {urn: frozenset(candidates[urn].member_las) for urn in urns},
    )


def _raas_from_register(urns: Sequence[str]) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    from careinspect.registry.models import Provider, ProviderKind

    found = {
        p.urn: p
        for p in Provider.objects.filter(kind=ProviderKind.RAA, urn__in=urns).prefetch_related("member_las")
    }
    _no_unknown(urns, found, "not a regional adoption agency in the register")
    for urn in urns:
        if found[urn].registered_as_vaa:
            # RULES: THM-3 — inspected under the SCCIF as a VAA, never thematically.
            raise RuleViolation(
                f"{urn} is registered as a voluntary adoption agency, so inspected under the SCCIF",
                rule="THM-3",
                field="urns",
            )
    return (
        {urn: found[urn].name for urn in urns},
        {urn: frozenset(la.code for la in found[urn].member_las.all()) for urn in urns},
    )


def _no_unknown(urns: Sequence[str], known: dict[str, Any], what: str) -> None:
    unknown = [urn for urn in urns if urn not in known]
    if unknown:
        raise RuleViolation(f"{what}: {', '.join(unknown)}", field="urns")


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _selection_text(
    selection: Selection, candidates: Sequence[CandidateRaa], window: ProgrammeWindow, seed: int
) -> str:
    names = {raa.urn: raa.name for raa in candidates}
    eligible = len(candidates) - len(selection.excluded)
    lines = [
        f"Sample of {len(selection.selected)} from {eligible} eligible RAAs ({len(candidates)} candidates, "
        f"{len(selection.excluded)} excluded); window {_day(window.start)} to {_day(window.end)}; "
        f"seed {seed}",
        "",
        "Chosen (THM-2)",
    ]
    for urn in selection.selected:
        lines += [f"  {urn}  {names[urn]}", f"      {selection.reasons[urn]}"]
    lines += ["", "Excluded (THM-3)"] if selection.excluded else []
    lines += [f"  {e.urn}  {names[e.urn]}: {e.reason}" for e in selection.excluded]
    lines += ["", "Coverage (THM-2): chosen RAAs with each value among the eligible ones"]
    for factor, counts in selection.coverage.items():
        cells = ", ".join(f"{value} {count}" for value, count in counts.items())
        lines.append(f"  {factor.replace('_', ' '):<16} {cells}")
    return "\n".join(lines)


def _plan_text(visits: Sequence[Visit], names: dict[str, str], teams: int, window: ProgrammeWindow) -> str:
    lines = [
        f"{len(visits)} visit{'s' if len(visits) != 1 else ''} by {teams} team{'s' if teams != 1 else ''} "
        f"between {_day(window.start)} and {_day(window.end)} (THM-4)"
    ]
    for v in visits:
        lines.append(
            f"  {v.urn}  {names.get(v.urn, '')}: team {v.team}, on site {_day(v.start)} to {_day(v.end)}; "
            f"notice {_day(v.notice)} (NTC-2); information by {_day(v.information_due.date())} "
            f"{v.information_due:%H:%M} (INF-1)"
        )
    return "\n".join(lines)
