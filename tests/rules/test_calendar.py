"""Working days in England: RULES CAL-1 to CAL-4, on real bank holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from tests.conftest import d

CAL = WorkingDayCalendar()
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2022-06-02", "Spring Bank Holiday"),  # moved for the Platinum Jubilee
        ("2022-06-03", "Platinum Jubilee of Elizabeth II"),
        ("2022-09-19", "State Funeral of Queen Elizabeth II"),
        ("2023-05-08", "Coronation of Charles III"),
        ("2023-12-25", "Christmas Day"),
        ("2024-03-29", "Good Friday"),
        ("2024-04-01", "Easter Monday"),
        ("2021-12-28", "Boxing Day (observed)"),
    ],
)
def test_cal1_bank_holidays_in_england_are_not_working_days(day: str, name: str) -> None:
    assert not CAL.is_working_day(d(day))
    assert name in (CAL.why_not_working(d(day)) or "")


def test_cal1_weekends_are_not_working_days_and_ordinary_weekdays_are() -> None:
    assert CAL.why_not_working(d("2023-12-23")) == "it is a Saturday"
    assert CAL.why_not_working(d("2023-12-24")) == "it is a Sunday"
    assert CAL.is_working_day(d("2023-12-27"))
    assert CAL.is_working_day(d("2022-06-01"))


def test_cal1_scottish_bank_holidays_are_working_days_in_england() -> None:
    assert CAL.is_working_day(d("2023-01-03"))  # 2 January is a holiday in Scotland only; 3rd is a plain day
    assert CAL.is_working_day(d("2023-08-07"))  # Scotland's summer bank holiday


def test_cal1_extra_closure_days_from_configuration() -> None:
    cal = WorkingDayCalendar(extra_closure_days=[d("2023-12-27")])
    assert not cal.is_working_day(d("2023-12-27"))
    assert "closure day" in (cal.why_not_working(d("2023-12-27")) or "")
    assert cal.add_working_days(d("2023-12-22"), 1) == d("2023-12-28")


def test_cal2_deadline_is_the_nth_working_day_after_the_last_day() -> None:
    # Last on-site day Friday 22 Dec 2023: Christmas, Boxing Day and New Year's Day are skipped.
    assert CAL.add_working_days(d("2023-12-22"), 1) == d("2023-12-27")
    # 27, 28, 29 December, 2 and 3 January.
    assert CAL.add_working_days(d("2023-12-22"), 5) == d("2024-01-03")


def test_cal3_notice_day_is_the_nth_working_day_before_the_first_day() -> None:
    # Coronation week 2023: Monday 8 May is a bank holiday.
    assert CAL.subtract_working_days(d("2023-05-10"), 2) == d("2023-05-05")
    # Jubilee 2022: Thursday 2 and Friday 3 June.
    assert CAL.subtract_working_days(d("2022-06-06"), 1) == d("2022-06-01")


def test_cal4_a_non_working_day_is_refused_with_the_reason() -> None:
    with pytest.raises(RuleViolation) as err:
        CAL.require_working_day(d("2022-09-19"), field="start", role="on-site day")
    assert err.value.rule == "CAL-4"
    assert err.value.field == "start"
    assert "State Funeral" in str(err.value)
    assert CAL.require_working_day(d("2022-09-20"), field="start") == d("2022-09-20")


def test_cal_counting_working_days_between_two_dates() -> None:
    assert CAL.working_days_between(d("2023-12-22"), d("2024-01-03")) == 5
    assert CAL.working_days_between(d("2024-01-03"), d("2023-12-22")) == -5
    assert CAL.working_days_between(d("2024-01-02"), d("2024-01-02")) == 0


@given(day=dates, n=st.integers(min_value=0, max_value=400))
def test_cal2_cal3_property_adding_then_subtracting_returns_to_the_same_working_day(
    day: date, n: int
) -> None:
    start = CAL.next_working_day(day)
    assert CAL.subtract_working_days(CAL.add_working_days(start, n), n) == start


@given(day=dates, n=st.integers(min_value=-400, max_value=400).filter(lambda n: n != 0))
def test_cal4_property_no_computed_deadline_is_a_non_working_day(day: date, n: int) -> None:
    result = CAL.add_working_days(day, n)
    assert CAL.is_working_day(result)
    assert CAL.working_days_between(day, result) == n


@given(day=dates)
def test_cal1_property_next_working_day_skips_nothing_it_should_not(day: date) -> None:
    nxt = CAL.next_working_day(day)
    assert CAL.is_working_day(nxt)
    assert all(not CAL.is_working_day(day + timedelta(days=k)) for k in range((nxt - day).days))
