"""JSON API of thematic (django-ninja), added to the project's API under `/thematic`.

The same operations as the pages, with the same checks: a manager creates, chooses, swaps, staffs, plans
and announces; other regulator staff read; anyone else gets 404 (DPR-3). The selection answers the
`careinspect thematic select` contract and the plan the `thematic plan` one.
"""

from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja import Status as HttpStatus

from careinspect.inspections import access
from careinspect.inspections.api.common import answer_errors
from careinspect.inspections.schemas import RecordId
from careinspect.rules.errors import RuleViolation
from careinspect.rules.timelines import LONDON
from careinspect.thematic import services
from careinspect.thematic.models import Programme, ProgrammeInspection

router = Router(tags=["thematic"])
# A POST that makes records (the programme, its candidates, a swap, its visits) answers 201, as the
# inspections API answers what it creates; the steps that move a record on (select, announce) answer 200.
CREATED: dict[int, Any] = {201: dict[str, Any]}


class ProgrammeIn(Schema):
    name: str
    direction: str
    window_start: date
    window_end: date
    size: int
    teams: int = 3
    seed: int = 0


class CandidatesIn(Schema):
    csv: str  # the candidate file's text, in the `thematic select` columns


class SwapIn(Schema):
    out_urn: str
    in_urn: str
    why: str = ""


class TeamIn(Schema):
    inspectors: list[str]  # usernames, the lead first


class ProgrammeVisitAnnounceIn(Schema):
    notice_to: str = ""


def _programme(request: HttpRequest, pk: int) -> Programme:
    if not access.is_regulator(request.user):
        raise Http404("No such programme")
    try:
        return services.visible_programmes(request.user).get(pk=pk)
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


def _summary(p: Programme) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "direction": p.direction,
        "window_start": p.window_start.isoformat(),
        "window_end": p.window_end.isoformat(),
        "size": p.size,
        "teams": p.teams,
        "max_team_size": p.max_team_size,
        "seed": p.seed,
        "status": p.status,
        "manager": p.manager.get_username(),
    }


def _selection(p: Programme) -> dict[str, Any]:
    rows = list(p.candidates.all())
    return {
        "selected": [c.urn for c in rows if c.selected],
        "excluded": [
            {"urn": c.urn, "rule": c.excluded_rule, "reason": c.exclusion_reason} for c in rows if c.excluded
        ],
        "coverage": p.coverage,
        "reasons": {c.urn: c.reason for c in rows if c.selected},
    }


def _visit(v: ProgrammeInspection) -> dict[str, Any]:
    i = v.inspection
    due = i.information_due
    return {
        "urn": i.provider.urn,
        "team": v.team,
        "notice": i.notice_due.isoformat() if i.notice_due else None,
        "information_due": datetime.combine(due, time(16), tzinfo=LONDON).isoformat() if due else None,
        "start": i.start_date.isoformat(),
        "end": i.end_date.isoformat(),
        "visit": v.pk,
        "inspection": i.pk,
        "status": i.status,
    }


def _detail(p: Programme) -> dict[str, Any]:
    visits = p.visits.select_related("inspection__provider")
    return {
        **_summary(p),
        "candidates": [
            {
                "urn": c.urn,
                "name": c.name,
                "region": c.region,
                "operating_model": c.operating_model,
                "started": c.started.isoformat(),
                "member_las": c.member_las,
                "ilacs": c.ilacs,
                "la_inspections": c.la_inspections,
                "size": c.size,
                "registered_as_vaa": c.registered_as_vaa,
            }
            for c in p.candidates.all()
        ],
        "selection": _selection(p),
        "swaps": [
            {"out_urn": s.out_urn, "in_urn": s.in_urn, "before": s.coverage_before, "after": s.coverage_after}
            for s in p.swaps.all()
        ],
        "teams": {
            str(n): [
                m.inspector.get_username() for m in p.inspectors.select_related("inspector") if m.team == n
            ]
            for n in range(1, p.teams + 1)
        },
        "visits": [_visit(v) for v in visits],
    }


def _manager(request: HttpRequest) -> None:
    if not access.is_regulator(request.user):
        raise Http404("No such programme")


@router.get("/programmes")
@answer_errors
def programmes(request: HttpRequest) -> Any:
    """Every programme (regulator staff only)."""
    return [_summary(p) for p in services.visible_programmes(request.user)[:200]]


