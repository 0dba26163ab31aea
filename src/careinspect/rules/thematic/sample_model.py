"""The sample as an optimisation (OR-Tools CP-SAT): which RAAs make the most representative sample.

RULES: THM-2. One boolean per eligible RAA, exactly `size` of them true. The objectives are solved one
after the other, each best value then held fixed, so a lower one can never buy a worse higher one:

1. regions spread evenly: no region gets a second RAA before every eligible region has one (a soft
   constraint only so that a manager's forced choice can break it; without one it always holds);
2. coverage: every value of every factor in the sample, weighted per factor (one boolean per value);
3. proportion: each value's share of the sample close to its share of the eligible RAAs;
4. the seed: a seeded random weight per RAA breaks the remaining ties, the same seed the same answer.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from ortools.sat.python import cp_model

from careinspect.rules.thematic.candidates import CandidateRaa
from careinspect.rules.thematic.factors import FACTORS
from careinspect.rules.thematic.policy import Weights

# Ample for a few dozen RAAs (it solves in milliseconds); a guard, not a tuning knob.
_TIME_LIMIT_SECONDS = 30.0


def solve_sample(
    pool: Sequence[CandidateRaa],
    values: Mapping[str, Mapping[str, str]],
    size: int,
    seed: int,
    forced_in: Collection[str],
    weights: Weights,
) -> set[str]:
    """The URNs of the best sample of `size` from `pool`; `values` gives each URN's factor values."""
    model = cp_model.CpModel()
    urns = sorted(raa.urn for raa in pool)  # by URN, so the file's row order cannot change the answer
    pick = {urn: model.new_bool_var(f"pick {urn}") for urn in urns}
    model.add(sum(pick.values()) == size)
    for urn in forced_in:
        model.add(pick[urn] == 1)

    groups = _groups(urns, values)
    stages = [
        (False, _region_spread_slack(model, pick, groups["region"], size)),
        (True, _coverage(model, pick, groups, weights)),
        (False, _disproportion(model, pick, groups, size, len(urns))),
        (True, _seeded_preference(pick, seed)),
    ]
    solver = _solver()
    for maximise, objective in stages:
        if maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)
        if solver.solve(model) != cp_model.OPTIMAL:
            raise RuntimeError("the selection model found no optimal sample")  # the checks before exclude it
        model.add(objective == solver.value(objective))
    return {urn for urn in urns if solver.boolean_value(pick[urn])}


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    # One worker and a fixed seed: CP-SAT's parallel search can return a different optimum run to run.
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = _TIME_LIMIT_SECONDS
    return solver


def _groups(urns: Sequence[str], values: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, list[str]]]:
    """factor -> value -> the URNs that have it."""
    groups: dict[str, dict[str, list[str]]] = {factor: defaultdict(list) for factor in FACTORS}
    for urn in urns:
        for factor in FACTORS:
            groups[factor][values[urn][factor]].append(urn)
    return groups


def regions_level(available: Collection[int], size: int) -> int:
    """How many RAAs every region gets before any gets one more, filling regions evenly to `size`.

    The largest level L at which giving each region min(available, L) RAAs does not exceed the sample;
    with a sample no bigger than the number of regions it is 0, so each region has at most 1.
    """
    level = 0
    while level < max(available, default=0) and sum(min(n, level + 1) for n in available) <= size:
        level += 1
    return level


def _region_spread_slack(
    model: cp_model.CpModel, pick: Mapping[str, cp_model.IntVar], regions: Mapping[str, list[str]], size: int
) -> cp_model.LinearExprT:
    """RULES: THM-2 — "no region twice before every eligible region has one": each region's count lies
    between min(available, L) and min(available, L + 1); the slack measures any breach."""
    level = regions_level([len(urns) for urns in regions.values()], size)
    slack = []
    for region, urns in regions.items():
        count = sum(pick[urn] for urn in urns)
        least, most = min(len(urns), level), min(len(urns), level + 1)
        short = model.new_int_var(0, least, f"{region} short")
        over = model.new_int_var(0, len(urns), f"{region} over")
        model.add(count + short >= least)
        model.add(count - over <= most)
        slack += [short, over]
    return sum(slack)


def _coverage(
    model: cp_model.CpModel,
    pick: Mapping[str, cp_model.IntVar],
    groups: Mapping[str, Mapping[str, list[str]]],
    weights: Weights,
) -> cp_model.LinearExprT:
    """RULES: THM-2 — one boolean per factor value, true only if some chosen RAA has that value."""
    terms = []
    for factor, by_value in groups.items():
        weight = getattr(weights, factor)
        for value, urns in by_value.items():
            covered = model.new_bool_var(f"covers {factor}={value}")
            model.add(covered <= sum(pick[urn] for urn in urns))
            terms.append(weight * covered)
    return sum(terms)


def _disproportion(
    model: cp_model.CpModel,
    pick: Mapping[str, cp_model.IntVar],
    groups: Mapping[str, Mapping[str, list[str]]],
    size: int,
    pool_size: int,
) -> cp_model.LinearExprT:
    """RULES: THM-2 — representative beyond coverage: |count - size * share| per value, in units of
    1/pool_size of an RAA so that it stays whole. Regions are left to the spread rule above."""
    terms = []
    for factor, by_value in groups.items():
        if factor == "region":
            continue
        for value, urns in by_value.items():
            scaled_count = pool_size * sum(pick[urn] for urn in urns)
            target = size * len(urns)
            gap = model.new_int_var(0, pool_size * size, f"gap {factor}={value}")
            model.add(gap >= scaled_count - target)
            model.add(gap >= target - scaled_count)
            terms.append(gap)
    return sum(terms)


def _seeded_preference(pick: Mapping[str, cp_model.IntVar], seed: int) -> cp_model.LinearExprT:
    """A seeded random weight per RAA (a shuffled 0..n-1); the heaviest sample wins the remaining ties.

    Two samples can still weigh the same; the single-worker solver then always returns the same one.
    """
    urns = list(pick)
    ranks = random.Random(seed).sample(range(len(urns)), len(urns))
    return sum(rank * pick[urn] for urn, rank in zip(urns, ranks, strict=True))
