"""Small hand-made scenarios whose right answer can be worked out on paper."""

from __future__ import annotations

from datetime import date

from careinspect.rules.planning import Horizon, Inspector, ProviderDue

YEAR = Horizon(date(2026, 4, 1), date(2027, 3, 31))  # the generator's default inspection year
JUNE = Horizon(date(2026, 6, 1), date(2026, 6, 19))  # three weeks without a bank holiday


def provider(
    urn: str,
    *,
    region: str = "London",
    kind: str = "IFA",
    window: tuple[str, str] = ("2026-06-01", "2026-06-19"),
    days: int = 2,
    priority: int = 1,
    previous: tuple[str, ...] = (),
) -> ProviderDue:
    return ProviderDue(
        urn=urn,
        kind=kind,
        region=region,
        window_start=date.fromisoformat(window[0]),
        window_end=date.fromisoformat(window[1]),
        days_on_site=days,
        priority=priority,
        previous_inspectors=previous,
    )


def inspector(
    id: str,
    *,
    region: str = "London",
    kinds: tuple[str, ...] = ("IFA",),
    days_per_week: int = 2,
    leave: tuple[str, ...] = (),
    conflicts: tuple[str, ...] = (),
) -> Inspector:
    return Inspector(
        id=id,
        region=region,
        kinds=frozenset(kinds),
        days_per_week=days_per_week,
        leave=frozenset(date.fromisoformat(d) for d in leave),
        conflicts=frozenset(conflicts),
    )
