"""Reading the annual questionnaires' response counts from CSV (NOT-4), with no Django.

The columns (docs/datasets/questionnaire_responses.md): `urn` (the provider's URN) and `responses` (how
many responses came back, a whole number, 0 or more). Every error is reported at once, naming the row as
a spreadsheet numbers it (the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = ("urn", "responses")


def _error(row: int, column: str, value: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "value": value, "message": message}


def parse_questionnaire_csv(data: bytes) -> tuple[list[tuple[str, int, int]], list[dict[str, Any]]]:
    """(rows as (urn, responses, row number), errors as {row, column, value, message})."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_error(1, "", "", "the file is not UTF-8 text: save it as CSV UTF-8")]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [
            _error(1, c, "", f"the header has no {c} column (the columns are {', '.join(COLUMNS)})")
            for c in missing
        ]
    at = {c: header.index(c) for c in COLUMNS}
    rows: list[tuple[str, int, int]] = []
    errors: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        urn, count_text = cells[at["urn"]].strip(), cells[at["responses"]].strip()
        row_ok = True
        if not urn:
            errors.append(_error(number, "urn", urn, "the URN is empty"))
            row_ok = False
        elif urn in seen:
            errors.append(_error(number, "urn", urn, f"this URN is already on row {seen[urn]}"))
            row_ok = False
        else:
            seen[urn] = number
        if not (count_text.isascii() and count_text.isdigit()):
            errors.append(
                _error(
                    number, "responses", count_text, "give the number of responses: a whole number, 0 or more"
                )
            )
            row_ok = False
        if row_ok:
            rows.append((urn, int(count_text), number))
    if not rows and not errors:
        errors.append(_error(2, "", "", "the file has no rows under its header"))
    return rows, errors
