"""Does this text identify a person? The one check for evidence and for everything that leaves the regulator.

RULES: EVD-2 — evidence identifies nobody: initials or the agency's case record ID only.
RULES: DPR-2 — nothing published identifies an individual.

The check is a set of heuristics, tuned to say too much rather than too little: a finding is a question
put to the writer ("is this a person?"), never a silent change to the text. It finds full names
(capitalised words in any cased alphabet), names the regulator holds for the inspection, names with
ages, street addresses, postcodes and dates of birth. Capitalisation is the only sign of a name it can
read, so a name in lower case, in capitals, or in a script without capitals is found only when it is a
known name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex  # type: ignore[import-untyped]  # `re` has no \p{Lu}: names are not only ASCII

FINDING_KINDS = ("full_name", "known_name", "age_with_name", "address", "postcode", "date_of_birth")


def _words(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


# Capitalised words that are never a person's name but start sentences, name roles or are the
# vocabulary reports capitalise. A run of capitalised words is split at these, and what is left is a
# name only if it still has two words: "Adopter Sarah" is one word, "Adopter Sarah Jones" two.
# Words that are also common names or surnames are deliberately absent (April, May, June, August,
# Grace, Hope, Mark, Will, Young, Good, Court, Hill, Lane, Park, Grove) so that "June Brown" and
# "Damon Hill" are still found; their phrases ("Requires Improvement To Be Good") split elsewhere.
# One stop word per phrase is enough, so the list stays small. Compared case-insensitively.
STOP_WORDS = _words(
    # Sentence openers, determiners, pronouns, prepositions, conjunctions and common adverbs.
    """
    a an the this that these those our their his her its my your we they he she it i you there here
    and or but nor so yet as at by for from in into of on onto to up down out off with within without
    about above after before during since until upon over under between across through throughout
    against among along around behind beyond despite because unless once though although however overall
    further furthermore moreover additionally also therefore thus then now still only just even already again
    recently currently previously subsequently finally firstly secondly thirdly lastly indeed
    if when while where whereas whether which who whom whose what why how
    each every all any some most many much more few several both either neither no not none nobody
    one two three four five first second third last next other another same such
    is are was were be been being has have had do does did can could would shall should might must
    yes well very dear regards kind thank thanks please
    """,
    # Verbs that open an inspector's note ("Met Jane Smith", "Spoke to").
    """
    met spoke saw visited observed discussed reviewed interviewed asked told checked noted agreed attended
    """,
    # People by role or relationship, often capitalised before a first name ("Adopter Sarah").
    """
    adopter adopters adoptive prospective carer carers foster fostering parent parents mother father
    mum dad stepmother stepfather grandparent grandparents grandmother grandfather nan grandma grandad
    aunt uncle cousin brother sister sibling siblings son daughter child children baby babies boy boys
    girl girls born people person adult adults family families birth kinship guardian guardians special
    worker workers social manager managers registered responsible individual individuals director
    directors assistant deputy chief executive officer officers inspector inspectors lead leader
    leaders chair panel member members adviser advisor trustee trustees practitioner practitioners
    therapist psychologist nurse teacher teachers staff team colleague colleagues supervisor
    coordinator co administrator provider providers service services
    """,
    # Organisations, law and the vocabulary of inspection reports.
    """
    local authority authorities council councils county city borough metropolitan district regional
    region national government department education health safeguarding adoption adopt support
    agency agencies fund care standards standard act regulation regulations order orders framework
    common inspection inspections inspected visit visits report reports judgement judgements evaluation
    criteria requirement requirements recommendation recommendations compliance notice information summary
    section annex appendix schedule chapter paragraph guidance statutory quality assurance improvement
    requires inadequate outstanding effectiveness experiences progress protected helped leadership
    management school schools virtual plan plans review reviewing matching placement placements
    permanence early later life story letters assessment minimum independent voluntary private
    sector partnership board committee group centre office unit programme project clinical
    commissioning integrated mental therapy therapeutic disability needs educational decision maker
    working together high self non pre post ofsted cafcass
    records record counselling intermediary peer parenting training reviews work contact letterbox
    """,
    # The calendar: months that are not also first names, days, seasons and holidays.
    """
    january february march july september october november december monday tuesday wednesday
    thursday friday saturday sunday morning afternoon evening night bank holiday holidays christmas
    easter year day week weekend term spring autumn winter
    """,
    # Places and regions that name areas, not people ("North East", "Yorkshire and the Humber").
    """
    north south east west northern southern eastern western central greater inner outer midlands
    yorkshire humber london england english wales scotland ireland britain british united kingdom
    """,
    # Street words that are not also surnames (Lane, Hill, Park, Grove and Court are).
    """
    road rd street st avenue ave close drive crescent gardens terrace square mews place way row view walk
    """,
)
# A title makes a name of a single word after it: "Mrs Smith", "Dr Patel".
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})

# One capitalised name word in any cased alphabet, written so that both the `regex` module and polars
# (Rust's regex) read it: no look-arounds. At least one lower-case letter follows the capital, so
# initials ("JS", "A") and codes ("AS-001") never match. \p{M} admits accents typed as combining marks.
NAME_WORD = (
    r"\p{Lu}\p{M}*"  # the capital: Z, É, Ł
    r"(?:['’ʼ]\p{Lu}\p{M}*)?"  # O'Neill, D’Arcy
    r"\p{Ll}[\p{Ll}\p{M}]*"  # the rest, with any accents: Zoë, Siobhán
    r"(?:\p{Lu}\p{M}*\p{Ll}[\p{Ll}\p{M}]*)?"  # McDonald, MacKenzie
    r"(?:[-‐]\p{Lu}?\p{M}*\p{Ll}[\p{Ll}\p{M}]*)*"  # Mary-Jane, Okonkwo-Adeyemi
)
# A whole cell that is nothing but a full name, for polars `str.contains` on a dataset column.
FULL_NAME_VALUE = rf"^{NAME_WORD}(?:\s+{NAME_WORD})+$"

_WHY = {
    "full_name": "looks like a full name: use initials or the case record ID",
    "titled_name": "looks like a person's name (a title and a name): use initials or the case record ID",
    "known_name": "is a name the regulator holds for this inspection: use initials or the case record ID",
    "age_with_name": "a name with an age identifies a child: use initials or the case record ID",
    "address": "looks like a street address: leave it out, or give the town only",
    "postcode": "looks like a postcode: leave it out, or give the town only",
    "date_of_birth": "is a date of birth: give the age, or an age range, instead",
}


@dataclass(frozen=True)
class Finding:
    text: str  # the span exactly as written
    start: int
    end: int
    kind: str  # one of FINDING_KINDS
    why: str  # a plain-English reason, shown to the writer

    @classmethod
    def at(cls, text: str, start: int, end: int, kind: str, why: str | None = None) -> Finding:
        return cls(text[start:end], start, end, kind, why or _WHY[kind])


def find_identifying(text: str, *, known_names: Iterable[str] = ()) -> list[Finding]:
    """Every span of `text` that may identify a person, sorted by start, none overlapping.

    `known_names` are the names the regulator holds for the inspection (registered manager, responsible
    individual, a case list's names); they are found whatever their case or accents.
    """
    runs = [(m.start(), m.end(), _names_in(text, m.start(), m.end())) for m in _NAME_RUN.finditer(text)]
    candidates = [
        *_known_names(text, known_names),
        *_ages_after_names(text, runs),
        *_ages_before_names(text),
        *_full_names(text, runs),
        *_matches(text, _ADDRESS, "address"),
        *_matches(text, _POSTCODE, "postcode"),
        *_matches(text, _DATE_OF_BIRTH, "date_of_birth"),
    ]
    return _without_overlaps(candidates, len(text))


# --- full names -------------------------------------------------------------------------------------------

_GAP = r"[^\S\r\n]+"  # spaces within a line: a line break ends a name, so a list of names stays a list
# Lower-case particles inside a name: "Ana da Silva", "Ludwig van Beethoven", "Fatima al-Sayed".
_PARTICLE = r"(?:van|von|der|den|de|da|di|du|del|della|la|le|bin|ibn|ter|ten)"
_JOIN = rf"(?:(?<=\b(?:Mr|Mrs|Ms|Mx|Dr|Prof))\.)?{_GAP}(?:{_PARTICLE}{_GAP})*(?:(?:al|el)[-‐])?"
# The name word as an atomic group: a shorter match always ends before a letter or hyphen, so giving
# characters back can never succeed, and refusing to try keeps "Aa-Bb-Aa-Bb-…" linear, not quadratic.
_ATOMIC_WORD = rf"(?>{NAME_WORD})"
_WORD_END = r"(?![\p{L}\p{M}\p{N}‐-])"
# A word starts and ends at the edges of a word: not inside "McDonald" or after "O'".
_NAME_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}'’ʼ‐-]){_ATOMIC_WORD}{_WORD_END}(?:{_JOIN}{_ATOMIC_WORD}{_WORD_END})*"
)
_TOKEN = regex.compile(_ATOMIC_WORD)


@dataclass(frozen=True)
class _Name:
    """Consecutive capitalised words left once stop words are taken out; `words` excludes a title."""

    start: int
    end: int
    words: int
    titled: bool


def _names_in(text: str, start: int, end: int) -> list[_Name]:
    """Split one run of capitalised words at its stop words; a title opens a new name."""
    names: list[_Name] = []
    group: list[Any] = []
    for token in _TOKEN.finditer(text, start, end):
        word = token.group().casefold()
        if word in TITLES:
            names += _closed(group)
            group = [token]
        elif _is_stop(word):
            names += _closed(group)
            group = []
        else:
            group.append(token)
    return names + _closed(group)


@lru_cache(maxsize=4096)
def _is_stop(word: str) -> bool:
    # "Follow-Up", "Pre-Adoption", "Self-Assessment": one ordinary part makes a hyphenated word ordinary.
    return word in STOP_WORDS or any(part in STOP_WORDS for part in word.replace("‐", "-").split("-"))


def _closed(group: list[Any]) -> list[_Name]:
    if not group:
        return []
    titled = group[0].group().casefold() in TITLES
    words = len(group) - int(titled)
    return [_Name(group[0].start(), group[-1].end(), words, titled)] if words else []


def _full_names(text: str, runs: list[tuple[int, int, list[_Name]]]) -> Iterator[Finding]:
    for _, _, names in runs:
        for name in names:
            if name.titled:
                yield Finding.at(text, name.start, name.end, "full_name", _WHY["titled_name"])
            elif name.words >= 2:
                yield Finding.at(text, name.start, name.end, "full_name")


# --- names with ages --------------------------------------------------------------------------------------

_AGE_NUMBER = (
    r"(?:\d{1,2}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen))(?![\p{L}\p{N}])"
)
# Spaces, or a hyphen with spaces, between the words of an age. Atomic, because a word must follow, so
# giving spaces back never helps and trying to would make a long run of spaces quadratic.
_DASH = r"(?>[^\S\r\n]*[-‐]?[^\S\r\n]*)"
_AGE_UNIT = rf"(?:{_DASH}(?i:years?|yrs?|months?)(?:{_DASH}(?i:old))?)"
_AGED = rf"(?i:aged?)[^\S\r\n]+{_AGE_NUMBER}{_AGE_UNIT}?"
# What may follow a name to give its age. A bare number needs a comma after it ("Amy, 7,") and a number
# in brackets needs "aged" or "years", so that "Leeds (12)" and "Leeds, 12 children" are not ages.
_AGE_AFTER = regex.compile(
    "|".join(
        [
            rf"[^\S\r\n]*,[^\S\r\n]*{_AGED}",  # Jane, aged 7
            rf"[^\S\r\n]*\([^\S\r\n]*{_AGED}[^\S\r\n]*\)",  # Tom (aged 12)
            rf"[^\S\r\n]*\([^\S\r\n]*{_AGE_NUMBER}{_AGE_UNIT}[^\S\r\n]*\)",  # Tom (12 years)
            rf"[^\S\r\n]+{_AGED}",  # Jane aged 7
            rf"[^\S\r\n]*,[^\S\r\n]*{_AGE_NUMBER}{_AGE_UNIT}?(?=[^\S\r\n]*[,;)])",  # Amy, 7,
            # Amy is 7 years old
            rf",?[^\S\r\n]+(?:who[^\S\r\n]+)?(?:is|was)[^\S\r\n]+{_AGE_NUMBER}{_AGE_UNIT}",
        ]
    )
)
# An age before a name: "a 7-year-old called Amy", "a seven year old girl named Amy Jones".
_AGE_BEFORE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}]){_AGE_NUMBER}{_DASH}(?i:years?|months?){_DASH}(?i:old)"
    rf"(?:{_GAP}(?i:boy|girl|child|baby|son|daughter|brother|sister|sibling))?"
    rf"(?:{_GAP}(?i:called|named|known{_GAP}as))?{_GAP}(?={NAME_WORD})"
)


def _ages_after_names(text: str, runs: list[tuple[int, int, list[_Name]]]) -> Iterator[Finding]:
    """A name at the end of a run of capitalised words, followed by an age."""
    for _, run_end, names in runs:
        if not names or names[-1].end != run_end:
            continue  # the run ended with a stop word ("Children, aged 5 to 10")
        age = _AGE_AFTER.match(text, run_end)
        if age is not None:
            yield Finding.at(text, names[-1].start, age.end(), "age_with_name")


def _ages_before_names(text: str) -> Iterator[Finding]:
    for age in _AGE_BEFORE.finditer(text):
        run = _NAME_RUN.match(text, age.end())
        if run is None:
            continue
        names = _names_in(text, run.start(), run.end())
        if names and names[0].start == age.end():
            yield Finding.at(text, age.start(), names[0].end, "age_with_name")


# --- known names ------------------------------------------------------------------------------------------

# Letters that Unicode does not decompose into a base letter and an accent, but a writer may type plain.
_PLAIN = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th",
        "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-",
    }
)  # fmt: skip


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """A character without case or accents: "Ë" → "e", "ß" → "ss", "’" → "'"."""
    decomposed = unicodedata.normalize("NFKD", char.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, for each of its characters, where it came from (None: the same place)."""
    if text.isascii():
        return text.lower(), None
    parts = list(map(_fold_char, text))
    lengths = list(map(len, parts))
    if lengths.count(1) == len(lengths):
        return "".join(parts), None
    # "ß" folds to two characters and a combining accent to none: keep a map back to the text.
    return "".join(parts), [i for i, n in enumerate(lengths) for _ in range(n)]


@lru_cache(maxsize=64)
def _known_pattern(names: tuple[str, ...]) -> Any:
    """One pattern for all the names, longest first, matching whole words across any spacing."""
    words = {tuple(_fold(name)[0].split()) for name in names}
    usable = sorted((w for w in words if sum(c.isalnum() for c in "".join(w)) >= 2), key=len, reverse=True)
    if not usable:
        return None
    alternatives = "|".join(r"\s+".join(regex.escape(word) for word in w) for w in usable)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])")


