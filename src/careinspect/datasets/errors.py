"""Errors of the dataset machinery that stop validation before any row is checked."""

from __future__ import annotations


class DatasetUnreadable(Exception):
    """The file cannot be read as a dataset at all: corrupt, not a spreadsheet, or a sheet is missing.

    Row-level problems are never raised: they are collected and reported together (DatasetResult.errors).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatasetTooLarge(DatasetUnreadable):
    """A sheet has more rows than the policy accepts for its kind of dataset (INF-1, INF-2, INF-3): refused
    before the dataset is parsed or anything of it is stored, like a file that cannot be read.

    `rule` is the rule of the information requested, `sheet` the sheet, `rows` what was counted (a lower
    bound when `at_least`), `limit` the policy's figure.
    """

    def __init__(
        self, label: str, *, title: str, rule: str, sheet: str, rows: int, limit: int, at_least: bool = False
    ) -> None:
        counted = f"at least {rows:,}" if at_least else f"{rows:,}"
        super().__init__(
            f"{label}: sheet {sheet!r} has {counted} rows; at most {limit:,} are accepted for the {title} "
            f"({rule})"
        )
        self.rule = rule
        self.sheet = sheet
        self.rows = rows
        self.limit = limit
