"""The thematic programme's pages (THM-2, THM-3, THM-4, NTC-2): programmes, candidates, the sample with
its exclusions and coverage, swaps, teams and the plan.

Who sees what: regulatory inspection managers create, choose, swap, plan and announce; other regulator
staff (inspectors, quality assurance) read; anyone else, a provider's staff included, gets 404 (DPR-3: they
never learn a programme exists). Views read the clock and pass it to the services, which check again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careinspect.inspections import access
from careinspect.rules.errors import RuleViolation
from careinspect.rules.thematic.candidates import COLUMNS
from careinspect.rules.thematic.factors import FACTORS
from careinspect.rules.timelines import LONDON
from careinspect.thematic import services
from careinspect.thematic.forms import AnnounceForm, CandidateFileForm, ProgrammeForm, SwapForm, TeamForm
from careinspect.thematic.models import Programme, ProgrammeInspection

FACTOR_NAMES = {
    "region": "Region",
    "operating_model": "Operating model",
    "established": "How long operating",
    "size": "Size (adoptions a year)",
    "ilacs": "Partner LAs' ILACS judgements",
    "linked_las": "Number of linked LAs",
}


def _now() -> datetime:
    return timezone.now()


def _regulator(request: HttpRequest) -> bool:
    """True for a manager; False for other regulator staff; 404 for everyone else."""
    if not access.is_regulator(request.user):
        raise Http404("No such page")
    return access.can_manage(request.user)


def _programme(request: HttpRequest, pk: int) -> tuple[Programme, bool]:
    manager = _regulator(request)
    try:
        return services.visible_programmes(request.user).get(pk=pk), manager
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


def _manager_only(manager: bool, what: str) -> None:
    if not manager:
        raise PermissionDenied(f"Only a regulatory inspection manager can {what}.")


def _attempt(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run a service; a rule's message goes on the field it names, or on the whole form."""
    try:
        return action()
    except RuleViolation as violation:
        field = violation.field if violation.field in form.fields else None
        form.add_error(field, _said(violation))
        return None


def _said(violation: RuleViolation) -> str:
    return f"{violation.message} ({violation.rule})" if violation.rule else violation.message


