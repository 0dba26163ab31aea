"""The ASA case list form (Rules: INF-2, CAS-1, EVD-2): one row per child or service user the agency worked
with in the last 12 months. The inspector chooses the cases to track from it (CAS-1), so its rows are kept
(`DatasetResult.rows()`); it must identify nobody by name (EVD-2). Schema: docs/datasets/asa_case_list.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import polars as pl

from careinspect.datasets.checks import blank_if, in_codes, not_after, not_before, required_if
from careinspect.datasets.columns import choice, la_code, text, yes_no
from careinspect.datasets.columns import date as date_type
from careinspect.datasets.kinds import DatasetKind
from careinspect.datasets.reference import english_la_codes
from careinspect.datasets.schema import Check, Column, Schema, Sheet

SHEET = "cases"
SERVICE_USER_TYPES = ("child", "adopter", "adopted_adult", "birth_relative", "special_guardian", "other")
SERVICE_TYPES = (
    "assessment", "therapy", "parenting", "training", "peer_support", "records_access",
    "intermediary", "birth_records_counselling", "letterbox", "contact", "birth_family", "other",
)  # fmt: skip

CASES = Sheet(
    SHEET,
    (
        Column("case_ref", text(), required=True, unique=True, free_text=True),
        Column("service_user_type", choice(SERVICE_USER_TYPES), required=True),
        Column("la_code", la_code()),
        Column("service_type", choice(SERVICE_TYPES), required=True),
        Column("start_date", date_type(), required=True),
        Column("end_date", date_type()),
        Column("open", yes_no(), required=True),
    ),
)


def case_list_schema(as_at: date, member_la_codes: Sequence[str] | None = None) -> Schema:
    year_before = as_at - timedelta(days=365)
    checks: tuple[Check, ...] = (
        in_codes(SHEET, "la_code", english_la_codes(), "is not an English local authority code"),
        not_before(SHEET, "end_date", "start_date"),
        not_after(SHEET, "start_date", as_at, "date of the list"),
        not_after(SHEET, "end_date", as_at, "date of the list"),
        blank_if(SHEET, "end_date", pl.col("open") == "Y", "open is Y: an open case has no end date", "open"),
        required_if(SHEET, "end_date", pl.col("open") == "N", "when open is N", "closed"),
        # RULES: CAS-1 — the list covers the last 12 months: a case that ended before then does not belong.
        Check(
            "cases.end_date.last_12_months",
            SHEET,
            "end_date",
            "is more than 12 months before the date of the list: only cases of the last 12 months belong",
            pl.col("end_date") < pl.lit(year_before),
            severity="warning",
        ),
    )
    return Schema("asa_case_list", "ASA case list", (CASES,), checks)


def case_list_summary(frames: dict[str, pl.DataFrame], as_at: date) -> dict[str, Any]:
    """The numbers CAS-1 needs: service users in the last 12 months, by type, and how many cases are open."""
    frame = frames[SHEET]
    by_type = dict(frame.group_by("service_user_type").len().iter_rows())
    return {
        "as_at": as_at.isoformat(),
        "service_users": frame.height,
        "open": int((frame.get_column("open") == "Y").sum()),
        "by_service_user_type": {t: int(by_type.get(t, 0)) for t in SERVICE_USER_TYPES},
    }


ASA_CASE_LIST = DatasetKind(
    name="asa_case_list",
    title="ASA case list form (INF-2, CAS-1)",
    schema=case_list_schema,
    default_period_end=date.today,
    measures=case_list_summary,
    period_label="date of the list",
    rule="INF-2",
)
