"""The compliance pages: requirements whose dates have passed, compliance notices and their monitoring
visits, the SCH-8 proposal, and the monitoring visit's own page among the inspection's pages.

Regulator staff only (a provider's staff see their monitoring visit's report in the portal, never these
working records: DPR-3). Each form shows only to someone who may submit it; every rule is the services'.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from careinspect.compliance import forms as f
from careinspect.compliance import services
from careinspect.compliance.models import ComplianceNotice, MonitoringNotice, NoticeStatus
from careinspect.enforcement.models import CaseReview, CaseReviewDecision
from careinspect.inspections import access
from careinspect.inspections.models import Inspection, MonitoringDetail, Requirement
from careinspect.inspections.views.common import _attempt, _kind_page, _now, _page, _today, rule_message
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status


def _require_regulator(request: HttpRequest) -> None:
    if not access.is_regulator(request.user):
        raise PermissionDenied("The compliance pages are for the regulator's staff.")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Every agency with a requirement awaiting its outcome (REQ-3), a notice open (ENF-1) or a monitoring
    visit under way (KND-4)."""
    _require_regulator(request)
    today = _today()
    urn = request.GET.get("urn", "").strip()
    not_found = False
    if urn:
        provider = Provider.objects.filter(urn__iexact=urn).first()
        if provider is not None:
            return redirect("compliance:provider", pk=provider.pk)
        not_found = True
    providers = (
        Provider.objects.annotate(
            awaiting=Count(
                "inspections__requirements",
                filter=Q(
                    inspections__requirements__compliance_date__lt=today,
                    inspections__requirements__outcome__isnull=True,
                ),
                distinct=True,
            ),
            open_notices=Count(
                "compliance_notices", filter=Q(compliance_notices__status=NoticeStatus.ISSUED), distinct=True
            ),
        )
        .filter(Q(awaiting__gt=0) | Q(open_notices__gt=0))
        .order_by("name")[:200]
    )
    visits = (
        Inspection.objects.filter(kind=Kind.MONITORING.value)
        .exclude(status__in=[Status.PUBLISHED.value, Status.NOT_PUBLISHED.value])
        .select_related("provider", "lead_inspector")
        .order_by("start_date", "pk")[:200]
    )
    return render(
        request,
        "compliance/index.html",
        {"providers": providers, "visits": visits, "urn": urn, "not_found": not_found},
    )


def _reviews(ids: list[int | None]) -> dict[int, CaseReview]:
    wanted = [i for i in ids if i]
    return {r.pk: r for r in CaseReview.objects.filter(pk__in=wanted).select_related("decided_by")}


