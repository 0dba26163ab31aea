"""Small A1 datasets built in code: one valid row per sheet, changed cell by cell by each test."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from careinspect.datasets.a1.schema import SHEETS
from careinspect.datasets.validate import DatasetResult, validate_dataset

PERIOD_END = date(2024, 9, 30)
MEMBERS = ("850", "852")

CHILD: dict[str, str] = {
    "child_id": "C1",
    "la_code": "850",
    "sex": "F",
    "birth_month": "2020-03",
    "ethnicity": "WBRI",
    "disability": "N",
    "complex_needs": "N",
    "sibling_group_size": "1",
    "decision_date": "2023-06-01",
    "placement_order_date": "2023-07-01",
    "matched_date": "2023-12-01",
    "placed_date": "2024-01-15",
    "adoption_order_date": "",
    "placement_route": "in_raa",
    "early_permanence": "N",
    "placed_with_siblings": "",
    "plan_changed_date": "",
    "disruption_date": "",
}

ADOPTER: dict[str, str] = {
    "adopter_id": "A1",
    "assessing_la_code": "",
    "household": "couple",
    "ethnicity": "WBRI",
    "lgbtq": "N",
    "interest_date": "2023-01-10",
    "stage1_start": "2023-02-01",
    "stage1_end": "2023-04-01",
    "stage2_start": "2023-04-20",
    "approval_date": "2023-11-01",
    "paused_days": "0",
    "withdrawn_date": "",
    "withdrawal_reason": "",
    "early_permanence_approved": "N",
    "sibling_group_considered": "Y",
    "matched_date": "2024-02-01",
    "placed_date": "2024-03-01",
}

REQUEST: dict[str, str] = {
    "request_id": "R1",
    "family_id": "F1",
    "requester": "adoptive_family",
    "la_code": "852",
    "request_date": "2023-11-01",
    "assessment_start": "2023-12-01",
    "assessment_end": "2024-01-05",
    "support_start": "2024-02-01",
    "support_end": "",
    "support_type": "therapy_asgsf",
    "asgsf_amount": "2500.00",
    "status": "receiving",
    "child_became_cin_or_lac": "N",
}

BASE = {"children": CHILD, "adopters": ADOPTER, "support": REQUEST}
ID_COLUMN = {"children": "child_id", "adopters": "adopter_id", "support": "request_id"}


def rows(sheet: str, *changes: Mapping[str, str], n: int = 1) -> list[dict[str, str]]:
    """`n` valid rows (IDs 1..n), then one more row per mapping of changed cells."""
    base = BASE[sheet]
    out = [{**base, ID_COLUMN[sheet]: f"{base[ID_COLUMN[sheet]][0]}{i + 1}"} for i in range(n)]
    for k, change in enumerate(changes, start=n + 1):
        out.append({**base, ID_COLUMN[sheet]: f"{base[ID_COLUMN[sheet]][0]}{k}", **change})
    return out


def write_csv(path: Path, records: Iterable[Mapping[str, Any]], columns: Iterable[str] | None = None) -> Path:
    records = list(records)
    header = list(columns) if columns is not None else list(records[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    return path


def write_a1(directory: Path, **sheets: list[dict[str, str]]) -> Path:
    """A directory of the three CSVs: the sheets given, and one valid row for the others."""
    directory.mkdir(parents=True, exist_ok=True)
    for sheet in SHEETS:
        records = sheets.get(sheet.name) or rows(sheet.name)
        write_csv(directory / f"{sheet.name}.csv", records, records[0].keys())
    return directory


def check(directory: Path, members: Iterable[str] | None = MEMBERS, **kwargs: Any) -> DatasetResult:
    return validate_dataset(
        "a1", directory, member_la_codes=list(members) if members else None, period_end=PERIOD_END, **kwargs
    )


def findings(result: DatasetResult, sheet: str, column: str, warnings: bool = False) -> list[dict[str, Any]]:
    return [
        e
        for e in (result.warnings if warnings else result.errors)
        if e["sheet"] == sheet and e["column"] == column
    ]
