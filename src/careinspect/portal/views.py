"""The provider portal: an agency's staff see and answer their own agency's inspections (DPR-3).

Provider users never reach the inspection team's pages or evidence; here they see the requests made of
them, the letters, the draft report when it is sent, and the requirements and recommendations.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from careinspect.core.uploads import read_within_limit
from careinspect.datasets.kinds import dataset_kinds
from careinspect.datasets.measures import suppress
from careinspect.datasets.schema import Column
from careinspect.inspections import access, dashboard
from careinspect.inspections.forms import ResponseForm
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.inspections.services import reporting
from careinspect.inspections.views.common import rule_message
from careinspect.portal import measures, services
from careinspect.portal.forms import UploadForm
from careinspect.portal.models import InformationRequest, Upload
from careinspect.reports.content import GradeView, ReportView, grade_view, report_view
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import ReportShape
from careinspect.rules.lifecycle import Status

# The section whose grade is the report's overall judgement (RPT-1).
OVERALL_SECTION = "judgement:overall_experiences_progress"


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
                response_form.add_error(field, rule_message(violation))
            else:
                messages.success(request, "Sent to the inspection team")
                return redirect("portal:inspection", pk=pk)
    draft_visible = access.provider_may_see_draft(current)
    # Only a published inspection has its published copy (no query to learn that another has none).
    published = getattr(current, "published", None) if current.status_enum is Status.PUBLISHED else None
    shown, overall = _report_shown(current, draft_visible, published)
    return render(
        request,
        "portal/inspection.html",
        {
            "inspection": current,
            "letters": list(current.declaration.letters.items()),
            "requests": services.request_rows(current),
            "draft_visible": draft_visible,
            # RPT-1: the report as its PDF shows it, each judgement with its grade: the frozen published
            # copy once published (DPR-2), else the draft as it stands.
            "report": shown,
            "overall": overall,
            "responses": current.responses.all(),
            "response_form": response_form,
            "awaiting_response": current.status_enum is Status.DRAFT_SENT,
            "events": current.events.filter(visible_to_provider=True).select_related("inspection"),
            "published": published,
        },
    )


def _report_shown(
    inspection: Inspection, draft_visible: bool, published: PublishedReport | None
) -> tuple[ReportView | None, GradeView | None]:
    """The report the agency reads, with its overall grade: the published copy (never the live records),
    or the draft once it is sent, as the draft PDF shows it."""
    if published is not None:
        return report_view(published.content), grade_view(published.overall_grade)
    # RPT-6: a monitoring visit's draft (no grade) is read and answered here like a graded one.
    shape = inspection.declaration.report
    if not draft_visible or shape not in (ReportShape.GRADED, ReportShape.MONITORING):
        return None, None
    shown = report_view(reporting.published_content(inspection))
    overall = next((s.grade for s in shown.sections if s.key == OVERALL_SECTION), None)
    return shown, overall


def _request_for(user: object, pk: int) -> InformationRequest:
    """The request if its inspection is visible to this user (the agency's own staff or the team)."""
    found = get_object_or_404(InformationRequest.objects.select_related("inspection__provider"), pk=pk)
    access.inspection_for(user, found.inspection_id)
    # Once allowed: every version with its sender in one query (the page lists them and its latest and
    # status are worked out from them, no query each).
    versions = Prefetch("uploads", queryset=Upload.objects.select_related("uploaded_by"))
    prefetch_related_objects([found], versions)
    return found


@login_required
def information_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One requested item: its due time, every version sent, and what validation found in the latest."""
    item = _request_for(request.user, pk)
    guide = _dataset_guide(item, timezone.localdate())
    sheet = request.GET.get("template")
    if request.method == "GET" and sheet is not None and guide is not None:
        return _template_csv(guide, sheet)
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
                form.add_error("file", rule_message(violation))
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
            "uploads": item.uploads.all(),
            "newest": newest,
            "errors": (
                newest.validation.get("errors", []) if newest is not None and newest.valid is False else []
            ),
            "measure_rows": measure_rows,
            "team": team,
            # The dataset's columns, a template for each sheet and the date its dates are checked against.
            "guide": guide,
            "back": reverse("inspections:information", args=[item.inspection_id])
            if team
            else reverse("portal:inspection", args=[item.inspection_id]),
        },
    )


@dataclass(frozen=True)
class GuideColumn:
    name: str
    holds: str  # what the column holds, in words
    required: bool
    unique: bool


@dataclass(frozen=True)
class GuideSheet:
    name: str
    columns: list[GuideColumn]


@dataclass(frozen=True)
class DatasetGuide:
    """What an agency needs to fill a dataset in: its sheets and columns (from `careinspect.datasets`'
    schemas), whether it is a form of `field` and `value` rows, and the "as at" date its dates are checked
    against (INF-1: the A1 year; INF-2: the day the list is sent)."""

    kind: str
    title: str
    sheets: list[GuideSheet]
    key_value: bool
    as_at: date
    as_at_label: str  # "date of the list"
    as_at_is_today: bool
    period_start: date | None  # the A1 year's first day

    def sheet(self, name: str) -> GuideSheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def _holds(column: Column) -> str:
    """A column's type in words, from the message its values are checked with ("one of child, adopter")."""
    words = column.type.message.removeprefix("is not ").strip() or "text"
    return words[:1].upper() + words[1:]


def _dataset_guide(item: InformationRequest, today: date) -> DatasetGuide | None:
    kind = dataset_kinds().get(item.dataset_kind) if item.dataset_kind else None
    if kind is None:
        return None
    # The dates the upload is checked against (portal.services, when the file arrives): the A1 year before
    # the notice (INF-1); every other form is "as at" the day it is sent.
    period_end = services.a1_period_end(item.inspection) if kind.name == "a1" else None
    as_at = period_end or (kind.default_period_end() if kind.name == "a1" else today)
    schema = kind.schema(as_at, None)
    return DatasetGuide(
        kind=kind.name,
        title=kind.title,
        sheets=[
            GuideSheet(
                sheet.name, [GuideColumn(c.name, _holds(c), c.required, c.unique) for c in sheet.columns]
            )
            for sheet in schema.sheets
        ],
        key_value=kind.reshape is not None,
        as_at=as_at,
        as_at_label=kind.period_label,
        as_at_is_today=kind.name != "a1",
        period_start=date(as_at.year - 1, 10, 1) if kind.name == "a1" else None,
    )


def _template_csv(guide: DatasetGuide, name: str) -> HttpResponse:
    """An empty sheet to fill in: its header row (or, for a form, a `field` row per field)."""
    sheet = guide.sheet(name)
    if sheet is None:
        raise Http404("The dataset has no such sheet")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if guide.key_value:
        writer.writerow(["field", "value"])
        writer.writerows([column.name, ""] for column in sheet.columns)
    else:
        writer.writerow([column.name for column in sheet.columns])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{guide.kind}-{sheet.name}-template.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
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
