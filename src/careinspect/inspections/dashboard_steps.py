"""Dashboard steps that are not a deadline field of their own, each a small function `items_for` calls.

Rules: RPT-3 (the manager checks the report before the draft and before the final report goes).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q

from careinspect.inspections.models import Inspection, Report
from careinspect.rules.lifecycle import Status

if TYPE_CHECKING:
    from careinspect.inspections.dashboard import DueItem

# The report is checked before the draft goes (feedback given) and again before the final report
# (comments received, or the draft still awaiting them); never while a complaint is being answered.
NEXT_SEND = {
    Status.FEEDBACK_GIVEN: "draft_due",
    Status.DRAFT_SENT: "final_due",
    Status.COMMENTS_RECEIVED: "final_due",
}
# The annotation `report_unchecked()` gives, read by `check_report_item` when present.
UNCHECKED = "due_report_unchecked"


def report_unchecked() -> Exists:
    """RULES: RPT-3 — "written but not checked since its last edit" as one subquery, for a list of
    inspections: `inspections.annotate(due_report_unchecked=report_unchecked())`."""
    return Exists(
        Report.objects.filter(inspection=OuterRef("pk"), edited_at__isnull=False).filter(
            Q(checked_at__isnull=True) | Q(checked_at__lt=F("edited_at"))
        )
    )


def _unchecked(inspection: Inspection) -> bool:
    annotated = getattr(inspection, UNCHECKED, None)
    if annotated is not None:
        return bool(annotated)
    report = Report.objects.filter(inspection=inspection).only("edited_at", "checked_at").first()
    return report is not None and report.edited_at is not None and not report.checked_since_edit


def check_report_item(inspection: Inspection, today: date) -> DueItem | None:
    """RULES: RPT-3 — "Check the report" for the inspection's manager once the report has been written and
    is not checked since its last edit: neither the draft nor the final report can be sent without it.
    Due by the day the next of them is due. Costs no query for an inspection annotated with
    `report_unchecked()`, one otherwise (and none in a state with nothing to check)."""
    field = NEXT_SEND.get(inspection.status_enum)
    if field is None or not _unchecked(inspection):
        return None
    # Imported here: `dashboard` imports this module (no import cycle whichever loads first).
    from careinspect.inspections.dashboard import DueItem

    day = getattr(inspection, field) or today
    return DueItem(inspection, "Check the report", day, "RPT-3", day < today, "manager")
