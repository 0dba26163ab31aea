"""Row limits per kind of dataset (policy, issue 10): a sheet with more rows than its kind accepts is
refused from a count of the file, before it is parsed, naming the sheet, the count and the limit.

RULES: INF-2 — the case list lists the people an ASA worked with in 12 months; its limit is policy data.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from careinspect.cli import main
from careinspect.datasets import limits
from careinspect.datasets import validate as validate_module
from careinspect.datasets.errors import DatasetTooLarge, DatasetUnreadable
from careinspect.datasets.kinds import KIND_NAMES
from careinspect.datasets.rowcount import RowCount, count_rows
from careinspect.datasets.validate import refuse_too_many_rows, validate_dataset
from careinspect.rules.errors import RuleViolation
from careinspect.rules.policy import DatasetRowLimits, Policy
from tests.datasets.builders import rows, write_a1

CAREINSPECT = str(Path(sys.executable).with_name("careinspect"))
HEADER = "case_ref,service_user_type,la_code,service_type,start_date,end_date,open"


def case_list(count: int) -> bytes:
    lines = [HEADER, *(f"AS-{n:05d},child,202,therapy,2024-06-03,,Y" for n in range(1, count + 1))]
    return ("\n".join(lines) + "\n").encode()


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, lines in sheets.items():
        sheet = book.create_sheet(name)
        for line in lines:
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def hand_made_xlsx(sheet_xml: bytes, *, part: str = "xl/worksheets/data-b.xml", name: str = "Cases") -> bytes:
    """A workbook whose sheet lives in a part not called sheet1.xml, found only through the relationships,
    with its XML as given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            '<Relationships><Relationship Id="r1" Target="xl/book.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/book.xml",
            '<x:workbook xmlns:x="main" xmlns:r="rel"><x:sheets><x:sheet name="Other" sheetId="1" r:id="a"/>'
            f'<x:sheet r:id="b" sheetId="2" name="{name}"/></x:sheets></x:workbook>',
        )
        archive.writestr(
            "xl/_rels/book.xml.rels",
            '<Relationships><Relationship Id="a" Target="worksheets/data-a.xml"/>'
            f'<Relationship Target="/{part}" Id="b"/></Relationships>',
        )
        archive.writestr("xl/worksheets/data-a.xml", b"<worksheet><sheetData/></worksheet>")
        archive.writestr(part, sheet_xml)
    return out.getvalue()


def sheet_xml(values: int, *, empty: int = 0, prefix: str = "") -> bytes:
    """A header row, `values` rows with a value, then `empty` rows Excel writes for formatting only."""
    p = f"{prefix}:" if prefix else ""
    body = [f'<{p}row r="1"><{p}c r="A1" t="inlineStr"><{p}is><{p}t>case_ref</{p}t></{p}is></{p}c></{p}row>']
    body += [f'<{p}row r="{n}"><{p}c r="A{n}"><{p}v>{n}</{p}v></{p}c></{p}row>' for n in range(2, values + 2)]
    start = values + 2
    for n in range(start, start + empty):
        body.append(
            f'<{p}row r="{n}" s="1"/>' if n % 2 else f'<{p}row r="{n}"><{p}c r="A{n}" s="2"/></{p}row>'
        )
    xml = f"<{p}worksheet><{p}sheetData>{''.join(body)}</{p}sheetData><{p}rowBreaks/></{p}worksheet>"
    return xml.encode()


# Counting without parsing -----------------------------------------------------------------------------


def test_a_csv_is_counted_by_its_rows_not_its_lines() -> None:
    quoted = (
        HEADER + '\nAS-1,child,202,therapy,2024-06-03,,"Y\nstill Y"\nAS-2,child,202,therapy,2024-06-03,,Y\n'
    )
    assert count_rows(quoted.encode(), ["cases"], filename="cases.csv") == {"cases": RowCount(2)}
    assert count_rows(case_list(30), ["cases"], filename="cases.csv") == {"cases": RowCount(30)}


