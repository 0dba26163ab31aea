"""The assurance pages: the priority list (SCH-7), scheduling a visit from it, the visit's own page (NTC-4,
KND-3, JDG-9, its lifecycle steps) and the agency's post-visit survey (RPT-8).

Regulator staff only, except the survey, which only the visited agency's staff answer. Every form is shown
only to someone who may submit it, and every refusal is the rule's own message against its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from careinspect.assurance import forms as f
from careinspect.assurance import services
from careinspect.assurance.models import PostVisitSurvey, PriorityPolicy
from careinspect.inspections import access
from careinspect.inspections.models import Inspection
from careinspect.inspections.services import lifecycle, reporting
from careinspect.inspections.views.common import _attempt, _now, _today, rule_message
from careinspect.registry.models import Provider, ProviderKind
from careinspect.rules.calendar import day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status


def _regulator(request: HttpRequest) -> None:
    if not access.is_regulator(request.user):
        raise PermissionDenied


@login_required
def priority(request: HttpRequest) -> HttpResponse:
    """RULES: SCH-7 — every IFA with each factor's points; a manager schedules from it."""
    _regulator(request)
    today = _today()
    rows = services.priority_list(today)
    policy = PriorityPolicy.current()
    return render(
        request,
        "assurance/priority.html",
        {
            "rows": rows,
            "today": today,
            "policy": policy,
            "can_schedule": access.can_manage(request.user),
            "can_change_weights": request.user.has_perm("assurance.change_prioritypolicy"),
            "visits": services.visits().order_by("-start_date")[:50],
        },
    )


@login_required
def schedule(request: HttpRequest, urn: str) -> HttpResponse:
    """RULES: SCH-7 — the manager picks the agency from the list and schedules its visit."""
    _regulator(request)
    if not access.can_manage(request.user):
        raise PermissionDenied
    provider = get_object_or_404(Provider, urn=urn, kind=ProviderKind.IFA)
    form = f.ScheduleVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        visit = _attempt(
            form,
            lambda: services.schedule_visit(
                provider, lead_inspector=d["lead_inspector"], start=d["start"], by=request.user, now=_now()
            ),
        )
        if visit is not None:
            when = day_text(visit.start_date)
            messages.success(request, f"{visit.reference}: visit to {provider.name} from {when}")
            return redirect("assurance:visit", pk=visit.pk)
    row = next((r for r in services.priority_list(_today()) if r.provider.pk == provider.pk), None)
    return render(request, "assurance/schedule.html", {"provider": provider, "form": form, "row": row})


def _visit(request: HttpRequest, pk: int) -> Inspection:
    _regulator(request)
    visit = access.inspection_for(request.user, pk)
    if visit.kind != Kind.IFA_ASSURANCE.value:
        raise Http404("Not an assurance visit")
    return visit


# The lifecycle steps the visit page offers, each with the service that takes it.
STEPS: dict[str, Callable[[Inspection, Any], Any]] = {
    "send_draft": lambda i, u: reporting.send_draft(i, by=u, now=_now()),
    "send_final": lambda i, u: reporting.send_final(i, by=u, now=_now()),
    "publish": lambda i, u: reporting.publish(i, by=u, now=_now()),
}
STEP_STATES = {
    "send_draft": {Status.FEEDBACK_GIVEN},
    "send_final": {Status.DRAFT_SENT, Status.COMMENTS_RECEIVED},
    "publish": {Status.FINAL_SENT},
}


def _forms(request: HttpRequest) -> dict[str, forms.Form]:
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    built: dict[str, forms.Form] = {
        "announce": f.AnnounceForm(posted if which == "announce" else None, prefix="announce"),
        "length": f.LengthForm(posted if which == "length" else None, prefix="length"),
        "activity": f.ActivityForm(posted if which == "activity" else None, prefix="activity"),
        "concerns": f.ConcernsForm(posted if which == "concerns" else None, prefix="concerns"),
        "feedback": f.FeedbackForm(posted if which == "feedback" else None, prefix="feedback"),
    }
    return built


