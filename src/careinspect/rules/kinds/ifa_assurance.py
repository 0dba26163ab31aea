"""The assurance visit to an independent fostering agency (KND-3): risk-prioritised, no grade.

Scheduled → live from the 9am announcement call on day 1 (NTC-4; information by 12pm, INF-3) → verbal
feedback at the end → draft report (RPT-4) → comments received → final report → a formal complaint within
5 working days of the final (CMP-1) → published; pause and incomplete besides.
"""

from __future__ import annotations

from careinspect.rules.kinds.base import CaseSampling, Deadline, Kind, KindDeclaration, ReportShape
from careinspect.rules.lifecycle import Lifecycle, Status, transition, with_holds
from careinspect.rules.sampling import one_case_per_child

DESCRIBED_AS = "an assurance visit to an independent fostering agency"

LIFECYCLE = Lifecycle.of(
    Kind.IFA_ASSURANCE.value,
    DESCRIBED_AS,
    "KND-3",
    with_holds(
        [
            transition(
                "announce",
                "Make the announcement call",
                {Status.SCHEDULED},
                Status.ON_SITE,
                "NTC-4",
                "Announced: the visit is live from the call",
            ),
            transition(
                "give_feedback",
                "Record the feedback",
                {Status.ON_SITE},
                Status.FEEDBACK_GIVEN,
                "KND-3",
                "Feedback given",
            ),
            transition(
                "send_draft",
                "Send the draft report",
                {Status.FEEDBACK_GIVEN},
                Status.DRAFT_SENT,
                "RPT-4",
                "Draft report sent",
            ),
            transition(
                "receive_comments",
                "Comments received",
                {Status.DRAFT_SENT},
                Status.COMMENTS_RECEIVED,
                "RPT-4",
            ),
            transition(
                "send_final",
                "Send the final report",
                {Status.DRAFT_SENT, Status.COMMENTS_RECEIVED},
                Status.FINAL_SENT,
                "RPT-4",
                "Final report sent",
            ),
            transition(
                "receive_complaint",
                "Formal complaint received",
                {Status.FINAL_SENT},
                Status.COMPLAINT,
                "RPT-4",
            ),
            transition(
                "answer_complaint",
                "Answer the complaint",
                {Status.COMPLAINT},
                Status.FINAL_SENT,
                "CMP-1",
                "Complaint answered",
            ),
            transition(
                "publish",
                "Publish the report",
                {Status.FINAL_SENT},
                Status.PUBLISHED,
                "RPT-4",
                "Report published",
            ),
        ],
        incomplete_from={Status.ON_SITE},
    ),
)

DECLARATION = KindDeclaration(
    kind=Kind.IFA_ASSURANCE,
    described_as=DESCRIBED_AS,
    rule="KND-3",
    frameworks={"IFA": "ifa-assurance"},
    lifecycle=LIFECYCLE,
    report=ReportShape.NARRATIVE,
    # RULES: KND-3 — the visit's own steps (its length, its off-site and on-site work, the concerns found,
    # the survey) and the SCCIF's cases, evidence, requirements and report steps, reused with the same
    # CAS-3 and EVD rules: the services behind them are shared, not copied. Its cases are the children on
    # the foster carer register, sampled (never tracked: CAS-1's minimum is the ASA's).
    activities=frozenset(
        {
            "safeguarding_referral",  # SAF-1, any kind of visit
            "next_steps",  # ENF-4 after serious or widespread concerns
            "information",
            "child_friendly_summary",
            "visit_length",
            "visit_activity",
            "choose_cases",
            "serious_concerns",
            "evidence",
            "scans",
            "requirements",
            "recommendations",
            "report",
            "respond_to_draft",
            "answer_complaint",
            "survey",
        }
    ),
    pages=("detail", "notice", "information", "cases", "evidence", "requirements", "report"),
    letters={"notice": "Email confirming the arrangements"},
    deadlines={
        "notice_due": Deadline("Announcement call at about 9am", "NTC-4"),
        "information_due": Deadline("Information by 12pm", "INF-3"),
        "draft_due": Deadline("Draft report", "RPT-4"),
        "comments_due": Deadline("Provider's comments", "RPT-4"),
        "final_due": Deadline("Final report", "RPT-4"),
        "publication_due": Deadline("Publication", "RPT-4"),
    },
    notice_rule="NTC-4",
    information_rule="INF-3",
    # RULES: INF-3 — the register "including details of children placed with carers, to facilitate case
    # sampling" (seed 004): one case per child, sampled for a line of enquiry (CAS-3).
    cases=CaseSampling(
        source="ifa_carer_register",
        source_title="foster carer register",
        rule="INF-3",
        tracks=False,
        sheet="placements",
        cases_from=one_case_per_child,
        merges=True,
    ),
)
