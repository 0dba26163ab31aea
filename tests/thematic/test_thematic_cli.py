"""The `careinspect thematic` contract (issue 11): JSON answers, readable text, exit code 2 and one line
naming the flag, the file's line and column, or the rule on bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from careinspect.cli import main
from careinspect.rules.thematic.generate import candidates_csv, generate_candidates
from tests.thematic.builders import GOOD_ROW, HEADER

FIXTURE_2023 = str(Path(__file__).parent / "fixtures" / "raas_2023.csv")
WINDOW = ["--window-start", "2023-10-01", "--window-end", "2023-12-31"]
WINDOW_2023_FIELDWORK = ["--window-start", "2023-10-30", "--window-end", "2023-12-07"]
URNS_2023 = "RA000001,RA000002,RA000003,RA000004,RA000005,RA000006"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(["thematic", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    answer = json.loads(out)
    assert isinstance(answer, dict)
    return answer


def refused(capsys: pytest.CaptureFixture[str], action: str, *args: str) -> str:
    """The one line of a refusal, after checking the contract: code 2, nothing on stdout."""
    code, out, err = run(capsys, action, *args, "--json")
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"careinspect thematic {action}: error: "), err
    return err


@pytest.fixture
def generated(tmp_path: Path) -> str:
    path = tmp_path / "candidates.csv"
    path.write_text(candidates_csv(generate_candidates(1)), encoding="utf-8")
    return str(path)


def test_thm2_thm3_select_json_contract(capsys: pytest.CaptureFixture[str], generated: str) -> None:
    answer = run_json(capsys, "select", "--candidates", generated, "--size", "6", *WINDOW, "--seed", "3")
    assert set(answer) == {"selected", "excluded", "coverage", "reasons"}
    selected, excluded, coverage, reasons = (
        answer[k] for k in ("selected", "excluded", "coverage", "reasons")
    )
    assert isinstance(selected, list) and len(selected) == 6
    assert isinstance(excluded, list) and all(set(e) == {"urn", "rule", "reason"} for e in excluded)
    assert {e["rule"] for e in excluded} == {"THM-3"}
    assert isinstance(coverage, dict)
    assert set(coverage) == {"region", "operating_model", "established", "size", "ilacs", "linked_las"}
    assert sum(coverage["region"].values()) == 6 and max(coverage["region"].values()) == 1
    assert isinstance(reasons, dict) and set(reasons) == set(selected)
    again = run_json(capsys, "select", "--candidates", generated, "--size", "6", *WINDOW, "--seed", "3")
    assert again == answer  # the same seed, the same answer


def test_thm2_select_the_2023_six_from_the_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(capsys, "select", "--candidates", FIXTURE_2023, "--size", "6", *WINDOW)
    assert answer["selected"] == URNS_2023.split(",")
    assert answer["excluded"] == []
    coverage = answer["coverage"]
    assert isinstance(coverage, dict)
    assert coverage["operating_model"] == {
        "hosted centralised": 2,
        "hosted hub and spoke": 3,
        "decentralised": 1,
    }
    # Long established: began on or before 1 Oct 2020, 3 years before the window opens; Family Adoption
    # Links began on 20 Oct 2020, so it is the one newer RAA.
    assert coverage["established"] == {"long established": 5, "newer": 1}
    assert "the only newer RAA (began 2020)" in str(answer["reasons"])


def test_thm2_select_text_lists_chosen_excluded_and_coverage(
    capsys: pytest.CaptureFixture[str], generated: str
) -> None:
    code, out, err = run(capsys, "select", "--candidates", generated, "--size", "4", *WINDOW)
    assert code == 0, err
    assert out.startswith("Sample of 4 from 24 eligible RAAs (30 candidates, 6 excluded)")
    assert "Chosen (THM-2)" in out and "Excluded (THM-3)" in out and "Coverage (THM-2)" in out
    assert "registered as a voluntary adoption agency" in out


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (HEADER.replace(",ilacs", "") + "\n", ["line 1", "column ilacs", "no column 'ilacs'"]),
        (f"{HEADER}\n{GOOD_ROW.replace('2018-12-01', '2018-12-32')}\n", ["line 2", "column started"]),
        (f"{HEADER}\n{GOOD_ROW}\n\n{GOOD_ROW.replace(',95,', ',-95,')}\n", ["line 4", "column size"]),
        (f"{HEADER}\n{GOOD_ROW.replace('good;outstanding', 'good')}\n", ["line 2", "column ilacs"]),
        (f"{HEADER}\n{GOOD_ROW[:-1]}X\n", ["line 2", "column registered_as_vaa"]),
    ],
)
def test_thm2_bad_candidate_file_exits_2_naming_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, names: list[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, "select", "--candidates", str(path), "--size", "1", *WINDOW)
    assert f"--candidates: {path}, " in err
    for name in names:
        assert name in err


def test_thm3_select_more_than_are_eligible_exits_2_naming_the_rule(
    capsys: pytest.CaptureFixture[str], generated: str
) -> None:
    err = refused(capsys, "select", "--candidates", generated, "--size", "25", *WINDOW)
    assert (
        "--size: 25 RAAs asked for, but only 24 of the 30 candidates are eligible" in err and "(THM-3)" in err
    )


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--size", "6", "--window-start", "2023-12-31", "--window-end", "2023-10-01"], ["--window-end"]),
        (["--size", "six", *WINDOW], ["--size"]),
        (["--size", "6", "--window-start", "1 Oct 2023", "--window-end", "2023-12-31"], ["--window-start"]),
        (["--size", "6", *WINDOW, "--seed", "x"], ["--seed"]),
    ],
)
def test_thm2_bad_select_flags_exit_2_naming_the_flag(
    capsys: pytest.CaptureFixture[str], args: list[str], names: list[str]
) -> None:
    err = refused(capsys, "select", "--candidates", FIXTURE_2023, *args)
    for name in names:
        assert name in err


def test_select_unreadable_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = refused(capsys, "select", "--candidates", str(tmp_path / "nowhere.csv"), "--size", "1", *WINDOW)
    assert "--candidates: cannot read" in err


def _expected_2023_visits() -> list[dict[str, object]]:
    # As test_plan's 2023 programme: notices on the Mondays before, information the Tuesday after at 16:00,
    # +01:00 until BST ended on 29 Oct 2023; teams 1, 2, 3 in turn.
    weeks = [
        ("10-23", "10-24", "+01:00", "10-30", "11-02"),
        ("10-30", "10-31", "+00:00", "11-06", "11-09"),
        ("11-06", "11-07", "+00:00", "11-13", "11-16"),
        ("11-13", "11-14", "+00:00", "11-20", "11-23"),
        ("11-20", "11-21", "+00:00", "11-27", "11-30"),
        ("11-27", "11-28", "+00:00", "12-04", "12-07"),
    ]
    return [
        {
            "urn": f"RA00000{n}",
            "team": (n - 1) % 3 + 1,
            "notice": f"2023-{notice}",
            "information_due": f"2023-{due}T16:00:00{offset}",
            "start": f"2023-{start}",
            "end": f"2023-{end}",
        }
        for n, (notice, due, offset, start, end) in enumerate(weeks, start=1)
    ]


def test_thm4_plan_from_the_candidate_file(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(
        capsys,
        "plan",
        "--urns",
        URNS_2023,
        "--teams",
        "3",
        *WINDOW_2023_FIELDWORK,
        "--candidates",
        FIXTURE_2023,
    )
    assert answer == {"visits": _expected_2023_visits()}


def test_thm4_plan_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "plan",
        "--urns",
        "RA000004",
        "--teams",
        "1",
        *WINDOW_2023_FIELDWORK,
        "--candidates",
        FIXTURE_2023,
    )
    assert code == 0, err
    assert out.splitlines() == [
        "1 visit by 1 team between Mon 30 Oct 2023 and Thu 7 Dec 2023 (THM-4)",
        "  RA000004  Adopt South: team 1, on site Mon 20 Nov 2023 to Thu 23 Nov 2023; notice Mon 13 Nov 2023 "
        "(NTC-2); information by Tue 14 Nov 2023 16:00 (INF-1)",
    ]


def test_thm4_plan_avoids_teams_with_declared_links(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    links = tmp_path / "links.csv"
    # Team 1 has an inspector linked with Gateshead (390), a member of Adopt North East (RA000001).
    links.write_text("team,inspector,las\n1,Inspector A,390\n1,Inspector B,\n2,Inspector C,202;203\n")
    answer = run_json(
        capsys,
        "plan",
        "--urns",
        URNS_2023,
        "--teams",
        "3",
        *WINDOW_2023_FIELDWORK,
        "--candidates",
        FIXTURE_2023,
        "--links",
        str(links),
    )
    visits = answer["visits"]
    assert isinstance(visits, list)
    assert next(v["team"] for v in visits if v["urn"] == "RA000001") != 1


def test_knd2_links_file_with_a_fourth_inspector_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    links = tmp_path / "links.csv"
    links.write_text("team,inspector,las\n1,A,\n1,B,\n1,C,\n1,D,390\n")
    err = refused(
        capsys,
        "plan",
        "--urns",
        "RA000001",
        "--teams",
        "1",
        *WINDOW,
        "--candidates",
        FIXTURE_2023,
        "--links",
        str(links),
    )
    assert f"--links: {links}, line 5, column inspector" in err and "(KND-2)" in err


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (
            ["--urns", "RA000001,RA999999", "--teams", "3", *WINDOW],
            ["--urns", "not in the candidate file: RA999999"],
        ),
        (
            ["--urns", URNS_2023, "--teams", "1", *WINDOW_2023_FIELDWORK[:3], "2023-11-24"],
            ["THM-4", "--urns"],
        ),
        (["--urns", "RA000001", "--teams", "0", *WINDOW], ["--teams"]),
        (["--urns", ",", "--teams", "1", *WINDOW], ["--urns"]),
    ],
)
def test_thm4_bad_plan_requests_exit_2_naming_flag_or_rule(
    capsys: pytest.CaptureFixture[str], args: list[str], names: list[str]
) -> None:
    err = refused(capsys, "plan", *args, "--candidates", FIXTURE_2023)
    for name in names:
        assert name in err


def test_thm3_plan_refuses_an_excluded_raa_from_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "candidates.csv"
    path.write_text(f"{HEADER}\n{GOOD_ROW.replace(',,95,', ',390:SEND:2023-11-08,95,')}\n")
    err = refused(capsys, "plan", "--urns", "RA000001", "--teams", "1", *WINDOW, "--candidates", str(path))
    assert "RA000001 cannot be visited: partner LA 390 has a SEND inspection on 2023-11-08" in err
    assert "(THM-3)" in err


@pytest.fixture
def register_raas(db: None) -> None:
    """Two RAAs in the register, one of them registered as a VAA."""
    from careinspect.registry.models import LocalAuthority, Provider, ProviderKind

    gateshead = LocalAuthority.objects.create(code="390", name="Gateshead", region="North East")
    ealing = LocalAuthority.objects.create(code="307", name="Ealing", region="London")
    north = Provider.objects.create(
        kind=ProviderKind.RAA, urn="RA000001", name="Adopt North East", registration_date=date(2018, 12, 1)
    )
    north.member_las.set([gateshead])
    west = Provider.objects.create(
        kind=ProviderKind.RAA,
        urn="RA000002",
        name="Adopt London West",
        registration_date=date(2019, 10, 1),
        registered_as_vaa=True,
    )
    west.member_las.set([ealing])
    Provider.objects.create(
        kind=ProviderKind.ASA, urn="SC700001", name="An ASA", registration_date=date(2020, 1, 1)
    )


def test_thm4_plan_from_the_register(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, register_raas: None
) -> None:
    # A one-week window, 30 Oct to 3 Nov 2023, so the single visit is the 2023 programme's first.
    first_week = ["--window-start", "2023-10-30", "--window-end", "2023-11-03"]
    answer = run_json(capsys, "plan", "--urns", "RA000001", "--teams", "2", *first_week)
    assert answer == {"visits": [_expected_2023_visits()[0]]}
    links = tmp_path / "links.csv"
    links.write_text("team,inspector,las\n1,Inspector A,390\n")  # Gateshead comes from the register
    answer = run_json(
        capsys, "plan", "--urns", "RA000001", "--teams", "2", *WINDOW_2023_FIELDWORK, "--links", str(links)
    )
    visits = answer["visits"]
    assert isinstance(visits, list) and visits[0]["team"] == 2


@pytest.mark.parametrize(
    ("urns", "names"),
    [
        ("RA000001,SC700001,RA404", ["not a regional adoption agency in the register: SC700001, RA404"]),
        ("RA000002", ["RA000002 is registered as a voluntary adoption agency", "(THM-3)"]),
    ],
)
def test_thm3_plan_from_the_register_refuses_unknown_and_vaa(
    capsys: pytest.CaptureFixture[str], register_raas: None, urns: str, names: list[str]
) -> None:
    err = refused(capsys, "plan", "--urns", urns, "--teams", "1", *WINDOW)
    for name in names:
        assert name in err