def _known_names(text: str, known_names: Iterable[str]) -> Iterator[Finding]:
    pattern = _known_pattern(tuple(sorted({n.strip() for n in known_names if n and n.strip()})))
    if pattern is None:
        return
    folded, origin = _fold(text)
    for match in pattern.finditer(folded):
        start, end = match.span()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # an accent typed as a combining mark belongs to the letter before it
        yield Finding.at(text, start, end, "known_name")


# --- addresses, postcodes and dates of birth --------------------------------------------------------------

_STREET_WORDS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|Grove|Hill"
    "|Square|Mews|Row|View|Walk|Park"
)
# A house number (up to 3 digits, so a year is not one), the street's own words, then a street word.
_ADDRESS = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?:(?i:flat|apartment|apt|unit){_GAP}\d{{1,4}}[A-Za-z]?,?{_GAP})?"
    rf"\d{{1,3}}[A-Za-z]?,?{_GAP}(?:{_ATOMIC_WORD}(?:['’]s)?{_GAP}){{1,3}}(?:{_STREET_WORDS})"
    rf"(?![\p{{L}}\p{{M}}\p{{N}}])"
)
# The Royal Mail's formats (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA) in capitals, with or
# without the space; letters that a postcode never uses in a position are left out.
_POSTCODE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:[A-PR-UWYZ][0-9][A-HJKPSTUW0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY0-9]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2}(?![\p{L}\p{N}])"
)
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = "|".join(
    [
        r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})",  # 03/03/2015, 3.3.15
        r"\d{4}-\d{1,2}-\d{1,2}",  # 2015-03-03
        rf"\d{{1,2}}(?i:st|nd|rd|th)?{_GAP}(?i:of{_GAP})?{_MONTH},?{_GAP}\d{{2,4}}",  # 3 March 2015
        rf"{_MONTH}{_GAP}\d{{1,2}}(?i:st|nd|rd|th)?,?{_GAP}\d{{4}}",  # March 3, 2015
        rf"{_MONTH}{_GAP}\d{{4}}",  # (born in) March 2015
    ]
)
# A date is only a date of birth when the text says so: "on 3 March 2025 the panel met" is not one.
_DATE_OF_BIRTH = regex.compile(
    r"(?<![\p{L}\p{N}])(?i:date\s+of\s+birth|birth\s*date|d\.?o\.?b\b\.?|born(?:\s+(?:on|in))?)"
    rf"(?>[^\S\r\n]*[:\-–]?[^\S\r\n]*)(?:{_DATE})(?![\p{{L}}\p{{N}}])"
)


def _matches(text: str, pattern: Any, kind: str) -> Iterator[Finding]:
    for match in pattern.finditer(text):
        yield Finding.at(text, match.start(), match.end(), kind)


# --- one finding per span ---------------------------------------------------------------------------------

# On a tie in length, the more certain finding is kept: a known name over a name that only looks like one.
_PRECEDENCE = {
    kind: i
    for i, kind in enumerate(
        ("known_name", "age_with_name", "date_of_birth", "address", "postcode", "full_name")
    )
}


def _without_overlaps(candidates: list[Finding], length: int) -> list[Finding]:
    """The longest findings first, dropping any that overlaps one already kept ("Jane Smith, aged 7" holds
    the full name "Jane Smith"). Marking taken characters keeps this linear in the text."""
    taken = bytearray(length)
    kept: list[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.start - f.end, _PRECEDENCE[f.kind], f.start)):
        if 1 in taken[finding.start : finding.end]:
            continue
        taken[finding.start : finding.end] = b"\x01" * (finding.end - finding.start)
        kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
