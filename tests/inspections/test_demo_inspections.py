"""The demo inspections: one or more in every state, built by the services, idempotent, naming nobody."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from careinspect.core.demo_users import SECOND_PROVIDER_URN, WALKTHROUGH_URN
from careinspect.core.regime import current_calendar
from careinspect.inspections import access, dashboard
from careinspect.inspections.models import (
    Case,
    Evidence,
    Inspection,
    InspectionEvent,
    PlanEntry,
    ProviderResponse,
    PublishedReport,
    ResponseKind,
)
from careinspect.inspections.services.evidence import name_warnings
from careinspect.registry.models import Intelligence, PastInspection, ProviderStaff
from careinspect.rules.kinds.sccif_full import LIFECYCLE
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.sccif_full import DemoInspections, load_demo_inspections

SCCIF_STATES = LIFECYCLE.states

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def load(today: date) -> DemoInspections:
    load_demo_agencies_and_sign_ins(today)
    return load_demo_inspections(today)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Inspection,
            InspectionEvent,
            PlanEntry,
            Case,
            Evidence,
            ProviderResponse,
            PublishedReport,
            PastInspection,
            Intelligence,
            ProviderStaff,
        )
    }


def test_loading_twice_gives_the_same_demo() -> None:
    today = timezone.localdate()
    load(today)
    first = counts()
    statuses = sorted(Inspection.objects.values_list("provider__urn", "status"))
    load(today)
    assert counts() == first
    assert sorted(Inspection.objects.values_list("provider__urn", "status")) == statuses
    assert not Inspection.objects.filter(is_demo=False).exists()


@pytest.mark.parametrize(
    "today",
    [
        None,  # the real today
        date(2026, 12, 26),  # a Saturday in the Christmas bank holidays
    ],
)
def test_every_state_has_a_demo_inspection_and_the_loader_is_fast(today: date | None) -> None:
    day = today or timezone.localdate()
    load_demo_agencies_and_sign_ins(day)
    started = time.process_time()  # CPU time: other work on a busy machine does not count
    summary = load_demo_inspections(day)
    assert time.process_time() - started < 5
    present = set(Inspection.objects.filter(is_demo=True).values_list("status", flat=True))
    assert present == {s.value for s in SCCIF_STATES}
    assert all(summary.by_status[s.value] >= 1 for s in SCCIF_STATES)


def test_one_demo_shows_each_rule() -> None:
    """One load (each takes seconds), then the checks below, each naming the rules it covers."""
    today = timezone.localdate()
    walkthrough = load(today).walkthrough
    check_the_walkthrough_is_notified_and_belongs_to_the_provider_sign_in(walkthrough, today)
    check_dates_fall_on_working_days_around_today_with_some_overdue(today)
    check_evd2_no_demo_evidence_names_anyone()
    check_the_published_demo_reports_are_frozen_and_the_complaint_answered_independently()
    check_demo_content_covers_the_rules_it_shows()


def check_the_walkthrough_is_notified_and_belongs_to_the_provider_sign_in(
    walkthrough: Inspection, today: date
) -> None:
    """RULES: NTC-1, DPR-3 — `provider` sees the walkthrough and its agency's history, `provider2` not."""
    provider = ProviderStaff.objects.get(user__username="provider").provider
    assert provider.urn == WALKTHROUGH_URN
    assert walkthrough.status == Status.NOTIFIED
    assert walkthrough.provider == provider
    assert walkthrough.notified_on is not None and walkthrough.notice_due is not None
    assert walkthrough.notified_on <= walkthrough.notice_due  # on time (NTC-1)
    assert walkthrough.notified_on <= today  # this morning, or the last working day before today
    assert walkthrough.notification_call_at is None  # the newcomer logs it (README, step 1)
    own = access.visible_inspections(ProviderStaff.objects.get(user__username="provider").user)
    assert set(own.values_list("status", flat=True)) == {Status.NOTIFIED, Status.PUBLISHED}
    other = ProviderStaff.objects.get(user__username="provider2")
    assert other.provider.urn == SECOND_PROVIDER_URN
    assert list(access.visible_inspections(other.user).values_list("status", flat=True)) == [
        Status.DRAFT_SENT
    ]


