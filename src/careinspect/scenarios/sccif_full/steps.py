"""How the demo takes each step of a SCCIF full inspection, on the builder (`SccifScenario`): on a working
day counted from today, at the hour it would be taken, by the demo's people and in the demo's words.

Dates are working days from the anchor, the last working day on or before the `today` given, so every
step happens on a working day. Each step passes the services the moment it happened (`now`), never later
than the real now: the stamps read as they would have and no clock is moved.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from careinspect.core.regime import current_calendar
from careinspect.inspections.models import CaseSelection, EvidenceSource, Inspection, ProviderResponse
from careinspect.registry.models import InspectionKind, LocalAuthority, PastInspection, Provider
from careinspect.rules.grades import Grade
from careinspect.scenarios.sccif_full import texts
from careinspect.scenarios.sccif_full.agencies import case_list_csv, demo_urns, staff_of
from careinspect.scenarios.sccif_full.builder import SccifScenario
from careinspect.scenarios.sccif_full.texts import ALL_AREAS, HELPED, LEADERS, OVERALL

INSPECTOR, MANAGER, COMPLAINTS_MANAGER = "inspector", "manager", "manager2"


class DemoSteps:
    """The demo's clock (`wd`, `at`), its people and agencies, and each step a story takes, on the
    `SccifScenario` the story is building."""

    def __init__(self, today: date) -> None:
        self.cal = current_calendar()
        # The anchor is the last working day on or before today: every step happens on a working day.
        self.anchor = today if self.cal.is_working_day(today) else self.cal.subtract_working_days(today, 1)
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.real_now = timezone.now()
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
        self.providers = {p.urn: p for p in Provider.objects.filter(urn__in=demo_urns(), is_demo=True)}
        absent = set(demo_urns()) - set(self.providers)
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

    # Notice and preparation ------------------------------------------------------------------------------

    def schedule(self, urn: str, *, start: int, on: int) -> SccifScenario:
        """A two-day visit from working day `start`, scheduled by the manager on working day `on`."""
        scenario = SccifScenario(inspector=self.inspector, manager=self.manager)
        first = self.wd(start)
        inspection = scenario.schedule(
            self.providers[urn],
            start=first,
            end=self.cal.add_working_days(first, 1),
            now=self.at(self.wd(on), 9),
        )
        Inspection.objects.filter(pk=inspection.pk).update(is_demo=True)
        inspection.is_demo = True
        return scenario

    def notify(self, scenario: SccifScenario, *, on: int, call: bool = True) -> None:
        """RULES: NTC-1 — the letter of notice in the morning and, unless `call` is False (the walkthrough
        leaves it to the newcomer), the phone call that follows it, logged."""
        day = self.wd(on)
        scenario.notify(now=self.at(day, 9, 30))
        if call:
            scenario.log_notification_call(texts.NOTIFICATION_CALL, at=self.at(day, 11))

    def case_list(self, scenario: SccifScenario, *, on: int, rows: int) -> None:
        """Rules: INF-2, CAS-1 — the agency's staff send the case list; it sets how many cases to track."""
        day = self.wd(on)
        provider = scenario.inspection.provider
        data = case_list_csv(provider, day, rows, self.la_codes)
        scenario.receive_case_list(
            data, by=staff_of(provider), filename=f"case-list-{day:%Y-%m-%d}.csv", now=self.at(day, 16)
        )

    def plan(self, scenario: SccifScenario, *, no_questionnaires: bool = False) -> None:
        """RULES: NOT-5 — lines of enquiry, apparent weaknesses and strengths, areas needing more evidence."""
        entries = list(texts.PLAN)
        if no_questionnaires:
            entries[3] = texts.NO_QUESTIONNAIRES  # RULES: NOT-4
        scenario.add_plan_entries(entries)

    def choose_cases(self, scenario: SccifScenario) -> None:
        """Rules: CAS-1, CAS-3 — the minimum number of tracked cases, and two sampled for lines of enquiry,
        spread along the case list."""
        needed = scenario.tracked_needed
        step = max(1, len(scenario.cases) // max(1, needed + 2))
        picks = scenario.cases[::step]
        scenario.choose_cases(
            tracked=picks[:needed], sampled=picks[needed : needed + 2], line_of_enquiry=texts.SAMPLED_FOR
        )

    def prepare(self, urn: str, *, start: int, rows: int) -> SccifScenario:
        """From scheduling to the first on-site day: notice, case list, plan, preparation, cases chosen."""
        scenario = self.schedule(urn, start=start, on=start - 14)
        self.notify(scenario, on=start - 10)
        self.case_list(scenario, on=start - 5, rows=rows)
        self.plan(scenario)
        scenario.start_preparation(now=self.at(self.wd(start - 1), 9))
        self.choose_cases(scenario)
        scenario.start_on_site(now=self.at(self.wd(start), 9))
        return scenario

    # The visit ---------------------------------------------------------------------------------------------

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
    ) -> SccifScenario:
        """A two-day visit from `start`, ending with feedback on the second day (RPT-7, CAL-2)."""
        scenario = self.prepare(urn, start=start, rows=rows)
        self.record_evidence(scenario, day1=start, day2=start + 1, quality=quality, scan=scan)
        if facts:
            scenario.record_management_facts(
                unregistered_manager_weeks=facts.get("unregistered_manager_weeks")
            )
        self.judge(scenario, on=start + 1, grades=grades, justification=justification or {})
        scenario.give_feedback(texts.feedback_summary(grades), now=self.at(self.wd(start + 1), 16))
        return scenario

    def record_evidence(
        self,
        scenario: SccifScenario,
        *,
        day1: int,
        day2: int,
        quality: str,
        handwritten: bool = True,
        scan: bool = False,
    ) -> None:
        """Rules: EVD-1, EVD-2, EVD-3, EVD-5 — several sources, initials and case record IDs only."""
        tracked = [c for c in scenario.cases if c.selection == CaseSelection.TRACKED]
        first, second = tracked[0], tracked[-1]
        words = texts.EVIDENCE[quality]
        moment = self.at(self.wd(day1), 10)
        scenario.record_evidence(
            "file",
            source=EvidenceSource.WRITTEN_RECORD,
            text=words["file"].format(case=first.case_ref),
            judgement_areas=[OVERALL, HELPED],
            case_ids=[first.pk],
            now=moment,
        )
        scenario.record_evidence(
            "adopter",
            source=EvidenceSource.INTERVIEW,
            interview_at=moment,
            interviewee_role="adoptive parent",
            text=words["adopter"].format(case=first.case_ref),
            quote=words["adopter_quote"],
            judgement_areas=[OVERALL],
            case_ids=[first.pk],
            now=moment,
        )
        scenario.record_evidence(
            "social_worker",
            source=EvidenceSource.CALL,
            interview_at=moment.replace(hour=14),
            interviewee_role="child's social worker, commissioning local authority",
            text=words["social_worker"].format(case=second.case_ref),
            judgement_areas=[HELPED],
            case_ids=[second.pk],
            now=moment,
        )
        moment = self.at(self.wd(day2), 10)
        scenario.record_evidence(
            "staff_files",
            source=EvidenceSource.WRITTEN_RECORD,
            text=words["staff_files"],
            judgement_areas=[LEADERS, HELPED],
            now=moment,
        )
        scenario.record_evidence(
            "manager_email",
            source=EvidenceSource.EMAIL,
            text=words["manager_email"],
            judgement_areas=[LEADERS],
            now=moment,
        )
        scenario.record_evidence(
            "questionnaires",
            source=EvidenceSource.QUESTIONNAIRE,
            text=words["questionnaires"],
            judgement_areas=[OVERALL],
            now=moment,
        )
        scenario.record_evidence(
            "supervision",
            source=EvidenceSource.OBSERVATION,
            text=words["supervision"],
            judgement_areas=[LEADERS],
            handwritten=handwritten,
            provider_concern=True,
            action_taken=texts.CONCERN_ACTION,
            now=moment,
        )
        if scan:
            scenario.attach_scan(
                "supervision",
                filename="supervision-notes.pdf",
                data=texts.SCAN_PDF,
                now=self.at(self.wd(day2 + 2), 12),
            )

    def judge(
        self,
        scenario: SccifScenario,
        *,
        on: int,
        grades: dict[str, Grade],
        justification: dict[str, str] | None = None,
    ) -> None:
        """Rules: JDG-2, JDG-7 — limiting and graded judgements first, each citing its evidence."""
        for area in (HELPED, LEADERS, OVERALL):
            if area not in grades:
                continue
            grade = grades[area]
            keys = texts.CITES[area]
            cited = ", ".join(f"E{pk}" for pk in scenario.cited(*keys))
            rationale = f"{texts.RATIONALES[area][grade]} (evidence {cited})"
            if area == OVERALL and grades.get(HELPED) is Grade.INADEQUATE:
                rationale += " Helped and protected is inadequate, which limits this judgement (JDG-3)."
            scenario.judge(
                area,
                grade.value,
                rationale=rationale,
                evidence_ids=scenario.cited(*keys),
                justification=(justification or {}).get(area, ""),
                now=self.at(self.wd(on), 12),
            )
        scenario.refresh()

    # The report ------------------------------------------------------------------------------------------

    def requirement_and_recommendation(
        self, scenario: SccifScenario, *, on: int, requirement: bool = True, compliance_in: int = 40
    ) -> None:
        """Rules: REQ-1 (evidence from two sources), REQ-2 (the standard by number)."""
        day = self.wd(on)
        if requirement:
            scenario.add_requirement(
                **texts.REQUIREMENT,
                compliance_date=self.cal.add_working_days(day, compliance_in),
                evidence_ids=scenario.cited("staff_files", "manager_email"),
            )
        scenario.add_recommendation(
            **texts.RECOMMENDATION, evidence_ids=scenario.cited("adopter", "questionnaires")
        )

    def write_report(self, scenario: SccifScenario, *, on: int, note: str = "") -> None:
        """Rules: RPT-1, RPT-2 — every section, short paragraphs; `note`: an edit after the agency replied."""
        inspection = scenario.refresh()
        judgements = {j.area: j for j in inspection.judgements.all()}
        sections = {
            f"judgement:{area}": texts.REPORT_PARAGRAPHS[area][Grade(judgements[area].grade)]
            for area in ALL_AREAS
        }
        improvements = [f"{r.regulation}: {r.action}" for r in inspection.requirements.all()]
        improvements += [f"{r.nms_standard}: {r.text}" for r in inspection.recommendations.all()]
        sections["areas_for_improvement"] = "\n\n".join(improvements) or "No requirements or recommendations."
        if note:
            sections["information_about_service"] = (
                scenario.report.sections.get("information_about_service", "") + " " + note
            )
        scenario.edit_report(sections, now=self.at(self.wd(on), 15))

    def check(self, scenario: SccifScenario, *, on: int) -> None:
        scenario.check_report(texts.MANAGER_CHECK, now=self.at(self.wd(on), 16))

    def send_draft(self, scenario: SccifScenario, *, on: int) -> None:
        scenario.send_draft(now=self.at(self.wd(on), 10))

    def respond(self, scenario: SccifScenario, *, on: int, kind: str, text: str) -> ProviderResponse:
        staff = staff_of(scenario.inspection.provider)
        return scenario.respond(kind, text, by=staff, now=self.at(self.wd(on), 13))

    def send_final(self, scenario: SccifScenario, *, on: int) -> None:
        scenario.send_final(now=self.at(self.wd(on), 10))

    def publish(self, scenario: SccifScenario, *, on: int) -> None:
        inspection = scenario.inspection
        if PastInspection.objects.filter(
            provider=inspection.provider, end_date=inspection.end_date, kind=InspectionKind.SCCIF_FULL
        ).exists():
            # The registry's synthetic history happens to hold a full inspection ending that day: publishing
            # would record a second (one a day is the rule), so this demo report stays final.
            return
        scenario.publish(now=self.at(self.wd(on), 9))
