"""The notifications pages: the agency's own (send and read its notifications, notices about its manager
and NMS 25 reports) and the regulator's (review, bring forward, import questionnaire responses).

An agency's staff see only their own agency's records: another agency's is 404 (DPR-3). Forms show only
to someone who may submit them; every rule is checked by `services`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from careinspect.core.uploads import read_within_limit
from careinspect.inspections import access
from careinspect.inspections.views.common import rule_message
from careinspect.notifications import forms as f
from careinspect.notifications import services
from careinspect.notifications.models import (
    BringForward,
    BringForwardRule,
    LineOfEnquiry,
    ManagerNotice,
    Nms25Report,
    Notification,
    NotificationStatus,
    QuestionnaireImport,
)
from careinspect.registry.models import Provider
from careinspect.rules.calendar import day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.notifications import FIELD_LABELS, describe_missing, nms25_year_ending

PER_PAGE = 50


def _attempt(form: Any, action: Callable[[], Any]) -> Any:
    """Run a service; a rule's message goes on the field it names (or the whole form)."""
    try:
        return action()
    except RuleViolation as violation:
        field = violation.field if violation.field in form.fields else None
        form.add_error(field, rule_message(violation))
        return None


def _agency(request: HttpRequest) -> Provider:
    provider = access.provider_of(request.user)
    if provider is None:
        raise PermissionDenied("These pages are for an agency's own staff.")
    return provider


def _regulator(request: HttpRequest) -> None:
    if not access.is_regulator(request.user):
        raise PermissionDenied("Only the regulator's staff can see this.")


def _fields(notification: Notification) -> list[tuple[str, object, bool]]:
    missing = set(notification.missing_fields)
    return [(label, getattr(notification, name), name in missing) for name, label in FIELD_LABELS.items()]


# --- The agency's pages ---------------------------------------------------------------------------------


@login_required
def agency(request: HttpRequest) -> HttpResponse:
    provider = _agency(request)
    return render(
        request,
        "notifications/agency.html",
        {
            "provider": provider,
            "notifications": provider.notifications.select_related("type")[:PER_PAGE],
            "notices": [
                (m, services.may_correct(request.user, m) and not m.decided)
                for m in provider.manager_notices.prefetch_related("brought_forward")[:PER_PAGE]
            ],
            "reports": provider.nms25_reports.all()[:PER_PAGE],
            "asks_nms25": not provider.single_individual,
        },
    )


@login_required
def send(request: HttpRequest) -> HttpResponse:
    provider = _agency(request)
    types = services.active_types()
    form = f.NotificationForm(request.POST or None, types=types)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sent = _attempt(
            form,
            lambda: services.submit_notification(
                by=request.user,
                type=d["type"],
                values=form.values(),
                names_checked=d["names_checked"],
                now=timezone.now(),
            ),
        )
        if sent is not None:
            note = (
                " It is missing: "
                + describe_missing(sent.missing_fields)
                + "; the inspector may ask for more."
                if sent.missing_fields
                else ""
            )
            messages.success(request, f"Notification {sent.reference} sent.{note}")
            return redirect("notifications:agency_detail", pk=sent.pk)
    return render(
        request,
        "notifications/send.html",
        {"provider": provider, "form": form, "types": types, "labels": FIELD_LABELS},
    )


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.own_notification(request.user, pk)
    can_add = notification.status == NotificationStatus.MORE_ASKED
    form = f.NotificationForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Nothing more has been asked for.")
        if form.is_valid():
            added = _attempt(
                form,
                lambda: services.add_information(
                    notification,
                    by=request.user,
                    values=form.values(),
                    names_checked=form.cleaned_data["names_checked"],
                    now=timezone.now(),
                ),
            )
            if added is not None:
                messages.success(request, "Information added: it waits for the inspector's review again")
                return redirect("notifications:agency_detail", pk=pk)
    return render(
        request,
        "notifications/agency_detail.html",
        {"notification": notification, "fields": _fields(notification), "form": form},
    )


