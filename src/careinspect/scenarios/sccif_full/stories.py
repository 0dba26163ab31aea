"""The demo's SCCIF full inspections: at least one in every state of the lifecycle, each a story told on
the builder through the real services, so the demo holds only what the rules allow.

Each story walks its inspection in order (schedule, notify, case list, plan, preparation, visit, evidence,
judgements, feedback, report, draft, comments or complaint, final, publication) as far as its state, with
its current step around today: some due soon, two overdue (`steps.DemoSteps` counts the working days).

The README's walkthrough ("A full inspection by hand") runs on three of them, and must work on the day the
demo is loaded: the walkthrough inspection, notified this morning with its forms and visit still to come
(the notice, the call, the case list and preparation); the inspection on site today (the visit, feedback,
the report, the draft, `provider3`'s comments and the final); and the final report sent 5 working days
ago, which a manager can publish that day (RPT-3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careinspect.core.demo_users import SECOND_PROVIDER_URN, WALKTHROUGH_URN
from careinspect.inspections.models import Inspection, ResponseKind
from careinspect.rules.grades import Grade
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.sccif_full.agencies import AGENCY_FOR, OVERDUE_NOTICE_URN, add_intelligence
from careinspect.scenarios.sccif_full.steps import DemoSteps
from careinspect.scenarios.sccif_full.texts import HELPED, LEADERS, OVERALL


@dataclass(frozen=True)
class Walkthrough:
    """The inspections the README's walkthrough uses, in its order."""

    notified: Inspection  # the notice, the call, the case list, preparation
    on_site: Inspection  # the visit, feedback, the report, the draft, the comments, the final
    publishable: Inspection  # a final report whose publication day has come


def tell(today: date) -> Walkthrough:
    """Every story, around `today`, in this order (it fixes each record's id); answers the walkthrough's
    inspections. Needs the demo registry and sign-ins."""
    demo = DemoSteps(today)
    add_intelligence(demo.providers, demo.anchor)
    scheduled(demo)
    scheduled_notice_overdue(demo)
    earlier_published(demo)
    notified = walkthrough(demo)
    deferred(demo)
    preparing(demo)
    visit = on_site(demo)
    feedback_given(demo)
    draft_sent(demo)
    comments_received(demo)
    complaint(demo)
    publishable = final_sent(demo)
    published(demo)
    paused(demo)
    incomplete(demo)
    return Walkthrough(notified=notified, on_site=visit, publishable=publishable)


def scheduled(demo: DemoSteps) -> None:
    """Scheduled 2 WD ago; the letter of notice is due in 3 WD (NTC-1)."""
    demo.schedule(AGENCY_FOR[Status.SCHEDULED], start=13, on=-2)


def scheduled_notice_overdue(demo: DemoSteps) -> None:
    """Scheduled a week ago; the notice day was yesterday and no letter went: shown overdue."""
    demo.schedule(OVERDUE_NOTICE_URN, start=9, on=-6)


def walkthrough(demo: DemoSteps) -> Inspection:
    """Rules: NTC-1, INF-2 — the letter of notice went this morning, on its day, 10 WD before the visit.
    The call that follows the letter is not logged yet: the newcomer logs it. The forms are due 5 WD from
    now (the policy's proposal, until a date is agreed) and the visit starts 5 WD after that, so what the
    agency sends on the demo's day is on time."""
    scenario = demo.schedule(WALKTHROUGH_URN, start=10, on=-4)
    demo.notify(scenario, on=0, call=False)
    return scenario.refresh()


def earlier_published(demo: DemoSteps) -> None:
    """The walkthrough agency's previous inspection, about 13 months ago, judged requires improvement: the
    reason it is being inspected again now (SCH-3)."""
    start = -281
    scenario = demo.to_feedback(
        WALKTHROUGH_URN,
        start=start,
        rows=16,
        quality="requires_improvement",
        grades={
            HELPED: Grade.GOOD,
            LEADERS: Grade.REQUIRES_IMPROVEMENT,
            OVERALL: Grade.REQUIRES_IMPROVEMENT,
        },
    )
    end = start + 1
    demo.requirement_and_recommendation(scenario, on=end + 2)
    demo.write_report(scenario, on=end + 8)
    demo.check(scenario, on=end + 12)
    demo.send_draft(scenario, on=end + 14)
    # No comments came: the final report waits for the 5 WD window to close (CMP-1 (4)).
    demo.send_final(scenario, on=end + 22)
    demo.publish(scenario, on=end + 27)


