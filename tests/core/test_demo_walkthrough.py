"""The README's walkthrough ("A full inspection by hand, in `make demo`") works on the day the demo is
loaded, whatever day that is: each step is taken here through the services the pages call, by the sign-in
the README names, at a moment of the demo's day.

The walkthrough inspection was notified that morning: its call is still to log and nothing the agency sends
is late (issue 15). Its visit is still to come, so the visit, feedback, report, draft and final are taken
on the inspection on site that day, whose agency signs in as `provider3`; and a manager can publish a final
report that day (step 8), bank holidays and weekends included.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from careinspect.core.demo_users import ON_SITE_URN, PUBLISHABLE_URN, WALKTHROUGH_URN
from careinspect.core.regime import current_calendar
from careinspect.inspections import access
from careinspect.inspections.models import EvidenceSource, PlanEntryKind, PublishedReport, ResponseKind
from careinspect.inspections.services.reporting import section_keys
from careinspect.portal.models import InformationRequest
from careinspect.portal.services import receive_upload, request_rows
from careinspect.registry.models import LocalAuthority
from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.sccif_full import DemoInspections, SccifScenario, load_demo_inspections
from careinspect.scenarios.sccif_full.agencies import case_list_csv
from careinspect.scenarios.sccif_full.texts import OVERALL

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
DEMO_DAYS = [
    None,  # the real today
    date(2027, 1, 4),  # a Monday, the first working day after the New Year bank holiday
    date(2026, 12, 26),  # a Saturday between the Christmas bank holidays
    date(2026, 12, 28),  # a bank holiday Monday (Boxing Day's substitute)
    date(2027, 3, 29),  # Easter Monday
]


def moment(day: date) -> datetime:
    """A moment of the demo's day after every step the stories took on it: the real now on the real today."""
    if day == timezone.localdate():
        return timezone.now()
    return datetime.combine(day, time(15), tzinfo=LONDON)


def user(username: str) -> object:
    return get_user_model().objects.get(username=username)


def load(day: date) -> DemoInspections:
    load_demo_agencies_and_sign_ins(day)
    return load_demo_inspections(day)


@pytest.mark.parametrize("today", DEMO_DAYS, ids=lambda d: "today" if d is None else d.isoformat())
def test_the_readme_walkthrough_works_on_the_demo_day(today: date | None) -> None:
    day = today or timezone.localdate()
    demo = load(day)
    now = moment(day)
    cal = current_calendar()
    anchor = day if cal.is_working_day(day) else cal.subtract_working_days(day, 1)

    step_1_the_call_is_still_to_log_and_the_forms_are_not_yet_due(demo, day, anchor, now)
    step_2_the_agency_sends_its_case_list_on_time(demo, day, now)
    step_3_preparation_and_the_visit_still_to_come(demo, now)
    visit = step_3_evidence_and_the_last_judgement_on_the_inspection_on_site(demo, now)
    if cal.is_working_day(day):
        steps_3_to_7_feedback_the_report_the_draft_and_the_final(visit, day, now)
    else:
        feedback_waits_for_a_working_day(visit, now)
    step_8_a_manager_publishes_a_final_report_due_today(demo, day, now)


def step_1_the_call_is_still_to_log_and_the_forms_are_not_yet_due(
    demo: DemoInspections, day: date, anchor: date, now: datetime
) -> None:
    """RULES: NTC-1, INF-2 — notified this morning (the last working day, on a day off), on the notice day;
    the forms due a few working days after the demo's day and the visit after that; no call logged."""
    walkthrough = demo.walkthrough
    assert walkthrough.provider.urn == WALKTHROUGH_URN
    assert walkthrough.status == Status.NOTIFIED
    assert walkthrough.notified_on == anchor and walkthrough.notified_on <= walkthrough.notice_due
    assert walkthrough.notification_call_at is None and walkthrough.notification_call_note == ""
    assert walkthrough.information_due is not None and walkthrough.information_due > day
    assert 3 <= current_calendar().working_days_between(anchor, walkthrough.information_due) <= 5
    assert walkthrough.start_date > walkthrough.information_due
    called = SccifScenario.of(walkthrough).log_notification_call(
        "Spoke to the registered manager: letter received, staff letter going out today.", at=now
    )
    assert called.notification_call_at == now


def step_2_the_agency_sends_its_case_list_on_time(demo: DemoInspections, day: date, now: datetime) -> None:
    """RULES: INF-2, DPR-3 — `provider` sends the case list on the portal: received, valid and not late;
    no item of the walkthrough is overdue."""
    walkthrough = demo.walkthrough
    rows = request_rows(walkthrough, now)
    assert rows and all(r.status.value == "missing" for r in rows)
    case_list = InformationRequest.objects.get(inspection=walkthrough, dataset_kind="asa_case_list")
    codes = list(LocalAuthority.objects.order_by("code").values_list("code", flat=True))
    upload = receive_upload(
        case_list,
        by=user("provider"),
        filename="case-list.csv",
        data=case_list_csv(walkthrough.provider, day, 14, codes),
        now=now,
    )
    assert upload.valid is True and upload.late is False
    assert walkthrough.cases.count() == 14


