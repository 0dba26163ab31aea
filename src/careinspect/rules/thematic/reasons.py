"""Why each RAA is in the sample, in a sentence a manager can read out. RULES: THM-2.

The sentence names the value the RAA brings for each factor, and says "the only" where no other RAA in
the sample brings it, since that is what makes it hard to swap out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from careinspect.rules.grades import Grade
from careinspect.rules.thematic.candidates import CandidateRaa
from careinspect.rules.thematic.factors import FACTORS, WEAKER, Bands

# Regions named without "the" in a sentence ("covers London", but "covers the North East").
_NO_ARTICLE = {"London", "Yorkshire and the Humber"}


def reasons_for(
    chosen: Sequence[CandidateRaa],
    values: Mapping[str, Mapping[str, str]],
    bands: Bands,
    forced_in: Collection[str] = (),
) -> dict[str, str]:
    """URN -> one sentence, for every chosen RAA."""
    counts = {factor: Counter(values[raa.urn][factor] for raa in chosen) for factor in FACTORS}
    sentences = {}
    for raa in chosen:
        mine = values[raa.urn]
        only = {factor: counts[factor][mine[factor]] == 1 for factor in FACTORS}
        clauses = [
            _model(raa, only["operating_model"], counts["operating_model"][raa.operating_model]),
            _region(raa, only["region"], counts["region"][raa.region]),
            _established(raa, mine["established"], only["established"]),
            _size(raa, mine["size"], only["size"]),
            _ilacs(raa, mine["ilacs"], only["ilacs"], bands),
            _linked(raa, mine["linked_las"], only["linked_las"]),
        ]
        if raa.urn in forced_in:
            clauses.insert(0, "chosen by a manager")
        sentence = "; ".join(clauses)
        sentences[raa.urn] = sentence[0].upper() + sentence[1:] + "."
    return sentences


def region_name(region: str) -> str:
    return region if region in _NO_ARTICLE else f"the {region}"


def _model(raa: CandidateRaa, only: bool, count: int) -> str:
    if only:
        return f"the only {raa.operating_model} model"
    return f"one of {count} {raa.operating_model} models"


def _region(raa: CandidateRaa, only: bool, count: int) -> str:
    if only:
        return f"covers {region_name(raa.region)}"
    return f"one of {count} in {region_name(raa.region)}"


def _established(raa: CandidateRaa, band: str, only: bool) -> str:
    return f"{'the only ' + band + ' RAA' if only else band} (began {raa.started.year})"


def _size(raa: CandidateRaa, band: str, only: bool) -> str:
    return f"{'the only ' + band + ' RAA' if only else band} ({raa.size} adoptions a year)"


def _ilacs(raa: CandidateRaa, band: str, only: bool, bands: Bands) -> str:
    # Say which judgements put the RAA in its band, so "weaker" is never a bare label.
    weaker_words = " or ".join(g.label.lower() for g in Grade if g in bands.weaker_ilacs)
    stronger_words = " or ".join(g.label.lower() for g in Grade if g not in bands.weaker_ilacs)
    if band == WEAKER:
        weak = sum(1 for grade in raa.ilacs if grade in bands.weaker_ilacs)
        detail = f"{weak} of {len(raa.ilacs)} judged {weaker_words}"
    else:
        detail = f"all {len(raa.ilacs)} judged {stronger_words}"
    if only:
        return f"the only one whose partner LAs have {band} ILACS judgements ({detail})"
    return f"partner LAs with {band} ILACS judgements ({detail})"


def _linked(raa: CandidateRaa, band: str, only: bool) -> str:
    return f"{'the only one with ' if only else ''}{band} linked LAs ({len(raa.member_las)})"
