"""Building blocks for measures: durations, counts, shares and breakdowns computed per group in one pass.

A measure tree is a nested dict whose leaves are measures. `aggregate` turns each leaf into polars
aggregation expressions, runs one `group_by(...).agg(...)` per sheet and builds the same tree back per
group, as plain JSON-able dicts. Percentiles use polars' `quantile(q, interpolation="linear")`: the value at
rank 1 + q·(n − 1) between the two nearest values (Excel's PERCENTILE.INC, numpy's default); the median
is the 0.5 quantile. Statistics are rounded to one decimal place.

Every measure says how many rows it rests on (`count`, and `of` for a share's denominator), which is what
`suppress` works on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl

from careinspect.datasets.schema import ROW

SUPPRESSION_MARKER = "c"  # as in DfE and ONS tables: "confidential", a small number withheld
SCOPE = "__scope"
WHOLE = "RAA"
EVERY_ROW = pl.col(ROW).is_not_null()  # a per-row true (pl.lit(True) would aggregate as one value)


class Measure(Protocol):
    """A leaf of a measure tree: per-row columns (computed once, vectorised), then plain aggregations of
    them per group (no filtering inside the group-by, which would be slow), then the JSON block."""

    def columns(self, alias: str) -> list[pl.Expr]: ...

    def aggs(self, alias: str) -> list[pl.Expr]: ...

    def build(self, row: Mapping[str, Any], alias: str) -> Any: ...


Tree = Mapping[str, "Measure | Tree"]


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _count(value: Any) -> int:
    return int(value or 0)


def _flag(expr: pl.Expr) -> pl.Expr:
    return expr.fill_null(False)


@dataclass(frozen=True)
class Duration:
    """Days between two events for the rows where `where` holds: count, median, 90th percentile, maximum."""

    days: pl.Expr
    where: pl.Expr

    def columns(self, alias: str) -> list[pl.Expr]:
        # Int32 days: half the memory of Int64 over a million rows, and 5.8 million years of range.
        return [pl.when(_flag(self.where)).then(self.days).cast(pl.Int32).alias(alias)]

    def aggs(self, alias: str) -> list[pl.Expr]:
        d = pl.col(alias)
        return [
            d.count().alias(alias + "|count"),
            d.median().alias(alias + "|median"),
            d.quantile(0.9, interpolation="linear").alias(alias + "|p90"),
            d.max().alias(alias + "|max"),
        ]

    def build(self, row: Mapping[str, Any], alias: str) -> dict[str, Any]:
        maximum = row.get(alias + "|max")
        return {
            "count": _count(row.get(alias + "|count")),
            "median": _round(row.get(alias + "|median")),
            "p90": _round(row.get(alias + "|p90")),
            "max": None if maximum is None else int(maximum),
        }


@dataclass(frozen=True)
class Count:
    where: pl.Expr

    def columns(self, alias: str) -> list[pl.Expr]:
        return [_flag(self.where).alias(alias)]

    def aggs(self, alias: str) -> list[pl.Expr]:
        return [pl.col(alias).sum().alias(alias + "|count")]

    def build(self, row: Mapping[str, Any], alias: str) -> dict[str, Any]:
        return {"count": _count(row.get(alias + "|count"))}


@dataclass(frozen=True)
class Share:
    """`count` rows meeting `numerator` out of `of` rows meeting `denominator`, and the share (0 to 1)."""

    numerator: pl.Expr
    denominator: pl.Expr

    def columns(self, alias: str) -> list[pl.Expr]:
        den = _flag(self.denominator)
        return [(den & _flag(self.numerator)).alias(alias + "|n"), den.alias(alias + "|d")]

    def aggs(self, alias: str) -> list[pl.Expr]:
        return [
            pl.col(alias + "|n").sum().alias(alias + "|count"),
            pl.col(alias + "|d").sum().alias(alias + "|of"),
        ]

    def build(self, row: Mapping[str, Any], alias: str) -> dict[str, Any]:
        count, of = _count(row.get(alias + "|count")), _count(row.get(alias + "|of"))
        return {"count": count, "of": of, "share": round(count / of, 3) if of else None}


@dataclass(frozen=True)
class Breakdown:
    """How many rows meeting `where` have each of `values` in `column`."""

    column: str
    values: tuple[str, ...]
    where: pl.Expr

    def columns(self, alias: str) -> list[pl.Expr]:
        w = _flag(self.where)
        return [(w & _flag(pl.col(self.column) == v)).alias(f"{alias}|{v}") for v in self.values]

    def aggs(self, alias: str) -> list[pl.Expr]:
        return [pl.col(f"{alias}|{v}").sum() for v in self.values]

    def build(self, row: Mapping[str, Any], alias: str) -> dict[str, Any]:
        return {v: {"count": _count(row.get(f"{alias}|{v}"))} for v in self.values}


@dataclass(frozen=True)
class Longest:
    """The `n` longest waits (case record ID and days) among the rows meeting `where`: for the inspection
    team to follow up; `suppress` withholds them."""

    id_column: str
    days: pl.Expr
    where: pl.Expr
    n: int = 10

    def columns(self, alias: str) -> list[pl.Expr]:
        return [
            pl.when(_flag(self.where)).then(self.days).alias(alias),
            pl.col(self.id_column).alias(alias + "|id"),
        ]

    def aggs(self, alias: str) -> list[pl.Expr]:
        days = pl.col(alias)
        return [
            pl.col(alias + "|id").top_k_by(days, self.n).alias(alias + "|ids"),
            days.top_k(self.n).alias(alias + "|days"),
        ]

    def build(self, row: Mapping[str, Any], alias: str) -> list[dict[str, Any]]:
        ids, days = row.get(alias + "|ids") or [], row.get(alias + "|days") or []
        pairs = zip(ids, days, strict=False)
        return [{"id": i, "days": int(d)} for i, d in pairs if d is not None]


def _leaves(tree: Tree, prefix: str = "") -> Iterable[tuple[str, Measure]]:
    for key, node in tree.items():
        path = f"{prefix}/{key}" if prefix else key
        if isinstance(node, Mapping):
            yield from _leaves(node, path)
        else:
            yield path, node


def _build(tree: Tree, row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, node in tree.items():
        path = f"{prefix}/{key}" if prefix else key
        out[key] = _build(node, row, path) if isinstance(node, Mapping) else node.build(row, path)
    return out


def aggregate(
    frame: pl.DataFrame, tree: Tree, group: pl.Expr
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The tree for the whole frame, and per group (`group` gives each row's key; null keys are left out).

    One pass computes every measure's per-row columns; then one aggregation for the whole frame and one
    group-by, both of plain column aggregations.
    """
    leaves = list(_leaves(tree))
    per_row = (
        frame.lazy().select(group.alias(SCOPE), *(e for path, m in leaves for e in m.columns(path))).collect()
    )
    aggs = [e for path, m in leaves for e in m.aggs(path)]
    # The whole frame as one group (a plain select would spread the top-k lists over rows).
    whole_rows = per_row.lazy().group_by(pl.lit(WHOLE).alias(SCOPE)).agg(aggs).collect().to_dicts()
    whole = _build(tree, whole_rows[0] if whole_rows else {})
    grouped = per_row.lazy().filter(pl.col(SCOPE).is_not_null()).group_by(SCOPE).agg(aggs).collect()
    return whole, {str(row[SCOPE]): _build(tree, row) for row in grouped.iter_rows(named=True)}


def suppress(measures: Any, threshold: int = 5, marker: str = SUPPRESSION_MARKER) -> Any:
    """A copy fit to show outside the inspection team: counts from 1 to threshold − 1 become the marker, and
    so does every statistic or share resting on them; lists of longest waits (case IDs) are withheld.

    Zero is shown as 0: it discloses no one. Secondary suppression (working a withheld number back from
    totals) is not done: see docs/datasets/a1.md.
    """
    if isinstance(measures, list):
        return [suppress(m, threshold, marker) for m in measures]
    if not isinstance(measures, Mapping):
        return measures
    out = {k: suppress(v, threshold, marker) for k, v in measures.items()}

    def small(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold

    if "longest" in out:
        out["longest"] = marker
    if small(out.get("count")):
        out["count"] = marker
        for key in ("median", "p90", "max", "share", "ratio"):
            if key in out:
                out[key] = marker
    if small(out.get("of")):
        out["of"] = marker
        if "share" in out:
            out["share"] = marker
    return out
