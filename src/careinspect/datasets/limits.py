"""The most rows a sheet of each kind of dataset may have (policy `dataset_row_limits`: INF-1, INF-2, INF-3).

A dataset over its limit is refused before it is parsed or anything of it is stored: counted from the
file first (`rowcount`), and, for a workbook that cannot be counted that way, from each sheet as it is
read, before it is checked. The limits are the policy in force (`datasets.policy.row_limit`).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from careinspect.datasets.errors import DatasetTooLarge
from careinspect.datasets.kinds import DatasetKind
from careinspect.datasets.reader import Sheets, Source, label_of
from careinspect.datasets.rowcount import count_rows


def refuse_over_limit(
    spec: DatasetKind, source: Source, sheets: Sequence[str], *, filename: str | None, limit: int
) -> None:
    """Raise DatasetTooLarge, naming the first sheet over `limit`, counting the file without parsing it."""
    label = label_of(source, filename)
    for sheet, counted in count_rows(source, sheets, filename=filename).items():
        if counted.rows > limit:
            raise DatasetTooLarge(
                label,
                title=spec.noun,
                rule=spec.rule,
                sheet=sheet,
                rows=counted.rows,
                limit=limit,
                at_least=not counted.complete,
            )


class LimitedSheets:
    """The sheets of a file, each refused as it is read when it is over the limit: the check for the
    workbooks `rowcount` cannot count (XLS, ODS), before any of their rows is checked or stored."""

    def __init__(self, sheets: Sheets, spec: DatasetKind, limit: int) -> None:
        self._sheets = sheets
        self._spec = spec
        self._limit = limit

    def pop(self, sheet: str) -> pl.DataFrame:
        frame = self._sheets.pop(sheet)
        if frame.height > self._limit:
            raise DatasetTooLarge(
                self._sheets.label,
                title=self._spec.noun,
                rule=self._spec.rule,
                sheet=sheet,
                rows=frame.height,
                limit=self._limit,
            )
        return frame
