"""The `careinspect rules` contract for issue 12 (assurance visits): priority, readability, next-steps.

Same conventions as issue 2: JSON with `--json`, readable text without, exit code 2 and one line naming
the field (for a providers file, the row and column) or the rule on bad input.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_rules_cli import run, run_json

HEADER = "urn,registered,last_inspection,last_judgement,concerns,notifications\n"
PROVIDERS = (
    HEADER
    + "SC100005,2011-01-05,2019-07-01,outstanding,0,0\n"
    + "SC100002,2012-06-01,2018-11-20,Good,0,1\n"
    + "SC100003,2020-02-03,,,1,0\n"
    + "SC100001,2015-04-01,2019-03-12,Inadequate,3,4\n"
    + "SC100004,2010-01-05,2019-10-01,Requires improvement to be good,0,0\n"
)
PLAIN = (
    "We visited your foster home. We talked to you and your carers. You told us you feel safe. "
    "Your carers help you with school. You see your family often. Staff listen to you. "
    "We asked the agency to make two things better."
)
DENSE = (
    "The registered person must ensure that the arrangements for safeguarding children placed with foster "
    "carers are sufficiently robust, that the responsible individual maintains effective oversight of the "
    "agency's monitoring systems, and that information regarding allegations is communicated to the "
    "designated officer in accordance with statutory guidance."
)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def assert_one_line_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], names: list[str]) -> None:
    code, out, err = run(capsys, *args, "--json")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    for name in names:
        assert name in err, err


# --- priority (SCH-7) ---------------------------------------------------------------------------------


def test_sch7_priority_json_lists_providers_first_to_last_with_their_factors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answer = run_json(
        capsys, "priority", "--providers", write(tmp_path, "p.csv", PROVIDERS), "--today", "2020-09-01"
    )
    assert isinstance(answer, list)
    assert [(p["rank"], p["urn"], p["score"]) for p in answer] == [
        (1, "SC100001", 80),  # inadequate 40, 17 months 17, 3 concerns 15, 4 notifications 8
        (2, "SC100003", 41),  # never inspected 30, 6 months since registration 6, 1 concern 5
        (3, "SC100004", 31),  # requires improvement 20, 11 months 11
        (4, "SC100002", 28),  # good 5, 21 months 21, 1 notification 2
        (5, "SC100005", 14),  # outstanding 0, 14 months 14
    ]
    for provider in answer:
        assert set(provider) == {"urn", "rank", "score", "factors"}
        assert all(set(f) == {"name", "value", "points"} for f in provider["factors"])
        assert sum(f["points"] for f in provider["factors"]) == provider["score"]
    assert answer[0]["factors"] == [
        {"name": "last_judgement", "value": "inadequate", "points": 40},
        {"name": "never_inspected", "value": False, "points": 0},
        {"name": "months_without_inspection", "value": 17, "points": 17},
        {"name": "concerns", "value": 3, "points": 15},
        {"name": "notifications", "value": 4, "points": 8},
        {"name": "enforcement_actions", "value": 0, "points": 0},
    ]
    assert answer[1]["factors"][:2] == [
        {"name": "last_judgement", "value": None, "points": 0},
        {"name": "never_inspected", "value": True, "points": 30},
    ]


def test_sch7_priority_text_explains_each_score(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, "priority", "--providers", write(tmp_path, "p.csv", PROVIDERS), "--today", "2020-09-01"
    )
    assert code == 0
    lines = out.splitlines()
    assert "SCH-7" in lines[0]
    assert (
        "SC100001" in lines[1]
        and "inadequate last time: +40; 17 months without an inspection: +17" in lines[1]
    )
    assert "3 concerns: +15; 4 notifications: +8" in lines[1]
    assert "newly registered, not yet inspected: +30" in lines[2]


def test_sch7_priority_weights_from_a_changed_file_change_the_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    providers = write(
        tmp_path,
        "p.csv",
        HEADER + "SC100001,2015-04-01,2019-03-01,inadequate,0,0\nSC900001,2015-04-01,2019-03-01,good,3,0\n",
    )
    default: Any = run_json(capsys, "priority", "--providers", providers, "--today", "2020-09-01")
    assert [p["urn"] for p in default] == ["SC100001", "SC900001"]

    toml = (resources.files("careinspect.rules") / "data" / "priority.toml").read_text(encoding="utf-8")
    weights = write(
        tmp_path, "w.toml", toml.replace("points_each = 5\ncap = 30", "points_each = 20\ncap = 60")
    )
    changed: Any = run_json(
        capsys, "priority", "--providers", providers, "--today", "2020-09-01", "--weights", weights
    )
    assert [p["urn"] for p in changed] == ["SC900001", "SC100001"]


@pytest.mark.parametrize(
    ("rows", "names"),
    [
        (
            "SC1,2015-04-01,2019-03-12,excellent,0,0\n",
            ["--providers", "row 2", "column last_judgement", "JDG-1"],
        ),
        (
            "SC1,2015-04-01,2019-03-12,good,0,0\nSC2,2015-04-01,,good,0,0\n",
            ["row 3", "column last_judgement", "SCH-7"],
        ),
        ("SC1,2015-04-01,31/03/2019,good,0,0\n", ["row 2", "column last_inspection", "YYYY-MM-DD"]),
        ("SC1,2015-04-01,,,two,0\n", ["row 2", "column concerns"]),
        ("SC1,2015-04-01,,,0,0\nSC1,2015-04-01,,,0,0\n", ["row 3", "column urn", "already on row 2"]),
        ("SC1,2021-04-01,,,0,0\n", ["row 2", "column registered", "after today"]),
    ],
)
def test_sch7_priority_bad_rows_exit_2_naming_the_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rows: str, names: list[str]
) -> None:
    providers = write(tmp_path, "p.csv", HEADER + rows)
    assert_one_line_exit_2(capsys, ["priority", "--providers", providers, "--today", "2020-09-01"], names)


def test_sch7_priority_bad_files_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing_column = write(tmp_path, "m.csv", "urn,registered,last_inspection,last_judgement,concerns\n")
    assert_one_line_exit_2(
        capsys, ["priority", "--providers", missing_column], ["--providers", "row 1", "column notifications"]
    )
    absent = str(tmp_path / "absent.csv")
    assert_one_line_exit_2(capsys, ["priority", "--providers", absent], ["--providers", "absent.csv"])
    providers = write(tmp_path, "p.csv", PROVIDERS)
    assert_one_line_exit_2(capsys, ["priority", "--providers", providers, "--today", "1 Sept"], ["--today"])
    weights = write(tmp_path, "w.toml", "[last_judgement]\noutstanding = 0\ngood = 0\n")
    assert_one_line_exit_2(
        capsys,
        ["priority", "--providers", providers, "--weights", weights],
        ["--weights", "w.toml", "last_judgement.good", "SCH-7"],
    )


# --- readability (RPT-5) ------------------------------------------------------------------------------


def test_rpt5_readability_plain_text_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer: Any = run_json(capsys, "readability", "--text-file", write(tmp_path, "s.txt", PLAIN))
    assert answer["passes"] is True
    assert answer["reading_age"] <= 9
    assert {"flesch_kincaid_grade", "flesch_reading_ease", "words", "sentences"} <= set(answer["measures"])
    assert answer["long_sentences"] == [] and answer["long_words"] == []


def test_rpt5_readability_dense_prose_fails_and_says_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answer: Any = run_json(capsys, "readability", "--text-file", write(tmp_path, "s.txt", DENSE))
    assert answer["passes"] is False
    assert answer["reading_age"] > 9
    assert answer["long_sentences"] == [{"index": 1, "text": DENSE, "words": 46}]
    assert "safeguarding" in answer["long_words"]
    assert any(r.startswith("reading age") for r in answer["reasons"])


def test_rpt5_readability_text_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "readability", "--text-file", write(tmp_path, "s.txt", DENSE))
    assert code == 0
    assert out.startswith("Does not pass: reading age")
    assert "long sentence 1 (46 words)" in out and "long words: arrangements, safeguarding" in out


def test_rpt5_readability_empty_file_fails_with_a_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answer: Any = run_json(capsys, "readability", "--text-file", write(tmp_path, "s.txt", "\n"))
    assert (answer["passes"], answer["reasons"]) == (False, ["there is no text to check"])


def test_rpt5_readability_unreadable_files_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert_one_line_exit_2(
        capsys, ["readability", "--text-file", str(tmp_path / "none.txt")], ["--text-file", "none.txt"]
    )
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 visit.".encode("latin-1"))
    assert_one_line_exit_2(capsys, ["readability", "--text-file", str(latin)], ["--text-file", "UTF-8"])


# --- next-steps (ENF-4, SCH-9, ENF-2, SCH-2) ----------------------------------------------------------


def test_enf4_sch9_next_steps_serious_concerns_json(capsys: pytest.CaptureFixture[str]) -> None:
    # Mon 13 Nov 2023: case review Mon 20 Nov; DCS email Tue 14 Nov; + 6 weeks is Christmas Day, so
    # the earliest moves past Boxing Day to Wed 27 Dec; + 8 weeks Mon 8 Jan 2024.
    assert run_json(capsys, "next-steps", "serious-concerns", "--end", "2023-11-13") == {
        "case_review_due": "2023-11-20",
        "dcs_email_due": "2023-11-14",
        "monitoring_visit": {"earliest": "2023-12-27", "latest": "2024-01-08", "rule": "SCH-9"},
    }


def test_enf2_sch2_next_steps_inadequate_json(capsys: pytest.CaptureFixture[str]) -> None:
    # Wed 27 Mar 2024: case review over Easter Fri 5 Apr; reinspection 27 Sept 2024 to 27 Mar 2025.
    assert run_json(capsys, "next-steps", "inadequate", "--end", "2024-03-27") == {
        "case_review_due": "2024-04-05",
        "reinspection": {"earliest": "2024-09-27", "latest": "2025-03-27", "rule": "SCH-2"},
    }


def test_next_steps_text_names_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "next-steps", "serious-concerns", "--end", "2024-02-05")
    assert code == 0
    assert "case review by Mon 12 February 2024 (ENF-4)" in out
    assert "email to each DCS by the end of Tue 6 February 2024 (ENF-4)" in out
    assert "monitoring visit between Mon 18 March 2024 and Thu 28 March 2024 (SCH-9)" in out
    code, out, _ = run(capsys, "next-steps", "inadequate", "--end", "2024-03-27")
    assert code == 0 and "case review by Fri 5 April 2024 (ENF-2)" in out and "(SCH-2)" in out


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["next-steps", "serious-concerns", "--end", "2023-12-25"], ["--end", "CAL-4", "Christmas"]),
        (["next-steps", "serious-concerns", "--end", "2022-06-02"], ["--end", "CAL-4", "Spring Bank"]),
        (["next-steps", "serious-concerns", "--end", "2022-06-03"], ["--end", "CAL-4", "Jubilee"]),
        (["next-steps", "inadequate", "--end", "2022-09-19"], ["--end", "CAL-4", "State Funeral"]),
        (["next-steps", "inadequate", "--end", "2023-05-08"], ["--end", "CAL-4", "Coronation"]),
        (["next-steps", "inadequate", "--end", "2024-01-13"], ["--end", "CAL-4", "Saturday"]),
        (["next-steps", "inadequate", "--end", "2024-02-30"], ["--end", "YYYY-MM-DD"]),
        (["next-steps", "inadequate"], ["--end"]),
        (["next-steps", "good"], ["invalid choice"]),
    ],
)
def test_cal4_next_steps_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str], names: list[str]
) -> None:
    assert_one_line_exit_2(capsys, args, names)


def test_cal1_next_steps_extra_closure_day_moves_the_dcs_email(
    capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    settings.CAREINSPECT_POLICY = {"extra_closure_days": ["2024-01-02"]}
    answer: Any = run_json(capsys, "next-steps", "serious-concerns", "--end", "2023-12-29")
    assert answer["dcs_email_due"] == "2024-01-03"  # New Year's Day, then the closure day


def test_installed_console_script_answers_next_steps() -> None:
    exe = str(Path(sys.executable).with_name("careinspect"))
    done = subprocess.run(
        [exe, "rules", "next-steps", "inadequate", "--end", "2023-08-31", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["reinspection"]["earliest"] == "2024-02-29"
