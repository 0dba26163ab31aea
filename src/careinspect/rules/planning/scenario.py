"""What the planner is given: the inspections due, the inspectors, and the placements already fixed.

RULES: SCH-6 — an inspector who led an agency's last 3 consecutive inspections may not lead the next
one; only a fixed placement (an announced inspection or a manager's lock) may break that, with its reason
recorded as the exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The kinds of agency the regulator inspects; an inspector must hold the specialism of the agency's kind.
KINDS = ("ASA", "VAA", "IFA", "RAA")
SCH6_CONSECUTIVE_LIMIT = 3  # RULES: SCH-6


@dataclass(frozen=True)
class ProviderDue:
    """One agency due for inspection: where it is, its window (SCH-1..SCH-4) and how urgent it is."""

    urn: str
    kind: str
    region: str
    window_start: date
    window_end: date
    days_on_site: int
    priority: int  # higher is more urgent (SCH-5, SCH-7, SCH-10 bring an inspection forward)
    previous_inspectors: tuple[str, ...] = ()  # lead inspectors, most recent first

    def sch6_barred(self, inspector_id: str) -> bool:
        """RULES: SCH-6 — the inspector led each of the last 3 inspections of this agency."""
        recent = self.previous_inspectors[:SCH6_CONSECUTIVE_LIMIT]
        return len(recent) == SCH6_CONSECUTIVE_LIMIT and all(i == inspector_id for i in recent)


@dataclass(frozen=True)
class Inspector:
    id: str
    region: str
    kinds: frozenset[str]
    days_per_week: int  # on-site days in any ISO week, at most
    leave: frozenset[date] = frozenset()
    conflicts: frozenset[str] = frozenset()  # URNs the inspector must not inspect (conflict of interest)


@dataclass(frozen=True)
class Lock:
    """A placement the planner must keep: an inspection already announced, or locked by a manager."""

    urn: str
    inspector: str
    start: date
    reason: str = "locked by a manager"


@dataclass(frozen=True)
class Scenario:
    providers: tuple[ProviderDue, ...]
    inspectors: tuple[Inspector, ...]
    locks: tuple[Lock, ...] = ()
    inspector_by_id: dict[str, Inspector] = field(init=False, repr=False, compare=False)
    provider_by_urn: dict[str, ProviderDue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "inspector_by_id", {i.id: i for i in self.inspectors})
        object.__setattr__(self, "provider_by_urn", {p.urn: p for p in self.providers})

    def with_locks(self, locks: tuple[Lock, ...]) -> Scenario:
        return Scenario(self.providers, self.inspectors, locks)


def why_not_lead(provider: ProviderDue, inspector: Inspector) -> str | None:
    """None when the inspector may lead this inspection; otherwise the rule that stops them, as a word.

    "kind": lacks the specialism; "conflict": a declared conflict of interest; "sch6": SCH-6.
    """
    if provider.kind not in inspector.kinds:
        return "kind"
    if provider.urn in inspector.conflicts:
        return "conflict"
    if provider.sch6_barred(inspector.id):
        return "sch6"
    return None
