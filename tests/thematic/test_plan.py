"""THM-4, KND-2, NTC-2, INF-1: the plan's weeks, teams and dates over real bank holidays in England.

Every expected date below is counted by hand in the comment beside it. Working days back from the start
(CAL-3): the notice is the 5th; the information is due at 16:00 London time on the next working day after
the notice (INF-1), +01:00 in British Summer Time (to 29 Oct 2023; from 31 Mar 2024) and +00:00 outside.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.thematic.plan import plan_visits
from careinspect.rules.thematic.weeks import fieldwork_in_week, fieldwork_weeks
from careinspect.rules.thematic.window import ProgrammeWindow
from tests.conftest import d


def _plan(
    calendar: WorkingDayCalendar, first: str, last: str, raas: int, teams: int = 1
) -> list[dict[str, str | int]]:
    urns = [f"RA{n}" for n in range(1, raas + 1)]
    return [v.as_dict() for v in plan_visits(urns, teams, ProgrammeWindow(d(first), d(last)), calendar)]


def _visit(urn: str, team: int, notice: str, due: str, start: str, end: str) -> dict[str, str | int]:
    return {"urn": urn, "team": team, "notice": notice, "information_due": due, "start": start, "end": end}


def test_thm4_ntc2_inf1_the_2023_programme_six_raas_three_teams(calendar: WorkingDayCalendar) -> None:
    # Window 30 Oct to 7 Dec 2023 (seed 001 Annex): six Monday-to-Thursday weeks, one RAA each, teams in turn.
    # Each notice is the Monday before (Fri, Thu, Wed, Tue, Mon: 5 working days back, no holidays); the
    # information is due the Tuesday after it: 24 Oct is still BST (+01:00; BST ended Sun 29 Oct), the
    # rest GMT (+00:00). The fifth week (27 Nov) starts on the Monday; the Annex gives Family Adoption
    # Links Tuesday 28 to Thursday 30, for a reason it does not say.
    assert _plan(calendar, "2023-10-30", "2023-12-07", 6, teams=3) == [
        _visit("RA1", 1, "2023-10-23", "2023-10-24T16:00:00+01:00", "2023-10-30", "2023-11-02"),
        _visit("RA2", 2, "2023-10-30", "2023-10-31T16:00:00+00:00", "2023-11-06", "2023-11-09"),
        _visit("RA3", 3, "2023-11-06", "2023-11-07T16:00:00+00:00", "2023-11-13", "2023-11-16"),
        _visit("RA4", 1, "2023-11-13", "2023-11-14T16:00:00+00:00", "2023-11-20", "2023-11-23"),
        _visit("RA5", 2, "2023-11-20", "2023-11-21T16:00:00+00:00", "2023-11-27", "2023-11-30"),
        _visit("RA6", 3, "2023-11-27", "2023-11-28T16:00:00+00:00", "2023-12-04", "2023-12-07"),
    ]


def test_ntc2_inf1_coronation_week_starts_tuesday_and_the_notice_moves_back(
    calendar: WorkingDayCalendar,
) -> None:
    # Bank holidays Mon 1 May (early May) and Mon 8 May 2023 (the Coronation).
    # Week of 1 May: Tue 2 to Thu 4. Notice: back from Tue 2 May, Mon 1 (holiday), Fri 28 Apr 1, Thu 27 2,
    #   Wed 26 3, Tue 25 4, Mon 24 5 -> Mon 24 Apr; information Tue 25 Apr 16:00 BST.
    # Week of 8 May: Tue 9 to Thu 11. Notice: back from Tue 9, Mon 8 (holiday), Fri 5 1, Thu 4 2, Wed 3 3,
    #   Tue 2 4, Mon 1 (holiday), Fri 28 Apr 5 -> Fri 28 Apr; information the next working day, Mon 1 May
    #   being a holiday -> Tue 2 May 16:00 BST.
    # Week of 15 May: Mon 15 to Thu 18. Notice: Fri 12 1, Thu 11 2, Wed 10 3, Tue 9 4, Mon 8 (holiday),
    #   Fri 5 5 -> Fri 5 May; information the next working day, Mon 8 a holiday -> Tue 9 May 16:00 BST.
    assert _plan(calendar, "2023-05-01", "2023-05-19", 3) == [
        _visit("RA1", 1, "2023-04-24", "2023-04-25T16:00:00+01:00", "2023-05-02", "2023-05-04"),
        _visit("RA2", 1, "2023-04-28", "2023-05-02T16:00:00+01:00", "2023-05-09", "2023-05-11"),
        _visit("RA3", 1, "2023-05-05", "2023-05-09T16:00:00+01:00", "2023-05-15", "2023-05-18"),
    ]


def test_thm4_ntc2_inf1_christmas_2023_week_is_too_short_and_new_year_starts_tuesday(
    calendar: WorkingDayCalendar,
) -> None:
    # Mon 25 and Tue 26 Dec 2023 are bank holidays, so that week has only Wed 27 and Thu 28: 2 days, fewer
    # than the policy's 3, so it is skipped. Mon 1 Jan 2024 is a bank holiday: that week is Tue 2 to Thu 4.
    # Week of 18 Dec: notice Mon 11 Dec; information Tue 12 Dec 16:00 GMT.
    # Week of 1 Jan: back from Tue 2 Jan, Mon 1 (holiday), Fri 29 Dec 1, Thu 28 2, Wed 27 3, Tue 26 and
    #   Mon 25 (holidays), Fri 22 4, Thu 21 5 -> Thu 21 Dec; information Fri 22 Dec 16:00 GMT.
    # Week of 8 Jan: back from Mon 8, Fri 5 1, Thu 4 2, Wed 3 3, Tue 2 4, Mon 1 (holiday), Fri 29 Dec 5
    #   -> Fri 29 Dec; information the next working day, Mon 1 Jan a holiday -> Tue 2 Jan 16:00 GMT.
    assert _plan(calendar, "2023-12-18", "2024-01-12", 3) == [
        _visit("RA1", 1, "2023-12-11", "2023-12-12T16:00:00+00:00", "2023-12-18", "2023-12-21"),
        _visit("RA2", 1, "2023-12-21", "2023-12-22T16:00:00+00:00", "2024-01-02", "2024-01-04"),
        _visit("RA3", 1, "2023-12-29", "2024-01-02T16:00:00+00:00", "2024-01-08", "2024-01-11"),
    ]


def test_thm4_the_skipped_christmas_week_leaves_no_room_for_a_fourth(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(RuleViolation) as caught:
        _plan(calendar, "2023-12-18", "2024-01-12", 4)
    assert caught.value.rule == "THM-4"
    assert (
        "4 RAAs need 4 team-weeks" in caught.value.message
        and "3 usable weeks × 1 team = 3" in caught.value.message
    )


def test_ntc2_inf1_easter_2024_and_the_clocks_going_forward(calendar: WorkingDayCalendar) -> None:
    # Good Friday 29 Mar and Easter Monday 1 Apr 2024; BST began Sun 31 Mar 2024.
    # Week of 25 Mar: Mon 25 to Thu 28 (the Friday holiday is outside fieldwork). Notice Mon 18 Mar;
    #   information Tue 19 Mar 16:00 GMT.
    # Week of 1 Apr: Tue 2 to Thu 4. Notice: back from Tue 2, Mon 1 and Fri 29 (holidays), Thu 28 1, Wed 27 2,
    #   Tue 26 3, Mon 25 4, Fri 22 5 -> Fri 22 Mar; information Mon 25 Mar 16:00 GMT.
    # Week of 8 Apr: Mon 8 to Thu 11. Notice: Fri 5 1, Thu 4 2, Wed 3 3, Tue 2 4, Mon 1 and Fri 29 (holidays),
    #   Thu 28 Mar 5 -> Thu 28 Mar; information the next working day, over Easter -> Tue 2 Apr 16:00 BST.
    assert _plan(calendar, "2024-03-25", "2024-04-11", 3) == [
        _visit("RA1", 1, "2024-03-18", "2024-03-19T16:00:00+00:00", "2024-03-25", "2024-03-28"),
        _visit("RA2", 1, "2024-03-22", "2024-03-25T16:00:00+00:00", "2024-04-02", "2024-04-04"),
        _visit("RA3", 1, "2024-03-28", "2024-04-02T16:00:00+01:00", "2024-04-08", "2024-04-11"),
    ]


def test_ntc2_inf1_easter_monday_2025(calendar: WorkingDayCalendar) -> None:
    # Good Friday 18 Apr and Easter Monday 21 Apr 2025: that week is Tue 22 to Thu 24. Notice: back from
    # Tue 22, Mon 21 and Fri 18 (holidays), Thu 17 1, Wed 16 2, Tue 15 3, Mon 14 4, Fri 11 5 -> Fri 11 Apr;
    # information Mon 14 Apr 16:00 BST.
    assert _plan(calendar, "2025-04-21", "2025-04-25", 1) == [
        _visit("RA1", 1, "2025-04-11", "2025-04-14T16:00:00+01:00", "2025-04-22", "2025-04-24"),
    ]


def test_thm4_six_raas_spread_over_october_to_december(calendar: WorkingDayCalendar) -> None:
    # 1 Oct to 31 Dec 2023 holds 12 usable weeks, 2 Oct (index 0) to 18 Dec (index 11); Christmas week is
    # too short. The i-th of 6 aims at week (2i + 1) * 12 // 12 = 1, 3, 5, 7, 9, 11: 9 Oct, 23 Oct, 6 Nov,
    # 20 Nov, 4 Dec, 18 Dec.
    starts = [v["start"] for v in _plan(calendar, "2023-10-01", "2023-12-31", 6, teams=3)]
    assert starts == ["2023-10-09", "2023-10-23", "2023-11-06", "2023-11-20", "2023-12-04", "2023-12-18"]


def test_thm4_a_team_is_on_one_raa_a_week(calendar: WorkingDayCalendar) -> None:
    visits = _plan(calendar, "2023-10-01", "2023-12-31", 30, teams=3)
    assert len(visits) == 30
    assert max(Counter((v["start"], v["team"]) for v in visits).values()) == 1
    assert max(Counter(v["start"] for v in visits).values()) == 3
    assert Counter(v["team"] for v in visits) == {1: 10, 2: 10, 3: 10}


def test_knd2_fieldwork_is_monday_to_thursday_at_most_4_days(calendar: WorkingDayCalendar) -> None:
    normal = fieldwork_in_week(d("2023-11-13"), calendar, max_days=4)
    assert normal is not None and (normal.start, normal.end, normal.days) == (
        d("2023-11-13"),
        d("2023-11-16"),
        4,
    )
    short = fieldwork_in_week(d("2023-11-13"), calendar, max_days=2)
    assert short is not None and short.end == d("2023-11-14")
    christmas = fieldwork_in_week(d("2023-12-25"), calendar, max_days=4)
    assert christmas is not None and (christmas.start, christmas.end) == (d("2023-12-27"), d("2023-12-28"))


def test_thm4_a_closure_midweek_keeps_the_longest_run() -> None:
    # Closure on Wed 15 Nov 2023: Mon 13 to Tue 14 (2 days) beats Thu 16 (1 day).
    calendar = WorkingDayCalendar(extra_closure_days=[date(2023, 11, 15)])
    week = fieldwork_in_week(d("2023-11-13"), calendar, max_days=4)
    assert week is not None and (week.start, week.end) == (d("2023-11-13"), d("2023-11-14"))
    window = ProgrammeWindow(d("2023-11-13"), d("2023-11-24"))
    assert [w.monday for w in fieldwork_weeks(window, calendar, min_days=3, max_days=4)] == [d("2023-11-20")]


def test_thm4_a_week_must_lie_inside_the_window(calendar: WorkingDayCalendar) -> None:
    # Window Wed 1 to Wed 15 Nov 2023: the weeks of 30 Oct (starts before) and 13 Nov (ends after) are out.
    window = ProgrammeWindow(d("2023-11-01"), d("2023-11-15"))
    assert [w.start for w in fieldwork_weeks(window, calendar, min_days=3, max_days=4)] == [d("2023-11-06")]


def test_thm4_no_team_visits_an_raa_it_has_declared_links_with(calendar: WorkingDayCalendar) -> None:
    # RA1 would go to team 1 in turn, but team 1's inspector has a link with its LA 392.
    window = ProgrammeWindow(d("2023-10-30"), d("2023-12-07"))
    visits = plan_visits(
        ["RA1", "RA2", "RA3"],
        3,
        window,
        calendar,
        links={1: {"392"}},
        member_las={"RA1": {"390", "392"}, "RA2": {"304"}, "RA3": {"850"}},
    )
    assert next(v.team for v in visits if v.urn == "RA1") != 1
    with pytest.raises(
        RuleViolation, match=r"every team has an inspector with a declared link to a member LA of RA1"
    ):
        plan_visits(
            ["RA1"], 2, window, calendar, links={1: {"392"}, 2: {"390"}}, member_las={"RA1": {"390", "392"}}
        )


def test_thm4_links_that_leave_no_plan_name_the_rule(calendar: WorkingDayCalendar) -> None:
    # One week, two teams, two RAAs: both RAAs can only go to team 2, which takes one RAA a week.
    window = ProgrammeWindow(d("2023-11-06"), d("2023-11-10"))
    members = {"RA1": {"390"}, "RA2": {"391"}}
    with pytest.raises(RuleViolation) as caught:
        plan_visits(["RA1", "RA2"], 2, window, calendar, links={1: {"390", "391"}}, member_las=members)
    assert caught.value.rule == "THM-4"


@pytest.mark.parametrize(
    ("urns", "teams", "links", "words"),
    [
        ([], 1, {}, "give at least one RAA"),
        (["RA1", "RA1"], 1, {}, "RA1 is listed more than once"),
        (["RA1"], 0, {}, "0 teams cannot visit anyone"),
        (["RA1"], 2, {3: {"390"}}, "team 3 has declared links but the teams are numbered 1 to 2"),
        (["RA1"], 2, {1: {"390"}}, "the member LAs of RA1 are not known"),
    ],
)
def test_thm4_bad_plan_requests_are_refused(
    calendar: WorkingDayCalendar, urns: list[str], teams: int, links: dict[int, set[str]], words: str
) -> None:
    with pytest.raises(RuleViolation, match=words):
        plan_visits(urns, teams, ProgrammeWindow(d("2023-11-06"), d("2023-11-10")), calendar, links)
