"""Which providers are due for inspection, and when. Rules: SCH-1, SCH-2, SCH-3, SCH-4, THM-3."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Prefetch

from careinspect.registry.models import InspectionKind, PastInspection, Provider
from careinspect.rules.grades import Grade
from careinspect.rules.scheduling import Window, first_inspection_window, next_inspection_window


class DueStatus(StrEnum):
    OVERDUE = "overdue"
    THIS_QUARTER = "this_quarter"
    LATER = "later"
    NOT_ON_CYCLE = "not_on_cycle"

    @property
    def label(self) -> str:
        return {
            DueStatus.OVERDUE: "Overdue",
            DueStatus.THIS_QUARTER: "Due this quarter",
            DueStatus.LATER: "Later",
            DueStatus.NOT_ON_CYCLE: "Not on a cycle",
        }[self]


@dataclass(frozen=True)
class DueEntry:
    provider: Provider
    last_graded: PastInspection | None
    window: Window | None
    status: DueStatus
    reason: str  # why this window (or none), in the guidance's words


def quarter_end(day: date) -> date:
    """Last day of the quarter `day` is in (the inspection year's quarters are calendar quarters)."""
    last_month = ((day.month - 1) // 3 + 1) * 3
    following = date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def status_of(window: Window | None, today: date) -> DueStatus:
    if window is None:
        return DueStatus.NOT_ON_CYCLE
    if window.latest < today:
        return DueStatus.OVERDUE
    if window.earliest <= quarter_end(today):
        return DueStatus.THIS_QUARTER
    return DueStatus.LATER


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def due_entry(provider: Provider, past: Iterable[PastInspection], today: date) -> DueEntry:
    """The next-inspection window of one provider from its latest graded full inspection."""
    graded = [p for p in past if p.kind == InspectionKind.SCCIF_FULL and p.judgement]
    last = max(graded, key=lambda p: p.end_date, default=None)
    window: Window | None
    if not provider.on_inspection_cycle:
        window, reason = None, "Regional adoption agency: inspected through the thematic programme (THM-3)"
    elif last is not None:
        grade = Grade(last.judgement)
        window = next_inspection_window(last.end_date, grade)
        reason = f"Last inspected {_long(last.end_date)}: {grade.label.lower()}"
    elif provider.serves_users:
        window = first_inspection_window(provider.registration_date)
        reason = f"Not yet inspected; registered {_long(provider.registration_date)}"
    else:
        window, reason = None, "Not yet inspected; nobody receives services yet (SCH-4)"
    return DueEntry(provider, last, window, status_of(window, today), reason)


SORT_KEYS = {
    "latest": lambda e: (e.window is None, e.window.latest if e.window else date.max, e.provider.name),
    "earliest": lambda e: (e.window is None, e.window.earliest if e.window else date.max, e.provider.name),
    "name": lambda e: (e.provider.name.lower(),),
    "kind": lambda e: (e.provider.kind, e.provider.name.lower()),
}


def inspections_due(
    today: date,
    *,
    kinds: Iterable[str] = (),
    statuses: Iterable[str] = (),
    sort: str = "latest",
    descending: bool = False,
) -> list[DueEntry]:
    """Every provider with its window, filtered by kind and status and sorted.

    Windows are computed in Python from the rules rather than stored, so a change of rule or
    policy shows at once; one query for providers and one for their inspections.
    """
    providers = Provider.objects.all()
    kind_set = set(kinds)
    if kind_set:
        providers = providers.filter(kind__in=kind_set)
    providers = providers.prefetch_related(
        Prefetch("past_inspections", queryset=PastInspection.objects.filter(kind=InspectionKind.SCCIF_FULL))
    )
    status_set = {DueStatus(s) for s in statuses}
    entries = [due_entry(p, p.past_inspections.all(), today) for p in providers]
    if status_set:
        entries = [e for e in entries if e.status in status_set]
    entries.sort(key=SORT_KEYS.get(sort, SORT_KEYS["latest"]), reverse=descending)
    return entries
