"""The three SCCIF judgements: recorded with a rationale citing evidence, checked by the rules engine.

Rules: JDG-2 (three judgements), JDG-3..6 (limits, via careinspect.rules.judgements), JDG-7 (errors block,
warnings need a written justification), JDG-8 (provisional at feedback; a later change needs a manager).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, cast

from django.db import transaction

from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, Judgement, JudgementChange, ManagementFacts
from careinspect.inspections.services.common import (
    local_day,
    lock,
    record_event,
    records_named,
    require_inspector,
    require_manager,
    require_step,
    save,
    sccif_of,
)
from careinspect.inspections.signals import judged_inadequate
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import load_framework
from careinspect.rules.grades import Grade
from careinspect.rules.judgements import JudgementCheck, Judgements, RecruitmentEvidence, check_judgements
from careinspect.rules.kinds import Kind, declaration
from careinspect.rules.lifecycle import Status

SCCIF = declaration(Kind.SCCIF_FULL)

AREA_TO_FIELD = {
    "overall_experiences_progress": "overall",
    "helped_protected": "helped_protected",
    "leaders_managers": "leaders_managers",
}
# After the final report the judgements are no longer provisional and cannot change (JDG-8).
CHANGE_AFTER_FEEDBACK = {Status.FEEDBACK_GIVEN, Status.DRAFT_SENT, Status.COMMENTS_RECEIVED, Status.COMPLAINT}


def areas() -> list[Any]:
    """RULES: JDG-2 — the three SCCIF judgement areas, from the framework's data."""
    return list(load_framework(SCCIF.default_framework or "").judgement_areas)


def _facts(inspection: Inspection) -> ManagementFacts | None:
    return ManagementFacts.objects.filter(inspection=inspection).first()


def check_for(inspection: Inspection, grades: dict[str, str] | None = None) -> JudgementCheck | None:
    """The rules' findings on this inspection's judgements (with `grades` overriding what is stored)."""
    chosen = {j.area: j.grade for j in inspection.judgements.all()}
    chosen.update(grades or {})
    if any(area not in chosen for area in AREA_TO_FIELD):
        return None
    facts = _facts(inspection)
    return check_judgements(
        Judgements(
            **{AREA_TO_FIELD[a]: Grade.parse(chosen[a]) for a in AREA_TO_FIELD},
            manager_vacancy_weeks=facts.manager_vacancy_weeks if facts else None,
            recruitment_evidence=RecruitmentEvidence(facts.recruitment_evidence)
            if facts and facts.recruitment_evidence
            else None,
            unregistered_manager_weeks=facts.unregistered_manager_weeks if facts else None,
        )
    )


def suggested_management_facts(inspection: Inspection, on: date) -> dict[str, Any]:
    """RULES: JDG-5 — the facts about the manager other apps already hold (the agency's notices), offered
    when none are recorded so nothing is retyped (`signals.management_facts_wanted`)."""
    from careinspect.inspections.signals import management_facts_wanted

    found: dict[str, Any] = {}
    for _receiver, answer in management_facts_wanted.send(sender=Inspection, inspection=inspection, on=on):
        facts = cast("Mapping[str, Any]", answer)  # the hook's contract (`signals`)
        found.update({k: v for k, v in facts.items() if v is not None})
    return found


def _warnings_without_justification(inspection: Inspection, check: JudgementCheck) -> list[str]:
    justified = {j.area for j in inspection.judgements.all() if j.justification.strip()}
    field_to_area = {v: k for k, v in AREA_TO_FIELD.items()}
    return [
        f"{w.message} ({w.rule})"
        for w in check.warnings
        if field_to_area.get(w.judgement, w.judgement) not in justified
    ]


def require_complete_and_valid(inspection: Inspection) -> None:
    """Rules: JDG-2, JDG-7 — all three judgements, no rule broken, every warning justified."""
    missing = [a.name for a in areas() if not inspection.judgements.filter(area=a.key).exists()]
    if missing:
        raise RuleViolation(
            f"judgements still to make: {'; '.join(missing)}", rule="JDG-2", field="judgements"
        )
    check = check_for(inspection)
    assert check is not None
    if check.errors:
        raise RuleViolation(
            "; ".join(f"{e.message} ({e.rule})" for e in check.errors), rule="JDG-7", field="judgements"
        )
    unjustified = _warnings_without_justification(inspection, check)
    if unjustified:
        raise RuleViolation(
            "write a justification for: " + "; ".join(unjustified), rule="JDG-7", field="justification"
        )


@transaction.atomic
def record_management_facts(
    inspection: Inspection,
    *,
    by: Any,
    manager_vacancy_weeks: float | None,
    recruitment_evidence: str,
    unregistered_manager_weeks: float | None,
) -> ManagementFacts:
    """RULES: JDG-5 — the facts about the manager that limit the leaders and managers judgement (JDG-6)."""
    require_step(inspection, "management_facts")
    require_inspector(by)
    inspection = lock(inspection)
    if inspection.status_enum is not Status.ON_SITE and inspection.status_enum not in CHANGE_AFTER_FEEDBACK:
        raise RuleViolation(
            "the facts about the manager are recorded on site or before the final report",
            rule="JDG-5",
            field="status",
        )
    if recruitment_evidence and recruitment_evidence not in RecruitmentEvidence.__members__.values():
        raise RuleViolation(
            f"{recruitment_evidence!r} is not one of none, limited, evidenced",
            rule="JDG-5",
            field="recruitment_evidence",
        )
    # The rules' own checks (both vacancy facts together, no negative weeks) run on a trial set.
    Judgements(
        Grade.GOOD,
        Grade.GOOD,
        Grade.GOOD,
        manager_vacancy_weeks=manager_vacancy_weeks,
        recruitment_evidence=RecruitmentEvidence(recruitment_evidence) if recruitment_evidence else None,
        unregistered_manager_weeks=unregistered_manager_weeks,
    )
    facts = _facts(inspection) or ManagementFacts(inspection=inspection)
    facts.manager_vacancy_weeks = manager_vacancy_weeks
    facts.recruitment_evidence = recruitment_evidence
    facts.unregistered_manager_weeks = unregistered_manager_weeks
    save(facts, by, "Management facts recorded")
    return facts


