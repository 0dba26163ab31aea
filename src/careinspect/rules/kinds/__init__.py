"""The kinds of inspection, each one declaration: its lifecycle, framework, steps, report, pages, letters.

`declaration(kind)` is the one place the rest of the system asks what a kind of inspection does.
"""

from __future__ import annotations

from collections.abc import Mapping

from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import ifa_assurance, monitoring, raa_thematic, sccif_full
from careinspect.rules.kinds.base import (
    ACTIVITY_LABELS,
    KIND_LABELS,
    Deadline,
    Kind,
    KindDeclaration,
    ReportShape,
)
from careinspect.rules.lifecycle import Lifecycle, Status, Transition

__all__ = [
    "ACTIVITY_LABELS",
    "DECLARATIONS",
    "KIND_LABELS",
    "Deadline",
    "Kind",
    "KindDeclaration",
    "ReportShape",
    "declaration",
    "lifecycle",
    "parse_kind",
    "require_step",
    "require_transition",
    "step_label",
]

DECLARATIONS: Mapping[Kind, KindDeclaration] = {
    d.kind: d
    for d in (
        sccif_full.DECLARATION,
        raa_thematic.DECLARATION,
        ifa_assurance.DECLARATION,
        monitoring.DECLARATION,
    )
}


def parse_kind(value: str | Kind) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise RuleViolation(
            f"{value!r} is not a kind of inspection; the kinds are {', '.join(k.value for k in Kind)}",
            field="kind",
        ) from None


def declaration(kind: str | Kind) -> KindDeclaration:
    return DECLARATIONS[parse_kind(kind)]


def lifecycle(kind: str | Kind) -> Lifecycle:
    return declaration(kind).lifecycle


# Every step's words, whatever the kind, so a refusal can name a step the kind does not have.
STEP_LABELS: Mapping[str, str] = {
    **{
        name: step.label
        for d in reversed(list(DECLARATIONS.values()))
        for name, step in d.lifecycle.transitions.items()
    },
    **ACTIVITY_LABELS,
}


def step_label(step: str) -> str:
    return STEP_LABELS.get(step, step.replace("_", " ").capitalize())


def require_step(kind: str | Kind, step: str) -> KindDeclaration:
    """The kind's declaration if `step` is one of its steps; else a RuleViolation naming the kind."""
    found = declaration(kind)
    found.require(step)
    return found


def require_transition(kind: str | Kind, current: Status | str, name: str) -> Transition:
    """RULES: KND-1 — the move `name` from `current`, refused when the kind's graph lacks it or the state
    is wrong (the refusal names the kind's own rule: KND-1 to KND-4)."""
    return lifecycle(kind).require(current, name, step_label=step_label(name))
