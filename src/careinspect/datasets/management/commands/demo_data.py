"""`careinspect demo_data a1 …`: write a synthetic A1 dataset (datasets/a1/generate.py), optionally with
deliberate errors, and say where they are. Deterministic for a seed.

`careinspect demo_data planning …`: write a planning scenario (rules/planning/generate.py) that
`careinspect plan --scenario DIR` reads: providers.csv and inspectors.csv. Deterministic for a seed.

Bad arguments exit with code 2 and one line, as every `careinspect` command does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careinspect.core.management.commands.rules import _OneLineErrorParser, iso_date, whole_number
from careinspect.datasets.management.commands.datasets import BAD_INPUT, add_member_las


class Command(BaseCommand):
    help = "Write a synthetic dataset for demos and benchmarks (A1: three sheets, realistic shapes)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="kind", required=True, parser_class=_OneLineErrorParser, metavar="{a1,planning}"
        )
        p = sub.add_parser("a1", help="the RAA A1 dataset (INF-1)")
        p.add_argument("--children", type=whole_number, default=1000, help="rows of the children sheet")
        p.add_argument("--adopters", type=whole_number, default=1000, help="rows of the adopters sheet")
        p.add_argument("--support", type=whole_number, default=1000, help="rows of the support sheet")
        p.add_argument("--seed", type=int, default=0, help="the same seed gives the same data")
        p.add_argument("--errors", type=whole_number, default=0, help="deliberate errors to plant")
        p.add_argument(
            "--format", choices=("csv", "xlsx"), help="default: xlsx if --out ends .xlsx, else csv"
        )
        p.add_argument("--out", type=Path, help="a directory for CSV, a .xlsx file for a workbook")
        p.add_argument(
            "--period-end", type=iso_date, help="the period's last day (default the latest 30 September)"
        )
        add_member_las(p)
        p.add_argument(
            "--json", action="store_true", help="print what was written, and the errors planted, as JSON"
        )

        p = sub.add_parser("planning", help="a planning scenario for `careinspect plan` (issue 14)")
        p.add_argument("--providers", type=whole_number, default=500, help="agencies due for inspection")
        p.add_argument("--inspectors", type=whole_number, default=30, help="inspectors")
        p.add_argument("--seed", type=int, default=0, help="the same seed gives the same scenario")
        p.add_argument(
            "--year", type=whole_number, help="the inspection year from 1 April of this year (default 2026)"
        )
        p.add_argument("--out", type=Path, required=True, help="the folder to write the CSV files in")
        p.add_argument("--json", action="store_true", help="print what was written as JSON")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["kind"] == "planning":
            self._planning(o)
            return
        from careinspect.datasets.a1.generate import DEFAULT_MEMBERS, generate_a1, write_a1

        fmt: Literal["csv", "xlsx"] = o["format"] or (
            "xlsx" if o["out"] and o["out"].suffix.lower() == ".xlsx" else "csv"
        )
        out: Path = o["out"] or Path("a1-demo.xlsx" if fmt == "xlsx" else "a1-demo")
        if fmt == "xlsx" and out.is_dir():
            raise CommandError(f"--out {out} is a directory; give a .xlsx file name", returncode=BAD_INPUT)
        try:
            generated = generate_a1(
                o["children"],
                o["adopters"],
                o["support"],
                seed=o["seed"],
                errors=o["errors"],
                period_end=o["period_end"],
                member_la_codes=o["member_las"] or DEFAULT_MEMBERS,
            )
        except ValueError as exc:
            raise CommandError(f"--errors: {exc}", returncode=BAD_INPUT) from None
        write_a1(generated, out, fmt)
        answer: dict[str, Any] = {
            "path": str(out),
            "format": fmt,
            "period_end": generated.period_end.isoformat(),
            "member_la_codes": list(generated.member_la_codes),
            "row_counts": {name: frame.height for name, frame in generated.frames.items()},
            "injected_errors": generated.injected,
        }
        if o["json"]:
            self.stdout.write(json.dumps(answer, indent=2))
            return
        rows = ", ".join(f"{k} {v}" for k, v in answer["row_counts"].items())
        lines = [f"Wrote {out} ({fmt}): {rows}; period ending {answer['period_end']}"]
        for e in generated.injected:
            lines.append(
                f"  planted: {e['sheet']} row {e['row']}, {e['column']} = {e['value']!r} ({e['kind']})"
            )
        self.stdout.write("\n".join(lines))

    def _planning(self, o: dict[str, Any]) -> None:
        from careinspect.rules.planning.generate import (
            DEFAULT_INSPECTION_YEAR,
            generate_scenario,
            write_scenario,
        )

        if o["inspectors"] < 1:
            raise CommandError("--inspectors: give at least 1 inspector", returncode=BAD_INPUT)
        out: Path = o["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is a file; give a folder", returncode=BAD_INPUT)
        year = o["year"] or DEFAULT_INSPECTION_YEAR
        scenario = generate_scenario(o["providers"], o["inspectors"], seed=o["seed"], year=year)
        write_scenario(scenario, out)
        answer = {
            "providers": str(out / "providers.csv"),
            "inspectors": str(out / "inspectors.csv"),
            "provider_count": len(scenario.providers),
            "inspector_count": len(scenario.inspectors),
            "inspection_year": f"{year}-04-01 to {year + 1}-03-31",
        }
        if o["json"]:
            self.stdout.write(json.dumps(answer, indent=2))
            return
        self.stdout.write(
            f"Wrote {answer['providers']} ({answer['provider_count']} agencies) and {answer['inspectors']} "
            f"({answer['inspector_count']} inspectors) for the inspection year {answer['inspection_year']}"
        )
