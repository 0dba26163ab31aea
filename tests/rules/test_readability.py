"""The child-friendly summary's readability check: RULES RPT-5 (seed 004, "Summary report for children")."""

from __future__ import annotations

from importlib import resources

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.readability import (
    ReadabilityStandard,
    check_readability,
    default_standard,
    split_sentences,
    standard_from_toml,
)

# The kind of summary seed 004 asks for: "short ... simple, concrete sentences".
PLAIN = (
    "We visited your foster home. We talked to you and your carers. You told us you feel safe. "
    "Your carers help you with school. You see your family often. Staff listen to you. "
    "We asked the agency to make two things better."
)

# Report prose written for adults: long sentences and long words.
DENSE = (
    "The registered person must ensure that the arrangements for safeguarding children placed with foster "
    "carers are sufficiently robust, that the responsible individual maintains effective oversight of the "
    "agency's monitoring systems, and that information regarding allegations is communicated to the "
    "designated officer in accordance with statutory guidance. Leaders and managers have not demonstrated "
    "an adequate understanding of the vulnerabilities of children; consequently, placement stability has "
    "deteriorated."
)

# Plain but for one sentence of 20 words (reading age 8.8).
ONE_LONG_SENTENCE = (
    "We visited your foster home. The agency must make sure that every carer has the training they "
    "need to help you when you are upset. You told us you feel safe."
)

DEFAULT_TOML = (resources.files("careinspect.rules") / "data" / "readability.toml").read_text(
    encoding="utf-8"
)


def test_rpt5_a_plain_summary_a_9_year_old_reads_passes() -> None:
    result = check_readability(PLAIN)
    assert result.passes, result.reasons
    assert result.reading_age is not None and result.reading_age <= 9
    assert result.long_sentences == [] and result.long_words == [] and result.reasons == []


def test_rpt5_dense_official_prose_fails_with_its_reading_age_long_sentences_and_long_words() -> None:
    result = check_readability(DENSE)
    assert not result.passes
    assert result.reading_age is not None and result.reading_age > 16
    assert result.reasons[0].startswith(f"reading age {result.reading_age:g} is above the target of 9")
    assert result.reasons[1] == "2 sentences longer than 15 words (allowed: 0)"
    assert [(s.index, s.words) for s in result.long_sentences] == [(1, 46), (2, 19)]
    assert result.long_sentences[1].text.startswith("Leaders and managers")
    assert {"safeguarding", "vulnerabilities", "understanding", "consequently"} <= set(result.long_words)


def test_rpt5_short_sentences_of_official_words_still_fail_on_reading_age() -> None:
    result = check_readability(
        "Children benefit from stable placements. Foster carers receive comprehensive supervision and "
        "training. The agency's quality assurance arrangements are effective in identifying areas for "
        "development."
    )
    assert not result.passes
    assert result.long_sentences == []
    assert [r.split(" is ")[0] for r in result.reasons] == [f"reading age {result.reading_age:g}"]
    assert "comprehensive" in result.long_words


def test_rpt5_one_long_sentence_in_plain_text_fails_and_is_pointed_to() -> None:
    result = check_readability(ONE_LONG_SENTENCE)
    assert not result.passes
    assert result.reasons == ["1 sentence longer than 15 words (allowed: 0)"]
    [long_one] = result.long_sentences
    # The, agency, must, make, sure, that, every, carer, has, the, training, they, need, to, help, you,
    # when, you, are, upset: 20 words, sentence 2.
    assert (long_one.index, long_one.words) == (2, 20)
    assert long_one.text.endswith("when you are upset.")


def test_rpt5_a_long_word_is_flagged_but_does_not_fail_plain_text_by_itself() -> None:
    result = check_readability(PLAIN + " We went to Northamptonshire to see you.")
    assert result.passes
    assert result.long_words == ["Northamptonshire"]


