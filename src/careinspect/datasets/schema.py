"""The declarative shape of a dataset: its sheets, their columns, and its cross-column checks.

A check is one named entry: the sheet and column it blames, the message a user sees, and a polars
expression that is true on the rows that break it. Expressions refer to parsed columns by their contract
name (`pl.col("placed_date")`) and to the cleaned text by `raw("placed_date")`; a null result passes, so
a check never fires on a value whose own type check already failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from careinspect.datasets.columns import ColumnType

RAW_PREFIX = "raw:"
ROW = "__row"  # the spreadsheet's own row number: header = 1, first data row = 2

Severity = Literal["error", "warning"]


def raw(column: str) -> pl.Expr:
    """The cleaned text of a column (trimmed; blank = null), before parsing."""
    return pl.col(RAW_PREFIX + column)


def given(column: str) -> pl.Expr:
    """The cell is not blank (whether or not its value parsed)."""
    return raw(column).is_not_null()


def blank(column: str) -> pl.Expr:
    return raw(column).is_null()


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    unique: bool = False
    # A column whose values could hold a person's name (free text): checked for "Firstname Surname" (EVD-2).
    free_text: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Check:
    """One rule over the rows of a sheet. `rule` is a stable identifier (with the RULES.md ID it serves)."""

    rule: str
    sheet: str
    column: str
    message: str
    fails: pl.Expr
    severity: Severity = "error"
    # The frame column whose text is shown as the value, when it differs from `column` (extra columns).
    value_column: str | None = None


@dataclass(frozen=True)
class Schema:
    kind: str
    title: str
    sheets: tuple[Sheet, ...]
    checks: tuple[Check, ...] = field(default=())

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sheets)
