"""Two agencies whose inspections hold every kind of record a page or the API addresses by id.

Each agency has one inspection published (a refused deferral, the agency's uploads, its case list and
cases, evidence with handwritten notes scanned, judgements, a requirement and a recommendation, the report,
minor points on the draft and the published report) and one with a formal complaint open on its draft, all
made by the services through the scenario builder (`Walk`, on the demo's `SccifScenario`). The regulator's
people work on both; each agency has one member of staff. A draft and a final national plan place both.

The records of the apps that follow an inspection up (enforcement, notifications, assurance) and the
regulator's own (the outbox, a questionnaire import, a thematic programme) are laid out by hand, like the
plans: the walk needs one of every kind an address names, not their whole story. They hang on the
agencies' SCCIF inspections.

The visits of the other kinds are walked as far as their own pages go, each for both agencies and made by
its scenario builder (the real services): an IFA assurance visit published with its child-friendly
summary (`AssuranceScenario`), an RAA's thematic inspection announced and through its fieldwork, a visit
of the programme (`RaaThematicScenario`, `FieldworkScenario`), and a monitoring visit under way at the
agency itself on a compliance notice (`MonitoringScenario`).
Each agency's IFA and RAA are its own: the walk counts their records as the agency's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from careinspect.assurance.models import PostVisitSurvey
from careinspect.assurance.summary_models import AdaptationRequest, ChildFriendlySummary
from careinspect.core.roles import PROVIDER_USER, ensure_roles
from careinspect.datasets.a1.generate import DEFAULT_MEMBERS
from careinspect.enforcement.models import CaseReview, CaseReviewReason, DcsAlert, SafeguardingReferral
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import OutboxEmail
from careinspect.notifications.models import (
    ManagerNotice,
    Nms25Report,
    Notification,
    NotificationStatus,
    NotificationType,
    QuestionnaireImport,
)
from careinspect.planning.models import Placement, Plan, PlanStatus
from careinspect.portal import services
from careinspect.registry.models import LocalAuthority, Provider, ProviderKind, Region
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.ifa_assurance import AssuranceScenario
from careinspect.scenarios.monitoring import MonitoringScenario
from careinspect.scenarios.raa_thematic import RaaThematicScenario
from careinspect.scenarios.thematic_fieldwork import FieldworkScenario
from careinspect.thematic.models import Programme, ProgrammeInspection
from tests.clock import at, tick
from tests.conftest import d
from tests.inspections.conftest import Walk, _provider_user, case_list_csv, png

NOT_A_DATASET = b"nothing,the,form,asks,for\n1,2,3,4,5\n"


@dataclass(frozen=True)
class Agency:
    provider: Provider
    staff: User
    published: Inspection
    complaint: Inspection
    others: OtherKinds

    @property
    def inspections(self) -> list[Inspection]:
        return [self.published, self.complaint, *self.others.visits]

    @property
    def providers(self) -> list[Provider]:
        """The agency with its IFA and RAA: the records of all three are the agency's in the walk."""
        return [self.provider, self.others.ifa, self.others.raa]


@dataclass(frozen=True)
class OtherKinds:
    """The visits of the other kinds, each by its scenario builder: the agency's IFA and RAA, and a
    monitoring visit to the agency itself."""

    ifa: Provider
    raa: Provider
    assurance: Inspection  # published, with its child-friendly summary (RPT-5) and survey (RPT-8)
    thematic: Inspection  # its fieldwork done, the verbal summary given (THM-6)
    monitoring: Inspection  # under way, the compliance notice found met (ENF-1, KND-4)

    @property
    def visits(self) -> list[Inspection]:
        return [self.assurance, self.thematic, self.monitoring]


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
    ManagerNotice.objects.create(
        provider=provider,
        kind="absence",
        starts_on=d("2026-03-02"),
        submitted_by=agency.staff,
        submitted_at=now,
        given_on=now.date(),
        due_by=d("2026-02-02"),
    )
    summary = ChildFriendlySummary.objects.create(inspection=inspection, written_by=inspector, written_at=now)
    AdaptationRequest.objects.create(summary=summary, sent_by=agency.staff, sent_at=now)
    PostVisitSurvey.objects.create(
        inspection=inspection, token=f"survey-{provider.urn}", sent_to="manager@example.org", sent_at=now
    )


def regulators_own(manager: User, agencies: list[Agency]) -> None:
    """The regulator's own records of the new apps, laid out by hand: an email the demo's outbox delivered
    to each agency (the tests' mail goes to Django's memory), a questionnaire import and a thematic
    programme whose visits are the agencies' RAAs' thematic inspections, in its window."""
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
        window_start=RAA_FIELDWORK[0][1],
        window_end=RAA_FIELDWORK[-1][2],
        size=len(agencies),
        manager=manager,
        created_at=now,
    )
    for each in agencies:
        ProgrammeInspection.objects.create(programme=programme, inspection=each.others.thematic, team=1)


