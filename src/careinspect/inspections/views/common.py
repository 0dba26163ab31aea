"""What every kind's pages share: who may open them (regulator staff only), which of the team's pages a
kind has (its declaration in `rules.kinds`), how a service's rule message lands on a form, the page frame
and the kind's deadlines in its own words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from careinspect.core.templatetags.govuk import long_date, unpadded_dates
from careinspect.inspections import access
from careinspect.inspections.models import Inspection
from careinspect.rules.errors import RuleViolation

SUBPAGES = [
    ("detail", "Overview"),
    ("notice", "Notice"),
    ("information", "Information"),
    ("measures", "A1 measures"),
    ("fieldwork", "Fieldwork"),
    ("visit", "Monitoring visit"),
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


def _regulator_inspection(
    request: HttpRequest, pk: int, shape: Callable[[QuerySet[Inspection]], QuerySet[Inspection]] | None = None
) -> Inspection:
    """The inspection for regulator staff only; provider users use the portal (DPR-3: never evidence).
    `shape` adds what the page reads to the one query (annotations, related rows)."""
    if not access.is_regulator(request.user):
        if access.provider_of(request.user) is not None:
            raise PermissionDenied("Your agency's inspections are in the provider portal.")
        raise PermissionDenied
    if shape is None:
        return access.inspection_for(request.user, pk)
    found = shape(access.visible_inspections(request.user)).filter(pk=pk).first()
    if found is None:
        raise Http404("No inspection found")
    return found


def rule_message(violation: RuleViolation) -> str:
    """What a person reads when a step is refused: the rule's own message as a sentence, with its ID, and
    never the service's name for the field ("status:", "answered_by:") nor a zero-padded date."""
    text = unpadded_dates(violation.message.strip())
    text = text[:1].upper() + text[1:]
    return f"{text} ({violation.rule})" if violation.rule else text


def _attempt(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run a service; put a rule's message on the field it names (or the whole form) instead of failing."""
    try:
        return action()
    except RuleViolation as violation:
        field = violation.field if violation.field in form.fields else None
        form.add_error(field, rule_message(violation))
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
    """The kind's deadlines in its own words and rules (NTC-2 and INF-1 for a thematic inspection, …).

    RULES: EVD-4 — the scans' deadline is shown only when handwritten evidence was recorded (it is set at
    feedback for every inspection, but there is nothing to scan without handwritten notes)."""
    rows = []
    for field, deadline in inspection.declaration.deadlines.items():
        day = getattr(inspection, field)
        if day is None:
            continue
        if field == "scans_due":
            # One query for both facts: is there handwritten evidence, and is any of it unscanned?
            counts = inspection.evidence.filter(handwritten=True).aggregate(
                total=Count("pk"), unscanned=Count("pk", filter=Q(scanned_on__isnull=True))
            )
            if not counts["total"]:
                continue
            met = "" if counts["unscanned"] else "every scan attached"
            rows.append(DeadlineRow(deadline.label, deadline.rule, day, met))
            continue
        met_field, word = MET_BY.get(field, ("", ""))
        met_on = getattr(inspection, met_field) if met_field else None
        rows.append(
            DeadlineRow(deadline.label, deadline.rule, day, f"{word} {long_date(met_on)}" if met_on else "")
        )
    return rows
