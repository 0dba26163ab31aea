"""Who gets an assurance visit first: RULES SCH-7 (seed 004, Introduction)."""

from __future__ import annotations

import dataclasses
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.priority import (
    ProviderFacts,
    ProviderFileError,
    default_weights,
    load_weights,
    rank,
    read_providers_csv,
    score,
    weights_from_toml,
)
from tests.conftest import d

TODAY = d("2020-09-01")  # the assurance visits began on 1 September 2020 (seed 004)
WEIGHTS = default_weights()
DEFAULT_TOML = (resources.files("careinspect.rules") / "data" / "priority.toml").read_text(encoding="utf-8")


def facts(urn: str = "SC100001", **changes: Any) -> ProviderFacts:
    """A good agency inspected 18 months ago with nothing else held about it; change one thing at a time."""
    base = ProviderFacts(
        urn=urn,
        registered=d("2015-04-01"),
        last_inspection=d("2019-03-01"),
        last_judgement=Grade.GOOD,
        concerns=0,
        notifications=0,
    )
    return dataclasses.replace(base, **changes)


def worse_ranks_first(better: ProviderFacts, worse: ProviderFacts) -> None:
    """The worse provider scores strictly more and comes first, though its URN would sort it last."""
    assert better.urn < worse.urn
    assert score(worse, TODAY, WEIGHTS).score > score(better, TODAY, WEIGHTS).score
    assert [r.urn for r in rank([better, worse], TODAY, WEIGHTS)] == [worse.urn, better.urn]


# --- each factor alone moves a provider the way the guidance implies ---------------------------------


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (Grade.OUTSTANDING, Grade.GOOD),
        (Grade.GOOD, Grade.REQUIRES_IMPROVEMENT),
        (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE),
    ],
)
def test_sch7_a_worse_last_judgement_ranks_higher(better: Grade, worse: Grade) -> None:
    worse_ranks_first(facts("SC100001", last_judgement=better), facts("SC900001", last_judgement=worse))


def test_sch7_more_concerns_rank_higher() -> None:
    worse_ranks_first(facts("SC100001", concerns=1), facts("SC900001", concerns=2))


def test_sch7_more_notifications_rank_higher() -> None:
    worse_ranks_first(facts("SC100001", notifications=0), facts("SC900001", notifications=1))


def test_sch7_more_enforcement_since_the_last_inspection_ranks_higher() -> None:
    worse_ranks_first(facts("SC100001"), facts("SC900001", enforcement_actions=1))


def test_sch7_longer_since_the_last_inspection_ranks_higher() -> None:
    worse_ranks_first(
        facts("SC100001", last_inspection=d("2019-09-01")), facts("SC900001", last_inspection=d("2018-09-01"))
    )


def test_sch7_newly_registered_and_not_yet_inspected_ranks_above_the_same_agency_inspected() -> None:
    registered = d("2020-01-06")
    inspected = facts("SC100001", registered=registered, last_inspection=d("2020-08-03"))
    never = facts("SC900001", registered=registered, last_inspection=None, last_judgement=None)
    worse_ranks_first(inspected, never)
    assert {f.name: f.points for f in score(never, TODAY, WEIGHTS).factors}["never_inspected"] == 30


def test_sch7_a_concern_counts_for_more_than_a_notification() -> None:
    worse_ranks_first(facts("SC100001", notifications=1), facts("SC900001", concerns=1))


# --- the score is its factors -------------------------------------------------------------------------


def test_sch7_each_factor_shows_its_value_and_points_and_they_add_up_to_the_score() -> None:
    result = score(
        facts(last_judgement=Grade.INADEQUATE, concerns=3, notifications=4, enforcement_actions=1),
        TODAY,
        WEIGHTS,
    )
    assert [(f.name, f.value, f.points) for f in result.factors] == [
        ("last_judgement", "inadequate", 40),
        ("never_inspected", False, 0),
        ("months_without_inspection", 18, 18),
        ("concerns", 3, 15),
        ("notifications", 4, 8),
        ("enforcement_actions", 1, 10),
    ]
    assert result.score == 91 == sum(f.points for f in result.factors)


def test_sch7_factors_are_explained_in_words_a_manager_can_read_out() -> None:
    [ranked] = rank([facts(last_judgement=Grade.INADEQUATE, concerns=3)], TODAY, WEIGHTS)
    assert ranked.explanation() == (
        "inadequate last time: +40; 18 months without an inspection: +18; 3 concerns: +15"
    )