def check_dates_fall_on_working_days_around_today_with_some_overdue(today: date) -> None:
    """RULES: CAL-4, RPT-3 — on-site days are working days; the dashboard has items due soon and overdue."""
    cal = current_calendar()
    for inspection in Inspection.objects.filter(is_demo=True):
        assert cal.is_working_day(inspection.start_date) and cal.is_working_day(inspection.end_date)
    items = [i for ins in Inspection.objects.filter(is_demo=True) for i in dashboard.items_for(ins, today)]
    assert any(i.overdue for i in items)
    assert any(not i.overdue and (i.day - today).days <= 14 for i in items)
    assert any(i.label.startswith("Scan") and i.overdue for i in items)  # EVD-4


def check_evd2_no_demo_evidence_names_anyone() -> None:
    """RULES: EVD-2 — initials and case record IDs only, so the name check finds nothing."""
    evidence = Evidence.objects.filter(inspection__is_demo=True).select_related("inspection__provider")
    assert evidence.count() > 30
    assert len({e.source for e in evidence}) >= 5  # EVD-1
    for record in evidence:
        text = " ".join([record.text, record.quote, record.action_taken])
        assert name_warnings(record.inspection, text) == [], record.text
        assert record.naming_justification == ""


def check_the_published_demo_reports_are_frozen_and_the_complaint_answered_independently() -> None:
    """RULES: RPT-3, CMP-1 — the published reports exist; manager2 answered a final report's complaint."""
    published = PublishedReport.objects.filter(inspection__is_demo=True)
    assert published.count() == 2
    assert published.filter(urn=WALKTHROUGH_URN).exists()
    for report in published:
        assert report.inspection.status == Status.PUBLISHED
        assert report.content["sections"] and report.content["recommendations"]
    answered = ProviderResponse.objects.get(kind=ResponseKind.COMPLAINT, answered_by__username="manager2")
    assert answered.inspection.status == Status.FINAL_SENT
    open_complaint = ProviderResponse.objects.get(kind=ResponseKind.COMPLAINT, answered_by__isnull=True)
    assert open_complaint.inspection.status == Status.COMPLAINT
    # JDG-3: helped and protected inadequate, so overall inadequate; JDG-8: the manager was alerted on site.
    grades = dict(open_complaint.inspection.judgements.values_list("area", "grade"))
    assert grades["helped_protected"] == grades["overall_experiences_progress"] == "inadequate"
    assert open_complaint.inspection.sccif.inadequate_alert_on is not None


def check_demo_content_covers_the_rules_it_shows() -> None:
    """RULES: NOT-4, NOT-5, CAS-1, REQ-1, REQ-2, JDG-6."""
    demo = Inspection.objects.filter(is_demo=True)
    no_responses = [
        i for i in demo if not i.provider.intelligence.filter(kind="questionnaire", responses__gt=0).exists()
    ]
    assert len({i.provider_id for i in no_responses}) == 1
    for inspection in demo.exclude(status__in=[Status.SCHEDULED, Status.NOTIFIED, Status.DEFERRED]):
        assert inspection.plan_entries.filter(kind="line_of_enquiry").exists()
        assert inspection.cases.filter(selection="tracked").count() >= 2
        assert inspection.cases.filter(selection="sampled").exists()
    for requirement in [r for i in demo for r in i.requirements.all()]:
        assert len({e.source for e in requirement.evidence.all()}) >= 2
    assert {r.nms_standard for i in demo for r in i.recommendations.all()} == {"NMS 5.2"}
    justified = [j for i in demo for j in i.judgements.exclude(justification="")]
    assert justified and justified[0].area == "leaders_managers"
    assert justified[0].inspection.management_facts.unregistered_manager_weeks == 16
