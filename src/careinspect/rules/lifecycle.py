"""The life of a SCCIF full inspection as an explicit state machine (no Django).

Each transition names the states it may start from and the one it leads to; the services in
`careinspect.inspections.services` check everything else (who, dates, evidence) before asking this module
whether the move itself is allowed. Keeping the graph here lets it be tested, drawn and shown to users
without a database.

RULES: NTC-1 and NTC-5 (notice, deferral), NOT-5 (preparation), RPT-7 (feedback), RPT-3 and CMP-1
(draft, comments or complaint, final, publication).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from careinspect.rules.errors import RuleViolation


class Status(StrEnum):
    SCHEDULED = "scheduled"
    NOTIFIED = "notified"
    DEFERRED = "deferred"
    PREPARING = "preparing"
    ON_SITE = "on_site"
    FEEDBACK_GIVEN = "feedback_given"
    DRAFT_SENT = "draft_sent"
    COMMENTS_RECEIVED = "comments_received"
    COMPLAINT = "complaint"
    FINAL_SENT = "final_sent"
    PUBLISHED = "published"
    PAUSED = "paused"
    INCOMPLETE = "incomplete"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.SCHEDULED: "Scheduled",
    Status.NOTIFIED: "Notified",
    Status.DEFERRED: "Deferred",
    Status.PREPARING: "Preparing",
    Status.ON_SITE: "On site",
    Status.FEEDBACK_GIVEN: "Feedback given",
    Status.DRAFT_SENT: "Draft report sent",
    Status.COMMENTS_RECEIVED: "Comments received",
    Status.COMPLAINT: "Complaint open",
    Status.FINAL_SENT: "Final report sent",
    Status.PUBLISHED: "Published",
    Status.PAUSED: "Paused",
    Status.INCOMPLETE: "Incomplete",
}

# States in which an inspection is still under way: it can be paused or marked incomplete from these.
ACTIVE = frozenset(
    {
        Status.SCHEDULED,
        Status.NOTIFIED,
        Status.PREPARING,
        Status.ON_SITE,
        Status.FEEDBACK_GIVEN,
        Status.DRAFT_SENT,
        Status.COMMENTS_RECEIVED,
        Status.COMPLAINT,
        Status.FINAL_SENT,
    }
)
# After these the provider can see the draft report (DPR-3: the draft, never the evidence).
DRAFT_VISIBLE_TO_PROVIDER = frozenset(
    {Status.DRAFT_SENT, Status.COMMENTS_RECEIVED, Status.COMPLAINT, Status.FINAL_SENT, Status.PUBLISHED}
)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[Status]
    target: Status | None  # None: the target is decided by the service (resume goes back where it was)
    rule: str = ""

    @property
    def done(self) -> str:
        """What the history says once the step is taken ("Letter of notice sent")."""
        return DONE_LABELS.get(self.name, self.label)


def _t(name: str, label: str, sources: set[Status], target: Status | None, rule: str = "") -> Transition:
    return Transition(name, label, frozenset(sources), target, rule)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("notify", "Send the letter of notice", {Status.SCHEDULED}, Status.NOTIFIED, "NTC-1"),
        _t("defer", "Grant a deferral", {Status.SCHEDULED, Status.NOTIFIED}, Status.DEFERRED, "NTC-5"),
        _t("reschedule", "Set new dates", {Status.DEFERRED, Status.INCOMPLETE}, Status.SCHEDULED, "NTC-5"),
        _t("start_preparation", "Start preparing", {Status.NOTIFIED}, Status.PREPARING, "NOT-5"),
        _t("start_on_site", "Start the on-site visit", {Status.PREPARING}, Status.ON_SITE, "KND-1"),
        _t("give_feedback", "Record the feedback", {Status.ON_SITE}, Status.FEEDBACK_GIVEN, "RPT-7"),
        _t("send_draft", "Send the draft report", {Status.FEEDBACK_GIVEN}, Status.DRAFT_SENT, "RPT-3"),
        _t("receive_comments", "Comments received", {Status.DRAFT_SENT}, Status.COMMENTS_RECEIVED, "CMP-1"),
        _t("receive_complaint", "Formal complaint received", {Status.DRAFT_SENT}, Status.COMPLAINT, "CMP-1"),
        _t("answer_complaint", "Answer the complaint", {Status.COMPLAINT}, Status.COMMENTS_RECEIVED, "CMP-1"),
        _t(
            "send_final",
            "Send the final report",
            {Status.DRAFT_SENT, Status.COMMENTS_RECEIVED},
            Status.FINAL_SENT,
            "RPT-3",
        ),
        _t("publish", "Publish the report", {Status.FINAL_SENT}, Status.PUBLISHED, "RPT-3"),
        _t("pause", "Pause the inspection", set(ACTIVE), Status.PAUSED),
        _t("resume", "Resume the inspection", {Status.PAUSED}, None),
        _t(
            "mark_incomplete",
            "Mark the inspection incomplete",
            {Status.PREPARING, Status.ON_SITE, Status.PAUSED},
            Status.INCOMPLETE,
        ),
    )
}


DONE_LABELS = {
    "notify": "Letter of notice sent",
    "defer": "Deferral granted",
    "reschedule": "New dates set",
    "start_preparation": "Preparation started",
    "start_on_site": "On-site visit started",
    "give_feedback": "Feedback given",
    "send_draft": "Draft report sent",
    "receive_comments": "Comments received",
    "receive_complaint": "Formal complaint received",
    "answer_complaint": "Complaint answered",
    "send_final": "Final report sent",
    "publish": "Report published",
    "pause": "Inspection paused",
    "resume": "Inspection resumed",
    "mark_incomplete": "Inspection marked incomplete",
}


def require_transition(current: Status | str, name: str) -> Transition:
    """The transition `name` if it may start from `current`; otherwise a RuleViolation saying why."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise RuleViolation(f"{name!r} is not a step of an inspection", field="transition")
    status = Status(current)
    if status not in transition.sources:
        allowed = ", ".join(sorted(s.label.lower() for s in transition.sources))
        raise RuleViolation(
            f"cannot {transition.label.lower()} while the inspection is {status.label.lower()}; "
            f"it must be {allowed}",
            rule=transition.rule or None,
            field="status",
        )
    return transition


def available_transitions(current: Status | str) -> list[Transition]:
    status = Status(current)
    return [t for t in TRANSITIONS.values() if status in t.sources]
