"""The ASA pre-inspection information form (RULES: INF-2): one sheet of `field` and `value` rows.

The fields are the project's reading of seed 002 ("Request for information", the judgement areas and the
regulations it cites); they are listed with their meaning in docs/datasets/asa_pre_inspection.md. INF-2:
no personal data from the form is kept for analysis, so it asks for counts and dates, never names.
Findings name the field and point at the row that holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from careinspect.datasets.checks import not_after, required_if
from careinspect.datasets.columns import date as date_type
from careinspect.datasets.columns import text, whole_number, yes_no
from careinspect.datasets.kinds import DatasetKind, Relocate
from careinspect.datasets.reader import normalise_header
from careinspect.datasets.schema import Check, Column, Schema, Sheet

SHEET = "form"

FIELDS = Sheet(
    SHEET,
    (
        Column("agency_name", text(), required=True),
        Column("urn", whole_number(minimum=1), required=True),
        Column("completed_date", date_type(), required=True),
        Column("registered_manager_in_post", yes_no(), required=True),
        Column("manager_registered_date", date_type()),
        Column("manager_vacancy_since", date_type()),
        Column("responsible_individual_in_post", yes_no(), required=True),
        Column("statement_of_purpose_reviewed", date_type(), required=True),
        Column("statement_of_purpose_on_website", yes_no(), required=True),
        Column("childrens_guide_reviewed", date_type()),
        Column("services_offered", text(), required=True, free_text=True),
        Column("service_users_last_12_months", whole_number(), required=True),
        Column("children_last_12_months", whole_number(), required=True),
        Column("adults_last_12_months", whole_number(), required=True),
        Column("waiting_for_service_now", whole_number(), required=True),
        Column("longest_wait_days", whole_number()),
        Column("staff_employed", whole_number(), required=True),
        Column("sessional_or_associate_workers", whole_number(), required=True),
        Column("staff_supervised_last_3_months", whole_number(), required=True),
        Column("complaints_last_12_months", whole_number(), required=True),
        Column("complaints_upheld", whole_number(), required=True),
        Column("safeguarding_concerns_last_12_months", whole_number(), required=True),
        Column("allegations_against_staff_last_12_months", whole_number(), required=True),
        Column("notifications_to_ofsted_last_12_months", whole_number(), required=True),
        Column("last_inspection_date", date_type()),
        Column("changes_since_last_inspection", text(), free_text=True),
        Column("how_feedback_is_gathered", text(), free_text=True),
    ),
)


def pre_inspection_schema(as_at: date, member_la_codes: Sequence[str] | None = None) -> Schema:
    dates = [c.name for c in FIELDS.columns if c.type.is_date]
    checks: tuple[Check, ...] = (
        required_if(
            SHEET,
            "manager_vacancy_since",
            pl.col("registered_manager_in_post") == "N",
            "when no manager is in post",
        ),
        Check(
            "form.complaints_upheld.not_more_than_complaints",
            SHEET,
            "complaints_upheld",
            "is more than complaints_last_12_months",
            pl.col("complaints_upheld") > pl.col("complaints_last_12_months"),
        ),
        Check(
            "form.staff_supervised_last_3_months.not_more_than_staff",
            SHEET,
            "staff_supervised_last_3_months",
            "is more than staff_employed and sessional_or_associate_workers together",
            pl.col("staff_supervised_last_3_months")
            > pl.col("staff_employed") + pl.col("sessional_or_associate_workers"),
        ),
        Check(
            "form.service_users_last_12_months.sum",
            SHEET,
            "service_users_last_12_months",
            "is not children_last_12_months plus adults_last_12_months",
            pl.col("service_users_last_12_months")
            != pl.col("children_last_12_months") + pl.col("adults_last_12_months"),
            severity="warning",
        ),
        *(not_after(SHEET, name, as_at, "date of the form") for name in dates),
    )
    return Schema("asa_pre_inspection", "ASA pre-inspection information form", (FIELDS,), checks)


def reshape_form(raw: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], Relocate]:
    """Turn the `field`/`value` rows into one wide row, remembering each field's row in the sheet."""
    frame = raw[SHEET]
    headers = {normalise_header(h): h for h in frame.columns}
    field_col, value_col = headers.get("field"), headers.get("value")
    rows: dict[str, int] = {}
    if field_col is None or value_col is None:
        # Without the two columns there are no fields: every required field is reported missing on row 1.
        return {SHEET: pl.DataFrame()}, lambda records: None
    pairs = frame.select(
        pl.col(field_col).cast(pl.String).str.strip_chars(), pl.col(value_col).cast(pl.String)
    ).with_row_index("row", offset=2)
    wide: dict[str, list[str | None]] = {}
    for row, field, value in pairs.iter_rows():  # a form has a few dozen rows, not a dataset's
        if not field:
            continue
        name = field if normalise_header(field) not in wide else f"{field} (again)"
        wide[normalise_header(name)] = [value]
        rows.setdefault(normalise_header(field), row)
    known = {normalise_header(c.name): c.name for c in FIELDS.columns}

    def relocate(records: list[dict[str, Any]]) -> None:
        for record in records:
            key = normalise_header(str(record["column"]))
            record["row"] = rows.get(key, 1)
            record["column"] = known.get(key, record["column"])
            record["message"] = record["message"].replace("column", "field")
        records.sort(key=lambda r: (r["row"], str(r["column"])))

    return {SHEET: pl.DataFrame(wide, schema=dict.fromkeys(wide, pl.String))}, relocate


ASA_PRE_INSPECTION = DatasetKind(
    name="asa_pre_inspection",
    title="ASA pre-inspection information form (INF-2)",
    schema=pre_inspection_schema,
    default_period_end=date.today,
    reshape=reshape_form,
    period_label="date of the form",
    rule="INF-2",
)
