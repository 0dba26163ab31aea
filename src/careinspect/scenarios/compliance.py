"""`careinspect demo`'s compliance stories (issue 13), told through the same services the pages use:

- `UNMET_URN` (an adoption support agency): its full inspection of about three months ago made two
  requirements. The first was not met by its date (REQ-3): a case review decided on a compliance notice
  (ENF-1), due yesterday, so its monitoring visit is due now (SCH-8: working days 1 to 5 after the date)
  and waits on the agency's compliance page for a manager to schedule it. The second requirement's date
  passed two working days ago: it awaits the inspector's outcome.
- `PUBLISHED_URN` (an independent fostering agency): a compliance notice on foster carers' training, an
  unannounced monitoring visit two days after its date found it fully met, and the visit's report (RPT-6)
  went through the manager's check, the draft and the final on the standard timeline and was published.

The notices and the visit are walked by the monitoring visit's builder (`scenarios.monitoring`,
`MonitoringScenario`), the one the tests build their visits with, in the demo's words.

Each notice is emailed to the agency when it is issued, and the IFA is told its notice was met when the
visit records it (ENF-1): the outbox shows the three emails, each agency's staff having an address.

Idempotent: the demo's notices go and its inspections are rebuilt (`clear_demo_inspections` removes every
demo inspection with what hangs on it: outcomes, links and published reports), so running it again leaves
one copy, dated from the new `today`. Needs the demo registry, sign-ins and SCCIF inspections.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from careinspect.compliance import notice_mail, services
from careinspect.compliance.models import ComplianceNotice
from careinspect.enforcement import services as enforcement
from careinspect.enforcement.models import CaseReview
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import Message
from careinspect.registry.models import Provider
from careinspect.rules.grades import Grade
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.monitoring import MonitoringScenario, MonitoringTexts
from careinspect.scenarios.sccif_full.agencies import staff_of
from careinspect.scenarios.sccif_full.steps import DemoSteps
from careinspect.scenarios.sccif_full.texts import HELPED, LEADERS, OVERALL

UNMET_URN = "SC700022"  # an ASA no other story inspects
PUBLISHED_URN = "SC800023"  # an IFA no other story visits

SECOND_REQUIREMENT = {
    "regulation": "Regulation 15 (complaints), Adoption Support Agencies (England) Regulations 2005",
    "action": "Acknowledge every complaint in writing within 2 working days and record how it was resolved.",
    "impact": "Adopters cannot be sure their concerns are heard and acted on.",
}
# REQ-3, ENF-1: the notice that follows the ASA's requirement not met (it needs no concern of its own).
UNMET_TEXTS = MonitoringTexts(
    regulation="Regulation 12 (fitness of workers), Adoption Support Agencies (England) Regulations 2005",
    action="Hold two written references, one from the most recent employer, and a full employment history "
    "with every gap explained, for every member of staff and sessional worker.",
)
# KND-4, ENF-1, RPT-6: what the IFA's story writes, from the notice to the published report.
IFA_TEXTS = MonitoringTexts(
    regulation="Regulation 17 (support, training and information for foster parents), Fostering Services "
    "(England) Regulations 2011",
    action="Give every foster carer the safeguarding and first-aid training the agency's own training plan "
    "requires, and keep a record of it.",
    concern="Whistle-blowing information and the agency's own returns show a third of its foster carers "
    "have had no safeguarding training for more than 3 years.",
    purpose="We carried out this unannounced monitoring visit to check whether the agency has met the "
    "compliance notice we served about foster carers' training.",
    evidence_note="Training records for all 24 households; certificates seen for a sample of 8; two foster "
    "carers described what they learned.",
    feedback="The compliance notice is met; first-aid refreshers are still to be completed; the draft "
    "report will follow within 18 working days.",
    check_note="Accurate; the evidence supports it.",
    report={
        "developments": "The agency has appointed a training coordinator and bought places on accredited "
        "safeguarding and first-aid courses for every foster carer.",
        "progress_made": "Every foster carer has now completed safeguarding training; the training records "
        "are complete and checked monthly by the registered manager.",
        "progress_not_made": "First-aid refresher training is booked but not yet complete for four "
        "households.",
        "impact": "Children are now cared for by foster carers who know how to recognise and report "
        "concerns. The gap in first-aid training is small and has a date to close.",
        "regulator_action": "We will check the first-aid training at the next full inspection.",
        "further_action": "The agency should complete the booked first-aid refresher training.",
        "judgement": "The compliance notice is met. The judgement of the last inspection is not changed by "
        "a monitoring visit; the next full inspection will judge the agency's progress.",
    },
)


def clear_demo_compliance() -> None:
    """Remove the demo's compliance notices (their visits go with the demo inspections) and their emails
    (a notice that follows a concern has no inspection for its email to go with)."""
    ComplianceNotice.objects.filter(is_demo=True).delete()
    Message.objects.filter(kind__in=notice_mail.KINDS, provider__is_demo=True).delete()


def _agency(demo: DemoSteps, urn: str) -> Provider:
    provider = Provider.objects.get(urn=urn, is_demo=True)
    demo.providers[urn] = provider  # the SCCIF story-teller takes the agency by its URN
    staff = staff_of(provider)  # an address for the notice's email, so the outbox shows it (ENF-1)
    if not staff.email:
        staff.email = f"{staff.username}@careinspect.example"
        staff.save(update_fields=["email"])
    return provider


def _people(demo: DemoSteps) -> dict[str, Any]:
    return {"inspector": demo.inspector, "manager": demo.manager}


def load_demo_compliance(today: date) -> dict[str, Any]:
    """Build the compliance demo around `today`."""
    with transaction.atomic():
        clear_demo_compliance()
        demo = DemoSteps(today)
        notice = _unmet_requirement(demo)
        visit = _published_visit(demo)
    # No ids: the demo rebuilds its records, and its JSON stays the same from one run to the next.
    return {
        "unmet_requirement_urn": UNMET_URN,
        "notice_status": notice.status,
        "notice_compliance_date": notice.compliance_date.isoformat(),
        "published_visit_urn": PUBLISHED_URN,
        "published_visit_status": visit.status,
        # ENF-1: the two notices and the IFA's finding, each emailed to its agency.
        "emails_sent": Message.objects.filter(
            kind__in=notice_mail.KINDS, provider__is_demo=True, not_sent_because=""
        ).count(),
    }


def _unmet_requirement(demo: DemoSteps) -> ComplianceNotice:
    """REQ-3, ENF-1, SCH-8: a requirement not met, the case review's notice, its visit due now."""
    provider = _agency(demo, UNMET_URN)
    scenario = demo.to_feedback(
        UNMET_URN,
        start=-62,
        rows=14,
        quality="good",
        grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD, OVERALL: Grade.GOOD},
    )
    demo.requirement_and_recommendation(scenario, on=-60, compliance_in=15)
    scenario.add_requirement(
        **SECOND_REQUIREMENT,
        compliance_date=demo.wd(-2),
        evidence_ids=scenario.cited("staff_files", "manager_email"),
    )
    demo.write_report(scenario, on=-52)
    demo.check(scenario, on=-51)
    demo.send_draft(scenario, on=-50)
    demo.send_final(scenario, on=-44)
    demo.publish(scenario, on=-39)
    inspection = scenario.refresh()
    first = inspection.requirements.order_by("compliance_date", "pk").first()
    assert first is not None
    outcome = services.record_requirement_outcome(
        first,
        met=False,
        note="Two of the three staff files sampled still have one reference and unexplained gaps.",
        by=demo.inspector,
        now=demo.at(demo.wd(-44), 11),
    )
    assert outcome.case_review is not None
    enforcement.decide_case_review(
        outcome.case_review,
        by=demo.manager,
        decision="compliance_notice",
        reason="Safer recruitment is a safeguarding matter and the requirement was not met: a compliance "
        "notice gives a firm date.",
        now=demo.at(demo.wd(-42), 10),
    )
    CaseReview.objects.filter(provider=provider).update(is_demo=True)
    # SCH-8: the notice is due yesterday, so its visit is due from today; a manager has yet to schedule it.
    monitoring = MonitoringScenario(provider, _people(demo), demo.wd(0), demo.cal, UNMET_TEXTS, is_demo=True)
    monitoring.issue_notice(requirement=first, due=demo.wd(-1), now=demo.at(demo.wd(-42), 14))
    return monitoring.notices[0]


def _published_visit(demo: DemoSteps) -> Inspection:
    """KND-4, ENF-1, RPT-6: a notice met at an unannounced visit whose report is published, each step on
    the builder's timetable: the notice issued 17 working days before the visit and due 2 before it."""
    provider = _agency(demo, PUBLISHED_URN)
    scenario = MonitoringScenario(provider, _people(demo), demo.wd(-43), demo.cal, IFA_TEXTS, is_demo=True)
    return scenario.walk_to(Status.PUBLISHED)
