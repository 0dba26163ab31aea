"""Builders for the kinds of cross-column check the datasets share, each with its user-facing message.

Every builder returns a schema.Check whose expression is true on the rows that break the rule. Values that
failed their own type check are null after parsing, so these never fire twice for one bad cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from careinspect.datasets.schema import Check, Severity, blank, given
from careinspect.rules.calendar import day_text


def long_date(day: date) -> str:
    return f"{day_text(day)}"


def not_before(sheet: str, later: str, earlier: str) -> Check:
    """`later` ≥ `earlier` when both are given."""
    return Check(
        f"{sheet}.{later}.not_before.{earlier}",
        sheet,
        later,
        f"is before {earlier}",
        pl.col(later) < pl.col(earlier),
    )


def needs(sheet: str, column: str, other: str, why: str = "") -> Check:
    """A value in `column` only makes sense with a value in `other` (an end needs its start)."""
    message = f"is given but {other} is blank" + (f": {why}" if why else "")
    return Check(f"{sheet}.{column}.needs.{other}", sheet, column, message, given(column) & blank(other))


def required_if(sheet: str, column: str, condition: pl.Expr, when: str, rule: str = "required_if") -> Check:
    return Check(f"{sheet}.{column}.{rule}", sheet, column, f"is required {when}", condition & blank(column))


def blank_if(
    sheet: str, column: str, condition: pl.Expr, when: str, rule: str, severity: Severity = "error"
) -> Check:
    return Check(
        f"{sheet}.{column}.{rule}",
        sheet,
        column,
        f"is given but {when}",
        condition & given(column),
        severity=severity,
    )


def not_after(sheet: str, column: str, limit: date, what: str) -> Check:
    return Check(
        f"{sheet}.{column}.not_after_{what.replace(' ', '_')}",
        sheet,
        column,
        f"is after the {what} ({long_date(limit)})",
        pl.col(column) > pl.lit(limit),
    )


def in_codes(
    sheet: str, column: str, codes: Iterable[str], message: str, severity: Severity = "error"
) -> Check:
    allowed = sorted(set(codes))
    return Check(
        f"{sheet}.{column}.codes.{severity}",
        sheet,
        column,
        message,
        pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed),
        severity=severity,
    )
