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
    def exprs(self, alias: str) -> list[pl.Expr]: ...

    def build(self, row: Mapping[str, Any], alias: str) -> Any: ...


Tree = Mapping[str, "Measure | Tree"]


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _count(value: Any) -> int:
    return int(value or 0)


@dataclass(frozen=True)
class Duration:
    """Days between two events for the rows where `where` holds: count, median, 90th percentile, maximum."""

    days: pl.Expr
    where: pl.Expr

    def exprs(self, alias: str) -> list[pl.Expr]:
        d = self.days.filter(self.where & self.days.is_not_null())
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

    def exprs(self, alias: str) -> list[pl.Expr]:
        return [self.where.fill_null(False).sum().alias(alias + "|count")]

    def build(self, row: Mapping[str, Any], alias: str) -> dict[str, Any]:
        return {"count": _count(row.get(alias + "|count"))}


@dataclass(frozen=True)
class Share:
    """`count` rows meeting `numerator` out of `of` rows meeting `denominator`, and the share (0 to 1)."""

    numerator: pl.Expr
    denominator: pl.Expr

    def exprs(self, alias: str) -> list[pl.Expr]:
        den = self.denominator.fill_null(False)
        return [
            (den & self.numerator.fill_null(False)).sum().alias(alias + "|count"),
            den.sum().alias(alias + "|of"),
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

    def exprs(self, alias: str) -> list[pl.Expr]:
        w = self.where.fill_null(False)
        return [
            (w & (pl.col(self.column) == v)).fill_null(False).sum().alias(f"{alias}|{v}") for v in self.values
        ]

    def build(self, row: Mapping[str, Any], alias: str) -> dict[str, Any]:
        return {v: {"count": _count(row.get(f"{alias}|{v}"))} for v in self.values}


@dataclass(frozen=True)
class Longest:
    """The `n` longest waits (case record ID and days) among the rows meeting `where`: for the inspection
    team to follow up; `suppress` removes them."""

    id_column: str
    days: pl.Expr
    where: pl.Expr
    n: int = 10

    def exprs(self, alias: str) -> list[pl.Expr]:
        w = self.where.fill_null(False)
        days = self.days.filter(w)
        return [
            pl.col(self.id_column)
            .filter(w)
            .sort_by(days, descending=True)
            .head(self.n)
            .alias(alias + "|ids"),
            days.sort(descending=True).head(self.n).alias(alias + "|days"),
        ]

    def build(self, row: Mapping[str, Any], alias: str) -> list[dict[str, Any]]:
        ids, days = row.get(alias + "|ids") or [], row.get(alias + "|days") or []
        return [{"id": i, "days": int(d)} for i, d in zip(ids, days, strict=False)]


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
    """The tree for the whole frame, and per group (`group` gives each row's key; null keys are left out),
    in two group-by passes."""
    exprs = [e for path, measure in _leaves(tree) for e in measure.exprs(path)]
    whole_rows = frame.lazy().group_by(pl.lit(WHOLE).alias(SCOPE)).agg(exprs).collect().to_dicts()
    whole = _build(tree, whole_rows[0] if whole_rows else {})
    grouped = (
        frame.lazy().group_by(group.alias(SCOPE)).agg(exprs).filter(pl.col(SCOPE).is_not_null()).collect()
    )
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
