"""Benchmark: generate an A1 dataset, then read, validate and measure it; seconds per phase and peak memory.

    .venv/bin/python bench/a1_ingest.py [--sizes 10000 100000 1000000] [--xlsx-up-to 100000]

Each size is the number of rows in *each* of the three sheets. Generating and ingesting run in separate
fresh subprocesses, so the peak resident memory reported (getrusage max RSS) is the ingest's alone:
tracemalloc does not see polars' memory. Validation reads one sheet at a time (`reader.open_sheets`) and
keeps only its typed columns, so "read" is the time spent reading the sheets during that one pass. Sizes
up to --xlsx-up-to are written as an XLSX workbook with real date cells (openpyxl writes cell by cell, too
slow for 1M rows); larger ones as three CSV files.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

PERIOD_END = date(2024, 9, 30)
MEMBERS = ["850", "852", "851", "921"]


def generate(size: int, out: Path, fmt: str) -> None:
    from careinspect.datasets.a1.generate import generate_a1, write_a1

    write_a1(generate_a1(size, size, size, seed=1, period_end=PERIOD_END, member_la_codes=MEMBERS), out, fmt)  # type: ignore[arg-type]


class _TimedSheets:
    """The file's sheets, with the time spent reading them: validation takes one sheet at a time (read,
    parse, check, keep its typed columns), so reading and checking interleave and are timed apart here."""

    def __init__(self, sheets: Any) -> None:
        self._sheets = sheets
        self.seconds = 0.0

    def pop(self, sheet: str) -> Any:
        start = time.perf_counter()
        frame = self._sheets.pop(sheet)
        self.seconds += time.perf_counter() - start
        return frame


def ingest(path: Path) -> dict[str, float]:
    from careinspect.datasets.a1.kind import A1, a1_schema
    from careinspect.datasets.a1.measures import a1_measures
    from careinspect.datasets.engine import validate_frames
    from careinspect.datasets.reader import open_sheets

    schema = a1_schema(PERIOD_END, MEMBERS)
    c0 = time.process_time()
    t0 = time.perf_counter()
    raw = _TimedSheets(open_sheets(path, schema.sheet_names))
    checked = validate_frames(schema, raw, prepare=A1.prepare)
    t2 = time.perf_counter()
    if not checked.valid:
        raise SystemExit(f"generated data has {checked.errors.count} errors: {checked.errors.records[:3]}")
    measures = a1_measures(checked.frames, PERIOD_END)
    t3 = time.perf_counter()
    assert measures["raa"]["children"]["children"]["count"] == checked.row_counts["children"]
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "read": raw.seconds,
        "validate": t2 - t0 - raw.seconds,
        "measure": t3 - t2,
        "total": t3 - t0,
        "cpu": time.process_time() - c0,  # CPU seconds over all threads: steadier on a shared machine
        "peak_mib": peak_kib / 1024,
    }


def _child(*args: str) -> str:
    env = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")}
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr.strip() or done.stdout.strip())
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--xlsx-up-to", type=int, default=100_000, help="larger sizes are written as CSV")
    parser.add_argument("--generate", nargs=3, metavar=("SIZE", "PATH", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--ingest", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(int(args.generate[0]), Path(args.generate[1]), args.generate[2])
        return
    if args.ingest:
        print(json.dumps(ingest(Path(args.ingest))))
        return

    print(f"A1 ingest, rows per sheet (x3 sheets), {os.cpu_count()} CPUs, POLARS_MAX_THREADS=2")
    heads = ("rows", "format", "generate", "read", "validate", "measure", "total", "cpu", "peak MiB")
    print(" ".join(f"{h:>9}" for h in heads))
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            fmt = "xlsx" if size <= args.xlsx_up_to else "csv"
            path = Path(tmp) / (f"a1-{size}.xlsx" if fmt == "xlsx" else f"a1-{size}")
            start = time.perf_counter()
            _child("--generate", str(size), str(path), fmt)
            made = time.perf_counter() - start
            r = json.loads(_child("--ingest", str(path)))
            cells = [f"{size:,}", fmt, f"{made:.2f}"]
            cells += [f"{r[k]:.2f}" for k in ("read", "validate", "measure", "total", "cpu")]
            print(" ".join(f"{c:>9}" for c in [*cells, f"{r['peak_mib']:.0f}"]), flush=True)


if __name__ == "__main__":
    main()
