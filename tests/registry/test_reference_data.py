"""Pure-python checks of the registry reference data files (no Django).

Files under test:
  src/careinspect/registry/data/local_authorities.csv
  src/careinspect/registry/data/demo_raas.toml
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import tomllib
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "src/careinspect/registry/data"
LA_CSV = DATA_DIR / "local_authorities.csv"
RAA_TOML = DATA_DIR / "demo_raas.toml"

# 153 English LAs with children's services responsibilities from 1 April 2023:
# the 152 of 2021-22 with Cumbria (909) replaced by Cumberland (942) and Westmorland and Furness (943).
EXPECTED_LA_COUNT = 153

REGIONS = {
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
}

# Count per region (DfE regions; Milton Keynes counted in the South East).
EXPECTED_REGION_COUNTS = {
    "North East": 12,
    "North West": 24,
    "Yorkshire and the Humber": 15,
    "East Midlands": 10,
    "West Midlands": 14,
    "East of England": 11,
    "London": 33,
    "South East": 19,
    "South West": 15,
}

SPOT_CHECKS = {
    "City of London": "201",
    "Camden": "202",
    "Westminster": "213",
    "Barking and Dagenham": "301",
    "Birmingham": "330",
    "Manchester": "352",
    "Leeds": "383",
    "Isles of Scilly": "420",
    "North Yorkshire": "815",
    "Buckinghamshire": "825",
    "Dorset": "838",
    "Bournemouth, Christchurch and Poole": "839",
    "Hampshire": "850",
    "Kent": "886",
    "Cornwall": "908",
    "Isle of Wight": "921",
    "Somerset": "933",
    "North Northamptonshire": "940",
    "West Northamptonshire": "941",
    "Cumberland": "942",
    "Westmorland and Furness": "943",
}

# Authorities that no longer exist (or never had children's services) must not appear.
ABOLISHED_CODES = {"909": "Cumbria", "928": "Northamptonshire", "835": "Dorset (old county)", "836": "Poole"}

EXPECTED_RAAS = [
    "Adopt North East",
    "Adopt London West",
    "Adoption Central England",
    "Adopt South",
    "Family Adoption Links",
    "One Adoption West Yorkshire",
]

# The report (seed 001, Annex) dates Family Adoption Links' fieldwork as 28 to 30 November 2023,
# i.e. Tuesday to Thursday. Every other RAA was visited Monday to Thursday.
NON_MONDAY_START = {"Family Adoption Links": dt.date(2023, 11, 28)}

REQUIRED_RAA_KEYS = (
    "member_la_codes",
    "member_la_names",
    "fieldwork_start",
    "fieldwork_end",
    "region",
    "notes",
)

PROGRAMME_START = dt.date(2023, 10, 1)
PROGRAMME_END = dt.date(2023, 12, 31)
# Annex: "visited 6 RAAs between 30 October and 7 December 2023".
FIELDWORK_FIRST_DAY = dt.date(2023, 10, 30)
FIELDWORK_LAST_DAY = dt.date(2023, 12, 7)


@pytest.fixture(scope="module")
def la_rows() -> list[dict[str, str]]:
    with LA_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def la_by_code(la_rows) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in la_rows}


@pytest.fixture(scope="module")
def raas() -> list[dict]:
    with RAA_TOML.open("rb") as f:
        return tomllib.load(f)["raa"]


# ---------------------------------------------------------------- local_authorities.csv


def test_header_exact():
    with LA_CSV.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ["code", "name", "region"]


def test_row_count(la_rows):
    assert len(la_rows) == EXPECTED_LA_COUNT


def test_codes_three_digits_and_unique(la_rows):
    codes = [row["code"] for row in la_rows]
    assert all(re.fullmatch(r"\d{3}", c) for c in codes), [c for c in codes if not re.fullmatch(r"\d{3}", c)]
    assert len(set(codes)) == len(codes)


def test_names_present_and_unique(la_rows):
    names = [row["name"] for row in la_rows]
    assert all(n and n == n.strip() for n in names)
    assert len(set(names)) == len(names)


def test_exactly_the_nine_regions(la_rows):
    assert {row["region"] for row in la_rows} == REGIONS


def test_region_counts(la_rows):
    counts: dict[str, int] = {}
    for row in la_rows:
        counts[row["region"]] = counts.get(row["region"], 0) + 1
    assert counts == EXPECTED_REGION_COUNTS


@pytest.mark.parametrize(("name", "code"), sorted(SPOT_CHECKS.items()))
def test_spot_check_codes(la_rows, name, code):
    by_name = {row["name"]: row["code"] for row in la_rows}
    assert by_name.get(name) == code


def test_abolished_authorities_absent(la_by_code):
    assert not set(ABOLISHED_CODES) & set(la_by_code)


def test_spot_check_regions(la_by_code):
    assert la_by_code["420"]["region"] == "South West"  # Isles of Scilly
    assert la_by_code["826"]["region"] == "South East"  # Milton Keynes
    assert la_by_code["808"]["region"] == "North East"  # Stockton-on-Tees
    assert la_by_code["813"]["region"] == "Yorkshire and the Humber"  # North Lincolnshire
    assert la_by_code["942"]["region"] == la_by_code["943"]["region"] == "North West"
    london = {c for c, row in la_by_code.items() if row["region"] == "London"}
    assert london == {str(n) for n in [*range(201, 214), *range(301, 321)]}


# ---------------------------------------------------------------- demo_raas.toml


def test_six_raas_in_report_order(raas):
    assert [r["name"] for r in raas] == EXPECTED_RAAS


def test_raa_required_fields(raas):
    for raa in raas:
        for key in REQUIRED_RAA_KEYS:
            assert key in raa, (raa["name"], key)
        assert raa["region"] in REGIONS
        assert raa.get("member_las_source") in {"report", "public knowledge"}
        assert isinstance(raa["notes"], str) and "\n" not in raa["notes"]


def test_raa_members_exist_in_csv(raas, la_by_code):
    for raa in raas:
        codes = raa["member_la_codes"]
        assert len(codes) >= 2, raa["name"]
        assert len(codes) == len(set(codes)), raa["name"]
        assert len(codes) == len(raa["member_la_names"]), raa["name"]
        assert all(isinstance(c, str) and re.fullmatch(r"\d{3}", c) for c in codes), raa["name"]
        missing = [c for c in codes if c not in la_by_code]
        assert not missing, (raa["name"], missing)


def test_raa_member_names_match_codes(raas, la_by_code):
    # Report names may carry "Council"/"City Council" etc.; the CSV name must be contained in it
    # (first word at least), so codes and names are not misaligned.
    for raa in raas:
        for code, name in zip(raa["member_la_codes"], raa["member_la_names"], strict=True):
            csv_name = la_by_code[code]["name"]
            first_word = csv_name.split()[0].rstrip(",")
            assert first_word.lower() in name.lower(), (raa["name"], code, csv_name, name)


def test_no_la_in_two_raas(raas):
    seen: dict[str, str] = {}
    for raa in raas:
        for code in raa["member_la_codes"]:
            assert code not in seen, (code, seen.get(code), raa["name"])
            seen[code] = raa["name"]


def test_raa_region_is_majority_member_region(raas, la_by_code):
    for raa in raas:
        regions = [la_by_code[c]["region"] for c in raa["member_la_codes"]]
        assert regions.count(raa["region"]) * 2 > len(regions), raa["name"]


def test_report_named_memberships(raas):
    # The five RAAs whose members the report names: 5 + 4 + 5 + 4 + 5 = 23 LAs.
    from_report = [r for r in raas if r["member_las_source"] == "report"]
    assert len(from_report) == 5
    assert sum(len(r["member_la_codes"]) for r in from_report) == 23
    from_elsewhere = {r["name"] for r in raas if r["member_las_source"] == "public knowledge"}
    assert from_elsewhere == {"Family Adoption Links"}


def test_fieldwork_dates_types_and_order(raas):
    for raa in raas:
        start, end = raa["fieldwork_start"], raa["fieldwork_end"]
        assert type(start) is dt.date and type(end) is dt.date, raa["name"]
        assert start <= end, raa["name"]


def test_fieldwork_within_programme(raas):
    for raa in raas:
        start, end = raa["fieldwork_start"], raa["fieldwork_end"]
        assert PROGRAMME_START <= start <= end <= PROGRAMME_END, raa["name"]
    assert min(r["fieldwork_start"] for r in raas) == FIELDWORK_FIRST_DAY
    assert max(r["fieldwork_end"] for r in raas) == FIELDWORK_LAST_DAY


def test_fieldwork_monday_to_thursday(raas):
    for raa in raas:
        start, end = raa["fieldwork_start"], raa["fieldwork_end"]
        assert end.weekday() == 3, (raa["name"], "ends on a Thursday")
        assert (end - start).days <= 3, (raa["name"], "at most 4 days on site")
        monday = end - dt.timedelta(days=3)
        if raa["name"] in NON_MONDAY_START:
            assert start == NON_MONDAY_START[raa["name"]]
            assert monday < start  # same week, later than the Monday
        else:
            assert start.weekday() == 0, (raa["name"], "starts on a Monday")
            assert start == monday


def test_fieldwork_weeks_do_not_overlap(raas):
    ordered = sorted(raas, key=lambda r: r["fieldwork_start"])
    for earlier, later in itertools.pairwise(ordered):
        assert earlier["fieldwork_end"] < later["fieldwork_start"]
