"""The `careinspect plan` and `careinspect demo-data planning` contracts (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careinspect.cli import main
from careinspect.rules.planning import read_scenario
from careinspect.rules.planning.generate import generate_scenario

PROVIDERS_HEADER = "urn,kind,region,window_start,window_end,days_on_site,priority,previous_inspectors\n"
INSPECTORS_HEADER = "id,region,kinds,days_per_week,leave,conflicts\n"
GOOD_PROVIDER = "SC700001,IFA,London,2026-04-01,2026-09-30,2,3,INS1;INS2\n"
GOOD_INSPECTOR = "INS1,London,IFA;ASA,3,2026-08-03;2026-08-04,\n"
HORIZON = ("--from", "2026-04-01", "--to", "2027-03-31")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def scenario(folder: Path, providers: str = GOOD_PROVIDER, inspectors: str = GOOD_INSPECTOR) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "providers.csv").write_text(PROVIDERS_HEADER + providers)
    (folder / "inspectors.csv").write_text(INSPECTORS_HEADER + inspectors)
    return folder


def test_plan_json_contract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = scenario(tmp_path / "s")
    code, out, err = run(capsys, "plan", "--scenario", str(folder), *HORIZON, "--time-limit", "5", "--json")
    assert code == 0, err
    answer = json.loads(out)
    assert set(answer) == {"assignments", "unassigned", "objective", "greedy"}
    [placed] = answer["assignments"]
    assert {"urn", "inspector", "start", "end"} <= set(placed)
    assert (placed["urn"], placed["inspector"], placed["start"], placed["end"]) == (
        "SC700001",
        "INS1",
        "2026-04-01",
        "2026-04-02",
    )
    assert answer["unassigned"] == []
    for figures in (answer["objective"], answer["greedy"]):
        assert {
            "placed",
            "out_of_region",
            "sch6_exceptions",
            "weighted_mean_delay",
            "status",
            "seconds",
        } <= set(figures)


@pytest.mark.parametrize(
    ("providers", "inspectors", "expected"),
    [
        (
            GOOD_PROVIDER + "SC700002,IFA,London,2026-13-01,2026-09-30,2,1,\n",
            GOOD_INSPECTOR,
            "providers.csv row 3, column window_start: '2026-13-01' is not a date",
        ),
        (
            "SC700002,FOSTER,London,2026-04-01,2026-09-30,2,1,\n",
            GOOD_INSPECTOR,
            "providers.csv row 2, column kind: 'FOSTER' is not a kind of agency",
        ),
        (
            "SC700002,IFA,Wales,2026-04-01,2026-09-30,2,1,\n",
            GOOD_INSPECTOR,
            "providers.csv row 2, column region: 'Wales' is not one of England's regions",
        ),
        (
            "SC700002,IFA,London,2026-04-01,2026-03-30,2,1,\n",
            GOOD_INSPECTOR,
            "providers.csv row 2, column window_end: 2026-03-30 is before the window's start",
        ),
        (
            "SC700002,IFA,London,2026-04-01,2026-09-30,two,1,\n",
            GOOD_INSPECTOR,
            "providers.csv row 2, column days_on_site: 'two' is not a whole number",
        ),
        (
            GOOD_PROVIDER,
            GOOD_INSPECTOR + "\nINS2,London,IFA,3,2026-02-30,\n",
            "inspectors.csv row 4, column leave: '2026-02-30' is not a date",
        ),
        (
            GOOD_PROVIDER,
            "INS2,London,IFA,9,,\n",
            "inspectors.csv row 2, column days_per_week: 9 is out of range",
        ),
        (
            GOOD_PROVIDER,
            GOOD_INSPECTOR + "INS1,London,IFA,2,,\n",
            "inspectors.csv row 3, column id: INS1 is already on an earlier row",
        ),
    ],
)
def test_malformed_scenario_exits_2_naming_file_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, providers: str, inspectors: str, expected: str
) -> None:
    folder = scenario(tmp_path / "s", providers, inspectors)
    code, out, err = run(capsys, "plan", "--scenario", str(folder), *HORIZON, "--json")
    assert code == 2 and out == ""
    assert expected in err
    assert len(err.strip().splitlines()) == 1


def test_missing_column_is_named_on_the_header_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = scenario(tmp_path / "s")
    (folder / "inspectors.csv").write_text("id,region,kinds,leave,conflicts\nINS1,London,IFA,,\n")
    code, _, err = run(capsys, "plan", "--scenario", str(folder), *HORIZON)
    assert code == 2
    assert "inspectors.csv row 1, column days_per_week: the header has no such column" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--from", "2026-04-01", "--to", "2026-03-01"), "--to: 2026-03-01 is before the horizon's start"),
        (("--from", "1 April", "--to", "2026-03-01"), "'1 April' is not a date"),
        ((*HORIZON, "--time-limit", "0"), "is not a number of seconds above 0"),
    ],
)
def test_bad_flags_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    folder = scenario(tmp_path / "s")
    code, _, err = run(capsys, "plan", "--scenario", str(folder), *args)
    assert code == 2 and expected in err
    assert len(err.strip().splitlines()) == 1


def test_plan_without_scenario_saves_only_for_a_named_manager(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --scenario the plan comes from the database (tests/planning/test_plan_from_database.py);
    storing it needs the manager who makes it, refused before anything is read."""
    code, out, err = run(capsys, "plan", *HORIZON, "--save")
    assert (code, out) == (2, "")
    assert "--by: name the manager who makes the plan to --save it" in err


def test_database_flags_are_refused_with_a_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = scenario(tmp_path / "s")
    code, _, err = run(capsys, "plan", "--scenario", str(folder), *HORIZON, "--save")
    assert code == 2 and "--save: only when planning from the database, without --scenario" in err


def test_demo_data_planning_writes_a_scenario_the_planner_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "demo"
    code, _, err = run(
        capsys,
        "demo-data",
        "planning",
        "--providers",
        "30",
        "--inspectors",
        "5",
        "--seed",
        "7",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert read_scenario(out) == generate_scenario(30, 5, seed=7)
    code, text, err = run(capsys, "plan", "--scenario", str(out), *HORIZON, "--time-limit", "2", "--json")
    assert code == 0, err
    answer = json.loads(text)
    assert len(answer["assignments"]) + len(answer["unassigned"]) == 30


def test_locks_csv_keeps_an_announced_inspection(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = scenario(tmp_path / "s")
    (folder / "locks.csv").write_text("urn,inspector,start,reason\nSC700001,INS1,2026-06-09,announced\n")
    code, out, err = run(capsys, "plan", "--scenario", str(folder), *HORIZON, "--time-limit", "5", "--json")
    assert code == 0, err
    [placed] = json.loads(out)["assignments"]
    assert (placed["start"], placed["end"], placed["locked"]) == ("2026-06-09", "2026-06-10", True)


@pytest.mark.parametrize(
    ("lock", "expected"),
    [
        ("SC700009,INS1,2026-06-09,\n", "locks.csv row 2, column urn: SC700009 is not in the scenario's"),
        ("SC700001,INS1,2026-08-04,\n", "locks.csv: the lock of SC700001 on INS1 from 2026-08-04 clashes"),
    ],
)
def test_a_lock_that_cannot_stand_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lock: str, expected: str
) -> None:
    folder = scenario(tmp_path / "s")
    (folder / "locks.csv").write_text("urn,inspector,start,reason\n" + lock)
    code, _, err = run(capsys, "plan", "--scenario", str(folder), *HORIZON)
    assert code == 2 and expected in err
    assert len(err.strip().splitlines()) == 1
