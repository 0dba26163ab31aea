"""Letters of notice, report PDFs and the public reports pages.

Rules: NTC-1, INF-2 (letters), RPT-1, RPT-3 (reports), DPR-2 (the public read only the frozen published
copy), DPR-3 (a provider's users reach only their own agency's letters and draft report).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from careinspect.inspections import access
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.inspections.services.reporting import published_content
from careinspect.reports import letters
from careinspect.reports.content import grade_view, report_view
from careinspect.reports.pdf import html_to_pdf
from careinspect.rules.lifecycle import Status

PAGE_SIZE = 20
SEARCH_MAX_LENGTH = 100


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _letter_or_404(inspection: Inspection, letter: str) -> str:
    """The letter's title if this kind of inspection sends that letter (rules.kinds); else 404."""
    title = letters.title_of(inspection, letter)
    if title is None:
        raise Http404("No such letter")
    return title


def _back_link(request: HttpRequest, inspection: Inspection) -> str:
    """Where the inspection lives for this user: the caseworker pages or the provider portal."""
    name = "inspections:detail" if access.is_regulator(request.user) else "portal:inspection"
    try:
        return reverse(name, args=[inspection.pk])
    except NoReverseMatch:
        return ""


@require_GET
@login_required
def letter(request: HttpRequest, pk: int, letter: str) -> HttpResponse:
    """RULES: DPR-3 — regulator staff always; the agency's own users once notice is given (NTC-1)."""
    inspection = access.inspection_for(request.user, pk)
    title = _letter_or_404(inspection, letter)
    return render(
        request,
        "reports/letter.html",
        {
            "inspection": inspection,
            "letter": letter,
            "title": title,
            "letter_html": letters.render_letter(inspection, letter),
            "sent": inspection.notified_on is not None,
            "back_link": _back_link(request, inspection),
            # INF-2: the staff letter gives the lead inspector's email; the team is told if none is held.
            "email_missing": letter == "staff"
            and access.is_regulator(request.user)
            and not inspection.lead_inspector.email,
        },
    )


@require_GET
@login_required
def letter_pdf(request: HttpRequest, pk: int, letter: str) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk)
    title = _letter_or_404(inspection, letter)
    html = render_to_string(
        "reports/print/letter.html",
        {"title": title, "letter_html": letters.render_letter(inspection, letter)},
    )
    return _pdf_response(html_to_pdf(html), letters.file_name(inspection, letter))


# The stamp on an unpublished report's every page: a draft until the final report is sent (RPT-3).
DRAFT_STAMP = "DRAFT — not for publication"
FINAL_STAMP = "FINAL REPORT — not yet published"


def draft_report_html(inspection: Inspection) -> str:
    """The current report (as it would be published) in a print page marked as a draft, or as the final
    report awaiting publication once that is sent."""
    judgements = {j.area: j.grade for j in inspection.judgements.all()}
    final = inspection.status_enum is Status.FINAL_SENT
    return render_to_string(
        "reports/print/report.html",
        {
            "draft": True,
            "stamp": FINAL_STAMP if final else DRAFT_STAMP,
            "reference": inspection.reference,
            "provider_name": inspection.provider.name,
            "urn": inspection.provider.urn,
            "overall": grade_view(judgements.get("overall_experiences_progress", "")),
            "published_on": None,
            "report": report_view(published_content(inspection)),
        },
    )


@require_GET
@login_required
def draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Rules: RPT-3, DPR-3 — the current report marked as a draft; the provider once the draft is sent."""
    inspection = access.inspection_for(request.user, pk)
    if not (access.is_regulator(request.user) or access.provider_may_see_draft(inspection)):
        raise Http404("No inspection found")
    published = getattr(inspection, "published", None)
    if published is not None:
        # RPT-3, DPR-2: once published, the report is the frozen published copy, never a draft.
        return redirect("reports:public_pdf", pk=published.pk)
    if not inspection.declaration.graded:
        # Only the SCCIF report is built so far; the other kinds' reports have their own shapes (JDG-9).
        raise Http404(f"{inspection.declaration.described_as} has no report of this shape")
    html = draft_report_html(inspection)
    return _pdf_response(html_to_pdf(html), f"{inspection.reference}-draft-report.pdf")


def _search_term(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """RULES: RPT-3 — published reports, newest first, searchable by agency name or URN. No sign-in."""
    query = _search_term(request)
    reports = PublishedReport.objects.order_by("-published_on", "provider_name", "pk")
    if query:
        reports = reports.filter(Q(provider_name__icontains=query) | Q(urn__icontains=query))
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(report, grade_view(report.overall_grade)) for report in page.object_list]
    from careinspect.fieldwork.models import PublishedProgrammeReport

    # RULES: THM-7 — the thematic programmes' reports, one per programme, listed above the agencies'.
    programme_reports = PublishedProgrammeReport.objects.order_by("-published_on", "title")
    if query:
        programme_reports = programme_reports.filter(title__icontains=query)
    return render(
        request,
        "reports/public_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "page_query": urlencode({"q": query}) if query else "",
            "programme_reports": list(programme_reports[:PAGE_SIZE]),
        },
    )


def _public_context(published: PublishedReport) -> dict[str, Any]:
    """Only the frozen copy (DPR-2): nothing here reads the live inspection."""
    return {
        "published": published,
        "provider_name": published.provider_name,
        "urn": published.urn,
        "published_on": published.published_on,
        "overall": grade_view(published.overall_grade),
        "report": report_view(published.content),
        "reference": f"Report {published.pk}",
        "draft": False,
    }


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    published = get_object_or_404(PublishedReport, pk=pk)
    return render(request, "reports/public_detail.html", _public_context(published))


@require_GET
def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    published = get_object_or_404(PublishedReport, pk=pk)
    html = render_to_string("reports/print/report.html", _public_context(published))
    return _pdf_response(
        html_to_pdf(html), f"{published.urn}-inspection-report-{published.published_on:%Y-%m-%d}.pdf"
    )