def test_a_workbook_counts_rows_with_a_value_not_excels_formatted_empty_rows() -> None:
    book = workbook({"Cases": [["case_ref"], ["AS-1"], ["AS-2"], [], ["AS-3"]]})
    assert count_rows(book, ["cases"], filename="cases.xlsx") == {"cases": RowCount(3)}
    found = count_rows(hand_made_xlsx(sheet_xml(40, empty=25)), ["cases", "other"])
    assert found == {"cases": RowCount(40), "other": RowCount(0)}


def test_a_workbook_is_counted_whatever_its_parts_are_called_and_its_xml_prefixed() -> None:
    assert count_rows(hand_made_xlsx(sheet_xml(7, prefix="x"), part="xl/w/s.xml"), ["cases"]) == {
        "cases": RowCount(7)
    }


def test_counting_a_huge_sheet_stops_at_the_decompression_cap_with_a_lower_bound() -> None:
    found = count_rows(hand_made_xlsx(sheet_xml(200_000)), ["cases"], max_bytes=1 << 20)
    assert not found["cases"].complete
    assert 10_000 < found["cases"].rows < 200_000


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04 not really a zip", b"\xd0\xcf\x11\xe0 legacy xls"],
    ids=["image", "damaged-zip", "legacy-xls"],
)
def test_what_cannot_be_counted_is_left_to_the_reader(data: bytes) -> None:
    assert count_rows(data, ["cases"], filename="cases.xlsx") == {}


# Refusal --------------------------------------------------------------------------------------------------


def test_inf2_a_case_list_over_the_limit_is_refused_naming_the_sheet_count_and_limit() -> None:
    with pytest.raises(DatasetTooLarge) as refused:
        validate_dataset("asa_case_list", case_list(30), filename="cases.csv", max_rows=25)
    assert refused.value.message == (
        "cases.csv: sheet 'cases' has 30 rows; at most 25 are accepted for the ASA case list form (INF-2)"
    )
    assert (refused.value.sheet, refused.value.rows, refused.value.limit, refused.value.rule) == (
        "cases",
        30,
        25,
        "INF-2",
    )
    assert isinstance(refused.value, DatasetUnreadable)  # every caller already refuses those, storing nothing


def test_inf2_a_case_list_at_the_limit_is_accepted() -> None:
    assert validate_dataset("asa_case_list", case_list(25), filename="cases.csv", max_rows=25).valid


def test_inf2_the_limit_is_checked_before_the_file_is_read_into_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the file was opened for parsing")

    monkeypatch.setattr(validate_module, "open_sheets", never)
    with pytest.raises(DatasetTooLarge):
        validate_dataset("asa_case_list", case_list(30), filename="cases.csv", max_rows=25)
    book = workbook({"Cases": [HEADER.split(","), *(["AS-1", "child"] for _ in range(30))]})
    with pytest.raises(DatasetTooLarge, match="sheet 'cases' has 30 rows"):
        refuse_too_many_rows("asa_case_list", book, filename="cases.xlsx", max_rows=25)


