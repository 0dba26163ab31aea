"""Notice, information and report deadlines: RULES NTC-1, NTC-2, NTC-4, INF-1, INF-2, INF-3, RPT-3, RPT-4."""

from __future__ import annotations

from datetime import date

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.policy import Policy
from careinspect.rules.timelines import compute_timeline
from tests.conftest import d


def nth_working_day(calendar: WorkingDayCalendar, day1: date, n: int) -> date:
    """Day n of the guidance's Annex table, day 1 being the inspector's preparation day."""
    return calendar.add_working_days(day1, n - 1)


def test_rpt3_worked_example_day_4_to_22_27_34_39(calendar: WorkingDayCalendar, policy: Policy) -> None:
    # Day 1 preparation Monday 4 Sept 2023; on site days 2 to 4 (Tue 5 to Thu 7 Sept).
    day1 = d("2023-09-04")
    t = compute_timeline(
        "asa-full",
        nth_working_day(calendar, day1, 2),
        nth_working_day(calendar, day1, 4),
        calendar=calendar,
        policy=policy,
    )
    assert t.get("draft_report_due").day == nth_working_day(calendar, day1, 22)
    assert t.get("provider_comments_due").day == nth_working_day(calendar, day1, 27)
    assert t.get("final_report_due").day == nth_working_day(calendar, day1, 34)
    assert t.get("publication_due").day == nth_working_day(calendar, day1, 39)
    assert t.get("publication_due").rule == "RPT-3"


def test_rpt3_worked_example_across_christmas_and_new_year(
    calendar: WorkingDayCalendar, policy: Policy
) -> None:
    t = compute_timeline("asa-full", d("2023-12-12"), d("2023-12-14"), calendar=calendar, policy=policy)
    # Counted by hand from Thu 14 Dec 2023, skipping 25, 26 Dec and 1 Jan: 18 WD is Fri 12 Jan.
    assert t.as_dict() == {
        "notice": "2023-11-28",
        "information_due": "2023-12-05",
        "draft_report_due": "2024-01-12",
        "provider_comments_due": "2024-01-19",
        "final_report_due": "2024-01-30",
        "publication_due": "2024-02-06",
    }


def test_ntc1_asa_notice_10_working_days_before(calendar: WorkingDayCalendar, policy: Policy) -> None:
    # First on-site day Tue 9 Jan 2024: back over New Year's Day, Christmas and Boxing Day.
    t = compute_timeline("asa-full", d("2024-01-09"), d("2024-01-11"), calendar=calendar, policy=policy)
    assert t.get("notice").day == d("2023-12-21")
    assert t.get("notice").rule == "NTC-1"


def test_ntc1_single_individual_gets_20_working_days(calendar: WorkingDayCalendar, policy: Policy) -> None:
    t = compute_timeline(
        "asa-full", d("2022-06-21"), d("2022-06-22"), calendar=calendar, policy=policy, single_individual=True
    )
    # 20 WD back from Tue 21 June 2022 skips the Jubilee holidays on 2 and 3 June.
    assert t.get("notice").day == d("2022-05-20")
    assert calendar.working_days_between(t.get("notice").day, d("2022-06-21")) == 20


def test_ntc1_single_individual_applies_only_to_asa(calendar: WorkingDayCalendar, policy: Policy) -> None:
    with pytest.raises(RuleViolation) as err:
        compute_timeline(
            "raa-thematic",
            d("2023-10-30"),
            d("2023-11-02"),
            calendar=calendar,
            policy=policy,
            single_individual=True,
        )
    assert err.value.rule == "NTC-1"


def test_inf2_asa_information_due_is_the_policy_default_after_notice(
    calendar: WorkingDayCalendar, policy: Policy
) -> None:
    t = compute_timeline("asa-full", d("2024-01-09"), d("2024-01-11"), calendar=calendar, policy=policy)
    assert t.get("information_due").day == calendar.add_working_days(
        d("2023-12-21"), policy.asa_information_working_days_after_notice
    )
    later = policy.with_overrides({"asa_information_working_days_after_notice": 8})
    t8 = compute_timeline("asa-full", d("2024-01-09"), d("2024-01-11"), calendar=calendar, policy=later)
    assert t8.get("information_due").day == d("2024-01-05")


def test_ntc2_inf1_raa_notice_monday_and_information_by_4pm_next_working_day(
    calendar: WorkingDayCalendar, policy: Policy
) -> None:
    # Adopt North East's fieldwork began Monday 30 Oct 2023 (seed 001, Annex).
    t = compute_timeline("raa-thematic", d("2023-10-30"), d("2023-11-02"), calendar=calendar, policy=policy)
    assert t.as_dict() == {"notice": "2023-10-23", "information_due": "2023-10-24T16:00:00+01:00"}
    assert t.get("notice").rule == "NTC-2"
    assert t.get("information_due").rule == "INF-1"


def test_inf1_next_working_day_skips_a_bank_holiday(calendar: WorkingDayCalendar, policy: Policy) -> None:
    # Announced Friday 26 May 2023; Monday 29 May is the spring bank holiday: due Tuesday 30 May at 4pm.
    t = compute_timeline("raa-thematic", d("2023-06-05"), d("2023-06-08"), calendar=calendar, policy=policy)
    assert t.get("notice").day == d("2023-05-26")
    assert t.as_dict()["information_due"] == "2023-05-30T16:00:00+01:00"


def test_ntc4_inf3_rpt4_ifa_assurance_visit(calendar: WorkingDayCalendar, policy: Policy) -> None:
    t = compute_timeline("ifa-assurance", d("2024-03-25"), d("2024-03-26"), calendar=calendar, policy=policy)
    assert t.as_dict() == {
        "notice": "2024-03-25",  # NTC-4: announced by a call on day 1
        "information_due": "2024-03-25T12:00:00+00:00",  # INF-3: 12pm on day 1 (GMT before the clocks change)
        "draft_report_due": "2024-04-23",  # 18 WD, Good Friday and Easter Monday skipped
        "provider_comments_due": "2024-04-30",
        "final_report_due": "2024-05-10",  # 30 WD, the May Day bank holiday skipped
        "publication_due": "2024-05-22",  # 38 WD after the end of the visit
        "complaint_due": "2024-05-17",  # 5 WD after the final report
    }
    assert t.get("publication_due").rule == "RPT-4"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2023-12-25", "2023-12-27", "start"),
        ("2023-12-21", "2023-12-23", "end"),
        ("2023-05-08", "2023-05-09", "start"),
    ],
)
def test_cal4_inspection_days_must_be_working_days(
    calendar: WorkingDayCalendar, policy: Policy, start: str, end: str, field: str
) -> None:
    with pytest.raises(RuleViolation) as err:
        compute_timeline("asa-full", d(start), d(end), calendar=calendar, policy=policy)
    assert (err.value.rule, err.value.field) == ("CAL-4", field)


def test_end_before_start_is_refused(calendar: WorkingDayCalendar, policy: Policy) -> None:
    with pytest.raises(RuleViolation) as err:
        compute_timeline("asa-full", d("2024-01-10"), d("2024-01-09"), calendar=calendar, policy=policy)
    assert err.value.field == "end"


def test_unknown_kind_is_refused(calendar: WorkingDayCalendar, policy: Policy) -> None:
    with pytest.raises(RuleViolation, match="not a kind of inspection"):
        compute_timeline("ofsted", d("2024-01-09"), d("2024-01-10"), calendar=calendar, policy=policy)
