"""Assurance visits to independent fostering agencies (issue 12, item 7): the scenario builder shared by the
demo and the tests, and the demo's own stories.

`AssuranceScenario` walks one visit through the same services the pages use (scheduling from the priority
list, the 9am call, the work on site, the concerns found, feedback, the narrative report, its check, the
draft, the agency's comments, the final report with its survey, publication), each step at the moment its
caller gives, so the demo builds its past states without moving the clock.

`load_demo_ifa_assurance(today)` makes the demo's IFAs with varied histories (so the priority list has
something to explain), then one visit at each stage, one with serious concerns and its deadlines, and one
published. It is idempotent: it deletes its own demo records and builds them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from careinspect.assurance import services
from careinspect.inspections.models import Inspection
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import lifecycle, reporting
from careinspect.portal import services as portal_services
from careinspect.registry.models import Intelligence, IntelligenceKind, PastInspection, Provider, ProviderKind
from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.carer_register import DEMO_SAMPLE, register_workbook
from careinspect.scenarios.stored_files import delete_kept_originals

LONDON = ZoneInfo("Europe/London")

# The narrative the demo's reports are written with: concise, under the three headings, naming nobody.
SECTIONS = {
    "children_well_cared_for": (
        "Children live with foster carers who know them well. Children said that they feel part of the "
        "family and that their carers help them to keep in touch with the people who matter to them.\n\n"
        "Plans for children are reviewed on time and children's views shape them."
    ),
    "children_safe": (
        "Carers and staff understand the risks to each child and act on them. Carers are trained to respond "
        "when a child goes missing, and the agency checks that they do."
    ),
    "strong_leadership": (
        "Leaders know the agency's strengths and weaknesses and use the findings of their own monitoring to "
        "improve children's experiences. The fostering panel is thorough and independent."
    ),
}
CONCERNED_SECTIONS = {
    "children_well_cared_for": (
        "Some children have moved home several times because carers were not matched to their needs."
    ),
    "children_safe": (
        "Risks to children are not always understood. Carers have not been trained to respond when a child "
        "goes missing, and the agency has not checked what happened after such episodes."
    ),
    "strong_leadership": "Leaders have not acted on complaints or on the findings of their own monitoring.",
}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@dataclass
class AssuranceScenario:
    """One assurance visit walked through the real services. `people` has `inspector`, `manager` and
    `provider` (a member of the agency's staff)."""

    provider: Provider
    people: dict[str, Any]
    start: date
    calendar: WorkingDayCalendar = field(default_factory=WorkingDayCalendar)
    inspection: Inspection | None = None

    @property
    def visit(self) -> Inspection:
        assert self.inspection is not None, "schedule the visit first"
        return self.inspection

    @property
    def second_day(self) -> date:
        return self.calendar.add_working_days(self.start, 1)

    def schedule(self, on: date) -> AssuranceScenario:
        self.inspection = services.schedule_visit(
            self.provider,
            lead_inspector=self.people["inspector"],
            start=self.start,
            by=self.people["manager"],
            now=at(on, 10),
        )
        return self

    def announce(self, *, on_site: bool = False) -> AssuranceScenario:
        self.inspection = services.announce_visit(
            self.visit,
            by=self.people["inspector"],
            now=at(self.start, 9, 5),
            spoke_to="the registered manager",
            on_site=on_site,
            reason_on_site="serious concerns about the immediate safety of children" if on_site else "",
        )
        return self

    def send_register(self) -> AssuranceScenario:
        """The agency sends its foster carer register by 12pm (INF-3); its children become the cases."""
        request = self.visit.information_requests.get(dataset_kind="ifa_carer_register")
        portal_services.receive_upload(
            request,
            by=self.people["provider"],
            filename="foster-carer-register.xlsx",
            data=register_workbook(self.start),
            now=at(self.start, 11, 20),
        )
        return self

    def sample(self) -> AssuranceScenario:
        """The inspector samples children from the register, each for a line of enquiry (CAS-3)."""
        for ref, line in DEMO_SAMPLE.items():
            evidence_services.choose_case(
                self.visit.cases.get(case_ref=ref),
                by=self.people["inspector"],
                selection="sampled",
                line_of_enquiry=line,
            )
        return self

    def work(self) -> AssuranceScenario:
        """Day 1: the register, the off-site reading of it, the children sampled, and the on-site evidence
        (EVD-1), the carer's interview citing the sampled child it is about."""
        self.send_register().sample()
        services.record_activity(
            self.visit,
            day=self.start,
            place="off_site",
            by=self.people["inspector"],
            now=at(self.start, 14),
            description="Read the foster carer register and the latest panel minutes; chose carers to visit.",
        )
        evidence_services.record_evidence(
            self.visit,
            by=self.people["inspector"],
            source="interview",
            now=at(self.start, 16),
            interview_at=at(self.start, 15),
            interviewee_role="foster carer",
            text="The carer described the training on children going missing and the support given.",
            case_ids=[self.visit.cases.get(case_ref=next(iter(DEMO_SAMPLE))).pk],
        )
        evidence_services.record_evidence(
            self.visit,
            by=self.people["inspector"],
            source="written_record",
            now=at(self.start, 17),
            text="Supervision records show monthly visits to carers, with actions followed up.",
        )
        return self

    def concerns(self, serious: bool) -> AssuranceScenario:
        day = self.second_day
        services.record_concerns(
            self.visit,
            serious=serious,
            inadequate_protection=serious,
            welfare_not_safeguarded=False,
            summary="Missing-from-care episodes not followed up; carers not trained." if serious else "",
            by=self.people["inspector"],
            now=at(day, 11),
        )
        return self

    def feedback(self) -> AssuranceScenario:
        day = self.second_day
        self.inspection = lifecycle.give_feedback(
            self.visit,
            by=self.people["inspector"],
            now=at(day, 15),
            summary="Strengths and weaknesses under each heading; likely requirements; the draft within 18 "
            "working days.",
        )
        return self

    def write_report(self, serious: bool = False) -> AssuranceScenario:
        day = self.calendar.add_working_days(self.second_day, 1)
        reporting.edit_report(
            self.visit,
            by=self.people["inspector"],
            sections=CONCERNED_SECTIONS if serious else SECTIONS,
            now=at(day, 10),
        )
        return self

    def check(self) -> AssuranceScenario:
        day = self.calendar.add_working_days(self.second_day, 2)
        reporting.check_report(
            self.visit, by=self.people["manager"], note="Clear and concise.", now=at(day, 10)
        )
        return self

    def send_draft(self) -> AssuranceScenario:
        day = self.calendar.add_working_days(self.second_day, 3)
        self.inspection = reporting.send_draft(self.visit, by=self.people["inspector"], now=at(day, 11))
        return self

    def comments(self) -> AssuranceScenario:
        day = self.calendar.add_working_days(self.second_day, 5)
        reporting.respond_to_draft(
            self.visit,
            by=self.people["provider"],
            kind="minor_points",
            now=at(day, 11),
            text="Two dates in the leadership section need correcting.",
        )
        self.visit.refresh_from_db()
        return self

    def send_final(self) -> AssuranceScenario:
        day = self.calendar.add_working_days(self.second_day, 7)
        reporting.check_report(
            self.visit, by=self.people["manager"], note="Comments considered.", now=at(day, 9)
        )
        self.inspection = reporting.send_final(self.visit, by=self.people["inspector"], now=at(day, 11))
        return self

    def publish(self, on: date | None = None) -> AssuranceScenario:
        day = on or self.visit.publication_due
        assert day is not None
        # RULES: RPT-5 — the report goes out with its checked child-friendly summary beside it.
        from careinspect.scenarios.child_friendly import write_and_check_summary

        write_and_check_summary(
            self.visit, inspector=self.people["inspector"], manager=self.people["manager"], now=at(day, 8)
        )
        reporting.publish(self.visit, by=self.people["manager"], now=at(day, 10))
        self.visit.refresh_from_db()
        return self

    def walk_to(
        self, status: Status, *, serious: bool = False, scheduled_on: date | None = None
    ) -> Inspection:
        """The visit taken to `status` along its main path (SCHEDULED, ON_SITE, FEEDBACK_GIVEN, DRAFT_SENT,
        COMMENTS_RECEIVED, FINAL_SENT, PUBLISHED)."""
        self.schedule(scheduled_on or self.calendar.subtract_working_days(self.start, 10))
        if status is Status.SCHEDULED:
            return self.visit
        self.announce().work()
        if status is Status.ON_SITE:
            return self.visit
        self.concerns(serious).feedback()
        if status is Status.FEEDBACK_GIVEN:
            return self.visit
        self.write_report(serious).check().send_draft()
        if status is Status.DRAFT_SENT:
            return self.visit
        self.comments()
        if status is Status.COMMENTS_RECEIVED:
            return self.visit
        self.send_final()
        if status is Status.FINAL_SENT:
            return self.visit
        return self.publish().visit


# ---------------------------------------------------------------------------------------------------------
# The demo

# (urn, name, registered years ago, last graded judgement (months ago, grade) or None, concerns,
# notifications)
DEMO_IFAS: tuple[tuple[str, str, int, tuple[int, str] | None, int, int], ...] = (
    ("SC800101", "Brightwater Fostering", 9, (30, "inadequate"), 3, 2),
    ("SC800102", "Kestrel Family Placements", 6, (40, "requires_improvement"), 1, 4),
    ("SC800103", "Oakfield Foster Care", 1, None, 0, 1),
    ("SC800104", "Harbourlight Fostering", 12, (20, "good"), 0, 0),
    ("SC800105", "Willowbank Fostering", 8, (14, "outstanding"), 0, 1),
    ("SC800106", "Meadowsweet Fostering", 7, (26, "good"), 2, 0),
    ("SC800107", "Riverside Foster Families", 10, (34, "requires_improvement"), 4, 3),
    ("SC800108", "Larkspur Fostering", 5, (22, "good"), 0, 2),
    ("SC800109", "Northgate Fostering", 11, (28, "good"), 1, 1),
)


def _months_ago(today: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return today - relativedelta(months=months)


# What the demo's visits leave behind in other apps, deleted first (in this order: protected rows first).
_RECORDS = (
    ("enforcement", "DcsAlert", "provider"),
    ("enforcement", "SafeguardingReferral", "provider"),
    ("enforcement", "SeriousConcernsFollowUp", "inspection"),
    ("enforcement", "InadequateFollowUp", "inspection"),
    ("enforcement", "Debrief", "inspection"),
    ("enforcement", "CaseReview", "provider"),
    ("assurance", "ChildFriendlySummary", "inspection"),
    ("messaging", "Message", "provider"),
    ("inspections", "PublishedReport", "inspection"),
)


def clear_demo_ifa_assurance() -> None:
    """Delete everything the demo recorded about its IFAs (the demo reruns); the agencies themselves stay,
    so that their staff's sign-ins stay linked."""
    from django.apps import apps

    providers = Provider.objects.filter(urn__in=[row[0] for row in DEMO_IFAS])
    inspections = Inspection.objects.filter(provider__in=providers)
    for label, name, by in _RECORDS:
        try:
            model = apps.get_model(label, name)
        except LookupError:
            continue
        model.objects.filter(**{f"{by}__in": providers if by == "provider" else inspections}).delete()
    delete_kept_originals(inspections)
    inspections.delete()
    PastInspection.objects.filter(provider__in=providers).delete()
    Intelligence.objects.filter(provider__in=providers).delete()


def load_demo_ifas(today: date) -> dict[str, Provider]:
    """RULES: SCH-7 — the demo's IFAs with varied histories, dated relative to today (idempotent; called
    before the demo's sign-ins, which link a member of staff to one of them)."""
    clear_demo_ifa_assurance()
    found = {}
    for urn, name, years, judged, concerns, notifications in DEMO_IFAS:
        provider, _ = Provider.objects.update_or_create(
            urn=urn,
            defaults={
                "kind": ProviderKind.IFA,
                "name": name,
                "registration_date": _months_ago(today, years * 12 + 3),
                "registered_manager": "",
                "responsible_individual": "",
                "is_demo": True,
            },
        )
        if judged is not None:
            months, grade = judged
            PastInspection.objects.create(
                provider=provider,
                end_date=_months_ago(today, months),
                kind="sccif-full",
                judgement=grade,
                is_demo=True,
            )
        for n in range(concerns):
            Intelligence.objects.create(
                provider=provider,
                kind=IntelligenceKind.CONCERN if n % 2 == 0 else IntelligenceKind.COMPLAINT,
                received_on=today - timedelta(days=40 + 50 * n),
                summary="A concern about the support of carers.",
                is_demo=True,
            )
        for n in range(notifications):
            Intelligence.objects.create(
                provider=provider,
                kind=IntelligenceKind.NOTIFICATION,
                received_on=today - timedelta(days=25 + 60 * n),
                summary="A child went missing and returned.",
                is_demo=True,
            )
        found[urn] = provider
    return found


def _staff(provider: Provider, username: str) -> Any:
    from django.contrib.auth import get_user_model

    from careinspect.core.roles import PROVIDER_USER, ensure_roles
    from careinspect.registry.models import ProviderStaff

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username, email=f"{username}@agency.example")
        user.set_unusable_password()
        user.save()
    user.groups.set([ensure_roles()[PROVIDER_USER]])
    ProviderStaff.objects.filter(user=user).delete()
    ProviderStaff.objects.create(user=user, provider=provider)
    return user


@transaction.atomic
def load_demo_ifa_assurance(today: date, *, inspector: Any = None, manager: Any = None) -> dict[str, Any]:
    """RULES: SCH-7 — the demo's IFAs on the priority list and a visit at each stage, one with serious
    concerns (and its ENF-4 deadlines), one published. Returns the visits by name for the walkthrough
    (and for the child-friendly summaries added on top)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    inspector = inspector or users.get(username="inspector")
    manager = manager or users.get(username="manager")
    cal = WorkingDayCalendar()
    ifas = load_demo_ifas(today)
    visits: dict[str, Inspection] = {}

    def people(urn: str) -> dict[str, Any]:
        return {
            "inspector": inspector,
            "manager": manager,
            "provider": _staff(ifas[urn], f"ifa-{urn.lower()}"),
        }

    def walk(urn: str, start: date, status: Status, *, serious: bool = False) -> Inspection:
        # The demo's inspector leads the SCCIF stories too: a visit whose days they are already on site
        # elsewhere moves a working day earlier (the service refuses a clash, as it should).
        for _ in range(15):
            if not lifecycle.lead_inspector_clashes(inspector, start, cal.add_working_days(start, 1)):
                break
            start = cal.subtract_working_days(start, 1)
        scenario = AssuranceScenario(ifas[urn], people(urn), start, cal)
        scheduled_on = cal.subtract_working_days(min(start, today), 10)
        return scenario.walk_to(status, serious=serious, scheduled_on=scheduled_on)

    # Starts chosen so each is in its state on `today`: past visits end well before it.
    next_week = cal.add_working_days(today, 5)
    visits["scheduled"] = walk("SC800106", next_week, Status.SCHEDULED)
    visits["published"] = walk("SC800104", cal.subtract_working_days(today, 60), Status.PUBLISHED)
    visits["final_sent"] = walk("SC800108", cal.subtract_working_days(today, 30), Status.FINAL_SENT)
    visits["draft_sent"] = walk("SC800109", cal.subtract_working_days(today, 12), Status.DRAFT_SENT)
    visits["serious_concerns"] = walk(
        "SC800107", cal.subtract_working_days(today, 4), Status.FEEDBACK_GIVEN, serious=True
    )
    for visit in Inspection.objects.filter(pk__in=[v.pk for v in visits.values()]):
        visit.is_demo = True
        visit.save(update_fields=["is_demo"])
    return {"providers": ifas, "visits": visits}
