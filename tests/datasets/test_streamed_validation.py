"""Validation holds one sheet's text at a time (issue 10): each sheet is read only when validation takes
it, checked, and kept as its typed columns, so memory does not hold every sheet's text at once.

RULES: INF-1 — the A1 dataset's three sheets; INF-3 — the IFA register, whose sheets are joined first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from careinspect.datasets.a1.kind import A1, a1_schema
from careinspect.datasets.engine import validate_frames
from careinspect.datasets.reader import open_sheets, read_sheets
from careinspect.datasets.schema import RAW_PREFIX
from careinspect.datasets.validate import validate_dataset
from tests.datasets.builders import MEMBERS, PERIOD_END, check, rows, write_a1, write_csv
from tests.datasets.test_other_schemas import AS_AT, PLACEMENT, register


def test_a_sheet_is_read_when_validation_takes_it_not_when_the_file_is_opened(tmp_path: Path) -> None:
    directory = write_a1(tmp_path)
    sheets = open_sheets(directory, ["children", "adopters", "support"])
    write_csv(directory / "adopters.csv", rows("adopters", n=3))  # changed after opening, before taking
    assert sheets.pop("children").height == 1
    assert sheets.pop("adopters").height == 3


def test_inf1_the_kept_sheets_hold_typed_values_only(tmp_path: Path) -> None:
    result = check(write_a1(tmp_path, children=rows("children", n=4)))
    assert result.valid
    for sheet, frame in result._frames.items():
        assert not [c for c in frame.columns if c.startswith(RAW_PREFIX)], sheet
    children = result._frames["children"]
    assert children.schema["decision_date"] == pl.Date and children.height == 4
    assert result.rows("children")[0]["decision_date"] == date(2023, 6, 1)


def test_inf1_findings_are_the_same_whether_the_sheets_are_read_at_once_or_one_by_one(tmp_path: Path) -> None:
    directory = write_a1(
        tmp_path,
        children=rows("children", {"sex": "Q"}, {"decision_date": "June"}),
        support=rows("support", {"status": "lost"}),
    )
    schema = a1_schema(PERIOD_END, MEMBERS)
    at_once = validate_frames(schema, read_sheets(directory, schema.sheet_names), prepare=A1.prepare)
    one_by_one = validate_frames(schema, open_sheets(directory, schema.sheet_names), prepare=A1.prepare)
    assert at_once.errors.records == one_by_one.errors.records
    assert [(e["sheet"], e["row"], e["column"]) for e in one_by_one.errors.records] == [
        ("children", 3, "sex"),
        ("children", 4, "decision_date"),
        ("support", 3, "status"),
    ]


def test_inf3_a_kind_that_joins_its_sheets_still_checks_across_them(tmp_path: Path) -> None:
    """The IFA register joins each placement to its household before checking: every sheet is parsed
    first, then checked, and the kept sheets still hold typed values only."""
    placements = [PLACEMENT, {**PLACEMENT, "child_ref": "K2", "household_id": "H9"}]
    result = validate_dataset("ifa_carer_register", register(tmp_path, placements), period_end=AS_AT)
    assert [(e["sheet"], e["row"], e["column"]) for e in result.errors] == [("placements", 3, "household_id")]
    assert all(not c.startswith(RAW_PREFIX) for frame in result._frames.values() for c in frame.columns)
