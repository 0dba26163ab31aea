"""How many rows each sheet of a dataset file has, counted without parsing its cells.

The row limits (policy: INF-1, INF-2, INF-3) are checked from the file before anything reads it into a
frame: parsing a sheet of a million rows is what costs the time and memory the limit is there to spare.

- CSV: polars' row count over the file (quoted line breaks respected; no column is built).
- XLSX: the worksheet's XML, decompressed in chunks and scanned for rows that hold a value; Excel's
  formatted but empty rows do not count, as the reader drops them too.

Nothing here trusts the file: it may not have passed the upload checks yet. Decompression stops after
`max_bytes` (then the count is a lower bound, `complete` False), and a file that cannot be counted this
way (legacy XLS, ODS, a damaged archive, not a spreadsheet at all) is left out of the answer: the reader
reports it, and the limit is then checked on the frame it reads.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polars as pl

from careinspect.datasets.reader import (
    OLE_MAGIC,
    WORKBOOK_SUFFIXES,
    ZIP_MAGIC,
    Source,
    csv_files,
    normalise_header,
)
from careinspect.safefiles import DEFAULT_ZIP_LIMITS

_CHUNK = 1 << 20
_SMALL_PART = 4 << 20  # the workbook and its relationships are a few kilobytes
_ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*\"([^\"]*)\"")
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b")
_OFFICE_DOCUMENT = b"/officeDocument"


@dataclass(frozen=True)
class RowCount:
    rows: int  # data rows: the header row is not counted
    complete: bool = True  # False when counting stopped at the decompression cap: `rows` is a lower bound


def count_rows(
    source: Source,
    sheets: Sequence[str],
    *,
    filename: str | None = None,
    max_bytes: int = DEFAULT_ZIP_LIMITS.max_uncompressed,
) -> dict[str, RowCount]:
    """The rows of each named sheet that can be counted cheaply (see the module's docstring)."""
    try:
        if isinstance(source, bytes):
            return _count_file(source, source[:8192], sheets, filename, max_bytes)
        path = Path(source)
        if path.is_dir():
            return _count_directory(path, sheets)
        with path.open("rb") as handle:
            head = handle.read(8192)
        return _count_file(path, head, sheets, filename or path.name, max_bytes)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, EOFError):
        return {}  # not countable: the reader says what is wrong with it


def _count_file(
    source: Path | bytes, head: bytes, sheets: Sequence[str], filename: str | None, max_bytes: int
) -> dict[str, RowCount]:
    if head.startswith(ZIP_MAGIC):
        return _count_xlsx(source, sheets, max_bytes)
    suffix = Path(filename or "").suffix.lower()
    if head.startswith(OLE_MAGIC) or suffix in WORKBOOK_SUFFIXES or b"\x00" in head or len(sheets) != 1:
        return {}
    rows = _count_csv(source)
    return {} if rows is None else {sheets[0]: RowCount(rows)}


def _count_directory(directory: Path, sheets: Sequence[str]) -> dict[str, RowCount]:
    files = csv_files(directory)
    counts: dict[str, RowCount] = {}
    for sheet in sheets:
        path = files.get(normalise_header(sheet))
        rows = _count_csv(path) if path is not None else None
        if rows is not None:
            counts[sheet] = RowCount(rows)
    return counts


def _count_csv(source: Path | bytes) -> int | None:
    """Rows below the header, as the reader will see them (blank lines included); None when polars cannot
    read the file as CSV. Lossy decoding: a Windows-1252 file has as many rows as its UTF-8 reading."""
    data: Path | IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        scan = pl.scan_csv(data, infer_schema=False, encoding="utf8-lossy")
        return int(scan.select(pl.len()).collect().item())
    except pl.exceptions.PolarsError:
        return None


