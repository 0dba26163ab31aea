"""A synthetic A1 dataset for demos, tests and the benchmark: realistic shapes, deterministic for a seed.

Vectorised end to end: random numbers come from a counter-based generator (splitmix64 over the row number
and a per-column stream, in polars' wrapping unsigned arithmetic), so 1M rows take seconds and a seed gives
the same file on any machine and polars version. Durations are log-normal (a median and a spread), which
is how waiting times in care journeys are usually shaped: most short, a long tail.

`errors=K` plants K deliberate mistakes of varied kinds in distinct cells and says where (`injected`):
every one of them must be found by the validator.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import polars as pl

from careinspect.datasets.a1.period import default_period_end
from careinspect.datasets.a1.schema import SHEETS, SUPPORT_TYPES

# Hampshire, Southampton, Portsmouth and the Isle of Wight: one of the RAAs of seed 001 (demo_raas.toml).
DEFAULT_MEMBERS = ("850", "852", "851", "921")

_MASK = 2**64 - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _u64(value: int) -> pl.Expr:
    return pl.lit(value & _MASK, dtype=pl.UInt64)


def _splitmix(x: pl.Expr) -> pl.Expr:
    z = (x ^ (x // _u64(2**30))) * _u64(0xBF58476D1CE4E5B9)
    z = (z ^ (z // _u64(2**27))) * _u64(0x94D049BB133111EB)
    return z ^ (z // _u64(2**31))


class Draws:
    """Independent random columns over the row counter `i`: each call takes the next stream."""

    def __init__(self, seed: int, sheet: int) -> None:
        self._base = (seed * 0xD1B54A32D192ED03 + sheet * 0x8CB92BA72F3D8DD7) & _MASK
        self._stream = 0

    def uniform(self) -> pl.Expr:
        """Uniform on [0, 1)."""
        self._stream += 1
        offset = (self._base + self._stream * 0xA24BAED4963EE407) & _MASK
        bits = _splitmix(pl.col("i") * _u64(_GOLDEN) + _u64(offset))
        return (bits // _u64(2**11)).cast(pl.Float64) * (1.0 / 2**53)

    def normal(self) -> pl.Expr:
        """Standard normal by Box–Muller."""
        u1, u2 = self.uniform(), self.uniform()
        return (-2.0 * (1.0 - u1).log()).sqrt() * (2.0 * math.pi * u2).cos()

    def log_normal_days(self, median: float | pl.Expr, spread: float) -> pl.Expr:
        return (self.normal() * spread).exp().mul(median).round().cast(pl.Int64)

    def chance(self, p: float) -> pl.Expr:
        return self.uniform() < p

    def choice(self, weighted: Sequence[tuple[str, float]]) -> pl.Expr:
        u = self.uniform()
        total = sum(w for _, w in weighted)
        cumulative = 0.0
        expr: Any = pl
        for value, weight in weighted[:-1]:
            cumulative += weight / total
            expr = expr.when(u < cumulative).then(pl.lit(value))
        return expr.otherwise(pl.lit(weighted[-1][0]))


def _after(start: str | pl.Expr, days: pl.Expr, end: date) -> pl.Expr:
    """`start` plus `days`, or null when that falls after the period's end (it has not happened yet)."""
    base = pl.col(start) if isinstance(start, str) else start
    moved = base + pl.duration(days=days)
    return pl.when(moved <= pl.lit(end)).then(moved)


