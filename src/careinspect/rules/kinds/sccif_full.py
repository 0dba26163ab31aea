"""The SCCIF full inspection (KND-1): adoption support agencies now; voluntary adoption agencies and
independent fostering agencies are inspected under the same framework once their data files exist.

Scheduled → notified (NTC-1) → preparing (NOT-5) → on site → feedback given (RPT-7) → draft sent (RPT-3)
→ comments received or a formal complaint (CMP-1) → final sent → published; deferred (NTC-5), paused and
incomplete besides.
"""

from __future__ import annotations

from careinspect.rules.kinds.base import CaseSampling, Deadline, Kind, KindDeclaration, ReportShape
from careinspect.rules.lifecycle import Lifecycle, Status, report_path, transition, with_holds

DESCRIBED_AS = "a SCCIF full inspection"

LIFECYCLE = Lifecycle.of(
    Kind.SCCIF_FULL.value,
    DESCRIBED_AS,
    "KND-1",
    with_holds(
        [
            transition(
                "notify",
                "Send the letter of notice",
                {Status.SCHEDULED},
                Status.NOTIFIED,
                "NTC-1",
                "Letter of notice sent",
            ),
            transition(
                "defer",
                "Grant a deferral",
                {Status.SCHEDULED, Status.NOTIFIED},
                Status.DEFERRED,
                "NTC-5",
                "Deferral granted",
            ),
            transition(
                "reschedule",
                "Set new dates",
                {Status.DEFERRED, Status.INCOMPLETE},
                Status.SCHEDULED,
                "NTC-5",
                "New dates set",
            ),
            transition(
                "start_preparation",
                "Start preparing",
                {Status.NOTIFIED},
                Status.PREPARING,
                "NOT-5",
                "Preparation started",
            ),
            transition(
                "start_on_site",
                "Start the on-site visit",
                {Status.PREPARING},
                Status.ON_SITE,
                "KND-1",
                "On-site visit started",
            ),
            transition(
                "give_feedback",
                "Record the feedback",
                {Status.ON_SITE},
                Status.FEEDBACK_GIVEN,
                "RPT-7",
                "Feedback given",
            ),
            *report_path(draft_rule="RPT-3", final_rule="RPT-3", publish_rule="RPT-3"),
        ],
        incomplete_from={Status.PREPARING, Status.ON_SITE},
    ),
)

DECLARATION = KindDeclaration(
    kind=Kind.SCCIF_FULL,
    described_as=DESCRIBED_AS,
    rule="KND-1",
    # Voluntary adoption agencies and IFAs join when their SCCIF data files are written.
    frameworks={"ASA": "asa-full"},
    lifecycle=LIFECYCLE,
    report=ReportShape.GRADED,
    activities=frozenset(
        {
            "safeguarding_referral",  # SAF-1, any kind of visit
            "next_steps",  # ENF-2 after an overall inadequate
            "notification_call",
            "information_date",
            "deferral",
            "plan",
            "case_list",
            "choose_cases",
            "evidence",
            "scans",
            "judgements",
            "management_facts",
            "requirements",
            "recommendations",
            "report",
            "respond_to_draft",
            "answer_complaint",
            "information",
        }
    ),
    pages=(
        "detail",
        "notice",
        "information",
        "preparation",
        "cases",
        "evidence",
        "judgements",
        "requirements",
        "report",
    ),
    letters={"notice": "Letter of notice", "staff": "Letter for all staff"},
    deadlines={
        "notice_due": Deadline("Letter of notice", "NTC-1"),
        "information_due": Deadline("Information forms and case list", "INF-2"),
        "scans_due": Deadline("Scans of handwritten notes", "EVD-4"),
        "draft_due": Deadline("Draft report", "RPT-3"),
        "comments_due": Deadline("Provider's comments or complaint", "CMP-1"),
        "final_due": Deadline("Final report", "RPT-3"),
        "publication_due": Deadline("Publication", "RPT-3"),
    },
    notice_rule="NTC-1",
    information_rule="INF-2",
    # RULES: CAS-1 — cases are chosen from the agency's case list, with a minimum tracked.
    cases=CaseSampling(source="asa_case_list", source_title="case list", rule="INF-2", tracks=True),
)
