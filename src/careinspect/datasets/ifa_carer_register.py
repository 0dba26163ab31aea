"""The IFA foster carer register (RULES: INF-3): households with their approval, and the children placed.

Two sheets, `households` and `placements`; a placement must name a household on the register. Cross-sheet
facts (the household's approval date, age range and places) are joined onto each placement once, then the
checks are ordinary expressions. Schema: docs/datasets/ifa_carer_register.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import polars as pl

from careinspect.datasets.checks import in_codes, not_after, not_before, required_if
from careinspect.datasets.columns import choice, la_code, text, whole_number, year_month
from careinspect.datasets.columns import date as date_type
from careinspect.datasets.kinds import DatasetKind
from careinspect.datasets.reference import english_la_codes
from careinspect.datasets.schema import Check, Column, Schema, Sheet

H, P = "households", "placements"
APPROVAL_TYPES = (
    "mainstream", "short_break", "parent_and_child", "remand", "specialist", "emergency", "connected_person",
)  # fmt: skip
HOUSEHOLD_STATUSES = ("active", "on_hold", "suspended", "resigned", "deregistered")
PLACEMENT_TYPES = ("long_term", "short_term", "short_break", "parent_and_child", "remand", "emergency")

HOUSEHOLDS = Sheet(
    H,
    (
        Column("household_id", text(), required=True, unique=True),
        Column("approval_date", date_type(), required=True),
        Column("approval_type", choice(APPROVAL_TYPES), required=True),
        Column("age_range_min", whole_number(), required=True),
        Column("age_range_max", whole_number(), required=True),
        Column("places", whole_number(minimum=1), required=True),
        Column("status", choice(HOUSEHOLD_STATUSES), required=True),
        Column("last_review_date", date_type()),
        Column("end_date", date_type()),
        Column("la_code", la_code()),
    ),
)

PLACEMENTS = Sheet(
    P,
    (
        Column("child_ref", text(), required=True, free_text=True),
        Column("household_id", text(), required=True),
        Column("placing_la_code", la_code(), required=True),
        Column("birth_month", year_month(), required=True),
        Column("placement_type", choice(PLACEMENT_TYPES), required=True),
        Column("placement_start", date_type(), required=True),
        Column("placement_end", date_type()),
    ),
)

MAX_AGE = 18  # fostering is for children: under 18 at placement (staying put is not on the register)


def register_schema(as_at: date, member_la_codes: Sequence[str] | None = None) -> Schema:
    english = english_la_codes()
    open_placement = pl.col("placement_end").is_null() | (pl.col("placement_end") > pl.lit(as_at))
    age_at_start = (
        (pl.col("placement_start").dt.year() * 12 + pl.col("placement_start").dt.month())
        - (pl.col("birth_month").dt.year() * 12 + pl.col("birth_month").dt.month())
    ) // 12
    checks: tuple[Check, ...] = (
        Check(
            "households.age_range_max.at_least_min",
            H,
            "age_range_max",
            "is below age_range_min",
            pl.col("age_range_max") < pl.col("age_range_min"),
        ),
        Check(
            "households.age_range_max.under_18",
            H,
            "age_range_max",
            f"is over {MAX_AGE - 1}",
            pl.col("age_range_max") >= MAX_AGE,
        ),
        not_before(H, "last_review_date", "approval_date"),
        not_before(H, "end_date", "approval_date"),
        required_if(
            H,
            "end_date",
            pl.col("status").is_in(["resigned", "deregistered"]),
            "when the household left",
            "status",
        ),
        Check(
            "households.last_review_date.annual",
            H,
            "last_review_date",
            "is more than a year ago: carers' approval is reviewed at least yearly",
            (pl.col("status") == "active")
            & (pl.coalesce("last_review_date", "approval_date") < pl.lit(as_at - timedelta(days=365))),
            severity="warning",
        ),
        in_codes(H, "la_code", english, "is not an English local authority code"),
        in_codes(P, "placing_la_code", english, "is not an English local authority code"),
        not_before(P, "placement_end", "placement_start"),
        Check(
            "placements.placement_start.unique",
            P,
            "placement_start",
            "repeats a placement already listed for this child on this date",
            pl.col("placement_start").is_not_null()
            & ~pl.struct("child_ref", "placement_start").is_first_distinct(),
        ),
        Check(
            "placements.birth_month.not_after_start",
            P,
            "birth_month",
            "is after placement_start",
            pl.col("birth_month") > pl.col("placement_start"),
        ),
        Check(
            "placements.household_id.on_register",
            P,
            "household_id",
            "is not a household on the households sheet",
            pl.col("household_id").is_not_null()
            & pl.col("__hh_approval_date").is_null()
            & pl.col("__hh_known").not_(),
        ),
        Check(
            "placements.placement_start.after_approval",
            P,
            "placement_start",
            "is before the household's approval_date",
            pl.col("placement_start") < pl.col("__hh_approval_date"),
        ),
        Check(
            "placements.placement_start.outside_age_range",
            P,
            "placement_start",
            "the child's age at placement is outside the household's approved age range",
            (age_at_start < pl.col("__hh_age_min")) | (age_at_start > pl.col("__hh_age_max")),
            severity="warning",
        ),
        Check(
            "placements.household_id.over_places",
            P,
            "household_id",
            "has more children placed now than its approved places (an exemption or variation is needed)",
            open_placement & (open_placement.sum().over("household_id") > pl.col("__hh_places")),
            severity="warning",
        ),
        *(
            not_after(s.name, c.name, as_at, "date of the register")
            for s in (HOUSEHOLDS, PLACEMENTS)
            for c in s.columns
            if c.type.is_date
        ),
    )
    return Schema("ifa_carer_register", "IFA foster carer register", (HOUSEHOLDS, PLACEMENTS), checks)


_JOINED = {
    "approval_date": "__hh_approval_date",
    "age_range_min": "__hh_age_min",
    "age_range_max": "__hh_age_max",
    "places": "__hh_places",
}


def join_households(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Each placement gets its household's approval facts (null where the household is not listed)."""
    households, placements = frames[H], frames[P]
    present = [c for c in _JOINED if c in households.columns]
    if "household_id" not in households.columns or "household_id" not in placements.columns:
        facts = [pl.lit(None).alias(alias) for alias in _JOINED.values()]
        return {**frames, P: placements.with_columns(*facts, pl.lit(True).alias("__hh_known"))}
    first = households.filter(pl.col("household_id").is_not_null()).unique("household_id", keep="first")
    table = first.select(
        "household_id", *(pl.col(c).alias(_JOINED[c]) for c in present), pl.lit(True).alias("__hh_known")
    )
    joined = placements.join(table, on="household_id", how="left", maintain_order="left")
    missing = [pl.lit(None).alias(_JOINED[c]) for c in _JOINED if c not in present]
    return {**frames, P: joined.with_columns(*missing, pl.col("__hh_known").fill_null(False))}


def register_summary(frames: dict[str, pl.DataFrame], as_at: date) -> dict[str, Any]:
    households, placements = frames[H], frames[P]
    active = households.filter(pl.col("status") == "active")
    current = placements.filter(pl.col("placement_end").is_null() | (pl.col("placement_end") > pl.lit(as_at)))
    return {
        "as_at": as_at.isoformat(),
        "households": households.height,
        "active_households": active.height,
        "approved_places": int(active.get_column("places").sum() or 0),
        "children_placed_now": current.height,
    }


IFA_CARER_REGISTER = DatasetKind(
    name="ifa_carer_register",
    title="IFA foster carer register (INF-3)",
    schema=register_schema,
    default_period_end=date.today,
    prepare=join_households,
    measures=register_summary,
    period_label="date of the register",
    rule="INF-3",
)
