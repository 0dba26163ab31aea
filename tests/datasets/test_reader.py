"""Reading workbooks and CSV files: every cell as text, Excel dates accepted, unreadable files refused."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from careinspect.datasets.errors import DatasetUnreadable
from careinspect.datasets.reader import normalise_header, read_sheets
from tests.datasets.builders import ADOPTER, CHILD, REQUEST, check, findings

FIXTURES = Path(__file__).parent / "fixtures"


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, lines in sheets.items():
        ws = book.create_sheet(name)
        for line in lines:
            ws.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _a1_workbook(child: dict[str, object]) -> bytes:
    return _workbook(
        {
            "Children": [list(CHILD), list(child.values())],
            "adopters": [list(ADOPTER), list(ADOPTER.values())],
            "SUPPORT": [list(REQUEST), list(REQUEST.values())],
        }
    )


def test_normalise_header_ignores_case_spaces_underscores() -> None:
    assert normalise_header(" Child_ID ") == normalise_header("child id") == "childid"


def test_inf1_xlsx_with_real_excel_dates_and_numbers(tmp_path: Path) -> None:
    child: dict[str, object] = {
        **CHILD,
        "la_code": 850,
        "sibling_group_size": 1,
        "decision_date": dt.datetime(2023, 6, 1),
        "matched_date": dt.date(2023, 12, 1),
        "birth_month": dt.datetime(2020, 3, 1),  # what Excel makes of "2020-03"
    }
    path = tmp_path / "a1.xlsx"
    path.write_bytes(_a1_workbook(child))
    result = check(path)
    assert result.valid, result.errors


def test_inf1_xlsx_bytes_with_filename(tmp_path: Path) -> None:
    from careinspect.datasets.validate import validate_dataset

    data = _a1_workbook({**CHILD, "sex": "Q"})
    result = validate_dataset("a1", data, filename="upload.xlsx", member_la_codes=["850", "852"])
    assert [(e["row"], e["column"]) for e in result.errors if e["sheet"] == "children"] == [(2, "sex")]


def test_inf1_xlsx_bad_value_reported_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "a1.xlsx"
    path.write_bytes(_a1_workbook({**CHILD, "decision_date": "1st June"}))
    assert findings(check(path), "children", "decision_date")[0]["value"] == "1st June"


def test_inf1_missing_sheet_is_unreadable_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "a1.xlsx"
    path.write_bytes(_workbook({"children": [list(CHILD)], "adopters": [list(ADOPTER)]}))
    with pytest.raises(DatasetUnreadable, match="no sheet named 'support'"):
        read_sheets(path, ["children", "adopters", "support"])


def test_corrupt_xlsx_is_unreadable() -> None:
    with pytest.raises(DatasetUnreadable, match=r"corrupt\.xlsx: not a readable workbook"):
        read_sheets(FIXTURES / "corrupt.xlsx", ["children"])


def test_image_is_not_a_spreadsheet() -> None:
    with pytest.raises(DatasetUnreadable, match="not a spreadsheet"):
        read_sheets(FIXTURES / "not_a_spreadsheet.png", ["cases"])


def test_csv_directory_missing_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "children.csv").write_text("child_id\nC1\n")
    with pytest.raises(DatasetUnreadable, match=r"no adopters\.csv"):
        read_sheets(tmp_path, ["children", "adopters"])


def test_single_csv_for_a_three_sheet_dataset_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "children.csv"
    path.write_text("child_id\nC1\n")
    with pytest.raises(DatasetUnreadable, match="3 sheets"):
        read_sheets(path, ["children", "adopters", "support"])


def test_windows_1252_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes("case_ref,note\nX1,caf\xe9 \xa35\n".encode("latin-1"))
    frame = read_sheets(path, ["cases"])["cases"]
    assert frame.row(0) == ("X1", "café £5")


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(DatasetUnreadable, match="no such file"):
        read_sheets(tmp_path / "nope.xlsx", ["cases"])