def _act(request: HttpRequest, visit: Inspection, which: str, form: forms.Form) -> Any:
    d = form.cleaned_data
    user = request.user
    actions: dict[str, Callable[[], Any]] = {
        "announce": lambda: services.announce_visit(
            visit,
            by=user,
            now=_now(),
            spoke_to=d["spoke_to"],
            on_site=d["on_site"],
            reason_on_site=d["reason_on_site"],
            to=[d["to"]] if d["to"] else [],
        ),
        "length": lambda: services.change_length(
            visit, days=d["days"], reason=d["days_reason"], by=user, now=_now()
        ),
        "activity": lambda: services.record_activity(
            visit, day=d["day"], place=d["place"], description=d["description"], by=user, now=_now()
        ),
        "concerns": lambda: services.record_concerns(
            visit,
            serious=d["serious"],
            inadequate_protection="inadequate_protection" in d["concerns"],
            welfare_not_safeguarded="welfare_not_safeguarded" in d["concerns"],
            summary=d["summary"],
            by=user,
            now=_now(),
        ),
        "feedback": lambda: lifecycle.give_feedback(
            visit, by=user, now=_now(), summary=d["feedback_summary"]
        ),
    }
    return _attempt(form, actions[which])


DONE = {
    "announce": "The visit is live: the arrangements and the foster carers' emails have been sent",
    "length": "Length of the visit changed",
    "activity": "Work recorded",
    "concerns": "Concerns recorded",
    "feedback": "Feedback recorded: the report deadlines are set",
}


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit from the 9am call to publication, with each form for whoever may use it now."""
    found = _visit(request, pk)
    user = request.user
    built = _forms(request)
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which in STEPS:
            if not (access.can_inspect(user) or access.can_manage(user)):
                raise PermissionDenied
            try:
                STEPS[which](found, user)
            except RuleViolation as violation:
                messages.error(request, rule_message(violation))
            else:
                found.refresh_from_db()
                messages.success(request, f"{found.reference} is now {found.status_enum.label.lower()}")
            return redirect("assurance:visit", pk=pk)
        if which not in built:
            raise PermissionDenied
        if not (access.can_inspect(user) or access.can_manage(user)):
            raise PermissionDenied
        if which == "length" and not access.can_manage(user):
            raise PermissionDenied  # RULES: KND-3 — only a manager changes the length
        form = built[which]
        if form.is_valid() and _act(request, found, which, form) is not None:
            messages.success(request, DONE[which])
            return redirect("assurance:visit", pk=pk)
        found.refresh_from_db()
    status = found.status_enum
    on_team = user.pk == found.lead_inspector_id or found.team_members.filter(inspector_id=user.pk).exists()
    working = access.can_inspect(user) or access.can_manage(user)
    detail = getattr(found, "assurance", None)
    shown = {
        "announce": working and (on_team or access.can_manage(user)) and status is Status.SCHEDULED,
        "length": access.can_manage(user) and status in (Status.SCHEDULED, Status.ON_SITE),
        "activity": working and (on_team or access.can_manage(user)) and status is Status.ON_SITE,
        "concerns": working and (on_team or access.can_manage(user)) and status in services.CONCERNS_OPEN,
        "feedback": working and status is Status.ON_SITE,
    }
    steps = [
        (name, found.declaration.step_label(name))
        for name, states in STEP_STATES.items()
        if status in states and working and (name != "publish" or access.can_manage(user))
    ]
    errors = [form for name, form in built.items() if form.errors]
    return render(
        request,
        "assurance/visit.html",
        {
            "inspection": found,
            "detail": detail,
            "forms": built,
            "shown": shown,
            "steps": steps,
            "errors": errors,
            "activities": found.assurance_activities.select_related("recorded_by"),
            "finding": getattr(found, "concerns_finding", None),
            "survey": PostVisitSurvey.objects.filter(inspection=found).first(),
            "complaint_due": services.complaint_due(found),
            # CAS-3: the children on the register and those sampled, in one query.
            "cases": found.cases.aggregate(
                children=Count("pk"), sampled=Count("pk", filter=Q(selection="sampled"))
            ),
            "published": getattr(found, "published", None),
            "events": found.events.order_by("-at", "-pk")[:30],
            "today": _today(),
        },
    )


@login_required
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """RULES: RPT-8 — the visited agency's staff answer the survey sent with the final report; anyone else
    is told nothing (404)."""
    found = get_object_or_404(PostVisitSurvey.objects.select_related("inspection__provider"), token=token)
    provider = access.provider_of(request.user)
    if provider is None or provider.pk != found.inspection.provider_id:
        raise Http404("No survey found")
    form = f.SurveyForm(request.POST or None)
    if request.method == "POST" and found.answered_at is None and form.is_valid():
        d = form.cleaned_data
        if _attempt(
            form,
            lambda: services.answer_survey(
                found, useful=d["useful"], comments=d["comments"], by=request.user, now=_now()
            ),
        ):
            messages.success(request, "Thank you: your answers have been sent")
            return redirect("assurance:survey", token=token)
    return render(request, "assurance/survey.html", {"survey": found, "form": form})
