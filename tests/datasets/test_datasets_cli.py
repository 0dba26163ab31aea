"""The `careinspect datasets validate` and `demo_data` contract (issue 4): exit code 0 valid, 1 data errors,
2 unreadable file or bad argument (one line), and the JSON shape scripts rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careinspect.cli import main
from tests.datasets.builders import rows, write_a1

FIXTURES = Path(__file__).parent / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def validate(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "datasets", "validate", "a1", str(path), "--period-end", "2024-09-30", *extra)


def test_inf1_cli_valid_exit_0_with_measures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = validate(capsys, write_a1(tmp_path), "--member-las", "850,852", "--json")
    answer = json.loads(out)
    assert code == 0
    assert answer["valid"] is True and answer["errors"] == [] and answer["error_count"] == 0
    assert set(answer["measures"]) == {"period", "raa", "by_la"}


def test_inf1_cli_data_errors_exit_1_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    directory = write_a1(tmp_path, children=rows("children", {"sex": "Q"}))
    code, out, _ = validate(capsys, directory, "--member-las", "850,852", "--json")
    answer = json.loads(out)
    assert code == 1
    assert answer["valid"] is False and answer["measures"] == {}
    assert answer["errors"] == [
        {"sheet": "children", "row": 3, "column": "sex", "value": "Q", "message": "is not one of M, F, X, U"}
    ]


def test_inf1_cli_text_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    directory = write_a1(tmp_path, children=rows("children", {"sex": "Q"}))
    code, out, _ = validate(capsys, directory)
    assert code == 1
    assert "Not valid: 1 error." in out and "children row 3, sex 'Q': is not one of M, F, X, U" in out
    code, out, _ = validate(capsys, write_a1(tmp_path / "ok"))
    assert code == 0 and "Valid: no errors." in out and "interest to approval" in out


def test_cli_corrupt_xlsx_exit_2_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(capsys, FIXTURES / "corrupt.xlsx")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "corrupt.xlsx: not a readable workbook" in err


def test_cli_not_a_spreadsheet_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "datasets", "validate", "asa_case_list", str(FIXTURES / "not_a_spreadsheet.png")
    )
    assert code == 2 and "not a spreadsheet" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--member-las", "999"), "--member-las: 999 is not an English local authority code"),
        (("--period-end", "2024-02-30"), "--period-end"),
    ],
)
def test_cli_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    code, _, err = run(capsys, "datasets", "validate", "a1", str(tmp_path), *args)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_cli_unknown_kind_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "datasets", "validate", "a2", str(tmp_path))
    assert code == 2 and "invalid choice" in err


def test_cli_demo_data_then_validate_finds_planted_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "demo"
    code, out, err = run(
        capsys,
        "demo_data",
        "a1",
        "--children", "200", "--adopters", "200", "--support", "200",
        "--seed", "5", "--errors", "6", "--out", str(out_dir), "--period-end", "2024-09-30", "--json",
    )  # fmt: skip
    assert code == 0, err
    written = json.loads(out)
    assert written["row_counts"] == {"children": 200, "adopters": 200, "support": 200}
    assert len(written["injected_errors"]) == 6
    code, out, _ = validate(capsys, out_dir, "--member-las", ",".join(written["member_la_codes"]), "--json")
    answer = json.loads(out)
    assert code == 1
    found = {(e["sheet"], e["row"], e["column"]) for e in answer["errors"]}
    assert all((e["sheet"], e["row"], e["column"]) in found for e in written["injected_errors"])


def test_cli_demo_data_bad_errors_count_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ("demo_data", "a1", "--children", "2", "--adopters", "2", "--support", "2", "--errors", "40")
    code, _, err = run(capsys, *args, "--out", str(tmp_path / "x"))
    assert code == 2 and "--errors" in err
