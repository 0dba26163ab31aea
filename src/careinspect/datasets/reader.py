"""Reading a dataset into one polars frame of raw text per sheet.

Every cell is read as text (or null when empty) so that validation sees each bad value exactly as the
agency typed it; nothing is coerced here. A workbook (XLSX, and whatever else calamine reads: XLS, ODS)
gives its sheets; CSV gives one file per sheet, either a directory of `<sheet>.csv` files or, for a
single-sheet dataset, one file. Excel date cells arrive as `YYYY-MM-DD 00:00:00`, which the date
columns accept. `open_sheets` reads each sheet only when it is taken, so that validation holds one sheet's
text at a time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import fastexcel
import polars as pl

from careinspect.datasets.errors import DatasetUnreadable

Source = str | os.PathLike[str] | bytes

ZIP_MAGIC = b"PK\x03\x04"  # XLSX and ODS are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy XLS
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_SPACES_UNDERSCORES = re.compile(r"[\s_]+")


def normalise_header(text: str) -> str:
    """Headers and sheet names match case-insensitively, ignoring spaces and underscores (A1 contract)."""
    return _SPACES_UNDERSCORES.sub("", text).lower()


def label_of(source: Source, filename: str | None = None) -> str:
    """How messages name the file: the name it was uploaded with, or the path's own name."""
    return filename or (Path(source).name if not isinstance(source, bytes) else "the upload")


class Sheets:
    """The sheets of one dataset, each read only when it is taken (`pop`), so that a workbook's sheets are
    not all held in memory at once: validation parses and checks one sheet, keeps its typed columns and
    lets its text go before the next is read. Which sheets exist is checked when the file is opened."""

    def __init__(self, loaders: dict[str, Callable[[], pl.DataFrame]], label: str) -> None:
        self._loaders = loaders
        self.label = label

    def pop(self, sheet: str) -> pl.DataFrame:
        return self._loaders.pop(sheet)()


def read_sheets(
    source: Source, sheets: Sequence[str], *, filename: str | None = None
) -> dict[str, pl.DataFrame]:
    """The named sheets as frames of strings, keyed by the schema's sheet name.

    Raises DatasetUnreadable, naming the file or sheet, when the source is not a spreadsheet, is
    corrupt, or lacks a sheet.
    """
    opened = open_sheets(source, sheets, filename=filename)
    return {sheet: opened.pop(sheet) for sheet in sheets}


def open_sheets(source: Source, sheets: Sequence[str], *, filename: str | None = None) -> Sheets:
    """The named sheets, to be read one at a time (see `Sheets`); raises DatasetUnreadable as
    `read_sheets` does, for a missing sheet before any sheet is read."""
    label = label_of(source, filename)
    if isinstance(source, bytes):
        return Sheets(_bytes_loaders(source, sheets, label), label)
    path = Path(source)
    if path.is_dir():
        return Sheets(_csv_directory_loaders(path, sheets), label)
    if not path.is_file():
        raise DatasetUnreadable(f"{label}: no such file")
    suffix = (Path(filename).suffix if filename else path.suffix).lower()
    if suffix in WORKBOOK_SUFFIXES:
        return Sheets(_workbook_loaders(path, sheets, label), label)
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return Sheets(_workbook_loaders(path, sheets, label), label)
    _refuse_binary(head, label)
    return Sheets({_only_sheet(sheets, label): partial(_read_csv, path, label)}, label)


def _bytes_loaders(data: bytes, sheets: Sequence[str], label: str) -> dict[str, Callable[[], pl.DataFrame]]:
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)) or Path(label).suffix.lower() in WORKBOOK_SUFFIXES:
        return _workbook_loaders(data, sheets, label)
    _refuse_binary(data[:8192], label)
    return {_only_sheet(sheets, label): partial(_read_csv, data, label)}


def _refuse_binary(head: bytes, label: str) -> None:
    # A NUL byte never occurs in a text CSV; without this, an image would be "read" as one odd column.
    if b"\x00" in head:
        raise DatasetUnreadable(f"{label}: not a spreadsheet (expected an XLSX workbook or CSV text)")


