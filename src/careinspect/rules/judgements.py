"""Checks on a set of SCCIF judgements. Rules: JDG-3, JDG-4, JDG-5, JDG-6, JDG-7.

JDG-7: "always" and "never" rules are errors that block; "usually", "likely" and "unlikely" rules are
warnings that the inspector may override with a written justification. Each rule is one function
named by its ID; its docstring quotes the guidance (seed 002, evaluation criteria).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade

MANAGER_VACANCY_WEEKS = 26  # RULES: JDG-5 — "failure to appoint a manager after 26 weeks"
UNREGISTERED_MANAGER_WEEKS = 12  # RULES: JDG-6 — "once appointed for more than 12 weeks"


class RecruitmentEvidence(StrEnum):
    """How much evidence there is of attempts to recruit a manager (JDG-5)."""

    NONE = "none"
    LIMITED = "limited"
    EVIDENCED = "evidenced"


@dataclass(frozen=True)
class Judgements:
    helped_protected: Grade
    leaders_managers: Grade
    overall: Grade
    manager_vacancy_weeks: float | None = None
    recruitment_evidence: RecruitmentEvidence | None = None
    unregistered_manager_weeks: float | None = None

    def __post_init__(self) -> None:
        if (self.manager_vacancy_weeks is None) != (self.recruitment_evidence is None):
            missing = "recruitment_evidence" if self.recruitment_evidence is None else "manager_vacancy_weeks"
            raise RuleViolation(
                "give the manager vacancy's weeks and the evidence of recruitment together",
                rule="JDG-5",
                field=missing,
            )
        for name in ("manager_vacancy_weeks", "unregistered_manager_weeks"):
            weeks = getattr(self, name)
            if weeks is not None and weeks < 0:
                raise RuleViolation(f"{weeks} weeks cannot be negative", field=name)


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    severity: Literal["error", "warning"]
    judgement: str  # which judgement the finding is about, for showing it beside that field

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class JudgementCheck:
    errors: tuple[Finding, ...] = field(default_factory=tuple)
    warnings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "errors": [f.as_dict() for f in self.errors],
            "warnings": [f.as_dict() for f in self.warnings],
        }


Rule = Callable[[Judgements], list[Finding]]


def jdg3_helped_protected_limits_overall(j: Judgements) -> list[Finding]:
    """RULES: JDG-3 — helped and protected inadequate: the overall judgement is always inadequate."""
    if j.helped_protected is Grade.INADEQUATE and j.overall is not Grade.INADEQUATE:
        return [
            Finding(
                "JDG-3",
                "Helped and protected is inadequate, so the overall experiences and progress "
                f"judgement must be inadequate, not {j.overall.label.lower()}.",
                "error",
                "overall",
            )
        ]
    return []


def jdg4_leaders_managers_inadequate_caps_overall(j: Judgements) -> list[Finding]:
    """RULES: JDG-4 — leaders and managers inadequate: overall likely inadequate, no better than requires
    improvement."""
    if j.leaders_managers is not Grade.INADEQUATE:
        return []
    if j.overall.better_than(Grade.REQUIRES_IMPROVEMENT):
        return [
            Finding(
                "JDG-4",
                "Leaders and managers are inadequate, so the overall judgement can be no better "
                f"than requires improvement to be good, not {j.overall.label.lower()}.",
                "error",
                "overall",
            )
        ]
    if j.overall is Grade.REQUIRES_IMPROVEMENT:
        return [
            Finding(
                "JDG-4",
                "Leaders and managers are inadequate, so the overall judgement is likely to be "
                "inadequate: justify requires improvement to be good.",
                "warning",
                "overall",
            )
        ]
    return []


def jdg5_no_manager_after_26_weeks(j: Judgements) -> list[Finding]:
    """No manager 26 weeks after a vacancy, with no or limited evidence of attempts to recruit: leaders and
    managers usually inadequate and never better than requires improvement; overall unlikely better than
    good."""
    if (
        j.manager_vacancy_weeks is None
        or j.manager_vacancy_weeks < MANAGER_VACANCY_WEEKS
        or j.recruitment_evidence is RecruitmentEvidence.EVIDENCED
    ):
        return []
    situation = (
        f"No manager has been appointed {j.manager_vacancy_weeks:g} weeks after the vacancy, with "
        f"{j.recruitment_evidence} evidence of attempts to recruit"
    )
    findings: list[Finding] = []
    if j.leaders_managers.better_than(Grade.REQUIRES_IMPROVEMENT):
        findings.append(
            Finding(
                "JDG-5",
                f"{situation}: leaders and managers can be no better than requires "
                f"improvement to be good, not {j.leaders_managers.label.lower()}.",
                "error",
                "leaders_managers",
            )
        )
    elif j.leaders_managers is Grade.REQUIRES_IMPROVEMENT:
        findings.append(
            Finding(
                "JDG-5",
                f"{situation}: leaders and managers are usually inadequate: justify "
                "requires improvement to be good.",
                "warning",
                "leaders_managers",
            )
        )
    if j.overall is Grade.OUTSTANDING:
        findings.append(
            Finding(
                "JDG-5",
                f"{situation}: the overall judgement is unlikely to be better than "
                "good: justify outstanding.",
                "warning",
                "overall",
            )
        )
    return findings


def jdg6_manager_not_applied_to_register(j: Judgements) -> list[Finding]:
    """A manager in post more than 12 weeks who has not applied to register: leaders and managers usually
    inadequate."""
    if j.unregistered_manager_weeks is None or j.unregistered_manager_weeks <= UNREGISTERED_MANAGER_WEEKS:
        return []
    if j.leaders_managers is Grade.INADEQUATE:
        return []
    return [
        Finding(
            "JDG-6",
            f"The manager has been in post {j.unregistered_manager_weeks:g} weeks without applying "
            "to register: leaders and managers are usually inadequate: justify "
            f"{j.leaders_managers.label.lower()}.",
            "warning",
            "leaders_managers",
        )
    ]


RULES: tuple[Rule, ...] = (
    jdg3_helped_protected_limits_overall,
    jdg4_leaders_managers_inadequate_caps_overall,
    jdg5_no_manager_after_26_weeks,
    jdg6_manager_not_applied_to_register,
)


def check_judgements(judgements: Judgements) -> JudgementCheck:
    """RULES: JDG-7 — every JDG finding for one set of judgements, errors (always, never) apart from
    warnings (usually, likely: a written justification overrides them)."""
    findings = [finding for rule in RULES for finding in rule(judgements)]
    return JudgementCheck(
        errors=tuple(f for f in findings if f.severity == "error"),
        warnings=tuple(f for f in findings if f.severity == "warning"),
    )
