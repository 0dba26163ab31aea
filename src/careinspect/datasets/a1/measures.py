"""What inspectors read from the A1 dataset (RULES: INF-1; A1_DATA.md "Measures"), per RAA and per member LA.

Journey durations count the rows whose *later* event falls in the period (1 October to 30 September);
"now" means as at the period's end. Children and support requests are grouped by `la_code`, adopters by
`assessing_la_code` (blank = the RAA itself, key "RAA" under `by_la`). Definitions: docs/datasets/a1.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
from careinspect.rules.calendar import day_text

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


# Labels: every measure in words, as the inspection team reads it (the page, its CSV, the command's text) ----

GROUP_LABELS = {
    "adopters": "Adopters",
    "support": "Adoption support",
    "children": "Children",
    "placement_routes": "Placement routes",
    "sufficiency": "Sufficiency",
}
_WITHDREW = {
    "before_stage1": "Withdrew before stage 1",
    "stage1": "Withdrew during stage 1",
    "between_stages": "Withdrew between stage 1 and stage 2",
    "stage2": "Withdrew during stage 2",
    "approved": "Withdrew after approval",
}
_SUPPORT_TYPES = {
    "therapy_asgsf": "therapy funded by the Adoption and Special Guardianship Support Fund",
    "parenting": "parenting support",
    "training": "training",
    "peer_support": "peer support",
    "records_access": "access to records",
    "intermediary": "intermediary services",
    "letterbox": "letterbox contact",
    "birth_family": "support for birth relatives",
    "other": "other support",
}
_JOURNEY = {
    "decision_to_match_days": "Days from the decision for adoption to match",
    "match_to_placement_days": "Days from match to placement",
    "decision_to_placement_days": "Days from the decision for adoption to placement",
}
_WHO_WAITS = {
    "sibling_group": ("In a sibling group", "Not in a sibling group"),
    "disability_or_complex_needs": (
        "With a disability or complex needs",
        "Without a disability or complex needs",
    ),
    "aged_5_plus": ("Aged 5 or over at the decision", "Aged under 5 at the decision"),
    "ethnicity_not_wbri": ("Of an ethnicity other than white British", "White British"),
    "any": ("With any of these characteristics", "With none of them (white British)"),
}
_ROUTES = {
    "in_raa": "with the RAA's own adopters",
    "other_raa": "with another RAA's adopters",
    "vaa": "with a voluntary adoption agency's adopters",
    "inter_agency_la": "with another local authority's adopters",
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _labels() -> dict[tuple[str, ...], str]:
    """(group, *path) → label, for every measure `a1_measures` gives (tests/datasets checks they match)."""
    labels: dict[tuple[str, ...], str] = {
        ("adopters", "households"): "Households in the dataset",
        ("adopters", "approvals"): "Households approved in the period",
        ("adopters", "interest_to_approval_days"): "Days from registration of interest to approval",
        ("adopters", "stages", "interest_to_stage1_days"): (
            "Days from registration of interest to the start of stage 1"
        ),
        ("adopters", "stages", "stage1_days"): "Days in stage 1 (registration to stage 1 decision)",
        ("adopters", "stages", "stage1_to_stage2_days"): "Days between stage 1 and stage 2",
        ("adopters", "stages", "stage2_days"): "Days in stage 2 (start of stage 2 to approval)",
        ("adopters", "approval_to_match_days"): "Days from approval to match",
        ("adopters", "paused"): "Households whose assessment was paused (of those assessed in the period)",
        ("adopters", "paused_days"): "Days paused, where an assessment was paused",
        ("adopters", "withdrawals"): "Households that withdrew in the period",
        ("support", "requests"): "Support requests in the dataset",
        ("support", "requests_in_period"): "Support requests made in the period",
        ("support", "request_to_assessment_days"): "Days from request to the start of the assessment",
        ("support", "request_to_support_days"): "Days from request to the start of support",
        ("support", "waiting_now", "days"): "Waiting for an assessment at the period's end: days waited",
        ("support", "waiting_for_support_now"): (
            "Assessed and waiting for support at the period's end: days waited"
        ),
        ("support", "cin_or_lac_while_waiting"): (
            "Requests whose child became a child in need or looked after while waiting"
        ),
        ("children", "children"): "Children in the dataset",
        ("children", "placed"): "Children placed in the period",
        ("children", "early_permanence"): (
            "Children in early permanence placements (fostering for adoption or concurrent planning)"
        ),
        ("children", "adoption_orders"): "Adoption orders made in the period",
        ("children", "disruptions"): "Placements that disrupted in the period",
        ("children", "plan_changed"): "Children whose plan moved away from adoption in the period",
        ("placement_routes", "in_raa"): "Share of placements with the RAA's own adopters",
        ("placement_routes", "inter_agency"): (
            "Share of placements through another agency (another RAA, a VAA or another LA)"
        ),
        ("sufficiency", "approved_adopters_not_matched"): (
            "Approved adopters not yet matched at the period's end"
        ),
        ("sufficiency", "children_waiting"): (
            "Children waiting for a match at the period's end: days since the decision for adoption"
        ),
        ("sufficiency", "adopters_per_child_waiting"): "Approved adopters not matched per child waiting",
        ("sufficiency", "bme_adopters"): (
            "Adopters from Black and minority ethnic backgrounds (of those whose ethnicity is known)"
        ),
        ("sufficiency", "minority_ethnic_adopters"): (
            "Minority ethnic adopters, white minorities included (of those whose ethnicity is known)"
        ),
        ("sufficiency", "early_permanence_approvals"): "Approvals in the period for early permanence",
    }
    for stage, words in _WITHDREW.items():
        labels["adopters", "withdrawals_by_stage", stage] = words
    for kind, words in _SUPPORT_TYPES.items():
        labels["support", "by_type", kind] = f"Requests in the period for {words}"
    for journey, words in _JOURNEY.items():
        labels["children", journey] = words
        for characteristic, (having, not_having) in _WHO_WAITS.items():
            for side, who in (("with", having), ("without", not_having)):
                labels["children", "waits_longer", characteristic, side, journey] = (
                    f"{who}: {_lower_first(words)}"
                )
    for route, words in _ROUTES.items():
        labels["placement_routes", "placed", route] = f"Placed in the period {words}"
    return labels


MEASURE_LABELS = _labels()


def measure_label(group: str, path: tuple[str, ...]) -> str | None:
    """The measure at `path` in `group` in words ("Days in stage 1 (registration to stage 1 decision)"),
    or None for a path with no label."""
    return MEASURE_LABELS.get((group, *path))


def full_label(group: str, path: tuple[str, ...]) -> str | None:
    """With its group, for a list that mixes groups: "Adopters: days in stage 1 (…)"."""
    label = measure_label(group, path)
    return None if label is None else f"{GROUP_LABELS.get(group, group)}: {_lower_first(label)}"


# The period measured against the rows' own dates --------------------------------------------------------

NOT_EVENTS = frozenset({"birth_month"})  # a child's birth month dates no event of the A1 year


def _day(d: date) -> str:
    return f"{day_text(d)}"


@dataclass(frozen=True)
class PeriodFit:
    """How well the period measured fits the rows: each row is dated by its latest event (the latest of its
    dates, the birth month apart), and falls in the period or outside it. `best_end` is the 30 September
    ending the 1 October to 30 September year that holds the most rows' latest events."""

    start: date
    end: date
    rows_dated: int
    rows_in_period: int
    best_end: date | None
    best_rows: int

    @property
    def mostly_outside(self) -> bool:
        return self.rows_dated > 0 and 2 * (self.rows_dated - self.rows_in_period) > self.rows_dated

    @property
    def best_start(self) -> date | None:
        return None if self.best_end is None else period_start(self.best_end)

    def warning(self) -> str | None:
        """What to tell whoever measured the wrong year, naming the year that fits (None when most fit)."""
        if not self.mostly_outside:
            return None
        outside = self.rows_dated - self.rows_in_period
        text = (
            f"{outside} of {self.rows_dated} rows have no event in the period measured, {_day(self.start)} "
            f"to {_day(self.end)}, so its approvals, placements and journeys leave them out"
        )
        if self.best_end is not None and self.best_start is not None and self.best_end != self.end:
            text += (
                f"; the year that fits most rows ({self.best_rows} of {self.rows_dated}) is "
                f"{_day(self.best_start)} to {_day(self.best_end)}: "
                f"give --period-end {self.best_end.isoformat()}"
            )
        return text

    def as_dict(self) -> dict[str, Any]:
        best = None
        if self.best_end is not None and self.best_start is not None:
            best = {
                "start": self.best_start.isoformat(),
                "end": self.best_end.isoformat(),
                "rows": self.best_rows,
            }
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "rows_dated": self.rows_dated,
            "rows_in_period": self.rows_in_period,
            "best_fit": best,
            "warning": self.warning(),
        }


def period_fit(frames: Mapping[str, pl.DataFrame], period_end: date) -> PeriodFit:
    """RULES: INF-1 — the A1 year the rows' latest events fall in, against the period measured."""
    start = period_start(period_end)
    latest = [
        frame.select(pl.max_horizontal(*dates).alias("day")).drop_nulls()
        for frame in frames.values()
        if frame.height
        and (dates := [c for c, kind in frame.schema.items() if kind == pl.Date and c not in NOT_EVENTS])
    ]
    if not latest:
        return PeriodFit(start, period_end, 0, 0, None, 0)
    days = pl.concat(latest)
    in_period = days.filter(pl.col("day").is_between(pl.lit(start), pl.lit(period_end))).height
    day = pl.col("day")
    years = (
        days.select(pl.when(day.dt.month() >= 10).then(day.dt.year() + 1).otherwise(day.dt.year()).alias("y"))
        .group_by("y")
        .len()
        .sort(["len", "y"], descending=[True, True])
    )
    if years.is_empty():
        return PeriodFit(start, period_end, 0, 0, None, 0)
    year, rows = years.row(0)
    return PeriodFit(start, period_end, days.height, in_period, date(int(year), 9, 30), int(rows))
