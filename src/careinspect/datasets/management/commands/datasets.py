"""`careinspect datasets validate KIND PATH`: check an uploaded dataset, as text or JSON.

Scripts rely on this contract (issue 4): exit code 0 when the dataset is valid, 1 when it has data errors
(all listed), 2 when the file cannot be read or an argument is bad (one line naming it). With `--json`
the answer is `{"valid", "errors": [{"sheet", "row", "column", "value", "message"}], "measures", ...}`;
an A1 answer also says which period was measured and how the rows' own dates fit it (`"period"`, issue 15:
docs/datasets/a1.md), and warns, naming the year that fits, when most rows fall outside it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careinspect.core.management.commands.rules import _OneLineErrorParser, iso_date
from careinspect.datasets.kinds import KIND_NAMES
from careinspect.rules.calendar import day_text

if TYPE_CHECKING:
    from careinspect.datasets.validate import DatasetResult

BAD_INPUT = 2
DATA_ERRORS = 1
TEXT_ERRORS_SHOWN = 50


def la_codes(text: str) -> list[str]:
    """`318,319`: 3-digit DfE numbers of English local authorities."""
    from careinspect.datasets.reference import english_la_codes

    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("give at least one local authority code, like 318,319")
    unknown = [c for c in codes if c not in english_la_codes()]
    if unknown:
        raise argparse.ArgumentTypeError(f"{', '.join(unknown)} is not an English local authority code")
    return codes


def add_member_las(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--member-las", type=la_codes, metavar="CODES", help="the RAA's member LAs, comma-separated (318,319)"
    )


class Command(BaseCommand):
    help = "Validate an uploaded dataset (A1, ASA case list, ASA pre-inspection form, IFA carer register)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, parser_class=_OneLineErrorParser, metavar="{validate}"
        )
        p = sub.add_parser("validate", help="check a dataset; A1 measures when it is valid")
        p.add_argument("kind", choices=KIND_NAMES)
        p.add_argument("path", help="a workbook, a CSV file, or a directory with one CSV per sheet")
        add_member_las(p)
        p.add_argument(
            "--period-end",
            type=iso_date,
            help="A1: the period's last day (default the latest 30 September); others: the date of the list",
        )
        p.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args: Any, **options: Any) -> None:
        from careinspect.datasets.errors import DatasetUnreadable
        from careinspect.datasets.validate import validate_dataset

        try:
            result = validate_dataset(
                options["kind"],
                options["path"],
                member_la_codes=options["member_las"],
                period_end=options["period_end"],
            )
        except DatasetUnreadable as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT) from None
        answer = result.as_dict()
        if result.kind == "a1":
            answer["period"] = _a1_period(result, given=options["period_end"] is not None)
        self.stdout.write(
            json.dumps(answer, indent=2, default=_json_default) if options["json"] else _text(answer)
        )
        if not result.valid:
            sys.exit(DATA_ERRORS)


def _a1_period(result: DatasetResult, *, given: bool) -> dict[str, Any]:
    """RULES: INF-1 — the period measured, where it came from, and (for a valid dataset, whose rows are
    read) how many rows' latest events fall in it, the year that fits most of them and a warning when most
    fall outside."""
    from careinspect.datasets.a1.measures import period_fit
    from careinspect.datasets.a1.period import period_start

    answer: dict[str, Any] = {
        "start": period_start(result.period_end).isoformat(),
        "end": result.period_end.isoformat(),
        "from": "--period-end" if given else "default",
        "rows_dated": None,
        "rows_in_period": None,
        "best_fit": None,
        "warning": None,
    }
    if result.valid:
        # The validated, typed sheets: read once by the validation, never read again here.
        answer.update(period_fit(result._frames, result.period_end).as_dict())
    return answer


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _la_names() -> dict[str, str]:
    """Local authorities' names by code, from the registry's reference file (no database needed)."""
    text = (resources.files("careinspect.registry") / "data" / "local_authorities.csv").read_text("utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(io.StringIO(text))}


def _day(text: str) -> str:
    day = date.fromisoformat(text)
    return f"{day_text(day)}"


def _period_lines(period: dict[str, Any] | None) -> list[str]:
    if period is None:
        return []
    source = (
        "given by --period-end"
        if period["from"] == "--period-end"
        else "the default, the latest 30 September before today: choose another with --period-end"
    )
    lines = [f"Period measured: {_day(period['start'])} to {_day(period['end'])} ({source})."]
    if period["rows_dated"] is not None:
        lines.append(f"  {period['rows_in_period']} of {period['rows_dated']} rows have an event in it.")
    if period["warning"]:
        lines.append(f"Warning: {period['warning']}.")
    return lines


def _text(answer: dict[str, Any]) -> str:
    rows = ", ".join(f"{sheet} {n} rows" for sheet, n in answer["row_counts"].items())
    lines = [f"{answer['kind']}: {rows}"]
    lines.extend(_period_lines(answer.get("period")))
    if answer["valid"]:
        lines.append("Valid: no errors.")
    else:
        lines.append(f"Not valid: {answer['error_count']} error{'s' if answer['error_count'] != 1 else ''}.")
        for e in answer["errors"][:TEXT_ERRORS_SHOWN]:
            value = "" if e["value"] is None else f" {e['value']!r}"
            lines.append(f"  {e['sheet']} row {e['row']}, {e['column']}{value}: {e['message']}")
        if answer["error_count"] > TEXT_ERRORS_SHOWN:
            lines.append(
                f"  … and {answer['error_count'] - TEXT_ERRORS_SHOWN} more (use --json for the list)"
            )
    if answer["warning_count"]:
        lines.append(f"{answer['warning_count']} warning{'s' if answer['warning_count'] != 1 else ''}:")
        for w in answer["warnings"][:TEXT_ERRORS_SHOWN]:
            value = "" if w["value"] is None else f" {w['value']!r}"
            lines.append(f"  {w['sheet']} row {w['row']}, {w['column']}{value}: {w['message']}")
    lines.extend(_measure_lines(answer))
    return "\n".join(lines)


def _stat(block: dict[str, Any]) -> str:
    if not block.get("count"):
        return "none"
    n = block["count"]
    return f"median {block['median']}, 90th percentile {block['p90']}, longest {block['max']} (n={n})"


def _measure_lines(answer: dict[str, Any]) -> list[str]:
    measures = answer["measures"]
    if answer["kind"] != "a1" or not measures:
        return [f"  {k}: {v}" for k, v in measures.items() if not isinstance(v, dict)]
    from careinspect.datasets.a1.measures import full_label

    raa = measures["raa"]
    period = measures["period"]
    suff = raa["sufficiency"]
    durations = [
        ("adopters", ("interest_to_approval_days",)),
        ("support", ("request_to_assessment_days",)),
        ("support", ("waiting_now", "days")),
        ("children", ("decision_to_placement_days",)),
    ]
    lines = [f"Measures for {_day(period['start'])} to {_day(period['end'])}, for the whole RAA:"]
    for group, path in durations:
        block: Any = raa[group]
        for key in path:
            block = block[key]
        lines.append(f"  {full_label(group, path)}: {_stat(block)}")
    names = _la_names()
    las = [f"{names[c]} ({c})" if c in names else c for c in measures["by_la"] if c != "RAA"]
    return [
        *lines,
        f"  {full_label('sufficiency', ('approved_adopters_not_matched',))}:"
        f" {suff['approved_adopters_not_matched']['count']}",
        f"  {full_label('sufficiency', ('children_waiting',))}: {_stat(suff['children_waiting'])}",
        f"  By local authority: {', '.join(las)} (use --json for everything)",
    ]