def deferred(demo: DemoSteps) -> None:
    """RULES: NTC-5 — asked for in the notification call, granted by the manager the next day."""
    scenario = demo.schedule(AGENCY_FOR[Status.DEFERRED], start=4, on=-8)
    demo.notify(scenario, on=-6)
    deferral = scenario.request_deferral(
        "The registered manager is in hospital for planned surgery during the visit and the deputy left "
        "last month; nobody else can give access to the records.",
        now=demo.at(demo.wd(-6), 14, 20),
    )
    scenario.decide_deferral(
        deferral,
        grant=True,
        now=demo.at(demo.wd(-5), 9, 30),
        reason="Exceptional: no one could hold the records or speak for the agency. New dates "
        "within the cycle to be set once the manager's return date is known.",
    )


def preparing(demo: DemoSteps) -> None:
    """Visit in 2 WD; the case list is in, the plan written and the tracked cases chosen."""
    scenario = demo.schedule(AGENCY_FOR[Status.PREPARING], start=2, on=-12)
    demo.notify(scenario, on=-8)
    demo.case_list(scenario, on=-3, rows=9)
    demo.plan(scenario, no_questionnaires=True)
    scenario.start_preparation(now=demo.at(demo.wd(-1), 9))
    demo.choose_cases(scenario)


def on_site(demo: DemoSteps) -> Inspection:
    """Second on-site day today: evidence recorded, two of three judgements made. The README's walkthrough
    takes it on from here: the last judgement, feedback, the report, the draft (answered by `provider3`)
    and the final."""
    scenario = demo.prepare(AGENCY_FOR[Status.ON_SITE], start=-1, rows=52)
    demo.record_evidence(scenario, day1=-1, day2=0, quality="good", handwritten=False)
    demo.judge(scenario, on=0, grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD})
    return scenario.inspection


def feedback_given(demo: DemoSteps) -> None:
    """Feedback 14 WD ago: the draft is due in 4 WD, the handwritten notes' scan is overdue (EVD-4)."""
    scenario = demo.to_feedback(
        AGENCY_FOR[Status.FEEDBACK_GIVEN],
        start=-15,
        rows=23,
        quality="good",
        grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD, OVERALL: Grade.GOOD},
        scan=False,
    )
    demo.requirement_and_recommendation(scenario, on=-13, requirement=False)
    demo.write_report(scenario, on=-1)


def draft_sent(demo: DemoSteps) -> None:
    """`provider2`'s agency: the draft went 2 WD ago; comments or a complaint are due in 3 WD (CMP-1)."""
    scenario = demo.to_feedback(
        SECOND_PROVIDER_URN,
        start=-20,
        rows=18,
        quality="good",
        grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD, OVERALL: Grade.OUTSTANDING},
    )
    demo.requirement_and_recommendation(scenario, on=-17, requirement=False)
    demo.write_report(scenario, on=-6)
    demo.check(scenario, on=-4)
    demo.send_draft(scenario, on=-2)


def comments_received(demo: DemoSteps) -> None:
    """RULES: JDG-6 — the manager has been in post 16 weeks without applying to register; leaders and
    managers judged requires improvement with the justification the warning asks for."""
    scenario = demo.to_feedback(
        AGENCY_FOR[Status.COMMENTS_RECEIVED],
        start=-21,
        rows=31,
        quality="requires_improvement",
        grades={HELPED: Grade.GOOD, LEADERS: Grade.REQUIRES_IMPROVEMENT, OVERALL: Grade.GOOD},
        facts={"unregistered_manager_weeks": 16.0},
        justification={
            LEADERS: "The manager's application to register was held up by the regulator's own online "
            "service for 3 weeks (emails seen); it went in during the visit. Supervision, audits and "
            "safer recruitment are sound, so inadequate would not reflect the agency's leadership."
        },
    )
    demo.requirement_and_recommendation(scenario, on=-18)
    demo.write_report(scenario, on=-8)
    demo.check(scenario, on=-6)
    demo.send_draft(scenario, on=-4)
    demo.respond(
        scenario,
        on=-2,
        kind=ResponseKind.MINOR_POINTS,
        text="Paragraph 3 gives the therapy waiting time as 12 weeks; our records show 9 weeks from "
        "referral to first session. The service opened its second office in 2021, not 2022.",
    )