def _only_sheet(sheets: Sequence[str], label: str) -> str:
    if len(sheets) != 1:
        names = ", ".join(f"{s}.csv" for s in sheets)
        raise DatasetUnreadable(
            f"{label}: this dataset has {len(sheets)} sheets; upload a workbook or a directory with {names}"
        )
    return sheets[0]


def _workbook_loaders(
    source: Path | bytes, sheets: Sequence[str], label: str
) -> dict[str, Callable[[], pl.DataFrame]]:
    try:
        workbook = fastexcel.read_excel(source if isinstance(source, bytes) else str(source))
    except Exception as exc:  # fastexcel raises its own error classes for every kind of bad file
        raise DatasetUnreadable(f"{label}: not a readable workbook ({_first_line(exc)})") from None
    by_name = {normalise_header(name): name for name in workbook.sheet_names}
    loaders: dict[str, Callable[[], pl.DataFrame]] = {}
    for sheet in sheets:
        actual = by_name.get(normalise_header(sheet))
        if actual is None:
            found = ", ".join(workbook.sheet_names) or "none"
            raise DatasetUnreadable(f"{label}: no sheet named {sheet!r} (sheets found: {found})")
        loaders[sheet] = partial(_read_worksheet, workbook, actual, label)
    return loaders


def _read_worksheet(workbook: fastexcel.ExcelReader, sheet: str, label: str) -> pl.DataFrame:
    try:
        # dtypes="string" keeps every cell as the agency wrote it; blank rows are kept so that row
        # numbers stay those of the spreadsheet.
        frame = workbook.load_sheet(sheet, dtypes="string").to_polars()
    except Exception as exc:
        raise DatasetUnreadable(f"{label}: sheet {sheet!r} cannot be read ({_first_line(exc)})") from None
    return _all_strings(frame)


def _csv_directory_loaders(directory: Path, sheets: Sequence[str]) -> dict[str, Callable[[], pl.DataFrame]]:
    files = csv_files(directory)
    loaders: dict[str, Callable[[], pl.DataFrame]] = {}
    for sheet in sheets:
        path = files.get(normalise_header(sheet))
        if path is None:
            raise DatasetUnreadable(f"{directory.name}: no {sheet}.csv in the directory")
        with path.open("rb") as handle:
            _refuse_binary(handle.read(8192), path.name)
        loaders[sheet] = partial(_read_csv, path, path.name)
    return loaders


def csv_files(directory: Path) -> dict[str, Path]:
    """A directory's CSV files by their normalised name (`Children.csv` is the sheet `children`)."""
    return {normalise_header(p.stem): p for p in directory.iterdir() if p.suffix.lower() == ".csv"}


def _read_csv(source: Path | bytes, label: str) -> pl.DataFrame:
    try:
        frame = pl.read_csv(source, infer_schema=False, encoding="utf8")
    except pl.exceptions.ComputeError as exc:
        if "utf-8" not in str(exc).lower() and "utf8" not in str(exc).lower():
            raise DatasetUnreadable(f"{label}: not a readable CSV file ({_first_line(exc)})") from None
        # Excel's "CSV" (not "CSV UTF-8") is Windows-1252: decode it rather than refuse the file.
        data = source if isinstance(source, bytes) else source.read_bytes()
        try:
            frame = pl.read_csv(data.decode("cp1252").encode("utf-8"), infer_schema=False)
        except (UnicodeDecodeError, pl.exceptions.PolarsError) as again:
            raise DatasetUnreadable(f"{label}: not a readable CSV file ({_first_line(again)})") from None
    except pl.exceptions.NoDataError:
        return pl.DataFrame()
    except pl.exceptions.PolarsError as exc:
        raise DatasetUnreadable(f"{label}: not a readable CSV file ({_first_line(exc)})") from None
    return _all_strings(frame)


def _all_strings(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.all().cast(pl.String)) if frame.width else frame


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
