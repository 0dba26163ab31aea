"""The `careinspect rules` contract (issue 2): JSON answers, readable text, exit code 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from careinspect.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(["rules", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_rpt3_ntc1_timeline_asa_full_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "timeline", "asa-full", "--start", "2023-12-12", "--end", "2023-12-14") == {
        "notice": "2023-11-28",
        "information_due": "2023-12-05",
        "draft_report_due": "2024-01-12",
        "provider_comments_due": "2024-01-19",
        "final_report_due": "2024-01-30",
        "publication_due": "2024-02-06",
    }


def test_ntc1_timeline_single_individual(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(
        capsys, "timeline", "asa-full", "--start", "2022-06-21", "--end", "2022-06-22", "--single-individual"
    )
    assert isinstance(answer, dict) and answer["notice"] == "2022-05-20"


def test_inf1_timeline_raa_has_4pm_information_due(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "timeline", "raa-thematic", "--start", "2023-10-30", "--end", "2023-11-02") == {
        "notice": "2023-10-23",
        "information_due": "2023-10-24T16:00:00+01:00",
    }


def test_inf3_rpt4_timeline_ifa_has_noon_and_complaint_due(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(capsys, "timeline", "ifa-assurance", "--start", "2024-03-25", "--end", "2024-03-26")
    assert isinstance(answer, dict)
    assert answer["information_due"] == "2024-03-25T12:00:00+00:00"
    assert answer["complaint_due"] == "2024-05-17"
    assert set(answer) == {
        "notice",
        "information_due",
        "draft_report_due",
        "provider_comments_due",
        "final_report_due",
        "publication_due",
        "complaint_due",
    }


def test_timeline_text_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", "asa-full", "--start", "2023-12-12", "--end", "2023-12-14")
    assert code == 0
    assert "Draft report sent to the provider" in out and "Fri 12 January 2024" in out and "RPT-3" in out


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (
            ["timeline", "asa-full", "--start", "2023-12-25", "--end", "2023-12-27"],
            ["--start", "CAL-4", "Christmas"],
        ),
        (["timeline", "asa-full", "--start", "2023-12-16", "--end", "2023-12-19"], ["--start", "Saturday"]),
        (
            ["timeline", "asa-full", "--start", "2024-01-10", "--end", "2024-01-09"],
            ["--end", "before the start"],
        ),
        (["timeline", "asa-full", "--start", "2024-02-30", "--end", "2024-03-01"], ["--start", "YYYY-MM-DD"]),
        (
            [
                "timeline",
                "raa-thematic",
                "--start",
                "2023-10-30",
                "--end",
                "2023-11-02",
                "--single-individual",
            ],
            ["NTC-1"],
        ),
        (["timeline", "osted", "--start", "2023-10-30", "--end", "2023-11-02"], ["kind", "invalid choice"]),
        (["next-inspection", "--last", "2023-01-01", "--judgement", "excellent"], ["--judgement", "JDG-1"]),
        (["next-inspection", "--last", "yesterday", "--judgement", "good"], ["--last"]),
        (["first-inspection"], ["--registered"]),
        (
            ["judge", "--helped-protected", "good", "--leadership", "good", "--overall", "great"],
            ["--overall"],
        ),
        (
            [
                "judge",
                "--helped-protected",
                "good",
                "--leadership",
                "good",
                "--overall",
                "good",
                "--manager-vacancy-weeks",
                "30",
            ],
            ["--recruitment-evidence", "JDG-5"],
        ),
        (
            [
                "judge",
                "--helped-protected",
                "good",
                "--leadership",
                "good",
                "--overall",
                "good",
                "--unregistered-manager-weeks",
                "-3",
            ],
            ["--unregistered-manager-weeks"],
        ),
        (["sample-size", "--service-users", "-4"], ["--service-users"]),
        (["sample-size", "--service-users", "lots"], ["--service-users"]),
        (["monitoring-visits", "--compliance-dates", "2023-05-08"], ["--compliance-dates", "CAL-4"]),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field_or_rule(
    capsys: pytest.CaptureFixture[str], args: list[str], names: list[str]
) -> None:
    code, out, err = run(capsys, *args, "--json")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    for name in names:
        assert name in err


def test_sch2_next_inspection_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "next-inspection", "--last", "2023-08-31", "--judgement", "inadequate") == {
        "earliest": "2024-02-29",
        "latest": "2024-08-31",
        "rule": "SCH-2",
    }


def test_sch1_next_inspection_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "next-inspection", "--last", "2022-01-20", "--judgement", "good") == {
        "earliest": "2022-04-01",
        "latest": "2025-03-31",
        "rule": "SCH-1",
    }


def test_sch3_next_inspection_json(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(
        capsys, "next-inspection", "--last", "2023-05-10", "--judgement", "requires_improvement"
    )
    assert answer == {"earliest": "2024-05-10", "latest": "2024-11-10", "rule": "SCH-3"}


def test_sch4_first_inspection_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "first-inspection", "--registered", "2024-01-31") == {
        "earliest": "2024-08-31",
        "latest": "2025-01-31",
        "rule": "SCH-4",
    }
    code, out, _ = run(capsys, "first-inspection", "--registered", "2024-01-31")
    assert code == 0 and "31 August 2024" in out and "SCH-4" in out


def test_jdg3_jdg7_judge_json_errors_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(
        capsys,
        "judge",
        "--helped-protected",
        "inadequate",
        "--leadership",
        "inadequate",
        "--overall",
        "requires_improvement",
    )
    assert isinstance(answer, dict)
    assert answer["valid"] is False
    assert [e["rule"] for e in answer["errors"]] == ["JDG-3"]
    assert [w["rule"] for w in answer["warnings"]] == ["JDG-4"]
    assert all(set(f) == {"rule", "message"} for f in answer["errors"] + answer["warnings"])


def test_jdg5_jdg6_judge_with_manager_facts(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(
        capsys,
        "judge",
        "--helped-protected",
        "good",
        "--leadership",
        "requires_improvement",
        "--overall",
        "good",
        "--manager-vacancy-weeks",
        "27",
        "--recruitment-evidence",
        "limited",
        "--unregistered-manager-weeks",
        "14",
    )
    assert answer == {
        "valid": True,
        "errors": [],
        "warnings": [
            {"rule": "JDG-5", "message": answer["warnings"][0]["message"]},  # type: ignore[index]
            {"rule": "JDG-6", "message": answer["warnings"][1]["message"]},  # type: ignore[index]
        ],
    }


def test_cas1_sample_size_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "sample-size", "--service-users", "9") == {"tracked_min": 2}
    assert run_json(capsys, "sample-size", "--service-users", "10") == {"tracked_min": 4}
    assert run_json(capsys, "sample-size", "--service-users", "50") == {"tracked_min": 6}


def test_sch8_monitoring_visits_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(
        capsys, "monitoring-visits", "--compliance-dates", "2023-12-20", "2023-12-22", "2024-01-10"
    ) == [
        {"earliest": "2023-12-27", "latest": "2023-12-29", "covers": ["2023-12-20", "2023-12-22"]},
        {"earliest": "2024-01-11", "latest": "2024-01-17", "covers": ["2024-01-10"]},
    ]


def test_cal1_extra_closure_day_from_the_environment_moves_a_deadline(
    capsys: pytest.CaptureFixture[str], settings: pytest.FixtureRequest
) -> None:
    settings.CAREINSPECT_POLICY = {"extra_closure_days": ["2023-12-27"]}  # type: ignore[attr-defined]
    answer = run_json(capsys, "monitoring-visits", "--compliance-dates", "2023-12-20")
    assert answer == [{"earliest": "2023-12-21", "latest": "2024-01-02", "covers": ["2023-12-20"]}]


def test_installed_console_script_answers() -> None:
    exe = str(Path(sys.executable).with_name("careinspect"))  # installed beside the interpreter by pip
    done = subprocess.run(
        [exe, "rules", "sample-size", "--service-users", "12", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, json.loads(done.stdout)) == (0, {"tracked_min": 4})
    bad = subprocess.run(
        [exe, "rules", "timeline", "asa-full", "--start", "2022-09-19", "--end", "2022-09-20"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "State Funeral" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
