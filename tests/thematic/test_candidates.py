"""Reading candidate files: every value checked, every fault named by its line (header = 1) and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.thematic.candidates import LaInspection, LaInspectionKind, read_candidates
from careinspect.rules.thematic.csvfile import CsvError
from careinspect.rules.thematic.generate import candidates_csv, generate_candidates
from tests.thematic.builders import GOOD_ROW, HEADER

FIXTURE_2023 = Path(__file__).parent / "fixtures" / "raas_2023.csv"


def test_thm2_reads_the_2023_programme_fixture() -> None:
    raas = read_candidates(FIXTURE_2023)
    assert [r.name for r in raas] == [
        "Adopt North East",
        "Adopt London West",
        "Adoption Central England",
        "Adopt South",
        "Family Adoption Links",
        "One Adoption West Yorkshire",
    ]
    south = raas[3]
    assert south.member_las == ("850", "852", "851", "921")
    assert south.ilacs == (Grade.OUTSTANDING, Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.GOOD)
    assert (south.started, south.size, south.registered_as_vaa, south.line) == (
        date(2019, 4, 1),
        110,
        False,
        5,
    )


def test_thm2_generated_file_reads_back_unchanged() -> None:
    raas = generate_candidates(seed=4)
    assert [r.__dict__ | {"line": 0} for r in read_candidates(candidates_csv(raas))] == [
        r.__dict__ for r in raas
    ]


def test_thm3_human_spellings_of_judgements_kinds_and_models_are_accepted() -> None:
    text = (
        f"{HEADER}\n"
        "RA1,Adopt One,south west,Hosted Hub-and-Spoke,2021-01-04,800;801,"
        "Requires improvement to be good;Outstanding,800:send:2023-11-14,120,y\n"
    )
    (raa,) = read_candidates(text)
    assert raa.region == "South West"
    assert raa.operating_model == "hosted hub and spoke"
    assert raa.ilacs == (Grade.REQUIRES_IMPROVEMENT, Grade.OUTSTANDING)
    assert raa.la_inspections == (LaInspection("800", LaInspectionKind.SEND, date(2023, 11, 14)),)
    assert raa.registered_as_vaa


def _replace(column: str, value: str) -> str:
    """The good row with one column's value replaced."""
    columns = HEADER.split(",")
    values = GOOD_ROW.split(",")
    values[columns.index(column)] = value
    return ",".join(values)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("urn", "", "not a URN"),
        ("name", "", "is empty"),
        ("region", "Wessex", "not a region of England"),
        ("operating_model", "franchise", "not an operating model"),
        ("started", "2019-13-01", "not a date"),
        ("member_las", "392;39", "'39' is not a 3-digit"),
        ("member_las", "392;392", "more than once"),
        ("member_las", "", "is empty"),
        ("ilacs", "good;excellent", "'excellent' is not an ILACS judgement"),
        ("ilacs", "good", "1 ILACS judgements for 2 member LAs"),
        ("la_inspections", "392:OFSTED:2023-11-01", "is not ILACS or SEND"),
        ("la_inspections", "392:ILACS", "is not CODE:KIND:DATE"),
        ("la_inspections", "850:ILACS:2023-11-01", "not one of the RAA's member LAs"),
        ("la_inspections", "392:ILACS:01/11/2023", "not a date"),
        ("size", "-3", "not a whole number"),
        ("size", "ten", "not a whole number"),
        ("registered_as_vaa", "maybe", "not Y or N"),
    ],
)
def test_thm2_bad_value_names_its_line_and_column(column: str, value: str, words: str) -> None:
    text = f"{HEADER}\n{GOOD_ROW.replace('RA000001', 'RA000009')}\n{_replace(column, value)}\n"
    with pytest.raises(CsvError) as caught:
        read_candidates(text)
    assert (caught.value.line, caught.value.column) == (3, column)
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"line 3, column {column}: ")


@pytest.mark.parametrize("column", ["urn", "ilacs", "registered_as_vaa"])
def test_thm2_missing_column_is_named_on_the_header_line(column: str) -> None:
    header = ",".join(c for c in HEADER.split(",") if c != column)
    with pytest.raises(CsvError) as caught:
        read_candidates(f"{header}\n")
    assert (caught.value.line, caught.value.column) == (1, column)


def test_thm2_line_numbers_count_blank_lines_and_quoted_line_breaks() -> None:
    # Line 1 header, 2 blank, 3-4 one row whose quoted name spans two lines, 5 the bad row.
    text = (
        f"{HEADER}\n\n"
        'RA2,"Adopt\nTwo",London,decentralised,2019-01-01,202,good,,50,N\n'
        "RA3,Adopt Three,London,decentralised,2019-01-01,203,good,,fifty,N\n"
    )
    with pytest.raises(CsvError) as caught:
        read_candidates(text)
    assert (caught.value.line, caught.value.column) == (5, "size")


def test_thm2_duplicate_urn_names_the_first_line() -> None:
    with pytest.raises(CsvError, match=r"line 3, column urn: URN RA000001 is already on line 2"):
        read_candidates(f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW}\n")


def test_thm2_row_with_too_many_values_is_refused() -> None:
    with pytest.raises(CsvError, match=r"line 2: the row has 11 values but the header has 10 columns"):
        read_candidates(f"{HEADER}\n{GOOD_ROW},extra\n")


def test_thm2_unreadable_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(RuleViolation, match=r"candidates: cannot read .*missing\.csv"):
        read_candidates(tmp_path / "missing.csv")