# The other kinds' visits, agency A's then B's: the inspector leads them all, never two on the same days.
IFA_STARTS = (d("2026-03-10"), d("2026-03-17"))
# RULES: NTC-2 — each RAA announced 5 working days before its fieldwork (announced, start, end).
RAA_FIELDWORK = (
    (d("2023-10-23"), d("2023-10-30"), d("2023-11-02")),
    (d("2023-10-30"), d("2023-11-06"), d("2023-11-09")),
)
# RULES: SCH-8 — the visit within 5 working days after the notice's date.
NOTICE_ISSUED, NOTICE_DUE, MONITORING_DAYS = (
    d("2026-02-02"),
    d("2026-02-20"),
    (d("2026-02-24"), d("2026-02-25")),
)


def staffed(provider: Provider, username: str) -> Provider:
    user = _provider_user(username, provider, ensure_roles()[PROVIDER_USER])
    user.email = f"{username}@agency.example"
    user.save(update_fields=["email"])
    return provider


def assurance_visit(ifa: Provider, inspector: User, manager: User, start: date) -> Inspection:
    """RULES: KND-3 — an IFA's assurance visit, published (RPT-5: with its checked summary for children)."""
    people = {"inspector": inspector, "manager": manager, "provider": ifa.staff.get().user}
    return AssuranceScenario(ifa, people, start).walk_to(Status.PUBLISHED)


def thematic_inspection(raa: Provider, inspector: User, manager: User, side: int) -> Inspection:
    """RULES: THM-5, THM-6 — an RAA announced for its thematic inspection, then the whole fieldwork."""
    announced, start, end = RAA_FIELDWORK[side]
    scenario = RaaThematicScenario(inspector=inspector, manager=manager)
    inspection = scenario.announce(raa, start=start, end=end, now=at(announced, 9, 30))
    return FieldworkScenario(inspection, inspector=inspector, seed=side + 1).walk(announced)


def monitoring_visit(provider: Provider, inspector: User, manager: User, day: date) -> Inspection:
    """RULES: ENF-1, KND-4 — a compliance notice, its unannounced visit started and the notice found met."""
    scenario = MonitoringScenario(provider, {"inspector": inspector, "manager": manager}, day)
    scenario.issue_notice(due=NOTICE_DUE, now=at(NOTICE_ISSUED))
    return scenario.walk_to(Status.ON_SITE)


def other_kinds(provider: Provider, inspector: User, manager: User, side: int) -> OtherKinds:
    """The agency's IFA and RAA (each with a member of staff), their visits and the agency's monitoring
    visit."""
    n = side + 1
    ifa = staffed(
        Provider.objects.create(
            kind=ProviderKind.IFA,
            urn=f"SC10001{n}",
            name=f"Agency {'AB'[side]} Fostering",
            registration_date=d("2015-06-01"),
            registered_manager="Jordan Ellis",
        ),
        f"ifa_{'ab'[side]}",
    )
    raa = staffed(
        Provider.objects.create(
            kind=ProviderKind.RAA,
            urn=f"RA10002{n}",
            name=f"Adopt {'AB'[side]}",
            registration_date=d("2019-01-01"),
        ),
        f"raa_{'ab'[side]}",
    )
    for code in DEFAULT_MEMBERS:
        la, _ = LocalAuthority.objects.get_or_create(
            code=code, defaults={"name": f"Council {code}", "region": Region.values[0]}
        )
        raa.member_las.add(la)
    return OtherKinds(
        ifa,
        raa,
        assurance_visit(ifa, inspector, manager, IFA_STARTS[side]),
        thematic_inspection(raa, inspector, manager, side),
        monitoring_visit(provider, inspector, manager, MONITORING_DAYS[side]),
    )


def agency(provider: Provider, staff: User, inspector: User, manager: User, side: int) -> Agency:
    # One after the other: the lead inspector is on site for one inspection at a time.
    walks = [Walk(inspector=inspector, manager=manager, provider_user=staff, provider=provider) for _ in "ab"]
    done, complained = published(walks[0]), complaint_open(walks[1])
    found = Agency(provider, staff, done, complained, other_kinds(provider, inspector, manager, side))
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
    a = agency(provider_a, provider_user_a, inspector, manager, 0)
    b = agency(provider_b, provider_user_b, inspector, manager, 1)
    regulators_own(manager, [a, b])
    return World(
        a=a,
        b=b,
        inspector=inspector,
        manager=manager,
        qa=qa_officer,
        plans=national_plans(manager, inspector, [provider_a, provider_b]),
    )
