"""Is the child-friendly summary easy enough to read? RULES: RPT-5.

Seed 004 asks for "a brief, child-friendly summary" in "simple, concrete sentences". The check shows the
inspector a reading age while they write and flags the sentences and words that push it up. The
measures come from the maintained textstat library; the thresholds are policy data
(`data/readability.toml`). Pure Python: no Django here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import textstat  # type: ignore[import-untyped]  # textstat ships no type information
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from careinspect.rules.errors import RuleViolation

RULE = "RPT-5"

# A US school grade is a reading age less 5: grade 1 is the year children turn 6 or 7. Below grade 0
# the formula has no meaning as an age, so the reading age never goes below the start of school.
GRADE_TO_AGE = 5
YOUNGEST_READING_AGE = 5


class ReadabilityStandard(BaseModel):
    """The thresholds of `data/readability.toml`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target_reading_age: StrictInt = Field(ge=YOUNGEST_READING_AGE, le=18)
    max_words_per_sentence: StrictInt = Field(ge=3)
    long_sentences_allowed: StrictInt = Field(ge=0)
    max_syllables_per_word: StrictInt = Field(ge=1)
    max_letters_per_word: StrictInt = Field(ge=3)


def standard_from_toml(text: str, *, source: str) -> ReadabilityStandard:
    """A standard from TOML text; anything malformed raises a RuleViolation naming the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleViolation(f"{source} is not valid TOML: {exc}", rule=RULE) from None
    try:
        return ReadabilityStandard.model_validate(data)
    except ValidationError as exc:
        problems = [(_key(error["loc"]), _message(error["msg"])) for error in exc.errors()]
        listed = "; ".join(f"{key}: {message}" for key, message in problems)
        raise RuleViolation(f"{source}: {listed}", rule=RULE, field=problems[0][0]) from None


def _key(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _message(msg: str) -> str:
    # pydantic prefixes a validator's own message with "Value error, "; the key already says where.
    return msg.removeprefix("Value error, ")


@cache
def default_standard() -> ReadabilityStandard:
    text = (resources.files("careinspect.rules") / "data" / "readability.toml").read_text(encoding="utf-8")
    return standard_from_toml(text, source="readability.toml")


@dataclass(frozen=True)
class LongSentence:
    index: int  # 1 for the first sentence, as the inspector would count them
    text: str
    words: int

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "words": self.words}


@dataclass(frozen=True)
class Readability:
    passes: bool
    reading_age: float | None  # None when there is nothing to read
    measures: dict[str, float | int]
    long_sentences: list[LongSentence] = field(default_factory=list)
    long_words: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why it fails; empty when it passes
    standard: ReadabilityStandard | None = None  # the thresholds it was checked against

    def as_dict(self) -> dict[str, Any]:
        return {
            "passes": self.passes,
            "reading_age": self.reading_age,
            "reasons": self.reasons,
            "measures": self.measures,
            "long_sentences": [s.as_dict() for s in self.long_sentences],
            "long_words": self.long_words,
            "standard": self.standard.model_dump() if self.standard else None,
        }


def check_readability(text: str, standard: ReadabilityStandard | None = None) -> Readability:
    """RULES: RPT-5 — the reading age of `text` and what makes it hard, against the standard."""
    standard = standard or default_standard()
    sentences = split_sentences(text)
    if not sentences or not _WORD.search(text):
        return Readability(
            passes=False,
            reading_age=None,
            measures={},
            reasons=["there is no text to check"],
            standard=standard,
        )
    measured = " ".join(_with_full_stop(s) for s in sentences)
    measures = _measures(measured)
    reading_age = max(YOUNGEST_READING_AGE, round(measures["flesch_kincaid_grade"] + GRADE_TO_AGE, 1))
    long_sentences = find_long_sentences(sentences, standard.max_words_per_sentence)
    reasons = _reasons(reading_age, long_sentences, standard)
    return Readability(
        passes=not reasons,
        reading_age=reading_age,
        measures=measures,
        long_sentences=long_sentences,
        long_words=find_long_words(text, standard),
        reasons=reasons,
        standard=standard,
    )


# A sentence ends at . ! or ? (with any closing quote or bracket) followed by a space, or at a line break:
# a heading or a bullet point without a full stop is read by a child as a sentence of its own.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+")
_BULLET = re.compile(r"^\s*(?:[-*•–]\s+)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        sentences += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return sentences


def _with_full_stop(sentence: str) -> str:
    # textstat counts sentences by their end punctuation; lines without it would run together.
    return sentence if sentence.rstrip("\"'”’)]")[-1:] in ".!?" else sentence + "."


def _measures(text: str) -> dict[str, float | int]:
    """The textstat measures behind the reading age, named for the JSON answer.

    textstat leaves out sentences of one or two words ("Hello!") when it counts sentences.
    """
    return {
        "flesch_kincaid_grade": textstat.flesch_kincaid_grade(text),
        "flesch_reading_ease": textstat.flesch_reading_ease(text),
        "words": textstat.lexicon_count(text),
        "sentences": textstat.sentence_count(text),
        "average_sentence_length": textstat.avg_sentence_length(text),
        "average_syllables_per_word": textstat.avg_syllables_per_word(text),
    }


def find_long_sentences(sentences: list[str], max_words: int) -> list[LongSentence]:
    """RULES: RPT-5 — "short ... sentences": those with more than `max_words` words."""
    counted = ((n, s, textstat.lexicon_count(s)) for n, s in enumerate(sentences, 1))
    return [LongSentence(n, s, words) for n, s, words in counted if words > max_words]


def find_long_words(text: str, standard: ReadabilityStandard) -> list[str]:
    """RULES: RPT-5 — "simple" words: those over the syllable or letter limit, each once, in text order."""
    seen: set[str] = set()
    long_words: list[str] = []
    for word in _WORD.findall(text):
        if word.lower() not in seen and _is_long(word, standard):
            seen.add(word.lower())
            long_words.append(word)
    return long_words


def _is_long(word: str, standard: ReadabilityStandard) -> bool:
    letters = sum(ch.isalpha() for ch in word)
    return (
        letters > standard.max_letters_per_word
        or textstat.syllable_count(word) > standard.max_syllables_per_word
    )


def _reasons(
    reading_age: float, long_sentences: list[LongSentence], standard: ReadabilityStandard
) -> list[str]:
    reasons = []
    if reading_age > standard.target_reading_age:
        reasons.append(f"reading age {reading_age:g} is above the target of {standard.target_reading_age}")
    if len(long_sentences) > standard.long_sentences_allowed:
        count = len(long_sentences)
        reasons.append(
            f"{count} sentence{'s' if count != 1 else ''} longer than "
            f"{standard.max_words_per_sentence} words (allowed: {standard.long_sentences_allowed})"
        )
    return reasons
