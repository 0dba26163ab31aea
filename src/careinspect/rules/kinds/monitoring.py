"""The monitoring visit (KND-4): follows concerns, an inadequate judgement or a compliance notice; usually
unannounced, as often as weekly.

Scheduled → (announced, when the case review decides so) → on site → feedback → draft report → comments
or a formal complaint (CMP-1) → final report on the standard timeline → published, or not published when a
regional director decides so in exceptional circumstances (RPT-6); pause and incomplete besides.
"""

from __future__ import annotations

from careinspect.rules.kinds.base import Deadline, Kind, KindDeclaration, ReportShape
from careinspect.rules.lifecycle import Lifecycle, Status, report_path, transition, with_holds

DESCRIBED_AS = "a monitoring visit"

LIFECYCLE = Lifecycle.of(
    Kind.MONITORING.value,
    DESCRIBED_AS,
    "KND-4",
    with_holds(
        [
            transition(
                "announce",
                "Announce the visit",
                {Status.SCHEDULED},
                Status.NOTIFIED,
                "KND-4",
                "Visit announced",
            ),
            transition(
                "start_on_site",
                "Start the visit",
                {Status.SCHEDULED, Status.NOTIFIED},
                Status.ON_SITE,
                "KND-4",
                "Visit started",
            ),
            transition(
                "give_feedback",
                "Record the feedback",
                {Status.ON_SITE},
                Status.FEEDBACK_GIVEN,
                "RPT-7",
                "Feedback given",
            ),
            *report_path(draft_rule="RPT-6", final_rule="RPT-3", publish_rule="RPT-6"),
            transition(
                "withhold",
                "Record the decision not to publish",
                {Status.FINAL_SENT},
                Status.NOT_PUBLISHED,
                "RPT-6",
                "Not published: a regional director's decision",
            ),
        ],
        incomplete_from={Status.ON_SITE},
    ),
)

DECLARATION = KindDeclaration(
    kind=Kind.MONITORING,
    described_as=DESCRIBED_AS,
    rule="KND-4",
    # RULES: KND-4 — any registered agency may be monitored (adoption support, voluntary adoption and
    # independent fostering agencies; an RAA is not registered with the regulator). The visit follows the
    # SCCIF's general principles and its report "the same process and timescales as a standard inspection
    # report" (seed 002): the SCCIF report timeline (RPT-3), held in the asa-full data file.
    frameworks={"ASA": "asa-full", "VAA": "asa-full", "IFA": "asa-full"},
    lifecycle=LIFECYCLE,
    report=ReportShape.MONITORING,
    activities=frozenset(
        {
            "information",
            "notice_outcomes",
            "report",
            "respond_to_draft",
            "answer_complaint",
            "safeguarding_referral",  # SAF-1, any kind of visit
        }
    ),
    pages=("detail", "visit", "report"),
    letters={},
    deadlines={
        "draft_due": Deadline("Draft report", "RPT-3"),
        "comments_due": Deadline("Provider's comments or complaint", "CMP-1"),
        "final_due": Deadline("Final report", "RPT-3"),
        "publication_due": Deadline("Publication", "RPT-6"),
    },
)
