"""The inspection team's pages. Each view reads through `access`, acts through `services`, and shows the
rules' own messages (with their IDs) against the field they are about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careinspect.core.uploads import read_within_limit
from careinspect.inspections import access, dashboard
from careinspect.inspections import forms as f
from careinspect.inspections.models import Case, DeferralRequest, Inspection, ProviderResponse
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import judgements as judgement_services
from careinspect.inspections.services import lifecycle, reporting
from careinspect.registry.models import IntelligenceKind
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status

SUBPAGES = [
    ("detail", "Overview"),
    ("notice", "Notice"),
    ("information", "Information"),
    ("measures", "A1 measures"),
    ("preparation", "Preparation"),
    ("cases", "Cases"),
    ("evidence", "Evidence"),
    ("judgements", "Judgements"),
    ("requirements", "Requirements"),
    ("report", "Report"),
]


def _today() -> Any:
    return timezone.localdate()


def _now() -> Any:
    """The moment a person acts: the services take it as an argument and never read the clock."""
    return timezone.now()


def _regulator_inspection(request: HttpRequest, pk: int) -> Inspection:
    """The inspection for regulator staff only; provider users use the portal (DPR-3: never evidence)."""
    if not access.is_regulator(request.user):
        if access.provider_of(request.user) is not None:
            raise PermissionDenied("Your agency's inspections are in the provider portal.")
        raise PermissionDenied
    return access.inspection_for(request.user, pk)


def _attempt(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run a service; put a rule's message on the field it names (or the whole form) instead of failing."""
    try:
        return action()
    except RuleViolation as violation:
        field = violation.field if violation.field in form.fields else None
        message = f"{violation.message} ({violation.rule})" if violation.rule else violation.message
        form.add_error(field, message)
        if hasattr(violation, "errors"):
            for error in violation.errors[:50]:
                form.add_error(None, f"Row {error.get('row')}, {error.get('column')}: {error.get('message')}")
        return None


def subpages_for(inspection: Inspection) -> list[tuple[str, str]]:
    """The team's pages this kind of inspection has, in its declaration's order (rules.kinds)."""
    labels = dict(SUBPAGES)
    return [(name, labels[name]) for name in inspection.declaration.pages if name in labels]


def _kind_page(request: HttpRequest, pk: int, page: str) -> Inspection:
    """The inspection, if this kind of inspection has the page; else 404 (no page for another kind)."""
    inspection = _regulator_inspection(request, pk)
    if page not in inspection.declaration.pages:
        raise Http404(f"{inspection.declaration.described_as} has no {page} page")
    return inspection


def _page(
    request: HttpRequest, inspection: Inspection, template: str, current: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "inspection": inspection,
            "subpages": subpages_for(inspection),
            "current": current,
            "can_inspect": access.can_inspect(request.user),
            "can_manage": access.can_manage(request.user),
            "activities": inspection.declaration.activities,
            "letters": list(inspection.declaration.letters.items()),
            "today": _today(),
            **context,
        },
    )


# When a deadline was met: the field that records it and the word the overview uses.
MET_BY = {
    "notice_due": ("notified_on", "given"),
    "draft_due": ("draft_sent_on", "sent"),
    "final_due": ("final_sent_on", "sent"),
    "publication_due": ("published_on", "published"),
}


@dataclass(frozen=True)
class DeadlineRow:
    label: str
    rule: str
    day: Any
    met: str  # "given 3 December 2025", or ""


