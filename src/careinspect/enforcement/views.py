"""The enforcement pages: the dashboard, an inspection's next steps and the monitoring visit after serious
concerns, a DCS alert, a case review, and a safeguarding referral with its follow-up.

Who sees what: the regulator's staff read every page (quality assurance officers read only); inspectors and
managers act, and only a manager opens next steps by hand or decides a case review; anyone else, a
provider's staff included, gets 404 (they never learn a record exists; the agency receives the forwarded
DCS email). A form is shown only to someone who may submit it. Views read the clock and pass it to the
services, which check permissions again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from careinspect.enforcement import forms as f
from careinspect.enforcement import monitoring, services
from careinspect.enforcement.models import (
    CaseReview,
    CaseReviewDecision,
    DcsAlert,
    InadequateFollowUp,
    ReferralRole,
    SafeguardingReferral,
    SeriousConcernsFollowUp,
)
from careinspect.inspections import access
from careinspect.inspections.models import Inspection
from careinspect.messaging.addresses import provider_addresses
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind

GET_POST = require_http_methods(["GET", "POST"])


def _now() -> Any:
    return timezone.now()


def _staff(request: HttpRequest) -> None:
    """RULES: DPR-3 — enforcement records are the regulator's own: 404 for anyone else."""
    if not access.is_regulator(request.user):
        raise Http404("No such page")


def _may_act(user: Any) -> bool:
    return access.can_inspect(user) or access.can_manage(user)


def _require_act(request: HttpRequest) -> None:
    if not _may_act(request.user):
        raise PermissionDenied("Only an inspector or a regulatory inspection manager can do this.")


