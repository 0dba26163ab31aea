"""The A1 form's cross-column checks (RULES: INF-1), one declarative entry per rule with its message.

The column checks (required, type, unique IDs) come from the schema itself (a1/schema.py); these are the
rules that relate columns: member LAs, date order, conditional requirements, withdrawals and the support
status. Interpretations are written down in docs/datasets/a1.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from careinspect.datasets.a1.schema import SHEETS
from careinspect.datasets.checks import (
    blank_if,
    in_codes,
    needs,
    not_after,
    not_before,
    required_if,
)
from careinspect.datasets.reference import english_la_codes
from careinspect.datasets.schema import Check, blank, given

C, A, S = "children", "adopters", "support"

_ADOPTER_STAGES = (
    "stage1_start",
    "stage1_end",
    "stage2_start",
    "approval_date",
    "matched_date",
    "placed_date",
)


def a1_checks(period_end: date, member_la_codes: Iterable[str] | None = None) -> tuple[Check, ...]:
    members = sorted(set(member_la_codes)) if member_la_codes else None
    return (
        *_la_checks(members),
        *_children_checks(),
        *_adopter_checks(),
        *_support_checks(),
        *_period_checks(period_end),
    )


def _la_checks(members: list[str] | None) -> list[Check]:
    english = english_la_codes()
    if members:
        listed = ", ".join(members)
        # RULES: INF-1 — a child's LA is one of the RAA's member LAs.
        checks = [
            in_codes(C, "la_code", members, f"is not one of the RAA's member local authorities ({listed})")
        ]
    else:
        checks = [in_codes(C, "la_code", english, "is not an English local authority code")]
    for sheet, column in ((A, "assessing_la_code"), (S, "la_code")):
        checks.append(in_codes(sheet, column, english, "is not an English local authority code"))
        if members:
            # Another LA may assess or support a family the RAA serves: worth a look, not a rejection.
            checks.append(
                in_codes(sheet, column, members, f"is not a member LA ({listed})", severity="warning")
            )
    return checks


def _children_checks() -> list[Check]:
    placed = given("placed_date")
    return [
        Check(
            "children.birth_month.not_after.decision_date",
            C,
            "birth_month",
            "is after decision_date",
            pl.col("birth_month") > pl.col("decision_date"),
        ),
        not_before(C, "placement_order_date", "decision_date"),
        not_before(C, "matched_date", "decision_date"),
        not_before(C, "placed_date", "matched_date"),
        not_before(C, "adoption_order_date", "placed_date"),
        not_before(C, "plan_changed_date", "decision_date"),
        not_before(C, "disruption_date", "placed_date"),
        needs(C, "placed_date", "matched_date", "a child is matched before being placed"),
        needs(C, "adoption_order_date", "placed_date"),
        needs(C, "disruption_date", "placed_date"),
        required_if(C, "placement_route", placed, "when placed_date is given"),
        Check(
            "children.placement_route.none_when_placed",
            C,
            "placement_route",
            "is none but placed_date is given: say which route the placement came through",
            placed & (pl.col("placement_route") == "none"),
        ),
        required_if(
            C,
            "placed_with_siblings",
            placed & (pl.col("sibling_group_size") > 1),
            "when placed_date is given and sibling_group_size is more than 1",
        ),
    ]


def _adopter_checks() -> list[Check]:
    withdrawn = given("withdrawn_date")
    # The days a household was in process: interest to approval, withdrawal, or (still going) the data's end.
    in_process = (
        pl.coalesce("approval_date", "withdrawn_date", pl.max_horizontal(*_ADOPTER_STAGES, "interest_date"))
        - pl.col("interest_date")
    ).dt.total_days()
    return [
        not_before(A, "stage1_start", "interest_date"),
        not_before(A, "stage1_end", "stage1_start"),
        not_before(A, "stage2_start", "stage1_end"),
        not_before(A, "approval_date", "stage2_start"),
        not_before(A, "withdrawn_date", "interest_date"),
        not_before(A, "matched_date", "approval_date"),
        not_before(A, "placed_date", "matched_date"),
        needs(A, "stage1_end", "stage1_start"),
        needs(A, "matched_date", "approval_date", "only approved adopters are matched"),
        needs(A, "placed_date", "matched_date"),
        required_if(A, "withdrawal_reason", withdrawn, "when withdrawn_date is given"),
        blank_if(
            A,
            "withdrawal_reason",
            blank("withdrawn_date"),
            "withdrawn_date is blank",
            "without_withdrawal",
            "warning",
        ),
        *(
            Check(
                f"adopters.{stage}.after_withdrawal",
                A,
                stage,
                "is after withdrawn_date: a withdrawn household has no later stage dates",
                pl.col(stage) > pl.col("withdrawn_date"),
            )
            for stage in _ADOPTER_STAGES
        ),
        Check(
            "adopters.paused_days.longer_than_process",
            A,
            "paused_days",
            "is more than the days from interest_date to approval, withdrawal or the last date given",
            pl.col("paused_days") > in_process,
        ),
    ]


def _support_checks() -> list[Check]:
    status = pl.col("status")
    return [
        not_before(S, "assessment_start", "request_date"),
        not_before(S, "assessment_end", "assessment_start"),
        not_before(S, "support_start", "request_date"),
        not_before(S, "support_end", "support_start"),
        needs(S, "assessment_end", "assessment_start"),
        needs(S, "support_end", "support_start"),
        blank_if(
            S,
            "asgsf_amount",
            pl.col("support_type") != "therapy_asgsf",
            "support_type is not therapy_asgsf",
            "asgsf_only",
        ),
        # Status consistent with the dates (docs/datasets/a1.md, "status").
        blank_if(
            S, "assessment_start", status == "waiting_assessment", "status is waiting_assessment", "status"
        ),
        blank_if(
            S,
            "support_start",
            status.is_in(["waiting_assessment", "waiting_support"]),
            "status is waiting",
            "status",
        ),
        required_if(S, "support_start", status == "receiving", "when status is receiving", "status"),
        blank_if(
            S,
            "support_end",
            status == "receiving",
            "status is receiving (support has ended)",
            "status_receiving",
        ),
        required_if(
            S,
            "support_end",
            status.is_in(["closed", "withdrawn"]) & given("support_start"),
            "when support started and status is closed or withdrawn",
            "status_closed",
        ),
    ]


def _period_checks(period_end: date) -> list[Check]:
    # RULES: INF-1 — the data runs to 30 September: nothing can be dated after the period's end.
    checks = []
    for sheet in SHEETS:
        for col in sheet.columns:
            if col.type.is_date:
                checks.append(not_after(sheet.name, col.name, period_end, "period end"))
    return checks
