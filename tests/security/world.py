"""Two agencies whose inspections hold every kind of record a page or the API addresses by id.

Each agency has one inspection published (a refused deferral, the agency's uploads, its case list and
cases, evidence with handwritten notes scanned, judgements, a requirement and a recommendation, the report,
minor points on the draft and the published report) and one with a formal complaint open on its draft, all
made by the services through the scenario builder (`Walk`, on the demo's `SccifScenario`). The regulator's
people work on both; each agency has one member of staff. A draft and a final national plan place both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from careinspect.inspections.models import Inspection
from careinspect.planning.models import Placement, Plan, PlanStatus
from careinspect.portal import services
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
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


def agency(provider: Provider, staff: User, inspector: User, manager: User) -> Agency:
    # One after the other: the lead inspector is on site for one inspection at a time.
    walks = [Walk(inspector=inspector, manager=manager, provider_user=staff, provider=provider) for _ in "ab"]
    return Agency(provider, staff, published(walks[0]), complaint_open(walks[1]))


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
    return World(
        a=agency(provider_a, provider_user_a, inspector, manager),
        b=agency(provider_b, provider_user_b, inspector, manager),
        inspector=inspector,
        manager=manager,
        qa=qa_officer,
        plans=national_plans(manager, inspector, [provider_a, provider_b]),
    )
