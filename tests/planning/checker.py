"""An independent check of a plan's hard constraints, written from the rules, not from the planner.

It works on calendar dates with `WorkingDayCalendar` directly (not the planner's timeline), so a bug in
the planner's own bookkeeping cannot hide itself. Each finding is (rule or constraint, message).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning import Horizon, Plan, Scenario


def on_site_days(calendar: WorkingDayCalendar, start: date, end: date) -> list[date]:
    return [
        start + timedelta(n)
        for n in range((end - start).days + 1)
        if calendar.is_working_day(start + timedelta(n))
    ]


def violations(
    scenario: Scenario, horizon: Horizon, calendar: WorkingDayCalendar, plan: Plan
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    booked: dict[str, Counter[date]] = {}
    seen = Counter(a.urn for a in plan.assignments) + Counter(u.urn for u in plan.unassigned)
    for urn, times in seen.items():
        if times > 1:
            found.append(("once", f"{urn} appears {times} times"))
    for provider in scenario.providers:
        if provider.urn not in seen and provider.window_start <= horizon.last:
            found.append(("complete", f"{provider.urn} is neither placed nor listed as unplaced"))
    for a in plan.assignments:
        provider = scenario.provider_by_urn[a.urn]
        inspector = scenario.inspector_by_id[a.inspector]
        days = on_site_days(calendar, a.start, a.end)
        if not calendar.is_working_day(a.start) or not calendar.is_working_day(a.end):
            found.append(("CAL-1", f"{a.urn} starts or ends on a day that is not a working day"))
        if len(days) != provider.days_on_site:
            found.append(
                ("days", f"{a.urn} has {len(days)} working days on site, not {provider.days_on_site}")
            )
        if not a.locked and not (
            max(provider.window_start, horizon.first) <= a.start
            and a.end <= min(provider.window_end, horizon.last)
        ):
            found.append(
                ("window", f"{a.urn} on site {a.start} to {a.end}, outside its window or the horizon")
            )
        if provider.kind not in inspector.kinds:
            found.append(("kind", f"{a.urn} ({provider.kind}) led by {a.inspector} without the specialism"))
        if provider.urn in inspector.conflicts:
            found.append(("conflict", f"{a.urn} led by {a.inspector}, who declared a conflict"))
        last_three = provider.previous_inspectors[:3]
        if len(last_three) == 3 and set(last_three) == {a.inspector} and not (a.locked and a.sch6_exception):
            found.append(
                ("SCH-6", f"{a.urn} led by {a.inspector} a fourth time without a recorded exception")
            )
        for day in days:
            if day in inspector.leave:
                found.append(("leave", f"{a.inspector} is on leave on {day} but on site at {a.urn}"))
            booked.setdefault(a.inspector, Counter())[day] += 1
    for inspector_id, diary in booked.items():
        for day, times in diary.items():
            if times > 1:
                found.append(("overlap", f"{inspector_id} is in {times} places on {day}"))
        weeks = Counter(day.isocalendar()[:2] for day in diary.elements())
        cap = scenario.inspector_by_id[inspector_id].days_per_week
        for week, count in weeks.items():
            if count > cap:
                found.append(
                    ("weekly", f"{inspector_id} has {count} on-site days in week {week}, above {cap}")
                )
    return found
