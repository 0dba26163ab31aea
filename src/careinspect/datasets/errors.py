"""Errors of the dataset machinery that stop validation before any row is checked."""

from __future__ import annotations


class DatasetUnreadable(Exception):
    """The file cannot be read as a dataset at all: corrupt, not a spreadsheet, or a sheet is missing.

    Row-level problems are never raised: they are collected and reported together (DatasetResult.errors).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
