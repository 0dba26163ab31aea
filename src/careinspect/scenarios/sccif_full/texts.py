"""The demo's words: what the inspector plans, records, judges and writes, by the quality of what was
found. Evidence names nobody (EVD-2): initials and the agencies' case record IDs only. The regulations and
standards cited in requirements and recommendations are illustrative."""

from __future__ import annotations

from careinspect.inspections.models import PlanEntryKind
from careinspect.rules.grades import Grade

HELPED, LEADERS, OVERALL = "helped_protected", "leaders_managers", "overall_experiences_progress"
ALL_AREAS = [OVERALL, HELPED, LEADERS]
AREA_NAMES = {
    OVERALL: "overall experiences and progress",
    HELPED: "helped and protected",
    LEADERS: "leaders and managers",
}


# RULES: NOT-5 — lines of enquiry, apparent weaknesses and strengths, areas needing more evidence.
PLAN: list[tuple[str, str]] = [
    (
        PlanEntryKind.LINE_OF_ENQUIRY,
        "How quickly do referrals for therapeutic support become a first session, and what do "
        "families get while they wait?",
    ),
    (
        PlanEntryKind.LINE_OF_ENQUIRY,
        "Are safeguarding concerns raised in sessions referred to the commissioning LA the same day?",
    ),
    (
        PlanEntryKind.WEAKNESS,
        "Two notifications this year about late referrals: check the safeguarding log against case records.",
    ),
    (
        PlanEntryKind.STRENGTH,
        "Positive questionnaire responses from adopters about the therapists' skill and availability.",
    ),
    (
        PlanEntryKind.MORE_EVIDENCE,
        "Supervision of sessional therapists: frequency and quality not shown in the pre-inspection form.",
    ),
]
# RULES: NOT-4 — no questionnaire responses for a provider is itself a line of enquiry (in place of the
# strength the questionnaires would have shown).
NO_QUESTIONNAIRES = (
    PlanEntryKind.LINE_OF_ENQUIRY,
    "No questionnaire responses came back this year: ask how the agency gathers and acts on the views of "
    "children, adopters and staff.",
)
SAMPLED_FOR = "Time from referral to first session"  # CAS-3: the line of enquiry sampled cases follow
NOTIFICATION_CALL = (
    "Spoke to the registered manager: letter received, staff letter to go to every member of staff today, "
    "forms and case list agreed for the date proposed."
)
CONCERN_ACTION = (
    "Discussed with the manager before leaving; the concern and the answer are in the feedback summary "
    "(EVD-5)."
)
# A small but real PDF, standing in for a scanned page of handwritten notes (EVD-4).
SCAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The evidence each judgement cites, by the keys `steps.record_evidence` records it under (JDG-7).
CITES = {
    HELPED: ("file", "social_worker", "staff_files"),
    LEADERS: ("staff_files", "manager_email", "supervision"),
    OVERALL: ("file", "adopter", "questionnaires"),
}
# Rules: REQ-1, REQ-2 — a requirement on staff files and a recommendation citing a standard by number.
REQUIREMENT = {
    "regulation": "Regulation 12 (fitness of workers), Adoption Support Agencies (England) Regulations 2005",
    "action": "Obtain two written references, one from the most recent employer, and explore any gap in "
    "employment history before anyone starts work with children or adults.",
    "impact": "Without full checks the agency cannot show that staff are suitable to work with children and "
    "vulnerable adults.",
}
RECOMMENDATION = {
    "nms_standard": "NMS 5.2",
    "text": "Tell families how long they are likely to wait for therapy and what help they can get in the "
    "meantime.",
}
MANAGER_CHECK = "Judgements follow from the evidence cited; paragraphs tightened in two places."


def feedback_summary(grades: dict[str, Grade]) -> str:
    """RULES: RPT-7 — what feedback covered, with the likely judgements."""
    said = "; ".join(f"{AREA_NAMES[a]}: likely {grades[a].label.lower()}" for a in ALL_AREAS if a in grades)
    return (
        "Strengths: trusted relationships and skilled therapists. Weaknesses: gaps in staff files "
        f"and long waits for therapy. Likely judgements ({said}), provisional until the final report. "
        "Requirements and recommendations explained. The draft report will come within 18 working days."
    )


