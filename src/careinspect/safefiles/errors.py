"""Why an upload was refused, in words a provider's staff member can act on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RejectionCode(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TYPE_NOT_ALLOWED = "type_not_allowed"
    EXTENSION_MISMATCH = "extension_mismatch"
    NOT_TEXT = "not_text"
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    MACROS = "macros"
    ZIP_TOO_LARGE = "zip_too_large"
    ZIP_RATIO = "zip_ratio"
    ZIP_TOO_MANY_MEMBERS = "zip_too_many_members"
    ZIP_NESTED = "zip_nested"
    ZIP_UNSAFE_PATH = "zip_unsafe_path"
    FORMULA_CELLS = "formula_cells"


@dataclass(frozen=True)
class Cell:
    """A spreadsheet cell that a spreadsheet program could treat as a formula."""

    sheet: str
    """The worksheet's name; empty for a CSV, which has only one."""
    row: int
    """1-based, as the spreadsheet program numbers rows."""
    column: int
    """1-based: 1 is column A."""
    value: str

    @property
    def reference(self) -> str:
        """ "B3", or "'Carers'!B3" in a workbook."""
        letters = ""
        column = self.column
        while column > 0:
            column, remainder = divmod(column - 1, 26)
            letters = chr(ord("A") + remainder) + letters
        cell = f"{letters}{self.row}"
        return f"'{self.sheet}'!{cell}" if self.sheet else cell


class UploadRejected(Exception):
    """The upload was refused; ``message`` names the file, what was wrong and what to do about it."""

    def __init__(self, message: str, code: RejectionCode, *, cells: tuple[Cell, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.cells = cells
        """For FORMULA_CELLS: every flagged cell, not just those the message shows."""

    def __repr__(self) -> str:
        return f"UploadRejected({self.message!r}, {self.code!r})"