def _attempt(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run a service; a rule's message goes on the field it names, or on the whole form."""
    try:
        return action()
    except RuleViolation as violation:
        field = violation.field if violation.field in form.fields else None
        text = f"{violation.message} ({violation.rule})" if violation.rule else violation.message
        form.add_error(field, text[:1].upper() + text[1:])
        return None


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    _staff(request)
    return access.inspection_for(request.user, pk)


@login_required
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """Everything open, soonest first, each with its deadline and rule; `?mine=1` for what I own."""
    _staff(request)
    mine = request.GET.get("mine") == "1"
    user: Any = request.user
    reviews = CaseReview.objects.filter(decision=CaseReviewDecision.PENDING).select_related(
        "provider", "owner", "inspection"
    )
    alerts = (
        DcsAlert.objects.filter(removed_at__isnull=True)
        .filter(Q(message__isnull=True) | Q(call_at__isnull=True) | Q(forwarded__isnull=True))
        .select_related("provider", "local_authority", "inspection")
        .order_by("email_due", "call_due", "pk")
    )
    referrals = SafeguardingReferral.objects.filter(closed_at__isnull=True).select_related(
        "provider", "follow_up_owner", "inspection"
    )
    monitoring = (
        SeriousConcernsFollowUp.objects.filter(monitoring_visit__isnull=True)
        .select_related("inspection__provider")
        .order_by("monitoring_latest")
    )
    reinspections = InadequateFollowUp.objects.select_related("inspection__provider").order_by(
        "reinspection_latest"
    )
    if mine:
        team = Q(inspection__lead_inspector=user) | Q(inspection__manager=user)
        reviews = reviews.filter(owner=user)
        alerts = alerts.filter(team)
        referrals = referrals.filter(follow_up_owner=user)
        monitoring = monitoring.filter(team)
        reinspections = reinspections.filter(team)
    return render(
        request,
        "enforcement/dashboard.html",
        {
            "mine": mine,
            "today": timezone.localdate(),
            "reviews": list(reviews),
            "alerts": list(alerts),
            "referrals": list(referrals),
            "monitoring": list(monitoring),
            "reinspections": list(reinspections),
        },
    )


def _follow_up(inspection: Inspection) -> services.FollowUp | None:
    return services.follow_up_for(inspection)


def _can_open(inspection: Inspection) -> bool:
    if inspection.kind == Kind.SCCIF_FULL:
        return inspection.feedback_on is not None and services.overall_inadequate(inspection)
    if inspection.kind == Kind.IFA_ASSURANCE:
        detail = getattr(inspection, "assurance", None)
        return detail is not None and detail.serious_concerns is True
    return False


@login_required
@GET_POST
def next_steps(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection's next steps: inadequate (ENF-2, ENF-3, SCH-2) or serious concerns (ENF-4, SCH-9)."""
    inspection = _inspection(request, pk)
    follow_up = _follow_up(inspection)
    now = _now()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    debrief_form = f.DebriefForm(
        data if action == "debrief" else None, initial={"manager": inspection.manager}
    )
    add_form = f.AddAuthorityForm(data if action == "add_la" else None)
    monitoring_form = f.MonitoringForm(data if action == "monitoring" else None)
    if action:
        if action == "open":
            if not access.can_manage(request.user):
                raise PermissionDenied("Only a regulatory inspection manager can open next steps by hand.")
            if follow_up is None:
                try:
                    if inspection.kind == Kind.IFA_ASSURANCE:
                        services.open_serious_concerns(inspection, by=request.user, now=now)
                    else:
                        services.open_inadequate_next_steps(inspection, by=request.user, now=now)
                except RuleViolation as violation:
                    messages.error(request, str(violation))
                    return redirect("enforcement:next_steps", pk)
                messages.success(request, "Next steps opened")
            return redirect("enforcement:next_steps", pk)
        _require_act(request)
        if follow_up is None:
            raise Http404("No next steps opened")
        done = None
        if action == "debrief" and debrief_form.is_valid():
            c = debrief_form.cleaned_data
            done = _attempt(
                debrief_form,
                lambda: services.record_debrief(
                    follow_up,
                    by=request.user,
                    now=now,
                    held_on=c["held_on"],
                    manager=c["manager"],
                    evidence_quality=c["evidence_quality"],
                    recommendation=c["recommendation"],
                ),
            )
        elif action == "add_la" and add_form.is_valid():
            c = add_form.cleaned_data
            done = _attempt(
                add_form,
                lambda: services.add_dcs_alert(
                    inspection,
                    by=request.user,
                    now=now,
                    local_authority=c["local_authority"],
                    reason=c["reason"],
                ),
            )
        elif action == "monitoring" and monitoring_form.is_valid():
            if not isinstance(follow_up, SeriousConcernsFollowUp):
                raise Http404("No monitoring visit here")
            done = _attempt(
                monitoring_form,
                lambda: services.plan_monitoring_visit(
                    follow_up, by=request.user, now=now, day=monitoring_form.cleaned_data["day"]
                ),
            )
        elif action not in {"debrief", "add_la", "monitoring"}:
            raise Http404("No such action")
        if done is not None:
            messages.success(request, "Saved")
            return redirect("enforcement:next_steps", pk)
    alerts = list(inspection.dcs_alerts.select_related("local_authority", "message", "forwarded"))
    bound = next((form for form in (debrief_form, add_form, monitoring_form) if form.is_bound), None)
    return render(
        request,
        "enforcement/next_steps.html",
        {
            "inspection": inspection,
            "follow_up": follow_up,
            "serious": isinstance(follow_up, SeriousConcernsFollowUp),
            "review": follow_up.case_review if follow_up else None,
            "debrief": follow_up.debrief if follow_up else None,
            "alerts": alerts,
            "may_act": _may_act(request.user),
            "may_open": follow_up is None and access.can_manage(request.user) and _can_open(inspection),
            "may_manage": access.can_manage(request.user),
            "debrief_form": debrief_form,
            "add_form": add_form,
            "monitoring_form": monitoring_form,
            "form": bound,
            "referrals": list(inspection.safeguarding_referrals.all()),
        },
        status=422 if bound is not None and bound.errors else 200,
    )


@login_required
@GET_POST
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    """One DCS alert: the email, the call that follows it and the forward to the agency (ENF-3, ENF-4)."""
    _staff(request)
    found = DcsAlert.objects.select_related(
        "provider", "local_authority", "inspection", "message", "forwarded", "case_review", "call_by"
    ).filter(pk=pk)
    item = found.first()
    if item is None:
        raise Http404("No such alert")
    now = _now()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    forms_ = {
        "email": f.EmailForm(data if action == "email" else None),
        "call": f.CallForm(data if action == "call" else None),
        "forward": f.ForwardForm(data if action == "forward" else None),
        "remove": f.RemoveAuthorityForm(data if action == "remove" else None),
    }
    if action:
        _require_act(request)
        form = forms_.get(action)
        if form is None:
            raise Http404("No such action")
        done = None
        if form.is_valid():
            c = form.cleaned_data
            steps: dict[str, Callable[[], Any]] = {
                "email": lambda: services.send_dcs_alert(
                    item, by=request.user, now=now, summary=c["summary"], names_checked=c["names_checked"]
                ),
                "call": lambda: services.log_dcs_call(
                    item, by=request.user, now=now, at=c["at"], spoke_to=c["spoke_to"], note=c["note"]
                ),
                "forward": lambda: services.forward_dcs_alert(
                    item,
                    by=request.user,
                    now=now,
                    to=forms_["forward"].addresses(),  # type: ignore[attr-defined]
                    note=c["note"],
                ),
                "remove": lambda: services.remove_dcs_alert(
                    item, by=request.user, now=now, reason=c["reason"]
                ),
            }
            done = _attempt(form, steps[action])
        if done is not None:
            messages.success(request, "Saved")
            return redirect("enforcement:alert", pk)
    bound = next((form for form in forms_.values() if form.is_bound), None)
    return render(
        request,
        "enforcement/alert.html",
        {
            "alert": item,
            "contact": getattr(item.local_authority, "dcs_contact", None),
            "may_act": _may_act(request.user),
            "forms": forms_,
            "form": bound,
            "provider_addresses": provider_addresses(item.provider),
            "waiting_for_review": item.rule == "ENF-3"
            and (item.case_review is None or item.case_review.is_open),
        },
        status=422 if bound is not None and bound.errors else 200,
    )


@login_required
@GET_POST
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A case review and, for a manager while it is open, the decision."""
    _staff(request)
    review = (
        CaseReview.objects.select_related("provider", "owner", "inspection", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404("No such case review")
    may_decide = access.can_manage(request.user) and review.is_open
    form = f.DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("Only a regulatory inspection manager can decide an open case review.")
        if form.is_valid():
            c = form.cleaned_data
            done = _attempt(
                form,
                lambda: services.decide_case_review(
                    review,
                    by=request.user,
                    decision=c["decision"],
                    reason=c["decision_reason"],
                    now=_now(),
                    visit_announced=c["visit_announced"],
                ),
            )
            if done is not None:
                messages.success(request, "Case review decided")
                return redirect("enforcement:case_review", pk)
    follow_up = services.follow_up_of(review)
    return render(
        request,
        "enforcement/case_review.html",
        {
            "review": review,
            "may_decide": may_decide,
            "form": form,
            "debrief": follow_up.debrief if follow_up else None,
            "alerts": list(
                review.dcs_alerts.filter(removed_at__isnull=True).select_related("local_authority")
            ),
        },
        status=422 if form.errors else 200,
    )


@login_required
@GET_POST
def new_referral(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: SAF-1 — a safeguarding referral from any kind of visit."""
    inspection = _inspection(request, pk)
    _require_act(request)
    today = timezone.localdate()
    form = f.ReferralForm(
        request.POST if request.method == "POST" else None, initial={"follow_up_owner": inspection.manager}
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        referral = _attempt(
            form,
            lambda: services.open_safeguarding_referral(
                inspection,
                by=request.user,
                now=_now(),
                concern=c["concern"],
                about_staff=c["about_staff"],
                adults=c["adults"],
                provider_first_risky=c["provider_first_risky"],
                follow_up_owner=c["follow_up_owner"],
                follow_up_due=c["follow_up_due"],
            ),
        )
        if referral is not None:
            messages.success(request, "Safeguarding referral recorded: now record who was told")
            return redirect("enforcement:referral", referral.pk)
    return render(
        request,
        "enforcement/new_referral.html",
        {"inspection": inspection, "form": form, "today": today},
        status=422 if form.errors else 200,
    )


@login_required
@GET_POST
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    """A safeguarding referral: who was told, when and how, and the Senior HMI's follow-up (SAF-1)."""
    _staff(request)
    item = (
        SafeguardingReferral.objects.select_related("provider", "inspection", "follow_up_owner", "raised_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("No such referral")
    now = _now()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    contact_form = f.ContactForm(
        data if action == "contact" else None, initial={"told_at": timezone.localtime(now).replace(second=0)}
    )
    close_form = f.CloseForm(data if action == "close" else None)
    if action:
        _require_act(request)
        done = None
        if action == "contact" and contact_form.is_valid():
            c = contact_form.cleaned_data
            done = _attempt(
                contact_form,
                lambda: services.record_referral_contact(
                    item,
                    by=request.user,
                    now=now,
                    role=c["role"],
                    organisation=c["organisation"],
                    told_at=c["told_at"],
                    how=c["how"],
                    name=c["name"],
                    note=c["note"],
                ),
            )
        elif action == "close" and close_form.is_valid():
            done = _attempt(
                close_form,
                lambda: services.close_referral(
                    item, by=request.user, now=now, note=close_form.cleaned_data["note"]
                ),
            )
        elif action not in {"contact", "close"}:
            raise Http404("No such action")
        if done is not None:
            messages.success(request, "Saved")
            return redirect("enforcement:referral", pk)
    bound = next((form for form in (contact_form, close_form) if form.is_bound), None)
    return render(
        request,
        "enforcement/referral.html",
        {
            "referral": item,
            "contacts": list(item.contacts.select_related("recorded_by")),
            "missing": [ReferralRole(r).label for r in services.still_to_tell(item)],
            "may_act": _may_act(request.user) and item.is_open,
            "may_change_follow_up": item.is_open and services.may_change_follow_up(request.user, item),
            "contact_form": contact_form,
            "close_form": close_form,
            "form": bound,
            "overdue": item.is_open and item.follow_up_due < timezone.localdate(),
            "soon": timezone.localdate() + timedelta(days=2),
        },
        status=422 if bound is not None and bound.errors else 200,
    )


@login_required
@GET_POST
def referral_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: SAF-1 — a manager, or the Senior HMI who owns it, changes who follows a referral up or when;
    anyone else of the regulator's staff gets 403 and never the form."""
    _staff(request)
    item = (
        SafeguardingReferral.objects.select_related("provider", "inspection", "follow_up_owner")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("No such referral")
    if not services.may_change_follow_up(request.user, item):
        raise PermissionDenied(
            "Only a regulatory inspection manager or the referral's Senior HMI can change its follow-up."
        )
    form = f.FollowUpForm(
        request.POST if request.method == "POST" else None,
        initial={"follow_up_owner": item.follow_up_owner, "follow_up_due": item.follow_up_due},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.change_referral_follow_up(
                item,
                by=request.user,
                now=_now(),
                reason=c["reason"],
                follow_up_owner=c["follow_up_owner"],
                follow_up_due=c["follow_up_due"],
            ),
        )
        if done is not None:
            messages.success(request, "Follow-up changed")
            return redirect("enforcement:referral", pk)
    return render(
        request,
        "enforcement/referral_follow_up.html",
        {"referral": item, "form": form, "today": timezone.localdate()},
        status=422 if form.errors else 200,
    )


@login_required
@GET_POST
def monitoring_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: SCH-9 — the monitoring visit after serious concerns (ENF-4): a manager schedules it within
    its 6 to 8 weeks, or links one already scheduled; the regulator's other staff read."""
    inspection = _inspection(request, pk)
    follow_up = (
        SeriousConcernsFollowUp.objects.select_related("monitoring_visit", "case_review")
        .filter(inspection=inspection)
        .first()
    )
    if follow_up is None:
        raise Http404("No serious concerns next steps here")
    user: Any = request.user
    decided = monitoring.decided_visit_review(follow_up)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    announced = decided.visit_announced if decided is not None else False
    schedule_form = f.MonitoringVisitForm(
        data if action == "schedule" else None,
        initial={
            "purpose": f"To check that {inspection.provider.name} has acted on the serious or widespread "
            f"concerns found at the assurance visit {inspection.reference} (ENF-4).",
            "announced": "yes" if announced else "no",
            "lead_inspector": inspection.lead_inspector,
        },
    )
    link_form = f.LinkVisitForm(
        data if action == "link" else None, visits=monitoring.linkable_visits(follow_up)
    )
    if action:
        if not access.can_manage(user):
            raise PermissionDenied("Only a regulatory inspection manager can schedule or link the visit.")
        now = _now()
        done = None
        if action == "schedule" and schedule_form.is_valid():
            c = schedule_form.cleaned_data
            done = _attempt(
                schedule_form,
                lambda: monitoring.schedule_visit(
                    follow_up,
                    by=user,
                    now=now,
                    start=c["start_date"],
                    end=c["end_date"] or c["start_date"],
                    lead_inspector=c["lead_inspector"],
                    announced=c["announced"] == "yes",
                    purpose=c["purpose"],
                ),
            )
        elif action == "link" and link_form.is_valid():
            done = _attempt(
                link_form,
                lambda: monitoring.link_visit(
                    follow_up, by=user, now=now, visit=link_form.cleaned_data["visit"]
                ),
            )
        elif action not in {"schedule", "link"}:
            raise Http404("No such action")
        if done is not None:
            done_words = "Monitoring visit scheduled" if action == "schedule" else "Monitoring visit linked"
            messages.success(request, done_words)
            return redirect("enforcement:next_steps", pk)
    bound = next((form for form in (schedule_form, link_form) if form.is_bound), None)
    return render(
        request,
        "enforcement/monitoring_visit.html",
        {
            "inspection": inspection,
            "follow_up": follow_up,
            "decided": decided,
            "may_manage": access.can_manage(user) and follow_up.monitoring_visit_id is None,
            "schedule_form": schedule_form,
            "link_form": link_form,
            "has_linkable": link_form.fields["visit"].queryset.exists(),  # type: ignore[attr-defined]
            "form": bound,
        },
        status=422 if bound is not None and bound.errors else 200,
    )
