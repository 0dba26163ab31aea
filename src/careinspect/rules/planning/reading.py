"""Reading a planning scenario from a folder of CSV files, with errors that say exactly where.

`providers.csv` and `inspectors.csv` are required (columns as issue 14 fixes them); `locks.csv`
(`urn, inspector, start, reason`) is optional and holds the placements already announced or locked.
Lists inside a cell are semicolon-separated. Every error names the file, the row (the CSV's own line
number, header = 1) and the column, and stops the reading: a plan made from half a scenario misleads.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from careinspect.rules.errors import RuleViolation
from careinspect.rules.planning.regions import REGIONS
from careinspect.rules.planning.scenario import KINDS, Inspector, Lock, ProviderDue, Scenario

PROVIDER_COLUMNS = (
    "urn",
    "kind",
    "region",
    "window_start",
    "window_end",
    "days_on_site",
    "priority",
    "previous_inspectors",
)
INSPECTOR_COLUMNS = ("id", "region", "kinds", "days_per_week", "leave", "conflicts")
LOCK_COLUMNS = ("urn", "inspector", "start", "reason")
# On-site days lie in one ISO week (see timeline.py), so neither figure can pass 5.
MAX_DAYS_IN_A_WEEK = 5

T = TypeVar("T")


class ScenarioError(RuleViolation):
    """A scenario file that cannot be read: `field` is "FILE row N, column NAME"."""

    def __init__(self, path: Path, row: int, column: str, message: str) -> None:
        self.path, self.row, self.column = path, row, column
        super().__init__(message, field=f"{path} row {row}, column {column}")


class _Bad(ValueError):
    """A cell's value is wrong; the row loop adds the file, row and column."""


Row = dict[str, str]


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    """Each data row as (its line number, {column: stripped text}); blank lines are skipped."""
    if not path.is_file():
        raise RuleViolation("the file does not exist", field=str(path))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise ScenarioError(path, 1, missing[0], "the header has no such column")
        line = reader.line_num
        for cells in reader:
            row, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                raise ScenarioError(path, row, str(len(header) + 1), "more cells than the header has columns")
            values = dict(zip(header, (cell.strip() for cell in cells), strict=False))
            absent = [c for c in columns if c not in values]
            if absent:
                raise ScenarioError(path, row, absent[0], "the row ends before this column")
            yield row, values


def _cell(path: Path, row: int, values: Row, column: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(values[column])
    except _Bad as exc:
        raise ScenarioError(path, row, column, str(exc)) from None


def _required(text: str) -> str:
    if not text:
        raise _Bad("this cell is empty")
    return text


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(_required(text))
    except ValueError:
        raise _Bad(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _whole(low: int, high: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(_required(text))
        except ValueError:
            raise _Bad(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            limit = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise _Bad(f"{value} is out of range: it must be {limit}")
        return value

    return parse


def _kind(text: str) -> str:
    kind = _required(text).upper()
    if kind not in KINDS:
        raise _Bad(f"{text!r} is not a kind of agency; use one of {', '.join(KINDS)}")
    return kind


_REGION_BY_LOWER = {r.lower(): r for r in REGIONS}


def _region(text: str) -> str:
    region = _REGION_BY_LOWER.get(_required(text).lower())
    if region is None:
        raise _Bad(f"{text!r} is not one of England's regions ({'; '.join(REGIONS)})")
    return region


def _list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";") if item.strip())


def _kinds(text: str) -> frozenset[str]:
    kinds = _list(_required(text))
    return frozenset(_kind(k) for k in kinds)


def _dates(text: str) -> frozenset[date]:
    return frozenset(_iso_date(d) for d in _list(text))


def _providers(path: Path) -> list[ProviderDue]:
    providers: list[ProviderDue] = []
    seen: set[str] = set()
    for row, v in _rows(path, PROVIDER_COLUMNS):
        urn = _cell(path, row, v, "urn", _required)
        if urn in seen:
            raise ScenarioError(path, row, "urn", f"{urn} is already on an earlier row")
        seen.add(urn)
        start = _cell(path, row, v, "window_start", _iso_date)
        end = _cell(path, row, v, "window_end", _iso_date)
        if end < start:
            raise ScenarioError(path, row, "window_end", f"{end} is before the window's start {start}")
        providers.append(
            ProviderDue(
                urn=urn,
                kind=_cell(path, row, v, "kind", _kind),
                region=_cell(path, row, v, "region", _region),
                window_start=start,
                window_end=end,
                days_on_site=_cell(path, row, v, "days_on_site", _whole(1, MAX_DAYS_IN_A_WEEK)),
                priority=_cell(path, row, v, "priority", _whole(1)),
                previous_inspectors=_cell(path, row, v, "previous_inspectors", _list),
            )
        )
    return providers


def _inspectors(path: Path) -> list[Inspector]:
    inspectors: list[Inspector] = []
    seen: set[str] = set()
    for row, v in _rows(path, INSPECTOR_COLUMNS):
        inspector_id = _cell(path, row, v, "id", _required)
        if inspector_id in seen:
            raise ScenarioError(path, row, "id", f"{inspector_id} is already on an earlier row")
        seen.add(inspector_id)
        inspectors.append(
            Inspector(
                id=inspector_id,
                region=_cell(path, row, v, "region", _region),
                kinds=_cell(path, row, v, "kinds", _kinds),
                days_per_week=_cell(path, row, v, "days_per_week", _whole(1, MAX_DAYS_IN_A_WEEK)),
                leave=_cell(path, row, v, "leave", _dates),
                conflicts=frozenset(_cell(path, row, v, "conflicts", _list)),
            )
        )
    return inspectors


def _locks(path: Path, urns: set[str], inspector_ids: set[str]) -> list[Lock]:
    def known(names: set[str], what: str) -> Callable[[str], str]:
        def parse(text: str) -> str:
            if _required(text) not in names:
                raise _Bad(f"{text} is not in the scenario's {what}")
            return text

        return parse

    locks: list[Lock] = []
    locked: set[str] = set()
    for row, v in _rows(path, LOCK_COLUMNS[:3]):
        urn = _cell(path, row, v, "urn", known(urns, "providers.csv"))
        if urn in locked:
            raise ScenarioError(path, row, "urn", f"{urn} is already locked on an earlier row")
        locked.add(urn)
        reason = v.get("reason", "")
        locks.append(
            Lock(
                urn=urn,
                inspector=_cell(path, row, v, "inspector", known(inspector_ids, "inspectors.csv")),
                start=_cell(path, row, v, "start", _iso_date),
                **({"reason": reason} if reason else {}),
            )
        )
    return locks


def read_scenario(folder: Path | str) -> Scenario:
    """The scenario in `folder`; raises ScenarioError (a RuleViolation) naming file, row and column."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RuleViolation(f"{folder} is not a folder", field="scenario")
    providers = _providers(folder / "providers.csv")
    inspectors = _inspectors(folder / "inspectors.csv")
    locks_path = folder / "locks.csv"
    locks = (
        _locks(locks_path, {p.urn for p in providers}, {i.id for i in inspectors})
        if locks_path.exists()
        else []
    )
    return Scenario(tuple(providers), tuple(inspectors), tuple(locks))
