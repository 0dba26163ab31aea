"""What a kind of inspection is made of: the one enumeration of kinds and the shape of a declaration.

A declaration says everything that differs between kinds: the providers it is for and the framework each
is inspected under, its lifecycle graph, the steps besides transitions that it has (evidence, judgements,
a case list, …), the shape of its report, the team's pages, its letters and how its deadlines are named.
Services ask the declaration before they act, pages and navigation offer only what it lists, and the API
answers a step the kind does not have with a rule error naming the kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Lifecycle


class Kind(StrEnum):
    """The four kinds of regulatory visit (KND-1..4 in RULES.md), spelt once for the whole system."""

    SCCIF_FULL = "sccif-full"
    RAA_THEMATIC = "raa-thematic"
    IFA_ASSURANCE = "ifa-assurance"
    MONITORING = "monitoring"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.SCCIF_FULL: "SCCIF full inspection",
    Kind.RAA_THEMATIC: "Thematic inspection",
    Kind.IFA_ASSURANCE: "Assurance visit",
    Kind.MONITORING: "Monitoring visit",
}


class ReportShape(StrEnum):
    """RULES: JDG-9 — only the SCCIF full inspection is graded; the others report in words."""

    GRADED = "graded"  # RPT-1: judgement sections each with a grade
    NARRATIVE = "narrative"  # RPT-5: assurance headings, no grade, serious or widespread concerns stated
    PROGRAMME = "programme"  # THM-7: findings go into one report for the whole programme
    MONITORING = "monitoring"  # RPT-6: reasons, progress made and not made, what happens next


# Steps besides the lifecycle's transitions, with the words a refusal uses. Transitions are named by
# their own labels (`Lifecycle.transitions`).
ACTIVITY_LABELS: Mapping[str, str] = {
    "notification_call": "Log the notification call",
    "information_date": "Agree the information date",
    "deferral": "Record or decide a deferral",
    "plan": "Write the inspection plan",
    "case_list": "Receive the case list",
    "choose_cases": "Choose the cases to track or sample",
    "evidence": "Record evidence",
    "scans": "Attach a scan of handwritten notes",
    "judgements": "Record a graded judgement",
    "management_facts": "Record the facts about the manager",
    "requirements": "Make a requirement",
    "recommendations": "Make a recommendation",
    "report": "Write or check the report",
    "respond_to_draft": "Respond to the draft report",
    "answer_complaint": "Answer a formal complaint",
    "information": "Send the requested information",
    "measures": "Read the A1 measures",
    "visit_length": "Change the length of the visit",
    "visit_activity": "Record off-site or on-site work",
    "serious_concerns": "Record whether serious or widespread concerns were found",
    "survey": "Send or answer the post-visit survey",
    "child_friendly_summary": "Write, check or adapt the child-friendly summary",
    "notice_outcomes": "Record whether each compliance notice was met",
    "case_sample": "Choose and confirm the case sample from the A1 data",
    "fieldwork": "Record the fieldwork under the 5 themes",
    "safeguarding_referral": "Make a safeguarding referral",
    "next_steps": "Open the debrief, case review and DCS alerts",
}


@dataclass(frozen=True)
class Deadline:
    """How the overview names one of the dates an inspection records, and the rule that sets it."""

    label: str
    rule: str


@dataclass(frozen=True)
class CaseSampling:
    """Where a kind's cases come from and how the inspector chooses among them (CAS-1, CAS-3).

    The SCCIF full inspection reads the agency's case list and tracks a minimum of cases (CAS-1) besides
    those it samples; an assurance visit samples children from the foster carer register it asked for by
    12pm (INF-3) and tracks none. `cases_from` turns the validated rows of `source`'s `sheet` into one
    mapping per case (`case_ref`, `service_user_type`, …); None keeps the rows as they are.
    """

    source: str  # the dataset kind the cases are read from (`datasets.kinds`)
    source_title: str  # how pages name it: "case list", "foster carer register"
    rule: str  # the rule that asks for the source (INF-2, INF-3)
    tracks: bool  # CAS-1's tracked minimum applies; otherwise cases are only sampled (CAS-3)
    sheet: str | None = None  # the sheet holding the cases; None for a one-sheet dataset
    cases_from: Callable[[Sequence[Mapping[str, Any]]], list[dict[str, Any]]] | None = None
    # A later version of the source keeps the cases already chosen (and any evidence cites) and adds the
    # new ones, instead of being refused once cases are chosen (INF-2's case list is replaced whole).
    merges: bool = False

    @property
    def selections(self) -> tuple[str, ...]:
        return ("tracked", "sampled") if self.tracks else ("sampled",)


@dataclass(frozen=True)
class KindDeclaration:
    kind: Kind
    described_as: str  # "a thematic inspection of a regional adoption agency"
    rule: str  # the kind's own rule (KND-1..4)
    frameworks: Mapping[str, str]  # provider kind (ASA, VAA, RAA, IFA) -> framework data file name
    lifecycle: Lifecycle
    report: ReportShape
    activities: frozenset[str]
    pages: tuple[str, ...]
    letters: Mapping[str, str]  # letter key -> its title, in the order they go
    deadlines: Mapping[str, Deadline] = field(default_factory=dict)
    notice_rule: str = ""
    information_rule: str = ""
    cases: CaseSampling | None = None  # None: the kind has no cases to choose

    @property
    def tracks_cases(self) -> bool:
        """RULES: CAS-1 — the kinds whose inspector must track a minimum of cases."""
        return self.cases is not None and self.cases.tracks

    @property
    def graded(self) -> bool:
        return self.report is ReportShape.GRADED

    @property
    def provider_kinds(self) -> frozenset[str]:
        return frozenset(self.frameworks)

    def framework_for(self, provider_kind: str) -> str:
        """The framework a provider of this type is inspected under; RuleViolation (the kind's rule) when
        this kind of inspection is not for that type of provider."""
        try:
            return self.frameworks[provider_kind]
        except KeyError:
            allowed = ", ".join(sorted(self.frameworks))
            raise RuleViolation(
                f"{self.described_as} is for {allowed} providers, not {provider_kind}",
                rule=self.rule,
                field="provider",
            ) from None

    @property
    def default_framework(self) -> str | None:
        return next(iter(self.frameworks.values()), None)

    def has(self, step: str) -> bool:
        return step in self.activities or self.lifecycle.has(step)

    def require(self, step: str) -> None:
        """RuleViolation naming the kind when `step` (an activity or a transition) is not one of its steps."""
        if self.has(step):
            return
        label = ACTIVITY_LABELS.get(step) or step.replace("_", " ").capitalize()
        raise RuleViolation(
            f"“{label}” is not a step of {self.described_as} ({self.kind.value})",
            rule=self.rule,
            field="kind",
        )

    def step_label(self, step: str) -> str:
        found = self.lifecycle.transitions.get(step)
        return found.label if found else ACTIVITY_LABELS.get(step, step)
