"""The SCCIF full inspection's own pages (KND-1): preparation, cases, evidence, judgements, requirements
and the report. Other kinds have none of them (`rules.kinds` lists each kind's pages; `_kind_page` answers
404 for the rest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from careinspect.core.templatetags.govuk import unpadded_dates
from careinspect.core.uploads import read_within_limit
from careinspect.inspections import access
from careinspect.inspections import forms as f
from careinspect.inspections.models import Case, Inspection, ProviderResponse
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import judgements as judgement_services
from careinspect.inspections.services import lifecycle, reporting
from careinspect.inspections.services.evidence import EVIDENCE_OPEN
from careinspect.inspections.views.common import _attempt, _kind_page, _now, _page, _today, rule_message
from careinspect.inspections.views.overview import offered_actions
from careinspect.registry.models import IntelligenceKind, LocalAuthority
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
        # NOT-5: the plan is written once notice is given, and not after publication.
        can_plan=access.can_inspect(request.user)
        and inspection.status_enum
        not in {Status.SCHEDULED, Status.DEFERRED, Status.PUBLISHED, Status.INCOMPLETE},
        plan=inspection.plan_entries.all(),
        past=provider.past_inspections.all(),
        intelligence=intelligence,
        # RULES: NOT-4 — no questionnaire responses is itself a line of enquiry.
        no_questionnaires=not intelligence.filter(
            kind=IntelligenceKind.QUESTIONNAIRE, responses__gt=0
        ).exists(),
    )


# RULES: CAS-1 — the case list a page shows at once: a large agency's list is paged, never loaded whole.
CASES_PER_PAGE = 100
# The case list's codes (docs/datasets/asa_case_list.md) as people write them.
SERVICE_USER_LABELS = {
    "child": "Child",
    "adopter": "Adopter",
    "adopted_adult": "Adopted adult",
    "birth_relative": "Birth relative",
    "special_guardian": "Special guardian",
    "other": "Other",
}
SERVICE_LABELS = {
    "assessment": "Assessment",
    "therapy": "Therapy",
    "parenting": "Parenting support",
    "training": "Training",
    "peer_support": "Peer support",
    "records_access": "Access to records",
    "intermediary": "Intermediary service",
    "birth_records_counselling": "Birth records counselling",
    "letterbox": "Letterbox contact",
    "contact": "Contact",
    "birth_family": "Birth family support",
    "other": "Other",
}


def code_label(code: str, labels: dict[str, str]) -> str:
    """A case list code in words ("birth_relative" is "Birth relative"), an unknown one made readable."""
    code = (code or "").strip()
    return labels.get(code) or code.replace("_", " ").capitalize()


# The foster carer register's placement types (docs/datasets/ifa_carer_register.md) as people write them.
PLACEMENT_LABELS = {
    "long_term": "Long-term",
    "short_term": "Short-term",
    "short_break": "Short break",
    "parent_and_child": "Parent and child",
    "remand": "Remand",
    "emergency": "Emergency",
}


@dataclass
class CaseRow:
    """One case as the page shows it: its choice as stored, or as just posted when that was refused."""

    case: Case
    selection: str
    line_of_enquiry: str
    error: str = ""
    la_name: str = ""

    @property
    def service_user(self) -> str:
        return code_label(self.case.service_user_type, SERVICE_USER_LABELS)

    @property
    def service(self) -> str:
        return code_label(self.case.service_type, SERVICE_LABELS)

    @property
    def placement(self) -> str:
        """An assurance visit's child: the register's placement type, in words."""
        return code_label(self.case.service_type, PLACEMENT_LABELS)


def _cases_url(pk: int, page: int) -> str:
    url = reverse("inspections:cases", args=[pk])
    return f"{url}?page={page}" if page > 1 else url


def _choose(case: Case, user: Any, selection: str, line_of_enquiry: str) -> str:
    """Choose one case through the service; the rule's message if it refuses."""
    try:
        evidence_services.choose_case(case, by=user, selection=selection, line_of_enquiry=line_of_enquiry)
    except RuleViolation as violation:
        return f"{case.case_ref}: {rule_message(violation)}"
    return ""