@login_required
def provider(request: HttpRequest, pk: int) -> HttpResponse:
    """One agency: its requirements awaiting an outcome, its notices and their visits, the SCH-8 proposal."""
    _require_regulator(request)
    agency = get_object_or_404(Provider, pk=pk)
    user, today = request.user, _today()
    can_inspect = access.can_inspect(user) or access.can_manage(user)
    can_manage = access.can_manage(user)
    unmet_requirements = Requirement.objects.filter(inspection__provider=agency, outcome__met=False).order_by(
        "compliance_date", "pk"
    )
    unmet_notices = ComplianceNotice.objects.filter(provider=agency, status=NoticeStatus.NOT_MET)
    outcome_form = f.RequirementOutcomeForm(prefix="outcome")
    notice_form = f.NoticeForm(
        prefix="notice",
        requirements=unmet_requirements,
        notices=unmet_notices,
        initial={"requirement": request.GET.get("requirement") or None},
    )
    posted_requirement = None
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "outcome" and can_inspect:
            posted_requirement = get_object_or_404(
                Requirement, pk=request.POST.get("requirement"), inspection__provider=agency
            )
            outcome_form = f.RequirementOutcomeForm(request.POST, prefix="outcome")
            if outcome_form.is_valid():
                d = outcome_form.cleaned_data
                done = _attempt(
                    outcome_form,
                    lambda: services.record_requirement_outcome(
                        posted_requirement, met=d["met"] == "yes", note=d["note"], by=user, now=_now()
                    ),
                )
                if done is not None:
                    messages.success(
                        request,
                        "Outcome recorded"
                        if done.met
                        else "Outcome recorded: a case review decides on enforcement (REQ-3)",
                    )
                    return redirect("compliance:provider", pk=pk)
        elif which == "notice" and can_manage:
            notice_form = f.NoticeForm(
                request.POST, prefix="notice", requirements=unmet_requirements, notices=unmet_notices
            )
            if notice_form.is_valid():
                d = notice_form.cleaned_data
                done = _attempt(
                    notice_form,
                    lambda: services.issue_compliance_notice(
                        agency,
                        regulation=d["regulation"],
                        action=d["action"],
                        compliance_date=d["compliance_date"],
                        requirement=d["requirement"],
                        previous=d["previous"],
                        concern=d["concern"],
                        names_checked=d["names_checked"],
                        by=user,
                        now=_now(),
                    ),
                )
                if done is not None:
                    messages.success(request, f"{done.reference} issued and emailed to the agency")
                    return redirect("compliance:provider", pk=pk)
        else:
            raise PermissionDenied
    awaiting = services.awaiting_outcome(agency, today)
    outcomes = list(
        Requirement.objects.filter(inspection__provider=agency, outcome__isnull=False)
        .select_related("outcome", "inspection", "outcome__recorded_by")
        .order_by("-compliance_date", "-pk")
    )
    notices = list(
        ComplianceNotice.objects.filter(provider=agency)
        .select_related("requirement", "previous", "issued_by", "message")
        .prefetch_related("visits__inspection", "outcomes")
        .order_by("-compliance_date", "-pk")
    )
    reviews = _reviews(
        [r.outcome.case_review_id for r in outcomes]
        + [o.case_review_id for n in notices for o in n.outcomes.all()]
    )
    visits = Inspection.objects.filter(provider=agency, kind=Kind.MONITORING.value).order_by("-start_date")
    return render(
        request,
        "compliance/provider.html",
        {
            "provider": agency,
            "awaiting": awaiting,
            "outcomes": [(r, reviews.get(r.outcome.case_review_id or 0)) for r in outcomes],
            "notices": [
                (n, [(o, reviews.get(o.case_review_id or 0)) for o in n.outcomes.all()]) for n in notices
            ],
            "proposals": services.propose_monitoring_visits(agency),
            "visits": visits,
            "outcome_form": outcome_form,
            "posted_requirement": posted_requirement,
            "notice_form": notice_form,
            "can_inspect": can_inspect,
            "can_manage": can_manage,
            "today": today,
        },
    )


def _announced_as_decided(agency: Provider) -> CaseReview | None:
    """The agency's latest case review that decided on a monitoring visit, announced or not (KND-4)."""
    return (
        CaseReview.objects.filter(provider=agency, decision=CaseReviewDecision.MONITORING_VISIT)
        .order_by("-decided_on", "-pk")
        .first()
    )