def _act(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    try:
        action()
    except RuleViolation as violation:
        messages.error(request, _said(violation))
        return False
    messages.success(request, done)
    return True


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    manager = _regulator(request)
    programmes = services.visible_programmes(request.user)
    return render(request, "thematic/list.html", {"programmes": programmes[:200], "manager": manager})


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    manager = _regulator(request)
    _manager_only(manager, "create a thematic programme")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        programme = _attempt(
            form,
            lambda: services.create_programme(
                name=d["name"],
                direction=d["direction"],
                window_start=d["window_start"],
                window_end=d["window_end"],
                size=d["size"],
                teams=d["teams"],
                seed=d["seed"] or 0,
                by=request.user,
                now=_now(),
            ),
        )
        if programme is not None:
            messages.success(request, f"{programme.name} created: now take in its candidate RAAs")
            return redirect("thematic:candidates", pk=programme.pk)
    return render(request, "thematic/new.html", {"form": form})


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme, manager = _programme(request, pk)
    return render(
        request,
        "thematic/detail.html",
        {
            "programme": programme,
            "manager": manager,
            "tab": "overview",
            "counts": {
                "candidates": programme.candidates.count(),
                "excluded": programme.candidates.exclude(excluded_rule="").count(),
                "selected": programme.candidates.filter(selected=True).count(),
                "visits": programme.visits.count(),
            },
            "themes": _themes(),
        },
    )


def _themes() -> list[Any]:
    from careinspect.rules.frameworks import load_framework

    return list(load_framework(services.KIND).themes)


@login_required
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    programme, manager = _programme(request, pk)
    file_form = CandidateFileForm()
    if request.method == "POST":
        _manager_only(manager, "choose a programme's candidates")
        if request.POST.get("form") == "register":
            taken = None

            def take() -> Any:
                nonlocal taken
                taken = services.take_candidates_from_register(programme, by=request.user, now=_now())

            if _act(request, take, "Candidates taken from the register") and taken is not None:
                for urn, why in taken.skipped:
                    messages.warning(request, f"{urn} is not a candidate: {why}")
                return redirect("thematic:candidates", pk=pk)
        else:
            file_form = CandidateFileForm(request.POST, request.FILES)
            if file_form.is_valid():
                try:
                    text = file_form.text()
                except forms.ValidationError as unreadable:
                    file_form.add_error("file", unreadable)
                else:
                    taken = _attempt(
                        file_form,
                        lambda: services.import_candidates(programme, text, by=request.user, now=_now()),
                    )
                    if taken is not None:
                        messages.success(request, f"{taken.count} candidate RAAs imported")
                        return redirect("thematic:candidates", pk=pk)
            # A fault in the file is named against the file input.
            if "__all__" in file_form.errors:
                for fault in file_form.errors.pop("__all__"):
                    file_form.add_error("file", fault)
    rows = programme.candidates.select_related("provider")
    return render(
        request,
        "thematic/candidates.html",
        {
            "programme": programme,
            "manager": manager,
            "tab": "candidates",
            "rows": rows,
            "file_form": file_form,
            "columns": ", ".join(COLUMNS),
            "changeable": manager and _changeable(programme),
        },
    )


def _changeable(programme: Programme) -> bool:
    return not programme.visits.exclude(inspection__status="scheduled").exists()


@login_required
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    programme, manager = _programme(request, pk)
    rows = list(programme.candidates.all())
    sampled = [(c.urn, f"{c.name} ({c.urn})") for c in rows if c.selected]
    eligible = [(c.urn, f"{c.name} ({c.urn})") for c in rows if not c.selected and not c.excluded]
    swap_form = SwapForm(sampled=sampled, eligible=eligible)
    if request.method == "POST":
        _manager_only(manager, "choose a programme's sample")
        if request.POST.get("form") == "select":
            if _act(
                request,
                lambda: services.select_sample(programme, by=request.user, now=_now()),
                "Sample chosen",
            ):
                return redirect("thematic:selection", pk=pk)
        else:
            swap_form = SwapForm(request.POST, sampled=sampled, eligible=eligible)
            if swap_form.is_valid():
                d = swap_form.cleaned_data
                swap = _attempt(
                    swap_form,
                    lambda: services.swap_raa(
                        programme,
                        out_urn=d["out_urn"],
                        in_urn=d["in_urn"],
                        why=d["why"],
                        by=request.user,
                        now=_now(),
                    ),
                )
                if swap is not None:
                    messages.success(
                        request, f"{swap.out_urn} swapped for {swap.in_urn}: see the coverage change"
                    )
                    return redirect(f"{request.path}#last-swap")
    swaps = list(programme.swaps.select_related("by")[:20])
    return render(
        request,
        "thematic/selection.html",
        {
            "programme": programme,
            "manager": manager,
            "tab": "selection",
            "chosen": [c for c in rows if c.selected],
            "excluded": [c for c in rows if c.excluded],
            "not_chosen": [c for c in rows if not c.selected and not c.excluded],
            "coverage": _coverage_rows(programme.coverage),
            "swap_form": swap_form,
            "swaps": swaps,
            "last_swap": _swap_rows(swaps[0]) if swaps else None,
            "changeable": manager and _changeable(programme),
        },
    )


def _coverage_rows(coverage: dict[str, dict[str, int]]) -> list[tuple[str, list[tuple[str, int]]]]:
    return [(FACTOR_NAMES[f], list(coverage[f].items())) for f in FACTORS if f in coverage]


def _swap_rows(swap: Any) -> dict[str, Any]:
    """One row per factor value, with its count before and after the swap and whether it changed."""
    rows = []
    for factor in FACTORS:
        before = swap.coverage_before.get(factor, {})
        after = swap.coverage_after.get(factor, {})
        for value in dict.fromkeys([*before, *after]):
            b, a = before.get(value, 0), after.get(value, 0)
            rows.append(
                {"factor": FACTOR_NAMES[factor], "value": value, "before": b, "after": a, "changed": a != b}
            )
    return {"swap": swap, "rows": rows}


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    programme, manager = _programme(request, pk)
    members = list(programme.inspectors.select_related("inspector"))
    team_forms = []
    for n in range(1, programme.teams + 1):
        mine = [m.inspector for m in members if m.team == n]
        initial = {"team": n, **dict(zip(("lead", "second", "third"), [p.pk for p in mine], strict=False))}
        team_forms.append(TeamForm(prefix=f"team{n}", initial=initial))
    if request.method == "POST":
        _manager_only(manager, "plan a programme")
        which = request.POST.get("form")
        if which == "plan":
            if _act(
                request, lambda: services.plan_programme(programme, by=request.user, now=_now()), "Plan made"
            ):
                return redirect("thematic:plan", pk=pk)
        elif which and which.startswith("team"):
            n = int(which.removeprefix("team") or 0) if which.removeprefix("team").isdigit() else 0
            if not 1 <= n <= programme.teams:
                raise Http404("No such team")
            form = TeamForm(request.POST, prefix=f"team{n}")
            team_forms[n - 1] = form
            if form.is_valid():
                done = _attempt(
                    form,
                    lambda: (
                        services.set_team(
                            programme, team=n, inspectors=form.people(), by=request.user, now=_now()
                        )
                        or True
                    ),
                )
                if done:
                    messages.success(request, f"Team {n} saved")
                    return redirect("thematic:plan", pk=pk)
    visits = list(
        programme.visits.select_related(
            "inspection__provider", "inspection__lead_inspector"
        ).prefetch_related("inspection__team_members__inspector")
    )
    teams = {n: [m.inspector for m in members if m.team == n] for n in range(1, programme.teams + 1)}
    return render(
        request,
        "thematic/plan.html",
        {
            "programme": programme,
            "manager": manager,
            "tab": "plan",
            "teams": teams,
            "team_forms": team_forms,
            "visits": [_visit_row(v) for v in visits],
            "changeable": manager and _changeable(programme),
            "today": timezone.localdate(),
            "announce_form": AnnounceForm(),
        },
    )


def _visit_row(visit: ProgrammeInspection) -> dict[str, Any]:
    inspection = visit.inspection
    due = inspection.information_due
    return {
        "visit": visit,
        "inspection": inspection,
        "team": [inspection.lead_inspector, *[m.inspector for m in inspection.team_members.all()]],
        "information_due_at": datetime.combine(due, datetime.min.time().replace(hour=16), tzinfo=LONDON)
        if due
        else None,
    }


@login_required
@require_POST
def announce(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    programme, manager = _programme(request, pk)
    _manager_only(manager, "announce an inspection")
    try:
        visit = programme.visits.select_related("inspection").get(pk=visit_pk)
    except ProgrammeInspection.DoesNotExist:
        raise Http404("No such visit") from None
    form = AnnounceForm(request.POST)
    notice_to = form.cleaned_data["notice_to"] if form.is_valid() else ""
    if _act(
        request,
        lambda: services.announce_visit(visit, by=request.user, now=_now(), notice_to=notice_to),
        f"{visit.inspection.provider.name} announced: the letters are on its Notice page",
    ):
        return redirect("inspections:notice", pk=visit.inspection_id)
    return redirect("thematic:plan", pk=pk)
