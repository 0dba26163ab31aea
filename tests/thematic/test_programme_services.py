"""The programme in the database (THM-2, THM-3, THM-4, KND-2, NTC-2, INF-1): candidates from the register
or a CSV file, the sample with its exclusions and coverage, a swap, the plan over real bank holidays, and
the announcement. Expected dates are counted by hand in the comments (CAL-3: the notice is the 5th working
day back from the first on-site day)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from careinspect.core.roles import INSPECTOR
from careinspect.inspections.services.lifecycle import log_notification_call
from careinspect.planning.models import Conflict
from careinspect.registry.models import LocalAuthority
from careinspect.rules.errors import RuleViolation
from careinspect.rules.thematic.generate import WINDOW_2023, candidates_csv, generate_candidates
from careinspect.rules.thematic.selection import select
from careinspect.thematic import services
from careinspect.thematic.models import ProgrammeStatus
from tests.people import _user
from tests.thematic.records import at, programme, registry_raa

pytestmark = pytest.mark.django_db


def test_thm3_exclusions_from_the_register_name_the_rule_and_reason(people: dict[str, User]) -> None:
    registry_raa("RA100001", las=("801", "802"), region="South West")
    registry_raa("RA100002", las=("803",), region="London", vaa=True)
    # A SEND inspection of a partner LA on 14 Nov 2023, inside the window 1 Oct to 31 Dec 2023.
    registry_raa(
        "RA100003", las=("804", "805"), region="North West", scheduled=(("805", "SEND", date(2023, 11, 14)),)
    )
    # One outside the window does not exclude.
    registry_raa(
        "RA100004", las=("806",), region="East of England", scheduled=(("806", "ILACS", date(2024, 2, 5)),)
    )
    p = programme(people["manager"], start=date(2023, 10, 1), end=date(2023, 12, 31), size=2)
    taken = services.take_candidates_from_register(p, by=people["manager"], now=at(date(2023, 9, 1)))
    assert taken.count == 4
    selection = services.select_sample(p, by=people["manager"], now=at(date(2023, 9, 1)))
    assert selection.selected == ("RA100001", "RA100004")
    excluded = {c.urn: c for c in p.candidates.exclude(excluded_rule="")}
    assert set(excluded) == {"RA100002", "RA100003"}
    assert excluded["RA100002"].excluded_rule == "THM-3"
    assert "registered as a voluntary adoption agency" in excluded["RA100002"].exclusion_reason
    assert "partner LA 805 has a SEND inspection on 2023-11-14" in excluded["RA100003"].exclusion_reason
    p.refresh_from_db()
    assert p.status == ProgrammeStatus.PLANNING
    assert p.coverage["region"] == {"East of England": 1, "South West": 1}
    assert all(c.reason for c in p.candidates.filter(selected=True))


def test_thm3_an_raa_missing_facts_is_left_out_saying_why(people: dict[str, User]) -> None:
    raa = registry_raa("RA100001", las=("801",))
    raa.raa_facts.delete()
    p = programme(people["manager"], start=date(2023, 10, 1), end=date(2023, 12, 31), size=1)
    taken = services.take_candidates_from_register(p, by=people["manager"], now=at(date(2023, 9, 1)))
    assert taken.count == 0
    assert taken.skipped[0][0] == "RA100001" and "operating model" in taken.skipped[0][1]


def test_thm2_generated_candidates_give_the_rules_sample_spread_over_regions(people: dict[str, User]) -> None:
    pool = generate_candidates(seed=3, count=30)
    p = programme(people["manager"], start=WINDOW_2023.start, end=WINDOW_2023.end, size=6)
    services.import_candidates(p, candidates_csv(pool), by=people["manager"], now=at(date(2023, 9, 1)))
    stored = services.select_sample(p, by=people["manager"], now=at(date(2023, 9, 1)))
    assert stored.as_dict() == select(pool, 6, WINDOW_2023).as_dict()
    chosen = list(p.candidates.filter(selected=True))
    assert len(chosen) == 6
    assert len({c.region for c in chosen}) == 6  # no region twice while others are uncovered
    # Every VAA and every RAA with a partner-LA inspection in the window is left out (THM-3).
    for raa in pool:
        in_window = any(WINDOW_2023.contains(i.day) for i in raa.la_inspections)
        stored_raa = p.candidates.get(urn=raa.urn)
        assert stored_raa.excluded == (raa.registered_as_vaa or in_window)
        assert not (stored_raa.excluded and stored_raa.selected)


def test_thm2_a_csv_fault_names_its_line_and_column_and_changes_nothing(people: dict[str, User]) -> None:
    p = programme(people["manager"], start=WINDOW_2023.start, end=WINDOW_2023.end, size=1)
    text = candidates_csv(generate_candidates(seed=1, count=9)).splitlines()
    broken = text[3].split(",")
    broken[4] = "2018-13-01"  # started
    text[3] = ",".join(broken)
    with pytest.raises(RuleViolation) as caught:
        services.import_candidates(p, "\n".join(text), by=people["manager"], now=at(date(2023, 9, 1)))
    assert caught.value.field == "candidates"
    assert caught.value.message.startswith("line 4, column started:")
    assert p.candidates.count() == 0


def _six_from_generated(manager: User) -> object:
    pool = generate_candidates(seed=3, count=30)
    p = programme(manager, start=WINDOW_2023.start, end=WINDOW_2023.end, size=6)
    services.import_candidates(p, candidates_csv(pool), by=manager, now=at(date(2023, 9, 1)))
    services.select_sample(p, by=manager, now=at(date(2023, 9, 1)))
    return p


def test_thm2_a_swap_changes_the_coverage_and_keeps_the_rest(people: dict[str, User]) -> None:
    p = _six_from_generated(people["manager"])
    before = set(p.candidates.filter(selected=True).values_list("urn", flat=True))
    out = sorted(before)[0]
    out_region = p.candidates.get(urn=out).region
    # An eligible RAA from a region already in the sample, so the region coverage must change.
    taken_regions = set(p.candidates.filter(selected=True).values_list("region", flat=True)) - {out_region}
    incoming = p.candidates.filter(selected=False, excluded_rule="", region__in=taken_regions).first()
    assert incoming is not None
    swap = services.swap_raa(
        p,
        out_urn=out,
        in_urn=incoming.urn,
        why="Closer to a team",
        by=people["manager"],
        now=at(date(2023, 9, 2)),
    )
    after = set(p.candidates.filter(selected=True).values_list("urn", flat=True))
    assert after == (before - {out}) | {incoming.urn}
    assert swap.coverage_before != swap.coverage_after
    assert swap.coverage_after["region"].get(out_region, 0) == swap.coverage_before["region"][out_region] - 1
    assert (
        swap.coverage_after["region"][incoming.region] == swap.coverage_before["region"][incoming.region] + 1
    )
    moved_in = p.candidates.get(urn=incoming.urn)
    assert moved_in.chosen_by_manager and moved_in.reason.startswith("Chosen by a manager")
    assert p.candidates.get(urn=out).swapped_out
    kept = p.candidates.filter(selected=True).exclude(urn=incoming.urn)
    assert not any(c.reason.startswith("Chosen by a manager") for c in kept)


def test_thm3_an_excluded_raa_cannot_be_swapped_in(people: dict[str, User]) -> None:
    p = _six_from_generated(people["manager"])
    excluded = p.candidates.exclude(excluded_rule="").first()
    chosen = p.candidates.filter(selected=True).first()
    with pytest.raises(RuleViolation) as caught:
        services.swap_raa(
            p, out_urn=chosen.urn, in_urn=excluded.urn, by=people["manager"], now=at(date(2023, 9, 2))
        )
    assert (caught.value.rule, caught.value.field) == ("THM-3", "in_urn")
    assert p.swaps.count() == 0
    assert p.candidates.get(urn=chosen.urn).selected


def _team(p: object, manager: User, team: int, *names: str) -> list[User]:
    inspectors = [_user(name, INSPECTOR) for name in names]
    services.set_team(p, team=team, inspectors=inspectors, by=manager, now=at(date(2026, 3, 2)))
    return inspectors


def test_thm4_ntc2_inf1_plan_over_easter_monday_2026(people: dict[str, User]) -> None:
    # Good Friday 3 Apr and Easter Monday 6 Apr 2026: the week of 6 Apr has fieldwork Tue 7 to Thu 9.
    # Notice (CAL-3): back from Tue 7, Mon 6 and Fri 3 are holidays, Thu 2 1, Wed 1 2, Tue 31 Mar 3,
    # Mon 30 Mar 4, Fri 27 Mar 5 -> Fri 27 Mar. Information by 4pm the next working day: Mon 30 Mar
    # (BST from Sun 29 Mar).
    registry_raa("RA100001", las=("801", "802"))
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    services.take_candidates_from_register(p, by=people["manager"], now=at(date(2026, 3, 2)))
    services.select_sample(p, by=people["manager"], now=at(date(2026, 3, 2)))
    lead, second = _team(p, people["manager"], 1, "lead-1", "second-1")
    [visit] = services.plan_programme(p, by=people["manager"], now=at(date(2026, 3, 2)))
    inspection = visit.inspection
    assert (inspection.start_date, inspection.end_date) == (date(2026, 4, 7), date(2026, 4, 9))
    assert inspection.notice_due == date(2026, 3, 27)
    assert inspection.information_due == date(2026, 3, 30)
    assert inspection.status == "scheduled" and inspection.kind == "raa-thematic"
    assert inspection.lead_inspector == lead
    assert [m.inspector for m in inspection.team_members.all()] == [second]
    p.refresh_from_db()
    assert p.status == ProgrammeStatus.FIELDWORK


def test_knd2_a_team_has_at_most_three_inspectors(people: dict[str, User]) -> None:
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    with pytest.raises(RuleViolation) as caught:
        _team(p, people["manager"], 1, "a1", "a2", "a3", "a4")
    assert caught.value.rule == "KND-2"
    assert p.inspectors.count() == 0


def test_thm4_no_team_with_a_declared_link_to_an_raas_las(people: dict[str, User]) -> None:
    registry_raa("RA100001", las=("801", "802"))
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1, teams=2)
    services.take_candidates_from_register(p, by=people["manager"], now=at(date(2026, 3, 2)))
    services.select_sample(p, by=people["manager"], now=at(date(2026, 3, 2)))
    [linked] = _team(p, people["manager"], 1, "linked-1")
    _team(p, people["manager"], 2, "free-2")
    # Team 1's inspector declared a link with LA 802; rotation alone would send team 1.
    Conflict.objects.create(
        inspector=linked, local_authority=LocalAuthority.objects.get(code="802"), reason="Worked there"
    )
    [visit] = services.plan_programme(p, by=people["manager"], now=at(date(2026, 3, 2)))
    assert visit.team == 2


def _planned(people: dict[str, User]) -> object:
    registry_raa("RA100001", las=("801", "802"))
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    services.take_candidates_from_register(p, by=people["manager"], now=at(date(2026, 3, 2)))
    services.select_sample(p, by=people["manager"], now=at(date(2026, 3, 2)))
    _team(p, people["manager"], 1, "lead-1")
    [visit] = services.plan_programme(p, by=people["manager"], now=at(date(2026, 3, 2)))
    return visit


def test_ntc2_announced_on_the_notice_day_with_the_inf1_requests(people: dict[str, User]) -> None:
    visit = _planned(people)
    with pytest.raises(RuleViolation) as caught:
        services.announce_visit(visit, by=people["manager"], now=at(date(2026, 3, 26)))
    assert caught.value.rule == "NTC-2"
    inspection = services.announce_visit(
        visit, by=people["manager"], now=at(date(2026, 3, 27)), notice_to="Deputy head"
    )
    assert inspection.status == "notified"
    assert inspection.notified_on == date(2026, 3, 27)
    assert inspection.information_due == date(2026, 3, 30)
    assert inspection.thematic.notice_to == "Deputy head"
    assert inspection.information_requests.exists()
    # Once announced, the plan and the sample are fixed.
    with pytest.raises(RuleViolation):
        services.plan_programme(visit.programme, by=people["manager"], now=at(date(2026, 3, 27)))


def test_ntc2_the_call_follows_the_letter_the_same_morning(people: dict[str, User]) -> None:
    visit = _planned(people)
    inspection = services.announce_visit(visit, by=people["manager"], now=at(date(2026, 3, 27)))
    with pytest.raises(RuleViolation) as caught:
        log_notification_call(
            inspection, by=people["manager"], at=at(date(2026, 3, 30), 10), note="Spoke to the leader"
        )
    assert (caught.value.rule, caught.value.field) == ("NTC-2", "at")
    done = log_notification_call(
        inspection, by=people["manager"], at=at(date(2026, 3, 27), 10), note="Spoke to the leader"
    )
    assert done.notification_call_at is not None


def test_only_a_manager_creates_selects_and_plans(people: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        programme(people["inspector"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    for who in ("inspector", "qa", "provider_a"):
        with pytest.raises(PermissionDenied):
            services.select_sample(p, by=people[who], now=at(date(2026, 3, 2)))
        with pytest.raises(PermissionDenied):
            services.plan_programme(p, by=people[who], now=at(date(2026, 3, 2)))
    assert p.candidates.count() == 0
