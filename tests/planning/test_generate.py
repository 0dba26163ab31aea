"""The planning scenario generator: deterministic per seed, with the shapes the issue asks for."""

from __future__ import annotations

from collections import Counter

from careinspect.rules.planning.generate import generate_scenario
from careinspect.rules.planning.regions import REGIONS


def test_same_seed_same_scenario_other_seed_another() -> None:
    assert generate_scenario(50, 8, seed=3) == generate_scenario(50, 8, seed=3)
    assert generate_scenario(50, 8, seed=3) != generate_scenario(50, 8, seed=4)


def test_shapes_regions_kinds_priorities_days_and_leave() -> None:
    scenario = generate_scenario(1000, 60, seed=1)
    assert {p.region for p in scenario.providers} == set(REGIONS)
    kinds = Counter(p.kind for p in scenario.providers)
    assert kinds["IFA"] + kinds["ASA"] > 0.75 * 1000 and kinds["VAA"] > 0
    priorities = Counter(p.priority for p in scenario.providers)
    assert set(priorities) <= {1, 2, 3, 4, 5} and priorities[1] > priorities[3] > priorities[5]
    assert Counter(p.days_on_site for p in scenario.providers).most_common(1)[0][0] == 2
    assert {i.days_per_week for i in scenario.inspectors} == {2, 3}
    assert all(10 <= len(i.leave) <= 40 for i in scenario.inspectors)
    assert any(i.conflicts for i in scenario.inspectors)


def test_sch6_some_agencies_had_the_same_lead_three_times() -> None:
    scenario = generate_scenario(1000, 60, seed=1)
    barred = [
        p for p in scenario.providers if p.previous_inspectors and p.sch6_barred(p.previous_inspectors[0])
    ]
    assert 10 < len(barred) < 150
