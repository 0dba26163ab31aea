"""Two agencies whose inspections hold every kind of record a page or the API addresses by id.

Each agency has one inspection published (a refused deferral, the agency's uploads, its case list and
cases, evidence with handwritten notes scanned, judgements, a requirement and a recommendation, the report,
minor points on the draft and the published report) and one with a formal complaint open on its draft, all
made by the services through the scenario builder (`Walk`, on the demo's `SccifScenario`). The regulator's
people work on both; each agency has one member of staff. A draft and a final national plan place both.

The records of the apps that follow an inspection up (enforcement, notifications, assurance) and the
regulator's own (the outbox, a questionnaire import, a thematic programme) are laid out by hand, like the
plans: the walk needs one of every kind an address names, not their whole story. They hang on the
agencies' SCCIF inspections, so the pages of other kinds of visit (assurance, thematic fieldwork,
monitoring) are walked with inspections of another kind, which they refuse as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from careinspect.assurance.models import PostVisitSurvey
from careinspect.assurance.summary_models import AdaptationRequest, ChildFriendlySummary
from careinspect.enforcement.models import CaseReview, CaseReviewReason, DcsAlert, SafeguardingReferral
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import OutboxEmail
from careinspect.notifications.models import (
    Nms25Report,
    Notification,
    NotificationStatus,
    NotificationType,
    QuestionnaireImport,
)
from careinspect.planning.models import Placement, Plan, PlanStatus
from careinspect.portal import services
from careinspect.registry.models import LocalAuthority, Provider, Region
from careinspect.rules.lifecycle import Status
from careinspect.thematic.models import Programme, ProgrammeInspection
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk, case_list_csv, png

NOT_A_DATASET = b"nothing,the,form,asks,for\n1,2,3,4,5\n"


@dataclass(frozen=True)
class Agency:
    provider: Provider
    staff: User
    published: Inspection
    complaint: Inspection

    @property
    def inspections(self) -> list[Inspection]:
        return [self.published, self.complaint]


@dataclass(frozen=True)
class World:
    a: Agency
    b: Agency
    inspector: User
    manager: User
    qa: User
    plans: list[Plan]


def send_forms(inspection: Inspection, by: User) -> None:
    """The agency's two forms (INF-2): a valid case list, and a pre-inspection form with errors."""
    for request in inspection.information_requests.order_by("position"):
        valid = request.dataset_kind == "asa_case_list"
        data = case_list_csv(5) if valid else NOT_A_DATASET
        services.receive_upload(request, by=by, filename="form.csv", data=data, now=tick())


def published(walk: Walk) -> Inspection:
    """An inspection walked to publication with every record along the way."""
    walk.to(Status.NOTIFIED)
    deferral = walk.scenario.request_deferral("The registered manager is on leave", now=tick())
    walk.scenario.decide_deferral(deferral, grant=False, reason="Cover is in place", now=tick())
    send_forms(walk.current, walk.provider_user)
    walk.to(Status.PREPARING)
    walk.scenario.record_evidence(
        "notes", source="observation", text="Notes of the panel observed.", handwritten=True, now=tick()
    )
    walk.to(Status.ON_SITE)
    walk.scenario.add_requirement(
        regulation="Regulation 12",
        action="Review every support plan monthly",
        impact="Support may not meet needs",
        compliance_date=d("2026-03-31"),
        evidence_ids=[e.pk for e in walk.evidence],
    )
    walk.scenario.add_recommendation(nms_standard="NMS 5.2", text="Record the reasons for delays.")
    walk.to(Status.FEEDBACK_GIVEN)
    walk.scenario.attach_scan("notes", filename="notes.png", data=png(), now=at(d("2025-12-22")))
    return walk.to(Status.PUBLISHED)


def complaint_open(walk: Walk) -> Inspection:
    """An inspection whose draft the agency has complained about (CMP-1), the complaint unanswered."""
    walk.to(Status.NOTIFIED)
    send_forms(walk.current, walk.provider_user)
    walk.to(Status.DRAFT_SENT)
    walk.scenario.respond("complaint", "The grade is unfair.", by=walk.provider_user, now=at(d("2026-01-14")))
    return walk.current


def national_plans(manager: User, inspector: User, agencies: list[Provider]) -> list[Plan]:
    """A draft and a final national plan (issue 14), laid out by hand: each places every agency. The
    regulator's own records, which no agency's staff may read, their own agency's placement included."""
    plans = []
    for status in (PlanStatus.DRAFT, PlanStatus.FINAL):
        plan = Plan.objects.create(
            horizon_from=d("2026-04-01"),
            horizon_to=d("2027-03-31"),
            made_by=manager,
            made_at=at(d("2026-04-01")),
            time_limit=2,
            status=status,
            figures={"cp_sat": {"placed": len(agencies), "unplaced": 0}},
        )
        for week, provider in enumerate(agencies):
            start = d("2026-06-01") + timedelta(weeks=week)
            Placement.objects.create(
                plan=plan,
                provider=provider,
                inspector=inspector,
                start=start,
                end=start + timedelta(days=1),
                reason="Earliest week in its window",
                kind="ASA",
                window_start=d("2026-04-17"),
                window_end=d("2027-03-31"),
                days_on_site=2,
                priority=1,
            )
        plans.append(plan)
    return plans


