"""What inspectors read from the A1 dataset (RULES: INF-1; A1_DATA.md "Measures"), per RAA and per member LA.

Journey durations count the rows whose *later* event falls in the period (1 October to 30 September);
"now" means as at the period's end. Children and support requests are grouped by `la_code`, adopters by
`assessing_la_code` (blank = the RAA itself, key "RAA" under `by_la`). Definitions: docs/datasets/a1.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from careinspect.datasets.a1.period import period_start
from careinspect.datasets.a1.schema import INTER_AGENCY_ROUTES, PLACEMENT_ROUTES, SUPPORT_TYPES
from careinspect.datasets.measures import (
    EVERY_ROW,
    WHOLE,
    Breakdown,
    Count,
    Duration,
    Longest,
    Share,
    Tree,
    aggregate,
)
from careinspect.datasets.reference import (
    BME_CODES,
    MINORITY_ETHNIC_CODES,
    NOT_KNOWN_ETHNICITY,
    WHITE_BRITISH,
)

WITHDRAWAL_STAGES = ("before_stage1", "stage1", "between_stages", "stage2", "approved")
AGED_5_MONTHS = 60


def days(start: str, end: str | pl.Expr) -> pl.Expr:
    later = pl.col(end) if isinstance(end, str) else end
    return (later - pl.col(start)).dt.total_days()


def a1_measures(frames: dict[str, pl.DataFrame], period_end: date) -> dict[str, Any]:
    start = period_start(period_end)
    a_whole, a_by = aggregate(
        _adopter_columns(frames["adopters"]),
        _adopter_tree(start, period_end),
        # Households the RAA assessed itself (blank assessing_la_code) have no LA: key "RAA" under by_la.
        pl.coalesce(pl.col("assessing_la_code"), pl.lit(WHOLE)),
    )
    s_whole, s_by = aggregate(frames["support"], _support_tree(start, period_end), pl.col("la_code"))
    c_whole, c_by = aggregate(
        _child_columns(frames["children"]), _children_tree(start, period_end), pl.col("la_code")
    )
    codes = sorted(set(a_by) | set(s_by) | set(c_by))
    return {
        "period": {"start": start.isoformat(), "end": period_end.isoformat()},
        "raa": _scope(a_whole, s_whole, c_whole),
        "by_la": {code: _scope(a_by.get(code, {}), s_by.get(code, {}), c_by.get(code, {})) for code in codes},
    }


def _public(section: dict[str, Any]) -> dict[str, Any]:
    """Without the pieces (prefixed "_") that only feed other blocks."""
    return {k: v for k, v in section.items() if not k.startswith("_")}


def _scope(adopters: dict[str, Any], support: dict[str, Any], children: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if adopters:
        out["adopters"] = _public(adopters)
    if support:
        out["support"] = support
    if children:
        out["children"] = _public(children)
        out["placement_routes"] = children["_routes"]
    out["sufficiency"] = _sufficiency(adopters, children)
    return out


def _sufficiency(adopters: dict[str, Any], children: dict[str, Any]) -> dict[str, Any]:
    approved = adopters.get("_approved_not_matched", {"count": 0})
    waiting = children.get("_waiting_now", {"count": 0})
    ratio = round(approved["count"] / waiting["count"], 2) if waiting["count"] else None
    return {
        "approved_adopters_not_matched": approved,
        "children_waiting": waiting,
        "adopters_per_child_waiting": {"count": approved["count"], "of": waiting["count"], "ratio": ratio},
        "bme_adopters": adopters.get("_bme", {"count": 0, "of": 0, "share": None}),
        "minority_ethnic_adopters": adopters.get("_minority_ethnic", {"count": 0, "of": 0, "share": None}),
        "early_permanence_approvals": adopters.get("_early_permanence", {"count": 0, "of": 0, "share": None}),
    }


def _in(column: str, start: date, end: date) -> pl.Expr:
    return pl.col(column).is_between(pl.lit(start), pl.lit(end))


def _adopter_columns(frame: pl.DataFrame) -> pl.DataFrame:
    # The stage a household had reached when it withdrew: the last stage date it has.
    stage = (
        pl.when(pl.col("approval_date").is_not_null())
        .then(pl.lit("approved"))
        .when(pl.col("stage2_start").is_not_null())
        .then(pl.lit("stage2"))
        .when(pl.col("stage1_end").is_not_null())
        .then(pl.lit("between_stages"))
        .when(pl.col("stage1_start").is_not_null())
        .then(pl.lit("stage1"))
        .otherwise(pl.lit("before_stage1"))
    )
    return frame.with_columns(stage.alias("__withdrawal_stage"))


def _adopter_tree(start: date, end: date) -> Tree:
    approved_in_period = _in("approval_date", start, end)
    assessment_began = pl.coalesce("stage1_start", "stage2_start")
    # Households being assessed at some time in the period: began by its end, not finished before its start.
    assessed_in_period = (assessment_began <= pl.lit(end)) & (
        pl.coalesce("approval_date", "withdrawn_date", pl.lit(end)) >= pl.lit(start)
    )
    known = ~pl.col("ethnicity").is_in(sorted(NOT_KNOWN_ETHNICITY))
    return {
        "households": Count(EVERY_ROW),
        "approvals": Count(approved_in_period),
        "interest_to_approval_days": Duration(days("interest_date", "approval_date"), approved_in_period),
        "stages": {
            "interest_to_stage1_days": Duration(
                days("interest_date", "stage1_start"), _in("stage1_start", start, end)
            ),
            "stage1_days": Duration(days("stage1_start", "stage1_end"), _in("stage1_end", start, end)),
            "stage1_to_stage2_days": Duration(
                days("stage1_end", "stage2_start"), _in("stage2_start", start, end)
            ),
            "stage2_days": Duration(days("stage2_start", "approval_date"), approved_in_period),
        },
        "approval_to_match_days": Duration(
            days("approval_date", "matched_date"), _in("matched_date", start, end)
        ),
        "paused": Share(pl.col("paused_days") > 0, assessed_in_period),
        "paused_days": Duration(pl.col("paused_days"), assessed_in_period & (pl.col("paused_days") > 0)),
        "withdrawals": Count(_in("withdrawn_date", start, end)),
        "withdrawals_by_stage": Breakdown(
            "__withdrawal_stage", WITHDRAWAL_STAGES, _in("withdrawn_date", start, end)
        ),
        # Pieces of the sufficiency block (assembled with the children's), hidden by the "_" prefix.
        "_approved_not_matched": Count(
            (pl.col("approval_date") <= pl.lit(end))
            & pl.col("matched_date").is_null()
            & pl.col("withdrawn_date").is_null()
        ),
        "_bme": Share(pl.col("ethnicity").is_in(sorted(BME_CODES)), known),
        "_minority_ethnic": Share(pl.col("ethnicity").is_in(sorted(MINORITY_ETHNIC_CODES)), known),
        "_early_permanence": Share(pl.col("early_permanence_approved") == "Y", approved_in_period),
    }


def _support_tree(start: date, end: date) -> Tree:
    open_request = ~pl.col("status").is_in(["closed", "withdrawn"])
    waiting_assessment = pl.col("assessment_start").is_null() & open_request
    waiting_support = pl.col("support_start").is_null() & (pl.col("status") == "waiting_support")
    wait_so_far = (pl.lit(end) - pl.col("request_date")).dt.total_days()
    return {
        "requests": Count(EVERY_ROW),
        "requests_in_period": Count(_in("request_date", start, end)),
        "request_to_assessment_days": Duration(
            days("request_date", "assessment_start"), _in("assessment_start", start, end)
        ),
        "request_to_support_days": Duration(
            days("request_date", "support_start"), _in("support_start", start, end)
        ),
        "waiting_now": {
            "days": Duration(wait_so_far, waiting_assessment),
            "longest": Longest("request_id", wait_so_far, waiting_assessment),
        },
        "waiting_for_support_now": Duration(wait_so_far, waiting_support),
        "cin_or_lac_while_waiting": Share(pl.col("child_became_cin_or_lac") == "Y", EVERY_ROW),
        "by_type": Breakdown("support_type", SUPPORT_TYPES, _in("request_date", start, end)),
    }


def _child_columns(frame: pl.DataFrame) -> pl.DataFrame:
    months = (pl.col("decision_date").dt.year() * 12 + pl.col("decision_date").dt.month()) - (
        pl.col("birth_month").dt.year() * 12 + pl.col("birth_month").dt.month()
    )
    known = ~pl.col("ethnicity").is_in(sorted(NOT_KNOWN_ETHNICITY))
    return frame.with_columns(
        (pl.col("sibling_group_size") > 1).alias("__sibling_group"),
        ((pl.col("disability") == "Y") | (pl.col("complex_needs") == "Y")).alias(
            "__disability_or_complex_needs"
        ),
        (months >= AGED_5_MONTHS).alias("__aged_5_plus"),
        # Unknown ethnicity (REFU, NOBT) is in neither group: null drops it from both sides of the split.
        pl.when(known).then(pl.col("ethnicity") != WHITE_BRITISH).alias("__ethnicity_not_wbri"),
    )


_CHARACTERISTICS = ("sibling_group", "disability_or_complex_needs", "aged_5_plus", "ethnicity_not_wbri")


def _journey(start: date, end: date, among: pl.Expr) -> Tree:
    placed = _in("placed_date", start, end)
    return {
        "decision_to_match_days": Duration(
            days("decision_date", "matched_date"), among & _in("matched_date", start, end)
        ),
        "match_to_placement_days": Duration(days("matched_date", "placed_date"), among & placed),
        "decision_to_placement_days": Duration(days("decision_date", "placed_date"), among & placed),
    }


def _children_tree(start: date, end: date) -> Tree:
    flags = {name: pl.col(f"__{name}") for name in _CHARACTERISTICS}
    any_flag = pl.any_horizontal(*(f.fill_null(False) for f in flags.values()))
    # "The rest" has none of the characteristics and a known ethnicity (white British).
    none_flag = ~any_flag & flags["ethnicity_not_wbri"].is_not_null()
    waits_longer: dict[str, Tree] = {
        name: {
            "with": _journey(start, end, flag.fill_null(False)),
            "without": _journey(start, end, flag.not_()),
        }
        for name, flag in flags.items()
    }
    waits_longer["any"] = {"with": _journey(start, end, any_flag), "without": _journey(start, end, none_flag)}
    placed = _in("placed_date", start, end)
    waiting = (
        (pl.col("decision_date") <= pl.lit(end))
        & pl.col("matched_date").is_null()
        & pl.col("plan_changed_date").is_null()
    )
    return {
        "children": Count(EVERY_ROW),
        **_journey(start, end, EVERY_ROW),
        "waits_longer": waits_longer,
        "placed": Count(placed),
        "early_permanence": Count(pl.col("early_permanence") == "Y"),
        "adoption_orders": Count(_in("adoption_order_date", start, end)),
        "disruptions": Count(_in("disruption_date", start, end)),
        "plan_changed": Count(_in("plan_changed_date", start, end)),
        "_waiting_now": Duration((pl.lit(end) - pl.col("decision_date")).dt.total_days(), waiting),
        "_routes": {
            "placed": Breakdown("placement_route", tuple(r for r in PLACEMENT_ROUTES if r != "none"), placed),
            "in_raa": Share(pl.col("placement_route") == "in_raa", placed),
            "inter_agency": Share(pl.col("placement_route").is_in(list(INTER_AGENCY_ROUTES)), placed),
        },
    }
