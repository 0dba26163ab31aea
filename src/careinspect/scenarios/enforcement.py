"""`careinspect demo`'s enforcement: a SCCIF full inspection judged inadequate and what follows it, and a
safeguarding referral from today's visit, walked through the same services the pages use.

- a director of children's services (DCS) for every local authority, so each alert has someone to go to;
- `ENFORCEMENT_URN`'s full inspection, judged inadequate overall at feedback two working days ago: the
  feedback opened the next steps (ENF-2) — the debrief was held yesterday, the manager decided the case
  review this morning (an unannounced monitoring visit), the first DCS was emailed, phoned and the email
  forwarded to the agency; the others' emails are due today (ENF-3); reinspection in 6 to 12 months (SCH-2);
- on the inspection on site today (`ON_SITE_URN`), an open safeguarding referral: the person in charge and
  the local authority's children's services told, the social worker and the placing LA's DCS still to be
  told, the Senior HMI's follow-up due in a working week (SAF-1).

Idempotent: `clear_demo_enforcement` removes what an earlier run made (the demo command calls it before
the SCCIF demo clears its inspections, because a forwarded email protects the one it forwards); the
contacts are updated in place.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from careinspect.core.demo_users import ON_SITE_URN
from careinspect.enforcement import services
from careinspect.enforcement.models import (
    CaseReview,
    CaseReviewDecision,
    DcsAlert,
    DcsContact,
    InadequateFollowUp,
    ReferralRole,
    SafeguardingReferral,
)
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import Message
from careinspect.registry.models import LocalAuthority, Provider
from careinspect.rules.grades import Grade
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.sccif_full.agencies import staff_of
from careinspect.scenarios.sccif_full.steps import DemoSteps
from careinspect.scenarios.sccif_full.texts import HELPED, LEADERS, OVERALL

ENFORCEMENT_URN = "SC700023"  # a demo agency no other story inspects
SEED = 20130601
FIRST = ("Alex", "Priya", "Morgan", "Chidi", "Hannah", "Tomasz", "Aisha", "Gareth", "Mei", "Ruth")
LAST = ("Okafor", "Hughes", "Shah", "Nowak", "Campbell", "Brennan", "Lewis", "Kaur", "Murray", "Evans")

SUMMARY = (
    "Children and adults are not helped and protected. Referrals to the local authority about children "
    "at risk were delayed, leaders do not check how staff respond to concerns, and the records of case "
    "ASA-2026-014 show no action on a disclosure for three weeks. We gave this feedback to the agency "
    "on the last day of the inspection."
)


def seed_dcs_contacts() -> int:
    """A synthetic director for each local authority (names and addresses are invented)."""
    rng = random.Random(SEED)
    count = 0
    for la in LocalAuthority.objects.order_by("code"):
        DcsContact.objects.update_or_create(
            local_authority=la,
            defaults={
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "email": f"dcs@{slugify(la.name)}.example",
                "phone": f"0300 {la.code}0 {rng.randint(1000, 9999)}",
                "is_demo": True,
            },
        )
        count += 1
    return count


def clear_demo_enforcement() -> None:
    """Remove what the enforcement demo made on demo inspections: the alerts, their forwarded emails (which
    protect the emails they forward), referrals and case reviews."""
    demo = Inspection.objects.filter(is_demo=True)
    DcsAlert.objects.filter(inspection__in=demo).delete()
    Message.objects.filter(inspection__in=demo, forwarded_from__isnull=False).delete()
    SafeguardingReferral.objects.filter(inspection__in=demo).delete()
    CaseReview.objects.filter(inspection__in=demo).delete()


def load_demo_enforcement(today: date) -> dict[str, Any]:
    """Build the enforcement demo around `today`. Needs the demo registry, sign-ins and SCCIF inspections
    (the referral is on the inspection on site today)."""
    with transaction.atomic():
        contacts = seed_dcs_contacts()
        demo = DemoSteps(today)
        inspection = _inadequate(demo)
        referral = _referral(demo)
        serious = _serious_concerns_alerts(demo)
    follow_up = InadequateFollowUp.objects.get(inspection=inspection)
    return {
        "dcs_contacts": contacts,
        "inadequate_inspection_id": inspection.pk,
        "case_review_id": follow_up.case_review_id,
        "dcs_alerts": inspection.dcs_alerts.count(),
        "safeguarding_referral_id": referral.pk,
        "serious_concerns_dcs_alerts": serious,
    }


# The demo IFA whose visit found serious concerns. Its alerts were opened with the concerns, one for each
# LA placing children on its foster carer register (Cornwall, Devon, Plymouth: `scenarios.carer_register`);
# the demo's inspector has emailed, phoned and forwarded Devon's.
SERIOUS_CONCERNS_URN = "SC800107"
ALERTED_LA = "Devon"


def _serious_concerns_alerts(demo: DemoSteps) -> int:
    """RULES: ENF-4 — the assurance visit with serious concerns (built by the assurance demo, feedback
    given): one DCS emailed, phoned and the email forwarded; the others' emails still owed (their deadline
    on the dashboards). Needs the DCS contacts seeded above."""
    visit = (
        Inspection.objects.filter(
            provider__urn=SERIOUS_CONCERNS_URN, kind=Kind.IFA_ASSURANCE.value, is_demo=True
        )
        .order_by("-pk")
        .first()
    )
    if visit is None or not hasattr(visit, "serious_concerns_follow_up"):
        return 0
    day = visit.end_date
    first = visit.dcs_alerts.get(local_authority__name=ALERTED_LA)
    next_day = demo.cal.add_working_days(day, 1)
    services.send_dcs_alert(first, by=demo.inspector, now=demo.at(next_day, 10), summary=SERIOUS_SUMMARY)
    contact = DcsContact.objects.get(local_authority=first.local_authority)
    services.log_dcs_call(
        first,
        by=demo.inspector,
        now=demo.at(next_day, 11, 30),
        at=demo.at(next_day, 11, 10),
        spoke_to=f"{contact.name}'s office",
        note="The director has the email and will ask the children's social workers to visit this week.",
    )
    services.forward_dcs_alert(first, by=demo.inspector, now=demo.at(next_day, 11, 45))
    DcsAlert.objects.filter(inspection=visit).update(is_demo=True)
    return visit.dcs_alerts.count()


SERIOUS_SUMMARY = (
    "At our assurance visit we found serious concerns: episodes of children going missing from care were "
    "not followed up, and some foster carers had not had the training they need. The agency has not yet "
    "had the chance to challenge these findings."
)


def _inadequate(demo: DemoSteps) -> Inspection:
    """RULES: ENF-2 — judged inadequate at feedback two working days ago; what followed, up to today."""
    demo.providers.setdefault(ENFORCEMENT_URN, Provider.objects.get(urn=ENFORCEMENT_URN, is_demo=True))
    scenario = demo.to_feedback(
        ENFORCEMENT_URN,
        start=-3,
        rows=14,
        quality="inadequate",
        grades={HELPED: Grade.INADEQUATE, LEADERS: Grade.INADEQUATE, OVERALL: Grade.INADEQUATE},
    )
    inspection = scenario.refresh()
    follow_up = InadequateFollowUp.objects.get(inspection=inspection)  # opened by the feedback
    services.record_debrief(
        follow_up,
        by=demo.inspector,
        now=demo.at(demo.wd(-1), 15),
        held_on=demo.wd(-1),
        manager=demo.manager,
        evidence_quality="The evidence of delayed referrals is strong: two sources for each case, and the "
        "leaders accepted the facts at feedback.",
        recommendation="An unannounced monitoring visit within 3 months; reinspect within 6 months; "
        "consider a compliance notice on safeguarding referrals.",
    )
    services.decide_case_review(
        follow_up.case_review,
        by=demo.manager,
        decision=CaseReviewDecision.MONITORING_VISIT,
        reason="The concerns are serious: we return unannounced to check children are safeguarded.",
        now=demo.at(demo.wd(0), 9),
        visit_announced=False,
    )
    provider = inspection.provider
    staff = staff_of(provider)
    if not staff.email:
        staff.email = f"{staff.username}@careinspect.example"
        staff.save(update_fields=["email"])
    alerts = list(inspection.dcs_alerts.order_by("local_authority__name"))
    first = alerts[0]
    services.send_dcs_alert(first, by=demo.inspector, now=demo.at(demo.wd(0), 10), summary=SUMMARY)
    contact = DcsContact.objects.get(local_authority=first.local_authority)
    services.log_dcs_call(
        first,
        by=demo.inspector,
        now=demo.at(demo.wd(0), 11, 30),
        at=demo.at(demo.wd(0), 11, 15),
        spoke_to=f"{contact.name}'s office",
        note="The email arrived; the director's office will pass it to the placements team today.",
    )
    services.forward_dcs_alert(first, by=demo.inspector, now=demo.at(demo.wd(0), 11, 45))
    DcsAlert.objects.filter(inspection=inspection).update(is_demo=True)
    CaseReview.objects.filter(inspection=inspection).update(is_demo=True)
    return inspection


def _referral(demo: DemoSteps) -> SafeguardingReferral:
    """RULES: SAF-1 — found on today's visit: two told, two still to tell, the follow-up to come."""
    inspection = Inspection.objects.get(
        is_demo=True, provider__urn=ON_SITE_URN, status=Status.ON_SITE.value, kind=Kind.SCCIF_FULL.value
    )
    day = demo.wd(0)
    referral = services.open_safeguarding_referral(
        inspection,
        by=demo.inspector,
        now=demo.at(day, 11),
        concern="A child (case ASA-2026-021) told the inspector of bruising at home; the agency had not "
        "referred it.",
    )
    services.record_referral_contact(
        referral,
        by=demo.inspector,
        now=demo.at(day, 11, 20),
        role=ReferralRole.PERSON_IN_CHARGE,
        organisation=inspection.provider.name,
        name="Registered manager",
        told_at=demo.at(day, 11, 10),
        how="in_person",
    )
    services.record_referral_contact(
        referral,
        by=demo.inspector,
        now=demo.at(day, 11, 50),
        role=ReferralRole.LA_CHILDRENS_SERVICES,
        organisation="Children's services front door",
        told_at=demo.at(day, 11, 40),
        how="phone",
        note="Referral accepted; a strategy discussion today.",
    )
    SafeguardingReferral.objects.filter(pk=referral.pk).update(is_demo=True)
    return referral
