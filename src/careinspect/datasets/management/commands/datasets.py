"""`careinspect datasets validate KIND PATH`: check an uploaded dataset, as text or JSON.

Scripts rely on this contract (issue 4): exit code 0 when the dataset is valid, 1 when it has data errors
(all listed), 2 when the file cannot be read or an argument is bad (one line naming it). With `--json`
the answer is `{"valid", "errors": [{"sheet", "row", "column", "value", "message"}], "measures", ...}`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careinspect.core.management.commands.rules import _OneLineErrorParser, iso_date
from careinspect.datasets.kinds import KIND_NAMES

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
        self.stdout.write(
            json.dumps(answer, indent=2, default=_json_default) if options["json"] else _text(answer)
        )
        if not result.valid:
            sys.exit(DATA_ERRORS)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _text(answer: dict[str, Any]) -> str:
    rows = ", ".join(f"{sheet} {n} rows" for sheet, n in answer["row_counts"].items())
    lines = [f"{answer['kind']}: {rows}"]
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
    raa = measures["raa"]
    period = measures["period"]
    suff = raa["sufficiency"]
    return [
        f"Measures for the period {period['start']} to {period['end']} (days):",
        f"  adopters, interest to approval: {_stat(raa['adopters']['interest_to_approval_days'])}",
        f"  support, request to assessment: {_stat(raa['support']['request_to_assessment_days'])}",
        f"  support, waiting for assessment now: {_stat(raa['support']['waiting_now']['days'])}",
        f"  children, decision to placement: {_stat(raa['children']['decision_to_placement_days'])}",
        f"  approved adopters not matched: {suff['approved_adopters_not_matched']['count']};"
        f" children waiting: {suff['children_waiting']['count']}",
        f"  by LA: {', '.join(measures['by_la'])} (use --json for everything)",
    ]
