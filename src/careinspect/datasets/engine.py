"""Validation: parse each column once, then evaluate every check as one vectorised expression.

The only Python loops are over sheets, columns and checks, and over the error rows actually reported
(at most `cap` per check; every failure is still counted). Findings carry the spreadsheet's own row
number: the header is row 1, the first data row is row 2, and header problems are reported on row 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import polars as pl

from careinspect.datasets.reader import normalise_header
from careinspect.datasets.schema import RAW_PREFIX, ROW, Check, Schema, Sheet, blank, given, raw
from careinspect.rules.identifying import FULL_NAME_VALUE

DEFAULT_CAP = 1000
EXTRA_PREFIX = "extra:"

# EVD-2 (its one check is `rules.identifying`): a column meant to hold people's names has no place in a
# dataset that identifies people by case record ID only. Matched on the normalised header
# ("First Name" → "firstname").
_NAME_HEADER = re.compile(
    r"^(?:first|last|sur|fore|full|given|family|middle|maiden|child|childs)?names?$|name$"
)
# A cell that is nothing but two or more capitalised words, "Zoë Smith" or "Mary-Jane O'Neill", is
# flagged by the same name pattern as every other text (careinspect.rules.identifying): a warning, since a
# service description can look the same. Initials ("A B", "AJ") are allowed and do not match.
NAME_VALUE_MESSAGE = "looks like a person's name: identify people by initials or case record ID only"

Prepare = Callable[[dict[str, pl.DataFrame]], dict[str, pl.DataFrame]]


@dataclass
class Findings:
    """Errors or warnings: the first `cap` per check as records, and the full count of each."""

    records: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    summary: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, rule: str, sheet: str, column: str, message: str, rows: list[tuple[int, Any]], total: int
    ) -> None:
        self.records.extend(
            {"sheet": sheet, "row": row, "column": column, "value": value, "message": message}
            for row, value in rows
        )
        self.count += total
        self.summary.append(
            {"rule": rule, "sheet": sheet, "column": column, "message": message, "count": total}
        )


@dataclass
class Validation:
    frames: dict[str, pl.DataFrame]
    errors: Findings
    warnings: Findings
    row_counts: dict[str, int]

    @property
    def valid(self) -> bool:
        return self.errors.count == 0


class RawSheets(Protocol):
    """Where the raw text frames come from, one sheet at a time: a dict, or `reader.Sheets`, which reads
    each sheet only when it is taken."""

    def pop(self, sheet: str, /) -> pl.DataFrame: ...


def validate_frames(
    schema: Schema,
    raw_frames: RawSheets,
    *,
    prepare: Prepare | None = None,
    cap: int = DEFAULT_CAP,
) -> Validation:
    """Check the raw text frames against the schema: header, then types, then every cross-column check.

    Memory stays near one sheet's text: each sheet is taken from `raw_frames` (so a dict is emptied, and
    a lazy reader reads it only now), parsed, checked, and kept as its typed columns only. A kind that
    joins its sheets before checking (`prepare`) has every sheet parsed first.
    """
    errors, warnings = Findings(), Findings()
    frames: dict[str, pl.DataFrame] = {}
    missing: dict[str, set[str]] = {}

    def checked(sheet: Sheet) -> pl.DataFrame:
        return _check_sheet(schema, sheet, frames[sheet.name], missing[sheet.name], errors, warnings, cap)

    for sheet in schema.sheets:
        frames[sheet.name], missing[sheet.name] = _parse_sheet(
            sheet, raw_frames.pop(sheet.name), errors, warnings
        )
        if prepare is None:
            frames[sheet.name] = checked(sheet)
    if prepare is not None:
        frames = prepare(frames)
        for sheet in schema.sheets:
            frames[sheet.name] = checked(sheet)
    order = {s.name: (i, {c: j for j, c in enumerate(s.names)}) for i, s in enumerate(schema.sheets)}
    for findings in (errors, warnings):
        findings.records.sort(key=lambda r: _position(order, r))
    return Validation(frames, errors, warnings, {name: frame.height for name, frame in frames.items()})


def _check_sheet(
    schema: Schema,
    sheet: Sheet,
    frame: pl.DataFrame,
    missing: set[str],
    errors: Findings,
    warnings: Findings,
    cap: int,
) -> pl.DataFrame:
    """Evaluate the sheet's checks, then keep only its typed columns: the cleaned text is for the checks
    and the values shown in findings, and nothing after them (rows, measures) reads it."""
    checks = [*column_checks(sheet, frame), *(c for c in schema.checks if c.sheet == sheet.name)]
    runnable = [c for c in checks if not _needs_missing(c, missing)]
    _evaluate(frame, runnable, errors, warnings, cap)
    return frame.select(pl.exclude(f"^{re.escape(RAW_PREFIX)}.*$"))


def column_checks(sheet: Sheet, frame: pl.DataFrame) -> list[Check]:
    """The checks every column gets from its declaration: required, type, unique, and names (EVD-2)."""
    checks: list[Check] = []
    for col in sheet.columns:
        base = f"{sheet.name}.{col.name}"
        if col.required:
            checks.append(Check(f"{base}.required", sheet.name, col.name, "is required", blank(col.name)))
        if col.type.message:
            checks.append(
                Check(
                    f"{base}.type",
                    sheet.name,
                    col.name,
                    col.type.message,
                    given(col.name) & pl.col(col.name).is_null(),
                )
            )
        if col.unique and _may_repeat(frame, col.name):
            checks.append(
                Check(
                    f"{base}.unique",
                    sheet.name,
                    col.name,
                    "is already used on an earlier row: each ID must be unique",
                    pl.col(col.name).is_not_null() & ~pl.col(col.name).is_first_distinct(),
                )
            )
        if col.free_text:
            checks.append(_name_value_check(sheet.name, col.name))
    for name in frame.columns:
        if name.startswith(RAW_PREFIX + EXTRA_PREFIX):
            header = name.removeprefix(RAW_PREFIX + EXTRA_PREFIX)
            checks.append(_name_value_check(sheet.name, header, EXTRA_PREFIX + header))
    return checks


def _name_value_check(sheet: str, column: str, frame_column: str | None = None) -> Check:
    # EVD-2: the shared full-name pattern of `rules.identifying`
    source = frame_column or column
    return Check(
        f"{sheet}.{column}.evd2_name",
        sheet,
        column,
        NAME_VALUE_MESSAGE,
        raw(source).str.contains(FULL_NAME_VALUE),
        severity="warning",
        value_column=source,
    )


def _parse_sheet(
    sheet: Sheet, source: pl.DataFrame, errors: Findings, warnings: Findings
) -> tuple[pl.DataFrame, set[str]]:
    """Match headers, clean the text, drop blank rows and parse each column once."""
    wanted = {normalise_header(c.name): c for c in sheet.columns}
    chosen: dict[str, str] = {}  # contract name (or extra:header) -> header in the file
    for header in source.columns:
        key = normalise_header(header)
        col = wanted.get(key)
        if col is not None:
            if col.name in chosen:
                errors.add(
                    f"{sheet.name}.{col.name}.header",
                    sheet.name,
                    col.name,
                    "appears twice in the header",
                    [(1, header)],
                    1,
                )
            else:
                chosen[col.name] = header
        elif key and not key.startswith("__unnamed__"):
            if _NAME_HEADER.search(key):
                # EVD-2: a column of names
                errors.add(
                    f"{sheet.name}.evd2_name_column",
                    sheet.name,
                    header,
                    "is a column of names: identify people by the agency's case record ID only",
                    [(1, header)],
                    1,
                )
            else:
                warnings.add(
                    f"{sheet.name}.unknown_column",
                    sheet.name,
                    header,
                    "is not a column of this form: it is ignored",
                    [(1, header)],
                    1,
                )
                chosen[EXTRA_PREFIX + header] = header
        elif source.get_column(header).drop_nulls().len():
            warnings.add(
                f"{sheet.name}.unnamed_column",
                sheet.name,
                "",
                "a column with values has no header: it is ignored",
                [(1, None)],
                1,
            )
    absent: set[str] = set()
    for col in sheet.columns:
        if col.name in chosen:
            continue
        absent.add(col.name)
        if col.required:
            errors.add(
                f"{sheet.name}.{col.name}.missing",
                sheet.name,
                col.name,
                "required column is missing",
                [(1, None)],
                1,
            )
        else:
            warnings.add(
                f"{sheet.name}.{col.name}.missing",
                sheet.name,
                col.name,
                "column is missing: read as blank",
                [(1, None)],
                1,
            )

    source = source.with_columns(pl.col(h).cast(pl.String) for h in chosen.values())
    untidy = (
        source.select(_untidy(h).any().alias(h) for h in chosen.values()).row(0, named=True) if chosen else {}
    )
    # Only columns with a blank or padded cell are cleaned: the others are aliased, not copied (memory).
    cleaned = [
        (pl.col(header).str.strip_chars().replace("", None) if untidy[header] else pl.col(header)).alias(
            RAW_PREFIX + name
        )
        for name, header in chosen.items()
    ]
    blanks = [
        pl.lit(None, dtype=pl.String).alias(RAW_PREFIX + name)
        for name in absent
        if not sheet.column(name).required
    ]
    frame = source.with_row_index(ROW, offset=2).select(pl.col(ROW).cast(pl.Int64), *cleaned, *blanks)
    raw_names = [n for n in frame.columns if n != ROW]
    if raw_names:
        # Rows with nothing in them (Excel's trailing formatted rows) are not data.
        keep = frame.select(pl.any_horizontal(pl.col(n).is_not_null() for n in raw_names)).to_series()
        if not keep.all():
            frame = frame.filter(keep)
    else:
        frame = frame.clear()
    parsed = [
        col.type.parse(raw(col.name)).alias(col.name)
        for col in sheet.columns
        if col.name not in absent or not col.required
    ]
    frame = _retry_unread(sheet, frame.with_columns(parsed))
    return frame, {c for c in absent if sheet.column(c).required}


def _untidy(header: str) -> pl.Expr:
    """A cell that is empty text or has whitespace to trim (the cheapest test measured on 1M rows)."""
    s = pl.col(header)
    return (s.str.len_bytes() == 0) | (s.str.strip_chars() != s)


def _retry_unread(sheet: Sheet, frame: pl.DataFrame) -> pl.DataFrame:
    """Run each type's slow fallback parser on just the cells its fast parser could not read."""
    columns = [c for c in sheet.columns if c.type.fallback is not None and c.name in frame.columns]
    if not columns or not frame.height:
        return frame

    def unread(name: str) -> pl.Expr:
        return given(name) & pl.col(name).is_null()

    counts = frame.select(unread(c.name).sum().alias(c.name) for c in columns).row(0, named=True)
    for col in columns:
        if counts[col.name] and col.type.fallback is not None:
            index = frame.select(unread(col.name).arg_true()).to_series()
            retried = frame.select(col.type.fallback(raw(col.name).gather(index))).to_series()
            frame = frame.with_columns(frame.get_column(col.name).scatter(index, retried))
    return frame