def complaint(demo: DemoSteps) -> None:
    """Rules: JDG-3, JDG-8 — helped and protected inadequate, so the overall judgement is inadequate too;
    the manager was alerted on site. The agency complained formally; manager2 has yet to answer."""
    scenario = demo.to_feedback(
        AGENCY_FOR[Status.COMPLAINT],
        start=-23,
        rows=27,
        quality="inadequate",
        grades={HELPED: Grade.INADEQUATE, LEADERS: Grade.REQUIRES_IMPROVEMENT, OVERALL: Grade.INADEQUATE},
    )
    demo.requirement_and_recommendation(scenario, on=-21, compliance_in=20)
    demo.write_report(scenario, on=-8)
    demo.check(scenario, on=-6)
    demo.send_draft(scenario, on=-4)
    demo.respond(
        scenario,
        on=-1,
        kind=ResponseKind.COMPLAINT,
        text="We complain formally about the helped and protected judgement. The delayed referral was "
        "one case, already reviewed by our safeguarding lead, and the inspector did not look at the "
        "action plan we gave on the second day.",
    )


def final_sent(demo: DemoSteps) -> Inspection:
    """A formal complaint answered by manager2 (CMP-1 (5b)); the final report went 5 WD ago, so its
    publication day (RPT-3) is the demo's day: the README's walkthrough has the manager publish it."""
    scenario = demo.to_feedback(
        AGENCY_FOR[Status.FINAL_SENT],
        start=-34,
        rows=20,
        quality="requires_improvement",
        grades={
            HELPED: Grade.REQUIRES_IMPROVEMENT,
            LEADERS: Grade.REQUIRES_IMPROVEMENT,
            OVERALL: Grade.REQUIRES_IMPROVEMENT,
        },
    )
    demo.requirement_and_recommendation(scenario, on=-31)
    demo.write_report(scenario, on=-21)
    demo.check(scenario, on=-19)
    demo.send_draft(scenario, on=-17)
    response = demo.respond(
        scenario,
        on=-14,
        kind=ResponseKind.COMPLAINT,
        text="We dispute the requirement on staff files: both missing references were received before "
        "the staff members started work and are held by our HR provider.",
    )
    scenario.answer_complaint(
        response,
        by=demo.manager2,
        now=demo.at(demo.wd(-11), 15),
        answer="I reviewed the evidence and spoke to the lead inspector. The references were not on "
        "file on the days of the visit and no other record showed them; the requirement stands. The "
        "report now says the agency has since obtained them.",
    )
    demo.write_report(scenario, on=-8, note="The agency has since obtained the two missing references.")
    demo.check(scenario, on=-7)
    demo.send_final(scenario, on=-5)
    return scenario.inspection


def published(demo: DemoSteps) -> None:
    """Published 12 WD ago after the agency's minor points; its report is on the public reports page."""
    scenario = demo.to_feedback(
        AGENCY_FOR[Status.PUBLISHED],
        start=-46,
        rows=14,
        quality="good",
        grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD, OVERALL: Grade.GOOD},
    )
    demo.requirement_and_recommendation(scenario, on=-44)
    demo.write_report(scenario, on=-33)
    demo.check(scenario, on=-31)
    demo.send_draft(scenario, on=-28)
    demo.respond(
        scenario,
        on=-26,
        kind=ResponseKind.MINOR_POINTS,
        text="The agency has 14 staff, not 13, since the peer support coordinator started in the spring.",
    )
    demo.write_report(scenario, on=-20, note="The agency employs 14 staff.")
    demo.check(scenario, on=-19)
    demo.send_final(scenario, on=-17)
    demo.publish(scenario, on=-12)


def paused(demo: DemoSteps) -> None:
    """Paused by the manager during preparation while a safeguarding referral is dealt with."""
    scenario = demo.schedule(AGENCY_FOR[Status.PAUSED], start=1, on=-14)
    demo.notify(scenario, on=-9)
    demo.case_list(scenario, on=-4, rows=12)
    demo.plan(scenario)
    scenario.start_preparation(now=demo.at(demo.wd(-2), 9))
    demo.choose_cases(scenario)
    scenario.pause(
        by=demo.manager,
        now=demo.at(demo.wd(-1), 16),
        reason="A serious safeguarding allegation against a staff member went to the LA designated "
        "officer yesterday; paused until the strategy meeting has decided what happens next.",
    )


def incomplete(demo: DemoSteps) -> None:
    """Marked incomplete on the first on-site day: the records could not be reached."""
    scenario = demo.prepare(AGENCY_FOR[Status.INCOMPLETE], start=-6, rows=11)
    scenario.mark_incomplete(
        by=demo.manager,
        now=demo.at(demo.wd(-6), 15),
        reason="The agency's case recording system was down for both planned days after a cyber "
        "attack; no case could be tracked. New dates to be set once access is restored.",
    )
