"""The manager's planning pages: the plans, one plan by week and by inspector, and the manager's changes.

Who sees what: a regulatory inspection manager sees every plan and changes them (make, re-plan, lock,
move, schedule, make final); other regulator staff (inspectors) see final plans only, and in them only
their own placements; anyone else, a provider's staff included, gets 404 (DPR-3: they never learn the
plan exists). Views read the clock and pass it to the services, which check permissions again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from careinspect.inspections import access
from careinspect.planning import services
from careinspect.planning.forms import MoveForm, PlanForm, ReplanForm
from careinspect.planning.models import InspectorProfile, Placement, Plan, PlanStatus
from careinspect.rules.errors import RuleViolation
from careinspect.rules.planning import Horizon


def _now() -> Any:
    return timezone.now()


def _regulator(request: HttpRequest) -> bool:
    """True for a manager; False for other regulator staff; 404 for everyone else."""
    if not access.is_regulator(request.user):
        raise Http404("No such page")
    return access.can_manage(request.user)


def _plan_for(request: HttpRequest, pk: int) -> tuple[Plan, bool]:
    manager = _regulator(request)
    plans = Plan.objects.select_related("made_by")
    if not manager:
        plans = plans.filter(status=PlanStatus.FINAL)
    try:
        return plans.get(pk=pk), manager
    except Plan.DoesNotExist:
        raise Http404("No such plan") from None


def _placement_for(request: HttpRequest, pk: int, placement_pk: int) -> Placement:
    plan, manager = _plan_for(request, pk)
    if not manager:
        raise PermissionDenied("Only a regulatory inspection manager can change a plan.")
    try:
        return plan.placements.select_related("plan", "provider", "inspector").get(pk=placement_pk)
    except Placement.DoesNotExist:
        raise Http404("No such placement") from None


def _attempt(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run a service; a rule's message goes on the field it names, or on the whole form."""
    try:
        return action()
    except RuleViolation as violation:
        field = violation.field if violation.field in form.fields else None
        form.add_error(
            field, f"{violation.message} ({violation.rule})" if violation.rule else violation.message
        )
        return None


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    manager = _regulator(request)
    today = timezone.localdate()
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(today))
    if request.method == "POST":
        if not manager:
            raise PermissionDenied("Only a regulatory inspection manager can make a plan.")
        if form.is_valid():
            data = form.cleaned_data
            plan = _attempt(
                form,
                lambda: services.make_plan(
                    by=request.user,
                    now=_now(),
                    horizon=Horizon(data["horizon_from"], data["horizon_to"]),
                    time_limit=data["time_limit"],
                ),
            )
            if plan is not None:
                messages.success(request, f"Plan {plan.pk} made: {_summary(plan)}")
                return redirect("planning:detail", pk=plan.pk)
    plans = Plan.objects.select_related("made_by")
    if not manager:
        plans = plans.filter(status=PlanStatus.FINAL)
    return render(
        request,
        "planning/list.html",
        {"plans": plans[:100], "form": form, "manager": manager, "today": today},
    )


def _summary(plan: Plan) -> str:
    figures = plan.figures.get("cp_sat", {})
    text = f"{figures.get('placed', 0)} placed, {figures.get('unplaced', 0)} not placed"
    if plan.previous_id is not None:
        text += f", {figures.get('moved', 0)} moved from plan {plan.previous_id}"
    return text


@dataclass(frozen=True)
class Column:
    key: int
    name: str
    region: str


@dataclass(frozen=True)
class Week:
    monday: date
    cells: list[list[Placement]]


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan by week (weeks × inspectors) and by inspector, with reasons, what is not placed and the
    manager's buttons; a fixed number of queries whatever the number of placements."""
    plan, manager = _plan_for(request, pk)
    placements = plan.placements.select_related("provider", "inspector", "locked_by", "scheduled_inspection")
    if not manager:
        placements = placements.filter(inspector_id=request.user.pk)
    rows = list(placements.order_by("start", "provider__urn"))
    columns = {p.inspector_id: Column(p.inspector_id, _name(p.inspector), "") for p in rows}
    if manager:
        for profile in InspectorProfile.objects.select_related("user").filter(user__is_active=True):
            columns[profile.user_id] = Column(profile.user_id, _name(profile.user), profile.region)
    ordered = sorted(columns.values(), key=lambda c: c.name.lower())
    by_inspector = [(c, [p for p in rows if p.inspector_id == c.key]) for c in ordered]
    return render(
        request,
        "planning/detail.html",
        {
            "plan": plan,
            "manager": manager,
            "columns": ordered,
            "weeks": _weeks(plan, rows, ordered),
            "by_inspector": by_inspector if manager else [(c, ps) for c, ps in by_inspector if ps],
            "placements": rows,
            "unplaced": list(plan.unplaced.select_related("provider")) if manager else [],
            "cp_sat": plan.figures.get("cp_sat", {}),
            "greedy": plan.figures.get("greedy", {}),
            "replan_form": ReplanForm(initial={"time_limit": plan.time_limit}),
            "today": timezone.localdate(),
        },
    )


