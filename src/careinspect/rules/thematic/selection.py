"""Choosing the RAAs a thematic programme visits. Rules: THM-2, THM-3.

First the exclusions (THM-3), each with its reason; then a representative sample of the rest (THM-2),
solved as an optimisation (`sample_model`), with a sentence per RAA saying why it was chosen and a
coverage table: how many chosen RAAs have each value of each factor. A manager swaps an RAA by forcing
one in and another out, and sees the table change.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from careinspect.rules.errors import RuleViolation
from careinspect.rules.thematic.candidates import ENGLAND_REGIONS, CandidateRaa, LaInspectionKind
from careinspect.rules.thematic.factors import (
    FACTORS,
    FEWER,
    LARGER,
    LONG_ESTABLISHED,
    MORE,
    NEWER,
    SMALLER,
    STRONGER,
    WEAKER,
    bands_for,
)
from careinspect.rules.thematic.policy import ThematicPolicy, default_thematic_policy
from careinspect.rules.thematic.reasons import reasons_for
from careinspect.rules.thematic.sample_model import solve_sample
from careinspect.rules.thematic.window import ProgrammeWindow


@dataclass(frozen=True)
class Exclusion:
    urn: str
    rule: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"urn": self.urn, "rule": self.rule, "reason": self.reason}


@dataclass(frozen=True)
class Selection:
    selected: tuple[str, ...]  # URNs, sorted
    excluded: tuple[Exclusion, ...]
    coverage: dict[str, dict[str, int]]  # factor -> value -> chosen RAAs with it (0 where none)
    reasons: dict[str, str]  # URN -> why it was chosen

    def as_dict(self) -> dict[str, Any]:
        """The command line's JSON contract."""
        return {
            "selected": list(self.selected),
            "excluded": [e.as_dict() for e in self.excluded],
            "coverage": self.coverage,
            "reasons": self.reasons,
        }


def exclusions(candidates: Sequence[CandidateRaa], window: ProgrammeWindow) -> list[Exclusion]:
    """RULES: THM-3 — RAAs that cannot be sampled, one entry per RAA with every reason that applies."""
    found = []
    for raa in candidates:
        reasons = _exclusion_reasons(raa, window)
        if reasons:
            found.append(Exclusion(raa.urn, "THM-3", "; ".join(reasons)))
    return found


def _exclusion_reasons(raa: CandidateRaa, window: ProgrammeWindow) -> list[str]:
    reasons = []
    if raa.registered_as_vaa:
        # RULES: THM-3 — seed 000 §14: an RAA registered as a VAA is inspected under the SCCIF.
        reasons.append("registered as a voluntary adoption agency, so inspected under the SCCIF")
    for inspection in sorted(raa.la_inspections, key=lambda i: (i.day, i.la_code)):
        # RULES: THM-3 — seed 001 Annex: not where ILACS or SEND inspections of partner LAs are
        # "scheduled … at the same time", read as: on any day of the programme window.
        if window.contains(inspection.day):
            article = "an" if inspection.kind == LaInspectionKind.ILACS else "a"  # "an I-lacs", "a SEND"
            reasons.append(
                f"partner LA {inspection.la_code} has {article} {inspection.kind} inspection on "
                f"{inspection.day.isoformat()}, inside the programme window ({window.describe()})"
            )
    return reasons


def select(
    candidates: Sequence[CandidateRaa],
    size: int,
    window: ProgrammeWindow,
    seed: int = 0,
    forced_in: Collection[str] = (),
    forced_out: Collection[str] = (),
    policy: ThematicPolicy | None = None,
) -> Selection:
    """RULES: THM-2 — the most representative `size` RAAs among those THM-3 leaves eligible.

    `forced_in` and `forced_out` are a manager's swaps: those RAAs are kept in or left out whatever the
    optimiser prefers, and the rest of the sample is chosen around them.
    """
    policy = policy or default_thematic_policy()
    excluded = exclusions(candidates, window)
    excluded_by_urn = {e.urn: e for e in excluded}
    eligible = [raa for raa in candidates if raa.urn not in excluded_by_urn]
    pool = [raa for raa in eligible if raa.urn not in forced_out]
    _check_swaps({raa.urn for raa in candidates}, excluded_by_urn, forced_in, forced_out)
    _check_size(size, len(candidates), len(eligible), len(pool), len(set(forced_in)))

    # Bands come from every eligible RAA, swapped-out ones included, so a swap never moves a threshold.
    bands = bands_for(eligible, window, policy)
    values = {raa.urn: bands.values(raa) for raa in eligible}
    chosen_urns = solve_sample(pool, values, size, seed, set(forced_in), policy.weights)
    chosen = sorted((raa for raa in pool if raa.urn in chosen_urns), key=lambda raa: raa.urn)
    return Selection(
        selected=tuple(raa.urn for raa in chosen),
        excluded=tuple(excluded),
        coverage=coverage_table(eligible, chosen, values, policy),
        reasons=reasons_for(chosen, values, bands, forced_in),
    )


def coverage_table(
    eligible: Sequence[CandidateRaa],
    chosen: Sequence[CandidateRaa],
    values: dict[str, dict[str, str]],
    policy: ThematicPolicy,
) -> dict[str, dict[str, int]]:
    """factor -> every value some eligible RAA has -> how many chosen RAAs have it, in a fixed order."""
    order = {
        "region": list(ENGLAND_REGIONS),
        "operating_model": list(policy.operating_models),
        "established": [LONG_ESTABLISHED, NEWER],
        "size": [SMALLER, LARGER],
        "ilacs": [WEAKER, STRONGER],
        "linked_las": [FEWER, MORE],
    }
    table = {}
    for factor in FACTORS:
        present = {values[raa.urn][factor] for raa in eligible}
        table[factor] = {
            value: sum(1 for raa in chosen if values[raa.urn][factor] == value)
            for value in order[factor]
            if value in present
        }
    return table


def _check_swaps(
    known: Collection[str],
    excluded: dict[str, Exclusion],
    forced_in: Collection[str],
    forced_out: Collection[str],
) -> None:
    for field, urns in (("forced_in", forced_in), ("forced_out", forced_out)):
        for urn in urns:
            if urn not in known:
                raise RuleViolation(f"{urn} is not one of the candidate RAAs", field=field)
    for urn in forced_in:
        if urn in excluded:
            raise RuleViolation(
                f"{urn} cannot be chosen: {excluded[urn].reason}", rule="THM-3", field="forced_in"
            )
        if urn in forced_out:
            raise RuleViolation(f"{urn} cannot be both forced in and forced out", field="forced_out")


def _check_size(size: int, candidates: int, eligible: int, pool: int, forced_in: int) -> None:
    if size < 1:
        raise RuleViolation(f"a sample of {size} RAAs is not a sample: ask for 1 or more", field="size")
    if size > eligible:
        raise RuleViolation(
            f"{size} RAAs asked for, but only {eligible} of the {candidates} candidates are eligible once "
            "RAAs registered as VAAs and those with partner-LA ILACS or SEND inspections in the window "
            "are left out",
            rule="THM-3",
            field="size",
        )
    if size > pool:
        raise RuleViolation(
            f"{size} RAAs asked for, but only {pool} eligible RAAs are left once the "
            f"{eligible - pool} swapped out are set aside",
            rule="THM-2",
            field="size",
        )
    if forced_in > size:
        raise RuleViolation(
            f"{forced_in} RAAs are forced in but the sample holds only {size}",
            rule="THM-2",
            field="forced_in",
        )
