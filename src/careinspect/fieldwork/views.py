"""The fieldwork pages of a thematic inspection (the team's), the programme's page and its report editor
(managers), and the public programme report (HTML and PDF, from the frozen published copy only: DPR-2).

Forms are shown only to those who may submit them: the fieldwork's to inspectors and managers, the QA
meeting and the report's to managers. Quality assurance officers read; provider users never see any of
it (DPR-3: never evidence).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from careinspect.core.roles import QA_OFFICER
from careinspect.fieldwork import charts, services
from careinspect.fieldwork import forms as f
from careinspect.fieldwork.models import (
    REPORT_SECTIONS,
    PublishedProgrammeReport,
    ThematicCase,
    ThemeFinding,
    theme_choices,
    theme_title,
)
from careinspect.inspections import access
from careinspect.inspections.views.common import _attempt, _kind_page, _now, _page, _today
from careinspect.reports.pdf import html_to_pdf
from careinspect.rules.lifecycle import Status
from careinspect.rules.thematic.fieldwork import STAKEHOLDER_GROUPS, SUMMARY_RECIPIENTS
from careinspect.thematic.models import Programme

FORMS = ("case", "confirm", "start", "timetable", "agree", "kit", "evidence", "feedback", "summary")


def _referral_url(inspection_pk: int) -> str:
    """The enforcement app's safeguarding referral form for this inspection (SAF-1), when it exists."""
    try:
        return reverse("enforcement:new_referral", args=[inspection_pk])
    except NoReverseMatch:
        return ""


@login_required
@require_http_methods(["GET", "POST"])
def fieldwork_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _kind_page(request, pk, "fieldwork")
    can_act = access.can_inspect(request.user) or access.can_manage(request.user)
    cases = list(ThematicCase.objects.filter(inspection=inspection))
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied("Only the inspection team records the fieldwork.")
        which = request.POST.get("form", "")
        if which not in FORMS:
            return redirect(request.path)
        done = _post(request, inspection, which, cases, bound)
        if done:
            return redirect(f"{request.path}#{which}")
    failed = next(iter(bound.values()), None)
    summaries = list(inspection.verbal_summaries.all())
    context = {
        "can_act": can_act,
        "cases": cases,
        "timetable": list(inspection.timetable.all()),
        "kit_meetings": list(inspection.kit_meetings.all()),
        "missing_kit_days": _missing_kit_days(inspection),
        "evidence": list(inspection.theme_evidence.select_related("case", "recorded_by")),
        "feedback": list(inspection.feedback_imports.all()),
        "feedback_totals": _totals(services.feedback_totals(inspection)),
        "summaries": summaries,
        "summary_to": ", ".join(
            SUMMARY_RECIPIENTS.get(r, r) for r in (summaries[0].given_to if summaries else [])
        ),
        "referral_url": _referral_url(inspection.pk),
        "programme": getattr(getattr(inspection, "programme_visit", None), "programme", None),
        "failed": failed,
        "notified": inspection.status_enum is Status.NOTIFIED,
        "preparing": inspection.status_enum is Status.PREPARING,
        "on_site": inspection.status_enum is Status.ON_SITE,
        "open": inspection.status_enum in {Status.NOTIFIED, Status.PREPARING, Status.ON_SITE},
        "case_form": bound.get("case") or f.CaseForm(prefix="case"),
        "timetable_form": bound.get("timetable") or f.TimetableForm(prefix="timetable"),
        "kit_form": bound.get("kit") or f.KitForm(prefix="kit"),
        "evidence_form": bound.get("evidence") or f.EvidenceForm(cases=cases, prefix="evidence"),
        "feedback_form": bound.get("feedback") or f.FeedbackForm(prefix="feedback"),
        "summary_form": bound.get("summary") or f.SummaryForm(prefix="summary"),
        "action_form": bound.get("confirm") or bound.get("start") or bound.get("agree"),
        "theme_pairs": _summary_pairs(bound.get("summary") or f.SummaryForm(prefix="summary")),
    }
    status = 422 if failed is not None else 200
    response = _page(request, inspection, "fieldwork/fieldwork.html", "fieldwork", **context)
    response.status_code = status
    return response


def _summary_pairs(form: forms.Form) -> list[tuple[str, Any, Any]]:
    return [(title, form[f"{key}_strengths"], form[f"{key}_areas"]) for key, title in theme_choices()]


def _totals(totals: dict[str, Any]) -> dict[str, Any]:
    return {
        "rows": totals["rows"],
        "by_group": [(STAKEHOLDER_GROUPS.get(k, k), v) for k, v in totals["by_group"].items()],
        "by_theme": [(theme_title(k), v) for k, v in totals["by_theme"].items()],
    }


