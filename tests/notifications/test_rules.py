"""The pure rules of what agencies tell the regulator: NOT-1 completeness, NOT-2 years, NOT-3 lateness over
real dates, and the JDG-5 and JDG-6 facts the notices give."""

from __future__ import annotations

from datetime import timedelta

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.notifications import (
    ManagerNoticeFacts,
    ManagerNoticeKind,
    check_required_fields,
    load_settings,
    manager_weeks_from_notices,
    nms25_latest_due,
    nms25_next_due,
    nms25_required,
    nms25_year_ending,
    not1_missing_fields,
    not3_is_late,
    not3_notice_due,
    one_month_before,
    parse_settings,
)
from tests.conftest import d


@pytest.mark.parametrize("event", load_settings().event_types, ids=lambda e: e.code)
def test_not1_each_seeded_type_is_complete_only_with_all_its_required_fields(event) -> None:
    everything = {
        "occurred_on": d("2026-11-20"),
        "details": "A fell and broke an arm at a contact session.",
        "person_ref": "AB-1234",
        "action_taken": "Taken to hospital; the family was told.",
        "others_informed": "The local authority's designated officer.",
    }
    assert not1_missing_fields(event.required, everything) == []
    for name in event.required:
        assert not1_missing_fields(event.required, {**everything, name: "   "}) == [name]
        assert not1_missing_fields(event.required, {**everything, name: None}) == [name]
    # A field the type does not ask for may be empty.
    for name in set(everything) - set(event.required):
        assert not1_missing_fields(event.required, {**everything, name: ""}) == []


def test_not1_a_death_needs_who_was_told_but_any_other_serious_event_does_not() -> None:
    types = {e.code: e for e in load_settings().event_types}
    given = {"occurred_on": d("2026-11-20"), "details": "What happened."}
    assert not1_missing_fields(types["other_serious"].required, given) == []
    assert not1_missing_fields(types["death"].required, given) == [
        "person_ref",
        "action_taken",
        "others_informed",
    ]


def test_not1_required_fields_must_be_fields_of_a_notification() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_required_fields(["details", "colour"])
    assert refused.value.rule == "NOT-1" and "colour" in refused.value.message
    with pytest.raises(RuleViolation):
        parse_settings(
            {
                "review_within_working_days": 3,
                "nms25_due_month": 2,
                "nms25_due_day": 30,  # 30 February
                "nms25_provider_kinds": ["ASA"],
                "event_types": [],
            }
        )


def test_not2_the_year_runs_1_april_to_31_march_and_is_due_on_the_regulators_day() -> None:
    year = nms25_year_ending(2026)
    assert (year.first, year.last, year.due) == (d("2025-04-01"), d("2026-03-31"), d("2026-06-30"))
    assert year.label == "2025 to 2026"
    # The latest year due before a day, and the next one due.
    assert nms25_latest_due(d("2026-06-30")).last == d("2025-03-31")  # due that very day: not yet missing
    assert nms25_latest_due(d("2026-07-01")).last == d("2026-03-31")
    assert nms25_next_due(d("2026-06-30")).last == d("2026-03-31")
    assert nms25_next_due(d("2026-07-01")).last == d("2027-03-31")


def test_not2_not_asked_of_individual_providers_nor_of_agencies_registered_after_the_year() -> None:
    year = nms25_year_ending(2026)
    asked = dict(kind="ASA", single_individual=False, registration_date=d("2019-04-01"), year=year)
    assert nms25_required(**asked)
    assert not nms25_required(**{**asked, "single_individual": True})
    assert not nms25_required(**{**asked, "kind": "RAA"})
    assert nms25_required(**{**asked, "registration_date": d("2026-03-31")})
    assert not nms25_required(**{**asked, "registration_date": d("2026-04-01")})


@pytest.mark.parametrize(
    ("starts", "due"),
    [
        ("2027-01-25", "2026-12-25"),  # due on Christmas Day: calendar days, bank holidays do not move it
        ("2027-03-31", "2027-02-28"),  # no 31 February
        ("2028-03-30", "2028-02-29"),  # a leap year
        ("2027-01-15", "2026-12-15"),  # across the new year
    ],
)
def test_not3_known_absence_needs_notice_at_least_one_month_before(starts: str, due: str) -> None:
    assert not3_notice_due(d(starts), emergency=False) == d(due)
    assert one_month_before(d(starts)) == d(due)
    assert not not3_is_late(d(starts), emergency=False, given_on=d(due))
    assert not3_is_late(d(starts), emergency=False, given_on=d(due) + timedelta(days=1))


def test_not3_emergency_notice_is_due_within_a_week_of_the_28th_day(calendar: WorkingDayCalendar) -> None:
    # Absent from Monday 1 December 2026: day 28 is Monday 28 December (a bank holiday, the substitute for
    # Boxing Day); a week later is Monday 4 January 2027. Counted by hand: 1 + 27 = 28, 28 + 7 = 4 January.
    assert calendar.bank_holiday_name(d("2026-12-28"))
    due = not3_notice_due(d("2026-12-01"), emergency=True)
    assert due == d("2027-01-04")
    assert not not3_is_late(d("2026-12-01"), emergency=True, given_on=d("2027-01-04"))
    assert not3_is_late(d("2026-12-01"), emergency=True, given_on=d("2027-01-05"))
    # Telling us early is never late.
    assert not not3_is_late(d("2026-12-01"), emergency=True, given_on=d("2026-12-02"))


def test_not3_a_known_absence_told_a_week_before_is_late_but_an_emergency_one_is_not() -> None:
    starts, told = d("2027-04-05"), d("2027-03-29")  # Easter Monday 2027 is 29 March
    assert not3_is_late(starts, emergency=False, given_on=told)
    assert not not3_is_late(starts, emergency=True, given_on=told)


def _n(kind: ManagerNoticeKind, starts: str, applied: str | None = None) -> ManagerNoticeFacts:
    return ManagerNoticeFacts(kind, d(starts), d(starts), d(applied) if applied else None)


def test_jdg5_the_vacancy_weeks_come_from_the_leaving_notice() -> None:
    notices = [_n(ManagerNoticeKind.LEAVING, "2026-05-01")]
    weeks = manager_weeks_from_notices(notices, d("2026-11-06"))  # 189 days = 27 weeks
    assert weeks.manager_vacancy_weeks == 27.0
    assert weeks.unregistered_manager_weeks is None
    # An absence is not a vacancy; nothing is known before the notice takes effect.
    assert (
        manager_weeks_from_notices(
            [_n(ManagerNoticeKind.ABSENCE, "2026-05-01")], d("2026-11-06")
        ).manager_vacancy_weeks
        is None
    )
    assert manager_weeks_from_notices(notices, d("2026-04-30")).manager_vacancy_weeks is None


def test_jdg6_a_new_manager_who_has_not_applied_to_register_counts_weeks_in_post() -> None:
    notices = [_n(ManagerNoticeKind.LEAVING, "2026-01-05"), _n(ManagerNoticeKind.APPOINTED, "2026-06-01")]
    weeks = manager_weeks_from_notices(notices, d("2026-09-07"))  # 98 days = 14 weeks
    assert weeks.manager_vacancy_weeks is None  # filled
    assert weeks.unregistered_manager_weeks == 14.0
    applied = [_n(ManagerNoticeKind.APPOINTED, "2026-06-01", applied="2026-07-01")]
    assert manager_weeks_from_notices(applied, d("2026-09-07")).unregistered_manager_weeks is None
    # Before the application day, the manager had not applied yet.
    assert manager_weeks_from_notices(applied, d("2026-06-29")).unregistered_manager_weeks == 4.0