def test_inf1_a_workbook_that_cannot_be_counted_is_refused_as_each_sheet_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XLS and ODS are not counted from the file: each sheet is refused as it is read, and the sheets after
    it are never read."""
    monkeypatch.setattr(limits, "count_rows", lambda *args, **kwargs: {})
    read: list[str] = []
    opened = validate_module.open_sheets

    def recording(*args: Any, **kwargs: Any) -> Any:
        sheets = opened(*args, **kwargs)
        pop = sheets.pop
        sheets.pop = lambda sheet: read.append(sheet) or pop(sheet)  # type: ignore[method-assign]
        return sheets

    monkeypatch.setattr(validate_module, "open_sheets", recording)
    directory = write_a1(tmp_path, children=rows("children", {"sex": "Q"}), adopters=rows("adopters", n=12))
    with pytest.raises(DatasetTooLarge, match=r"sheet 'adopters' has 12 rows; at most 10 .* RAA A1 dataset"):
        validate_dataset("a1", directory, max_rows=10)
    assert read == ["children", "adopters"]


def test_inf1_a1_limit_is_per_sheet(tmp_path: Path) -> None:
    directory = write_a1(tmp_path, children=rows("children", n=5), support=rows("support", n=6))
    with pytest.raises(DatasetTooLarge, match="sheet 'support' has 6 rows; at most 5"):
        validate_dataset("a1", directory, max_rows=5)


# The policy ---------------------------------------------------------------------------------------------


def test_every_kind_of_dataset_has_a_row_limit(policy: Policy) -> None:
    assert set(DatasetRowLimits.model_fields) == set(KIND_NAMES)
    assert {kind: policy.dataset_row_limits.for_kind(kind) for kind in KIND_NAMES} == {
        "a1": 100_000,
        "asa_case_list": 20_000,
        "asa_pre_inspection": 100,
        "ifa_carer_register": 20_000,
    }


def test_the_environment_overrides_some_kinds_and_the_others_keep_theirs(policy: Policy) -> None:
    changed = policy.with_overrides({"dataset_row_limits": "asa_case_list=500, a1=1000"})
    assert changed.dataset_row_limits.model_dump() == {
        "a1": 1000,
        "asa_case_list": 500,
        "asa_pre_inspection": 100,
        "ifa_carer_register": 20_000,
    }


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("asa_case_list=0", "asa_case_list: Input should be greater than or equal to 1"),
        ("asa_case_list=many", "asa_case_list: Input should be a valid integer"),
        ("case_list=5", "'case_list' is not a kind of dataset; expected one of a1, asa_case_list"),
        ("asa_case_list", "'asa_case_list' is not kind=N"),
    ],
)
def test_a_bad_row_limit_is_refused_naming_the_setting(policy: Policy, text: str, words: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        policy.with_overrides({"dataset_row_limits": text})
    assert words in refused.value.message
    assert refused.value.field is not None and refused.value.field.startswith("dataset_row_limits")


def test_the_policy_in_force_sets_the_limit_when_none_is_given(settings: Any) -> None:
    settings.CAREINSPECT_POLICY = {"dataset_row_limits": "asa_case_list=4"}
    with pytest.raises(DatasetTooLarge, match="at most 4 are accepted"):
        validate_dataset("asa_case_list", case_list(5), filename="cases.csv")


def test_cli_refuses_a_dataset_over_the_limit_with_exit_2_and_one_line(
    settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.CAREINSPECT_POLICY = {"dataset_row_limits": "asa_case_list=4"}
    path = tmp_path / "cases.csv"
    path.write_bytes(case_list(5))
    with pytest.raises(SystemExit) as exited:
        main(["datasets", "validate", "asa_case_list", str(path), "--json"])
    _, err = capsys.readouterr()
    assert exited.value.code == 2
    assert "sheet 'cases' has 5 rows; at most 4 are accepted for the ASA case list form (INF-2)" in err


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CAREINSPECT, *args], capture_output=True, text=True, check=False, env={**os.environ, **env}
    )


def test_the_row_limits_variable_is_validated_at_start_up_and_honoured(tmp_path: Path) -> None:
    bad = run(
        {"CAREINSPECT_DATASET_ROW_LIMITS": "asa_case_list=0"}, "rules", "sample-size", "--service-users", "3"
    )
    assert bad.returncode != 0
    assert "CAREINSPECT_DATASET_ROW_LIMITS" in bad.stderr and "asa_case_list" in bad.stderr
    path = tmp_path / "cases.csv"
    path.write_bytes(case_list(3))
    tight = run(
        {"CAREINSPECT_DATASET_ROW_LIMITS": "asa_case_list=2"},
        "datasets",
        "validate",
        "asa_case_list",
        str(path),
    )
    assert (tight.returncode, "has 3 rows; at most 2" in tight.stderr) == (2, True)
    loose = run(
        {"CAREINSPECT_DATASET_ROW_LIMITS": "asa_case_list=3"},
        "datasets",
        "validate",
        "asa_case_list",
        str(path),
        "--json",
    )
    assert (loose.returncode, json.loads(loose.stdout)["row_counts"]) == (0, {"cases": 3})