def _yn(condition: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(pl.lit("Y")).otherwise(pl.lit("N"))


def _ids(prefix: str, n: int) -> pl.DataFrame:
    return pl.select(pl.int_range(0, n, dtype=pl.UInt64).alias("i")).with_columns(
        pl.format(prefix + "{}", (pl.col("i") + 1).cast(pl.String).str.zfill(7)).alias("id")
    )


_ETHNICITY = (
    ("WBRI", 73.0), ("WIRI", 0.5), ("WIRT", 1.0), ("WOTH", 3.0), ("WROM", 1.0), ("MWBC", 4.0), ("MWBA", 1.0),
    ("MWAS", 1.5), ("MOTH", 3.0), ("AIND", 0.5), ("APKN", 1.5), ("ABAN", 0.5), ("AOTH", 1.0), ("BCRB", 1.0),
    ("BAFR", 2.0), ("BOTH", 1.0), ("CHNE", 0.2), ("OOTH", 2.0), ("REFU", 0.5), ("NOBT", 0.8),
)  # fmt: skip
_ADOPTER_ETHNICITY = (("WBRI", 82.0), *((c, w / 2) for c, w in _ETHNICITY if c != "WBRI"))


def _la_weights(members: Sequence[str]) -> list[tuple[str, float]]:
    # Member LAs differ in size: the first is the largest, as in most RAAs (a county and its cities).
    return [(code, 1.0 / (k + 1)) for k, code in enumerate(members)]


def generate_children(n: int, seed: int, end: date, members: Sequence[str]) -> pl.DataFrame:
    r = Draws(seed, 1)
    frame = _ids("C", n).with_columns(
        pl.col("id").alias("child_id"),
        r.choice(_la_weights(members)).alias("la_code"),
        r.choice((("M", 52), ("F", 47), ("X", 0.5), ("U", 0.5))).alias("sex"),
        (pl.lit(end) - pl.duration(days=(r.uniform() * 3 * 365).floor().cast(pl.Int64))).alias(
            "decision_date"
        ),
        pl.min_horizontal(r.log_normal_days(16, 0.9), pl.lit(190)).alias("__age_months"),
        r.choice(_ETHNICITY).alias("ethnicity"),
        _yn(r.chance(0.08)).alias("disability"),
        _yn(r.chance(0.15)).alias("complex_needs"),
        r.choice((("1", 80), ("2", 15), ("3", 4), ("4", 1))).cast(pl.Int64).alias("sibling_group_size"),
        _yn(r.chance(0.10)).alias("early_permanence"),
    )
    # Children with the characteristics the report names wait longer (A1_DATA.md, Measures).
    slower = (
        1.0
        + 0.4 * (pl.col("sibling_group_size") > 1)
        + 0.3 * ((pl.col("disability") == "Y") | (pl.col("complex_needs") == "Y"))
        + 0.5 * (pl.col("__age_months") >= 60)
        + 0.2 * (pl.col("ethnicity") != "WBRI")
    )
    frame = frame.with_columns(
        (pl.col("decision_date") - pl.duration(days=(pl.col("__age_months") * 30.44).cast(pl.Int64)))
        .dt.truncate("1mo")
        .alias("birth_month"),
        pl.when(r.chance(0.85))
        .then(_after("decision_date", r.log_normal_days(45, 0.6), end))
        .alias("placement_order_date"),
        pl.when(r.chance(0.8))
        .then(_after("decision_date", r.log_normal_days(slower * 170, 0.6), end))
        .alias("matched_date"),
    )
    frame = frame.with_columns(
        _after("matched_date", r.log_normal_days(40, 0.5), end).alias("placed_date"),
        pl.when(pl.col("matched_date").is_null() & r.chance(0.15))
        .then(_after("decision_date", r.log_normal_days(250, 0.5), end))
        .alias("plan_changed_date"),
    )
    placed = pl.col("placed_date").is_not_null()
    frame = frame.with_columns(
        _after("placed_date", r.log_normal_days(300, 0.4), end).alias("adoption_order_date"),
        pl.when(placed)
        .then(r.choice((("in_raa", 60), ("other_raa", 10), ("vaa", 12), ("inter_agency_la", 18))))
        .when(r.chance(0.5))
        .then(pl.lit("none"))
        .alias("placement_route"),
        pl.when(placed & (pl.col("sibling_group_size") > 1))
        .then(_yn(r.chance(0.8)))
        .alias("placed_with_siblings"),
        pl.when(placed & r.chance(0.03))
        .then(_after("placed_date", r.log_normal_days(100, 0.6), end))
        .alias("disruption_date"),
    )
    frame = frame.with_columns(
        # A placement that broke down ends before any adoption order.
        pl.when(pl.col("disruption_date").is_null())
        .then(pl.col("adoption_order_date"))
        .alias("adoption_order_date")
    )
    return frame.select(SHEETS[0].names)


def generate_adopters(n: int, seed: int, end: date, members: Sequence[str]) -> pl.DataFrame:
    r = Draws(seed, 2)
    frame = _ids("A", n).with_columns(
        pl.col("id").alias("adopter_id"),
        pl.when(r.chance(0.3)).then(r.choice(_la_weights(members))).alias("assessing_la_code"),
        r.choice((("couple", 75), ("single", 25))).alias("household"),
        r.choice(_ADOPTER_ETHNICITY).alias("ethnicity"),
        r.choice((("Y", 15), ("N", 80), ("U", 5))).alias("lgbtq"),
        (pl.lit(end) - pl.duration(days=(r.uniform() * 3 * 365).floor().cast(pl.Int64))).alias(
            "interest_date"
        ),
        _yn(r.chance(0.25)).alias("sibling_group_considered"),
        pl.when(r.chance(0.15)).then(r.log_normal_days(120, 0.8)).alias("__withdraw_after"),
    )
    frame = frame.with_columns(
        pl.when(r.chance(0.9))
        .then(_after("interest_date", r.log_normal_days(30, 0.6), end))
        .alias("stage1_start")
    )
    frame = frame.with_columns(_after("stage1_start", r.log_normal_days(60, 0.4), end).alias("stage1_end"))
    frame = frame.with_columns(_after("stage1_end", r.log_normal_days(14, 0.8), end).alias("stage2_start"))
    frame = frame.with_columns(
        _after("stage2_start", r.log_normal_days(120, 0.35), end).alias("approval_date")
    )
    frame = frame.with_columns(
        pl.when(r.chance(0.85))
        .then(_after("approval_date", r.log_normal_days(150, 0.7), end))
        .alias("matched_date")
    )
    frame = frame.with_columns(
        _after("matched_date", r.log_normal_days(40, 0.5), end).alias("placed_date"),
        _after("interest_date", pl.col("__withdraw_after"), end).alias("withdrawn_date"),
    )
    stages = ("stage1_start", "stage1_end", "stage2_start", "approval_date", "matched_date", "placed_date")
    withdrawn = pl.col("withdrawn_date")
    # A withdrawn household has no stage after its withdrawal; one that withdrew after placement did not.
    frame = frame.with_columns(
        pl.when(
            withdrawn.is_not_null()
            & pl.col("placed_date").is_not_null()
            & (pl.col("placed_date") <= withdrawn)
        )
        .then(None)
        .otherwise(withdrawn)
        .alias("withdrawn_date")
    )
    frame = frame.with_columns(
        *(pl.when(pl.col(s) > withdrawn).then(None).otherwise(pl.col(s)).alias(s) for s in stages),
        pl.when(withdrawn.is_not_null())
        .then(
            r.choice(
                (("changed circumstances", 40), ("health", 20), ("chose another agency", 15), ("other", 25))
            )
        )
        .alias("withdrawal_reason"),
    )
    in_process = (
        pl.coalesce("approval_date", "withdrawn_date", pl.max_horizontal(*stages, "interest_date"))
        - pl.col("interest_date")
    ).dt.total_days()
    frame = frame.with_columns(
        pl.when(r.chance(0.3))
        .then(pl.min_horizontal(r.log_normal_days(30, 0.7), in_process))
        .otherwise(0)
        .alias("paused_days"),
        pl.when(pl.col("approval_date").is_not_null())
        .then(_yn(r.chance(0.12)))
        .otherwise(pl.lit("N"))
        .alias("early_permanence_approved"),
    )
    return frame.select(SHEETS[1].names)


def generate_support(n: int, seed: int, end: date, members: Sequence[str]) -> pl.DataFrame:
    r = Draws(seed, 3)
    frame = _ids("R", n).with_columns(
        pl.col("id").alias("request_id"),
        pl.format(
            "F{}", (r.uniform() * max(1, int(n * 0.7))).floor().cast(pl.Int64).cast(pl.String).str.zfill(6)
        ).alias("family_id"),
        r.choice(
            (("adoptive_family", 75), ("adopted_adult", 12), ("birth_relative", 8), ("special_guardian", 5))
        ).alias("requester"),
        r.choice(_la_weights(members)).alias("la_code"),
        (pl.lit(end) - pl.duration(days=(r.uniform() * 2 * 365).floor().cast(pl.Int64))).alias(
            "request_date"
        ),
        r.choice(tuple(zip(SUPPORT_TYPES, (25, 20, 10, 10, 8, 7, 8, 6, 6), strict=True))).alias(
            "support_type"
        ),
        _yn(r.chance(0.03)).alias("child_became_cin_or_lac"),
        r.chance(0.8).alias("__needs_support"),
        r.chance(0.04).alias("__withdraws"),
    )
    frame = frame.with_columns(
        pl.when(r.chance(0.97))
        .then(_after("request_date", r.log_normal_days(35, 0.8), end))
        .alias("assessment_start")
    )
    frame = frame.with_columns(
        _after("assessment_start", r.log_normal_days(30, 0.5), end).alias("assessment_end")
    )
    frame = frame.with_columns(
        pl.when(pl.col("__needs_support"))
        .then(_after("assessment_end", r.log_normal_days(40, 0.7), end))
        .alias("support_start")
    )
    frame = frame.with_columns(_after("support_start", r.log_normal_days(150, 0.6), end).alias("support_end"))
    status = (
        pl.when(pl.col("__withdraws") & pl.col("support_start").is_null())
        .then(pl.lit("withdrawn"))
        .when(pl.col("assessment_start").is_null())
        .then(pl.lit("waiting_assessment"))
        .when(
            pl.col("support_start").is_null()
            & pl.col("assessment_end").is_not_null()
            & ~pl.col("__needs_support")
        )
        .then(pl.lit("closed"))
        .when(pl.col("support_start").is_null())
        .then(pl.lit("waiting_support"))
        .when(pl.col("support_end").is_null())
        .then(pl.lit("receiving"))
        .otherwise(pl.lit("closed"))
    )
    frame = frame.with_columns(
        status.alias("status"),
        pl.when(pl.col("support_type") == "therapy_asgsf")
        .then((r.normal() * 0.5).exp().mul(2500).round(2))
        .alias("asgsf_amount"),
    )
    return frame.select(SHEETS[2].names)


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every cell as the agency would type it: ISO dates, YYYY-MM months, plain numbers."""
    out = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype == pl.Date:
            out.append(col.dt.strftime("%Y-%m" if name == "birth_month" else "%Y-%m-%d").alias(name))
        else:
            out.append(col.cast(pl.String).alias(name))
    return frame.select(out)


# Each kind of deliberate error: sheet, column, and the bad text (from the cell's row of the typed frame).
_INJECTIONS: tuple[tuple[str, str, str, Any], ...] = (
    ("impossible date", "children", "decision_date", lambda row, end: "2023-02-30"),
    ("unknown ethnicity code", "children", "ethnicity", lambda row, end: "XXXX"),
    ("duplicate child_id", "children", "child_id", lambda row, end: "C0000001"),
    ("LA code not a member", "children", "la_code", lambda row, end: "999"),
    ("sibling group of 0", "children", "sibling_group_size", lambda row, end: "0"),
    ("negative paused days", "adopters", "paused_days", lambda row, end: "-3"),
    ("blank required date", "adopters", "interest_date", lambda row, end: None),
    ("not Y or N", "adopters", "early_permanence_approved", lambda row, end: "maybe"),
    (
        "date after the period",
        "support",
        "request_date",
        lambda row, end: (end + timedelta(days=40)).isoformat(),
    ),
    ("unknown support type", "support", "support_type", lambda row, end: "massage"),
    ("unknown status", "support", "status", lambda row, end: "pending"),
    ("child became CIN not Y/N", "support", "child_became_cin_or_lac", lambda row, end: "yes please"),
)


def inject_errors(frames: dict[str, pl.DataFrame], k: int, seed: int, end: date) -> list[dict[str, Any]]:
    """Plant `k` errors in distinct rows (never the first row, which the duplicate-ID error copies)."""
    rng = random.Random(seed)
    kinds = [_INJECTIONS[j % len(_INJECTIONS)] for j in range(k)]
    per_sheet: dict[str, int] = {}
    for _, sheet, _, _ in kinds:
        per_sheet[sheet] = per_sheet.get(sheet, 0) + 1
    rows = {}
    for sheet, wanted in per_sheet.items():
        available = frames[sheet].height - 1
        if wanted > available:
            raise ValueError(f"{k} errors need at least {wanted + 1} rows in {sheet}")
        rows[sheet] = iter(sorted(rng.sample(range(1, frames[sheet].height), wanted)))
    injected: list[dict[str, Any]] = []
    cells: dict[tuple[str, str], tuple[list[int], list[str | None]]] = {}
    for what, sheet, column, make in kinds:
        index = next(rows[sheet])
        value = make(index, end)
        indices, values = cells.setdefault((sheet, column), ([], []))
        indices.append(index)
        values.append(value)
        injected.append({"sheet": sheet, "row": index + 2, "column": column, "value": value, "kind": what})
    for (sheet, column), (indices, values) in cells.items():
        series = frames[sheet].get_column(column).scatter(indices, pl.Series(values, dtype=pl.String))
        frames[sheet] = frames[sheet].with_columns(series)
    injected.sort(key=lambda e: (e["sheet"], e["row"]))
    return injected


@dataclass
class GeneratedA1:
    frames: dict[str, pl.DataFrame]  # text, as written to the file
    period_end: date
    member_la_codes: tuple[str, ...]
    injected: list[dict[str, Any]] = field(default_factory=list)


def generate_a1(
    children: int,
    adopters: int,
    support: int,
    *,
    seed: int = 0,
    errors: int = 0,
    period_end: date | None = None,
    member_la_codes: Sequence[str] = DEFAULT_MEMBERS,
) -> GeneratedA1:
    end = period_end or default_period_end()
    members = tuple(member_la_codes)
    frames = {
        "children": as_text(generate_children(children, seed, end, members)),
        "adopters": as_text(generate_adopters(adopters, seed, end, members)),
        "support": as_text(generate_support(support, seed, end, members)),
    }
    injected = inject_errors(frames, errors, seed, end) if errors else []
    return GeneratedA1(frames, end, members, injected)


def write_a1(generated: GeneratedA1, out: Path, fmt: Literal["csv", "xlsx"] = "csv") -> Path:
    """A directory of children.csv, adopters.csv, support.csv; or one workbook with real Excel dates."""
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in generated.frames.items():
            frame.write_csv(out / f"{name}.csv")
        return out
    _write_xlsx(generated.frames, out)
    return out


def _write_xlsx(frames: dict[str, pl.DataFrame], out: Path) -> None:
    # types-openpyxl is not among the dev dependencies; the two calls used here are plain.
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    for sheet in SHEETS:
        frame = frames[sheet.name]
        ws = book.create_sheet(sheet.name)
        ws.append(list(frame.columns))
        kinds = [c.type.name for c in sheet.columns if c.name in frame.columns]
        # openpyxl writes cell by cell: this is the slow part of a large workbook (the bench uses CSV for 1M).
        for values in frame.iter_rows():
            ws.append([_cell(kind, value) for kind, value in zip(kinds, values, strict=True)])
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


def _cell(kind: str, value: str | None) -> Any:
    if value is None:
        return None
    if kind == "date":
        try:
            return date.fromisoformat(value)  # a real Excel date cell
        except ValueError:
            return value
    if kind in ("whole_number", "money"):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value
