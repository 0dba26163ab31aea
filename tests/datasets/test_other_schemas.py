"""The other datasets on the same machinery: the ASA case list (INF-2, CAS-1, EVD-2), the ASA pre-inspection
form (INF-2) and the IFA carer register (INF-3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from careinspect.datasets.validate import UnknownDatasetKind, validate_dataset
from tests.datasets.builders import write_csv

AS_AT = date(2024, 6, 30)

CASE = {
    "case_ref": "ASA-001",
    "service_user_type": "child",
    "la_code": "850",
    "service_type": "therapy",
    "start_date": "2024-01-10",
    "end_date": "",
    "open": "Y",
}


def case_list(tmp_path: Path, *changes: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    records = [{**CASE, **(extra or {})}]
    records += [{**CASE, "case_ref": f"ASA-{k + 2:03d}", **(extra or {}), **c} for k, c in enumerate(changes)]
    return write_csv(tmp_path / "cases.csv", records)


def errors(result: object, column: str) -> list[tuple[int, str]]:
    return [(e["row"], e["message"]) for e in result.errors if e["column"] == column]  # type: ignore[attr-defined]


def test_inf2_case_list_valid_rows_and_cas1_count(tmp_path: Path) -> None:
    path = case_list(tmp_path, {"service_user_type": "adopter", "end_date": "2024-03-01", "open": "N"})
    result = validate_dataset("asa_case_list", path, period_end=AS_AT)
    assert result.valid, result.errors
    assert result.measures["service_users"] == 2 and result.measures["open"] == 1
    stored = result.rows()
    assert stored[1]["row"] == 3 and stored[1]["end_date"] == date(2024, 3, 1) and stored[1]["open"] == "N"


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"case_ref": "ASA-001"}, "case_ref", "unique"),
        ({"service_user_type": "parent"}, "service_user_type", "not one of"),
        ({"la_code": "999"}, "la_code", "English"),
        ({"start_date": "2024-07-01"}, "start_date", "after the date of the list"),
        ({"end_date": "2024-01-01", "open": "N"}, "end_date", "before start_date"),
        ({"end_date": "2024-02-01"}, "end_date", "open is Y"),
        ({"open": "N"}, "end_date", "required when open is N"),
        ({"open": "maybe"}, "open", "Y or N"),
    ],
    ids=["unique", "type", "la", "future", "order", "open-with-end", "closed-without-end", "open-yn"],
)
def test_cas1_case_list_rule_fails(tmp_path: Path, change: dict[str, str], column: str, words: str) -> None:
    result = validate_dataset("asa_case_list", case_list(tmp_path, change), period_end=AS_AT)
    found = errors(result, column)
    assert len(found) == 1 and found[0][0] == 3 and words in found[0][1], result.errors


def test_evd2_case_list_name_column_is_an_error(tmp_path: Path) -> None:
    result = validate_dataset(
        "asa_case_list", case_list(tmp_path, extra={"Surname": "Smith"}), period_end=AS_AT
    )
    assert errors(result, "Surname") == [
        (1, "is a column of names: identify people by the agency's case record ID only")
    ]


def test_evd2_case_list_name_like_values_warn(tmp_path: Path) -> None:
    path = case_list(tmp_path, {"case_ref": "Amy Jones"}, extra={"worker": "Sarah O'Neill"})
    result = validate_dataset("asa_case_list", path, period_end=AS_AT)
    assert result.valid
    warned = {(w["row"], w["column"], w["value"]) for w in result.warnings if "person's name" in w["message"]}
    assert warned == {
        (3, "case_ref", "Amy Jones"),
        (2, "worker", "Sarah O'Neill"),
        (3, "worker", "Sarah O'Neill"),
    }


def test_cas1_case_list_old_case_warns(tmp_path: Path) -> None:
    path = case_list(tmp_path, {"start_date": "2022-01-01", "end_date": "2023-01-31", "open": "N"})
    result = validate_dataset("asa_case_list", path, period_end=AS_AT)
    assert result.valid and "12 months" in result.warnings[0]["message"]


FORM = {
    "agency_name": "Example Adoption Support",
    "urn": "1234567",
    "completed_date": "2024-06-01",
    "registered_manager_in_post": "Y",
    "manager_registered_date": "2021-04-01",
    "responsible_individual_in_post": "Y",
    "statement_of_purpose_reviewed": "2024-01-15",
    "statement_of_purpose_on_website": "Y",
    "services_offered": "therapy, parenting courses, birth records counselling",
    "service_users_last_12_months": "60",
    "children_last_12_months": "40",
    "adults_last_12_months": "20",
    "waiting_for_service_now": "4",
    "staff_employed": "8",
    "sessional_or_associate_workers": "5",
    "staff_supervised_last_3_months": "12",
    "complaints_last_12_months": "2",
    "complaints_upheld": "1",
    "safeguarding_concerns_last_12_months": "1",
    "allegations_against_staff_last_12_months": "0",
    "notifications_to_ofsted_last_12_months": "1",
}


def form(tmp_path: Path, **changes: str) -> Path:
    fields = {**FORM, **changes}
    return write_csv(tmp_path / "form.csv", [{"Field": k, "Value": v} for k, v in fields.items() if v != "-"])


def test_inf2_pre_inspection_form_valid(tmp_path: Path) -> None:
    result = validate_dataset("asa_pre_inspection", form(tmp_path), period_end=AS_AT)
    assert result.valid, result.errors
    assert result.rows()[0]["service_users_last_12_months"] == 60


def test_inf2_pre_inspection_errors_point_at_the_fields_row(tmp_path: Path) -> None:
    path = form(tmp_path, complaints_upheld="3", registered_manager_in_post="N", staff_employed="eight")
    result = validate_dataset("asa_pre_inspection", path, period_end=AS_AT)
    rows = {name: k + 2 for k, name in enumerate(FORM)}
    assert {(e["row"], e["column"]) for e in result.errors} == {
        (rows["complaints_upheld"], "complaints_upheld"),
        (rows["staff_employed"], "staff_employed"),
        (1, "manager_vacancy_since"),  # required when no manager is in post, and absent from the form
    }


def test_inf2_pre_inspection_missing_field(tmp_path: Path) -> None:
    result = validate_dataset("asa_pre_inspection", form(tmp_path, urn="-"), period_end=AS_AT)
    assert [(e["row"], e["column"], e["message"]) for e in result.errors] == [
        (1, "urn", "required field is missing")
    ]


HOUSEHOLD = {
    "household_id": "H1",
    "approval_date": "2020-05-01",
    "approval_type": "mainstream",
    "age_range_min": "0",
    "age_range_max": "17",
    "places": "2",
    "status": "active",
    "last_review_date": "2024-02-01",
    "end_date": "",
    "la_code": "850",
}
PLACEMENT = {
    "child_ref": "K1",
    "household_id": "H1",
    "placing_la_code": "850",
    "birth_month": "2015-04",
    "placement_type": "long_term",
    "placement_start": "2022-09-01",
    "placement_end": "",
}


def register(
    tmp_path: Path, placements: list[dict[str, str]], households: list[dict[str, str]] | None = None
) -> Path:
    write_csv(tmp_path / "households.csv", households or [HOUSEHOLD])
    write_csv(tmp_path / "placements.csv", placements)
    return tmp_path


def test_inf3_register_valid_with_summary(tmp_path: Path) -> None:
    result = validate_dataset("ifa_carer_register", register(tmp_path, [PLACEMENT]), period_end=AS_AT)
    assert result.valid, result.errors
    assert result.measures["approved_places"] == 2 and result.measures["children_placed_now"] == 1


def test_inf3_placement_household_not_on_register(tmp_path: Path) -> None:
    path = register(tmp_path, [PLACEMENT, {**PLACEMENT, "child_ref": "K2", "household_id": "H9"}])
    result = validate_dataset("ifa_carer_register", path, period_end=AS_AT)
    assert errors(result, "household_id") == [(3, "is not a household on the households sheet")]


def test_inf3_placement_before_approval(tmp_path: Path) -> None:
    path = register(tmp_path, [{**PLACEMENT, "placement_start": "2020-01-01"}])
    result = validate_dataset("ifa_carer_register", path, period_end=AS_AT)
    assert errors(result, "placement_start") == [(2, "is before the household's approval_date")]


def test_inf3_more_children_than_places_warns(tmp_path: Path) -> None:
    placements = [{**PLACEMENT, "child_ref": f"K{k}"} for k in range(3)]
    result = validate_dataset("ifa_carer_register", register(tmp_path, placements), period_end=AS_AT)
    assert result.valid
    assert [w["row"] for w in result.warnings if "approved places" in w["message"]] == [2, 3, 4]


def test_inf3_household_rules(tmp_path: Path) -> None:
    households = [HOUSEHOLD, {**HOUSEHOLD, "household_id": "H2", "age_range_min": "12", "age_range_max": "5"}]
    households.append({**HOUSEHOLD, "household_id": "H3", "status": "deregistered"})
    result = validate_dataset(
        "ifa_carer_register", register(tmp_path, [PLACEMENT], households), period_end=AS_AT
    )
    assert errors(result, "age_range_max") == [(3, "is below age_range_min")]
    assert errors(result, "end_date") == [(4, "is required when the household left")]


def test_unknown_kind() -> None:
    with pytest.raises(UnknownDatasetKind):
        validate_dataset("a2", b"")
