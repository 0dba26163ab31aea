"""The thematic inspection of a regional adoption agency (KND-2): part of a programme, no grade.

Scheduled in the programme plan → announced (NTC-2, NTC-3; information by 4pm the next working day,
INF-1) → preparing once the case sample is confirmed (CAS-2) → fieldwork on site (up to 4 days, a team of
up to 3) → the verbal summary under the 5 themes at the end (THM-6: nothing written) → its findings in the
one programme report (THM-7) → its personal data disposed of a year after publication (DPR-1). Deferral
(NTC-5), pause and incomplete besides.
"""

from __future__ import annotations

from careinspect.rules.kinds.base import Deadline, Kind, KindDeclaration, ReportShape
from careinspect.rules.lifecycle import Lifecycle, Status, transition, with_holds

DESCRIBED_AS = "a thematic inspection of a regional adoption agency"

LIFECYCLE = Lifecycle.of(
    Kind.RAA_THEMATIC.value,
    DESCRIBED_AS,
    "KND-2",
    with_holds(
        [
            transition(
                "announce",
                "Announce the inspection",
                {Status.SCHEDULED},
                Status.NOTIFIED,
                "NTC-2",
                "Announced",
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
                "Set a new week",
                {Status.DEFERRED, Status.INCOMPLETE},
                Status.SCHEDULED,
                "THM-4",
                "New week set",
            ),
            transition(
                "confirm_sample",
                "Confirm the case sample",
                {Status.NOTIFIED},
                Status.PREPARING,
                "CAS-2",
                "Case sample confirmed",
            ),
            transition(
                "start_on_site",
                "Start the fieldwork",
                {Status.PREPARING},
                Status.ON_SITE,
                "KND-2",
                "Fieldwork started",
            ),
            transition(
                "give_summary",
                "Record the verbal summary",
                {Status.ON_SITE},
                Status.SUMMARY_GIVEN,
                "THM-6",
                "Verbal summary given",
            ),
            transition(
                "include_in_report",
                "Publish the programme report",
                {Status.SUMMARY_GIVEN},
                Status.REPORTED,
                "THM-7",
                "Programme report published",
            ),
            transition(
                "dispose",
                "Dispose of the personal data",
                {Status.REPORTED},
                Status.DISPOSED,
                "DPR-1",
                "Personal data disposed of",
            ),
        ],
        incomplete_from={Status.PREPARING, Status.ON_SITE},
    ),
)

DECLARATION = KindDeclaration(
    kind=Kind.RAA_THEMATIC,
    described_as=DESCRIBED_AS,
    rule="KND-2",
    frameworks={"RAA": "raa-thematic"},
    lifecycle=LIFECYCLE,
    report=ReportShape.PROGRAMME,
    activities=frozenset(
        {
            "deferral",
            "information",
            "measures",
            "notification_call",
            "case_sample",
            "fieldwork",
            "safeguarding_referral",  # SAF-1, any kind of visit
        }
    ),
    pages=("detail", "notice", "information", "measures", "fieldwork"),
    # RULES: NTC-3 — on the announcement day the leader is given six letters for stakeholders.
    letters={
        "notice": "Letter of notice to the RAA leader",
        "stakeholder-staff": "Letter for all the RAA's staff",
        "stakeholder-adopters": "Letter for adopters and prospective adopters",
        "stakeholder-support": "Letter for people receiving adoption support, birth relatives included",
        "stakeholder-panel": "Letter for panel members and panel chairs",
        "stakeholder-las": "Letter for the local authorities linked to the RAA",
        "stakeholder-children": "Information for children",
    },
    deadlines={
        "notice_due": Deadline("Announcement: letter and call", "NTC-2"),
        "information_due": Deadline("Information by 4pm", "INF-1"),
    },
    notice_rule="NTC-2",
    information_rule="INF-1",
)
