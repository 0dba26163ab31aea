"""Placements the planner must keep: inspections already announced or locked by a manager.

A lock is a decision already taken, so it stands even where it breaks SCH-6, and the lock's reason is
recorded as the SCH-6 exception (e.g. continuity during enforcement). What no decision can make
possible — a lead without the specialism, a conflict of interest, a day on leave, two places at once,
more on-site days in a week than the inspector works, a day that is not a working day (CAL-4) — is an
error that names the lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.planning.bookings import Diary
from careinspect.rules.planning.scenario import Lock, Scenario, why_not_lead
from careinspect.rules.planning.timeline import Timeline


@dataclass(frozen=True)
class FixedPlacement:
    urn: str
    inspector: str
    days: tuple[int, ...]  # positions on the timeline: consecutive working days, possibly over a weekend
    reason: str
    sch6_exception: str | None


def _refuse(lock: Lock, why: str, rule: str | None = None) -> RuleViolation:
    return RuleViolation(
        f"the lock of {lock.urn} on {lock.inspector} from {lock.start} {why}", rule=rule, field="locks"
    )


def fix_locks(
    scenario: Scenario, timeline: Timeline, calendar: WorkingDayCalendar
) -> dict[str, FixedPlacement]:
    diaries: dict[str, Diary] = {}
    fixed: dict[str, FixedPlacement] = {}
    for lock in sorted(scenario.locks, key=lambda k: (k.start, k.urn)):
        provider = scenario.provider_by_urn.get(lock.urn)
        inspector = scenario.inspector_by_id.get(lock.inspector)
        if provider is None or inspector is None:
            raise _refuse(lock, "names an agency or inspector the scenario does not hold")
        if lock.urn in fixed:
            raise _refuse(lock, "is the agency's second lock")
        reason = calendar.why_not_working(lock.start)
        if reason:  # RULES: CAL-4
            raise _refuse(lock, f"cannot start then: {reason}, not a working day", rule="CAL-4")
        start = timeline.index.get(lock.start)
        if start is None:
            raise _refuse(lock, "does not lie inside the horizon")
        try:
            days = tuple(timeline.working_run(start, provider.days_on_site))
        except RuleViolation as exc:
            raise _refuse(lock, exc.message) from None
        refusal = why_not_lead(provider, inspector)
        if refusal == "kind":
            raise _refuse(lock, f"needs the {provider.kind} specialism, which {inspector.id} does not hold")
        if refusal == "conflict":
            raise _refuse(lock, f"breaks {inspector.id}'s declared conflict of interest")
        diary = diaries.setdefault(inspector.id, Diary(inspector, timeline))
        if not diary.fits(days):
            raise _refuse(
                lock,
                "clashes with the inspector's leave, another lock or their "
                f"{inspector.days_per_week} on-site days a week",
            )
        diary.book(days)
        fixed[lock.urn] = FixedPlacement(
            urn=lock.urn,
            inspector=inspector.id,
            days=days,
            reason=lock.reason,
            # RULES: SCH-6 — a fixed placement may break it; its reason is the recorded exception.
            sch6_exception=lock.reason if refusal == "sch6" else None,
        )
    return fixed
