"""The programme plan: a team and a week for every chosen RAA, with its notice and information dates.

Rules: THM-4 (window, teams, Monday to Thursday), KND-2 (up to 4 days on site), NTC-2 (notice 5 working
days before the start), INF-1 (information by 4pm London time on the working day after the notice).
The notice and information dates come from `timelines.compute_timeline("raa-thematic", …)`, the same
arithmetic every RAA inspection uses, so the plan and the inspection can never disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.policy import Policy, default_policy
from careinspect.rules.thematic.plan_model import NoPlan, solve_plan
from careinspect.rules.thematic.policy import ThematicPolicy, default_thematic_policy
from careinspect.rules.thematic.weeks import FieldworkWeek, fieldwork_weeks
from careinspect.rules.thematic.window import ProgrammeWindow
from careinspect.rules.timelines import LONDON, compute_timeline

KIND = "raa-thematic"


@dataclass(frozen=True)
class Visit:
    urn: str
    team: int  # 1..teams
    notice: date
    information_due: datetime  # Europe/London, 16:00
    start: date
    end: date

    def as_dict(self) -> dict[str, str | int]:
        """The command line's JSON contract; the information time carries its UTC offset."""
        return {
            "urn": self.urn,
            "team": self.team,
            "notice": self.notice.isoformat(),
            "information_due": self.information_due.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def plan_visits(
    urns: Sequence[str],
    teams: int,
    window: ProgrammeWindow,
    calendar: WorkingDayCalendar,
    links: Mapping[int, Collection[str]] | None = None,
    *,
    member_las: Mapping[str, Collection[str]] | None = None,
    policy: Policy | None = None,
    thematic_policy: ThematicPolicy | None = None,
) -> list[Visit]:
    """Visits for `urns` in the order given (earlier URNs earlier in the window, as far as links allow).

    `links` maps a team number to the LA codes its inspectors have declared a link with; `member_las`
    maps each URN to its member LAs. A team never visits an RAA with one of its linked LAs.
    """
    links = links or {}
    member_las = member_las or {}
    thematic_policy = thematic_policy or default_thematic_policy()
    _check_urns(urns)
    _check_teams(teams, links)
    on_site = load_framework(KIND).on_site
    weeks = fieldwork_weeks(
        window, calendar, min_days=thematic_policy.plan.min_fieldwork_days, max_days=on_site.usual_days
    )
    _check_capacity(len(urns), weeks, teams, window)
    allowed = {urn: _free_teams(urn, teams, links, member_las) for urn in urns}
    try:
        placed = solve_plan(urns, len(weeks), teams, allowed)
    except NoPlan:
        raise RuleViolation(
            f"no plan puts {len(urns)} RAAs into {len(weeks)} weeks × {teams} teams while keeping every team "
            "off the RAAs its inspectors have declared links with; add a team or widen the window",
            rule="THM-4",
            field="links",
        ) from None
    visits = [
        _visit(urn, weeks[week], team, calendar, policy or default_policy())
        for urn, (week, team) in placed.items()
    ]
    return sorted(visits, key=lambda v: (v.start, v.team))


def _visit(urn: str, week: FieldworkWeek, team: int, calendar: WorkingDayCalendar, policy: Policy) -> Visit:
    # RULES: NTC-2 — notice 5 working days before the start (counted as CAL-3 says);
    # RULES: INF-1 — information by 16:00 on the working day after the notice, in London time.
    timeline = compute_timeline(KIND, week.start, week.end, calendar=calendar, policy=policy)
    information = timeline.get("information_due")
    assert information.at is not None  # the raa-thematic framework gives the 4pm hour
    return Visit(
        urn=urn,
        team=team,
        notice=timeline.get("notice").day,
        information_due=datetime.combine(information.day, information.at, tzinfo=LONDON),
        start=week.start,
        end=week.end,
    )


def _check_urns(urns: Sequence[str]) -> None:
    if not urns:
        raise RuleViolation("give at least one RAA's URN", field="urns")
    repeated = sorted({u for u in urns if urns.count(u) > 1})
    if repeated:
        raise RuleViolation(f"{', '.join(repeated)} is listed more than once", field="urns")


def _check_teams(teams: int, links: Mapping[int, Collection[str]]) -> None:
    if teams < 1:
        raise RuleViolation(f"{teams} teams cannot visit anyone: give 1 or more", field="teams")
    strangers = sorted(team for team in links if not 1 <= team <= teams)
    if strangers:
        raise RuleViolation(
            f"team {strangers[0]} has declared links but the teams are numbered 1 to {teams}", field="links"
        )


def _check_capacity(raas: int, weeks: list[FieldworkWeek], teams: int, window: ProgrammeWindow) -> None:
    # RULES: THM-4 — each team is on one RAA a week, so the window holds weeks × teams visits at most.
    if raas > len(weeks) * teams:
        raise RuleViolation(
            f"{raas} RAAs need {raas} team-weeks but the window {window.describe()} has {len(weeks)} "
            f"usable week{'s' if len(weeks) != 1 else ''} × {teams} team{'s' if teams != 1 else ''} "
            f"= {len(weeks) * teams}",
            rule="THM-4",
            field="urns",
        )


def _free_teams(
    urn: str, teams: int, links: Mapping[int, Collection[str]], member_las: Mapping[str, Collection[str]]
) -> list[int]:
    """The teams none of whose inspectors has a declared link with one of the RAA's member LAs."""
    if links and urn not in member_las:
        # Without the RAA's LAs a declared link cannot be checked; planning blind could send a linked team.
        raise RuleViolation(f"the member LAs of {urn} are not known, so declared links cannot be checked")
    members = set(member_las.get(urn, ()))
    free = [team for team in range(1, teams + 1) if not members.intersection(links.get(team, ()))]
    if not free:
        clashes = "; ".join(
            f"team {team}: {', '.join(sorted(members.intersection(links[team])))}" for team in sorted(links)
        )
        raise RuleViolation(
            f"every team has an inspector with a declared link to a member LA of {urn} ({clashes})",
            field="links",
        )
    return free