def _missing_kit_days(inspection: Any) -> list[Any]:
    from careinspect.core.regime import current_calendar
    from careinspect.rules.thematic.fieldwork import thm5_missing_days

    if inspection.status_enum is not Status.ON_SITE:
        return []
    today = _today()
    calendar = current_calendar()
    days = [d for d in services.fieldwork_days(inspection) if d <= today and calendar.is_working_day(d)]
    return thm5_missing_days(days, [m.held_on for m in inspection.kit_meetings.all()])


def _post(
    request: HttpRequest, inspection: Any, which: str, cases: list[Any], bound: dict[str, forms.Form]
) -> bool:
    by, now, data = request.user, _now(), request.POST
    form: forms.Form
    action: Any
    if which == "case":
        form = f.CaseForm(data, prefix="case")
        action = lambda c: services.add_case(  # noqa: E731
            inspection, by=by, now=now, record_type=c["record_type"], record_id=c["record_id"],
            reason=c["reason"], theme=c["theme"],
        )  # fmt: skip
    elif which in {"confirm", "start", "agree"}:
        form = forms.Form(data)
        step = {
            "confirm": services.confirm_sample,
            "start": services.start_fieldwork,
            "agree": services.agree_timetable,
        }
        action = lambda c: step[which](inspection, by=by, now=now)  # noqa: E731
    elif which == "timetable":
        form = f.TimetableForm(data, prefix="timetable")
        action = lambda c: services.add_timetable_entry(inspection, by=by, now=now, **c)  # noqa: E731
    elif which == "kit":
        form = f.KitForm(data, prefix="kit")
        action = lambda c: services.record_kit_meeting(inspection, by=by, now=now, **c)  # noqa: E731
    elif which == "evidence":
        form = f.EvidenceForm(data, cases=cases, prefix="evidence")
        by_pk = {c.pk: c for c in cases}

        def action(c: dict[str, Any]) -> Any:
            return services.record_evidence(
                inspection, by=by, now=now, theme=c["theme"], source=c["source"], text=c["text"],
                person_type=c["person_type"], consent_given=c["consent_given"], voluntary=c["voluntary"],
                consent_how=c["consent_how"], names_service_users=c["names_service_users"],
                case=by_pk.get(c["case"]) if c["case"] else None,
            )  # fmt: skip
    elif which == "feedback":
        form = f.FeedbackForm(data, request.FILES, prefix="feedback")

        def action(c: dict[str, Any]) -> Any:
            upload = c["file"]
            return services.import_feedback(
                inspection, by=by, now=now, filename=upload.name, data=upload.read()
            )
    else:
        form = f.SummaryForm(data, prefix="summary")

        def action(c: dict[str, Any]) -> Any:
            summaries = {key: (c[f"{key}_strengths"], c[f"{key}_areas"]) for key, _ in theme_choices()}
            return services.give_summary(
                inspection, by=by, now=now, summaries=summaries, recipients=c["recipients"]
            )

    if form.is_valid() and _attempt(form, lambda: action(form.cleaned_data)) is not None:
        return True
    if not form.errors:
        form.add_error(None, "The step could not be done")
    bound[which] = form
    return False


# --- the programme -----------------------------------------------------------------------------------------


def _regulator(request: HttpRequest) -> None:
    if not access.is_regulator(request.user):
        raise PermissionDenied("The programme is the regulator's.")


@login_required
@require_GET
def programmes(request: HttpRequest) -> HttpResponse:
    _regulator(request)
    found = Programme.objects.select_related("published_report").order_by("-window_start")
    return render(request, "fieldwork/programmes.html", {"programmes": found})