def _may_repeat(frame: pl.DataFrame, name: str) -> bool:
    """Cheap pre-check for a unique column: fewer distinct hashes than values means there may be repeats
    (a hash collision only costs the exact check, it never hides a repeat)."""
    if name not in frame.columns or not frame.height:
        return False
    values = pl.col(name).drop_nulls()
    return bool(frame.select(values.hash().n_unique() < values.len()).item())


def _needs_missing(check: Check, missing: set[str]) -> bool:
    if not missing:
        return False
    roots = {name.removeprefix(RAW_PREFIX) for name in check.fails.meta.root_names()}
    return bool(roots & missing) or check.column in missing


def _evaluate(
    frame: pl.DataFrame, checks: list[Check], errors: Findings, warnings: Findings, cap: int
) -> None:
    if not checks or frame.height == 0:
        return
    masks = frame.select(c.fails.fill_null(False).alias(str(i)) for i, c in enumerate(checks))
    counts = masks.sum().row(0)
    for i, check in enumerate(checks):
        total = int(counts[i] or 0)
        if not total:
            continue
        shown_column = check.value_column or check.column
        value = (
            raw(shown_column) if RAW_PREFIX + shown_column in frame.columns else pl.lit(None, dtype=pl.String)
        )
        shown = frame.filter(masks.get_column(str(i))).head(cap).select(pl.col(ROW), value.alias("value"))
        target: Findings = errors if check.severity == "error" else warnings
        target.add(check.rule, check.sheet, check.column, check.message, list(shown.iter_rows()), total)


def _position(
    order: Mapping[str, tuple[int, dict[str, int]]], record: Mapping[str, Any]
) -> tuple[int, int, int]:
    sheet_index, columns = order.get(record["sheet"], (99, {}))
    return sheet_index, int(record["row"]), columns.get(record["column"], 999)
