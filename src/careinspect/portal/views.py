"""The provider portal: an agency's staff see and answer their own agency's inspections (DPR-3).

Provider users never reach the inspection team's pages or evidence; here they see the requests made of
them, the letters, the draft report when it is sent, and the requirements and recommendations.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from careinspect.core.uploads import read_within_limit
from careinspect.datasets.measures import suppress
from careinspect.inspections import access, dashboard
from careinspect.inspections.forms import ResponseForm
from careinspect.inspections.models import Inspection
from careinspect.inspections.services import reporting
from careinspect.portal import measures, services
from careinspect.portal.forms import UploadForm
from careinspect.portal.models import InformationRequest, Upload
from careinspect.rules.errors import RuleViolation
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
    response_form = ResponseForm()
    if request.method == "POST" and request.POST.get("form") == "response":
        response_form = ResponseForm(request.POST)
        if response_form.is_valid():
            d = response_form.cleaned_data
            try:
                reporting.respond_to_draft(
                    current, by=request.user, kind=d["kind"], text=d["text"], now=timezone.now()
                )
            except RuleViolation as violation:
                field = violation.field if violation.field in response_form.fields else None
                response_form.add_error(field, str(violation))
            else:
                messages.success(request, "Sent to the inspection team")
                return redirect("portal:inspection", pk=pk)
    draft_visible = access.provider_may_see_draft(current)
    report = reporting.report_for(current) if draft_visible else None
    return render(
        request,
        "portal/inspection.html",
        {
            "inspection": current,
            "letters": list(current.declaration.letters.items()),
            "requests": services.request_rows(current),
            "draft_visible": draft_visible,
            "sections": [(title, report.sections.get(key, "")) for key, title in reporting.section_keys()]
            if report
            else [],
            "requirements": current.requirements.all() if draft_visible else [],
            "recommendations": current.recommendations.all() if draft_visible else [],
            "responses": current.responses.all(),
            "response_form": response_form,
            "awaiting_response": current.status_enum is Status.DRAFT_SENT,
            "events": current.events.filter(visible_to_provider=True).select_related("inspection"),
            "published": getattr(current, "published", None),
        },
    )


def _request_for(user: object, pk: int) -> InformationRequest:
    """The request if its inspection is visible to this user (the agency's own staff or the team)."""
    found = get_object_or_404(InformationRequest.objects.select_related("inspection"), pk=pk)
    access.inspection_for(user, found.inspection_id)
    return found


@login_required
def information_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One requested item: its due time, every version sent, and what validation found in the latest."""
    item = _request_for(request.user, pk)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                received = services.receive_upload(
                    item,
                    by=request.user,
                    filename=upload.name,
                    data=read_within_limit(upload),
                    now=timezone.now(),
                )
            except RuleViolation as violation:
                form.add_error("file", violation.message)
            else:
                if received.valid is not False:  # errors are shown by the page's own error summary
                    messages.success(request, f"Version {received.version} received")
                return redirect("portal:request", pk=pk)
    newest = services.latest(item)
    team = access.is_regulator(request.user)
    measure_rows = []
    if newest is not None and newest.valid and newest.measures:
        # Outside the inspection team, counts under 5 and what rests on them are suppressed (A1_DATA.md).
        shown = newest.measures if team else suppress(newest.measures)
        measure_rows = measures.rows(shown)
    return render(
        request,
        "portal/request.html",
        {
            "item": item,
            "inspection": item.inspection,
            "form": form,
            "hint": services.upload_hint(item),
            "status": services.status_of(item, timezone.now()),
            "uploads": item.uploads.select_related("uploaded_by"),
            "newest": newest,
            "errors": (
                newest.validation.get("errors", []) if newest is not None and newest.valid is False else []
            ),
            "measure_rows": measure_rows,
            "team": team,
            "back": reverse("inspections:information", args=[item.inspection_id])
            if team
            else reverse("portal:inspection", args=[item.inspection_id]),
        },
    )


@login_required
def original(request: HttpRequest, pk: int) -> FileResponse:
    """The original file exactly as sent, for the agency that sent it and the inspection team."""
    upload = get_object_or_404(Upload.objects.select_related("request"), pk=pk)
    access.inspection_for(request.user, upload.request.inspection_id)
    if not upload.original:
        raise Http404("The original was disposed of under the retention policy (INF-2, DPR-1)")
    response = FileResponse(
        upload.original.open("rb"), as_attachment=True, filename=upload.original.name.rsplit("/", 1)[-1]
    )
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
