"""One SCCIF full inspection (KND-1), moved from state to state by the real services.

The caller says who leads the inspection and who manages it, what each step records and the moment it
happens: every step passes the services its `now`, so the events, deadlines and stamps read as they would
have, and nothing reads or moves the clock. The services check every rule as they do for the pages, so a
scenario can only reach states the rules allow.

`careinspect demo` tells its stories with it (`stories.py`: dates around today, the demo's own words) and
the tests build their inspections with it (`tests/inspections/conftest.py`'s `Walk`: fixed dates in
December 2025).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from careinspect.inspections.models import (
    Case,
    CaseList,
    CaseSelection,
    DeferralRequest,
    Evidence,
    Inspection,
    Judgement,
    ManagementFacts,
    ProviderResponse,
    PublishedReport,
    Recommendation,
    Report,
    Requirement,
)
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import judgements as judgement_services
from careinspect.inspections.services import lifecycle, reporting
from careinspect.registry.models import Provider


class SccifScenario:
    """The inspection being built, with what later steps cite: its cases (by case reference) and the
    evidence recorded under a key (`cited`)."""

    def __init__(self, *, inspector: Any, manager: Any) -> None:
        self.inspector = inspector  # the lead inspector: notice, preparation, the visit, the report
        self.manager = manager  # the inspection's manager: scheduling, deferrals, the check, publication
        self._inspection: Inspection | None = None
        self.cases: list[Case] = []
        self.evidence: dict[str, Evidence] = {}

    @classmethod
    def of(cls, inspection: Inspection) -> SccifScenario:
        """Take an inspection already under way (a demo story's, or one moved on by the pages) further,
        with its own lead inspector and manager."""
        scenario = cls(inspector=inspection.lead_inspector, manager=inspection.manager)
        scenario._inspection = inspection
        scenario._read_cases()
        return scenario

    @property
    def started(self) -> bool:
        """Whether the inspection has been scheduled yet."""
        return self._inspection is not None

    @property
    def inspection(self) -> Inspection:
        if self._inspection is None:
            raise LookupError("schedule the inspection first")
        return self._inspection

    def refresh(self) -> Inspection:
        """The inspection as saved now: a test (or a page) may have moved it since the last step."""
        self.inspection.refresh_from_db()
        return self.inspection

    def _moved(self, inspection: Inspection) -> Inspection:
        # The services return their own re-read copy: later steps start from it.
        self._inspection = inspection
        return inspection

    # Notice (NTC-1, NTC-5, INF-2) ----------------------------------------------------------------------

    def schedule(self, provider: Provider, *, start: date, end: date, now: datetime) -> Inspection:
        return self._moved(
            lifecycle.schedule_inspection(
                provider,
                lead_inspector=self.inspector,
                manager=self.manager,
                start=start,
                end=end,
                by=self.manager,
                now=now,
            )
        )

    def notify(self, *, now: datetime) -> Inspection:
        return self._moved(lifecycle.notify(self.inspection, by=self.inspector, now=now))

    def log_notification_call(self, note: str, *, at: datetime) -> Inspection:
        return self._moved(
            lifecycle.log_notification_call(self.inspection, by=self.inspector, at=at, note=note)
        )

    def agree_information_date(self, day: date, *, now: datetime) -> Inspection:
        return self._moved(
            lifecycle.agree_information_date(self.inspection, by=self.inspector, day=day, now=now)
        )

    def request_deferral(self, reason: str, *, now: datetime) -> DeferralRequest:
        return lifecycle.request_deferral(self.inspection, by=self.inspector, reason=reason, now=now)

    def decide_deferral(
        self, deferral: DeferralRequest, *, grant: bool, reason: str, now: datetime
    ) -> DeferralRequest:
        return lifecycle.decide_deferral(deferral, by=self.manager, grant=grant, reason=reason, now=now)

    # Preparation (NOT-5, INF-2, CAS-1, CAS-3) -------------------------------------------------------------

    def receive_case_list(self, data: bytes, *, by: Any, filename: str, now: datetime) -> CaseList:
        """`by`: the agency's staff (INF-2), or an inspector who uploads the list for them."""
        case_list = evidence_services.receive_case_list(
            self.inspection, by=by, filename=filename, data=data, now=now
        )
        self._read_cases()
        return case_list

    def add_plan_entries(self, entries: Iterable[tuple[str, str]]) -> None:
        """Each entry: its kind (`PlanEntryKind`) and its text."""
        for kind, text in entries:
            lifecycle.add_plan_entry(self.inspection, by=self.inspector, kind=kind, text=text)

    def start_preparation(self, *, now: datetime) -> Inspection:
        return self._moved(lifecycle.start_preparation(self.inspection, by=self.inspector, now=now))

    @property
    def tracked_needed(self) -> int:
        """RULES: CAS-1 — how many cases to track, once the case list has said how many service users."""
        return lifecycle.tracked_cases_needed(self.refresh()) or 0

    def choose_cases(
        self, *, tracked: Sequence[Case], sampled: Sequence[Case] = (), line_of_enquiry: str = ""
    ) -> None:
        """Track `tracked`, then sample `sampled` for the line of enquiry (CAS-3)."""
        for case in tracked:
            evidence_services.choose_case(case, by=self.inspector, selection=CaseSelection.TRACKED)
        for case in sampled:
            evidence_services.choose_case(
                case, by=self.inspector, selection=CaseSelection.SAMPLED, line_of_enquiry=line_of_enquiry
            )
        self._read_cases()

    def _read_cases(self) -> None:
        self.cases = list(Case.objects.filter(inspection=self.inspection).order_by("case_ref"))

    # The visit (EVD-1..6, JDG-1..8, RPT-7) ----------------------------------------------------------------

    def start_on_site(self, *, now: datetime) -> Inspection:
        return self._moved(lifecycle.start_on_site(self.inspection, by=self.inspector, now=now))

    def record_evidence(self, key: str = "", *, now: datetime, **fields: Any) -> Evidence:
        """The inspector records evidence (`fields` as `services.evidence.record_evidence` takes them);
        with a `key`, later steps can cite it."""
        evidence: Evidence = evidence_services.record_evidence(
            self.inspection, by=self.inspector, now=now, **fields
        )
        if key:
            self.evidence[key] = evidence
        return evidence

    def cited(self, *keys: str) -> list[int]:
        """The ids of the evidence recorded under `keys` (all of it when none are given), in that order."""
        return [self.evidence[k].pk for k in keys or self.evidence]

    def attach_scan(self, key: str, *, filename: str, data: bytes, now: datetime) -> Evidence:
        """RULES: EVD-4 — the scan of handwritten notes recorded under `key`."""
        scanned: Evidence = evidence_services.attach_scan(
            self.evidence[key], by=self.inspector, filename=filename, data=data, now=now
        )
        return scanned

    def record_management_facts(
        self,
        *,
        manager_vacancy_weeks: float | None = None,
        recruitment_evidence: str = "",
        unregistered_manager_weeks: float | None = None,
    ) -> ManagementFacts:
        """Rules: JDG-5, JDG-6 — what the judgements' checks need to know about the agency's manager."""
        return judgement_services.record_management_facts(
            self.inspection,
            by=self.inspector,
            manager_vacancy_weeks=manager_vacancy_weeks,
            recruitment_evidence=recruitment_evidence,
            unregistered_manager_weeks=unregistered_manager_weeks,
        )

    def judge(
        self,
        area: str,
        grade: str,
        *,
        rationale: str,
        evidence_ids: list[int],
        now: datetime,
        justification: str = "",
    ) -> Judgement:
        judgement, _ = judgement_services.record_judgement(
            self.inspection,
            by=self.inspector,
            area=area,
            grade=grade,
            rationale=rationale,
            evidence_ids=evidence_ids,
            justification=justification,
            now=now,
        )
        return judgement

    def give_feedback(self, summary: str, *, now: datetime) -> Inspection:
        return self._moved(
            lifecycle.give_feedback(self.inspection, by=self.inspector, now=now, summary=summary)
        )

    # The report (REQ-1, REQ-2, RPT-1..3, CMP-1) ------------------------------------------------------------

    def add_requirement(
        self, *, regulation: str, action: str, impact: str, compliance_date: date, evidence_ids: list[int]
    ) -> Requirement:
        return reporting.add_requirement(
            self.inspection,
            by=self.inspector,
            regulation=regulation,
            action=action,
            impact=impact,
            compliance_date=compliance_date,
            evidence_ids=evidence_ids,
        )

    def add_recommendation(
        self, *, nms_standard: str, text: str, evidence_ids: list[int] | None = None
    ) -> Recommendation:
        return reporting.add_recommendation(
            self.inspection,
            by=self.inspector,
            nms_standard=nms_standard,
            text=text,
            evidence_ids=evidence_ids,
        )

    @property
    def report(self) -> Report:
        """The report as written so far."""
        return reporting.report_for(self.inspection)

    def edit_report(self, sections: dict[str, str], *, now: datetime) -> Report:
        return reporting.edit_report(self.inspection, by=self.inspector, sections=sections, now=now)

    def check_report(self, note: str, *, now: datetime) -> Report:
        return reporting.check_report(self.inspection, by=self.manager, note=note, now=now)

    def send_draft(self, *, now: datetime) -> Inspection:
        return self._moved(reporting.send_draft(self.inspection, by=self.inspector, now=now))

    def respond(self, kind: str, text: str, *, by: Any, now: datetime) -> ProviderResponse:
        """The agency's minor points or formal complaint on the draft; `by`: one of its staff (DPR-3)."""
        response = reporting.respond_to_draft(self.inspection, by=by, kind=kind, text=text, now=now)
        self.refresh()  # the response moved the inspection: comments received, or complaint
        return response

    def answer_complaint(
        self, response: ProviderResponse, answer: str, *, by: Any, now: datetime
    ) -> ProviderResponse:
        """RULES: CMP-1 — `by`: a manager independent of the inspection."""
        return reporting.answer_complaint(response, by=by, answer=answer, now=now)

    def send_final(self, *, now: datetime) -> Inspection:
        return self._moved(reporting.send_final(self.inspection, by=self.inspector, now=now))

    def publish(self, *, now: datetime) -> PublishedReport:
        published = reporting.publish(self.inspection, by=self.manager, now=now)
        self.refresh()
        return published

    # Off the main path ------------------------------------------------------------------------------------

    def pause(self, reason: str, *, by: Any, now: datetime) -> Inspection:
        return self._moved(lifecycle.pause(self.inspection, by=by, reason=reason, now=now))

    def mark_incomplete(self, reason: str, *, by: Any, now: datetime) -> Inspection:
        return self._moved(lifecycle.mark_incomplete(self.inspection, by=by, reason=reason, now=now))
