"""The synthetic candidate generator: the same file for a seed, and realistic enough to exercise THM-2/3."""

from __future__ import annotations

from collections import Counter

import pytest

from careinspect.rules.thematic.candidates import ENGLAND_REGIONS
from careinspect.rules.thematic.generate import candidates_csv, generate_candidates, main
from careinspect.rules.thematic.policy import default_thematic_policy
from careinspect.rules.thematic.selection import exclusions
from tests.thematic.builders import WINDOW_2023


def test_thm2_generator_same_seed_same_file() -> None:
    assert candidates_csv(generate_candidates(5)) == candidates_csv(generate_candidates(5))
    assert candidates_csv(generate_candidates(5)) != candidates_csv(generate_candidates(6))


def test_thm2_generated_raas_cover_england_once_with_every_model() -> None:
    raas = generate_candidates(1, count=30)
    assert len(raas) == 30 and len({r.urn for r in raas}) == 30 and len({r.name for r in raas}) == 30
    assert {r.region for r in raas} == set(ENGLAND_REGIONS)
    every_la = [code for r in raas for code in r.member_las]
    assert len(every_la) == len(set(every_la)) == 153  # each English LA in exactly one RAA
    models = Counter(r.operating_model for r in raas)
    assert set(models) == set(default_thematic_policy().operating_models) and min(models.values()) >= 2
    assert all(2017 <= r.started.year <= 2022 for r in raas)
    assert all(len(r.ilacs) == len(r.member_las) for r in raas)


def test_thm3_generated_file_has_something_to_exclude_and_something_to_keep() -> None:
    raas = generate_candidates(1)
    excluded = exclusions(raas, WINDOW_2023)
    vaa = [r for r in raas if r.registered_as_vaa]
    inspected_outside = [
        r for r in raas if r.la_inspections and not any(WINDOW_2023.contains(i.day) for i in r.la_inspections)
    ]
    assert len(vaa) == 3
    assert len(excluded) > len(vaa)  # some for an ILACS or SEND inspection in the window
    assert inspected_outside  # inspected, but not at the same time: kept


def test_thm2_generator_refuses_a_count_it_cannot_spread(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="between 9 and 60"):
        generate_candidates(1, count=8)
    main(["--seed", "2", "--count", "12"])
    assert len(capsys.readouterr().out.splitlines()) == 13  # header and 12 RAAs