def test_sch7_never_inspected_counts_months_from_registration_and_has_no_judgement_points() -> None:
    result = score(
        facts(registered=d("2020-02-29"), last_inspection=None, last_judgement=None), TODAY, WEIGHTS
    )
    by_name = {f.name: (f.value, f.points) for f in result.factors}
    # 29 February to 1 September: 6 full months (the 29th of August is not yet 6 months and 2 days).
    assert by_name["months_without_inspection"] == (6, 6)
    assert by_name["last_judgement"] == (None, 0)
    assert by_name["never_inspected"] == (True, 30)


@pytest.mark.parametrize(
    ("change", "name", "points"),
    [
        ({"concerns": 6}, "concerns", 30),
        ({"concerns": 60}, "concerns", 30),
        ({"notifications": 5}, "notifications", 10),
        ({"notifications": 50}, "notifications", 10),
        ({"enforcement_actions": 9}, "enforcement_actions", 30),
        ({"last_inspection": d("2016-09-01")}, "months_without_inspection", 48),
        ({"last_inspection": d("2015-04-01")}, "months_without_inspection", 48),
    ],
)
def test_sch7_counts_are_capped(change: dict[str, Any], name: str, points: int) -> None:
    by_name = {f.name: f.points for f in score(facts(**change), TODAY, WEIGHTS).factors}
    assert by_name[name] == points


_grades = st.sampled_from([None, *Grade])
_counts = st.integers(min_value=0, max_value=40)
_days = st.dates(min_value=date(2010, 1, 1), max_value=TODAY)


@st.composite
def providers(draw: st.DrawFn) -> ProviderFacts:
    grade = draw(_grades)
    registered = draw(_days)
    last = None if grade is None else draw(st.dates(min_value=registered, max_value=TODAY))
    return ProviderFacts(
        draw(st.from_regex(r"SC[0-9]{6}", fullmatch=True)),
        registered,
        last,
        grade,
        draw(_counts),
        draw(_counts),
        draw(_counts),
    )


@given(providers())
def test_sch7_points_always_add_up_to_the_score(provider: ProviderFacts) -> None:
    result = score(provider, TODAY, WEIGHTS)
    assert result.score == sum(f.points for f in result.factors)
    assert all(f.points >= 0 for f in result.factors)


@given(providers(), st.sampled_from(["concerns", "notifications", "enforcement_actions"]), _counts)
def test_sch7_more_of_anything_held_never_lowers_the_score(
    provider: ProviderFacts, name: str, extra: int
) -> None:
    more = dataclasses.replace(provider, **{name: getattr(provider, name) + extra})
    assert score(more, TODAY, WEIGHTS).score >= score(provider, TODAY, WEIGHTS).score


@given(providers())
def test_sch7_a_worse_judgement_always_raises_the_score(provider: ProviderFacts) -> None:
    if provider.last_judgement in (None, Grade.INADEQUATE):
        return
    grades = list(Grade)
    worse = dataclasses.replace(
        provider,
        last_judgement=grades[grades.index(provider.last_judgement) + 1],  # type: ignore[arg-type]
    )
    assert score(worse, TODAY, WEIGHTS).score > score(provider, TODAY, WEIGHTS).score


# --- order and ties -----------------------------------------------------------------------------------


def test_sch7_ties_go_to_the_agency_longest_without_an_inspection_then_the_urn() -> None:
    # 18 months (18 points) against 12 months and 3 notifications (12 + 6 points): both 23.
    long_ago = facts("SC900001", last_inspection=d("2019-03-01"))
    recent = facts("SC100001", last_inspection=d("2019-09-01"), notifications=3)
    twin = facts("SC100000", last_inspection=d("2019-09-01"), notifications=3)
    ranked = rank([recent, twin, long_ago], TODAY, WEIGHTS)
    assert [(r.rank, r.urn, r.score) for r in ranked] == [
        (1, "SC900001", 23),
        (2, "SC100000", 23),
        (3, "SC100001", 23),
    ]


def test_sch7_never_inspected_ties_go_to_the_earlier_registration() -> None:
    # Both 30 + 6 points: 6 full months since registration on 1 and on 20 February.
    early = facts("SC900001", registered=d("2020-02-01"), last_inspection=None, last_judgement=None)
    late = facts("SC100001", registered=d("2020-02-20"), last_inspection=None, last_judgement=None)
    assert [r.urn for r in rank([late, early], TODAY, WEIGHTS)] == ["SC900001", "SC100001"]


