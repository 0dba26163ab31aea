"""The pages every kind of inspection has: the dashboard, the list, scheduling, the overview with its
lifecycle buttons, and the notice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careinspect.core.templatetags.govuk import long_date
from careinspect.inspections import access, dashboard
from careinspect.inspections import forms as f
from careinspect.inspections.models import DeferralRequest, Inspection, Report
from careinspect.inspections.services import lifecycle, reporting
from careinspect.inspections.views.common import (
    _attempt,
    _kind_page,
    _now,
    _page,
    _regulator_inspection,
    _today,
    deadlines_of,
    rule_message,
)
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from careinspect.rules.reports import cmp1_comments_window_closed, rpt3_publication_day_reached


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    if not access.is_regulator(request.user):
        if access.provider_of(request.user) is not None:
            return redirect("portal:home")
        raise PermissionDenied
    items = dashboard.due_for(request.user, _today())
    return render(
        request,
        "inspections/dashboard.html",
        {"items": items, "overdue": sum(1 for i in items if i.overdue), "today": _today()},
    )


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    if not access.is_regulator(request.user):
        raise PermissionDenied
    inspections = access.visible_inspections(request.user)
    status = request.GET.get("status", "")
    if status in {s.value for s in Status}:
        inspections = inspections.filter(status=status)
    return render(
        request,
        "inspections/list.html",
        {"inspections": inspections[:200], "statuses": list(Status), "status": status},
    )


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    if not access.can_manage(request.user):
        raise PermissionDenied
    form = f.ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        inspection = _attempt(
            form,
            lambda: lifecycle.schedule_inspection(
                data["provider"],
                lead_inspector=data["lead_inspector"],
                manager=request.user,
                start=data["start_date"],
                end=data["end_date"],
                by=request.user,
                now=_now(),
                # An inspector cannot be on site at two agencies at once: the other inspection is named.
                refuse_clash=True,
            ),
        )
        if inspection is not None:
            messages.success(
                request,
                f"{inspection.reference} scheduled; notice is due by {long_date(inspection.notice_due)}",
            )
            return redirect("inspections:detail", pk=inspection.pk)
    return render(request, "inspections/schedule.html", {"form": form})


def _with_overview_facts(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """What is due (`dashboard.with_due_facts`) and the SCCIF detail, in the inspection's own query."""
    return dashboard.with_due_facts(inspections.select_related("sccif"))


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _regulator_inspection(request, pk, _with_overview_facts)
    if request.method not in ("GET", "HEAD"):
        # Read-only, once the person is known to be allowed here (steps are posted to `act`).
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _page(
        request,
        inspection,
        "inspections/detail.html",
        "detail",
        actions=offered_actions(request.user, inspection, _today()),
        due=dashboard.items_for(inspection, _today()),
        events=inspection.events.select_related("by", "inspection"),
        tracked_needed=lifecycle.tracked_cases_needed(inspection),
        service_users=lifecycle.service_users(inspection),
        tracks_cases=inspection.declaration.tracks_cases,
        alerted_on=getattr(getattr(inspection, "sccif", None), "inadequate_alert_on", None),
        deadlines=deadlines_of(inspection),
        note_form=f.NoteForm(),
    )


# The transitions the overview's buttons run, with the note the form asks for (if any).
ACTIONS: dict[str, tuple[str, Callable[[Inspection, Any, str], Any]]] = {
    "notify": ("", lambda i, u, n: lifecycle.notify(i, by=u, now=_now())),
    "start_preparation": ("", lambda i, u, n: lifecycle.start_preparation(i, by=u, now=_now())),
    "start_on_site": ("", lambda i, u, n: lifecycle.start_on_site(i, by=u, now=_now())),
    "give_feedback": (
        "What feedback covered (RPT-7)",
        lambda i, u, n: lifecycle.give_feedback(i, by=u, now=_now(), summary=n),
    ),
    "send_draft": ("", lambda i, u, n: reporting.send_draft(i, by=u, now=_now())),
    "send_final": ("", lambda i, u, n: reporting.send_final(i, by=u, now=_now())),
    "publish": ("", lambda i, u, n: reporting.publish(i, by=u, now=_now())),
    "pause": ("Reason for the pause", lambda i, u, n: lifecycle.pause(i, by=u, reason=n, now=_now())),
    "resume": ("", lambda i, u, n: lifecycle.resume(i, by=u, now=_now())),
    "mark_incomplete": (
        "Why it could not be completed",
        lambda i, u, n: lifecycle.mark_incomplete(i, by=u, reason=n, now=_now()),
    ),
}


# The steps whose service works for every kind whose graph has them; the rest are built for the SCCIF
# full inspection so far (the thematic, assurance and monitoring issues add theirs).
SHARED_ACTIONS = {"pause", "resume", "mark_incomplete"}
# The monitoring visit's steps after it starts share the SCCIF services (its announcement, start and the
# publication decision are on its Visit page: `careinspect.compliance.views`).
MONITORING_ACTIONS = {"give_feedback", "send_draft", "send_final", "publish"}


def _offered(inspection: Inspection, transition: str) -> bool:
    """A button only for a step of this kind's graph whose page action is built (rules.kinds)."""
    if transition not in ACTIONS or not inspection.declaration.lifecycle.has(transition):
        return False
    if inspection.kind == Kind.MONITORING and transition in MONITORING_ACTIONS:
        return True
    return inspection.kind == Kind.SCCIF_FULL or transition in SHARED_ACTIONS


# The steps only a regulatory inspection manager takes (RPT-3 publication; pauses and incompleteness).
MANAGERS_ACTIONS = {"publish", "pause", "resume", "mark_incomplete"}


