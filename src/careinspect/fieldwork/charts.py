"""The programme report's charts across the RAAs, from each RAA's A1 measures (RULES: THM-7).

Three charts, as the issue asks: the timeliness of adopter assessment overall (registration of interest to
approval, not stage by stage), the waits for adoption support, and the children who wait longer (with any
of the characteristics, and with none). Every figure goes through the datasets package's one suppression
function first (`careinspect.datasets.measures.suppress`): a count from 1 to 4 and every statistic resting
on it show as "c" and draw no bar.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from careinspect.datasets.measures import SUPPRESSION_MARKER, suppress

# (key, title, path through an RAA's A1 measures ("raa" scope) for each bar)
CHARTS: tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "adopter_assessment",
        "Timeliness of adopter assessment: days from registration of interest to approval",
        (("", ("adopters", "interest_to_approval_days")),),
    ),
    (
        "adoption_support",
        "Waits for adoption support: days from request to the start of support",
        (("", ("support", "request_to_support_days")),),
    ),
    (
        "children_who_wait",
        "Children who wait longer: days from the decision for adoption to placement",
        (
            (
                "with any of the characteristics",
                ("children", "waits_longer", "any", "with", "decision_to_placement_days"),
            ),
            (
                "with none of them",
                ("children", "waits_longer", "any", "without", "decision_to_placement_days"),
            ),
        ),
    ),
)


def _at(tree: Mapping[str, Any], path: Iterable[str]) -> dict[str, Any]:
    node: Any = tree
    for part in path:
        node = node.get(part, {}) if isinstance(node, Mapping) else {}
    return dict(node) if isinstance(node, Mapping) else {}


def figures(raas: Iterable[tuple[str, Mapping[str, Any] | None]]) -> dict[str, Any]:
    """The aggregate figures the report publishes, per chart and RAA, already suppressed (DPR-2)."""
    out: dict[str, Any] = {"charts": []}
    listed = list(raas)
    for key, title, bars in CHARTS:
        rows = []
        for name, measures in listed:
            for label, path in bars:
                stats = _at((measures or {}).get("raa", {}), path)
                shown = (
                    suppress({k: stats.get(k) for k in ("count", "median", "p90", "max")}) if stats else {}
                )
                rows.append({"raa": name, "group": label, **shown})
        out["charts"].append({"key": key, "title": title, "rows": rows})
    return out


def drawn(charts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Bar widths (percent of each chart's longest figure shown) for the page; a suppressed or missing figure
    has no bar and says why."""
    out = []
    for chart in charts.get("charts", []):
        numbers = [
            float(r[k]) for r in chart["rows"] for k in ("p90", "max") if isinstance(r.get(k), int | float)
        ]
        longest = max(numbers, default=0.0)
        rows = []
        for r in chart["rows"]:
            median, p90 = r.get("median"), r.get("p90")
            usable = isinstance(median, int | float) and isinstance(p90, int | float) and longest > 0
            rows.append(
                {
                    **r,
                    "label": f"{r['raa']} ({r['group']})" if r.get("group") else r["raa"],
                    "suppressed": r.get("count") == SUPPRESSION_MARKER,
                    "median_pct": round(100 * float(median) / longest, 1) if usable else None,
                    "p90_pct": round(100 * float(p90) / longest, 1) if usable else None,
                }
            )
        out.append({"key": chart["key"], "title": chart["title"], "scale": round(longest), "rows": rows})
    return out
