"""After serious or widespread concerns (ENF-4, SCH-9) or an inadequate judgement (ENF-2, SCH-2).

Dates are counted by hand in the comments; working days count from day 0, the last day (CAL-2).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.next_steps import inadequate, previous_working_day, serious_concerns
from tests.conftest import d

# --- ENF-4: case review and the email to each DCS -----------------------------------------------------


def test_enf4_case_review_within_5_working_days_over_christmas(calendar: WorkingDayCalendar) -> None:
    # Visit ends Wed 20 Dec 2023: Thu 21 (1), Fri 22 (2), Christmas and Boxing Day, Wed 27 (3),
    # Thu 28 (4), Fri 29 (5).
    assert serious_concerns(d("2023-12-20"), calendar).case_review_due == d("2023-12-29")


def test_enf4_dcs_email_by_the_end_of_the_next_working_day_over_christmas(
    calendar: WorkingDayCalendar,
) -> None:
    # Visit ends Fri 22 Dec 2023: the weekend, Christmas Day and Boxing Day pass; Wed 27 Dec.
    assert serious_concerns(d("2023-12-22"), calendar).dcs_email_due == d("2023-12-27")


def test_enf4_over_easter(calendar: WorkingDayCalendar) -> None:
    # Visit ends Thu 28 Mar 2024. Good Friday 29, the weekend and Easter Monday 1 April pass:
    # DCS email Tue 2 Apr; case review Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 (5).
    steps = serious_concerns(d("2024-03-28"), calendar)
    assert (steps.dcs_email_due, steps.case_review_due) == (d("2024-04-02"), d("2024-04-08"))


def test_enf4_over_the_2022_jubilee(calendar: WorkingDayCalendar) -> None:
    # Visit ends Wed 1 June 2022. Thu 2 and Fri 3 June are the Jubilee bank holidays:
    # DCS email Mon 6 June; case review Mon 6 (1) to Fri 10 (5).
    steps = serious_concerns(d("2022-06-01"), calendar)
    assert (steps.dcs_email_due, steps.case_review_due) == (d("2022-06-06"), d("2022-06-10"))


def test_enf4_an_extra_closure_day_moves_the_email() -> None:
    # CAL-1: the regulator closed on Tue 2 Jan 2024 as well; visit ends Fri 29 Dec 2023, New Year's Day
    # is a bank holiday, so the email is due Wed 3 Jan.
    closed = WorkingDayCalendar([d("2024-01-02")])
    assert serious_concerns(d("2023-12-29"), closed).dcs_email_due == d("2024-01-03")


# --- SCH-9: the monitoring visit within 6 to 8 weeks --------------------------------------------------


def test_sch9_monitoring_visit_6_to_8_weeks_after_an_ordinary_visit(calendar: WorkingDayCalendar) -> None:
    # Visit ends Tue 16 Jan 2024: + 6 weeks Tue 27 Feb, + 8 weeks Tue 12 Mar; both working days.
    assert serious_concerns(d("2024-01-16"), calendar).as_dict() == {
        "case_review_due": "2024-01-23",
        "dcs_email_due": "2024-01-17",
        "monitoring_visit": {"earliest": "2024-02-27", "latest": "2024-03-12", "rule": "SCH-9"},
    }


def test_sch9_earliest_on_christmas_day_moves_forward(calendar: WorkingDayCalendar) -> None:
    # Visit ends Mon 13 Nov 2023: + 6 weeks is Mon 25 Dec; Boxing Day too; so Wed 27 Dec.
    # + 8 weeks is Mon 8 Jan 2024, a working day.
    window = serious_concerns(d("2023-11-13"), calendar).monitoring_visit
    assert (window.earliest, window.latest) == (d("2023-12-27"), d("2024-01-08"))


def test_sch9_earliest_on_the_jubilee_moves_forward_past_both_days(calendar: WorkingDayCalendar) -> None:
    # Visit ends Thu 21 Apr 2022: + 6 weeks is Thu 2 June (Jubilee), Fri 3 June too, then the weekend:
    # Mon 6 June. + 8 weeks is Thu 16 June.
    window = serious_concerns(d("2022-04-21"), calendar).monitoring_visit
    assert (window.earliest, window.latest) == (d("2022-06-06"), d("2022-06-16"))


def test_sch9_earliest_on_the_coronation_moves_forward(calendar: WorkingDayCalendar) -> None:
    # Visit ends Mon 27 Mar 2023: + 6 weeks is Mon 8 May 2023 (Coronation): Tue 9 May. + 8 weeks Mon 22 May.
    window = serious_concerns(d("2023-03-27"), calendar).monitoring_visit
    assert (window.earliest, window.latest) == (d("2023-05-09"), d("2023-05-22"))


def test_sch9_latest_on_easter_monday_moves_back_past_good_friday(calendar: WorkingDayCalendar) -> None:
    # Visit ends Mon 5 Feb 2024: + 6 weeks Mon 18 Mar. + 8 weeks is Mon 1 Apr (Easter Monday); back over
    # the weekend and Good Friday 29 Mar: Thu 28 Mar.
    window = serious_concerns(d("2024-02-05"), calendar).monitoring_visit
    assert (window.earliest, window.latest) == (d("2024-03-18"), d("2024-03-28"))


def test_sch9_latest_on_the_state_funeral_moves_back(calendar: WorkingDayCalendar) -> None:
    # Visit ends Mon 25 July 2022: + 6 weeks Mon 5 Sept. + 8 weeks is Mon 19 Sept 2022 (State Funeral);
    # back over the weekend: Fri 16 Sept.
    window = serious_concerns(d("2022-07-25"), calendar).monitoring_visit
    assert (window.earliest, window.latest) == (d("2022-09-05"), d("2022-09-16"))


_working_days = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 12, 31))


@given(_working_days)
def test_sch9_the_window_always_lies_on_working_days_within_6_to_8_weeks(end: date) -> None:
    calendar = WorkingDayCalendar()
    assume(calendar.is_working_day(end))
    window = serious_concerns(end, calendar).monitoring_visit
    assert end + timedelta(weeks=6) <= window.earliest <= window.latest <= end + timedelta(weeks=8)
    assert calendar.is_working_day(window.earliest) and calendar.is_working_day(window.latest)


def test_sch9_previous_working_day(calendar: WorkingDayCalendar) -> None:
    assert previous_working_day(d("2022-12-27"), calendar) == d("2022-12-23")  # Christmas 2022 moved
    assert previous_working_day(d("2022-12-23"), calendar) == d("2022-12-23")


# --- ENF-2 and SCH-2: an inadequate SCCIF full inspection ---------------------------------------------


def test_enf2_sch2_inadequate_over_easter(calendar: WorkingDayCalendar) -> None:
    # Inspection ends Wed 27 Mar 2024: Thu 28 (1), Good Friday, weekend, Easter Monday, Tue 2 Apr (2),
    # Wed 3 (3), Thu 4 (4), Fri 5 (5). Reinspection 6 to 12 months after: 27 Sept 2024 to 27 Mar 2025.
    assert inadequate(d("2024-03-27"), calendar).as_dict() == {
        "case_review_due": "2024-04-05",
        "reinspection": {"earliest": "2024-09-27", "latest": "2025-03-27", "rule": "SCH-2"},
    }


def test_enf2_sch2_inadequate_at_the_end_of_august_clamps_to_february(calendar: WorkingDayCalendar) -> None:
    # Inspection ends Thu 31 Aug 2023: Fri 1 Sept (1), Mon 4 (2) to Thu 7 (5). 31 Aug + 6 months is
    # 29 Feb 2024 (a leap year), as SCH-2 is computed for the due list.
    assert inadequate(d("2023-08-31"), calendar).as_dict() == {
        "case_review_due": "2023-09-07",
        "reinspection": {"earliest": "2024-02-29", "latest": "2024-08-31", "rule": "SCH-2"},
    }


def test_enf2_case_review_over_the_coronation(calendar: WorkingDayCalendar) -> None:
    # Inspection ends Thu 4 May 2023: Fri 5 (1), Coronation Mon 8 May, Tue 9 (2) to Fri 12 (5).
    assert inadequate(d("2023-05-04"), calendar).case_review_due == d("2023-05-12")


# --- CAL-4: the last day must be a working day --------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "why"),
    [
        ("2023-12-25", "Christmas Day"),
        ("2024-03-29", "Good Friday"),
        ("2022-06-03", "Platinum Jubilee"),
        ("2022-09-19", "State Funeral"),
        ("2023-05-08", "Coronation"),
        ("2024-01-13", "Saturday"),
    ],
)
@pytest.mark.parametrize("steps", [serious_concerns, inadequate])
def test_cal4_the_last_day_must_be_a_working_day(
    calendar: WorkingDayCalendar, steps: Callable[[date, WorkingDayCalendar], object], end: str, why: str
) -> None:
    with pytest.raises(RuleViolation) as caught:
        steps(d(end), calendar)
    assert (caught.value.rule, caught.value.field) == ("CAL-4", "end")
    assert why in caught.value.message and end in caught.value.message
