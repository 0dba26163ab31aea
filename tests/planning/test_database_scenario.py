"""The planner's scenario from the database (issue 14 item 1): windows, priorities, regions, inspections
under way as locks, the SCH-6 history, leave and conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from careinspect.planning.services import PRIORITY, UNKNOWN_REGION, gather, scenario_from_database
from careinspect.registry.models import LocalAuthority, ProviderKind
from careinspect.rules.planning import Lock
from careinspect.rules.planning.timeline import Horizon
from tests.conftest import d
from tests.planning.records import (
    FIRST_ASA_START,
    TODAY,
    YEAR,
    agency,
    authority,
    conflict,
    inspection,
    inspector,
    leave,
    past,
    published,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden() -> LocalAuthority:
    return authority()


def test_windows_priorities_and_regions_come_from_the_due_list(camden: LocalAuthority) -> None:
    leeds = authority("383", "Leeds", "Yorkshire and the Humber")
    agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))  # SCH-2: 15 Apr to 15 Oct 2026
    agency("SC000002", la=leeds, last=("2025-06-10", "requires_improvement"))  # SCH-3
    agency("SC000003", la=camden, last=("2023-01-10", "good"))  # SCH-1: closed 31 March 2026
    agency("SC000004", kind=ProviderKind.IFA, registered="2025-12-01")  # SCH-4, no local authority
    agency("SC000005", single_individual=True, la=camden, last=("2023-01-11", "good"))  # overdue, 20 WD
    agency("RA000001", kind=ProviderKind.RAA, la=leeds)  # the thematic programme's: no window

    by_urn = scenario_from_database(YEAR.first, YEAR.last, TODAY).provider_by_urn

    assert set(by_urn) == {"SC000001", "SC000002", "SC000003", "SC000004", "SC000005"}
    inadequate = by_urn["SC000001"]
    # The window opens on 15 April, but notice (NTC-1) allows a first day from 17 April only.
    assert (inadequate.window_start, inadequate.window_end) == (FIRST_ASA_START, d("2026-10-15"))
    assert (inadequate.kind, inadequate.region, inadequate.days_on_site) == ("ASA", "London", 2)
    assert inadequate.priority == PRIORITY["SCH-2"] == 5
    improving = by_urn["SC000002"]
    assert (improving.window_start, improving.window_end) == (d("2026-06-10"), d("2026-12-10"))
    assert (improving.region, improving.priority) == ("Yorkshire and the Humber", 3)
    # Overdue: as soon as notice allows, to the horizon's end, before everything else.
    overdue = by_urn["SC000003"]
    assert (overdue.window_start, overdue.window_end) == (FIRST_ASA_START, YEAR.last)
    assert overdue.priority == PRIORITY["overdue"] > max(v for k, v in PRIORITY.items() if k != "overdue")
    # A single individual gets 20 working days' notice (NTC-1): 1 May 2026 is the first possible start.
    assert by_urn["SC000005"].window_start == d("2026-05-01")
    # An assurance visit is announced on its first day (NTC-4); its region is not known without an LA.
    first = by_urn["SC000004"]
    assert (first.kind, first.region, first.days_on_site) == ("IFA", UNKNOWN_REGION, 2)
    assert (first.window_start, first.priority) == (d("2026-07-01"), PRIORITY["SCH-4"])


def test_only_windows_in_the_horizon_or_overdue_are_planned(camden: LocalAuthority) -> None:
    agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))  # opens 15 April 2026
    agency("SC000002", la=camden, registered="2025-12-01")  # opens 1 July 2026
    agency("SC000003", la=camden, last=("2025-04-20", "inadequate"))  # closes 20 April 2026
    agency("SC000004", la=camden, last=("2023-01-10", "good"))  # closed 31 March 2026: overdue
    spring = Horizon(date(2026, 5, 1), date(2026, 6, 30))

    planned = scenario_from_database(spring.first, spring.last, TODAY).provider_by_urn

    # SC000002 opens after the horizon; SC000003 closes before it starts but is not overdue today, so it
    # belongs to an earlier plan.
    assert set(planned) == {"SC000001", "SC000004"}


def test_an_inspection_under_way_is_a_lock_with_its_real_dates_and_lead(camden: LocalAuthority) -> None:
    lead = inspector("lead")
    helper = inspector("helper")
    busy = agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))
    scheduled = inspection(busy, lead, "2026-05-12", "2026-05-13")
    before = agency("SC000002", la=camden, last=("2025-10-16", "inadequate"))
    inspection(before, lead, "2026-03-30", "2026-03-31", status="on_site")
    thematic = agency("RA000001", kind=ProviderKind.RAA, la=camden)
    raa = inspection(thematic, lead, "2026-06-01", "2026-06-04", kind="raa-thematic", status="notified")
    raa.team_members.create(inspector=helper)

    gathered = gather(YEAR, TODAY)
    scenario = gathered.scenario

    assert scenario.locks == (Lock("SC000001", "lead", d("2026-05-12"), f"{scheduled.reference} scheduled"),)
    assert gathered.inspection_of_lock == {"SC000001": scheduled}
    held = scenario.provider_by_urn["SC000001"]
    assert (held.window_start, held.window_end, held.days_on_site) == (d("2026-05-12"), d("2026-05-13"), 2)
    # Under way before the horizon: not planned again, and its days are not in it.
    assert "SC000002" not in scenario.provider_by_urn
    # The thematic inspection needs the RAA specialism the lead's profile lacks, so it is no lock: its
    # days are kept out of the whole team's diaries, and the plan notes it.
    team_days = {d("2026-06-01"), d("2026-06-02"), d("2026-06-03"), d("2026-06-04")}
    assert team_days <= scenario.inspector_by_id["helper"].leave
    assert team_days <= scenario.inspector_by_id["lead"].leave
    assert not {d("2026-05-12"), d("2026-05-13")} & scenario.inspector_by_id["lead"].leave
    assert "RA000001" not in scenario.provider_by_urn
    assert [n.split(" is fixed")[0] for n in gathered.notes] == [f"{raa.reference} of RA000001"]


def test_an_inspection_the_planner_cannot_hold_keeps_its_days_and_is_noted(camden: LocalAuthority) -> None:
    lead = inspector("lead", kinds="IFA")  # leads an ASA inspection without the specialism
    busy = agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))
    scheduled = inspection(busy, lead, "2026-05-12", "2026-05-13")

    gathered = gather(YEAR, TODAY)

    assert gathered.scenario.locks == ()
    assert "SC000001" not in gathered.scenario.provider_by_urn
    assert {d("2026-05-12"), d("2026-05-13")} <= gathered.scenario.inspector_by_id["lead"].leave
    [note] = gathered.notes
    assert note.startswith(f"{scheduled.reference} of SC000001 is fixed outside the plan: ")
    assert "needs the ASA specialism" in note


def test_sch6_history_is_the_published_leads_newest_first(camden: LocalAuthority) -> None:
    same = inspector("same")
    other = inspector("other")
    thrice = agency("SC000001", la=camden)
    for end in ("2016-05-10", "2019-06-12", "2022-07-14"):
        published(thrice, same, end)
    gap = agency("SC000002", la=camden)
    published(gap, same, "2016-05-11")
    past(gap, "2019-06-13")  # inspected, lead not known here: it breaks the run
    published(gap, same, "2022-07-15")
    mixed = agency("SC000003", la=camden)
    published(mixed, other, "2019-06-14")
    published(mixed, same, "2022-07-16")

    by_urn = scenario_from_database(YEAR.first, YEAR.last, TODAY).provider_by_urn

    assert by_urn["SC000001"].previous_inspectors == ("same", "same", "same")
    assert by_urn["SC000001"].sch6_barred("same") and not by_urn["SC000001"].sch6_barred("other")
    assert by_urn["SC000002"].previous_inspectors == ("same", "", "same")
    assert not by_urn["SC000002"].sch6_barred("same")
    assert by_urn["SC000003"].previous_inspectors == ("same", "other")


def test_inspectors_with_their_leave_and_conflicts(camden: LocalAuthority) -> None:
    hackney = authority("204", "Hackney", "London")
    linked = agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))
    agency("SC000002", la=hackney, last=("2025-10-15", "inadequate"))
    raa = agency(
        "RA000001", kind=ProviderKind.RAA, la=camden, registered_as_vaa=True, last=("2025-10-15", "good")
    )
    raa.member_las.set([camden, hackney])
    agency("SC000003", la=camden, last=("2025-10-15", "inadequate"))
    away = inspector("away", region="North East", kinds="ASA", days=2)
    leave(away, "2026-05-04", "2026-05-06")
    leave(away, "2027-03-30", "2027-04-09")  # runs past the horizon
    conflicted = inspector("conflicted", kinds="ASA,VAA")
    conflict(conflicted, provider=linked)
    conflict(conflicted, la=hackney)
    inspector("retired").__class__.objects.filter(username="retired").update(is_active=False)

    scenario = scenario_from_database(YEAR.first, YEAR.last, TODAY)

    assert set(scenario.inspector_by_id) == {"away", "conflicted"}
    first = scenario.inspector_by_id["away"]
    assert (first.region, first.kinds, first.days_per_week) == ("North East", frozenset({"ASA"}), 2)
    assert first.leave == {
        d("2026-05-04"),
        d("2026-05-05"),
        d("2026-05-06"),
        d("2027-03-30"),
        d("2027-03-31"),
    }
    # The agency itself; every agency based in Hackney; the RAA Hackney belongs to (planned as a VAA).
    assert scenario.inspector_by_id["conflicted"].conflicts == {"SC000001", "SC000002", "RA000001"}
    assert scenario.provider_by_urn["RA000001"].kind == "VAA"


def test_a_second_inspection_under_way_at_an_agency_keeps_its_days(camden: LocalAuthority) -> None:
    lead = inspector("lead")
    other = inspector("other")
    busy = agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))
    full = inspection(busy, lead, "2026-05-12", "2026-05-13")
    visit = inspection(busy, other, "2026-06-09", "2026-06-09", kind="monitoring")

    gathered = gather(YEAR, TODAY)

    assert [lock.urn for lock in gathered.scenario.locks] == ["SC000001"]
    assert gathered.inspection_of_lock == {"SC000001": full}
    assert d("2026-06-09") in gathered.scenario.inspector_by_id["other"].leave
    assert gathered.notes == [
        f"{visit.reference} of SC000001 (9 June 2026 to 9 June 2026) is fixed outside the plan"
    ]
