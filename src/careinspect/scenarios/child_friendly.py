"""The child-friendly summaries of the demo's assurance visits (RPT-5), through the same services the pages
use: written by the visit's inspector, checked by its manager, sent to the agency to adapt, and published
beside the report.

`write_and_check_summary` is what every assurance visit needs before its report is published (the report
is refused without a checked summary); the assurance scenario calls it in its publication step.
`load_demo_child_friendly(today, visits)` adds the summaries of the visits still under way, so each step
shows in the demo: one written and waiting for the manager's check, one checked and sent to the agency to
adapt (its answer still to come), and one visit with none yet for the inspector to write.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from careinspect.assurance import summary_services as svc
from careinspect.assurance.summary_models import ChildFriendlySummary
from careinspect.inspections.models import Inspection
from careinspect.rules.lifecycle import Status

LONDON = ZoneInfo("Europe/London")

# Short, concrete sentences a 9-year-old reads (RPT-5), naming nobody (DPR-2).
BLOCKS = [
    {"text": "We came to see how your foster carers look after you.", "icon": "home"},
    {"text": "We talked to children, carers and staff. Thank you for talking to us.", "icon": "talk"},
    {"text": "Children told us they feel safe and part of the family.", "icon": "happy"},
    {"text": "Your carers help you see your family and friends.", "icon": "family"},
    {"text": "Your carers help you do well at school and stay healthy.", "icon": "school"},
    {"text": "The agency is good at listening to you. We asked it to keep doing this.", "icon": "star"},
]
CONCERNED_BLOCKS = [
    {"text": "We came to see how your foster carers look after you.", "icon": "home"},
    {"text": "We talked to children, carers and staff. Thank you for talking to us.", "icon": "talk"},
    {"text": "Some children have had to move home too often.", "icon": "worried"},
    {"text": "Some carers do not know what to do if a child goes missing.", "icon": "safe"},
    {"text": "The agency must fix this quickly. We will come back soon to check.", "icon": "calendar"},
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _serious(visit: Inspection) -> bool:
    detail = getattr(visit, "assurance", None)
    return bool(detail is not None and detail.serious_concerns)


def write_summary(visit: Inspection, *, inspector: Any, now: datetime) -> ChildFriendlySummary:
    """RULES: RPT-5 — the visit's inspector writes its summary (the concerned one after serious concerns)."""
    blocks = CONCERNED_BLOCKS if _serious(visit) else BLOCKS
    return svc.write_summary(visit, by=inspector, blocks=blocks, now=now)


def write_and_check_summary(
    visit: Inspection, *, inspector: Any, manager: Any, now: datetime
) -> ChildFriendlySummary:
    """RULES: RPT-5 — a summary written and checked, ready to go beside the report (idempotent: a summary
    already checked since it was written is left as it is)."""
    found = svc.summary_of(visit)
    if found is not None and found.checked_since_written:
        return found
    write_summary(visit, inspector=inspector, now=now)
    return svc.check_summary(
        visit, by=manager, note="Short and kind: ready for the children.", now=now + timedelta(minutes=30)
    )


def load_demo_child_friendly(today: date, visits: dict[str, Inspection]) -> dict[str, Any]:
    """RULES: RPT-5 — the demo's summaries beside the assurance visits (`visits` by the name the assurance
    scenario gives them). The published visit already has its summary from its publication step."""
    made: dict[str, Any] = {}
    fresh = {name: Inspection.objects.get(pk=visit.pk) for name, visit in visits.items()}
    draft = fresh.get("draft_sent")
    if draft is not None and draft.status_enum is Status.DRAFT_SENT:
        # Written, waiting for the manager's check.
        made["written"] = write_summary(
            draft, inspector=draft.lead_inspector, now=_at(draft.draft_sent_on or today, 9)
        )
    final = fresh.get("final_sent")
    if final is not None and final.status_enum is Status.FINAL_SENT:
        day = final.final_sent_on or today
        summary = write_and_check_summary(
            final, inspector=final.lead_inspector, manager=final.manager, now=_at(day, 8)
        )
        # Sent to the agency to adapt; its answer is still to come (the agency answers in the portal).
        svc.request_adaptation(
            final,
            by=final.lead_inspector,
            languages="Polish",
            communication_systems=["makaton", "easy_read"],
            note="Two of the children use Makaton signs and symbols.",
            now=_at(day, 12),
        )
        made["adaptation_requested"] = summary
    published = fresh.get("published")
    if published is not None:
        made["published"] = svc.summary_of(published)
    return {f"{name}_inspection_id": s.inspection_id for name, s in made.items() if s is not None}
