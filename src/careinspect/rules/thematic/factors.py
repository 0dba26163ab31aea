"""The factors a representative sample considers, and the value each RAA has for each. RULES: THM-2.

Region and operating model are taken as they are; how long an RAA has operated, its size, its number of
linked LAs and its partner LAs' ILACS judgements are put into two bands each, by thresholds from the
policy file, so that "cover every value" means something for them too.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from careinspect.rules.grades import Grade
from careinspect.rules.thematic.candidates import CandidateRaa
from careinspect.rules.thematic.policy import Split, ThematicPolicy
from careinspect.rules.thematic.window import ProgrammeWindow

# RULES: THM-2 — "location, geography", "operating model", "how long the RAA has been operating",
# "size", "ILACS judgement of the local authorities linked to the RAA", "number of local authorities
# linked to the RAA" (seed 000 §13; seed 001 Annex). Local demographics have no data column yet.
FACTORS = ("region", "operating_model", "established", "size", "ilacs", "linked_las")

LONG_ESTABLISHED, NEWER = "long established", "newer"
SMALLER, LARGER = "smaller", "larger"
WEAKER, STRONGER = "weaker", "stronger"
FEWER, MORE = "fewer", "more"


@dataclass(frozen=True)
class Bands:
    """Where each two-band factor splits, worked out once for the whole pool of eligible RAAs."""

    long_established_by: date  # began operating on or before this day: long established
    larger_from: float  # adoptions a year at or above this: larger
    more_linked_las_from: float  # member LAs at or above this: more
    weaker_ilacs: frozenset[Grade]  # any member LA with one of these: weaker

    def values(self, raa: CandidateRaa) -> dict[str, str]:
        """The RAA's value for every factor, keyed as FACTORS."""
        return {
            "region": raa.region,
            "operating_model": raa.operating_model,
            "established": LONG_ESTABLISHED if raa.started <= self.long_established_by else NEWER,
            "size": LARGER if raa.size >= self.larger_from else SMALLER,
            "ilacs": WEAKER if self.weaker_ilacs.intersection(raa.ilacs) else STRONGER,
            "linked_las": MORE if len(raa.member_las) >= self.more_linked_las_from else FEWER,
        }


def bands_for(eligible: Sequence[CandidateRaa], window: ProgrammeWindow, policy: ThematicPolicy) -> Bands:
    """Thresholds from the policy; a "median" split is the median of the eligible RAAs, not of all of them,
    because the sample is drawn from the eligible ones and should span them."""
    settings = policy.bands
    return Bands(
        long_established_by=window.start - relativedelta(years=settings.long_established_years),
        larger_from=_threshold(settings.larger_from, [raa.size for raa in eligible]),
        more_linked_las_from=_threshold(settings.more_linked_las_from, [len(r.member_las) for r in eligible]),
        weaker_ilacs=frozenset(settings.weaker_ilacs),
    )


def _threshold(split: Split, numbers: list[int]) -> float:
    if split == "median":
        return float(statistics.median(numbers)) if numbers else 0.0
    return float(split)