def test_sch7_the_same_urn_twice_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        rank([facts("SC100001"), facts("SC100001", concerns=2)], TODAY, WEIGHTS)
    assert caught.value.field == "urn"


def test_sch7_a_date_after_today_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        score(facts(last_inspection=d("2020-09-02")), TODAY, WEIGHTS)
    assert caught.value.field == "last_inspection" and "after today" in caught.value.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"last_inspection": None}, "last_judgement"),  # a judgement, but no inspection
        ({"last_judgement": None}, "last_judgement"),  # an inspection, but no judgement
        ({"last_inspection": d("2015-03-31")}, "last_inspection"),  # before registration
        ({"concerns": -1}, "concerns"),
        ({"urn": " "}, "urn"),
    ],
)
def test_sch7_facts_that_cannot_be_true_are_refused(change: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        facts(**change)
    assert caught.value.field == field


# --- the weights are policy data ----------------------------------------------------------------------


def test_sch7_weights_from_a_changed_file_change_the_order(tmp_path: Path) -> None:
    inadequate = facts("SC100001", last_judgement=Grade.INADEQUATE)
    complained_about = facts("SC900001", concerns=3)
    assert [r.urn for r in rank([inadequate, complained_about], TODAY, WEIGHTS)] == ["SC100001", "SC900001"]

    changed = tmp_path / "priority.toml"
    changed.write_text(
        DEFAULT_TOML.replace("points_each = 5\ncap = 30", "points_each = 20\ncap = 60"), encoding="utf-8"
    )
    weights = load_weights(changed)
    assert weights.concerns.points_each == 20
    assert [r.urn for r in rank([inadequate, complained_about], TODAY, weights)] == ["SC900001", "SC100001"]


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("good = 5", "good = 25", "last_judgement.requires_improvement"),  # RI would not beat good
        ("good = 5", "good = 0", "last_judgement.good"),  # good would be as good as outstanding
        ("outstanding = 0", "outstanding = -1", "last_judgement.outstanding"),
        ("inadequate = 40", "inadequate = 'a lot'", "last_judgement.inadequate"),
        ("points_each = 5", "points_each = 0", "concerns.points_each"),
        ("points_each = 2", "points_each = 2.5", "notifications.points_each"),
        ("points_each = 10\ncap = 30", "points_each = 10\ncap = 5", "enforcement_actions.cap"),
        (
            "[never_inspected]\npoints = 30",
            "[never_inspected]\npoints = 30\nbonus = 1",
            "never_inspected.bonus",
        ),
        ("[months_without_inspection]", "[months_since]", "months_without_inspection"),
    ],
)
def test_sch7_a_bad_weights_file_is_refused_naming_the_key(old: str, new: str, key: str) -> None:
    assert old in DEFAULT_TOML
    with pytest.raises(RuleViolation) as caught:
        weights_from_toml(DEFAULT_TOML.replace(old, new), source="priority.toml")
    assert caught.value.field == key
    assert caught.value.rule == "SCH-7"
    assert key in caught.value.message and "priority.toml" in caught.value.message


def test_sch7_a_renamed_table_names_both_the_missing_and_the_unknown_key() -> None:
    with pytest.raises(RuleViolation) as caught:
        weights_from_toml(
            DEFAULT_TOML.replace("[months_without_inspection]", "[months_since]"), source="priority.toml"
        )
    assert "months_without_inspection: Field required" in caught.value.message
    assert "months_since: Extra inputs are not permitted" in caught.value.message


def test_sch7_every_default_weight_cites_the_rule_and_seed_004() -> None:
    lines = DEFAULT_TOML.splitlines()
    tables = [n for n, line in enumerate(lines) if line.startswith("[")]
    assert [lines[n] for n in tables] == [
        "[last_judgement]",
        "[concerns]",
        "[notifications]",
        "[enforcement_actions]",
        "[months_without_inspection]",
        "[never_inspected]",
    ]
    for n in tables:
        comment: list[str] = []
        while lines[n - 1 - len(comment)].startswith("#"):
            comment.append(lines[n - 1 - len(comment)])
        text = " ".join(comment)
        assert "RULES: SCH-7" in text and "seed 004" in text, lines[n]


# --- the providers file -------------------------------------------------------------------------------

