"""The visit (issue 12 item 2): scheduled from the priority list, announced by the 9am call (NTC-4), the
emails and the INF-3 requests, the length (KND-3), off-site and on-site work, the concerns (JDG-9) and
verbal feedback with the RPT-4 deadlines counted over real bank holidays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from careinspect.assurance import services
from careinspect.assurance.models import ConcernsFinding, VisitActivity
from careinspect.inspections.events import EventType
from careinspect.inspections.models import AssuranceDetail, Inspection
from careinspect.portal.models import InformationRequest
from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.ifa_assurance import AssuranceScenario
from tests.assurance.conftest import CALL, DAY_ONE, DAY_TWO, SCHEDULED_ON
from tests.clock import at

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_sch7_manager_schedules_a_two_day_visit_for_one_inspector(scenario: AssuranceScenario) -> None:
    visit = scenario.schedule(SCHEDULED_ON).visit
    assert visit.kind == Kind.IFA_ASSURANCE.value
    assert visit.status == Status.SCHEDULED.value
    assert (visit.start_date, visit.end_date) == (DAY_ONE, DAY_TWO)
    assert visit.assurance.days == 2
    assert visit.notified_on is None  # the agency learns of it from the call, on the day


def test_sch7_only_a_manager_schedules(ifa: Any, people: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.schedule_visit(
            ifa,
            lead_inspector=people["inspector"],
            start=DAY_ONE,
            by=people["inspector"],
            now=at(SCHEDULED_ON),
        )
    assert not Inspection.objects.exists()


def test_knd3_an_assurance_visit_is_for_an_ifa(agency_a: Any, people: dict[str, Any]) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.schedule_visit(
            agency_a,
            lead_inspector=people["inspector"],
            start=DAY_ONE,
            by=people["manager"],
            now=at(SCHEDULED_ON),
        )
    assert (refused.value.rule, refused.value.field) == ("KND-3", "provider")


def test_ntc4_call_on_day_one_makes_the_visit_live_and_sends_both_emails(scenario: AssuranceScenario) -> None:
    scenario.schedule(SCHEDULED_ON)
    mail.outbox.clear()
    visit = scenario.announce().visit
    assert visit.status == Status.ON_SITE.value  # live from the call
    assert visit.notified_on == DAY_ONE
    assert visit.notification_call_at == CALL
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Assurance visit to Lantern Fostering: arrangements",
        "For your foster carers: an assurance visit to Lantern Fostering",
    ]
    assert all(m.to == ["lantern-staff@agency.example"] for m in mail.outbox)
    arrangements = next(m for m in mail.outbox if "arrangements" in m.subject)
    assert "12pm today" in arrangements.body and "foster carers' register" in arrangements.body
    kinds = set(visit.messages.values_list("kind", "rule"))
    assert kinds == {("arrangements", "NTC-4"), ("foster_carers", "NTC-4")}


def test_inf3_requests_are_due_by_12pm_on_the_day_of_the_call(scenario: AssuranceScenario) -> None:
    visit = scenario.schedule(SCHEDULED_ON).announce().visit
    requests = list(InformationRequest.objects.filter(inspection=visit).order_by("position"))
    assert len(requests) == 3
    assert {r.due_at.astimezone(LONDON) for r in requests} == {datetime(2026, 12, 22, 12, 0, tzinfo=LONDON)}
    assert requests[0].dataset_kind == "ifa_carer_register"


def test_ntc4_refused_before_day_one(scenario: AssuranceScenario, crew: dict[str, Any]) -> None:
    visit = scenario.schedule(SCHEDULED_ON).visit
    with pytest.raises(RuleViolation) as refused:
        services.announce_visit(
            visit, by=crew["inspector"], now=at(date(2026, 12, 21), 9), spoke_to="manager"
        )
    assert refused.value.rule == "NTC-4"
    visit.refresh_from_db()
    assert visit.status == Status.SCHEDULED.value and not mail.outbox


def test_ntc4_the_call_is_at_about_9am(scenario: AssuranceScenario, crew: dict[str, Any]) -> None:
    visit = scenario.schedule(SCHEDULED_ON).visit
    with pytest.raises(RuleViolation) as refused:
        services.announce_visit(visit, by=crew["inspector"], now=at(DAY_ONE, 15), spoke_to="manager")
    assert (refused.value.rule, refused.value.field) == ("NTC-4", "call_at")


def test_ntc4_on_site_in_exceptional_circumstances_needs_the_reason(
    scenario: AssuranceScenario, crew: dict[str, Any]
) -> None:
    visit = scenario.schedule(SCHEDULED_ON).visit
    with pytest.raises(RuleViolation) as refused:
        services.announce_visit(
            visit, by=crew["inspector"], now=at(DAY_ONE, 13), spoke_to="manager", on_site=True
        )
    assert refused.value.field == "reason_on_site"
    visit = services.announce_visit(
        visit,
        by=crew["inspector"],
        now=at(DAY_ONE, 13),
        spoke_to="the manager",
        on_site=True,
        reason_on_site="serious concerns about the immediate safety of children",
    )
    assert AssuranceDetail.objects.get(inspection=visit).announced_on_site is True
    assert "Exceptional circumstances" in visit.notification_call_note


def test_knd3_length_changed_only_by_a_manager_with_a_reason(
    scenario: AssuranceScenario, crew: dict[str, Any]
) -> None:
    visit = scenario.schedule(SCHEDULED_ON).visit
    with pytest.raises(PermissionDenied):
        services.change_length(
            visit, days=3, reason="A large agency", by=crew["inspector"], now=at(SCHEDULED_ON)
        )
    with pytest.raises(RuleViolation) as refused:
        services.change_length(visit, days=3, reason=" ", by=crew["manager"], now=at(SCHEDULED_ON))
    assert (refused.value.rule, refused.value.field) == ("KND-3", "days_reason")
    visit.refresh_from_db()
    assert (visit.assurance.days, visit.end_date) == (2, DAY_TWO)
    services.change_length(
        visit, days=3, reason="A large agency: 240 households", by=crew["manager"], now=at(SCHEDULED_ON)
    )
    visit.refresh_from_db()
    # Tue 22, Wed 23, then Thu 24 December 2026 (the third working day).
    assert (visit.assurance.days, visit.assurance.days_reason) == (3, "A large agency: 240 households")
    assert visit.end_date == date(2026, 12, 24)
    assert visit.events.filter(type=EventType.VISIT_LENGTH_CHANGED).exists()


def test_knd3_a_lengthened_visit_skips_christmas(scenario: AssuranceScenario, crew: dict[str, Any]) -> None:
    visit = scenario.schedule(SCHEDULED_ON).visit
    services.change_length(visit, days=4, reason="A large agency", by=crew["manager"], now=at(SCHEDULED_ON))
    visit.refresh_from_db()
    # 22, 23, 24 December, then Tuesday 29 December (25 Christmas, 28 the substitute Boxing Day).
    assert visit.end_date == date(2026, 12, 29)


def test_knd3_activity_is_recorded_within_the_visit_days(
    scenario: AssuranceScenario, crew: dict[str, Any]
) -> None:
    visit = scenario.schedule(SCHEDULED_ON).announce().visit
    with pytest.raises(RuleViolation) as refused:
        services.record_activity(
            visit,
            day=date(2026, 12, 21),
            place="off_site",
            description="Reading",
            by=crew["inspector"],
            now=CALL,
        )
    assert (refused.value.rule, refused.value.field) == ("KND-3", "day")
    services.record_activity(
        visit, day=DAY_ONE, place="off_site", description="Read the register", by=crew["inspector"], now=CALL
    )
    assert VisitActivity.objects.filter(inspection=visit, place="off_site").count() == 1


def test_evd1_evidence_of_an_assurance_visit_follows_the_same_rules(
    scenario: AssuranceScenario, crew: Any
) -> None:
    from careinspect.inspections.services.evidence import record_evidence

    visit = scenario.schedule(SCHEDULED_ON).announce().visit
    with pytest.raises(RuleViolation) as refused:
        record_evidence(visit, by=crew["inspector"], source="interview", text="A carer's account.", now=CALL)
    assert refused.value.rule == "EVD-1"  # an interview needs its time and the interviewee's role


def test_jdg9_serious_concerns_open_the_enforcement_steps(
    scenario: AssuranceScenario, crew: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, Any]] = []
    from careinspect.enforcement import services as enforcement

    real = enforcement.open_serious_concerns

    def spy(inspection: Inspection, *, by: Any, now: datetime) -> Any:
        calls.append((inspection.pk, by))
        return real(inspection, by=by, now=now)

    monkeypatch.setattr(enforcement, "open_serious_concerns", spy)
    visit = scenario.schedule(SCHEDULED_ON).announce().visit
    scenario.concerns(serious=True)
    assert calls == [(visit.pk, crew["inspector"])]
    finding = ConcernsFinding.objects.get(inspection=visit)
    assert finding.serious_concerns and finding.inadequate_protection and finding.escalated_at is not None
    assert AssuranceDetail.objects.get(inspection=visit).serious_concerns is True
    # Recorded again (more detail): the steps are not opened twice.
    services.record_concerns(
        visit,
        serious=True,
        inadequate_protection=True,
        welfare_not_safeguarded=True,
        summary="More.",
        by=crew["inspector"],
        now=at(DAY_TWO, 12),
    )
    assert len(calls) == 1


def test_jdg9_no_concerns_opens_nothing(scenario: AssuranceScenario, monkeypatch: pytest.MonkeyPatch) -> None:
    from careinspect.enforcement import services as enforcement

    monkeypatch.setattr(enforcement, "open_serious_concerns", lambda *a, **k: pytest.fail("not serious"))
    scenario.schedule(SCHEDULED_ON).announce().concerns(serious=False)
    assert ConcernsFinding.objects.get().serious_concerns is False


def test_jdg9_serious_concerns_say_which(scenario: AssuranceScenario, crew: dict[str, Any]) -> None:
    visit = scenario.schedule(SCHEDULED_ON).announce().visit
    with pytest.raises(RuleViolation) as refused:
        services.record_concerns(visit, serious=True, summary="Concerns", by=crew["inspector"], now=CALL)
    assert (refused.value.rule, refused.value.field) == ("JDG-9", "concerns")
    assert not ConcernsFinding.objects.exists()


def test_rpt4_deadlines_from_a_visit_ending_wednesday_23_december_2026(scenario: AssuranceScenario) -> None:
    visit = scenario.walk_to(Status.FEEDBACK_GIVEN, scheduled_on=SCHEDULED_ON)
    assert visit.end_date == DAY_TWO
    # Counted by hand, skipping Fri 25 Dec, Mon 28 Dec 2026 (substitute Boxing Day) and Fri 1 Jan 2027:
    # 18 WD: 24, 29, 30, 31 Dec, 4-8 Jan (5), 11-15 Jan (5), 18-21 Jan (4) -> Thursday 21 January 2027.
    assert visit.draft_due == date(2027, 1, 21)
    # 5 WD after the draft's day: 22, 25, 26, 27, 28 January.
    assert visit.comments_due == date(2027, 1, 28)
    # 30 WD: 12 more after 21 January: 22, 25-29 Jan (5), 1-5 Feb (5), 8 Feb -> Monday 8 February 2027.
    assert visit.final_due == date(2027, 2, 8)
    # 38 WD: 8 more: 9-12 Feb (4), 15-18 Feb (4) -> Thursday 18 February 2027.
    assert visit.publication_due == date(2027, 2, 18)


def test_rpt4_a_formal_complaint_within_5_working_days_of_the_final(
    scenario: AssuranceScenario, crew: dict[str, Any]
) -> None:
    visit = scenario.walk_to(Status.FINAL_SENT, scheduled_on=SCHEDULED_ON)
    # The scenario sends the final 7 WD after 23 Dec: 24, 29, 30, 31 Dec, 4, 5, 6 Jan -> Wed 6 Jan 2027.
    assert visit.final_sent_on == date(2027, 1, 6)
    # 7, 8, 11, 12, 13 January 2027.
    assert services.complaint_due(visit) == date(2027, 1, 13)
