"""A finished plan: placements with their reasons, what is left unplaced and why, and its figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from careinspect.rules.planning.explain import placement_reason, unplaced_reason
from careinspect.rules.planning.problem import Problem, Slot


@dataclass(frozen=True)
class Assignment:
    urn: str
    inspector: str
    start: date
    end: date
    reason: str
    locked: bool = False
    out_of_region: bool = False
    sch6_exception: str | None = None  # RULES: SCH-6 — the recorded reason a fixed placement breaks it

    def as_dict(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "urn": self.urn,
            "inspector": self.inspector,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "reason": self.reason,
        }
        if self.locked:
            answer["locked"] = True
        if self.sch6_exception:
            answer["sch6_exception"] = self.sch6_exception
        return answer


@dataclass(frozen=True)
class Unassigned:
    urn: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"urn": self.urn, "reason": self.reason}


@dataclass(frozen=True)
class Figures:
    planner: str
    status: str
    seconds: float
    placed: int
    unplaced: int
    out_of_region: int
    sch6_exceptions: int
    weighted_mean_delay: float  # working days after the earliest possible start, weighted by priority
    cost: int  # the planners' shared objective (problem.py) over the placements they chose
    moved: int  # placements that differ from the previous plan, in a re-plan
    not_due_in_horizon: int  # windows opening after the horizon: not planned, not listed
    passes: tuple[dict[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        answer = dict(self.__dict__)
        answer["seconds"] = round(self.seconds, 2)
        answer["weighted_mean_delay"] = round(self.weighted_mean_delay, 2)
        answer["passes"] = list(self.passes)
        return answer


@dataclass(frozen=True)
class Plan:
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    figures: Figures
    _by_urn: dict[str, Assignment] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_urn", {a.urn: a for a in self.assignments})

    def get(self, urn: str) -> Assignment | None:
        return self._by_urn.get(urn)

    def slots(self) -> dict[str, tuple[str, date]]:
        """Inspector and first day of each placement: what a re-plan should move as little as possible."""
        return {a.urn: (a.inspector, a.start) for a in self.assignments}

    def as_dict(self) -> dict[str, Any]:
        return {
            "assignments": [a.as_dict() for a in self.assignments],
            "unassigned": [u.as_dict() for u in self.unassigned],
            "objective": self.figures.as_dict(),
        }


def assemble(
    problem: Problem,
    chosen: Mapping[str, Slot],
    *,
    planner: str,
    status: str,
    seconds: float,
    previous: Mapping[str, tuple[str, date]] | None = None,
    passes: tuple[dict[str, Any], ...] = (),
) -> Plan:
    """The Plan for the slots chosen, with every reason and figure computed the same way for any planner."""
    timeline, scenario = problem.timeline, problem.scenario
    diaries = problem.diaries()
    for urn, slot in chosen.items():
        diaries[slot.inspector].book(
            range(slot.start, slot.start + scenario.provider_by_urn[urn].days_on_site)
        )
    assignments: list[Assignment] = []
    for fixed in problem.fixed.values():
        exception = f"; SCH-6 exception: {fixed.sch6_exception}" if fixed.sch6_exception else ""
        assignments.append(
            Assignment(
                urn=fixed.urn,
                inspector=fixed.inspector,
                start=timeline.dates[fixed.days[0]],
                end=timeline.dates[fixed.days[-1]],
                reason=f"fixed: {fixed.reason}{exception}",
                locked=True,
                out_of_region=_out_of_region(problem, fixed.urn, fixed.inspector),
                sch6_exception=fixed.sch6_exception,
            )
        )
    weighted_delay = weights = cost = 0
    for urn, slot in chosen.items():
        provider = scenario.provider_by_urn[urn]
        inspector = scenario.inspector_by_id[slot.inspector]
        weighted_delay += provider.priority * problem.working_delay(provider, slot.start)
        weights += provider.priority
        cost += problem.cost(provider, inspector, slot.start)
        assignments.append(
            Assignment(
                urn=urn,
                inspector=slot.inspector,
                start=timeline.dates[slot.start],
                end=timeline.dates[slot.start + provider.days_on_site - 1],
                reason=placement_reason(problem, diaries, provider, inspector, slot.start),
                out_of_region=_out_of_region(problem, urn, slot.inspector),
            )
        )
    assignments.sort(key=lambda a: (a.start, a.urn))
    unplaced = [p for p in problem.overdue + problem.to_plan if p.urn not in chosen]
    unassigned = tuple(Unassigned(p.urn, unplaced_reason(problem, diaries, p)) for p in unplaced)
    planned = {p.urn for p in problem.to_plan}
    moved = sum(
        1
        for urn, (inspector, day) in (previous or {}).items()
        if urn in planned
        and (
            urn not in chosen
            or (chosen[urn].inspector, timeline.dates[chosen[urn].start]) != (inspector, day)
        )
    )
    figures = Figures(
        planner=planner,
        status=status,
        seconds=seconds,
        placed=len(assignments),
        unplaced=len(unassigned),
        out_of_region=sum(a.out_of_region for a in assignments),
        sch6_exceptions=sum(a.sch6_exception is not None for a in assignments),
        weighted_mean_delay=weighted_delay / weights if weights else 0.0,
        cost=cost,
        moved=moved,
        not_due_in_horizon=len(problem.not_due),
        passes=passes,
    )
    return Plan(tuple(assignments), unassigned, figures)


def _out_of_region(problem: Problem, urn: str, inspector: str) -> bool:
    scenario = problem.scenario
    return scenario.provider_by_urn[urn].region != scenario.inspector_by_id[inspector].region
