"""Reading the programme's CSV files so that every error names the line and the column.

Lines are the file's own line numbers, header = 1, so a manager can find the row in a text editor or
spreadsheet (a spreadsheet's row number is the same for files without line breaks inside cells).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from careinspect.rules.errors import RuleViolation


class CsvError(RuleViolation):
    """A value, row or column of a CSV file that cannot be used, with where it is."""

    def __init__(self, message: str, *, line: int, column: str | None = None, rule: str | None = None):
        self.line = line
        self.column = column
        super().__init__(message, rule=rule, field=column)

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        text = f"{where}: {self.message}"
        return f"{text} ({self.rule})" if self.rule else text


def read_text(source: str | Path, *, field: str) -> str:
    """The CSV's text: a str holding a line break is the CSV itself; any other str or Path names a file.

    `field` names the input that gave the file (e.g. `candidates`), for the message when it is unreadable.
    """
    if isinstance(source, str) and "\n" in source:
        return source
    try:
        # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
        return Path(source).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RuleViolation(f"cannot read {source}: {exc.strerror or exc}", field=field) from None
    except UnicodeDecodeError:
        raise RuleViolation(f"cannot read {source}: it is not a UTF-8 text file", field=field) from None


def rows(text: str, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {column: value} with the line it starts on; every `columns` must be in the header.

    csv.reader, not DictReader: it reports blank lines instead of skipping them, so the line a record starts
    on is always one after where the previous record ended, even when a quoted value spans lines.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from _records(reader, columns)
    except csv.Error as exc:  # e.g. a quote never closed, or a NUL byte from a binary file
        raise CsvError(f"this is not readable CSV: {exc}", line=reader.line_num) from None


def _records(reader: Any, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        raise CsvError("the file is empty: it needs a header line", line=1)
    for column in columns:
        if column not in header:
            raise CsvError(f"the header has no column {column!r}", line=1, column=column)
    ended = reader.line_num
    for record in reader:
        start, ended = ended + 1, reader.line_num
        if not any(value.strip() for value in record):
            continue
        if len(record) > len(header):
            raise CsvError(
                f"the row has {len(record)} values but the header has {len(header)} columns", line=start
            )
        values = [value.strip() for value in record] + [""] * (len(header) - len(record))
        yield start, dict(zip(header, values, strict=True))
