"""The shapes the inspections API reads and writes (django-ninja schemas).

Output schemas are built by `careinspect.inspections.api` from the models; they never carry evidence to a
provider user (DPR-3): the fields that would are left out or set to None there.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from careinspect.rules.lifecycle import Status

# The id of a stored record: a positive 64-bit integer. A larger number names nothing and is refused with
# a 422 naming the field (SQLite would overflow looking it up).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


# A page of a list: the answer stays a JSON list (its contract since issue 3) and `X-Total-Count` says how
# many records there are in all, so a client fetches the rest with `offset`.
DEFAULT_PAGE = 100
MAX_PAGE = 1000
# A larger offset names nothing and would overflow the database's 64-bit OFFSET once `limit` is added.
MAX_OFFSET = 2**62


class ErrorOut(Schema):
    """Every error the API answers: a sentence, the RULES.md ID and the field when a rule was broken, and
    the problems one by one where there are several (a case list's rows, a request's invalid values)."""

    detail: str = Field(description="what is wrong, in a sentence")
    rule: str | None = Field(None, description="the RULES.md ID of the rule broken, if any")
    field: str | None = Field(None, description="the field, parameter or column at fault")
    errors: list[dict[str, Any]] = Field(
        [],
        description="each problem: a case list's rows {sheet, row, column, value, message}; a request's "
        "invalid values {loc, msg, type}",
    )


class Page(Schema):
    limit: int = Field(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description="records in this answer")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="records to skip, in the list's order")


class ProviderRef(Schema):
    id: int
    name: str
    urn: str


class InspectionOut(Schema):
    id: int
    reference: str
    kind: str
    provider: ProviderRef
    status: str
    status_label: str
    start_date: date
    end_date: date
    notified_on: date | None
    feedback_on: date | None
    draft_sent_on: date | None
    final_sent_on: date | None
    published_on: date | None
    deadlines: dict[str, date | None]


class InspectionFilters(Page):
    status: list[Status] = []


class ScheduleIn(Schema):
    provider_id: int
    lead_inspector_id: int
    manager_id: int
    start_date: date
    end_date: date


class EventOut(Schema):
    id: int
    at: datetime
    by: str
    type: str
    action: str
    from_status: str
    to_status: str
    note: str


class DueItemOut(Schema):
    label: str
    day: date
    rule: str
    overdue: bool
    who: str


class NotificationCallIn(Schema):
    at: datetime
    note: str


class DeferralIn(Schema):
    reason: str


class DeferralDecisionIn(Schema):
    grant: bool
    reason: str


class DeferralOut(Schema):
    id: int
    inspection_id: int
    requested_on: date
    reason: str
    decision: str
    decision_reason: str
    decided_on: date | None


class RescheduleIn(Schema):
    start_date: date
    end_date: date


class PlanEntryIn(Schema):
    kind: str
    text: str


class PlanEntryOut(Schema):
    id: int
    kind: str
    text: str
    added_on_site: bool


class ReasonIn(Schema):
    reason: str


class FeedbackIn(Schema):
    summary: str


class CaseOut(Schema):
    id: int
    case_ref: str
    service_user_type: str
    service_type: str
    la_code: str
    household_ref: str  # an assurance visit's child: the carers' household on the register (INF-3)
    start_date: date | None
    end_date: date | None
    # The inspector's choice and line of enquiry; None for a provider user, whose own list it is.
    selection: str | None
    line_of_enquiry: str | None


class CaseListOut(Schema):
    id: int
    original_name: str
    rows: int
    tracked_needed: int | None


class CasePatch(Schema):
    selection: Literal["", "tracked", "sampled"]
    line_of_enquiry: str = ""


class EvidenceIn(Schema):
    source: str
    text: str
    interview_at: datetime | None = None
    interviewee_role: str = ""
    quote: str = ""
    judgement_areas: list[str] = []
    case_ids: list[RecordId] = []
    provider_concern: bool = False
    action_taken: str = ""
    naming_justification: str = ""
    handwritten: bool = False


class EvidenceOut(Schema):
    id: int
    source: str
    text: str
    interview_at: datetime | None
    interviewee_role: str
    quote: str
    judgement_areas: list[str]
    case_ids: list[int]
    provider_concern: bool
    action_taken: str
    handwritten: bool
    scanned_on: date | None
    has_scan: bool


class FindingOut(Schema):
    rule: str
    message: str
    severity: str
    judgement: str


class JudgementIn(Schema):
    grade: str
    rationale: str
    evidence_ids: list[RecordId]
    justification: str = ""


class JudgementOut(Schema):
    id: int
    area: str
    grade: str
    rationale: str
    justification: str
    provisional: bool
    evidence_ids: list[int]


class JudgementsOut(Schema):
    judgements: list[JudgementOut]
    # None until all three judgements are made (JDG-2).
    errors: list[FindingOut] | None
    warnings: list[FindingOut] | None


class JudgementRecordedOut(Schema):
    judgement: JudgementOut
    warnings: list[FindingOut]


class JudgementChangeIn(Schema):
    grade: str
    reasons_to_provider: str


class JudgementChangeOut(Schema):
    id: int
    judgement_id: int
    from_grade: str
    to_grade: str
    reasons_to_provider: str
    agreed_by: str


class ManagementFactsIn(Schema):
    manager_vacancy_weeks: float | None = None
    recruitment_evidence: str = ""
    unregistered_manager_weeks: float | None = None


class ManagementFactsOut(ManagementFactsIn):
    pass


class RequirementIn(Schema):
    regulation: str
    action: str
    impact: str
    compliance_date: date
    evidence_ids: list[RecordId]


class RequirementOut(Schema):
    id: int
    regulation: str
    action: str
    impact: str
    compliance_date: date
    evidence_ids: list[int] | None  # None for a provider user (DPR-3)


class RecommendationIn(Schema):
    nms_standard: str
    text: str
    evidence_ids: list[RecordId] = []


class RecommendationOut(Schema):
    id: int
    nms_standard: str
    text: str
    evidence_ids: list[int] | None  # None for a provider user (DPR-3)


class SectionOut(Schema):
    key: str
    title: str
    text: str
    # The evidence the section's judgement rests on; None for a provider user (DPR-3).
    evidence_ids: list[int] | None


class LengthWarningOut(Schema):
    section: str
    message: str


class ResponseOut(Schema):
    id: int
    kind: str
    text: str
    late: bool
    submitted_at: datetime
    answer: str
    answered_at: datetime | None


class IdentifyingOut(Schema):
    """RULES: DPR-2 — a passage of the report that may identify someone: where, what and why it was flagged,
    and the reason recorded for keeping it (None until one is: publication waits for it)."""

    where: str
    text: str
    why: str
    kept_because: str | None


class ReportOut(Schema):
    inspection_id: int
    sections: list[SectionOut]
    checked: bool
    checked_at: datetime | None
    length_warnings: list[LengthWarningOut]
    responses: list[ResponseOut]
    # The passages that may identify someone; None for a provider user (DPR-3: the regulator's check).
    identifying: list[IdentifyingOut] | None = None


class KeepPassageIn(Schema):
    """RULES: DPR-2 — keep a flagged passage with the reason it may stay; an empty reason takes it back."""

    passage: str
    reason: str


class ReportIn(Schema):
    sections: dict[str, str]


class CheckIn(Schema):
    note: str = ""


class ResponseIn(Schema):
    kind: Literal["minor_points", "complaint"]
    text: str


class AnswerIn(Schema):
    answer: str


class PublishedOut(Schema):
    id: int
    inspection_id: int
    published_on: date
    overall_grade: str