HEADER = "urn,registered,last_inspection,last_judgement,concerns,notifications\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "providers.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_sch7_reads_the_providers_file_with_the_guidance_s_labels(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeff"  # a byte-order mark, as Excel writes
        + HEADER
        + "SC100001,2015-04-01,2019-03-12,Inadequate,3,4\n"
        + "\n"
        + "SC100002 , 2020-02-03 , , ,1,0\n"
        + "SC100003,2010-01-05,2019-10-01,Requires improvement to be good,0,0\n",
    )
    assert read_providers_csv(path) == [
        ProviderFacts("SC100001", d("2015-04-01"), d("2019-03-12"), Grade.INADEQUATE, 3, 4),
        ProviderFacts("SC100002", d("2020-02-03"), None, None, 1, 0),
        ProviderFacts("SC100003", d("2010-01-05"), d("2019-10-01"), Grade.REQUIRES_IMPROVEMENT, 0, 0),
    ]


def test_sch7_the_optional_enforcement_column_and_extra_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name,urn,registered,last_inspection,last_judgement,concerns,notifications,enforcement\n"
        "Acorn Fostering,SC100001,2015-04-01,2019-03-12,good,0,0,2\n"
        "Birch Fostering,SC100002,2015-04-01,2019-03-12,good,0,0,\n",
    )
    assert [p.enforcement_actions for p in read_providers_csv(path)] == [2, 0]


@pytest.mark.parametrize(
    ("rows", "row", "column", "words"),
    [
        ("SC1,2015-04-01,2019-03-12,excellent,0,0\n", 2, "last_judgement", "not a grade"),
        ("SC1,2015-04-01,12/03/2019,good,0,0\n", 2, "last_inspection", "YYYY-MM-DD"),
        ("SC1,,2019-03-12,good,0,0\n", 2, "registered", "blank"),
        (",2015-04-01,2019-03-12,good,0,0\n", 2, "urn", "blank"),
        ("SC1,2015-04-01,2019-03-12,good,-2,0\n", 2, "concerns", "negative"),
        ("SC1,2015-04-01,2019-03-12,good,0,some\n", 2, "notifications", "whole number"),
        ("SC1,2015-04-01,2019-03-12,good,0,\n", 2, "notifications", "blank"),
        ("SC1,2015-04-01,,inadequate,0,0\n", 2, "last_judgement", "date of its inspection"),
        ("SC1,2015-04-01,2019-03-12,,0,0\n", 2, "last_judgement", "needs its judgement"),
        ("SC1,2015-04-01,2014-03-12,good,0,0\n", 2, "last_inspection", "before registration"),
        ("SC1,2015-04-01,2019-03-12,good,0,0\n\nSC1,2016-04-01,,,0,0\n", 4, "urn", "already on row 2"),
        ("SC1,2015-04-01,2019-03-12,good,0,0\nSC2,2021-04-01,,,0,0\n", 3, "registered", "after today"),
    ],
)
def test_sch7_a_bad_row_is_refused_naming_its_line_and_column(
    tmp_path: Path, rows: str, row: int, column: str, words: str
) -> None:
    with pytest.raises(ProviderFileError) as caught:
        read_providers_csv(write(tmp_path, HEADER + rows), today=TODAY)
    assert (caught.value.row, caught.value.field) == (row, column)
    assert words in caught.value.message
    assert str(caught.value).startswith(f"row {row}, column {column}: ")


def test_sch7_a_missing_column_is_named_on_the_header_row(tmp_path: Path) -> None:
    path = write(tmp_path, "urn,registered,last_inspection,last_judgement,concerns\nSC1,2015-04-01,,,0\n")
    with pytest.raises(ProviderFileError) as caught:
        read_providers_csv(path)
    assert (caught.value.row, caught.value.field) == (1, "notifications")


def test_sch7_a_row_with_more_cells_than_the_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProviderFileError) as caught:
        read_providers_csv(write(tmp_path, HEADER + "SC1,2015-04-01,,,0,0,surplus\n"))
    assert caught.value.row == 2 and "7 cells" in caught.value.message


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "empty"), (HEADER, "no providers")],
)
def test_sch7_a_file_without_providers_is_refused(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ProviderFileError, match=words):
        read_providers_csv(write(tmp_path, text))


def test_sch7_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "SC1,2015-04-01,,,0,0\nSC2,2015-04-01,,,0,0 £\n", encoding="latin-1")
    with pytest.raises(ProviderFileError, match="not UTF-8"):
        read_providers_csv(path)
