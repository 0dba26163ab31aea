"""The SCCIF full inspection's own pages (KND-1): preparation, cases, evidence, judgements, requirements
and the report. Other kinds have none of them (`rules.kinds` lists each kind's pages; `_kind_page` answers
404 for the rest)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from careinspect.core.uploads import read_within_limit
from careinspect.inspections import access
from careinspect.inspections import forms as f
from careinspect.inspections.models import Case, Inspection, ProviderResponse
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import judgements as judgement_services
from careinspect.inspections.services import lifecycle, reporting
from careinspect.inspections.views.common import _attempt, _kind_page, _now, _page
from careinspect.registry.models import IntelligenceKind
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status


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
