"""The one entry point for every dataset: read, validate, and (A1) measure. Free of Django.

result = validate_dataset("a1", path_or_bytes, filename="a1.xlsx", member_la_codes=["850", "852"])
if result.valid: result.measures ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from careinspect.datasets.engine import DEFAULT_CAP, RawSheets, validate_frames
from careinspect.datasets.kinds import DatasetKind, dataset_kinds
from careinspect.datasets.limits import LimitedSheets, refuse_over_limit
from careinspect.datasets.policy import row_limit
from careinspect.datasets.reader import Source, open_sheets
from careinspect.datasets.schema import ROW


class UnknownDatasetKind(ValueError):
    pass


@dataclass
class DatasetResult:
    """What a validated upload gives back. `errors` and `warnings` hold at most `cap` records per check;
    `error_count` and `warning_count` count them all, and `summary` has each check's total."""

    kind: str
    valid: bool
    errors: list[dict[str, Any]]
    error_count: int
    warnings: list[dict[str, Any]]
    warning_count: int
    measures: dict[str, Any]
    row_counts: dict[str, int]
    summary: list[dict[str, Any]]
    period_end: date
    _frames: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    _columns: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def rows(self, sheet: str | None = None) -> list[dict[str, Any]]:
        """The validated rows of a sheet as dicts of typed values (dates as `date`), each with its `row`.

        Only for a valid dataset: rows of an invalid one are not to be stored (CORE's rule: errors block).
        """
        if not self.valid:
            raise ValueError("the dataset has errors: its rows are not to be stored")
        name = sheet or next(iter(self._columns))
        frame = self._frames[name]
        present = [c for c in self._columns[name] if c in frame.columns]
        return frame.select(pl.col(ROW).alias("row"), *present).to_dicts()

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of `careinspect datasets validate --json` (dates in ISO form)."""
        return {
            "kind": self.kind,
            "valid": self.valid,
            "errors": self.errors,
            "error_count": self.error_count,
            "warnings": self.warnings,
            "warning_count": self.warning_count,
            "summary": self.summary,
            "row_counts": self.row_counts,
            "period_end": self.period_end.isoformat(),
            "measures": self.measures,
        }


def get_kind(kind: str) -> DatasetKind:
    kinds = dataset_kinds()
    if kind not in kinds:
        raise UnknownDatasetKind(f"{kind!r} is not a dataset kind; expected one of {', '.join(kinds)}")
    return kinds[kind]


def validate_dataset(
    kind: str,
    source: Source,
    *,
    filename: str | None = None,
    member_la_codes: Sequence[str] | None = None,
    period_end: date | None = None,
    cap: int = DEFAULT_CAP,
    max_rows: int | None = None,
) -> DatasetResult:
    """Read and check a dataset; compute its measures only when it is valid.

    `source` is a path (a workbook, a CSV, or a directory of one CSV per sheet) or the uploaded bytes
    (`filename` then names it in messages and tells XLSX from CSV). Raises DatasetUnreadable when the file
    cannot be read at all, DatasetTooLarge (one of those) when a sheet has more rows than `max_rows` (by
    default the policy's limit for the kind, INF-1..3) before any row is parsed, UnknownDatasetKind for a
    bad `kind`. `period_end` is the A1 period's end (default: the latest 30 September before today) or,
    for the other kinds, the "as at" date (today).
    """
    spec = get_kind(kind)
    end = period_end or spec.default_period_end()
    schema = spec.schema(end, member_la_codes)
    limit = row_limit(kind) if max_rows is None else max_rows
    refuse_over_limit(spec, source, schema.sheet_names, filename=filename, limit=limit)
    raw: RawSheets = LimitedSheets(open_sheets(source, schema.sheet_names, filename=filename), spec, limit)
    relocate = None
    if spec.reshape is not None:
        raw, relocate = spec.reshape({sheet: raw.pop(sheet) for sheet in schema.sheet_names})
    checked = validate_frames(schema, raw, prepare=spec.prepare, cap=cap)
    if relocate is not None:
        relocate(checked.errors.records)
        relocate(checked.warnings.records)
    measures: dict[str, Any] = {}
    if checked.valid and spec.measures is not None:
        measures = spec.measures(checked.frames, end)
    return DatasetResult(
        kind=kind,
        valid=checked.valid,
        errors=checked.errors.records,
        error_count=checked.errors.count,
        warnings=checked.warnings.records,
        warning_count=checked.warnings.count,
        measures=measures,
        row_counts=checked.row_counts,
        summary=[{**s, "severity": "error"} for s in checked.errors.summary]
        + [{**s, "severity": "warning"} for s in checked.warnings.summary],
        period_end=end,
        _frames=checked.frames,
        _columns={s.name: s.names for s in schema.sheets},
    )


def refuse_too_many_rows(
    kind: str, source: Source, *, filename: str | None = None, max_rows: int | None = None
) -> None:
    """Raise DatasetTooLarge when a sheet of the file has more rows than the kind accepts (by default the
    policy's limit, INF-1..3), counting without parsing: cheap enough to run before the upload checks
    that read every cell. A file it cannot count passes here and is checked as it is read."""
    spec = get_kind(kind)
    sheets = spec.schema(spec.default_period_end(), None).sheet_names
    limit = row_limit(kind) if max_rows is None else max_rows
    refuse_over_limit(spec, source, sheets, filename=filename, limit=limit)
