"""When agencies are due: RULES SCH-1, SCH-2, SCH-3, SCH-4 and compliance visits SCH-8."""

from __future__ import annotations

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.scheduling import (
    cycle_after,
    first_inspection_window,
    monitoring_visits,
    next_inspection_window,
)
from tests.conftest import d


@pytest.mark.parametrize("inspected", ["2021-05-12", "2022-01-20", "2021-04-01", "2022-03-31"])
def test_sch1_cycle_for_inspection_year_2021_22_is_april_2022_to_march_2025(inspected: str) -> None:
    window = cycle_after(d(inspected))
    assert (window.earliest, window.latest, window.rule) == (d("2022-04-01"), d("2025-03-31"), "SCH-1")


@pytest.mark.parametrize("grade", [Grade.GOOD, Grade.OUTSTANDING])
def test_sch1_good_and_outstanding_follow_the_rolling_cycle(grade: Grade) -> None:
    assert next_inspection_window(d("2023-11-15"), grade).as_dict() == {
        "earliest": "2024-04-01",
        "latest": "2027-03-31",
        "rule": "SCH-1",
    }


def test_sch2_inadequate_6_to_12_months_with_month_end_clamping() -> None:
    assert next_inspection_window(d("2023-08-31"), Grade.INADEQUATE).as_dict() == {
        "earliest": "2024-02-29",
        "latest": "2024-08-31",
        "rule": "SCH-2",
    }
    assert next_inspection_window(d("2022-08-31"), Grade.INADEQUATE).earliest == d("2023-02-28")


def test_sch3_requires_improvement_12_to_18_months() -> None:
    assert next_inspection_window(d("2023-05-10"), Grade.REQUIRES_IMPROVEMENT).as_dict() == {
        "earliest": "2024-05-10",
        "latest": "2024-11-10",
        "rule": "SCH-3",
    }
    assert next_inspection_window(d("2022-08-31"), Grade.REQUIRES_IMPROVEMENT).latest == d("2024-02-29")


def test_sch4_first_inspection_7_to_12_months_after_registration() -> None:
    assert first_inspection_window(d("2024-01-31")).as_dict() == {
        "earliest": "2024-08-31",
        "latest": "2025-01-31",
        "rule": "SCH-4",
    }
    assert first_inspection_window(d("2023-07-31")).earliest == d("2024-02-29")


def test_sch8_one_notice_gets_a_visit_within_5_working_days(calendar: WorkingDayCalendar) -> None:
    [visit] = monitoring_visits([d("2023-12-20")], calendar)
    # 21, 22, 27, 28, 29 December 2023: Christmas and Boxing Day are not counted.
    assert visit.as_dict() == {"earliest": "2023-12-21", "latest": "2023-12-29", "covers": ["2023-12-20"]}


def test_sch8_notices_close_together_share_one_visit(calendar: WorkingDayCalendar) -> None:
    visits = monitoring_visits([d("2024-01-10"), d("2023-12-20"), d("2023-12-22")], calendar)
    assert [v.as_dict() for v in visits] == [
        {"earliest": "2023-12-27", "latest": "2023-12-29", "covers": ["2023-12-20", "2023-12-22"]},
        {"earliest": "2024-01-11", "latest": "2024-01-17", "covers": ["2024-01-10"]},
    ]


def test_sch8_a_combined_visit_is_within_5_working_days_of_every_notice_it_covers(
    calendar: WorkingDayCalendar,
) -> None:
    dates = [
        d(x) for x in ("2024-03-01", "2024-03-05", "2024-03-07", "2024-03-08", "2024-03-14", "2024-03-20")
    ]
    visits = monitoring_visits(dates, calendar)
    assert sorted(c for v in visits for c in v.covers) == dates
    for visit in visits:
        for covered in visit.covers:
            assert 1 <= calendar.working_days_between(covered, visit.earliest) <= 5
            assert 1 <= calendar.working_days_between(covered, visit.latest) <= 5
    assert len(visits) == 3


def test_sch8_cal4_a_compliance_date_on_a_bank_holiday_is_refused(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(RuleViolation) as err:
        monitoring_visits([d("2023-05-08")], calendar)
    assert (err.value.rule, err.value.field) == ("CAL-4", "compliance_date")


def test_sch8_needs_at_least_one_date(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(RuleViolation, match="at least one"):
        monitoring_visits([], calendar)