@router.post("/programmes", response=CREATED)
@answer_errors
def create(request: HttpRequest, payload: ProgrammeIn) -> Any:
    """A new programme (THM-4, KND-2), made by the manager who asks."""
    _manager(request)
    p = services.create_programme(**payload.dict(), by=request.user, now=timezone.now())
    return HttpStatus(201, _detail(p))


@router.get("/programmes/{pk}")
@answer_errors
def detail(request: HttpRequest, pk: RecordId) -> Any:
    """The programme: candidates, selection (the `thematic select` contract), swaps, teams, visits."""
    return _detail(_programme(request, pk))


@router.post("/programmes/{pk}/candidates/register", response=CREATED)
@answer_errors
def candidates_from_register(request: HttpRequest, pk: RecordId) -> Any:
    p = _programme(request, pk)
    taken = services.take_candidates_from_register(p, by=request.user, now=timezone.now())
    return HttpStatus(
        201, {"count": taken.count, "skipped": [{"urn": u, "reason": r} for u, r in taken.skipped]}
    )


@router.post("/programmes/{pk}/candidates", response=CREATED)
@answer_errors
def candidates_from_csv(request: HttpRequest, pk: RecordId, payload: CandidatesIn) -> Any:
    """Candidates from CSV text (THM-2 columns); a fault names the line and column (field `candidates`)."""
    p = _programme(request, pk)
    taken = services.import_candidates(p, payload.csv, by=request.user, now=timezone.now())
    return HttpStatus(201, {"count": taken.count, "skipped": []})


@router.post("/programmes/{pk}/select")
@answer_errors
def select(request: HttpRequest, pk: RecordId) -> Any:
    """THM-2, THM-3: `{"selected", "excluded": [{"urn", "rule", "reason"}], "coverage", "reasons"}`."""
    p = _programme(request, pk)
    return services.select_sample(p, by=request.user, now=timezone.now()).as_dict()


@router.post("/programmes/{pk}/swap", response=CREATED)
@answer_errors
def swap(request: HttpRequest, pk: RecordId, payload: SwapIn) -> Any:
    """THM-2: one RAA out, one in; the coverage before and after, and the new selection."""
    p = _programme(request, pk)
    made = services.swap_raa(p, **payload.dict(), by=request.user, now=timezone.now())
    p.refresh_from_db()
    return HttpStatus(
        201, {"before": made.coverage_before, "after": made.coverage_after, "selection": _selection(p)}
    )


@router.put("/programmes/{pk}/teams/{team}")
@answer_errors
def team(request: HttpRequest, pk: RecordId, team: int, payload: TeamIn) -> Any:
    """KND-2: the team's inspectors by username, the lead first."""
    p = _programme(request, pk)
    User = get_user_model()
    people = []
    for name in payload.inspectors:
        person = User.objects.filter(username=name, is_active=True).first()
        if person is None:
            raise RuleViolation(f"no inspector has the username {name!r}", field="inspectors")
        people.append(person)
    services.set_team(p, team=team, inspectors=people, by=request.user, now=timezone.now())
    return _detail(p)["teams"]


@router.post("/programmes/{pk}/plan", response=CREATED)
@answer_errors
def plan(request: HttpRequest, pk: RecordId) -> Any:
    """THM-4, NTC-2, INF-1, KND-2: `{"visits": [{"urn", "team", "notice", "information_due", "start", "end",
    "visit", "inspection", "status"}]}`."""
    p = _programme(request, pk)
    made = services.plan_programme(p, by=request.user, now=timezone.now())
    return HttpStatus(201, {"visits": [_visit(v) for v in made]})


@router.post("/programmes/{pk}/visits/{visit_pk}/announce")
@answer_errors
def announce(
    request: HttpRequest, pk: RecordId, visit_pk: RecordId, payload: ProgrammeVisitAnnounceIn
) -> Any:
    """NTC-2: announce a planned RAA on its notice day (the letters, the INF-1 requests)."""
    p = _programme(request, pk)
    try:
        v = p.visits.select_related("inspection__provider").get(pk=visit_pk)
    except ProgrammeInspection.DoesNotExist:
        raise Http404("No such visit") from None
    services.announce_visit(v, by=request.user, now=timezone.now(), notice_to=payload.notice_to)
    v.refresh_from_db()
    v.inspection.refresh_from_db()
    return _visit(v)
