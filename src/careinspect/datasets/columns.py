"""Column types: how a column's text is parsed, once, into a typed polars column.

Each type is a polars expression from the cleaned text (trimmed, blank = null) to the typed value, null
where the text is not a value of the type; the engine reports a non-blank cell that parsed to null with
the type's message. Nothing here loops over rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import polars as pl

# An ISO date, optionally with the time Excel gives its date cells ("2024-03-01 00:00:00").
_DATE = r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
# A year and month; Excel turns "2019-05" typed in a cell into 1 May 2019, so the 1st is accepted too.
_YEAR_MONTH = r"^(\d{4}-\d{2})(?:-01(?:[ T]00:00(?::00(?:\.0+)?)?)?)?$"
# Whole numbers; calamine writes a number cell 3 as "3" but a formula's result may read "3.0".
_WHOLE = r"^(\d{1,9})(?:\.0+)?$"
_MONEY = r"^(\d{1,12}(?:\.\d+)?)$"
_LA_CODE = r"^(\d{3})(?:\.0+)?$"


_THREE_DIGITS = [f"{n:03d}" for n in range(1000)]


@dataclass(frozen=True)
class ColumnType:
    """What a column holds: `parse` maps cleaned text to the typed value or null; `message` says why not.

    `parse` is the fast path, run on every row and right for the text an agency usually writes; `fallback`,
    when given, is run only on the rows `parse` could not read (Excel's "2024-03-01 00:00:00", "3.0",
    "£1,250", "y") so that the rare forms cost nothing on a million clean rows.
    """

    name: str
    parse: Callable[[pl.Expr], pl.Expr]
    message: str
    is_date: bool = False
    fallback: Callable[[pl.Expr], pl.Expr] | None = None


def text() -> ColumnType:
    return ColumnType("text", lambda s: s, "")


def _to_date(s: pl.Expr) -> pl.Expr:
    return s.str.to_date("%Y-%m-%d", strict=False)


def date() -> ColumnType:
    return ColumnType(
        "date",
        _to_date,
        "is not a date: write it as YYYY-MM-DD",
        is_date=True,
        fallback=lambda s: _to_date(s.str.extract(_DATE, 1)),
    )


def year_month() -> ColumnType:
    """A month as the date of its 1st, so it compares with dates."""
    return ColumnType(
        "year_month",
        lambda s: _to_date(s + "-01"),
        "is not a year and month: write it as YYYY-MM",
        is_date=True,
        fallback=lambda s: _to_date(s.str.extract(_YEAR_MONTH, 1) + "-01"),
    )


def whole_number(minimum: int = 0) -> ColumnType:
    def at_least(n: pl.Expr) -> pl.Expr:
        return pl.when(n >= minimum).then(n)

    return ColumnType(
        "whole_number",
        lambda s: at_least(s.cast(pl.Int64, strict=False)),
        f"is not a whole number of {minimum} or more",
        fallback=lambda s: at_least(s.str.extract(_WHOLE, 1).cast(pl.Int64, strict=False)),
    )


def money() -> ColumnType:
    def sensible(x: pl.Expr) -> pl.Expr:
        return pl.when(x.is_finite() & (x >= 0)).then(x)

    return ColumnType(
        "money",
        lambda s: sensible(s.cast(pl.Float64, strict=False)),
        "is not an amount of money of 0 or more, like 1250.00",
        fallback=lambda s: sensible(
            s.str.replace_all(r"[£,\s]", "").str.extract(_MONEY, 1).cast(pl.Float64, strict=False)
        ),
    )


def la_code() -> ColumnType:
    """The 3-digit DfE number; which codes are allowed is a separate check (it depends on the RAA)."""
    return ColumnType(
        "la_code",
        lambda s: pl.when(s.is_in(_THREE_DIGITS)).then(s),
        "is not a 3-digit local authority code",
        fallback=lambda s: s.str.extract(_LA_CODE, 1),
    )


def choice(values: Iterable[str]) -> ColumnType:
    """One of a list of codes, matched ignoring case; the typed value is the code as the contract has it."""
    allowed = tuple(values)
    mapping = {v.lower(): v for v in allowed}
    listed = ", ".join(allowed)

    def fallback(s: pl.Expr) -> pl.Expr:
        return s.str.to_lowercase().replace_strict(mapping, default=None, return_dtype=pl.String)

    return ColumnType(
        "choice", lambda s: pl.when(s.is_in(allowed)).then(s), f"is not one of {listed}", fallback=fallback
    )


def yes_no() -> ColumnType:
    return replace(choice(("Y", "N")), name="yes_no", message="is not Y or N")
