"""Every A1 check (RULES: INF-1, EVD-2; A1_DATA.md) with a fixture that breaks it, and only it.

Each case writes one valid row and one broken row (spreadsheet row 3) and expects an error on that row's
column whose message contains the given words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.datasets.builders import check, findings, rows, write_a1

# (test id citing the rule and column, sheet, changed cells, column blamed, words of the message)
BROKEN = [
    # children: types, codes, required
    ("inf1-children-child_id-required", "children", {"child_id": ""}, "child_id", "is required"),
    ("inf1-children-la_code-3-digits", "children", {"la_code": "85"}, "la_code", "3-digit"),
    ("inf1-children-la_code-member", "children", {"la_code": "851"}, "la_code", "member local authorities"),
    ("inf1-children-sex-code", "children", {"sex": "female"}, "sex", "not one of M, F, X, U"),
    ("inf1-children-birth_month-format", "children", {"birth_month": "March 2020"}, "birth_month", "YYYY-MM"),
    (
        "inf1-children-birth_month-full-date",
        "children",
        {"birth_month": "2020-03-14"},
        "birth_month",
        "YYYY-MM",
    ),
    (
        "inf1-children-birth_month-after-decision",
        "children",
        {"birth_month": "2023-07"},
        "birth_month",
        "after",
    ),
    ("inf1-children-ethnicity-code", "children", {"ethnicity": "WHITE"}, "ethnicity", "not one of"),
    ("inf1-children-disability-yn", "children", {"disability": "yes"}, "disability", "Y or N"),
    ("inf1-children-complex_needs-required", "children", {"complex_needs": ""}, "complex_needs", "required"),
    (
        "inf1-children-sibling_group_size-min-1",
        "children",
        {"sibling_group_size": "0"},
        "sibling_group_size",
        "1 or more",
    ),
    (
        "inf1-children-sibling_group_size-whole",
        "children",
        {"sibling_group_size": "1.5"},
        "sibling_group_size",
        "whole",
    ),
    (
        "inf1-children-decision_date-date",
        "children",
        {"decision_date": "01/06/2023"},
        "decision_date",
        "YYYY-MM-DD",
    ),
    (
        "inf1-children-decision_date-impossible",
        "children",
        {"decision_date": "2023-02-30"},
        "decision_date",
        "not a date",
    ),
    (
        "inf1-children-early_permanence-required",
        "children",
        {"early_permanence": ""},
        "early_permanence",
        "required",
    ),
    # children: date order and conditions
    (
        "inf1-children-placement_order_date-before-decision",
        "children",
        {"placement_order_date": "2023-05-01"},
        "placement_order_date",
        "before decision_date",
    ),
    (
        "inf1-children-matched_date-before-decision",
        "children",
        {"matched_date": "2023-05-01"},
        "matched_date",
        "before",
    ),
    (
        "inf1-children-placed_date-before-matched",
        "children",
        {"placed_date": "2023-11-01"},
        "placed_date",
        "before",
    ),
    (
        "inf1-children-placed_date-needs-match",
        "children",
        {"matched_date": ""},
        "placed_date",
        "matched_date is blank",
    ),
    (
        "inf1-children-adoption_order_date-before-placed",
        "children",
        {"adoption_order_date": "2024-01-01"},
        "adoption_order_date",
        "before placed_date",
    ),
    (
        "inf1-children-plan_changed_date-before-decision",
        "children",
        {"plan_changed_date": "2023-01-01"},
        "plan_changed_date",
        "before decision_date",
    ),
    (
        "inf1-children-disruption_date-before-placed",
        "children",
        {"disruption_date": "2024-01-01"},
        "disruption_date",
        "before",
    ),
    (
        "inf1-children-placement_route-if-placed",
        "children",
        {"placement_route": ""},
        "placement_route",
        "required when",
    ),
    (
        "inf1-children-placement_route-none-if-placed",
        "children",
        {"placement_route": "none"},
        "placement_route",
        "is none",
    ),
    (
        "inf1-children-placement_route-code",
        "children",
        {"placement_route": "raa"},
        "placement_route",
        "not one of",
    ),
    (
        "inf1-children-placed_with_siblings-if-sibling-group",
        "children",
        {"sibling_group_size": "2"},
        "placed_with_siblings",
        "sibling_group_size is more than 1",
    ),
    (
        "inf1-children-date-after-period-end",
        "children",
        {"placed_date": "2024-10-01"},
        "placed_date",
        "after the period end",
    ),
    # adopters
    (
        "inf1-adopters-assessing_la_code-english",
        "adopters",
        {"assessing_la_code": "999"},
        "assessing_la_code",
        "English",
    ),
    (
        "inf1-adopters-household-code",
        "adopters",
        {"household": "family"},
        "household",
        "not one of single, couple",
    ),
    ("inf1-adopters-lgbtq-code", "adopters", {"lgbtq": "maybe"}, "lgbtq", "not one of Y, N, U"),
    ("inf1-adopters-interest_date-required", "adopters", {"interest_date": ""}, "interest_date", "required"),
    (
        "inf1-adopters-stage1_start-before-interest",
        "adopters",
        {"stage1_start": "2023-01-01"},
        "stage1_start",
        "before",
    ),
    (
        "inf1-adopters-stage1_end-before-start",
        "adopters",
        {"stage1_end": "2023-01-20"},
        "stage1_end",
        "before stage1_start",
    ),
    (
        "inf1-adopters-stage1_end-needs-start",
        "adopters",
        {"stage1_start": ""},
        "stage1_end",
        "stage1_start is blank",
    ),
    (
        "inf1-adopters-stage2_start-before-stage1_end",
        "adopters",
        {"stage2_start": "2023-03-01"},
        "stage2_start",
        "before",
    ),
    (
        "inf1-adopters-approval_date-before-stage2",
        "adopters",
        {"approval_date": "2023-04-01"},
        "approval_date",
        "before",
    ),
    ("inf1-adopters-paused_days-negative", "adopters", {"paused_days": "-5"}, "paused_days", "0 or more"),
    (
        "inf1-adopters-paused_days-longer-than-process",
        "adopters",
        {"paused_days": "400"},
        "paused_days",
        "more than the days",
    ),
    (
        "inf1-adopters-withdrawn_date-before-interest",
        "adopters",
        {"withdrawn_date": "2022-12-01"},
        "withdrawn_date",
        "before",
    ),
    (
        "inf1-adopters-withdrawal_reason-if-withdrawn",
        "adopters",
        {"withdrawn_date": "2024-05-01", "matched_date": "", "placed_date": ""},
        "withdrawal_reason",
        "required when withdrawn_date",
    ),
    (
        "inf1-adopters-no-stage-after-withdrawal",
        "adopters",
        {
            "withdrawn_date": "2023-05-01",
            "withdrawal_reason": "health",
            "matched_date": "",
            "placed_date": "",
        },
        "approval_date",
        "after withdrawn_date",
    ),
    (
        "inf1-adopters-matched_date-before-approval",
        "adopters",
        {"matched_date": "2023-10-01"},
        "matched_date",
        "before",
    ),
    (
        "inf1-adopters-matched_date-needs-approval",
        "adopters",
        {"approval_date": ""},
        "matched_date",
        "approval_date is blank",
    ),
    (
        "inf1-adopters-placed_date-before-matched",
        "adopters",
        {"placed_date": "2024-01-01"},
        "placed_date",
        "before",
    ),
    (
        "inf1-adopters-early_permanence_approved-yn",
        "adopters",
        {"early_permanence_approved": "x"},
        "early_permanence_approved",
        "Y or N",
    ),
    # support
    ("inf1-support-family_id-required", "support", {"family_id": " "}, "family_id", "required"),
    ("inf1-support-requester-code", "support", {"requester": "parent"}, "requester", "not one of"),
    ("inf1-support-la_code-english", "support", {"la_code": "123"}, "la_code", "English"),
    (
        "inf1-support-assessment_start-before-request",
        "support",
        {"assessment_start": "2023-10-01"},
        "assessment_start",
        "before",
    ),
    (
        "inf1-support-assessment_end-before-start",
        "support",
        {"assessment_end": "2023-11-15"},
        "assessment_end",
        "before",
    ),
    (
        "inf1-support-assessment_end-needs-start",
        "support",
        {"assessment_start": ""},
        "assessment_end",
        "is blank",
    ),
    (
        "inf1-support-support_start-before-request",
        "support",
        {"support_start": "2023-10-15"},
        "support_start",
        "before",
    ),
    (
        "inf1-support-support_end-before-start",
        "support",
        {"support_end": "2024-01-01", "status": "closed"},
        "support_end",
        "before support_start",
    ),
    ("inf1-support-support_type-code", "support", {"support_type": "therapy"}, "support_type", "not one of"),
    (
        "inf1-support-asgsf_amount-money",
        "support",
        {"asgsf_amount": "lots"},
        "asgsf_amount",
        "amount of money",
    ),
    ("inf1-support-asgsf_amount-negative", "support", {"asgsf_amount": "-10"}, "asgsf_amount", "0 or more"),
    (
        "inf1-support-asgsf_amount-only-therapy",
        "support",
        {"support_type": "parenting"},
        "asgsf_amount",
        "therapy_asgsf",
    ),
    ("inf1-support-status-code", "support", {"status": "open"}, "status", "not one of"),
    (
        "inf1-support-status-waiting_assessment-no-assessment",
        "support",
        {"status": "waiting_assessment"},
        "assessment_start",
        "status is waiting_assessment",
    ),
    (
        "inf1-support-status-waiting_support-no-support",
        "support",
        {"status": "waiting_support"},
        "support_start",
        "waiting",
    ),
    (
        "inf1-support-status-receiving-needs-support_start",
        "support",
        {"support_start": "", "status": "receiving"},
        "support_start",
        "when status is receiving",
    ),
    (
        "inf1-support-status-receiving-no-end",
        "support",
        {"support_end": "2024-05-01"},
        "support_end",
        "status is receiving",
    ),
    (
        "inf1-support-status-closed-needs-end",
        "support",
        {"status": "closed"},
        "support_end",
        "closed or withdrawn",
    ),
    (
        "inf1-support-child_became_cin_or_lac-yn",
        "support",
        {"child_became_cin_or_lac": "n/a"},
        "child_became_cin_or_lac",
        "Y or N",
    ),
    (
        "inf1-support-request_date-after-period-end",
        "support",
        {"request_date": "2024-10-02"},
        "request_date",
        "period end",
    ),
]


@pytest.mark.parametrize(
    ("sheet", "change", "column", "words"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_inf1_a1_check_fails_on_its_row(
    tmp_path: Path, sheet: str, change: dict[str, str], column: str, words: str
) -> None:
    result = check(write_a1(tmp_path, **{sheet: rows(sheet, change)}))
    assert not result.valid
    found = findings(result, sheet, column)
    assert [e["row"] for e in found] == [3], result.errors
    assert words in found[0]["message"]


def test_inf1_valid_fixture_has_no_errors(tmp_path: Path) -> None:
    result = check(write_a1(tmp_path, children=rows("children", n=3)))
    assert result.valid, result.errors
    assert result.error_count == 0 and result.row_counts == {"children": 3, "adopters": 1, "support": 1}


def test_inf1_child_id_unique_reports_the_later_rows(tmp_path: Path) -> None:
    result = check(write_a1(tmp_path, children=rows("children", {"child_id": "C1"}, {"child_id": "C1"})))
    assert [(e["row"], e["value"]) for e in findings(result, "children", "child_id")] == [
        (3, "C1"),
        (4, "C1"),
    ]


def test_inf1_request_id_unique_and_family_may_repeat(tmp_path: Path) -> None:
    result = check(write_a1(tmp_path, support=rows("support", {"request_id": "R1"}, {"family_id": "F1"})))
    assert [e["row"] for e in result.errors] == [3]
    assert result.errors[0]["column"] == "request_id"


def test_inf1_la_code_without_member_list_must_be_english(tmp_path: Path) -> None:
    directory = write_a1(tmp_path, children=rows("children", {"la_code": "851"}, {"la_code": "999"}))
    result = check(directory, members=None)
    assert [(e["row"], e["message"]) for e in findings(result, "children", "la_code")] == [
        (4, "is not an English local authority code")
    ]


def test_inf1_support_la_outside_members_is_a_warning(tmp_path: Path) -> None:
    result = check(write_a1(tmp_path, support=rows("support", {"la_code": "851"})))
    assert result.valid
    assert [w["row"] for w in findings(result, "support", "la_code", warnings=True)] == [3]


def test_inf1_missing_required_column_reported_once_on_row_1(tmp_path: Path) -> None:
    records = [{k: v for k, v in r.items() if k != "decision_date"} for r in rows("children", n=3)]
    result = check(write_a1(tmp_path, children=records))
    assert findings(result, "children", "decision_date") == [
        {
            "sheet": "children",
            "row": 1,
            "column": "decision_date",
            "value": None,
            "message": "required column is missing",
        }
    ]
    # The checks that need the missing column are skipped, not reported on every row.
    assert result.error_count == 1


def test_inf1_missing_optional_column_is_a_warning(tmp_path: Path) -> None:
    records = [{k: v for k, v in r.items() if k != "disruption_date"} for r in rows("children")]
    result = check(write_a1(tmp_path, children=records))
    assert result.valid
    assert findings(result, "children", "disruption_date", warnings=True)[0]["row"] == 1


def test_inf1_headers_match_ignoring_case_spaces_and_underscores(tmp_path: Path) -> None:
    records = [{k.upper().replace("_", " "): v for k, v in r.items()} for r in rows("children")]
    assert check(write_a1(tmp_path, children=records)).valid


def test_evd2_column_of_names_is_an_error(tmp_path: Path) -> None:
    records = [{**r, "First Name": "Amy"} for r in rows("children")]
    result = check(write_a1(tmp_path, children=records))
    assert findings(result, "children", "First Name")[0]["row"] == 1
    assert "names" in findings(result, "children", "First Name")[0]["message"]


def test_evd2_unknown_column_warns_and_name_values_warn(tmp_path: Path) -> None:
    records = [{**r, "notes": "Mary Smith"} for r in rows("children")]
    result = check(write_a1(tmp_path, children=records))
    assert result.valid
    found = findings(result, "children", "notes", warnings=True)
    assert (1, "notes", "is not a column of this form: it is ignored") in [
        (w["row"], w["value"], w["message"]) for w in found
    ]
    assert [(w["row"], w["value"]) for w in found if "person's name" in w["message"]] == [(2, "Mary Smith")]


def test_evd2_withdrawal_reason_that_looks_like_a_name_warns(tmp_path: Path) -> None:
    change = {
        "withdrawn_date": "2024-05-01",
        "withdrawal_reason": "Jane Doe",
        "matched_date": "",
        "placed_date": "",
    }
    result = check(write_a1(tmp_path, adopters=rows("adopters", change)))
    assert result.valid
    assert findings(result, "adopters", "withdrawal_reason", warnings=True)[0]["row"] == 3


def test_inf1_blank_rows_are_skipped_and_row_numbers_kept(tmp_path: Path) -> None:
    blank = dict.fromkeys(rows("children")[0], "")
    records = [*rows("children", n=2), blank, *rows("children", {"sex": "Q"})[1:]]
    records[-1]["child_id"] = "C9"
    result = check(write_a1(tmp_path, children=records))
    assert result.row_counts["children"] == 3
    assert [(e["row"], e["column"]) for e in result.errors] == [(5, "sex")]


def test_inf1_codes_and_padding_are_forgiven(tmp_path: Path) -> None:
    result = check(
        write_a1(tmp_path, children=rows("children", {"sex": " f ", "ethnicity": "wbri", "disability": "n"}))
    )
    assert result.valid, result.errors


def test_inf1_error_cap_keeps_counting(tmp_path: Path) -> None:
    changes = [{"sex": "Q"}] * 30
    result = check(write_a1(tmp_path, children=rows("children", *changes)), cap=10)
    assert len(findings(result, "children", "sex")) == 10
    assert result.error_count == 30
    assert result.summary[0]["count"] == 30 and result.summary[0]["severity"] == "error"


def test_inf1_all_errors_reported_at_once_in_sheet_row_column_order(tmp_path: Path) -> None:
    directory = write_a1(
        tmp_path,
        children=rows("children", {"sex": "Q", "la_code": "1"}),
        support=rows("support", {"status": "x"}),
    )
    result = check(directory)
    assert [(e["sheet"], e["row"], e["column"]) for e in result.errors] == [
        ("children", 3, "la_code"),
        ("children", 3, "sex"),
        ("support", 3, "status"),
    ]
    assert set(result.errors[0]) == {"sheet", "row", "column", "value", "message"}


def test_inf1_default_period_end_is_latest_30_september() -> None:
    from datetime import date

    from careinspect.datasets.a1.period import default_period_end, period_start

    assert default_period_end(date(2024, 11, 23)) == date(2024, 9, 30)
    assert default_period_end(date(2024, 9, 30)) == date(2023, 9, 30)
    assert default_period_end(date(2024, 10, 1)) == date(2024, 9, 30)
    assert period_start(date(2024, 9, 30)) == date(2023, 10, 1)


def test_inf1_rows_refused_for_invalid_dataset(tmp_path: Path) -> None:
    result = check(write_a1(tmp_path, children=rows("children", {"sex": "Q"})))
    with pytest.raises(ValueError, match="errors"):
        result.rows("children")
