"""Column types: how a column's text is parsed, once, into a typed polars column.

Each type is a polars expression from the cleaned text (trimmed, blank = null) to the typed value, null
where the text is not a value of the type; the engine reports a non-blank cell that parsed to null with
the type's message. Nothing here loops over rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

# An ISO date, optionally with the time Excel gives its date cells ("2024-03-01 00:00:00").
_DATE = r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
# A year and month; Excel turns "2019-05" typed in a cell into 1 May 2019, so the 1st is accepted too.
_YEAR_MONTH = r"^(\d{4}-\d{2})(?:-01(?:[ T]00:00(?::00(?:\.0+)?)?)?)?$"
# Whole numbers; calamine writes a number cell 3 as "3" but a formula's result may read "3.0".
_WHOLE = r"^(\d{1,9})(?:\.0+)?$"
_MONEY = r"^(\d{1,12}(?:\.\d+)?)$"
_LA_CODE = r"^(\d{3})(?:\.0+)?$"


@dataclass(frozen=True)
class ColumnType:
    """What a column holds: `parse` maps cleaned text to the typed value or null; `message` says why not."""

    name: str
    parse: Callable[[pl.Expr], pl.Expr]
    message: str
    is_date: bool = False


def text() -> ColumnType:
    return ColumnType("text", lambda s: s, "")


def date() -> ColumnType:
    return ColumnType(
        "date",
        lambda s: s.str.extract(_DATE, 1).str.to_date("%Y-%m-%d", strict=False),
        "is not a date: write it as YYYY-MM-DD",
        is_date=True,
    )


def year_month() -> ColumnType:
    """A month as the date of its 1st, so it compares with dates."""
    return ColumnType(
        "year_month",
        lambda s: (s.str.extract(_YEAR_MONTH, 1) + "-01").str.to_date("%Y-%m-%d", strict=False),
        "is not a year and month: write it as YYYY-MM",
        is_date=True,
    )


def whole_number(minimum: int = 0) -> ColumnType:
    def parse(s: pl.Expr) -> pl.Expr:
        n = s.str.extract(_WHOLE, 1).cast(pl.Int64, strict=False)
        return pl.when(n >= minimum).then(n)

    return ColumnType("whole_number", parse, f"is not a whole number of {minimum} or more")


def money() -> ColumnType:
    def parse(s: pl.Expr) -> pl.Expr:
        cleaned = s.str.replace_all(r"[£,\s]", "").str.extract(_MONEY, 1)
        return cleaned.cast(pl.Float64, strict=False)

    return ColumnType("money", parse, "is not an amount of money of 0 or more, like 1250.00")


def la_code() -> ColumnType:
    """The 3-digit DfE number; which codes are allowed is a separate check (it depends on the RAA)."""
    return ColumnType(
        "la_code", lambda s: s.str.extract(_LA_CODE, 1), "is not a 3-digit local authority code"
    )


def choice(values: Iterable[str]) -> ColumnType:
    """One of a list of codes, matched ignoring case; the typed value is the code as the contract has it."""
    allowed = tuple(values)
    mapping = {v.lower(): v for v in allowed}
    listed = ", ".join(allowed) if len(allowed) <= 20 else ", ".join(allowed[:20]) + ", …"

    def parse(s: pl.Expr) -> pl.Expr:
        return s.str.to_lowercase().replace_strict(mapping, default=None, return_dtype=pl.String)

    return ColumnType("choice", parse, f"is not one of {listed}")


def yes_no() -> ColumnType:
    return ColumnType(
        "yes_no",
        lambda s: s.str.to_uppercase().replace_strict(
            {"Y": "Y", "N": "N"}, default=None, return_dtype=pl.String
        ),
        "is not Y or N",
    )