# Evidence texts by the quality of what was found. Initials and case record IDs only (EVD-2): the full-name
# check in `services.evidence.name_warnings` flags two capitalised words in a row, so none are used.
_COMMON = {
    "adopter_quote": "They never made us feel we had failed; they helped us understand him.",
    "questionnaires": "Of the questionnaires returned this year, most adopters said staff listened and the "
    "help made a difference; three said the wait for therapy was too long.",
    "manager_email": "The manager's email after day one attached the safer recruitment audit: it lists 9 "
    "staff and shows the dates of each DBS check and reference.",
}
EVIDENCE: dict[str, dict[str, str]] = {
    "good": {
        **_COMMON,
        "file": "Case file {case}: the assessment of need was done within 6 weeks and the therapy plan was "
        "agreed with the adopters (AB and CD). Reviews every 3 months record the child's progress at home "
        "and school.",
        "adopter": "The adoptive mother (EF) of the child in case {case} described weekly therapeutic "
        "parenting sessions that changed how the family handles his anger. Calls are returned the same day.",
        "social_worker": "The social worker (GH) for case {case} said the agency shares a progress report "
        "before every review and raised a concern about contact with birth family promptly and clearly.",
        "staff_files": "Staff files: all 9 files hold two references and a current DBS check; gaps in "
        "employment history are explored and recorded.",
        "supervision": "Observed a supervision session: the practice supervisor reviewed two open cases, "
        "challenged drift in one and set actions with dates. The manager raised a concern about the length "
        "of the visit.",
    },
    "requires_improvement": {
        **_COMMON,
        "file": "Case file {case}: the assessment took 14 weeks and the plan's objectives are vague. The "
        "family (initials JK) waited 4 months for a first session with little contact in between.",
        "adopter": "The adoptive father (LM) in case {case} said the therapy helped once it started but "
        "nobody explained the wait or offered anything in the meantime.",
        "social_worker": "The social worker (NP) for case {case} said reports arrive late for reviews, "
        "although safeguarding concerns are shared on the day.",
        "staff_files": "Staff files: 2 of 9 files lack a second reference and one gap in employment "
        "history was not explored. All DBS checks are current.",
        "supervision": "Observed a supervision session: supportive, but no actions or dates were set and "
        "drift in one case was not picked up. The manager raised a concern about being asked for files at "
        "short notice.",
    },
    "inadequate": {
        **_COMMON,
        "file": "Case file {case}: a child (initials KL) disclosed harm in a session; the referral to the "
        "LA was made 11 days later and there is no record of a strategy discussion or of the outcome.",
        "adopter": "The adoptive mother (QR) in case {case} said she reported bruising to the therapist "
        "and heard nothing for two weeks. She did not know how to complain.",
        "social_worker": "The social worker (ST) for case {case} said the agency never told her about the "
        "disclosure; she learned of it from the school.",
        "staff_files": "Staff files: 3 of 9 files have no DBS check on file and 4 lack references. The "
        "safeguarding lead has had no training since 2019.",
        "supervision": "Observed a team meeting: safeguarding was not on the agenda and open concerns were "
        "not reviewed. The manager raised a concern that the inspector was looking at old cases.",
    },
}
RATIONALES: dict[str, dict[Grade, str]] = {
    HELPED: {
        Grade.GOOD: "Risks are understood and shared with the commissioning LA promptly; staff are safely "
        "recruited.",
        Grade.REQUIRES_IMPROVEMENT: "Concerns are shared on the day, but recruitment checks have gaps and "
        "plans do not set out how risks are managed.",
        Grade.INADEQUATE: "A disclosure of harm waited 11 days for referral, the outcome was never followed "
        "up and recruitment checks are missing: children are not protected.",
    },
    LEADERS: {
        Grade.GOOD: "Leaders know the agency's strengths and weaknesses; supervision is regular and sets "
        "actions.",
        Grade.REQUIRES_IMPROVEMENT: "Leaders know where practice falls short but their plans have not yet "
        "closed the gaps in staff files or supervision.",
        Grade.INADEQUATE: "Leaders do not know the weaknesses found and have not acted on them.",
    },
    OVERALL: {
        Grade.OUTSTANDING: "Families describe help that changed their lives, evidenced in reviews and "
        "returns.",
        Grade.GOOD: "Children and adopters build trusted relationships with staff and the help makes a "
        "difference.",
        Grade.REQUIRES_IMPROVEMENT: "The help is valued once it starts, but long waits with nothing in "
        "between hold back families' progress.",
        Grade.INADEQUATE: "Children's welfare is not safeguarded, so their experiences and progress are "
        "inadequate.",
    },
}
REPORT_PARAGRAPHS: dict[str, dict[Grade, str]] = {
    OVERALL: {
        Grade.OUTSTANDING: "Families say the help they get changes their lives. Reviews show lasting "
        "progress for children with complex needs.\n\nTherapists are skilled and use research well. Their "
        "practice is worth sharing with other agencies.",
        Grade.GOOD: "Children and adopters build trusted relationships with staff. Families say the help "
        "makes a real difference at home and at school.\n\nAssessments are timely and plans are reviewed "
        "often. Some families wait too long for therapy to start.",
        Grade.REQUIRES_IMPROVEMENT: "Families value the help once it starts. Too many wait months with "
        "little contact in between.\n\nPlans do not always say what the work should achieve. Reviews are "
        "not always on time.",
        Grade.INADEQUATE: "Children's welfare is not safeguarded, so their experiences and progress are "
        "inadequate.\n\nSome families do not know how to raise a concern or complain.",
    },
    HELPED: {
        Grade.GOOD: "Staff understand the risks children face and act on concerns on the day. They work "
        "closely with the commissioning local authorities.\n\nRecruitment is safe and well recorded.",
        Grade.REQUIRES_IMPROVEMENT: "Concerns are shared with local authorities on the day. Recruitment "
        "checks have gaps that leaders have not closed.",
        Grade.INADEQUATE: "A child's disclosure of harm was not referred for 11 days. Nobody followed up "
        "the outcome.\n\nSeveral staff files have no vetting checks. The safeguarding lead's training is "
        "out of date.",
    },
    LEADERS: {
        Grade.GOOD: "Leaders know the agency well and act on what they learn. Supervision is regular and "
        "sets clear actions.",
        Grade.REQUIRES_IMPROVEMENT: "Leaders know where practice falls short. Their plans have not yet "
        "closed the gaps in staff files and supervision.",
        Grade.INADEQUATE: "Leaders did not know about the weaknesses found. They have not acted on earlier "
        "concerns.",
    },
}
