"""The monitoring visit's scenario builder (`scenarios.monitoring.MonitoringScenario`), shared by the demo and
the tests: each status along the main path reached through the real services (KND-4, ENF-1), the RPT-6
report published with every section, the default texts passing the identifying-text check (DPR-2), and
the demo built with it rebuilt the same. Its visit: agency_a's on Thu 28 Dec 2023."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail

from careinspect.compliance.models import NoticeStatus
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.messaging.identifying import identifying_passages
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import RPT6_SECTIONS, NoticeAction
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.compliance import PUBLISHED_URN, load_demo_compliance
from careinspect.scenarios.monitoring import MonitoringScenario, MonitoringTexts
from careinspect.scenarios.sccif_full.demo import clear_demo_inspections
from tests.conftest import d

pytestmark = pytest.mark.django_db

DAY = d("2023-12-28")


def scenario(people: dict[str, User], provider: Provider, **kwargs: Any) -> MonitoringScenario:
    return MonitoringScenario(provider, people, DAY, **kwargs)


@pytest.mark.parametrize(
    "status",
    [
        Status.SCHEDULED,
        Status.ON_SITE,
        Status.FEEDBACK_GIVEN,
        Status.DRAFT_SENT,
        Status.FINAL_SENT,
        Status.PUBLISHED,
    ],
)
def test_knd4_walk_to_each_status_gives_that_status(
    people: dict[str, User], agency_a: Provider, status: Status
) -> None:
    visit = scenario(people, agency_a).walk_to(status)
    assert visit.status == status
    assert Inspection.objects.get(pk=visit.pk).status == status
    assert (visit.kind, visit.start_date, visit.end_date) == ("monitoring", DAY, DAY)
    # KND-4: unannounced unless the case review decided otherwise.
    assert visit.monitoring.announced is False and not visit.events.filter(type=EventType.ANNOUNCE).exists()


def test_knd4_an_announced_visit_is_notified_the_working_day_before(
    people: dict[str, User], agency_a: Provider
) -> None:
    visit = scenario(people, agency_a, announced=True).walk_to(Status.NOTIFIED)
    assert visit.status == Status.NOTIFIED and visit.notified_on == d("2023-12-27")
    # An unannounced visit is never notified: its main path does not pass there.
    with pytest.raises(ValueError):
        scenario(people, agency_a).walk_to(Status.NOTIFIED)
    with pytest.raises(ValueError):
        scenario(people, agency_a).walk_to(Status.COMPLAINT)


def test_enf1_sch8_the_notice_is_due_within_the_visits_window_and_found_met_on_site(
    people: dict[str, User], agency_a: Provider
) -> None:
    staff = people["provider_a"]
    staff.email = "manager@harbour.example"
    staff.save()
    built = scenario(people, agency_a)
    visit = built.walk_to(Status.ON_SITE)
    [notice] = built.notices
    # SCH-8: due 2 working days before the visit (25 and 26 December are bank holidays).
    assert notice.compliance_date == d("2023-12-22")
    assert notice.status == NoticeStatus.MET and notice.outcomes.get(inspection=visit).fully_met
    assert visit.events.filter(type=EventType.NOTICE_OUTCOME).count() == 1
    # ENF-1: the agency was emailed the notice and the finding.
    assert [m.subject for m in mail.outbox] == [
        f"Compliance notice {notice.reference}: {agency_a.name} ({agency_a.urn})",
        f"Compliance notice {notice.reference}: met",
    ]


def test_enf1_partial_action_walked_on_site_leaves_the_notice_not_met_with_a_case_review(
    people: dict[str, User], agency_a: Provider
) -> None:
    built = scenario(people, agency_a)
    built.walk_to(Status.ON_SITE, action=NoticeAction.PARTIAL)
    [notice] = built.notices
    outcome = notice.outcomes.get()
    assert notice.status == NoticeStatus.NOT_MET and outcome.case_review is not None
    assert outcome.case_review.reason == "unmet_notice"


def test_dpr2_the_default_texts_identify_nobody(people: dict[str, User], agency_a: Provider) -> None:
    texts = MonitoringTexts()
    # agency_a's registered manager and responsible individual are known names the check looks for.
    assert identifying_passages(agency_a, {"regulation": texts.regulation, "action": texts.action}) == {}
    built = scenario(people, agency_a)
    built.walk_to(Status.SCHEDULED)
    assert built.notices[0].identifying == []


def test_rpt6_the_published_report_has_every_section_and_no_grade(
    people: dict[str, User], agency_a: Provider
) -> None:
    visit = scenario(people, agency_a).walk_to(Status.PUBLISHED)
    published = PublishedReport.objects.get(inspection=visit)
    assert published.overall_grade == ""
    sections = published.content["sections"]
    assert [s["key"] for s in sections] == [key for key, _ in RPT6_SECTIONS]
    assert all(s["text"].strip() for s in sections)
    # The reasons and purpose as the service began them: the purpose, then the notices it checked.
    assert sections[0]["text"].startswith(MonitoringTexts().purpose)
    assert (
        "The visit checked 1 compliance notice (Regulation 12 (fitness of workers))." in sections[0]["text"]
    )


def test_rpt3_no_clock_moved_each_step_on_its_working_day(
    people: dict[str, User], agency_a: Provider, calendar: Any
) -> None:
    visit = scenario(people, agency_a).walk_to(Status.PUBLISHED)
    days = {e.type: e.at.date() for e in visit.events.all()}
    after = [calendar.add_working_days(DAY, n) for n in range(16)]
    issued = calendar.subtract_working_days(d("2023-12-22"), 15)
    assert days[EventType.SCHEDULED] == issued
    assert days[EventType.NOTICE_OUTCOME] == DAY
    # The draft 4 working days after the visit, the final the day after the 5 for comments, published 5
    # working days later (RPT-3).
    assert (days[EventType.SEND_DRAFT], days[EventType.SEND_FINAL]) == (after[4], after[10])
    assert PublishedReport.objects.get(inspection=visit).published_on == after[15] == visit.publication_due


def _ifas_visit() -> tuple[dict[str, Any], list[tuple[str, date]], list[dict[str, Any]]]:
    visit = Inspection.objects.get(provider__urn=PUBLISHED_URN, kind="monitoring")
    events = [(e.type, e.at.date()) for e in visit.events.order_by("at", "pk")]
    return (
        {"status": visit.status, "start": visit.start_date},
        events,
        PublishedReport.objects.get(inspection=visit).content["sections"],
    )


def test_the_demo_built_with_the_scenario_is_rebuilt_the_same(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    today = date(2026, 3, 11)
    load_demo_agencies_and_sign_ins(today)
    first = load_demo_compliance(today)
    built = _ifas_visit()
    clear_demo_inspections()  # as the demo command does before rebuilding
    assert load_demo_compliance(today) == first
    assert _ifas_visit() == built
    assert Inspection.objects.filter(kind="monitoring").count() == 1
