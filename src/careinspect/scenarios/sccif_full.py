"""Demo inspections: at least one in every state of the lifecycle, made by the services themselves.

Each inspection is walked through the real service functions in order (schedule, notify, case list,
plan, preparation, visit, evidence, judgements, feedback, report, draft, comments or complaint, final,
publication), so the demo holds only what the rules allow. Dates are working days counted from the
`today` given: each inspection's current step falls around it (some due soon, two overdue). Every step
passes the services the moment it happened (`now`), so what they stamp (event times, report edits and
checks, JDG-8 alerts) reads as it would have; no clock is moved, and the demo needs no dev extras.

Idempotent: every demo inspection (`is_demo=True`), with the past inspection its publication added, is
deleted and rebuilt, so running it again leaves one copy, dated from the new `today`. Agencies and their
history come from `careinspect.registry.demo`; people are the demo sign-ins of
`careinspect.core.demo_users`, plus one staff sign-in without a password for each other agency that
answers a draft. Evidence names nobody (EVD-2): initials and the agencies' case record IDs only. The
regulations and standards cited in requirements and recommendations are illustrative.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from careinspect.core.demo_users import SECOND_PROVIDER_URN, WALKTHROUGH_URN
from careinspect.core.regime import current_calendar
from careinspect.core.roles import PROVIDER_USER
from careinspect.inspections.models import (
    Case,
    CaseList,
    CaseSelection,
    Evidence,
    EvidenceSource,
    Inspection,
    PlanEntryKind,
    PublishedReport,
    ResponseKind,
)
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import judgements as judgement_services
from careinspect.inspections.services import lifecycle, reporting
from careinspect.portal.models import Upload
from careinspect.registry.models import (
    InspectionKind,
    Intelligence,
    IntelligenceKind,
    LocalAuthority,
    PastInspection,
    Provider,
    ProviderStaff,
)
from careinspect.rules.grades import Grade
from careinspect.rules.lifecycle import Status

SEED = 20240405  # the ASA framework's date: any fixed number gives a repeatable demo
INSPECTOR, MANAGER, COMPLAINTS_MANAGER = "inspector", "manager", "manager2"
HELPED, LEADERS, OVERALL = "helped_protected", "leaders_managers", "overall_experiences_progress"
ALL_AREAS = [OVERALL, HELPED, LEADERS]
# A small but real PDF, standing in for a scanned page of handwritten notes (EVD-4).
SCAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# Which demo agency (by URN) holds each inspection. WALKTHROUGH_URN also holds an earlier published one.
AGENCY_FOR: dict[Status, str] = {
    Status.SCHEDULED: "SC700001",
    Status.NOTIFIED: WALKTHROUGH_URN,
    Status.DEFERRED: "SC700006",
    Status.PREPARING: "SC700009",
    Status.ON_SITE: "SC700011",
    Status.FEEDBACK_GIVEN: "SC700016",
    Status.DRAFT_SENT: SECOND_PROVIDER_URN,
    Status.COMMENTS_RECEIVED: "SC700018",
    Status.COMPLAINT: "SC700017",
    Status.FINAL_SENT: "SC700019",
    Status.PUBLISHED: "SC700020",
    Status.PAUSED: "SC700004",
    Status.INCOMPLETE: "SC700013",
}
OVERDUE_NOTICE_URN = "SC700002"  # a second scheduled inspection whose letter of notice is a day late
NO_QUESTIONNAIRES_URN = AGENCY_FOR[Status.PREPARING]  # RULES: NOT-4


@dataclass(frozen=True)
class DemoInspections:
    by_status: dict[str, int]
    walkthrough: Inspection
    published_reports: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def load_demo_inspections(today: date) -> DemoInspections:
    """Delete and rebuild the demo inspections around `today`. Needs the demo registry and sign-ins."""
    with transaction.atomic():
        clear_demo_inspections()
        demo = _Demo(today)
        walkthrough = demo.build()
    by_status = {s.value: 0 for s in Status}
    for status in Inspection.objects.filter(is_demo=True).values_list("status", flat=True):
        by_status[status] += 1
    published = PublishedReport.objects.filter(inspection__is_demo=True).count()
    return DemoInspections(by_status=by_status, walkthrough=walkthrough, published_reports=published)


def clear_demo_inspections() -> None:
    """Remove the demo inspections with all recorded in them, their files and what publication added."""
    demo = Inspection.objects.filter(is_demo=True)
    for published in PublishedReport.objects.filter(inspection__in=demo).select_related("inspection"):
        inspection = published.inspection
        PastInspection.objects.filter(
            provider_id=inspection.provider_id,
            end_date=inspection.end_date,
            kind=InspectionKind.SCCIF_FULL,
            is_demo=True,
        ).delete()
        published.delete()
    files = [e.scan for e in Evidence.objects.filter(inspection__in=demo).exclude(scan="")]
    files += [c.original for c in CaseList.objects.filter(inspection__in=demo)]
    # Originals sent through the portal are protected from deletion with their request: remove them first.
    uploads = Upload.objects.filter(request__inspection__in=demo)
    files += [u.original for u in uploads]
    uploads.delete()
    Intelligence.objects.filter(is_demo=True, provider__urn__in=_demo_urns()).delete()
    demo.delete()
    # The stored files go only once the rows are gone for good: a failed rebuild rolls back and keeps both.
    names = [(f.storage, f.name) for f in files if f.name]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _demo_urns() -> list[str]:
    return [*AGENCY_FOR.values(), OVERDUE_NOTICE_URN]


@dataclass
class _Visit:
    """One inspection being built, with what later steps cite."""

    inspection: Inspection
    cases: list[Case] = field(default_factory=list)
    evidence: dict[str, Evidence] = field(default_factory=dict)

    def ids(self, *keys: str) -> list[int]:
        return [self.evidence[k].pk for k in keys]

    def cite(self, *keys: str) -> str:
        return ", ".join(f"E{self.evidence[k].pk}" for k in keys)

    def refresh(self) -> None:
        self.inspection.refresh_from_db()


class _Demo:
    def __init__(self, today: date) -> None:
        self.cal = current_calendar()
        # The anchor is the last working day on or before today: every step happens on a working day.
        self.anchor = today if self.cal.is_working_day(today) else self.cal.subtract_working_days(today, 1)
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.real_now = timezone.now()
        self.rng = random.Random(SEED)
        User = get_user_model()
        users = {
            u.username: u for u in User.objects.filter(username__in=[INSPECTOR, MANAGER, COMPLAINTS_MANAGER])
        }
        missing = {INSPECTOR, MANAGER, COMPLAINTS_MANAGER} - set(users)
        if missing:
            raise LookupError(
                f"demo sign-ins missing ({', '.join(sorted(missing))}): run ensure_demo_users first"
            )
        self.inspector, self.manager, self.manager2 = (
            users[INSPECTOR],
            users[MANAGER],
            users[COMPLAINTS_MANAGER],
        )
        self.providers = {p.urn: p for p in Provider.objects.filter(urn__in=_demo_urns(), is_demo=True)}
        absent = set(_demo_urns()) - set(self.providers)
        if absent:
            raise LookupError(
                f"demo agencies missing ({', '.join(sorted(absent))}): run load_demo_registry first"
            )
        self.la_codes = list(LocalAuthority.objects.order_by("code").values_list("code", flat=True))

    # Dates and the clock -------------------------------------------------------------------------------

    def wd(self, offset: int) -> date:
        """The working day `offset` working days from the anchor (negative: before it)."""
        return self.cal.add_working_days(self.anchor, offset)

    def at(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        """The moment a step is taken: `day` at that hour, but never later than now on the real today.
        The services take it as their `now`, so the story reads as it would have (no clock is moved)."""
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.zone)
        if day == timezone.localtime(self.real_now).date() and moment > self.real_now:
            moment = self.real_now
        return moment

    # The stories ---------------------------------------------------------------------------------------

    def build(self) -> Inspection:
        self._intelligence()
        self._scheduled()
        self._scheduled_notice_overdue()
        self._earlier_published()
        walkthrough = self._walkthrough()
        self._deferred()
        self._preparing()
        self._on_site()
        self._feedback_given()
        self._draft_sent()
        self._comments_received()
        self._complaint()
        self._final_sent()
        self._published()
        self._paused()
        self._incomplete()
        return walkthrough

    def _scheduled(self) -> None:
        """Scheduled 2 WD ago; the letter of notice is due in 3 WD (NTC-1)."""
        self.schedule(AGENCY_FOR[Status.SCHEDULED], start=13, on=-2)

    def _scheduled_notice_overdue(self) -> None:
        """Scheduled a week ago; the notice day was yesterday and no letter went: shown overdue."""
        self.schedule(OVERDUE_NOTICE_URN, start=9, on=-6)

    def _walkthrough(self) -> Inspection:
        """RULES: NTC-1 — the letter went 10 WD before the visit, which starts today: a newcomer can take it
        from here through the case list, plan, visit, feedback and report by hand."""
        visit = self.schedule(WALKTHROUGH_URN, start=0, on=-14)
        self.notify(visit, on=-10)
        moment = self.at(self.wd(-6), 11)
        lifecycle.agree_information_date(visit.inspection, by=self.inspector, day=self.wd(-1), now=moment)
        visit.refresh()
        return visit.inspection

    def _earlier_published(self) -> None:
        """The walkthrough agency's previous inspection, about 13 months ago, judged requires improvement: the
        reason it is being inspected again now (SCH-3)."""
        start = -281
        visit = self.to_feedback(
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
        self.requirement_and_recommendation(visit, on=end + 2)
        self.write_report(visit, on=end + 8)
        self.check(visit, on=end + 12)
        self.send_draft(visit, on=end + 14)
        # No comments came: the final report waits for the 5 WD window to close (CMP-1 (4)).
        self.send_final(visit, on=end + 22)
        self.publish(visit, on=end + 27)

    def _deferred(self) -> None:
        """RULES: NTC-5 — asked for in the notification call, granted by the manager the next day."""
        visit = self.schedule(AGENCY_FOR[Status.DEFERRED], start=4, on=-8)
        self.notify(visit, on=-6)
        moment = self.at(self.wd(-6), 14, 20)
        deferral = lifecycle.request_deferral(
            visit.inspection,
            by=self.inspector,
            now=moment,
            reason="The registered manager is in hospital for planned surgery during the visit and the "
            "deputy left last month; nobody else can give access to the records.",
        )
        moment = self.at(self.wd(-5), 9, 30)
        lifecycle.decide_deferral(
            deferral,
            by=self.manager,
            grant=True,
            now=moment,
            reason="Exceptional: no one could hold the records or speak for the agency. New dates "
            "within the cycle to be set once the manager's return date is known.",
        )

    def _preparing(self) -> None:
        """Visit in 2 WD; the case list is in, the plan written and the tracked cases chosen."""
        visit = self.schedule(AGENCY_FOR[Status.PREPARING], start=2, on=-12)
        self.notify(visit, on=-8)
        self.case_list(visit, on=-3, rows=9)
        self.plan(visit, no_questionnaires=True)
        moment = self.at(self.wd(-1), 9)
        lifecycle.start_preparation(visit.inspection, by=self.inspector, now=moment)
        self.choose_cases(visit, on=-1)

    def _on_site(self) -> None:
        """Second on-site day today: evidence recorded, two of three judgements made."""
        visit = self.prepare(AGENCY_FOR[Status.ON_SITE], start=-1, rows=52)
        self.record_evidence(visit, day1=-1, day2=0, quality="good", handwritten=False)
        self.judge(visit, on=0, grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD})

    def _feedback_given(self) -> None:
        """Feedback 14 WD ago: the draft is due in 4 WD, the handwritten notes' scan is overdue (EVD-4)."""
        visit = self.to_feedback(
            AGENCY_FOR[Status.FEEDBACK_GIVEN],
            start=-15,
            rows=23,
            quality="good",
            grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD, OVERALL: Grade.GOOD},
            scan=False,
        )
        self.requirement_and_recommendation(visit, on=-13, requirement=False)
        self.write_report(visit, on=-1)

    def _draft_sent(self) -> None:
        """`provider2`'s agency: the draft went 2 WD ago; comments or a complaint are due in 3 WD (CMP-1)."""
        visit = self.to_feedback(
            SECOND_PROVIDER_URN,
            start=-20,
            rows=18,
            quality="good",
            grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD, OVERALL: Grade.OUTSTANDING},
        )
        self.requirement_and_recommendation(visit, on=-17, requirement=False)
        self.write_report(visit, on=-6)
        self.check(visit, on=-4)
        self.send_draft(visit, on=-2)

    def _comments_received(self) -> None:
        """RULES: JDG-6 — the manager has been in post 16 weeks without applying to register; leaders and
        managers judged requires improvement with the justification the warning asks for."""
        visit = self.to_feedback(
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
        self.requirement_and_recommendation(visit, on=-18)
        self.write_report(visit, on=-8)
        self.check(visit, on=-6)
        self.send_draft(visit, on=-4)
        self.respond(
            visit,
            on=-2,
            kind=ResponseKind.MINOR_POINTS,
            text="Paragraph 3 gives the therapy waiting time as 12 weeks; our records show 9 weeks from "
            "referral to first session. The service opened its second office in 2021, not 2022.",
        )

    def _complaint(self) -> None:
        """Rules: JDG-3, JDG-8 — helped and protected inadequate, so the overall judgement is inadequate too;
        the manager was alerted on site. The agency complained formally; manager2 has yet to answer."""
        visit = self.to_feedback(
            AGENCY_FOR[Status.COMPLAINT],
            start=-23,
            rows=27,
            quality="inadequate",
            grades={HELPED: Grade.INADEQUATE, LEADERS: Grade.REQUIRES_IMPROVEMENT, OVERALL: Grade.INADEQUATE},
        )
        self.requirement_and_recommendation(visit, on=-21, compliance_in=20)
        self.write_report(visit, on=-8)
        self.check(visit, on=-6)
        self.send_draft(visit, on=-4)
        self.respond(
            visit,
            on=-1,
            kind=ResponseKind.COMPLAINT,
            text="We complain formally about the helped and protected judgement. The delayed referral was "
            "one case, already reviewed by our safeguarding lead, and the inspector did not look at the "
            "action plan we gave on the second day.",
        )

    def _final_sent(self) -> None:
        """A formal complaint answered by manager2 (CMP-1 (5b)); the final report went 3 WD ago and is
        published in 2 WD (RPT-3)."""
        visit = self.to_feedback(
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
        self.requirement_and_recommendation(visit, on=-31)
        self.write_report(visit, on=-21)
        self.check(visit, on=-19)
        self.send_draft(visit, on=-17)
        response = self.respond(
            visit,
            on=-14,
            kind=ResponseKind.COMPLAINT,
            text="We dispute the requirement on staff files: both missing references were received before "
            "the staff members started work and are held by our HR provider.",
        )
        moment = self.at(self.wd(-11), 15)
        reporting.answer_complaint(
            response,
            by=self.manager2,
            answer="I reviewed the evidence and spoke to the lead inspector. The references were not on "
            "file on the days of the visit and no other record showed them; the requirement stands. The "
            "report now says the agency has since obtained them.",
            now=moment,
        )
        self.write_report(visit, on=-6, note="The agency has since obtained the two missing references.")
        self.check(visit, on=-5)
        self.send_final(visit, on=-3)

    def _published(self) -> None:
        """Published 12 WD ago after the agency's minor points; its report is on the public reports page."""
        visit = self.to_feedback(
            AGENCY_FOR[Status.PUBLISHED],
            start=-46,
            rows=14,
            quality="good",
            grades={HELPED: Grade.GOOD, LEADERS: Grade.GOOD, OVERALL: Grade.GOOD},
        )
        self.requirement_and_recommendation(visit, on=-44)
        self.write_report(visit, on=-33)
        self.check(visit, on=-31)
        self.send_draft(visit, on=-28)
        self.respond(
            visit,
            on=-26,
            kind=ResponseKind.MINOR_POINTS,
            text="The agency has 14 staff, not 13, since the peer support coordinator started in the spring.",
        )
        self.write_report(visit, on=-20, note="The agency employs 14 staff.")
        self.check(visit, on=-19)
        self.send_final(visit, on=-17)
        self.publish(visit, on=-12)

    def _paused(self) -> None:
        """Paused by the manager during preparation while a safeguarding referral is dealt with."""
        visit = self.schedule(AGENCY_FOR[Status.PAUSED], start=1, on=-14)
        self.notify(visit, on=-9)
        self.case_list(visit, on=-4, rows=12)
        self.plan(visit)
        moment = self.at(self.wd(-2), 9)
        lifecycle.start_preparation(visit.inspection, by=self.inspector, now=moment)
        self.choose_cases(visit, on=-2)
        moment = self.at(self.wd(-1), 16)
        lifecycle.pause(
            visit.inspection,
            by=self.manager,
            reason="A serious safeguarding allegation against a staff member went to the LA designated "
            "officer yesterday; paused until the strategy meeting has decided what happens next.",
            now=moment,
        )

    def _incomplete(self) -> None:
        """Marked incomplete on the first on-site day: the records could not be reached."""
        visit = self.prepare(AGENCY_FOR[Status.INCOMPLETE], start=-6, rows=11)
        moment = self.at(self.wd(-6), 15)
        lifecycle.mark_incomplete(
            visit.inspection,
            by=self.manager,
            reason="The agency's case recording system was down for both planned days after a cyber "
            "attack; no case could be tracked. New dates to be set once access is restored.",
            now=moment,
        )

    # Steps ---------------------------------------------------------------------------------------------

    def schedule(self, urn: str, *, start: int, on: int) -> _Visit:
        first = self.wd(start)
        moment = self.at(self.wd(on), 9)
        inspection = lifecycle.schedule_inspection(
            self.providers[urn],
            lead_inspector=self.inspector,
            manager=self.manager,
            start=first,
            end=self.cal.add_working_days(first, 1),
            by=self.manager,
            now=moment,
        )
        Inspection.objects.filter(pk=inspection.pk).update(is_demo=True)
        inspection.is_demo = True
        return _Visit(inspection)

    def notify(self, visit: _Visit, *, on: int) -> None:
        day = self.wd(on)
        moment = self.at(day, 9, 30)
        visit.inspection = lifecycle.notify(visit.inspection, by=self.inspector, now=moment)
        moment = self.at(day, 11)
        visit.inspection = lifecycle.log_notification_call(
            visit.inspection,
            by=self.inspector,
            at=moment,
            note="Spoke to the registered manager: letter received, staff letter to go to every member "
            "of staff today, forms and case list agreed for the date proposed.",
        )

    def case_list(self, visit: _Visit, *, on: int, rows: int) -> None:
        """Rules: INF-2, CAS-1 — the agency's staff send the case list; it sets how many cases to track."""
        day = self.wd(on)
        data = self._case_list_csv(visit.inspection.provider, day, rows)
        staff = self.staff_of(visit.inspection.provider)
        moment = self.at(day, 16)
        evidence_services.receive_case_list(
            visit.inspection, by=staff, filename=f"case-list-{day:%Y-%m-%d}.csv", data=data, now=moment
        )
        visit.refresh()
        visit.cases = list(visit.inspection.cases.order_by("case_ref"))

    def plan(self, visit: _Visit, *, no_questionnaires: bool = False) -> None:
        """RULES: NOT-5 — lines of enquiry, apparent weaknesses and strengths, areas needing more evidence."""
        entries = [
            (
                PlanEntryKind.LINE_OF_ENQUIRY,
                "How quickly do referrals for therapeutic support become a first session, and what do "
                "families get while they wait?",
            ),
            (
                PlanEntryKind.LINE_OF_ENQUIRY,
                "Are safeguarding concerns raised in sessions referred to the commissioning LA the same day?",
            ),
            (
                PlanEntryKind.WEAKNESS,
                "Two notifications this year about late referrals: check the safeguarding log against case "
                "records.",
            ),
            (
                PlanEntryKind.STRENGTH,
                "Positive questionnaire responses from adopters about the therapists' skill and "
                "availability.",
            ),
            (
                PlanEntryKind.MORE_EVIDENCE,
                "Supervision of sessional therapists: frequency and quality not shown in the pre-inspection "
                "form.",
            ),
        ]
        if no_questionnaires:
            # RULES: NOT-4 — no questionnaire responses for a provider is itself a line of enquiry.
            entries[3] = (
                PlanEntryKind.LINE_OF_ENQUIRY,
                "No questionnaire responses came back this year: ask how the agency gathers and acts on the "
                "views of children, adopters and staff.",
            )
        for kind, text in entries:
            lifecycle.add_plan_entry(visit.inspection, by=self.inspector, kind=kind, text=text)

    def choose_cases(self, visit: _Visit, *, on: int) -> None:
        """Rules: CAS-1, CAS-3 — the minimum number of tracked cases, and two sampled for lines of enquiry."""
        visit.refresh()
        visit.cases = list(Case.objects.filter(inspection=visit.inspection).order_by("case_ref"))
        needed = lifecycle.tracked_cases_needed(visit.inspection) or 0
        step = max(1, len(visit.cases) // max(1, needed + 2))
        picks = visit.cases[::step]
        for case in picks[:needed]:
            evidence_services.choose_case(case, by=self.inspector, selection=CaseSelection.TRACKED)
        for case in picks[needed : needed + 2]:
            evidence_services.choose_case(
                case,
                by=self.inspector,
                selection=CaseSelection.SAMPLED,
                line_of_enquiry="Time from referral to first session",
            )
        visit.cases = list(Case.objects.filter(inspection=visit.inspection).order_by("case_ref"))

    def prepare(self, urn: str, *, start: int, rows: int) -> _Visit:
        """From scheduling to the first on-site day: notice, case list, plan, preparation, cases chosen."""
        visit = self.schedule(urn, start=start, on=start - 14)
        self.notify(visit, on=start - 10)
        self.case_list(visit, on=start - 5, rows=rows)
        self.plan(visit)
        moment = self.at(self.wd(start - 1), 9)
        visit.inspection = lifecycle.start_preparation(visit.inspection, by=self.inspector, now=moment)
        self.choose_cases(visit, on=start - 1)
        moment = self.at(self.wd(start), 9)
        visit.inspection = lifecycle.start_on_site(visit.inspection, by=self.inspector, now=moment)
        return visit

    def to_feedback(
        self,
        urn: str,
        *,
        start: int,
        rows: int,
        quality: str,
        grades: dict[str, Grade],
        facts: dict[str, float] | None = None,
        justification: dict[str, str] | None = None,
        scan: bool = True,
    ) -> _Visit:
        """A two-day visit from `start`, ending with feedback on the second day (RPT-7, CAL-2)."""
        visit = self.prepare(urn, start=start, rows=rows)
        self.record_evidence(visit, day1=start, day2=start + 1, quality=quality, scan=scan)
        if facts:
            judgement_services.record_management_facts(
                visit.inspection,
                by=self.inspector,
                manager_vacancy_weeks=None,
                recruitment_evidence="",
                unregistered_manager_weeks=facts.get("unregistered_manager_weeks"),
            )
        self.judge(visit, on=start + 1, grades=grades, justification=justification or {})
        end = self.wd(start + 1)
        moment = self.at(end, 16)
        visit.inspection = lifecycle.give_feedback(
            visit.inspection, by=self.inspector, now=moment, summary=self._feedback_summary(grades)
        )
        return visit

    def record_evidence(
        self,
        visit: _Visit,
        *,
        day1: int,
        day2: int,
        quality: str,
        handwritten: bool = True,
        scan: bool = False,
    ) -> None:
        """Rules: EVD-1, EVD-2, EVD-3, EVD-5 — several sources, initials and case record IDs only."""
        tracked = [c for c in visit.cases if c.selection == CaseSelection.TRACKED]
        first, second = tracked[0], tracked[-1]
        texts = EVIDENCE[quality]
        moment = self.at(self.wd(day1), 10)
        visit.evidence["file"] = evidence_services.record_evidence(
            visit.inspection,
            by=self.inspector,
            source=EvidenceSource.WRITTEN_RECORD,
            text=texts["file"].format(case=first.case_ref),
            judgement_areas=[OVERALL, HELPED],
            case_ids=[first.pk],
            now=moment,
        )
        visit.evidence["adopter"] = evidence_services.record_evidence(
            visit.inspection,
            by=self.inspector,
            source=EvidenceSource.INTERVIEW,
            interview_at=moment,
            interviewee_role="adoptive parent",
            text=texts["adopter"].format(case=first.case_ref),
            quote=texts["adopter_quote"],
            judgement_areas=[OVERALL],
            case_ids=[first.pk],
            now=moment,
        )
        visit.evidence["social_worker"] = evidence_services.record_evidence(
            visit.inspection,
            by=self.inspector,
            source=EvidenceSource.CALL,
            interview_at=moment.replace(hour=14),
            interviewee_role="child's social worker, commissioning local authority",
            text=texts["social_worker"].format(case=second.case_ref),
            judgement_areas=[HELPED],
            case_ids=[second.pk],
            now=moment,
        )
        moment = self.at(self.wd(day2), 10)
        visit.evidence["staff_files"] = evidence_services.record_evidence(
            visit.inspection,
            by=self.inspector,
            source=EvidenceSource.WRITTEN_RECORD,
            text=texts["staff_files"],
            judgement_areas=[LEADERS, HELPED],
            now=moment,
        )
        visit.evidence["manager_email"] = evidence_services.record_evidence(
            visit.inspection,
            by=self.inspector,
            source=EvidenceSource.EMAIL,
            text=texts["manager_email"],
            judgement_areas=[LEADERS],
            now=moment,
        )
        visit.evidence["questionnaires"] = evidence_services.record_evidence(
            visit.inspection,
            by=self.inspector,
            source=EvidenceSource.QUESTIONNAIRE,
            text=texts["questionnaires"],
            judgement_areas=[OVERALL],
            now=moment,
        )
        visit.evidence["supervision"] = evidence_services.record_evidence(
            visit.inspection,
            by=self.inspector,
            source=EvidenceSource.OBSERVATION,
            text=texts["supervision"],
            judgement_areas=[LEADERS],
            handwritten=handwritten,
            provider_concern=True,
            action_taken="Discussed with the manager before leaving; the concern and the answer are in "
            "the feedback summary (EVD-5).",
            now=moment,
        )
        if scan:
            scanned_on = self.wd(day2 + 2)
            moment = self.at(scanned_on, 12)
            evidence_services.attach_scan(
                visit.evidence["supervision"],
                by=self.inspector,
                filename="supervision-notes.pdf",
                data=SCAN_PDF,
                now=moment,
            )

    def judge(
        self,
        visit: _Visit,
        *,
        on: int,
        grades: dict[str, Grade],
        justification: dict[str, str] | None = None,
    ) -> None:
        """Rules: JDG-2, JDG-7 — limiting and graded judgements first, each citing its evidence."""
        cites = {
            HELPED: ("file", "social_worker", "staff_files"),
            LEADERS: ("staff_files", "manager_email", "supervision"),
            OVERALL: ("file", "adopter", "questionnaires"),
        }
        for area in (HELPED, LEADERS, OVERALL):
            if area not in grades:
                continue
            grade = grades[area]
            keys = cites[area]
            rationale = f"{RATIONALES[area][grade]} (evidence {visit.cite(*keys)})"
            if area == OVERALL and grades.get(HELPED) is Grade.INADEQUATE:
                rationale += " Helped and protected is inadequate, which limits this judgement (JDG-3)."
            moment = self.at(self.wd(on), 12)
            judgement_services.record_judgement(
                visit.inspection,
                by=self.inspector,
                area=area,
                grade=grade.value,
                rationale=rationale,
                evidence_ids=visit.ids(*keys),
                justification=(justification or {}).get(area, ""),
                now=moment,
            )
        visit.refresh()

    def requirement_and_recommendation(
        self, visit: _Visit, *, on: int, requirement: bool = True, compliance_in: int = 40
    ) -> None:
        """Rules: REQ-1 (evidence from two sources), REQ-2 (the standard by number)."""
        day = self.wd(on)
        if requirement:
            reporting.add_requirement(
                visit.inspection,
                by=self.inspector,
                regulation="Regulation 12 (fitness of workers), Adoption Support Agencies (England) "
                "Regulations 2005",
                action="Obtain two written references, one from the most recent employer, and explore "
                "any gap in employment history before anyone starts work with children or adults.",
                impact="Without full checks the agency cannot show that staff are suitable to work with "
                "children and vulnerable adults.",
                compliance_date=self.cal.add_working_days(day, compliance_in),
                evidence_ids=visit.ids("staff_files", "manager_email"),
            )
        reporting.add_recommendation(
            visit.inspection,
            by=self.inspector,
            nms_standard="NMS 5.2",
            text="Tell families how long they are likely to wait for therapy and what help they can get "
            "in the meantime.",
            evidence_ids=visit.ids("adopter", "questionnaires"),
        )

    def write_report(self, visit: _Visit, *, on: int, note: str = "") -> None:
        """Rules: RPT-1, RPT-2 — every section, short paragraphs; `note`: an edit after the agency replied."""
        visit.refresh()
        judgements = {j.area: j for j in visit.inspection.judgements.all()}
        sections = {
            f"judgement:{area}": REPORT_PARAGRAPHS[area][Grade(judgements[area].grade)] for area in ALL_AREAS
        }
        improvements = [f"{r.regulation}: {r.action}" for r in visit.inspection.requirements.all()]
        improvements += [f"{r.nms_standard}: {r.text}" for r in visit.inspection.recommendations.all()]
        sections["areas_for_improvement"] = "\n\n".join(improvements) or "No requirements or recommendations."
        if note:
            sections["information_about_service"] = (
                reporting.report_for(visit.inspection).sections.get("information_about_service", "")
                + " "
                + note
            )
        moment = self.at(self.wd(on), 15)
        reporting.edit_report(visit.inspection, by=self.inspector, sections=sections, now=moment)

    def check(self, visit: _Visit, *, on: int) -> None:
        moment = self.at(self.wd(on), 16)
        reporting.check_report(
            visit.inspection,
            by=self.manager,
            note="Judgements follow from the evidence cited; paragraphs tightened in two places.",
            now=moment,
        )

    def send_draft(self, visit: _Visit, *, on: int) -> None:
        moment = self.at(self.wd(on), 10)
        visit.inspection = reporting.send_draft(visit.inspection, by=self.inspector, now=moment)

    def respond(self, visit: _Visit, *, on: int, kind: str, text: str) -> Any:
        staff = self.staff_of(visit.inspection.provider)
        moment = self.at(self.wd(on), 13)
        response = reporting.respond_to_draft(visit.inspection, by=staff, kind=kind, text=text, now=moment)
        visit.refresh()
        return response

    def send_final(self, visit: _Visit, *, on: int) -> None:
        moment = self.at(self.wd(on), 10)
        visit.inspection = reporting.send_final(visit.inspection, by=self.inspector, now=moment)

    def publish(self, visit: _Visit, *, on: int) -> None:
        day = self.wd(on)
        provider = visit.inspection.provider
        end = visit.inspection.end_date
        if PastInspection.objects.filter(
            provider=provider, end_date=end, kind=InspectionKind.SCCIF_FULL
        ).exists():
            # The registry's synthetic history happens to hold a full inspection ending that day: publishing
            # would record a second (one a day is the rule), so this demo report stays final.
            return
        moment = self.at(day, 9)
        reporting.publish(visit.inspection, by=self.manager, now=moment)
        visit.refresh()

    # People, intelligence and case lists ---------------------------------------------------------------

    def staff_of(self, provider: Provider) -> Any:
        """A sign-in of the agency's own staff (DPR-3): the demo provider user, or one without a password."""
        link = (
            ProviderStaff.objects.filter(provider=provider).select_related("user").order_by("user__username")
        )
        if link.exists():
            return link[0].user
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=f"staff-{provider.urn.lower()}", defaults={"first_name": "Registered manager"}
        )
        if created:
            user.set_unusable_password()  # acts in the demo's history only; nobody signs in as it
            user.save()
            user.groups.set([Group.objects.get_or_create(name=PROVIDER_USER)[0]])
        ProviderStaff.objects.update_or_create(
            user=user, defaults={"provider": provider, "job_title": "Registered manager"}
        )
        return user

    def _intelligence(self) -> None:
        """Rules: SCH-5, NOT-1, NOT-2, NOT-4 — what the regulator holds on each agency before its visit."""
        for urn in _demo_urns():
            provider = self.providers[urn]
            base = self.rng.randint(90, 250)
            items = [
                (
                    IntelligenceKind.NOTIFICATION,
                    base,
                    "Schedule 4 notification: a child (initials RT) disclosed harm in a therapy session; "
                    "referred to the LA the same day.",
                    None,
                ),
                (
                    IntelligenceKind.COMPLAINT,
                    base - 40,
                    "An adopter complained about a 4-month wait for therapy; the agency's response offered "
                    "an interim parenting group.",
                    None,
                ),
                (
                    IntelligenceKind.QUESTIONNAIRE,
                    base + 60,
                    "Annual questionnaires to children, adopters, other service users and staff.",
                    0 if urn == NO_QUESTIONNAIRES_URN else self.rng.randint(6, 30),
                ),
            ]
            if urn in (AGENCY_FOR[Status.PAUSED], AGENCY_FOR[Status.INCOMPLETE]):
                items.append(
                    (
                        IntelligenceKind.CONCERN,
                        base - 80,
                        "Whistle-blowing: a former therapist says sessions went ahead without current DBS "
                        "checks. Brought the inspection forward (SCH-5).",
                        None,
                    )
                )
            for kind, days_ago, summary, responses in items:
                Intelligence.objects.create(
                    provider=provider,
                    kind=kind,
                    received_on=self.cal.next_working_day(self.anchor - _days(days_ago)),
                    summary=summary,
                    responses=responses,
                    is_demo=True,
                )

    def _case_list_csv(self, provider: Provider, as_at: date, rows: int) -> bytes:
        """An ASA case list form as the agency would send it: case record IDs, never names (EVD-2)."""
        rng = random.Random(f"{SEED}-{provider.urn}-{as_at.year}")
        home = provider.local_authority.code if provider.local_authority else self.la_codes[0]
        codes = [home, *rng.sample(self.la_codes, 3)]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["case_ref", "service_user_type", "la_code", "service_type", "start_date", "end_date", "open"]
        )
        for n in range(1, rows + 1):
            started = as_at - _days(rng.randint(20, 340))
            closed = n % 3 == 0
            ended = min(as_at, started + _days(rng.randint(10, 200))) if closed else None
            writer.writerow(
                [
                    f"ASA-{as_at.year}-{n * 7 % 1000:03d}",
                    rng.choice(SERVICE_USER_TYPES),
                    rng.choice(codes),
                    rng.choice(SERVICE_TYPES),
                    started.isoformat(),
                    ended.isoformat() if ended else "",
                    "N" if closed else "Y",
                ]
            )
        return out.getvalue().encode("utf-8")

    @staticmethod
    def _feedback_summary(grades: dict[str, Grade]) -> str:
        said = "; ".join(
            f"{AREA_NAMES[a]}: likely {grades[a].label.lower()}" for a in ALL_AREAS if a in grades
        )
        return (
            "Strengths: trusted relationships and skilled therapists. Weaknesses: gaps in staff files "
            f"and long waits for therapy. Likely judgements ({said}), provisional until the final report. "
            "Requirements and recommendations explained. The draft report will come within 18 working days."
        )


def _days(n: int) -> timedelta:
    return timedelta(days=n)


SERVICE_USER_TYPES = ("child", "child", "adopter", "adopter", "adopted_adult", "birth_relative")
SERVICE_TYPES = (
    "therapy",
    "parenting",
    "assessment",
    "peer_support",
    "birth_records_counselling",
    "intermediary",
)
AREA_NAMES = {
    OVERALL: "overall experiences and progress",
    HELPED: "helped and protected",
    LEADERS: "leaders and managers",
}

# Evidence texts by the quality of what was found. Initials and case record IDs only (EVD-2): the full-name
# check in `services.evidence.name_warnings` flags two capitalised words in a row, so none are used.
_COMMON = {
    "adopter_quote": "They never made us feel we had failed; they helped us understand him.",
    "questionnaires": "Of the questionnaires returned this year, most adopters said staff listened and the "
    "help made a difference; three said the wait for therapy was too long.",
    "manager_email": "The manager's email after day one attached the safer recruitment audit: it lists 9 "
    "staff and shows the dates of each DBS check and reference.",
}
EVIDENCE: dict[str, dict[str, str]] = {
    "good": {
        **_COMMON,
        "file": "Case file {case}: the assessment of need was done within 6 weeks and the therapy plan was "
        "agreed with the adopters (AB and CD). Reviews every 3 months record the child's progress at home "
        "and school.",
        "adopter": "The adoptive mother (EF) of the child in case {case} described weekly therapeutic "
        "parenting sessions that changed how the family handles his anger. Calls are returned the same day.",
        "social_worker": "The social worker (GH) for case {case} said the agency shares a progress report "
        "before every review and raised a concern about contact with birth family promptly and clearly.",
        "staff_files": "Staff files: all 9 files hold two references and a current DBS check; gaps in "
        "employment history are explored and recorded.",
        "supervision": "Observed a supervision session: the practice supervisor reviewed two open cases, "
        "challenged drift in one and set actions with dates. The manager raised a concern about the length "
        "of the visit.",
    },
    "requires_improvement": {
        **_COMMON,
        "file": "Case file {case}: the assessment took 14 weeks and the plan's objectives are vague. The "
        "family (initials JK) waited 4 months for a first session with little contact in between.",
        "adopter": "The adoptive father (LM) in case {case} said the therapy helped once it started but "
        "nobody explained the wait or offered anything in the meantime.",
        "social_worker": "The social worker (NP) for case {case} said reports arrive late for reviews, "
        "although safeguarding concerns are shared on the day.",
        "staff_files": "Staff files: 2 of 9 files lack a second reference and one gap in employment "
        "history was not explored. All DBS checks are current.",
        "supervision": "Observed a supervision session: supportive, but no actions or dates were set and "
        "drift in one case was not picked up. The manager raised a concern about being asked for files at "
        "short notice.",
    },
    "inadequate": {
        **_COMMON,
        "file": "Case file {case}: a child (initials KL) disclosed harm in a session; the referral to the "
        "LA was made 11 days later and there is no record of a strategy discussion or of the outcome.",
        "adopter": "The adoptive mother (QR) in case {case} said she reported bruising to the therapist "
        "and heard nothing for two weeks. She did not know how to complain.",
        "social_worker": "The social worker (ST) for case {case} said the agency never told her about the "
        "disclosure; she learned of it from the school.",
        "staff_files": "Staff files: 3 of 9 files have no DBS check on file and 4 lack references. The "
        "safeguarding lead has had no training since 2019.",
        "supervision": "Observed a team meeting: safeguarding was not on the agenda and open concerns were "
        "not reviewed. The manager raised a concern that the inspector was looking at old cases.",
    },
}
RATIONALES: dict[str, dict[Grade, str]] = {
    HELPED: {
        Grade.GOOD: "Risks are understood and shared with the commissioning LA promptly; staff are safely "
        "recruited.",
        Grade.REQUIRES_IMPROVEMENT: "Concerns are shared on the day, but recruitment checks have gaps and "
        "plans do not set out how risks are managed.",
        Grade.INADEQUATE: "A disclosure of harm waited 11 days for referral, the outcome was never followed "
        "up and recruitment checks are missing: children are not protected.",
    },
    LEADERS: {
        Grade.GOOD: "Leaders know the agency's strengths and weaknesses; supervision is regular and sets "
        "actions.",
        Grade.REQUIRES_IMPROVEMENT: "Leaders know where practice falls short but their plans have not yet "
        "closed the gaps in staff files or supervision.",
        Grade.INADEQUATE: "Leaders do not know the weaknesses found and have not acted on them.",
    },
    OVERALL: {
        Grade.OUTSTANDING: "Families describe help that changed their lives, evidenced in reviews and "
        "returns.",
        Grade.GOOD: "Children and adopters build trusted relationships with staff and the help makes a "
        "difference.",
        Grade.REQUIRES_IMPROVEMENT: "The help is valued once it starts, but long waits with nothing in "
        "between hold back families' progress.",
        Grade.INADEQUATE: "Children's welfare is not safeguarded, so their experiences and progress are "
        "inadequate.",
    },
}
REPORT_PARAGRAPHS: dict[str, dict[Grade, str]] = {
    OVERALL: {
        Grade.OUTSTANDING: "Families say the help they get changes their lives. Reviews show lasting "
        "progress for children with complex needs.\n\nTherapists are skilled and use research well. Their "
        "practice is worth sharing with other agencies.",
        Grade.GOOD: "Children and adopters build trusted relationships with staff. Families say the help "
        "makes a real difference at home and at school.\n\nAssessments are timely and plans are reviewed "
        "often. Some families wait too long for therapy to start.",
        Grade.REQUIRES_IMPROVEMENT: "Families value the help once it starts. Too many wait months with "
        "little contact in between.\n\nPlans do not always say what the work should achieve. Reviews are "
        "not always on time.",
        Grade.INADEQUATE: "Children's welfare is not safeguarded, so their experiences and progress are "
        "inadequate.\n\nSome families do not know how to raise a concern or complain.",
    },
    HELPED: {
        Grade.GOOD: "Staff understand the risks children face and act on concerns on the day. They work "
        "closely with the commissioning local authorities.\n\nRecruitment is safe and well recorded.",
        Grade.REQUIRES_IMPROVEMENT: "Concerns are shared with local authorities on the day. Recruitment "
        "checks have gaps that leaders have not closed.",
        Grade.INADEQUATE: "A child's disclosure of harm was not referred for 11 days. Nobody followed up "
        "the outcome.\n\nSeveral staff files have no vetting checks. The safeguarding lead's training is "
        "out of date.",
    },
    LEADERS: {
        Grade.GOOD: "Leaders know the agency well and act on what they learn. Supervision is regular and "
        "sets clear actions.",
        Grade.REQUIRES_IMPROVEMENT: "Leaders know where practice falls short. Their plans have not yet "
        "closed the gaps in staff files and supervision.",
        Grade.INADEQUATE: "Leaders did not know about the weaknesses found. They have not acted on earlier "
        "concerns.",
    },
}
