"""Limiting and graded judgements: RULES JDG-3 to JDG-7."""

from __future__ import annotations

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.judgements import Judgements, RecruitmentEvidence, check_judgements

OUT, G, RI, INAD = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


def rules_of(findings: tuple) -> list[str]:  # type: ignore[type-arg]
    return [f.rule for f in findings]


def test_jdg1_grades_parse_the_guidance_words() -> None:
    assert Grade.parse("Requires improvement to be good") is RI
    assert Grade.parse("inadequate") is INAD
    with pytest.raises(RuleViolation) as err:
        Grade.parse("excellent")
    assert err.value.rule == "JDG-1"


def test_jdg3_helped_and_protected_inadequate_means_overall_always_inadequate() -> None:
    check = check_judgements(Judgements(helped_protected=INAD, leaders_managers=G, overall=RI))
    assert not check.valid
    assert rules_of(check.errors) == ["JDG-3"]
    assert check_judgements(Judgements(helped_protected=INAD, leaders_managers=G, overall=INAD)).valid


@pytest.mark.parametrize("overall", [G, OUT])
def test_jdg4_leaders_inadequate_means_overall_never_better_than_ri(overall: Grade) -> None:
    check = check_judgements(Judgements(helped_protected=G, leaders_managers=INAD, overall=overall))
    assert rules_of(check.errors) == ["JDG-4"]


def test_jdg4_jdg7_leaders_inadequate_and_overall_ri_is_a_warning_to_justify() -> None:
    check = check_judgements(Judgements(helped_protected=G, leaders_managers=INAD, overall=RI))
    assert check.valid
    assert rules_of(check.warnings) == ["JDG-4"]
    assert (
        check_judgements(Judgements(helped_protected=G, leaders_managers=INAD, overall=INAD)).warnings == ()
    )


def test_jdg5_no_manager_after_26_weeks_with_no_recruitment_evidence() -> None:
    vacancy = {"manager_vacancy_weeks": 26, "recruitment_evidence": RecruitmentEvidence.NONE}
    good = check_judgements(Judgements(helped_protected=G, leaders_managers=G, overall=G, **vacancy))
    assert rules_of(good.errors) == ["JDG-5"]  # never better than requires improvement
    ri = check_judgements(Judgements(helped_protected=G, leaders_managers=RI, overall=G, **vacancy))
    assert ri.valid and rules_of(ri.warnings) == ["JDG-5"]  # usually inadequate
    outstanding = check_judgements(
        Judgements(helped_protected=OUT, leaders_managers=INAD, overall=OUT, **vacancy)
    )
    assert "JDG-5" in rules_of(outstanding.warnings)  # overall unlikely to be better than good


def test_jdg5_does_not_apply_before_26_weeks_or_with_evidence_of_recruitment() -> None:
    assert (
        check_judgements(
            Judgements(G, G, G, manager_vacancy_weeks=25.5, recruitment_evidence=RecruitmentEvidence.LIMITED)
        ).warnings
        == ()
    )
    assert check_judgements(
        Judgements(G, G, G, manager_vacancy_weeks=40, recruitment_evidence=RecruitmentEvidence.EVIDENCED)
    ).valid


def test_jdg5_weeks_and_evidence_come_together() -> None:
    with pytest.raises(RuleViolation) as err:
        Judgements(G, G, G, manager_vacancy_weeks=30)
    assert (err.value.rule, err.value.field) == ("JDG-5", "recruitment_evidence")


def test_jdg6_manager_unregistered_more_than_12_weeks_usually_inadequate() -> None:
    assert rules_of(check_judgements(Judgements(G, G, G, unregistered_manager_weeks=13)).warnings) == [
        "JDG-6"
    ]
    assert check_judgements(Judgements(G, G, G, unregistered_manager_weeks=12)).warnings == ()
    assert check_judgements(Judgements(G, INAD, INAD, unregistered_manager_weeks=20)).warnings == ()


def test_jdg7_a_clean_set_is_valid_with_nothing_to_justify() -> None:
    assert check_judgements(Judgements(OUT, OUT, OUT)).as_dict() == {
        "valid": True,
        "errors": [],
        "warnings": [],
    }
