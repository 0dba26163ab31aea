"""THM-3: RAAs registered as VAAs, and RAAs whose partner LAs have an ILACS or SEND inspection inside the
programme window, are left out, each with the rule and a reason naming the LA, the kind and the date."""

from __future__ import annotations

from datetime import date

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.thematic.selection import exclusions, select
from careinspect.rules.thematic.window import ProgrammeWindow
from tests.thematic.builders import WINDOW_2023, raa


def test_thm3_raa_registered_as_vaa_is_excluded() -> None:
    (excluded,) = exclusions([raa("RA1", vaa=True), raa("RA2")], WINDOW_2023)
    assert excluded.urn == "RA1" and excluded.rule == "THM-3"
    assert excluded.reason == "registered as a voluntary adoption agency, so inspected under the SCCIF"


def test_thm3_ilacs_inside_the_window_excludes_and_names_la_kind_and_date() -> None:
    inside = raa("RA1", inspections=(("ILACS", "2023-11-14"),))
    (excluded,) = exclusions([inside], WINDOW_2023)
    la = inside.member_las[0]
    assert excluded.reason == (
        f"partner LA {la} has an ILACS inspection on 2023-11-14, inside the programme window "
        "(2023-10-01 to 2023-12-31)"
    )


@pytest.mark.parametrize("day", ["2023-09-29", "2024-01-02", "2023-06-12"])
def test_thm3_ilacs_outside_the_window_is_kept(day: str) -> None:
    assert exclusions([raa("RA1", inspections=(("ILACS", day),))], WINDOW_2023) == []


@pytest.mark.parametrize("day", ["2023-10-02", "2023-12-29"])
def test_thm3_send_inspection_inside_the_window_excludes_up_to_its_edges(day: str) -> None:
    (excluded,) = exclusions([raa("RA1", inspections=(("SEND", day),))], WINDOW_2023)
    assert f"a SEND inspection on {day}" in excluded.reason


def test_thm3_every_reason_of_one_raa_in_one_entry() -> None:
    both = raa("RA1", vaa=True, inspections=(("SEND", "2023-12-05"), ("ILACS", "2023-10-10")))
    (excluded,) = exclusions([both], WINDOW_2023)
    first, second, third = excluded.reason.split("; ")
    assert first.startswith("registered as a voluntary adoption agency")
    assert "ILACS inspection on 2023-10-10" in second  # in date order
    assert "SEND inspection on 2023-12-05" in third


def test_thm3_selection_never_takes_an_excluded_raa_and_lists_it() -> None:
    pool = [
        raa("RA1", region="London", vaa=True),
        raa("RA2", region="South West", inspections=(("ILACS", "2023-11-01"),)),
        raa("RA3", region="North East"),
        raa("RA4", region="North West"),
    ]
    chosen = select(pool, 2, WINDOW_2023)
    assert chosen.selected == ("RA3", "RA4")
    assert [(e.urn, e.rule) for e in chosen.excluded] == [("RA1", "THM-3"), ("RA2", "THM-3")]


def test_thm3_asking_for_more_than_are_eligible_names_the_rule() -> None:
    pool = [raa("RA1", vaa=True), raa("RA2"), raa("RA3")]
    with pytest.raises(RuleViolation) as caught:
        select(pool, 3, WINDOW_2023)
    assert (caught.value.rule, caught.value.field) == ("THM-3", "size")
    assert "only 2 of the 3 candidates are eligible" in caught.value.message


def test_thm3_a_manager_cannot_force_in_an_excluded_raa() -> None:
    pool = [raa("RA1", vaa=True), raa("RA2"), raa("RA3")]
    with pytest.raises(RuleViolation, match=r"RA1 cannot be chosen: registered as a voluntary") as caught:
        select(pool, 1, WINDOW_2023, forced_in={"RA1"})
    assert caught.value.rule == "THM-3"


def test_thm3_window_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(RuleViolation, match="before the window's start") as caught:
        ProgrammeWindow(date(2023, 12, 31), date(2023, 10, 1))
    assert caught.value.field == "window_end"
