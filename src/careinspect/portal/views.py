"""The provider portal: an agency's staff see and answer their own agency's inspections (DPR-3).

Provider users never reach the inspection team's pages or evidence; here they see the requests made of
them, the letters, the draft report when it is sent, and the requirements and recommendations.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from careinspect.inspections import access, dashboard
from careinspect.inspections.forms import CaseListForm, ResponseForm
from careinspect.inspections.models import Inspection
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import reporting
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.lifecycle import Status


def _provider_inspection(request: HttpRequest, pk: int) -> Inspection:
    if access.provider_of(request.user) is None:
        raise PermissionDenied("The portal is for an agency's own staff.")
    return access.inspection_for(request.user, pk)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    provider = access.provider_of(request.user)
    if provider is None:
        raise PermissionDenied("The portal is for an agency's own staff.")
    today = timezone.localdate()
    inspections = access.visible_inspections(request.user)
    return render(
        request,
        "portal/home.html",
        {"provider": provider, "inspections": inspections, "items": dashboard.due_for(request.user, today)},
    )


@login_required
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    current = _provider_inspection(request, pk)
    case_list_form = CaseListForm()
    response_form = ResponseForm()
    case_list_errors: list[dict[str, object]] = []
    if request.method == "POST":
        which = request.POST.get("form")
        today = timezone.localdate()
        try:
            if which == "case_list":
                case_list_form = CaseListForm(request.POST, request.FILES)
                if case_list_form.is_valid():
                    upload = case_list_form.cleaned_data["file"]
                    evidence_services.receive_case_list(
                        current, by=request.user, filename=upload.name, data=upload.read()
                    )
                    messages.success(request, "Case list received: thank you")
                    return redirect("portal:inspection", pk=pk)
            elif which == "response":
                response_form = ResponseForm(request.POST)
                if response_form.is_valid():
                    d = response_form.cleaned_data
                    reporting.respond_to_draft(
                        current, by=request.user, kind=d["kind"], text=d["text"], today=today
                    )
                    messages.success(request, "Sent to the inspection team")
                    return redirect("portal:inspection", pk=pk)
        except RuleViolation as violation:
            target = case_list_form if which == "case_list" else response_form
            field = violation.field if violation.field in target.fields else None
            target.add_error(field if field != "case_list" else "file", str(violation))
            case_list_errors = list(getattr(violation, "errors", []))
    draft_visible = access.provider_may_see_draft(current)
    report = reporting.report_for(current) if draft_visible else None
    framework = load_framework("asa-full")
    return render(
        request,
        "portal/inspection.html",
        {
            "inspection": current,
            "forms_requested": framework.information.items,
            "case_list_form": case_list_form,
            "case_list_errors": case_list_errors,
            "case_lists": current.case_lists.all(),
            "can_send_case_list": current.status_enum in {Status.NOTIFIED, Status.PREPARING, Status.ON_SITE},
            "draft_visible": draft_visible,
            "sections": [(title, report.sections.get(key, "")) for key, title in reporting.section_keys()]
            if report
            else [],
            "grades": {j.area: j for j in current.judgements.all()} if draft_visible else {},
            "requirements": current.requirements.all() if draft_visible else [],
            "recommendations": current.recommendations.all() if draft_visible else [],
            "responses": current.responses.all(),
            "response_form": response_form,
            "awaiting_response": current.status_enum is Status.DRAFT_SENT,
            "events": current.events.filter(visible_to_provider=True),
            "published": getattr(current, "published", None),
        },
    )