def follow_ups(agency: Agency, inspector: User, manager: User) -> None:
    """The agency's records of the apps that follow an inspection up, laid out by hand (like the plans): a
    case review, a DCS alert and a safeguarding referral (enforcement), a notification waiting for more
    and an NMS 25 report (notifications), a child-friendly summary with a request to adapt it, and the
    post-visit survey (assurance)."""
    provider, inspection, now = agency.provider, agency.published, at(d("2026-02-02"))
    CaseReview.objects.create(
        provider=provider,
        inspection=inspection,
        reason=CaseReviewReason.values[0],
        opened_on=now.date(),
        opened_by=manager,
        due=d("2026-02-09"),
        owner=manager,
    )
    authority, _ = LocalAuthority.objects.get_or_create(
        code="202", defaults={"name": "Camden", "region": Region.values[0]}
    )
    DcsAlert.objects.create(
        provider=provider, inspection=inspection, local_authority=authority, rule="ENF-3", why="Inadequate"
    )
    SafeguardingReferral.objects.create(
        inspection=inspection,
        provider=provider,
        raised_at=now,
        raised_by=inspector,
        concern="A child said something worrying.",
        follow_up_owner=manager,
        follow_up_due=d("2026-02-09"),
    )
    kind, _ = NotificationType.objects.get_or_create(code="serious-incident", defaults={"name": "Incident"})
    Notification.objects.create(
        provider=provider,
        type=kind,
        submitted_by=agency.staff,
        submitted_at=now,
        review_due=d("2026-02-04"),
        status=NotificationStatus.MORE_ASKED,
    )
    Nms25Report.objects.create(
        provider=provider,
        year_ending=d("2025-12-31"),
        visit_date=d("2025-11-03"),
        original=ContentFile(b"%PDF-1.4 nms25", name="nms25.pdf"),
        original_name="nms25.pdf",
        sha256="0" * 64,
        submitted_by=agency.staff,
        submitted_at=now,
    )
    summary = ChildFriendlySummary.objects.create(inspection=inspection, written_by=inspector, written_at=now)
    AdaptationRequest.objects.create(summary=summary, sent_by=agency.staff, sent_at=now)
    PostVisitSurvey.objects.create(
        inspection=inspection, token=f"survey-{provider.urn}", sent_to="manager@example.org", sent_at=now
    )


def regulators_own(manager: User, agencies: list[Agency]) -> None:
    """The regulator's own records of the new apps, laid out by hand: an email the demo's outbox delivered
    to each agency (the tests' mail goes to Django's memory), a questionnaire import and a thematic
    programme visiting each agency."""
    now = at(d("2026-02-02"))
    for each in agencies:
        OutboxEmail.objects.create(
            to=[each.staff.email or "manager@example.org"],
            from_email="inspections@example.org",
            subject=f"Your inspection, {each.provider.name}",
            body="The inspection is arranged.",
        )
    QuestionnaireImport.objects.create(
        year=2025,
        original=ContentFile(b"urn,answer\n", name="questionnaire.csv"),
        original_name="questionnaire.csv",
        sha256="0" * 64,
        uploaded_by=manager,
        uploaded_at=now,
        valid=True,
    )
    programme = Programme.objects.create(
        name="Early permanence",
        direction="How agencies plan early permanence.",
        window_start=d("2026-04-01"),
        window_end=d("2026-07-31"),
        size=len(agencies),
        manager=manager,
        created_at=now,
    )
    for each in agencies:
        ProgrammeInspection.objects.create(programme=programme, inspection=each.complaint, team=1)


def agency(provider: Provider, staff: User, inspector: User, manager: User) -> Agency:
    # One after the other: the lead inspector is on site for one inspection at a time.
    walks = [Walk(inspector=inspector, manager=manager, provider_user=staff, provider=provider) for _ in "ab"]
    found = Agency(provider, staff, published(walks[0]), complaint_open(walks[1]))
    follow_ups(found, inspector, manager)
    return found


@pytest.fixture
def world(
    inspector: User,
    manager: User,
    qa_officer: User,
    provider_a: Provider,
    provider_user_a: User,
    provider_b: Provider,
    provider_user_b: User,
) -> World:
    a = agency(provider_a, provider_user_a, inspector, manager)
    b = agency(provider_b, provider_user_b, inspector, manager)
    regulators_own(manager, [a, b])
    return World(
        a=a,
        b=b,
        inspector=inspector,
        manager=manager,
        qa=qa_officer,
        plans=national_plans(manager, inspector, [provider_a, provider_b]),
    )