@login_required
def schedule_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: SCH-8 — schedule a monitoring visit (a manager), its notices ticked from the proposal."""
    if not access.can_manage(request.user):
        raise PermissionDenied("Only a regulatory inspection manager can schedule a monitoring visit.")
    agency = get_object_or_404(Provider, pk=pk)
    awaiting = ComplianceNotice.objects.filter(
        pk__in=[n.pk for n in services.notices_awaiting_a_visit(agency)]
    )
    decided = _announced_as_decided(agency)
    chosen = [n for n in request.GET.getlist("notices") if n.isdigit()]
    initial: dict[str, Any] = {
        "notices": chosen,
        "reason": "compliance_notice" if chosen else "",
        "start_date": request.GET.get("start") or None,
        "announced": "yes" if decided is not None and decided.visit_announced else "no",
    }
    form = f.ScheduleVisitForm(request.POST or None, notices=awaiting, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        inspection = _attempt(
            form,
            lambda: services.schedule_monitoring_visit(
                agency,
                reason=d["reason"],
                purpose=d["purpose"],
                start=d["start_date"],
                end=d["end_date"] or d["start_date"],
                lead_inspector=d["lead_inspector"],
                manager=request.user,
                announced=d["announced"] == "yes",
                notices=list(d["notices"]),
                case_review=decided if decided is not None and decided.visit_announced is not None else None,
                by=request.user,
                now=_now(),
            ),
        )
        if inspection is not None:
            messages.success(request, f"{inspection.reference}: monitoring visit scheduled")
            return redirect("inspections:visit", pk=inspection.pk)
    return render(
        request,
        "compliance/schedule.html",
        {"form": form, "provider": agency, "decided": decided},
    )


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """The monitoring visit's page (KND-4): why and for what, its announcement and start, each notice it
    checks with whether it was met (ENF-1), and the regional director's decision not to publish (RPT-6)."""
    inspection = _kind_page(request, pk, "visit")
    user = request.user
    detail = MonitoringDetail.objects.filter(inspection=inspection).first()
    links = list(
        MonitoringNotice.objects.filter(inspection=inspection)
        .select_related("notice")
        .order_by("notice__compliance_date", "pk")
    )
    outcomes = {o.notice_id: o for o in inspection.notice_outcomes.select_related("recorded_by", "message")}
    outcome_form = f.NoticeOutcomeForm(prefix="outcome")
    withhold_form = f.WithholdForm(prefix="withhold")
    posted_notice = None
    can_record = access.can_inspect(user) and inspection.status_enum in services.OUTCOMES_OPEN
    can_withhold = services.may_withhold(user) and inspection.status_enum is Status.FINAL_SENT
    if request.method == "POST":
        which = request.POST.get("form")
        now = _now()
        done = None
        if which in {"announce", "start"} and access.can_inspect(user):
            step = (
                services.announce_monitoring_visit if which == "announce" else services.start_monitoring_visit
            )
            try:
                done = step(inspection, by=user, now=now)
            except RuleViolation as violation:
                # An error summary (base.html) linking to the page's actions, in the rule's own words.
                messages.error(request, rule_message(violation), extra_tags="actions")
                return redirect("inspections:visit", pk=pk)
        elif which == "outcome" and can_record:
            link = next((n for n in links if str(n.notice_id) == request.POST.get("notice")), None)
            if link is None:
                raise PermissionDenied
            posted_notice = link.notice
            outcome_form = f.NoticeOutcomeForm(request.POST, prefix="outcome")
            if outcome_form.is_valid():
                d = outcome_form.cleaned_data
                done = _attempt(
                    outcome_form,
                    lambda: services.record_notice_outcome(
                        inspection,
                        link.notice,
                        action=d["action"],
                        evidence_note=d["evidence_note"],
                        by=user,
                        now=now,
                    ),
                )
        elif which == "withhold" and can_withhold:
            withhold_form = f.WithholdForm(request.POST, prefix="withhold")
            if withhold_form.is_valid():
                reason = withhold_form.cleaned_data["reason"]
                done = _attempt(
                    withhold_form,
                    lambda: services.withhold_report(inspection, by=user, reason=reason, now=now),
                )
        else:
            raise PermissionDenied
        if done is not None:
            messages.success(request, "Saved")
            return redirect("inspections:visit", pk=pk)
        inspection.refresh_from_db()
    status = inspection.status_enum
    return _page(
        request,
        inspection,
        "compliance/visit.html",
        "visit",
        detail=detail,
        notices=[(link.notice, outcomes.get(link.notice_id)) for link in links],
        outcome_form=outcome_form,
        posted_notice=posted_notice,
        withhold_form=withhold_form,
        can_record=can_record,
        can_withhold=can_withhold,
        can_announce=access.can_inspect(user)
        and status is Status.SCHEDULED
        and detail is not None
        and detail.announced,
        can_start=access.can_inspect(user) and status in {Status.SCHEDULED, Status.NOTIFIED},
        decision=getattr(inspection, "publication_decision", None),
        errors=bool(outcome_form.errors or withhold_form.errors),
    )
