"""The A1 measures as tables, bar charts and CSV rows (the numbers come from careinspect.datasets).

A measure is any dict holding a `count`; its path through the nested groups names it, and the A1 label
table (`careinspect.datasets.a1.measures.MEASURE_LABELS`) says it in words. Local authorities are shown by
name from the registry, with their code. Small numbers are suppressed by
`careinspect.datasets.measures.suppress` before anything is shown outside the team.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from careinspect.datasets.a1.measures import GROUP_LABELS, MEASURE_LABELS, measure_label
from careinspect.safefiles import neutralise_for_export

STAT_FIELDS = ("count", "of", "share", "median", "p90", "max")
WHOLE_RAA = "The whole RAA"


@dataclass(frozen=True)
class MeasureRow:
    group: str
    path: tuple[str, ...]
    stats: dict[str, Any]

    @property
    def label(self) -> str:
        """The measure in words; a path the label table lacks falls back to its keys in words."""
        return measure_label(self.group, self.path) or " › ".join(words(part) for part in self.path)

    @property
    def group_label(self) -> str:
        return group_label(self.group)

    @property
    def key(self) -> str:
        """The measure's place in the JSON (`docs/datasets/a1.md`), e.g. "stages.stage1_days"."""
        return ".".join(self.path)

    @property
    def is_duration(self) -> bool:
        return "median" in self.stats


# Acronyms and codes as people write them.
WORDS = {"raa": "RAA", "vaa": "VAA", "la": "LA", "bme": "BME", "cin": "CIN", "lac": "LAC"}


def words(key: str) -> str:
    """A measure's key in words: "in_raa" → "in RAA", "inter_agency_la" → "inter agency LA"."""
    return " ".join(WORDS.get(part, part) for part in key.split("_"))


def group_label(group: str) -> str:
    return GROUP_LABELS.get(group) or words(group).capitalize()


def local_authority_names(codes: Iterable[str]) -> dict[str, str]:
    """The registry's names of the local authorities with these codes (codes it does not hold are left
    out)."""
    from careinspect.registry.models import LocalAuthority

    return dict(LocalAuthority.objects.filter(code__in=list(codes)).values_list("code", "name"))


def scope_label(scope: str, names: Mapping[str, str]) -> str:
    """What the page and the CSV call a scope: the whole RAA, or a local authority by name with its code,
    "Gateshead (390)"."""
    if scope == "raa":
        return WHOLE_RAA
    return f"{names[scope]} ({scope})" if scope in names else f"Local authority {scope}"


def rows(measures: dict[str, Any], scope: str = "raa") -> list[MeasureRow]:
    """Every measure of one scope ("raa" or a member LA's code) in reading order: the label table's, not
    the stored JSON's (PostgreSQL's jsonb keeps no key order)."""
    tree = measures.get("raa", {}) if scope == "raa" else measures.get("by_la", {}).get(scope, {})
    found = [
        MeasureRow(group, path, stats)
        for group, subtree in tree.items()
        for path, stats in _walk(subtree, ())
    ]
    return sorted(found, key=_reading_order)


_GROUP_ORDER = {group: n for n, group in enumerate(GROUP_LABELS)}
_MEASURE_ORDER = {key: n for n, key in enumerate(MEASURE_LABELS)}


def _reading_order(row: MeasureRow) -> tuple[int, int, tuple[str, ...]]:
    """Groups as GROUP_LABELS lists them, measures as the label table does; unlabelled ones after, by key."""
    missing = len(_MEASURE_ORDER)
    return (
        _GROUP_ORDER.get(row.group, len(_GROUP_ORDER)),
        _MEASURE_ORDER.get((row.group, *row.path), missing),
        row.path,
    )


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


def to_csv(measures: dict[str, Any], names: Mapping[str, str] | None = None) -> str:
    """Every measure of every scope, for the inspection team (unsuppressed): `measure` in words, then the
    statistics, then the scope's name (`names`: local authorities' by code) and the measure's key."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scope", "group", "measure", *STAT_FIELDS, "scope_name", "measure_key"])
    for scope in scopes(measures):
        scope_name = scope_label(scope, names or {})
        for row in rows(measures, scope):
            writer.writerow(
                [
                    scope,
                    row.group,
                    neutralise_for_export(row.label),
                    *(row.stats.get(k, "") for k in STAT_FIELDS),
                    neutralise_for_export(scope_name),
                    row.key,
                ]
            )
    return out.getvalue()
