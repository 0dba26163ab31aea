"""The pure rules of enforcement: ENF-2, ENF-3, ENF-4, SCH-2, SCH-9 dates over Easter 2026 and SAF-1's order.

Counted by hand: the working days after Thu 2 Apr 2026 are Tue 7 (Good Friday 3 and Easter Monday 6 April
are bank holidays), Wed 8, Thu 9, Fri 10 and Mon 13 April.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from careinspect.rules import next_steps
from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.safeguarding import Told, saf1_provider_told_after_authorities, saf1_still_to_tell
from tests.conftest import d

LONDON = ZoneInfo("Europe/London")


def test_enf4_steps_after_a_visit_ending_before_easter(calendar: WorkingDayCalendar) -> None:
    steps = next_steps.serious_concerns(d("2026-04-02"), calendar)
    assert steps.case_review_due == d("2026-04-13")  # ENF-4: 5 WD
    assert steps.dcs_email_due == d("2026-04-07")  # ENF-4: end of the next working day, after Easter
    # SCH-9: 6 and 8 weeks on are Thu 14 May and Thu 28 May 2026, both working days.
    assert (steps.monitoring_visit.earliest, steps.monitoring_visit.latest) == (
        d("2026-05-14"),
        d("2026-05-28"),
    )


def test_enf2_case_review_due_in_five_working_days_over_christmas(calendar: WorkingDayCalendar) -> None:
    # Fri 19 Dec 2025: Mon 22 (1), Tue 23 (2), Wed 24 (3), [25, 26 Dec holidays], Mon 29 (4), Tue 30 (5).
    assert next_steps.inadequate(d("2025-12-19"), calendar).case_review_due == d("2025-12-30")


def test_enf3_the_call_follows_by_the_next_working_day(calendar: WorkingDayCalendar) -> None:
    assert next_steps.dcs_call_due(d("2026-04-02"), calendar) == d("2026-04-07")
    assert next_steps.dcs_call_due(d("2026-04-08"), calendar) == d("2026-04-09")


def test_sch9_a_monitoring_day_outside_its_window_is_refused(calendar: WorkingDayCalendar) -> None:
    window = next_steps.monitoring_visit_window(d("2026-04-02"), calendar)
    next_steps.monitoring_day_in_window(d("2026-05-20"), window)
    for day in (d("2026-05-13"), d("2026-05-29")):
        with pytest.raises(RuleViolation) as refused:
            next_steps.monitoring_day_in_window(day, window)
        assert (refused.value.rule, refused.value.field) == ("SCH-9", "day")


def _at(hour: int) -> datetime:
    return datetime(2026, 4, 1, hour, tzinfo=LONDON)


def test_saf1_authorities_first_when_telling_the_agency_puts_a_child_at_risk() -> None:
    with pytest.raises(RuleViolation) as refused:
        saf1_provider_told_after_authorities(
            "responsible_individual", _at(10), provider_first_risky=True, told=[]
        )
    assert refused.value.rule == "SAF-1"
    told = [Told("la_childrens_services", _at(11))]
    with pytest.raises(RuleViolation):  # told before the authority was: still the wrong order
        saf1_provider_told_after_authorities(
            "person_in_charge", _at(10), provider_first_risky=True, told=told
        )
    saf1_provider_told_after_authorities("person_in_charge", _at(12), provider_first_risky=True, told=told)
    # Without the risk, the agency is told first, as soon as possible.
    saf1_provider_told_after_authorities(
        "responsible_individual", _at(9), provider_first_risky=False, told=[]
    )


def test_saf1_who_must_be_told_before_closing() -> None:
    assert saf1_still_to_tell([], adults=False, about_staff=True, provider_first_risky=False) == [
        "responsible_individual",
        "la_childrens_services",
        "social_worker",
        "placing_la_dcs",
        "designated_officer",
    ]
    assert (
        saf1_still_to_tell(
            ["la_adults_services", "social_worker"], adults=True, about_staff=False, provider_first_risky=True
        )
        == []
    )
