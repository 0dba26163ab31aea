"""`careinspect datasets validate a1` says which period it measured and warns when most rows fall outside
it, naming the 1 October to 30 September year that fits them (issue 15: a 2022–23 workbook checked without
`--period-end` was measured over the latest year and silently reported no approvals or placements)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from careinspect.cli import main
from careinspect.datasets.a1.period import default_period_end, period_start
from tests.datasets.builders import rows, write_a1

OLD_YEAR_END = "2023-09-30"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, _ = capsys.readouterr()
    return code, out


@pytest.fixture
def workbook_2022_23(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """A generated A1 workbook for 1 October 2022 to 30 September 2023."""
    out = tmp_path / "a1-2022-23.xlsx"
    code, _ = run(
        capsys, "demo_data", "a1", "--children", "200", "--adopters", "100", "--support", "150",
        "--seed", "9", "--period-end", OLD_YEAR_END, "--format", "xlsx", "--out", str(out),
    )  # fmt: skip
    assert code == 0
    return out


def validate(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict[str, Any]:
    code, out = run(capsys, "datasets", "validate", "a1", str(path), "--json", *extra)
    answer: dict[str, Any] = json.loads(out)
    assert code == (0 if answer["valid"] else 1)
    return answer


def test_inf1_without_period_end_the_default_year_is_named_and_the_fitting_year_suggested(
    capsys: pytest.CaptureFixture[str], workbook_2022_23: Path
) -> None:
    answer = validate(capsys, workbook_2022_23)
    end = default_period_end(date.today())
    period = answer["period"]
    assert (period["start"], period["end"], period["from"]) == (
        period_start(end).isoformat(),
        end.isoformat(),
        "default",
    )
    assert period["end"] == answer["measures"]["period"]["end"]  # what was measured
    assert period["rows_dated"] == 450 and 2 * period["rows_in_period"] < period["rows_dated"]
    assert period["best_fit"]["start"] == "2022-10-01" and period["best_fit"]["end"] == OLD_YEAR_END
    assert 2 * period["best_fit"]["rows"] > period["rows_dated"]
    warning = period["warning"]
    assert warning.startswith(f"{period['rows_dated'] - period['rows_in_period']} of 450 rows have no event")
    assert "the year that fits most rows" in warning
    assert "1 October 2022 to 30 September 2023: give --period-end 2023-09-30" in warning
    # The silence the issue found: nothing approved or placed in the year measured.
    assert answer["measures"]["raa"]["adopters"]["approvals"]["count"] == 0


def test_inf1_the_text_answer_names_the_period_and_warns_too(
    capsys: pytest.CaptureFixture[str], workbook_2022_23: Path
) -> None:
    code, out = run(capsys, "datasets", "validate", "a1", str(workbook_2022_23))
    end = default_period_end(date.today())
    assert code == 0
    assert f"Period measured: 1 October {end.year - 1} to 30 September {end.year} (the default" in out
    warning = next(line for line in out.splitlines() if line.startswith("Warning: "))
    assert warning.endswith("1 October 2022 to 30 September 2023: give --period-end 2023-09-30.")


def test_inf1_the_right_year_fits_without_a_warning(
    capsys: pytest.CaptureFixture[str], workbook_2022_23: Path
) -> None:
    answer = validate(capsys, workbook_2022_23, "--period-end", OLD_YEAR_END)
    period = answer["period"]
    assert (period["start"], period["end"], period["from"]) == ("2022-10-01", OLD_YEAR_END, "--period-end")
    assert 2 * period["rows_in_period"] > period["rows_dated"] == 450
    assert period["best_fit"]["end"] == OLD_YEAR_END and period["warning"] is None
    assert answer["measures"]["raa"]["adopters"]["approvals"]["count"] > 0
    code, out = run(capsys, "datasets", "validate", "a1", str(workbook_2022_23), "--period-end", OLD_YEAR_END)
    assert code == 0
    assert "Period measured: 1 October 2022 to 30 September 2023 (given by --period-end)." in out
    assert "Warning:" not in out


def test_inf1_a_dataset_with_errors_still_says_which_period_it_was_checked_against(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = write_a1(tmp_path, children=rows("children", {"sex": "Q"}))
    answer = validate(capsys, directory, "--period-end", "2024-09-30")
    assert answer["valid"] is False
    assert answer["period"] == {
        "start": "2023-10-01",
        "end": "2024-09-30",
        "from": "--period-end",
        "rows_dated": None,
        "rows_in_period": None,
        "best_fit": None,
        "warning": None,
    }


def test_inf1_only_the_a1_answer_has_a_period(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "case_ref,service_user_type,la_code,service_type,start_date,end_date,open\n"
        "ASA-1,child,850,therapy,2024-01-10,,Y\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "datasets", "validate", "asa_case_list", str(cases), "--json")
    assert code == 0 and "period" not in json.loads(out)
