"""Datasets flag names with the one identifying-text pattern (RULES: EVD-2, careinspect.rules.identifying)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import regex

from careinspect.rules.identifying import FULL_NAME_VALUE
from tests.datasets.builders import check, findings, rows, write_a1

WITHDRAWN = {"withdrawn_date": "2024-05-01", "matched_date": "", "placed_date": ""}


def name_warnings(tmp_path: Path, reasons: list[str]) -> list[tuple[int, str]]:
    """The A1 adopters' free-text withdrawal reasons that are warned about as names, by row."""
    changes = [{**WITHDRAWN, "withdrawal_reason": reason} for reason in reasons]
    result = check(write_a1(tmp_path, adopters=rows("adopters", *changes)))
    assert result.valid, result.errors
    return [
        (w["row"], w["value"])
        for w in findings(result, "adopters", "withdrawal_reason", warnings=True)
        if "person's name" in w["message"]
    ]


def test_evd2_accented_full_name_in_a_free_text_column_warns(tmp_path: Path) -> None:
    """RULES: EVD-2 — "Zoë Smith" and "Siobhán O’Neill" are names; initials and reasons are not."""
    reasons = ["Zoë Smith", "moved abroad", "Siobhán O’Neill", "JS", "Ngozi Okonkwo-Adeyemi"]
    assert name_warnings(tmp_path, reasons) == [
        (3, "Zoë Smith"),
        (5, "Siobhán O’Neill"),
        (7, "Ngozi Okonkwo-Adeyemi"),
    ]


@pytest.mark.parametrize(
    "values",
    [
        [
            "Zoë Smith",
            "José Álvarez",
            "Łukasz Nowak",
            "Mary-Jane McDonald",
            "Siobhán O'Neill",
            "Zoe\u0308 Smith",
            "Иван Петров",
            "Jane",
            "JS",
            "A B",
            "AS-001",
            "moved abroad",
            "Jane Smith moved",
            "",
        ]
    ],
)
def test_evd2_polars_and_python_read_the_name_pattern_alike(values: list[str]) -> None:
    """RULES: EVD-2 — the pattern is written once for both engines: Rust's regex (polars) and `regex`."""
    in_polars = pl.Series(values).str.contains(FULL_NAME_VALUE).to_list()
    in_python = [bool(regex.search(FULL_NAME_VALUE, v)) for v in values]
    assert in_polars == in_python
    assert in_python[:7] == [True] * 7 and not any(in_python[7:])
