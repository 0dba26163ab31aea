"""THM-2: a representative sample — regions spread, every value of every factor covered as far as the size
allows, shares close to the eligible RAAs' — with a reason per RAA, a coverage table, a seed that settles
ties the same way every time, and a manager's swap."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.thematic.candidates import CandidateRaa
from careinspect.rules.thematic.generate import generate_candidates
from careinspect.rules.thematic.sample_model import regions_level
from careinspect.rules.thematic.selection import Selection, exclusions, select
from tests.thematic.builders import WINDOW_2023, raa

GOOD, RI = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT


def _eligible(candidates: list[CandidateRaa]) -> list[CandidateRaa]:
    out = {e.urn for e in exclusions(candidates, WINDOW_2023)}
    return [c for c in candidates if c.urn not in out]


def _assert_regions_even(selection: Selection, eligible: list[CandidateRaa]) -> None:
    """No region has one more than another that still has eligible RAAs to give, plus one."""
    available = Counter(c.region for c in eligible)
    chosen = Counter(c.region for c in eligible if c.urn in selection.selected)
    for a in available:
        for b in available:
            if chosen[a] < available[a]:
                assert chosen[b] <= chosen[a] + 1, (a, b, chosen)


@pytest.mark.parametrize(
    ("available", "size", "level"), [([1, 1, 1], 2, 0), ([3, 3, 3], 4, 1), ([1, 5, 5], 9, 4)]
)
def test_thm2_regions_level_fills_evenly(available: list[int], size: int, level: int) -> None:
    # [1, 5, 5] to 9: 1 + 4 + 4 = 9, so level 4 (the first region has only 1 to give).
    assert regions_level(available, size) == level


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("size", [3, 6])
def test_thm2_no_region_twice_when_the_sample_is_no_bigger_than_the_regions(seed: int, size: int) -> None:
    candidates = generate_candidates(seed)
    selection = select(candidates, size, WINDOW_2023)
    assert len(selection.selected) == size
    assert max(selection.coverage["region"].values()) == 1
    assert sum(selection.coverage["region"].values()) == size


@pytest.mark.parametrize("seed", [1, 2])
def test_thm2_every_eligible_region_before_any_has_a_third(seed: int) -> None:
    candidates = generate_candidates(seed)
    eligible = _eligible(candidates)
    selection = select(candidates, 12, WINDOW_2023)
    assert all(count >= 1 for count in selection.coverage["region"].values())
    assert set(selection.coverage["region"]) == {c.region for c in eligible}
    _assert_regions_even(selection, eligible)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_thm2_six_cover_every_model_both_ages_sizes_ilacs_and_linked_las(seed: int) -> None:
    candidates = generate_candidates(seed)
    selection = select(candidates, 6, WINDOW_2023)
    coverage = selection.coverage
    assert set(coverage["operating_model"]) == {c.operating_model for c in _eligible(candidates)}
    assert all(count >= 1 for count in coverage["operating_model"].values()), coverage["operating_model"]
    for factor, values in [
        ("established", {"long established", "newer"}),
        ("size", {"smaller", "larger"}),
        ("ilacs", {"weaker", "stronger"}),
        ("linked_las", {"fewer", "more"}),
    ]:
        assert set(coverage[factor]) == values
        assert all(count >= 1 for count in coverage[factor].values()), (factor, coverage[factor])


def test_thm2_the_only_raa_with_a_value_is_chosen_whatever_the_seed() -> None:
    pool = [
        raa("RA1", region="London"),
        raa("RA2", region="North East"),
        raa("RA3", region="South West", model="decentralised"),
        raa("RA4", region="East Midlands"),
    ]
    for seed in range(6):
        assert "RA3" in select(pool, 2, WINDOW_2023, seed=seed).selected


def test_thm2_shares_follow_the_eligible_raas_once_every_value_is_covered() -> None:
    # 8 of 10 weaker, 2 stronger: a sample of 5 covers both and then mirrors 8:2 as 4:1, for any seed.
    pool = [raa(f"RA{n}", ilacs=(RI, GOOD, GOOD, GOOD, GOOD) if n < 8 else None) for n in range(10)]
    for seed in range(4):
        assert select(pool, 5, WINDOW_2023, seed=seed).coverage["ilacs"] == {"weaker": 4, "stronger": 1}


def test_thm2_reason_names_what_the_raa_brings() -> None:
    pool = [
        raa(
            "RA1",
            region="South West",
            model="hosted hub and spoke",
            started=date(2021, 3, 1),
            size=120,
            ilacs=(RI, GOOD, GOOD, GOOD, GOOD),
        ),
        raa("RA2", region="London", started=date(2017, 4, 1), size=40, las=4),
    ]
    selection = select(pool, 2, WINDOW_2023)
    assert selection.reasons["RA1"] == (
        "The only hosted hub and spoke model; covers the South West; the only newer RAA (began 2021); "
        "the only larger RAA (120 adoptions a year); the only one whose partner LAs have weaker ILACS "
        "judgements (1 of 5 judged requires improvement to be good or inadequate); the only one with more "
        "linked LAs (5)."
    )
    assert selection.reasons["RA2"].startswith("The only hosted centralised model; covers London; ")


def test_thm2_coverage_table_counts_every_eligible_value_zeros_included() -> None:
    pool = [
        raa("RA1", region="London", model="decentralised"),
        raa("RA2", region="London", model="joint venture"),
        raa("RA3", region="North East", model="decentralised"),
        raa("RA4", region="South West", vaa=True, model="local authority company"),
    ]
    coverage = select(pool, 1, WINDOW_2023).coverage
    assert set(coverage["region"]) == {"London", "North East"}  # the excluded South West is not eligible
    assert set(coverage["operating_model"]) == {"decentralised", "joint venture"}
    assert sum(coverage["region"].values()) == 1 and 0 in coverage["region"].values()


def test_thm2_same_seed_same_sample_and_seeds_differ() -> None:
    candidates = generate_candidates(1)
    first = select(candidates, 6, WINDOW_2023, seed=7)
    assert select(candidates, 6, WINDOW_2023, seed=7) == first
    reordered = select(list(reversed(candidates)), 6, WINDOW_2023, seed=7)  # the file's row order
    assert (reordered.selected, reordered.coverage, reordered.reasons) == (
        first.selected,
        first.coverage,
        first.reasons,
    )
    assert len({select(candidates, 6, WINDOW_2023, seed=s).selected for s in range(3)}) > 1


def test_thm2_a_managers_swap_changes_the_sample_and_the_coverage() -> None:
    candidates = generate_candidates(1)
    before = select(candidates, 6, WINDOW_2023)
    chosen_regions = {c.region for c in candidates if c.urn in before.selected}
    out = before.selected[0]
    newcomer = next(
        c for c in _eligible(candidates) if c.region not in chosen_regions and c.urn not in before.selected
    )
    after = select(candidates, 6, WINDOW_2023, forced_in={newcomer.urn}, forced_out={out})
    assert newcomer.urn in after.selected and out not in after.selected
    assert after.coverage["region"][newcomer.region] == 1
    assert after.coverage != before.coverage
    assert after.reasons[newcomer.urn].startswith("Chosen by a manager; ")


def test_thm2_swaps_that_leave_too_few_or_force_too_many_are_refused() -> None:
    pool = [raa("RA1", region="London"), raa("RA2", region="North East"), raa("RA3", region="South West")]
    with pytest.raises(RuleViolation) as caught:
        select(pool, 3, WINDOW_2023, forced_out={"RA1"})
    assert caught.value.rule == "THM-2" and "only 2 eligible RAAs are left" in caught.value.message
    with pytest.raises(RuleViolation, match="2 RAAs are forced in but the sample holds only 1"):
        select(pool, 1, WINDOW_2023, forced_in={"RA1", "RA2"})
    with pytest.raises(RuleViolation, match="RA9 is not one of the candidate RAAs"):
        select(pool, 1, WINDOW_2023, forced_out={"RA9"})
    with pytest.raises(RuleViolation, match="both forced in and forced out"):
        select(pool, 1, WINDOW_2023, forced_in={"RA1"}, forced_out={"RA1"})


def test_thm2_a_sample_of_none_is_refused() -> None:
    with pytest.raises(RuleViolation, match="ask for 1 or more") as caught:
        select([raa("RA1")], 0, WINDOW_2023)
    assert caught.value.field == "size"