@login_required
@require_http_methods(["GET", "POST"])
def programme_page(request: HttpRequest, pk: int) -> HttpResponse:
    _regulator(request)
    programme = get_object_or_404(Programme, pk=pk)
    can_write = access.can_inspect(request.user)
    can_manage = access.can_manage(request.user)
    officers = get_user_model().objects.filter(groups__name=QA_OFFICER, is_active=True).order_by("username")
    finding_form: forms.Form = f.FindingForm()
    qa_form: forms.Form = f.QaMeetingForm(officers=officers)
    failed: forms.Form | None = None
    if request.method == "POST":
        which = request.POST.get("form")
        now = _now()
        if which == "finding":
            if not can_write:
                raise PermissionDenied("Only the inspection team writes the findings.")
            finding_form = f.FindingForm(request.POST)
            if finding_form.is_valid() and _attempt(
                finding_form,
                lambda: services.write_finding(
                    programme, by=request.user, now=now, **finding_form.cleaned_data
                ),
            ):
                return redirect(f"{request.path}#findings")
            failed = finding_form
        elif which == "qa":
            if not can_manage:
                raise PermissionDenied("Only a manager records the feedback meeting.")
            qa_form = f.QaMeetingForm(request.POST, officers=officers)
            if qa_form.is_valid() and _attempt(
                qa_form,
                lambda: services.record_qa_meeting(
                    programme, by=request.user, now=now, **qa_form.cleaned_data
                ),
            ):
                return redirect(f"{request.path}#qa")
            failed = qa_form
        else:
            # A POST naming no form saves nothing: refused, not redirected as if it were saved (a quality
            # assurance officer, who may write nothing here, must not see a write answered; the id walk,
            # tests/security/test_id_walk.py).
            raise Http404("No such form")
    findings = {t.theme: t for t in ThemeFinding.objects.filter(programme=programme)}
    context = {
        "programme": programme,
        "inspections": list(services._inspections(programme).order_by("start_date", "provider__name")),
        "findings": [(key, title, findings.get(key)) for key, title in theme_choices()],
        "qa_meetings": list(programme.qa_meetings.select_related("qa_officer")),
        "published": PublishedProgrammeReport.objects.filter(programme=programme).first(),
        "fieldwork_over": services.fieldwork_over(programme),
        "can_write": can_write,
        "can_manage": can_manage,
        "finding_form": finding_form,
        "qa_form": qa_form,
        "failed": failed,
    }
    return render(request, "fieldwork/programme.html", context, status=422 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme report's editor, its DPR-2 check, the manager's QA and publication: managers only."""
    if not access.can_manage(request.user):
        raise PermissionDenied("Only a manager edits, checks and publishes the programme report.")
    programme = get_object_or_404(Programme, pk=pk)
    now = _now()
    report = services.report_for(programme, now)
    published = PublishedProgrammeReport.objects.filter(programme=programme).first()
    initial = {"title": report.title, **{key: getattr(report, key) for key, _ in REPORT_SECTIONS}}
    form: forms.Form = f.ReportForm(initial=initial)
    action_form: forms.Form = forms.Form()
    passage_form: forms.Form = f.PassageForm()
    failed: forms.Form | None = None
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "report":
            form = f.ReportForm(request.POST)
            if form.is_valid() and _attempt(
                form, lambda: services.update_report(programme, by=request.user, now=now, **form.cleaned_data)
            ):
                return redirect(f"{request.path}#check")
            failed = form
        elif which == "passage":
            passage_form = f.PassageForm(request.POST)
            if passage_form.is_valid() and _attempt(
                passage_form,
                lambda: services.keep_passage(
                    programme, by=request.user, now=now, **passage_form.cleaned_data
                ),
            ):
                return redirect(f"{request.path}#check")
            failed = passage_form
        elif which in {"check", "publish"}:
            action_form = forms.Form(request.POST)
            step = services.check_report if which == "check" else services.publish_report
            if _attempt(action_form, lambda: step(programme, by=request.user, now=now)) is not None:
                if which == "publish":
                    return redirect("reports:programme_detail", pk=programme.pk)
                return redirect(f"{request.path}#publish")
            failed = action_form
        else:
            return redirect(request.path)
        report = services.report_for(programme, now)
    saved = report.pk is not None
    findings = services.identifying_findings(programme, report) if saved else []
    context = {
        "programme": programme,
        "report": report,
        "saved": saved,
        "published": published,
        "form": form,
        "failed": failed,
        "findings": [(x, report.naming_reasons.get(x.text, "")) for x in findings],
        "open_findings": services.open_findings(programme, report) if saved else [],
        "missing_themes": [theme_title(k) for k in services._missing_themes(programme)],
        "raas": services.raa_rows(programme),
        "charts": charts.drawn(services.programme_figures(programme)),
    }
    return render(request, "fieldwork/report.html", context, status=422 if failed else 200)


# --- the public programme report (under /reports/) ---------------------------------------------------------


def _public_context(published: PublishedProgrammeReport) -> dict[str, Any]:
    """Only the frozen copy (DPR-2): nothing here reads the live programme."""
    sections = published.content.get("sections", {})
    return {
        "published": published,
        "sections": [(key, label, sections.get(key, "")) for key, label in REPORT_SECTIONS],
        "body": [
            (key, label, sections.get(key, "")) for key, label in REPORT_SECTIONS if key != "methodology"
        ],
        "methodology": sections.get("methodology", ""),
        "findings": published.content.get("findings", []),
        "raas": published.content.get("raas", []),
        "charts": charts.drawn(published.figures),
    }


def _published(pk: int) -> PublishedProgrammeReport:
    """The programme's published report, looked up through the programme's own id: an id past the
    database's integers is then a 404 (Django's pk lookup allows for it), not a 500 from the foreign key's
    column (the id walk, tests/security/test_id_walk.py)."""
    programme = get_object_or_404(Programme, pk=pk)
    return get_object_or_404(PublishedProgrammeReport, programme=programme)


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    published = _published(pk)
    return render(request, "fieldwork/public_report.html", _public_context(published))


@require_GET
def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    published = _published(pk)
    html = render_to_string("fieldwork/print_report.html", _public_context(published))
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="programme-report-{published.published_on:%Y-%m-%d}.pdf"'
    )
    return response
