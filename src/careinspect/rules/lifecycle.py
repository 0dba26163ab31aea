"""The states an inspection passes through and the machinery of a lifecycle graph (no Django).

Every kind of inspection has its own graph (`careinspect.rules.kinds`): the SCCIF full inspection's
notice, preparation, feedback and report; the thematic inspection's announcement, sample, fieldwork and
verbal summary; the assurance visit that is live from the 9am call; the monitoring visit that usually
arrives unannounced. They share one vocabulary of states, so one column holds any inspection's status,
and one `Lifecycle` type, so a step is checked the same way whatever the kind. A step that is not in a
kind's graph is refused with a rule error that names the kind.

Keeping the graphs here lets them be tested, drawn and shown to users without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from careinspect.rules.errors import RuleViolation


class Status(StrEnum):
    SCHEDULED = "scheduled"
    NOTIFIED = "notified"
    DEFERRED = "deferred"
    PREPARING = "preparing"
    ON_SITE = "on_site"
    FEEDBACK_GIVEN = "feedback_given"
    SUMMARY_GIVEN = "summary_given"
    DRAFT_SENT = "draft_sent"
    COMMENTS_RECEIVED = "comments_received"
    COMPLAINT = "complaint"
    FINAL_SENT = "final_sent"
    PUBLISHED = "published"
    NOT_PUBLISHED = "not_published"
    REPORTED = "reported"
    DISPOSED = "disposed"
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
    Status.SUMMARY_GIVEN: "Verbal summary given",
    Status.DRAFT_SENT: "Draft report sent",
    Status.COMMENTS_RECEIVED: "Comments received",
    Status.COMPLAINT: "Complaint open",
    Status.FINAL_SENT: "Final report sent",
    Status.PUBLISHED: "Published",
    Status.NOT_PUBLISHED: "Not published",
    Status.REPORTED: "In the programme report",
    Status.DISPOSED: "Personal data disposed of",
    Status.PAUSED: "Paused",
    Status.INCOMPLETE: "Incomplete",
}

# States after which nothing more happens to an inspection (it leaves the dashboards).
FINISHED = frozenset({Status.PUBLISHED, Status.NOT_PUBLISHED, Status.REPORTED, Status.DISPOSED})
# States that wait on someone else's decision rather than on a deadline.
HELD = frozenset({Status.DEFERRED, Status.PAUSED, Status.INCOMPLETE})
# After these the provider can see the draft report (DPR-3: the draft, never the evidence).
DRAFT_VISIBLE_TO_PROVIDER = frozenset(
    {
        Status.DRAFT_SENT,
        Status.COMMENTS_RECEIVED,
        Status.COMPLAINT,
        Status.FINAL_SENT,
        Status.PUBLISHED,
        Status.NOT_PUBLISHED,
    }
)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[Status]
    target: Status | None  # None: the target is decided by the service (resume goes back where it was)
    rule: str = ""
    done: str = ""  # what the history says once the step is taken ("Letter of notice sent")

    def __post_init__(self) -> None:
        if not self.done:
            object.__setattr__(self, "done", self.label)


def transition(
    name: str, label: str, sources: Iterable[Status], target: Status | None, rule: str = "", done: str = ""
) -> Transition:
    return Transition(name, label, frozenset(sources), target, rule, done)


def report_path(*, draft_rule: str, final_rule: str, publish_rule: str) -> list[Transition]:
    """The report's path shared by the SCCIF full inspection and the monitoring visit: the draft after
    feedback, the provider's comments or a formal complaint answered before the final (CMP-1), the final,
    publication. (The assurance visit's complaint follows its final report instead: RPT-4.)"""
    return [
        transition(
            "send_draft",
            "Send the draft report",
            {Status.FEEDBACK_GIVEN},
            Status.DRAFT_SENT,
            draft_rule,
            "Draft report sent",
        ),
        transition(
            "receive_comments", "Comments received", {Status.DRAFT_SENT}, Status.COMMENTS_RECEIVED, "CMP-1"
        ),
        transition(
            "receive_complaint", "Formal complaint received", {Status.DRAFT_SENT}, Status.COMPLAINT, "CMP-1"
        ),
        transition(
            "answer_complaint",
            "Answer the complaint",
            {Status.COMPLAINT},
            Status.COMMENTS_RECEIVED,
            "CMP-1",
            "Complaint answered",
        ),
        transition(
            "send_final",
            "Send the final report",
            {Status.DRAFT_SENT, Status.COMMENTS_RECEIVED},
            Status.FINAL_SENT,
            final_rule,
            "Final report sent",
        ),
        transition(
            "publish",
            "Publish the report",
            {Status.FINAL_SENT},
            Status.PUBLISHED,
            publish_rule,
            "Report published",
        ),
    ]


def with_holds(transitions: Iterable[Transition], *, incomplete_from: Iterable[Status]) -> list[Transition]:
    """Add the pause, resume and mark-incomplete steps every kind has: a manager may pause any inspection
    still under way, and mark one incomplete once its fieldwork has begun."""
    steps = list(transitions)
    under_way = {s for t in steps for s in (*t.sources, *([t.target] if t.target else []))}
    under_way -= FINISHED | HELD
    return [
        *steps,
        transition("pause", "Pause the inspection", under_way, Status.PAUSED, done="Inspection paused"),
        transition("resume", "Resume the inspection", {Status.PAUSED}, None, done="Inspection resumed"),
        transition(
            "mark_incomplete",
            "Mark the inspection incomplete",
            {*incomplete_from, Status.PAUSED},
            Status.INCOMPLETE,
            done="Inspection marked incomplete",
        ),
    ]


@dataclass(frozen=True)
class Lifecycle:
    """One kind's graph. `kind` and `described_as` name it in refusals; `rule` is the kind's own rule ID."""

    kind: str
    described_as: str  # "a thematic inspection of a regional adoption agency"
    rule: str
    transitions: Mapping[str, Transition] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: str, described_as: str, rule: str, transitions: Iterable[Transition]) -> Lifecycle:
        return cls(kind, described_as, rule, {t.name: t for t in transitions})

    @property
    def states(self) -> frozenset[Status]:
        found = {s for t in self.transitions.values() for s in t.sources}
        found |= {t.target for t in self.transitions.values() if t.target is not None}
        return frozenset(found | {Status.SCHEDULED})

    def has(self, name: str) -> bool:
        return name in self.transitions

    def require(self, current: Status | str, name: str, *, step_label: str = "") -> Transition:
        """The transition `name` if this kind has it and it may start from `current`; otherwise a
        RuleViolation that says why: the kind (field "kind") or the state (field "status")."""
        step = self.transitions.get(name)
        if step is None:
            raise RuleViolation(
                f"“{step_label or name.replace('_', ' ')}” is not a step of {self.described}",
                rule=self.rule,
                field="kind",
            )
        status = Status(current)
        if status not in step.sources:
            allowed = ", ".join(sorted(s.label.lower() for s in step.sources))
            raise RuleViolation(
                f"cannot {step.label.lower()} while the inspection is {status.label.lower()}; "
                f"it must be {allowed}",
                rule=step.rule or None,
                field="status",
            )
        return step

    def available(self, current: Status | str) -> list[Transition]:
        status = Status(current)
        return [t for t in self.transitions.values() if status in t.sources]

    @property
    def described(self) -> str:
        """ "a thematic inspection of a regional adoption agency (raa-thematic)"."""
        return f"{self.described_as} ({self.kind})"