@login_required
def cases(request: HttpRequest, pk: int) -> HttpResponse:
    """Rules: CAS-1, CAS-3 — the case list, and one form choosing its tracked and sampled cases a page of
    100 at a time (a service call per changed case). An assurance visit's cases are the children on the
    foster carer register (INF-3), which the agency sends as information: they are sampled, never tracked."""
    inspection = _kind_page(request, pk, "cases")
    form = f.CaseListForm()
    posted: dict[int, tuple[str, str]] = {}
    errors: dict[int, str] = {}
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
    elif request.method == "POST" and "case" in request.POST:
        # One case at a time, as a script may post it (`case`, `selection`, `line_of_enquiry`).
        if not access.can_inspect(request.user):
            raise PermissionDenied
        case = get_object_or_404(Case, pk=request.POST.get("case"), inspection=inspection)
        choice = f.CaseChoiceForm(request.POST)
        if choice.is_valid():
            c = choice.cleaned_data
            refused = _choose(case, request.user, c["selection"], c["line_of_enquiry"])
            if refused:
                messages.error(request, refused, extra_tags="choices")
            else:
                messages.success(request, f"{case.case_ref}: {case.get_selection_display().lower()}")
        return redirect("inspections:cases", pk=pk)
    elif request.method == "POST":
        if not access.can_inspect(request.user):
            raise PermissionDenied
        ids = [int(i) for i in request.POST.getlist("cases") if i.isdigit()]
        changed = 0
        for case in inspection.cases.filter(pk__in=ids):
            selection = request.POST.get(f"selection-{case.pk}", "")
            line = request.POST.get(f"loe-{case.pk}", "").strip()
            posted[case.pk] = (selection, line)
            if (selection, line if selection == "sampled" else "") == (case.selection, case.line_of_enquiry):
                continue
            refused = _choose(case, request.user, selection, line)
            if refused:
                errors[case.pk] = refused
            else:
                changed += 1
        if not errors:
            messages.success(
                request, f"{changed} case{'s' if changed != 1 else ''} changed" if changed else "No changes"
            )
            page_number = request.POST.get("page", "1")
            return redirect(_cases_url(pk, int(page_number) if page_number.isdigit() else 1))
    # One pass over the list for its counts (a large agency's list has a million rows: issue 10).
    counts = inspection.cases.aggregate(
        total=Count("pk"),
        tracked=Count("pk", filter=Q(selection="tracked")),
        sampled=Count("pk", filter=Q(selection="sampled")),
    )
    paginator = Paginator(inspection.cases.all(), CASES_PER_PAGE)
    paginator.count = counts["total"]  # known already: no second count
    page = paginator.get_page(request.POST.get("page") if errors else request.GET.get("page"))
    rows = [
        CaseRow(case, *posted[case.pk], error=errors.get(case.pk, ""))
        if case.pk in errors
        else CaseRow(case, case.selection, case.line_of_enquiry)
        for case in page.object_list
    ]
    can_choose = access.can_inspect(request.user) and inspection.status_enum in evidence_services.CHOOSING
    sampling = inspection.declaration.cases
    assert sampling is not None, "a kind with a cases page declares where its cases come from"
    # The placing authorities by name, in one query for the page.
    names = dict(
        LocalAuthority.objects.filter(code__in={row.case.la_code for row in rows}).values_list("code", "name")
    )
    for row in rows:
        row.la_name = names.get(row.case.la_code, row.case.la_code)
    return _page(
        request,
        inspection,
        "inspections/cases.html",
        "cases",
        form=form,
        rows=rows,
        page=page,
        choice_errors=[(row.case.pk, row.error) for row in rows if row.error],
        tracked=counts["tracked"],
        sampled=counts["sampled"],
        needed=lifecycle.tracked_cases_needed(inspection),
        case_lists=inspection.case_lists.all()[:1],
        can_choose=can_choose,
        # INF-2, CAS-1: a new list would lose the cases chosen from this one. (A register comes to the
        # information page, and a newer one keeps the sampled children: INF-3.)
        can_upload=can_choose and sampling.tracks and not (counts["tracked"] or counts["sampled"]),
        sampling=sampling,
    )


def _evidence_choices(inspection: Inspection) -> list[tuple[str, str]]:
    return [
        (str(e.pk), f"#{e.pk} {e.get_source_display()}: {e.text[:80]}") for e in inspection.evidence.all()
    ]


