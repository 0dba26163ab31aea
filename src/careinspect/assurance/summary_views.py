"""The child-friendly summary's pages (RPT-5): the team writes it with the readability check beside the
words, the manager checks it, the inspector asks the agency to adapt it; the agency reads it and answers
in the portal; the public read the published copy beside the report (HTML and PDF).

Every page works without JavaScript: "Check readability" posts the form and the page comes back with the
reading level and each long sentence and long word marked. `static/assurance/summary.js` adds the same
check as the inspector types, through `/api/assurance/readability`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from careinspect.assurance import summary_services as svc
from careinspect.assurance.summary_icons import ICON_CHOICES, ICONS, icon_data_uri
from careinspect.assurance.summary_models import (
    AdaptationReply,
    AdaptationRequest,
    ChildFriendlySummary,
    CommunicationSystem,
    summary_text,
)
from careinspect.inspections import access
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.inspections.views.common import rule_message, subpages_for
from careinspect.reports.pdf import html_to_pdf
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.readability import Readability, check_readability, default_standard

# Empty blocks offered below the written ones, and never fewer slots than this in all.
SPARE_BLOCKS = 2
MIN_SLOTS = 5


def _now() -> Any:
    """The moment a person acts: the services take it as an argument and never read the clock."""
    return timezone.now()


def _assurance_visit(request: HttpRequest, pk: int) -> Inspection:
    """An assurance visit this user may see (else 404: another agency's is never revealed)."""
    inspection = access.inspection_for(request.user, pk)
    if inspection.kind != Kind.IFA_ASSURANCE.value:
        raise Http404(f"{inspection.declaration.described_as} has no child-friendly summary")
    return inspection


def _posted_blocks(request: HttpRequest) -> list[dict[str, str]]:
    posted = request.POST.get("blocks", "")
    count = min(int(posted), svc.MAX_BLOCKS + SPARE_BLOCKS) if posted.isdigit() else 0
    return [
        {"text": request.POST.get(f"block-{n}-text", ""), "icon": request.POST.get(f"block-{n}-icon", "")}
        for n in range(1, count + 1)
    ]


def _slots(blocks: list[dict[str, str]]) -> list[dict[str, Any]]:
    filled = [b for b in blocks if str(b.get("text", "")).strip() or b.get("icon")]
    total = min(max(len(filled) + SPARE_BLOCKS, MIN_SLOTS), svc.MAX_BLOCKS)
    total = max(total, len(filled))
    padded = filled + [{"text": "", "icon": ""}] * (total - len(filled))
    return [
        {"number": n, "text": b.get("text", ""), "icon": b.get("icon", "")} for n, b in enumerate(padded, 1)
    ]


def _readability_context(blocks: list[dict[str, str]], result: Readability) -> dict[str, Any]:
    return {"result": result, "annotated": svc.annotated(blocks, result), "standard": default_standard()}


@login_required
@require_http_methods(["GET", "POST"])
def summary_page(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: RPT-5 — the team's page: the summary in blocks with pictures, the readability check, the
    manager's check, the requests to the agency to adapt it. Regulator staff only; each form only for
    someone who may use it in this state."""
    if not access.is_regulator(request.user):
        raise PermissionDenied("Your agency's child-friendly summary is in the provider portal.")
    inspection = _assurance_visit(request, pk)
    inspection.declaration.require(svc.STEP)
    user = request.user
    summary = svc.summary_of(inspection)
    open_state = inspection.status_enum in svc.WRITABLE
    can_write = open_state and svc.writes_the_summary(user, inspection)
    can_check = open_state and summary is not None and svc.checks_the_summary(user, inspection)
    checked = summary is not None and summary.checked_since_written
    can_adapt = checked and (
        svc.writes_the_summary(user, inspection) or svc.checks_the_summary(user, inspection)
    )
    blocks: list[dict[str, str]] = list(summary.blocks) if summary else []
    errors: list[tuple[str, str]] = []
    adapt_values: dict[str, Any] = {"languages": "", "systems": [], "note": ""}
    shown_result: Readability | None = None
    if request.method == "POST":
        which = request.POST.get("form", "")
        try:
            if which in {"write", "readability"}:
                if not can_write:
                    raise PermissionDenied("Only the visit's inspectors write its summary, after feedback.")
                blocks = _posted_blocks(request)
                if which == "readability":
                    shown_result = svc.readability_of(blocks)
                else:
                    svc.write_summary(inspection, by=user, blocks=blocks, now=_now())
                    messages.success(request, "Summary saved")
                    return redirect("assurance:summary", pk=pk)
            elif which == "check":
                svc.check_summary(inspection, by=user, note=request.POST.get("note", ""), now=_now())
                messages.success(request, "Summary checked")
                return redirect("assurance:summary", pk=pk)
            elif which == "adapt":
                adapt_values = {
                    "languages": request.POST.get("languages", ""),
                    "systems": request.POST.getlist("communication_systems"),
                    "note": request.POST.get("adapt-note", ""),
                }
                svc.request_adaptation(
                    inspection,
                    by=user,
                    languages=adapt_values["languages"],
                    communication_systems=adapt_values["systems"],
                    note=adapt_values["note"],
                    now=_now(),
                )
                messages.success(request, "Request sent to the agency")
                return redirect("assurance:summary", pk=pk)
            else:
                raise Http404("No such form")
        except RuleViolation as violation:
            errors.append((_anchor(which, violation), rule_message(violation)))
    if shown_result is None and blocks:
        shown_result = check_readability(summary_text(blocks))
    return render(
        request,
        "assurance/summary/team.html",
        {
            "inspection": inspection,
            "subpages": subpages_for(inspection),
            "current": "child_friendly_summary",
            "summary": summary,
            "slots": _slots(blocks),
            "icon_choices": ICON_CHOICES,
            "icons": ICONS,
            "errors": errors,
            "can_write": can_write,
            "can_check": can_check,
            "can_adapt": can_adapt,
            "checked": checked,
            "adaptations": list(summary.adaptations.select_related("sent_by", "replied_by"))
            if summary
            else [],
            "systems": CommunicationSystem.choices,
            "adapt_values": adapt_values,
            "published": summary.published_report if summary and summary.published_on else None,
            **(_readability_context(blocks, shown_result) if shown_result else {}),
        },
    )


def _anchor(which: str, violation: RuleViolation) -> str:
    """Where the error summary's link goes: the field the rule names on the form that was sent."""
    if which == "adapt":
        return "languages" if violation.field in {"languages", "communication_systems", None} else "adapt"
    if which == "check":
        return "check"
    return "block-1-text"


@login_required
@require_http_methods(["GET", "POST"])
def portal_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: DPR-3 — the agency's own summary (RPT-5) once checked, and the requests to adapt it, each
    answered here. Another agency's visit answers 404."""
    provider = access.provider_of(request.user)
    if provider is None:
        raise PermissionDenied("This page is for the agency's own staff.")
    inspection = _assurance_visit(request, pk)
    summary = svc.summary_of(inspection)
    if not svc.provider_may_see(summary):
        raise Http404("No child-friendly summary yet")
    assert summary is not None
    errors: list[tuple[str, str]] = []
    answering: dict[str, Any] = {}
    if request.method == "POST":
        adaptation = get_object_or_404(
            AdaptationRequest, pk=request.POST.get("request") or 0, summary=summary
        )
        answering = {
            "pk": adaptation.pk,
            "reply": request.POST.get("reply", ""),
            "text": request.POST.get("text", ""),
        }
        try:
            svc.answer_adaptation(
                adaptation, by=request.user, reply=answering["reply"], text=answering["text"], now=_now()
            )
            messages.success(request, "Answer recorded")
            return redirect("assurance:portal_summary", pk=pk)
        except RuleViolation as violation:
            field = violation.field if violation.field in {"reply", "text"} else "text"
            errors.append((f"{field}-{adaptation.pk}", rule_message(violation)))
    return render(
        request,
        "assurance/summary/portal.html",
        {
            "inspection": inspection,
            "summary": summary,
            "blocks": summary.blocks_with_icons(published=summary.published_on is not None),
            "adaptations": list(summary.adaptations.select_related("sent_by", "replied_by")),
            "replies": AdaptationReply.choices,
            "errors": errors,
            "answering": answering,
        },
    )


def _published_summary(pk: int) -> tuple[PublishedReport, ChildFriendlySummary]:
    """The public read only the frozen published copy (DPR-2), beside its published report."""
    published = get_object_or_404(PublishedReport, pk=pk)
    summary = ChildFriendlySummary.objects.filter(
        published_report=published, published_on__isnull=False
    ).first()
    if summary is None:
        raise Http404("This report has no child-friendly summary")
    return published, summary


def _public_context(published: PublishedReport, summary: ChildFriendlySummary) -> dict[str, Any]:
    dates = [date.fromisoformat(d) for d in (published.content or {}).get("inspection_dates", [])[:2]]
    return {
        "published": published,
        "visit_start": dates[0] if dates else None,
        "visit_end": dates[-1] if dates else None,
        "provider_name": published.provider_name,
        "published_on": summary.published_on,
        "blocks": summary.blocks_with_icons(published=True),
    }


@require_GET
def public_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: RPT-5 — the child-friendly summary as published beside the report. No sign-in."""
    published, summary = _published_summary(pk)
    return render(request, "assurance/summary/public.html", _public_context(published, summary))


@require_GET
def public_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: RPT-5 — the same summary as a PDF, pictures included (read from our static files only)."""
    published, summary = _published_summary(pk)
    context = _public_context(published, summary)
    # The pictures go in as data: URLs: the PDF renderer reads nothing else (reports.pdf).
    for block in context["blocks"]:
        block["data_uri"] = icon_data_uri(block["icon"]) if block["icon"] else ""
    pdf = html_to_pdf(render_to_string("assurance/summary/print.html", context))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{published.urn}-summary-for-children-{summary.published_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