@transaction.atomic
def record_judgement(
    inspection: Inspection,
    *,
    by: Any,
    area: str,
    grade: str,
    rationale: str,
    evidence_ids: list[int],
    justification: str = "",
    now: datetime,
) -> tuple[Judgement, JudgementCheck | None]:
    """Record or revise one judgement while on site. Errors block; warnings are returned for the page."""
    require_step(inspection, "judgements")
    require_inspector(by)
    inspection = lock(inspection)
    if area not in AREA_TO_FIELD:
        raise RuleViolation(f"{area!r} is not a SCCIF judgement", rule="JDG-2", field="area")
    if inspection.status_enum is not Status.ON_SITE:
        raise RuleViolation(
            "judgements are made on site; after feedback a change needs a manager's agreement",
            rule="JDG-8",
            field="grade",
        )
    parsed = Grade.parse(grade)
    if not rationale.strip():
        raise RuleViolation("write the rationale for the grade", rule="JDG-7", field="rationale")
    evidence = records_named(
        inspection.evidence.all(), evidence_ids, field="evidence_ids", what="evidence record", rule="JDG-7"
    )
    if not evidence:
        raise RuleViolation(
            "cite at least one evidence record of this inspection for the rationale",
            rule="JDG-7",
            field="evidence",
        )
    check = check_for(inspection, {area: parsed.value})
    if check is not None:
        mine = [e for e in check.errors if e.judgement == AREA_TO_FIELD[area]]
        if mine:
            raise RuleViolation("; ".join(e.message for e in mine), rule=mine[0].rule, field="grade")
    judgement = inspection.judgements.filter(area=area).first() or Judgement(inspection=inspection, area=area)
    judgement.grade = parsed.value
    judgement.rationale = rationale.strip()
    judgement.justification = justification.strip()
    judgement.recorded_by = by
    save(judgement, by, "Judgement recorded")
    judgement.evidence.set(evidence)
    detail = sccif_of(inspection)
    if parsed is Grade.INADEQUATE and detail.inadequate_alert_on is None:
        # RULES: JDG-8 — managers are told during the inspection if the service may be judged inadequate.
        detail.inadequate_alert_on = local_day(now)
        save(detail, by, "Manager alerted: possible inadequate")
        record_event(
            inspection,
            by,
            EventType.MANAGER_ALERTED,
            now,
            "A judgement of inadequate is being considered (JDG-8)",
        )
    return judgement, check


@transaction.atomic
def change_judgement_after_feedback(
    judgement: Judgement, *, by: Any, agreed_by: Any, grade: str, reasons_to_provider: str, now: datetime
) -> JudgementChange:
    """RULES: JDG-8 — a change after feedback needs a manager's agreement; the provider gets the reasons."""
    require_step(judgement.inspection, "judgements")
    require_inspector(by)
    require_manager(agreed_by, "agree a change of judgement")
    inspection = lock(judgement.inspection)
    if inspection.status_enum not in CHANGE_AFTER_FEEDBACK:
        raise RuleViolation(
            "a judgement can be changed this way between feedback and the final report",
            rule="JDG-8",
            field="grade",
        )
    parsed = Grade.parse(grade)
    if parsed.value == judgement.grade:
        raise RuleViolation(
            "the new grade is the same as the one given at feedback", rule="JDG-8", field="grade"
        )
    if not reasons_to_provider.strip():
        raise RuleViolation(
            "write the reasons the provider will be given for the new judgement",
            rule="JDG-8",
            field="reasons_to_provider",
        )
    check = check_for(inspection, {judgement.area: parsed.value})
    if check is not None and check.errors:
        raise RuleViolation(
            "; ".join(e.message for e in check.errors), rule=check.errors[0].rule, field="grade"
        )
    change = JudgementChange.objects.create(
        judgement=judgement,
        from_grade=judgement.grade,
        to_grade=parsed.value,
        reasons_to_provider=reasons_to_provider.strip(),
        agreed_by=agreed_by,
        changed_by=by,
        changed_at=now,
    )
    judgement.grade = parsed.value
    save(judgement, by, "Judgement changed after feedback")
    record_event(
        inspection,
        by,
        EventType.JUDGEMENT_CHANGED,
        now,
        f"{judgement.area}: {Grade(change.from_grade).label} to {parsed.label}. {change.reasons_to_provider}",
        visible_to_provider=True,
    )
    if judgement.area == "overall_experiences_progress" and parsed is Grade.INADEQUATE:
        # RULES: ENF-2 — now inadequate overall: enforcement opens the next steps.
        judged_inadequate.send(sender=Inspection, inspection=inspection, by=by, now=now)
    return change