@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "evidence")
    # JDG-9: an assurance visit has no judgement areas for evidence to support (it is not graded).
    areas = [(a.key, a.name) for a in judgement_services.areas()] if inspection.declaration.graded else []
    case_choices = [(str(c.pk), c.case_ref) for c in inspection.cases.exclude(selection="")]
    form = f.EvidenceForm(areas=areas, cases=case_choices)
    scan_form = f.ScanForm()
    scan_for = None
    if request.method == "POST" and request.POST.get("form") == "scan":
        record = get_object_or_404(inspection.evidence, pk=request.POST.get("evidence"))
        scan_for = record.pk
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
        scan_for=scan_for,
        records=inspection.evidence.prefetch_related("cases").select_related("recorded_by"),
        area_names=dict(areas),
        # Offered only while the services take them (EVD-4: scans until publication; evidence until the
        # final report), and only to those who carry out inspections.
        can_record=access.can_inspect(request.user) and inspection.status_enum in EVIDENCE_OPEN,
        can_scan=access.can_inspect(request.user)
        and inspection.status_enum in EVIDENCE_OPEN | {Status.FINAL_SENT},
    )


@login_required
def judgements(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "judgements")
    choices = _evidence_choices(inspection)
    stored = {j.area: j for j in inspection.judgements.prefetch_related("evidence", "changes")}
    facts = getattr(inspection, "management_facts", None)
    # JDG-5, JDG-6: until facts are recorded, what the agency's notices about its manager say is offered.
    suggested = {} if facts else judgement_services.suggested_management_facts(inspection, _today())
    facts_form = f.ManagementFactsForm(
        initial={
            "manager_vacancy_weeks": facts.manager_vacancy_weeks
            if facts
            else suggested.get("manager_vacancy_weeks"),
            "recruitment_evidence": facts.recruitment_evidence if facts else "",
            "unregistered_manager_weeks": facts.unregistered_manager_weeks
            if facts
            else suggested.get("unregistered_manager_weeks"),
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
        # REQ-1, REQ-2: made on site or while the report is open.
        can_add=access.can_inspect(request.user)
        and inspection.status_enum in {Status.ON_SITE, *reporting.REPORT_OPEN},
        recommendation_list=inspection.recommendations.all(),
    )


@dataclass(frozen=True)
class Flagged:
    """DPR-2: one passage the identifying-text check flags, where it is, why, and the reason it may stay."""

    number: int
    where: str
    text: str
    why: str
    reason: str


def _flagged(inspection: Inspection, report: Any) -> list[Flagged]:
    reasons = report.naming_reasons or {}
    return [
        Flagged(n, found.where, found.text, found.why, str(reasons.get(found.text, "")).strip())
        for n, found in enumerate(reporting.identifying_findings(inspection, report), start=1)
    ]


def _check_blocked(inspection: Inspection, report: Any, flagged: list[Flagged]) -> list[str]:
    """Why the manager's check would be refused now (RPT-1, DPR-2), in words the manager can act on."""
    reasons = []
    empty = reporting.empty_sections(report.sections, inspection)
    if empty and inspection.status_enum is Status.FEEDBACK_GIVEN:
        reasons.append(f"sections still empty (RPT-1): {'; '.join(empty)}")
    still_open = [found for found in flagged if not found.reason]
    if still_open:
        count = len(still_open)
        reasons.append(
            f"{count} passage{'s' if count != 1 else ''} may identify someone: the inspector changes "
            f"{'each' if count != 1 else 'it'} or records why it may stay (DPR-2)"
        )
    return reasons


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Rules: RPT-1, RPT-3, CMP-1, DPR-2 — the report as it stands: written by the inspection's inspectors,
    checked by its manager, a complaint answered by a manager independent of it; every passage the
    identifying-text check flags, with the form to record why it may stay. Each form shows only to someone
    who may use it in this state."""
    inspection = _kind_page(request, pk, "report")
    user = request.user
    current = reporting.report_for(inspection)
    keys = reporting.section_keys(inspection)
    open_state = inspection.status_enum in reporting.REPORT_OPEN
    can_write = open_state and reporting.writes_the_report(user, inspection)
    errors: list[tuple[str, str]] = []  # (the form the error is about, the message)
    posted_sections: dict[str, str] | None = None
    answer_form = f.AnswerForm()
    answering = None
    check_form = f.CheckForm()
    keep_form = f.KeepPassageForm(prefix="keep")
    keeping = ""
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "sections":
                posted_sections = {k: request.POST.get(k, "") for k, _ in keys if k in request.POST}
                reporting.edit_report(inspection, by=user, sections=posted_sections, now=_now())
                messages.success(request, "Report saved")
                return redirect("inspections:report", pk=pk)
            if which == "check":
                check_form = f.CheckForm(request.POST)
                if check_form.is_valid():
                    reporting.check_report(
                        inspection, by=user, note=check_form.cleaned_data["note"], now=_now()
                    )
                    messages.success(request, "Report checked")
                    return redirect("inspections:report", pk=pk)
            elif which in {"keep", "unkeep"}:
                keep_form = f.KeepPassageForm(request.POST, prefix="keep", taking_back=which == "unkeep")
                keeping = request.POST.get("keep-passage", "")
                if keep_form.is_valid():
                    d = keep_form.cleaned_data
                    reporting.keep_passage(
                        inspection, by=user, passage=d["passage"], reason=d["reason"], now=_now()
                    )
                    messages.success(
                        request,
                        "Reason recorded: the passage may stay" if d["reason"] else "Reason taken back",
                    )
                    return redirect("inspections:report", pk=pk)
            elif which == "answer":
                answering = get_object_or_404(
                    ProviderResponse, pk=request.POST.get("response"), inspection=inspection
                )
                answer_form = f.AnswerForm(request.POST)
                if answer_form.is_valid():
                    reporting.answer_complaint(
                        answering, by=user, answer=answer_form.cleaned_data["answer"], now=_now()
                    )
                    messages.success(request, "Complaint answered")
                    return redirect("inspections:report", pk=pk)
        except RuleViolation as violation:
            errors.append((which or "", rule_message(violation)))
        errors += [("keep", str(e)) for field in keep_form.errors.values() for e in field]
        errors += [("answer", str(e)) for field in answer_form.errors.values() for e in field]
        inspection.refresh_from_db()
        current = reporting.report_for(inspection)
    if current.pk is None:
        # The first draft assembled from the records, not saved yet: its dates written the GOV.UK way
        # (the assembly writes "01 April 2019").
        current.sections = {key: unpadded_dates(text) for key, text in current.sections.items()}
    shown = {**current.sections, **(posted_sections or {})}
    if can_write and posted_sections is None:
        # What the writer edits has its dates the GOV.UK way, so the next save stores them so.
        shown = {key: unpadded_dates(text) for key, text in shown.items()}
    flagged = _flagged(inspection, current)
    kept_number = next((found.number for found in flagged if found.text == keeping), None)
    anchors = {
        "sections": "section-1",
        "check": "check-note",
        "keep": f"reason-{kept_number}" if kept_number else "flagged",
        "unkeep": f"reason-{kept_number}" if kept_number else "flagged",
        "answer": f"answer-{answering.pk}" if answering is not None else "responses",
    }
    error_links = [(anchors.get(which, "main-content"), message) for which, message in errors]
    check_blocked = _check_blocked(inspection, current, flagged)
    published = getattr(inspection, "published", None)
    responses = list(inspection.responses.select_related("submitted_by", "answered_by"))
    independent = access.can_manage(user) and user.pk not in (
        inspection.lead_inspector_id,
        inspection.manager_id,
    )
    return _page(
        request,
        inspection,
        "inspections/report.html",
        "report",
        sections=[(key, title, shown.get(key, "")) for key, title in keys],
        report=current,
        published=published,
        warnings=reporting.length_warnings(current.sections),
        # RULES: RPT-1 — the manager's check refuses a report with empty sections: say so while writing.
        empty=reporting.empty_sections(current.sections, inspection),
        errors=error_links,
        responses=[
            (
                r,
                # CMP-1 (2): answered by a manager independent of the inspection, while the complaint is open.
                independent
                and r.kind == "complaint"
                and not r.answer
                and inspection.status_enum is Status.COMPLAINT,
            )
            for r in responses
        ],
        answer_form=answer_form,
        answering=answering,
        can_write=can_write,
        can_check=open_state and reporting.checks_the_report(user, inspection),
        check_blocked=check_blocked,
        check_form=check_form,
        # DPR-2: the flagged passages for those who write or check the report; the form for the writers.
        show_flagged=access.can_inspect(user) or access.can_manage(user),
        flagged=flagged,
        open_flagged=sum(1 for found in flagged if not found.reason),
        keep_form=keep_form,
        keeping=keeping,
        actions=offered_actions(user, inspection, _today(), {"send_draft", "send_final", "publish"}),
    )
