"""The A1 measures as tables, bar charts and CSV rows (the numbers come from careinspect.datasets).

A measure is any dict holding a `count`; its path through the nested groups names it. Small numbers are
suppressed by `careinspect.datasets.measures.suppress` before anything is shown outside the team.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from careinspect.safefiles import neutralise_for_export

STAT_FIELDS = ("count", "of", "share", "median", "p90", "max")


@dataclass(frozen=True)
class MeasureRow:
    group: str
    path: tuple[str, ...]
    stats: dict[str, Any]

    @property
    def label(self) -> str:
        return " › ".join(words(part) for part in self.path)

    @property
    def is_duration(self) -> bool:
        return "median" in self.stats


# Acronyms and codes as people write them.
WORDS = {"raa": "RAA", "vaa": "VAA", "la": "LA", "bme": "BME", "cin": "CIN", "lac": "LAC"}


def words(key: str) -> str:
    """A measure's key in words: "in_raa" → "in RAA", "inter_agency_la" → "inter agency LA"."""
    return " ".join(WORDS.get(part, part) for part in key.split("_"))


def rows(measures: dict[str, Any], scope: str = "raa") -> list[MeasureRow]:
    """Every measure of one scope ("raa" or a member LA's code) in reading order."""
    tree = measures.get("raa", {}) if scope == "raa" else measures.get("by_la", {}).get(scope, {})
    return [
        MeasureRow(group, path, stats)
        for group, subtree in tree.items()
        for path, stats in _walk(subtree, ())
    ]


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    if not isinstance(node, dict):
        return
    if "count" in node:
        yield path, {k: node[k] for k in STAT_FIELDS if k in node}
    for key, child in node.items():
        if isinstance(child, dict):
            yield from _walk(child, (*path, key))


def scopes(measures: dict[str, Any]) -> list[str]:
    return ["raa", *sorted(k for k in measures.get("by_la", {}) if k != "RAA")]


def chart_bars(measure_rows: list[MeasureRow]) -> list[dict[str, Any]]:
    """Median and 90th percentile as bar widths (percent of the longest), for the durations only."""
    durations = [r for r in measure_rows if r.is_duration and isinstance(r.stats.get("p90"), (int, float))]
    longest = max((float(r.stats["max"]) for r in durations if r.stats.get("max") is not None), default=0.0)
    if longest <= 0:
        return []
    return [
        {
            "label": r.label,
            "median": r.stats["median"],
            "p90": r.stats["p90"],
            "count": r.stats["count"],
            "median_pct": round(100 * float(r.stats["median"]) / longest, 1),
            "p90_pct": round(100 * float(r.stats["p90"]) / longest, 1),
            # The scale every bar is drawn against: 0 to the longest wait in the group, in days.
            "scale": round(longest),
        }
        for r in durations
    ]


def to_csv(measures: dict[str, Any]) -> str:
    """Every measure of every scope, for the inspection team (unsuppressed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scope", "group", "measure", *STAT_FIELDS])
    for scope in scopes(measures):
        for row in rows(measures, scope):
            writer.writerow(
                [
                    scope,
                    row.group,
                    neutralise_for_export(row.label),
                    *(row.stats.get(k, "") for k in STAT_FIELDS),
                ]
            )
    return out.getvalue()