def deadlines_of(inspection: Inspection) -> list[DeadlineRow]:
    """The kind's deadlines in its own words and rules (NTC-2 and INF-1 for a thematic inspection, …)."""
    rows = []
    for field, deadline in inspection.declaration.deadlines.items():
        day = getattr(inspection, field)
        if day is None:
            continue
        met_field, word = MET_BY.get(field, ("", ""))
        met_on = getattr(inspection, met_field) if met_field else None
        rows.append(
            DeadlineRow(deadline.label, deadline.rule, day, f"{word} {met_on:%-d %B %Y}" if met_on else "")
        )
    return rows


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
            ),
        )
        if inspection is not None:
            messages.success(
                request,
                f"{inspection.reference} scheduled; notice is due by {inspection.notice_due:%d %B %Y}",
            )
            return redirect("inspections:detail", pk=inspection.pk)
    return render(request, "inspections/schedule.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _regulator_inspection(request, pk)
    return _page(
        request,
        inspection,
        "inspections/detail.html",
        "detail",
        transitions=[
            t
            for t in inspection.declaration.lifecycle.available(inspection.status)
            if _offered(inspection, t.name)
        ],
        due=dashboard.items_for(inspection, _today()),
        events=inspection.events.select_related("by", "inspection"),
        tracked_needed=lifecycle.tracked_cases_needed(inspection),
        service_users=lifecycle.service_users(inspection),
        tracks_cases=inspection.declaration.has("case_list"),
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


def _offered(inspection: Inspection, transition: str) -> bool:
    """A button only for a step of this kind's graph whose page action is built (rules.kinds)."""
    if transition not in ACTIONS or not inspection.declaration.lifecycle.has(transition):
        return False
    return inspection.kind == Kind.SCCIF_FULL or transition in SHARED_ACTIONS


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
        messages.error(request, str(violation))
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


@login_required
def preparation(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "preparation")
    form = f.PlanEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _attempt(
            form,
            lambda: lifecycle.add_plan_entry(inspection, by=request.user, kind=d["kind"], text=d["text"]),
        ):
            messages.success(request, "Added to the inspection plan")
            return redirect("inspections:preparation", pk=pk)
    provider = inspection.provider
    intelligence = provider.intelligence.all()
    return _page(
        request,
        inspection,
        "inspections/preparation.html",
        "preparation",
        form=form,
        plan=inspection.plan_entries.all(),
        past=provider.past_inspections.all(),
        intelligence=intelligence,
        # RULES: NOT-4 — no questionnaire responses is itself a line of enquiry.
        no_questionnaires=not intelligence.filter(
            kind=IntelligenceKind.QUESTIONNAIRE, responses__gt=0
        ).exists(),
    )


@login_required
def cases(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "cases")
    form = f.CaseListForm()
    if request.method == "POST" and request.POST.get("form") == "case_list":
        form = f.CaseListForm(request.POST, request.FILES)
        if not access.can_inspect(request.user):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if _attempt(
                form,
                lambda: evidence_services.receive_case_list(
                    inspection,
                    by=request.user,
                    filename=upload.name,
                    data=read_within_limit(upload),
                    now=_now(),
                ),
            ):
                messages.success(request, "Case list received")
                return redirect("inspections:cases", pk=pk)
    elif request.method == "POST":
        case = get_object_or_404(Case, pk=request.POST.get("case"), inspection=inspection)
        choice = f.CaseChoiceForm(request.POST)
        if choice.is_valid():
            c = choice.cleaned_data
            try:
                evidence_services.choose_case(
                    case, by=request.user, selection=c["selection"], line_of_enquiry=c["line_of_enquiry"]
                )
            except RuleViolation as violation:
                messages.error(request, f"{case.case_ref}: {violation}")
            else:
                messages.success(request, f"{case.case_ref}: {case.get_selection_display().lower()}")
        return redirect("inspections:cases", pk=pk)
    all_cases = inspection.cases.all()
    tracked = sum(1 for c in all_cases if c.selection == "tracked")
    return _page(
        request,
        inspection,
        "inspections/cases.html",
        "cases",
        form=form,
        cases=all_cases,
        tracked=tracked,
        needed=lifecycle.tracked_cases_needed(inspection),
        case_lists=inspection.case_lists.all(),
    )


def _evidence_choices(inspection: Inspection) -> list[tuple[str, str]]:
    return [
        (str(e.pk), f"#{e.pk} {e.get_source_display()}: {e.text[:80]}") for e in inspection.evidence.all()
    ]


@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "evidence")
    areas = [(a.key, a.name) for a in judgement_services.areas()]
    case_choices = [(str(c.pk), c.case_ref) for c in inspection.cases.exclude(selection="")]
    form = f.EvidenceForm(areas=areas, cases=case_choices)
    scan_form = f.ScanForm()
    if request.method == "POST" and request.POST.get("form") == "scan":
        record = get_object_or_404(inspection.evidence, pk=request.POST.get("evidence"))
        scan_form = f.ScanForm(request.POST, request.FILES)
        if scan_form.is_valid():
            upload = scan_form.cleaned_data["file"]
            if _attempt(
                scan_form,
                lambda: evidence_services.attach_scan(
                    record,
                    by=request.user,
                    filename=upload.name,
                    data=read_within_limit(upload),
                    now=_now(),
                ),
            ):
                messages.success(request, f"Scan attached to evidence #{record.pk}")
                return redirect("inspections:evidence", pk=pk)
    elif request.method == "POST":
        form = f.EvidenceForm(request.POST, areas=areas, cases=case_choices)
        if form.is_valid():
            d = form.cleaned_data
            record = _attempt(
                form,
                lambda: evidence_services.record_evidence(
                    inspection,
                    by=request.user,
                    source=d["source"],
                    text=d["text"],
                    interview_at=d["interview_at"],
                    interviewee_role=d["interviewee_role"],
                    quote=d["quote"],
                    judgement_areas=d["judgement_areas"],
                    case_ids=[int(c) for c in d["cases"]],
                    provider_concern=d["provider_concern"],
                    action_taken=d["action_taken"],
                    naming_justification=d["naming_justification"],
                    handwritten=d["handwritten"],
                    now=_now(),
                ),
            )
            if record is not None:
                messages.success(request, f"Evidence #{record.pk} recorded")
                return redirect("inspections:evidence", pk=pk)
    return _page(
        request,
        inspection,
        "inspections/evidence.html",
        "evidence",
        form=form,
        scan_form=scan_form,
        records=inspection.evidence.prefetch_related("cases").select_related("recorded_by"),
        area_names=dict(areas),
    )


@login_required
def judgements(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "judgements")
    choices = _evidence_choices(inspection)
    stored = {j.area: j for j in inspection.judgements.prefetch_related("evidence", "changes")}
    facts = getattr(inspection, "management_facts", None)
    facts_form = f.ManagementFactsForm(
        initial={
            "manager_vacancy_weeks": facts.manager_vacancy_weeks if facts else None,
            "recruitment_evidence": facts.recruitment_evidence if facts else "",
            "unregistered_manager_weeks": facts.unregistered_manager_weeks if facts else None,
        },
        prefix="facts",
    )
    forms_by_area: dict[str, forms.Form] = {}
    for area in judgement_services.areas():
        j = stored.get(area.key)
        initial = (
            {
                "grade": j.grade,
                "rationale": j.rationale,
                "justification": j.justification,
                "evidence": [str(e.pk) for e in j.evidence.all()],
            }
            if j
            else {}
        )
        forms_by_area[area.key] = f.JudgementForm(initial=initial, evidence=choices, prefix=area.key)
    change_forms = {key: f.JudgementChangeForm(prefix=f"change-{key}") for key in stored}
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which == "facts":
            facts_form = f.ManagementFactsForm(request.POST, prefix="facts")
            if facts_form.is_valid():
                d = facts_form.cleaned_data
                if _attempt(
                    facts_form,
                    lambda: judgement_services.record_management_facts(
                        inspection,
                        by=request.user,
                        manager_vacancy_weeks=d["manager_vacancy_weeks"],
                        recruitment_evidence=d["recruitment_evidence"],
                        unregistered_manager_weeks=d["unregistered_manager_weeks"],
                    ),
                ):
                    messages.success(request, "Facts about the manager recorded")
                    return redirect("inspections:judgements", pk=pk)
        elif which.startswith("change-") and which[7:] in stored:
            key = which[7:]
            change_form = f.JudgementChangeForm(request.POST, prefix=which)
            change_forms[key] = change_form
            if change_form.is_valid():
                d = change_form.cleaned_data
                if _attempt(
                    change_form,
                    lambda: judgement_services.change_judgement_after_feedback(
                        stored[key],
                        by=request.user,
                        agreed_by=request.user,
                        grade=d["grade"],
                        reasons_to_provider=d["reasons_to_provider"],
                        now=_now(),
                    ),
                ):
                    messages.success(
                        request, "Judgement changed; the provider is told the new judgement and reasons"
                    )
                    return redirect("inspections:judgements", pk=pk)
        elif which in forms_by_area:
            form = f.JudgementForm(request.POST, evidence=choices, prefix=which)
            forms_by_area[which] = form
            if form.is_valid():
                d = form.cleaned_data
                result = _attempt(
                    form,
                    lambda: judgement_services.record_judgement(
                        inspection,
                        by=request.user,
                        area=which,
                        grade=d["grade"],
                        rationale=d["rationale"],
                        evidence_ids=[int(e) for e in d["evidence"]],
                        justification=d["justification"],
                        now=_now(),
                    ),
                )
                if result is not None:
                    messages.success(request, "Judgement recorded")
                    return redirect("inspections:judgements", pk=pk)
    check = judgement_services.check_for(inspection)
    return _page(
        request,
        inspection,
        "inspections/judgements.html",
        "judgements",
        areas=[
            (a, forms_by_area[a.key], stored.get(a.key), change_forms.get(a.key))
            for a in judgement_services.areas()
        ],
        check=check,
        facts_form=facts_form,
        on_site=inspection.status_enum is Status.ON_SITE,
        can_change=inspection.status_enum in judgement_services.CHANGE_AFTER_FEEDBACK,
    )


@login_required
def requirements(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "requirements")
    choices = _evidence_choices(inspection)
    requirement_form = f.RequirementForm(evidence=choices, prefix="req")
    recommendation_form = f.RecommendationForm(prefix="rec")
    if request.method == "POST":
        if request.POST.get("form") == "requirement":
            requirement_form = f.RequirementForm(request.POST, evidence=choices, prefix="req")
            if requirement_form.is_valid():
                d = requirement_form.cleaned_data
                if _attempt(
                    requirement_form,
                    lambda: reporting.add_requirement(
                        inspection,
                        by=request.user,
                        regulation=d["regulation"],
                        action=d["action"],
                        impact=d["impact"],
                        compliance_date=d["compliance_date"],
                        evidence_ids=[int(e) for e in d["evidence"]],
                    ),
                ):
                    messages.success(request, "Requirement made")
                    return redirect("inspections:requirements", pk=pk)
        else:
            recommendation_form = f.RecommendationForm(request.POST, prefix="rec")
            if recommendation_form.is_valid():
                d = recommendation_form.cleaned_data
                if _attempt(
                    recommendation_form,
                    lambda: reporting.add_recommendation(
                        inspection, by=request.user, nms_standard=d["nms_standard"], text=d["text"]
                    ),
                ):
                    messages.success(request, "Recommendation made")
                    return redirect("inspections:requirements", pk=pk)
    return _page(
        request,
        inspection,
        "inspections/requirements.html",
        "requirements",
        requirement_form=requirement_form,
        recommendation_form=recommendation_form,
        requirement_list=inspection.requirements.prefetch_related("evidence"),
        recommendation_list=inspection.recommendations.all(),
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "report")
    current = reporting.report_for(inspection)
    keys = reporting.section_keys()
    errors: list[str] = []
    answer_form = f.AnswerForm()
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "sections":
                reporting.edit_report(
                    inspection,
                    by=request.user,
                    sections={k: request.POST.get(k, "") for k, _ in keys},
                    now=_now(),
                )
                messages.success(request, "Report saved")
            elif which == "check":
                reporting.check_report(
                    inspection, by=request.user, note=request.POST.get("note", ""), now=_now()
                )
                messages.success(request, "Report checked")
            elif which == "answer":
                response = get_object_or_404(
                    ProviderResponse, pk=request.POST.get("response"), inspection=inspection
                )
                answer_form = f.AnswerForm(request.POST)
                if answer_form.is_valid():
                    reporting.answer_complaint(
                        response, by=request.user, answer=answer_form.cleaned_data["answer"], now=_now()
                    )
                    messages.success(request, "Complaint answered")
                else:
                    raise RuleViolation("write the answer to the complaint", rule="CMP-1", field="answer")
            return redirect("inspections:report", pk=pk)
        except RuleViolation as violation:
            errors.append(str(violation))
    return _page(
        request,
        inspection,
        "inspections/report.html",
        "report",
        sections=[(key, title, current.sections.get(key, "")) for key, title in keys],
        report=current,
        warnings=reporting.length_warnings(current.sections),
        # RULES: RPT-1 — the manager's check refuses a report with empty sections: say so while writing.
        empty=[t for k, t in keys if k != "enforcement" and not current.sections.get(k, "").strip()],
        errors=errors,
        responses=inspection.responses.select_related("submitted_by", "answered_by"),
        answer_form=answer_form,
        transitions=[
            t
            for t in inspection.declaration.lifecycle.available(inspection.status)
            if t.name in {"send_draft", "send_final", "publish"}
        ],
    )