def _count_xlsx(source: Path | bytes, sheets: Sequence[str], max_bytes: int) -> dict[str, RowCount]:
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        parts = _worksheet_parts(archive)
        counts: dict[str, RowCount] = {}
        for sheet in sheets:
            part = parts.get(normalise_header(sheet))
            if part is not None and part in archive.NameToInfo:
                counts[sheet] = _count_worksheet(archive, part, max_bytes)
        return counts


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's normalised name and the archive member holding its XML, read from the workbook and its
    relationships the way Excel finds them (the parts need not be called sheet1.xml)."""
    workbook = _office_document(archive)
    folder, name = posixpath.split(workbook)
    relationships = _small(archive, posixpath.join(folder, "_rels", name + ".rels"))
    targets = {
        attrs.get(b"Id", b"").decode(): attrs.get(b"Target", b"").decode()
        for attrs in _elements(relationships, b"Relationship")
    }
    parts: dict[str, str] = {}
    for attrs in _elements(_small(archive, workbook), b"sheet"):
        rel = next((v for k, v in attrs.items() if k == b"id" or k.endswith(b":id")), b"").decode()
        target = targets.get(rel)
        if target:
            member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            sheet_name = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
            parts.setdefault(normalise_header(sheet_name), posixpath.normpath(member))
    return parts


def _office_document(archive: zipfile.ZipFile) -> str:
    for attrs in _elements(_small(archive, "_rels/.rels"), b"Relationship"):
        if attrs.get(b"Type", b"").endswith(_OFFICE_DOCUMENT):
            return attrs.get(b"Target", b"xl/workbook.xml").decode().lstrip("/")
    return "xl/workbook.xml"


def _small(archive: zipfile.ZipFile, member: str) -> bytes:
    """A small part's first bytes; nothing for a part the archive lacks (its sheets are then not counted)."""
    if member not in archive.NameToInfo:
        return b""
    with archive.open(member) as handle:
        return handle.read(_SMALL_PART)


def _elements(xml: bytes, tag: bytes) -> list[dict[bytes, bytes]]:
    """The attributes of every `<tag …>` element (any namespace prefix), without an XML parser: the
    workbook's own parts are a few lines, and a hostile file gets no entity expansion from a regex."""
    found = re.finditer(rb"<(?:[A-Za-z_][\w.-]*:)?" + re.escape(tag) + rb"\b([^>]*)>", xml)
    return [dict(_ATTRIBUTE.findall(match.group(1))) for match in found]


def _count_worksheet(archive: zipfile.ZipFile, part: str, max_bytes: int) -> RowCount:
    """Rows holding at least one value, less the header, streaming the XML in chunks (memory stays at a
    chunk however long the sheet)."""
    counter = _RowCounter()
    read = 0
    with archive.open(part) as handle:
        while chunk := handle.read(_CHUNK):
            read += len(chunk)
            counter.feed(chunk)
            if read >= max_bytes and handle.read(1):
                return RowCount(max(counter.finish() - 1, 0), complete=False)
    return RowCount(max(counter.finish() - 1, 0))


class _RowCounter:
    """Counts `<row>` elements with a value in XML fed in pieces. Each piece is cut at its last row start,
    so that every row counted is whole; the empty ones (`<row …/>`, or only empty `<c …/>` cells) are
    found by one regular expression and taken off: both passes run in C, not once per row in Python."""

    def __init__(self) -> None:
        self.rows = 0
        self._carry = b""
        self._opener: bytes | None = None
        self._empty: re.Pattern[bytes] | None = None

    def feed(self, chunk: bytes) -> None:
        buffer = self._carry + chunk
        if self._opener is None and not self._start(buffer):
            self._carry = buffer[-256:]  # the XML declaration and worksheet opening, until sheetData
            return
        assert self._opener is not None
        cut = buffer.rfind(self._opener)
        if cut <= 0:
            self._carry = buffer
            return
        self._count(buffer[:cut])
        self._carry = buffer[cut:]

    def finish(self) -> int:
        if self._opener is not None:
            self._count(self._carry)
        self._carry = b""
        return self.rows

    def _start(self, buffer: bytes) -> bool:
        found = _SHEET_DATA.search(buffer)
        if found is None:
            return False
        prefix = re.escape(found.group(1))
        self._opener = b"<" + found.group(1) + b"row"
        row, cell, end = prefix + rb"row\b", prefix + rb"c\b", prefix + rb"row>"
        self._empty = re.compile(
            rb"<" + row + rb"[^>]*/>|<" + row + rb"[^>]*>(?:\s*<" + cell + rb"[^>]*/>)*\s*</" + end
        )
        return True

    def _count(self, whole_rows: bytes) -> None:
        assert self._opener is not None and self._empty is not None
        # `<rowBreaks>` (page breaks, after the rows) starts like a row and is taken off.
        starts = whole_rows.count(self._opener) - whole_rows.count(self._opener + b"Breaks")
        self.rows += starts - len(self._empty.findall(whole_rows))