@login_required
def manager_notice(request: HttpRequest) -> HttpResponse:
    provider = _agency(request)
    form = f.ManagerNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        notice = _attempt(
            form,
            lambda: services.submit_manager_notice(
                by=request.user,
                kind=d["kind"],
                emergency=d["emergency"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                applied_to_register_on=d["applied_to_register_on"],
                arrangements=d["arrangements"],
                now=timezone.now(),
            ),
        )
        if notice is not None:
            text = "Notice sent."
            if notice.late:
                text += f" It is late: notice was due by {day_text(notice.due_by)} (NOT-3)."
            messages.success(request, text)
            return redirect("notifications:agency")
    return render(request, "notifications/manager_notice.html", {"provider": provider, "form": form})


@login_required
def correct_manager_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """RULES: NOT-3 — the member of staff who sent a notice about the manager corrects it until the
    regulator acts on it; another agency's notice is 404 (DPR-3), a colleague's is 403."""
    provider = _agency(request)
    notice = get_object_or_404(ManagerNotice, pk=pk, provider=provider)
    if not services.may_correct(request.user, notice):
        raise PermissionDenied("Only the member of your staff who sent this notice can correct it.")
    refused = services.correction_refused(notice)
    form = f.ManagerNoticeCorrectionForm(
        request.POST or None,
        initial={
            "kind": notice.kind,
            "emergency": notice.emergency,
            "starts_on": notice.starts_on,
            "ends_on": notice.ends_on,
            "applied_to_register_on": notice.applied_to_register_on,
            "arrangements": notice.arrangements,
        },
    )
    if request.method == "POST" and refused is None and form.is_valid():
        d = form.cleaned_data
        corrected = _attempt(
            form,
            lambda: services.correct_manager_notice(
                notice,
                by=request.user,
                kind=d["kind"],
                emergency=d["emergency"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                applied_to_register_on=d["applied_to_register_on"],
                arrangements=d["arrangements"],
                reason=d["reason"],
                now=timezone.now(),
            ),
        )
        if corrected is not None:
            text = "Notice corrected."
            if corrected.late:
                text += f" It is late: notice was due by {day_text(corrected.due_by)} (NOT-3)."
            messages.success(request, text)
            return redirect("notifications:agency")
    return render(
        request,
        "notifications/correct_manager_notice.html",
        {
            "provider": provider,
            "notice": notice,
            "form": form,
            "refused": refused,
            "refused_message": rule_message(refused) if refused is not None else "",
            "refused_post": refused is not None and request.method == "POST",
        },
        status=422 if form.errors or (refused is not None and request.method == "POST") else 200,
    )


def _nms25_years(today: Any) -> list[tuple[int, str]]:
    last = today.year if today > nms25_year_ending(today.year).last else today.year - 1
    return [(y, nms25_year_ending(y).label) for y in range(last, last - 3, -1)]


@login_required
def nms25_send(request: HttpRequest) -> HttpResponse:
    provider = _agency(request)
    if provider.single_individual:
        raise PermissionDenied("An agency that is a single individual does not make NMS 25 reports (NOT-2).")
    today = timezone.localdate()
    form = f.Nms25Form(request.POST or None, request.FILES or None, years=_nms25_years(today))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sent = _attempt(
            form,
            lambda: services.send_nms25(
                by=request.user,
                year_ending=nms25_year_ending(d["year_ending"]).last,
                visit_date=d["visit_date"],
                filename=d["file"].name,
                data=read_within_limit(d["file"]),
                now=timezone.now(),
            ),
        )
        if sent is not None:
            messages.success(request, "NMS 25 report sent")
            return redirect("notifications:agency")
    return render(request, "notifications/nms25.html", {"provider": provider, "form": form})


@login_required
def nms25_original(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(Nms25Report, pk=pk)
    own = access.provider_of(request.user)
    if not access.is_regulator(request.user) and (own is None or own.pk != report.provider_id):
        raise Http404("No report found")
    return FileResponse(report.original.open("rb"), as_attachment=True, filename=report.original_name)


# --- The regulator's pages ------------------------------------------------------------------------------


def _waiting() -> QuerySet[Notification]:
    return (
        Notification.objects.filter(status=NotificationStatus.WAITING)
        .select_related("provider", "type")
        .order_by("review_due", "submitted_at", "pk")
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _regulator(request)
    today = timezone.localdate()
    year, missing = services.missing_nms25(today)
    waiting = Paginator(_waiting(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "today": today,
            "waiting": waiting,
            "page": waiting,
            "more_asked": Notification.objects.filter(status=NotificationStatus.MORE_ASKED)
            .select_related("provider", "type")
            .order_by("-reviewed_at")[:PER_PAGE],
            "reviewed": Notification.objects.filter(status=NotificationStatus.REVIEWED)
            .select_related("provider", "type", "reviewed_by")
            .order_by("-reviewed_at")[:20],
            "late_notices": ManagerNotice.objects.filter(late=True)
            .select_related("provider")
            .order_by("-given_on", "-pk")[:PER_PAGE],
            "nms25_year": year,
            "missing_count": missing.count(),
            "missing": missing[:PER_PAGE],
            "pending": LineOfEnquiry.objects.filter(plan_entry=None).select_related("provider")[:PER_PAGE],
            "can_decide": access.can_manage(request.user),
            "can_import": access.can_inspect(request.user),
        },
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _regulator(request)
    notification = get_object_or_404(
        Notification.objects.select_related("provider", "type", "submitted_by", "reviewed_by"), pk=pk
    )
    can_review = access.can_inspect(request.user) and notification.status == NotificationStatus.WAITING
    form = f.ReviewForm(request.POST or None) if can_review else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This notification cannot be reviewed by you now.")
        if form.is_valid():
            d = form.cleaned_data
            done = _attempt(
                form,
                lambda: services.review_notification(
                    notification,
                    by=request.user,
                    review=services.Review(d["outcome"], d["note"], d["inspect_by"]),
                    now=timezone.now(),
                ),
            )
            if done is not None:
                messages.success(request, f"{done.reference} reviewed: {done.get_outcome_display()}")
                return redirect("notifications:review", pk=pk)
    return render(
        request,
        "notifications/review.html",
        {
            "notification": notification,
            "fields": _fields(notification),
            "form": form,
            "enquiries": notification.enquiries.select_related("inspection"),
            "decisions": notification.brought_forward.all(),
        },
    )


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    """RULES: SCH-10 — the managers' page: late notice about a manager, and missing NMS 25 reports (SCH-5),
    each may bring the agency's next inspection forward with a reason."""
    _regulator(request)
    today = timezone.localdate()
    can_decide = access.can_manage(request.user)
    year, missing = services.missing_nms25(today)
    form = f.BringForwardForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied("Only a regulatory inspection manager can bring an inspection forward.")
        notice = None
        provider = None
        if request.POST.get("notice"):
            notice = get_object_or_404(ManagerNotice, pk=request.POST["notice"])
            provider = notice.provider
        elif request.POST.get("provider"):
            provider = get_object_or_404(missing, pk=request.POST["provider"])
        if provider is None:
            raise Http404("Nothing to bring forward")
        if form.is_valid():
            d = form.cleaned_data
            decision = _attempt(
                form,
                lambda: services.bring_forward(
                    provider,
                    by=request.user,
                    rule=BringForwardRule.SCH10 if notice else BringForwardRule.SCH5,
                    reason=d["reason"],
                    inspect_by=d["inspect_by"],
                    now=timezone.now(),
                    manager_notice=notice,
                    nms25_year_ending=None if notice else year.last,
                ),
            )
            if decision is not None:
                messages.success(
                    request, f"{provider.name}'s next inspection brought forward ({decision.rule})"
                )
                return redirect("notifications:decisions")
        target_kind = "notice" if notice else "provider"
        request_target = str(notice.pk if notice else provider.pk)
    else:
        target_kind, request_target = "", None
    return render(
        request,
        "notifications/decisions.html",
        {
            "today": today,
            "can_decide": can_decide,
            "form": form,
            "target": request_target,
            "target_kind": target_kind,
            "late_notices": services.late_notices_awaiting_decision()[:PER_PAGE],
            "nms25_year": year,
            "missing": missing[:PER_PAGE],
            "missing_count": missing.count(),
            "decisions": BringForward.objects.select_related("provider", "decided_by")[:PER_PAGE],
        },
    )


@login_required
def questionnaires(request: HttpRequest) -> HttpResponse:
    _regulator(request)
    can_import = access.can_inspect(request.user)
    form = f.QuestionnaireImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied("Only an inspector or a manager can import questionnaire responses.")
        if form.is_valid():
            d = form.cleaned_data
            kept = _attempt(
                form,
                lambda: services.import_questionnaires(
                    by=request.user,
                    year=d["year"],
                    filename=d["file"].name,
                    data=read_within_limit(d["file"]),
                    now=timezone.now(),
                ),
            )
            if kept is not None:
                if kept.valid:
                    messages.success(request, f"{kept.rows} agencies' responses imported")
                else:
                    messages.error(request, f"{len(kept.errors)} errors: nothing in the file was used")
                return redirect("notifications:questionnaires")
    imports = QuestionnaireImport.objects.select_related("uploaded_by")[:20]
    return render(
        request,
        "notifications/questionnaires.html",
        {"form": form if can_import else None, "imports": imports},
    )


@login_required
def questionnaire_original(request: HttpRequest, pk: int) -> FileResponse:
    _regulator(request)
    kept = get_object_or_404(QuestionnaireImport, pk=pk)
    return FileResponse(kept.original.open("rb"), as_attachment=True, filename=kept.original_name)