def test_rpt5_long_words_are_listed_once_in_the_order_they_appear() -> None:
    result = check_readability(
        "Information is useful. Independent carers share information. INFORMATION helps."
    )
    assert result.long_words == ["Information", "Independent"]


@pytest.mark.parametrize("text", ["", "   \n\t ", "123 456.", "!!!"])
def test_rpt5_no_text_fails_with_a_clear_reason(text: str) -> None:
    result = check_readability(text)
    assert not result.passes
    assert result.reading_age is None
    assert result.reasons == ["there is no text to check"]


def test_rpt5_the_answer_shows_the_measures_it_used_and_the_standard() -> None:
    answer = check_readability(PLAIN).as_dict()
    assert answer["passes"] is True
    assert set(answer["measures"]) == {
        "flesch_kincaid_grade",
        "flesch_reading_ease",
        "words",
        "sentences",
        "average_sentence_length",
        "average_syllables_per_word",
    }
    assert answer["measures"]["words"] == 42 and answer["measures"]["sentences"] == 7
    # The reading age is the Flesch-Kincaid grade plus 5.
    assert answer["reading_age"] == round(answer["measures"]["flesch_kincaid_grade"] + 5, 1)
    assert answer["standard"]["target_reading_age"] == 9


def test_rpt5_headings_and_bullet_points_count_as_sentences_of_their_own() -> None:
    text = "What we found\n- You feel safe at home\n- Your carers are kind to you\n\nWhat happens next"
    assert split_sentences(text) == [
        "What we found",
        "You feel safe at home",
        "Your carers are kind to you",
        "What happens next",
    ]
    # Run together, these 18 words would be one long sentence.
    assert check_readability(text).long_sentences == []


def test_rpt5_sentences_end_after_closing_quotes_and_brackets() -> None:
    assert split_sentences("Sam said “I like it here.” Then we ate lunch (pizza!) Bye.") == [
        "Sam said “I like it here.”",
        "Then we ate lunch (pizza!)",
        "Bye.",
    ]


# --- the thresholds are policy data -------------------------------------------------------------------


def test_rpt5_the_default_standard_is_read_from_the_data_file() -> None:
    assert default_standard() == ReadabilityStandard(
        target_reading_age=9,
        max_words_per_sentence=15,
        long_sentences_allowed=0,
        max_syllables_per_word=3,
        max_letters_per_word=11,
    )
    assert DEFAULT_TOML.count("# RULES: RPT-5") == 5


def test_rpt5_a_changed_standard_changes_the_verdict() -> None:
    younger = default_standard().model_copy(update={"target_reading_age": 6})
    result = check_readability(PLAIN, younger)
    assert not result.passes and result.reasons == ["reading age 7.1 is above the target of 6"]

    assert not check_readability(ONE_LONG_SENTENCE).passes
    one_allowed = default_standard().model_copy(update={"long_sentences_allowed": 1})
    assert check_readability(ONE_LONG_SENTENCE, one_allowed).passes


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("target_reading_age = 9", "target_reading_age = 3", "target_reading_age"),
        ("max_words_per_sentence = 15", "max_words_per_sentence = 'short'", "max_words_per_sentence"),
        ("max_letters_per_word = 11", "max_letters_per_word = 11.5", "max_letters_per_word"),
        ("long_sentences_allowed = 0", "long_sentences_allowed = -1", "long_sentences_allowed"),
        ("max_syllables_per_word = 3", "max_syllables_per_word = 3\nmax_pictures = 2", "max_pictures"),
    ],
)
def test_rpt5_a_bad_standard_file_is_refused_naming_the_key(old: str, new: str, key: str) -> None:
    assert old in DEFAULT_TOML
    with pytest.raises(RuleViolation) as caught:
        standard_from_toml(DEFAULT_TOML.replace(old, new), source="readability.toml")
    assert (caught.value.field, caught.value.rule) == (key, "RPT-5")
    assert caught.value.message.startswith(f"readability.toml: {key}: ")