@dataclass(frozen=True)
class Action:
    """A lifecycle button for this person in this state, or, where the rules would refuse it now, why."""

    t: Any  # the transition (name, label)
    blocked: str  # "" when the button is offered


def _why_not(inspection: Inspection, name: str, today: date) -> str:
    """Why the step would be refused now (the rules' own words), or "" if nothing stands in its way."""
    if name not in {"send_draft", "send_final", "publish"}:
        return ""
    report = Report.objects.filter(inspection=inspection).first()
    checked = report is not None and report.checked_since_edit
    try:
        if name == "send_final" and inspection.status_enum is Status.DRAFT_SENT:
            cmp1_comments_window_closed(today, inspection.comments_due)
        if name == "publish":
            rpt3_publication_day_reached(today, inspection.publication_due)
    except RuleViolation as violation:
        return rule_message(violation)
    if name in {"send_draft", "send_final", "publish"} and not checked:
        what = {"send_draft": "draft", "send_final": "final report", "publish": "report"}[name]
        return (
            f"The {what} can go once the inspection's manager has checked the report since its last edit "
            "(RPT-3)."
        )
    if name == "publish" and report is not None and reporting.open_findings(inspection, report):
        return (
            "The report may identify someone: each flagged passage must be changed or kept with a "
            "recorded reason before it is published (DPR-2)."
        )
    return ""


def offered_actions(
    user: Any, inspection: Inspection, today: date, names: set[str] | None = None
) -> list[Action]:
    """The lifecycle buttons this person may press now: only those who may take a step see it, and a step
    the rules would refuse in this state shows why instead of a button that can only fail."""
    if not (access.can_inspect(user) or access.can_manage(user)):
        return []
    actions = []
    for t in inspection.declaration.lifecycle.available(inspection.status):
        if not _offered(inspection, t.name) or (names is not None and t.name not in names):
            continue
        if t.name in MANAGERS_ACTIONS and not access.can_manage(user):
            continue
        actions.append(Action(t, _why_not(inspection, t.name, today)))
    return actions


@login_required
@require_POST
def act(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    inspection = _regulator_inspection(request, pk)
    if not _offered(inspection, transition):
        raise PermissionDenied
    _, action = ACTIONS[transition]
    try:
        action(inspection, request.user, request.POST.get("note", ""))
    except RuleViolation as violation:
        # An error summary (base.html) linking to the page's actions, in the rule's own words.
        messages.error(request, rule_message(violation), extra_tags="actions")
    else:
        inspection.refresh_from_db()
        messages.success(request, f"{inspection.reference} is now {inspection.status_enum.label.lower()}")
    # Back to the page the button was on, within this inspection only (no open redirect).
    back = request.POST.get("next", "")
    if back.startswith(f"/inspections/{pk}/"):
        return redirect(back)
    return redirect("inspections:detail", pk=pk)


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "notice")
    call_form = f.CallForm(prefix="call")
    date_form = f.InformationDateForm(prefix="info")
    deferral_form = f.DeferralRequestForm(prefix="deferral")
    decision_form = f.DeferralDecisionForm(prefix="decision")
    reschedule_form = f.RescheduleForm(prefix="reschedule")
    if request.method == "POST":
        which = request.POST.get("form")
        user, now = request.user, _now()
        done = None
        if which == "call":
            call_form = f.CallForm(request.POST, prefix="call")
            if call_form.is_valid():
                c = call_form.cleaned_data
                done = _attempt(
                    call_form,
                    lambda: lifecycle.log_notification_call(inspection, by=user, at=c["at"], note=c["note"]),
                )
        elif which == "info":
            date_form = f.InformationDateForm(request.POST, prefix="info")
            if date_form.is_valid():
                day = date_form.cleaned_data["day"]
                done = _attempt(
                    date_form, lambda: lifecycle.agree_information_date(inspection, by=user, day=day, now=now)
                )
        elif which == "deferral":
            deferral_form = f.DeferralRequestForm(request.POST, prefix="deferral")
            if deferral_form.is_valid():
                reason = deferral_form.cleaned_data["reason"]
                done = _attempt(
                    deferral_form,
                    lambda: lifecycle.request_deferral(inspection, by=user, reason=reason, now=now),
                )
        elif which == "decision":
            decision_form = f.DeferralDecisionForm(request.POST, prefix="decision")
            deferral = get_object_or_404(
                DeferralRequest, pk=request.POST.get("deferral"), inspection=inspection
            )
            if decision_form.is_valid():
                d = decision_form.cleaned_data
                done = _attempt(
                    decision_form,
                    lambda: lifecycle.decide_deferral(
                        deferral, by=user, grant=d["grant"], reason=d["reason"], now=now
                    ),
                )
        elif which == "reschedule":
            reschedule_form = f.RescheduleForm(request.POST, prefix="reschedule")
            if reschedule_form.is_valid():
                r = reschedule_form.cleaned_data
                done = _attempt(
                    reschedule_form,
                    lambda: lifecycle.reschedule(
                        inspection, by=user, start=r["start_date"], end=r["end_date"], now=now
                    ),
                )
        if done is not None:
            messages.success(request, "Saved")
            return redirect("inspections:notice", pk=pk)
        inspection.refresh_from_db()
    return _page(
        request,
        inspection,
        "inspections/notice.html",
        "notice",
        call_form=call_form,
        date_form=date_form,
        deferral_form=deferral_form,
        decision_form=decision_form,
        reschedule_form=reschedule_form,
        deferrals=inspection.deferrals.select_related("recorded_by", "decided_by"),
    )