def step_3_preparation_and_the_visit_still_to_come(demo: DemoInspections, now: datetime) -> None:
    """RULES: NOT-5, CAS-1, KND-1 — preparing, a line of enquiry and the tracked cases work today; the visit
    is refused until its first day, as the README says."""
    scenario = SccifScenario.of(demo.walkthrough)
    scenario.start_preparation(now=now)
    scenario.add_plan_entries([(PlanEntryKind.LINE_OF_ENQUIRY, "How quickly are therapy referrals met?")])
    needed = scenario.tracked_needed
    assert needed >= 2
    scenario.choose_cases(tracked=scenario.cases[:needed])
    start = scenario.inspection.start_date
    with pytest.raises(RuleViolation, match=f"the visit starts on {start:%d %B %Y}"):
        scenario.start_on_site(now=now)
    assert scenario.refresh().status == Status.PREPARING


def _on_site_today(demo: DemoInspections) -> SccifScenario:
    visit = SccifScenario.of(demo.on_site)
    assert visit.inspection.provider.urn == ON_SITE_URN
    assert visit.inspection.status == Status.ON_SITE
    # RULES: DPR-3 — provider3 is the agency's own staff and sees only its inspection.
    own = access.visible_inspections(user("provider3"))
    assert list(own.values_list("pk", flat=True)) == [visit.inspection.pk]
    return visit


def step_3_evidence_and_the_last_judgement_on_the_inspection_on_site(
    demo: DemoInspections, now: datetime
) -> SccifScenario:
    """RULES: EVD-2, JDG-1 — evidence (a full name refused without a reason) and the judgement the story
    left to make, on the inspection on site today."""
    visit = _on_site_today(demo)
    named = "Spoke to Jane Smith, the therapy lead, about waiting times for assessments."
    with pytest.raises(RuleViolation) as refused:
        visit.record_evidence(now=now, source=EvidenceSource.OBSERVATION, text=named)
    assert refused.value.rule == "EVD-2"
    visit.record_evidence(
        now=now,
        source=EvidenceSource.OBSERVATION,
        text=named,
        judgement_areas=[OVERALL],
        naming_justification="The therapy lead's role is public on the agency's website.",
    )
    overall = [e.pk for e in visit.inspection.evidence.order_by("pk") if OVERALL in e.judgement_areas]
    cited = ", ".join(f"E{pk}" for pk in overall)
    visit.judge(
        OVERALL,
        Grade.GOOD.value,
        rationale=f"Children and families get timely help (evidence {cited}).",
        evidence_ids=overall,
        now=now,
    )
    return visit


def steps_3_to_7_feedback_the_report_the_draft_and_the_final(
    visit: SccifScenario, day: date, now: datetime
) -> None:
    """RULES: RPT-7, RPT-1, RPT-3, CMP-1 — feedback, the report, the manager's check, the draft, provider3's
    minor points, the final."""
    visit.give_feedback("Strengths, weaknesses and the likely judgements; the draft within 18 WD.", now=now)
    sections = {key: f"{title}: written by the inspector on the demo's day." for key, title in section_keys()}
    visit.edit_report(sections, now=now)  # step 3: every section written (RPT-1)
    visit.check_report("Checked against the evidence.", now=now)  # step 4, the manager
    visit.send_draft(now=now)  # step 5
    visit.respond(  # step 6, provider3
        ResponseKind.MINOR_POINTS, "The office moved in 2022.", by=user("provider3"), now=now
    )
    final = visit.send_final(now=now)  # step 7
    assert final.status == Status.FINAL_SENT and final.publication_due > day


def feedback_waits_for_a_working_day(visit: SccifScenario, now: datetime) -> None:
    """RULES: CAL-4 — on a weekend or bank holiday the visit's feedback is refused: the README says the
    walkthrough's visit is taken on a working day."""
    with pytest.raises(RuleViolation, match="not a working day"):
        visit.give_feedback("Feedback on a day off.", now=now)


def step_8_a_manager_publishes_a_final_report_due_today(
    demo: DemoInspections, day: date, now: datetime
) -> None:
    """RULES: RPT-3 — besides the published one, a demo inspection's final report went 5 working days ago
    or more, so `manager` publishes it on the demo's day (issue 15)."""
    publishable = SccifScenario.of(demo.publishable)
    inspection = publishable.inspection
    assert inspection.provider.urn == PUBLISHABLE_URN and inspection.status == Status.FINAL_SENT
    assert inspection.publication_due is not None and inspection.publication_due <= day
    cal = current_calendar()
    last_working_day = day if cal.is_working_day(day) else cal.subtract_working_days(day, 1)
    assert cal.working_days_between(inspection.final_sent_on, last_working_day) >= 5
    published = publishable.publish(now=now)
    assert published.published_on == day
    assert publishable.inspection.status == Status.PUBLISHED
    assert PublishedReport.objects.filter(inspection__is_demo=True).count() == 3
