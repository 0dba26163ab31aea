"""The policy in force for datasets: the row limit of each kind (INF-1, INF-2, INF-3).

The defaults of `rules/data/policy.toml`, or, once Django has started, the app's policy with the
environment's overrides: `DatasetsConfig.ready` hands over the function that reads it, since this package
does not import Django. Kept apart from the polars code so that starting the app loads no polars.
"""

from __future__ import annotations

from collections.abc import Callable

from careinspect.rules.policy import Policy, default_policy

_policy: Callable[[], Policy] = default_policy


def use_policy(policy: Callable[[], Policy]) -> None:
    """Read the policy from `policy` from now on (the app's policy in force, overrides included)."""
    global _policy
    _policy = policy


def row_limit(kind: str) -> int:
    """The most rows a sheet of this kind of dataset may have."""
    return _policy().dataset_row_limits.for_kind(kind)