def _weeks(plan: Plan, rows: list[Placement], columns: list[Column]) -> list[Week]:
    monday = plan.horizon_from - timedelta(days=plan.horizon_from.weekday())
    index = {c.key: n for n, c in enumerate(columns)}
    weeks: list[Week] = []
    by_week: dict[date, Week] = {}
    while monday <= plan.horizon_to:
        week = Week(monday, [[] for _ in columns])
        weeks.append(week)
        by_week[monday] = week
        monday += timedelta(days=7)
    for placement in rows:
        week_of = placement.start - timedelta(days=placement.start.weekday())
        if week_of in by_week and placement.inspector_id in index:
            by_week[week_of].cells[index[placement.inspector_id]].append(placement)
    return weeks


def _back(plan: Plan, anchor: str = "by-inspector") -> HttpResponse:
    return redirect(f"{reverse('planning:detail', args=[plan.pk])}#{anchor}")


def _act(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    try:
        action()
    except RuleViolation as violation:
        rule = f" ({violation.rule})" if violation.rule else ""
        messages.error(request, f"{violation.message}{rule}")
    else:
        messages.success(request, done)


@login_required
@require_POST
def lock(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    placement = _placement_for(request, pk, placement_pk)
    _act(
        request,
        lambda: services.lock_placement(placement, by=request.user, now=_now()),
        f"{placement.provider.urn} locked: re-plans keep it where it is",
    )
    return _back(placement.plan)


@login_required
@require_POST
def unlock(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    placement = _placement_for(request, pk, placement_pk)
    _act(
        request,
        lambda: services.unlock_placement(placement, by=request.user, now=_now()),
        f"{placement.provider.urn} unlocked: a re-plan may move it",
    )
    return _back(placement.plan)


@login_required
@require_POST
def schedule(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    placement = _placement_for(request, pk, placement_pk)
    try:
        inspection = services.schedule_from_plan(placement, by=request.user, now=_now())
    except RuleViolation as violation:
        rule = f" ({violation.rule})" if violation.rule else ""
        messages.error(request, f"{placement.provider.urn} not scheduled: {violation.message}{rule}")
    else:
        messages.success(
            request,
            f"{inspection.reference} scheduled for {placement.provider.name}; notice is due by "
            f"{inspection.notice_due:%-d %B %Y}",
        )
    return _back(placement.plan)


@login_required
def move(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    placement = _placement_for(request, pk, placement_pk)
    initial = {"inspector": placement.inspector_id, "start": placement.start}
    form = MoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved = _attempt(
            form,
            lambda: services.move_placement(
                placement,
                inspector=data["inspector"],
                start=data["start"],
                by=request.user,
                now=_now(),
                sch6_exception=data["sch6_exception"],
            ),
        )
        if moved is not None:
            messages.success(
                request,
                f"{placement.provider.urn} moved to {_name(moved.inspector)} from {moved.start:%-d %B %Y} "
                "and locked there",
            )
            return _back(placement.plan)
    return render(
        request, "planning/move.html", {"placement": placement, "plan": placement.plan, "form": form}
    )


@login_required
@require_POST
def replan(request: HttpRequest, pk: int) -> HttpResponse:
    plan, manager = _plan_for(request, pk)
    if not manager:
        raise PermissionDenied("Only a regulatory inspection manager can re-plan.")
    form = ReplanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the planner between 1 and 45 seconds")
        return _back(plan, "summary")
    try:
        made = services.make_plan(
            by=request.user,
            now=_now(),
            horizon=Horizon(plan.horizon_from, plan.horizon_to),
            time_limit=form.cleaned_data["time_limit"],
            previous=plan,
        )
    except RuleViolation as violation:
        messages.error(request, f"Not re-planned: {violation.message}")
        return _back(plan, "summary")
    messages.success(request, f"Plan {made.pk} made from plan {plan.pk}, its locks kept: {_summary(made)}")
    return redirect("planning:detail", pk=made.pk)


@login_required
@require_POST
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    plan, manager = _plan_for(request, pk)
    if not manager:
        raise PermissionDenied("Only a regulatory inspection manager can make a plan final.")
    services.finalise_plan(plan, by=request.user, now=_now())
    messages.success(request, f"Plan {plan.pk} is final: inspectors see their placements in it")
    return redirect("planning:detail", pk=plan.pk)


__all__ = ["finalise", "lock", "move", "plan_detail", "plan_list", "replan", "schedule", "unlock"]
