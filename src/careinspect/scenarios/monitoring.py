"""Monitoring visits on compliance notices (KND-4, ENF-1, RPT-6): the scenario builder shared by the demo and
the tests.

`MonitoringScenario` walks one visit through the same services the pages use: a compliance notice issued
(and emailed to the agency, its texts passing the identifying-text check, DPR-2), the unannounced visit
scheduled within 5 working days after the notice's date (SCH-8), started on its day (the agency learns of
it on arrival), the notice recorded met or not (ENF-1), feedback, the RPT-6 report written, checked, sent
as a draft and as the final report, and published on the standard timeline. Each step is taken at the
moment its caller gives or, by default, at a moment counted in working days from the day of the visit (the
demo's timetable), so the demo builds its past states without moving the clock.

The texts are `MonitoringTexts`: the defaults are about safer recruitment and name nobody; the demo gives
its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from careinspect.compliance import services
from careinspect.compliance.models import ComplianceNotice
from careinspect.core.regime import current_calendar
from careinspect.inspections.models import Inspection, Requirement
from careinspect.inspections.services import lifecycle, reporting
from careinspect.registry.models import Provider
from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import RPT6_SECTIONS, NoticeAction
from careinspect.scenarios.ifa_assurance import at

# Rules: RPT-6 — a report under every heading (the reasons and purpose are begun by the service, from the
# visit's purpose and its notices). Concise, naming nobody.
REPORT = {
    "developments": "The agency has reviewed every staff file and appointed an officer to check each "
    "recruitment before anyone starts work.",
    "progress_made": "Every staff file sampled holds two written references, one from the most recent "
    "employer, and a full employment history with any gaps explained.",
    "progress_not_made": "The files of sessional workers are still being reviewed.",
    "impact": "Children and adopters are now supported by staff whose suitability has been checked. The "
    "review of sessional workers' files is small and has a date to finish.",
    "regulator_action": "We will check the sessional workers' files at the next full inspection.",
    "further_action": "The agency should finish reviewing the sessional workers' files.",
    "judgement": "The compliance notice is met. A monitoring visit does not change the judgement of the "
    "last inspection; the next full inspection will judge the agency's progress.",
}


@dataclass(frozen=True)
class MonitoringTexts:
    """What the people in the story write. `regulation` and `action` leave the regulator in the notice's
    email and pass the identifying-text check (DPR-2); the `concern` a notice follows stays the
    regulator's own record."""

    regulation: str = "Regulation 12 (fitness of workers)"
    action: str = "Hold two written references for every member of staff."
    concern: str = "Staff files lack references."
    purpose: str = "To check the agency has met its compliance notices."
    evidence_note: str = "References seen in every file sampled."
    feedback: str = (
        "Whether the compliance notice is met, what is still to be done, and when the draft report will "
        "follow."
    )
    check_note: str = "Accurate; the evidence supports it."
    report: dict[str, str] = field(default_factory=lambda: dict(REPORT))


# The main path of an unannounced visit, in order (an announced one is NOTIFIED before it starts).
MAIN_PATH = (
    Status.SCHEDULED,
    Status.NOTIFIED,
    Status.ON_SITE,
    Status.FEEDBACK_GIVEN,
    Status.DRAFT_SENT,
    Status.FINAL_SENT,
    Status.PUBLISHED,
)


@dataclass
class MonitoringScenario:
    """One monitoring visit on compliance notices walked through the real services. `people` has
    `inspector` (who leads the visit) and `manager` (who issues the notices and schedules, checks and
    publishes); `day` is the day of the one-day visit."""

    provider: Provider
    people: dict[str, Any]
    day: date
    calendar: WorkingDayCalendar = field(default_factory=current_calendar)
    texts: MonitoringTexts = field(default_factory=MonitoringTexts)
    announced: bool = False
    is_demo: bool = False
    notices: list[ComplianceNotice] = field(default_factory=list)
    inspection: Inspection | None = None

    @property
    def visit(self) -> Inspection:
        assert self.inspection is not None, "schedule the visit first"
        return self.inspection

    def after(self, working_days: int) -> date:
        """The working day `working_days` after the visit."""
        return self.calendar.add_working_days(self.day, working_days)

    def issue_notice(
        self,
        *,
        due: date | None = None,
        now: datetime | None = None,
        requirement: Requirement | None = None,
        previous: ComplianceNotice | None = None,
        regulation: str | None = None,
        action: str | None = None,
        concern: str | None = None,
        names_checked: bool = False,
    ) -> MonitoringScenario:
        """Rules: ENF-1 — the manager issues a notice (emailed to the agency), by default due 2 working days
        before the visit (SCH-8: the visit falls on working days 1 to 5 after it) and issued 15 working days
        before its date. It follows the texts' concern unless it follows a requirement or a notice not met."""
        due = due or self.calendar.subtract_working_days(self.day, 2)
        if concern is None:
            concern = "" if requirement is not None or previous is not None else self.texts.concern
        notice = services.issue_compliance_notice(
            self.provider,
            regulation=self.texts.regulation if regulation is None else regulation,
            action=self.texts.action if action is None else action,
            concern=concern,
            compliance_date=due,
            requirement=requirement,
            previous=previous,
            names_checked=names_checked,
            by=self.people["manager"],
            now=now or at(self.calendar.subtract_working_days(due, 15), 10),
            is_demo=self.is_demo,
        )
        self.notices.append(notice)
        return self

    def schedule(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: KND-4, SCH-8 — the manager schedules the visit to check every notice issued so far, by
        default on the day the last of them was issued."""
        if now is None:
            issued = max((n.issued_on for n in self.notices), default=None)
            now = at(issued or self.calendar.subtract_working_days(self.day, 10), 11)
        self.inspection = services.schedule_monitoring_visit(
            self.provider,
            reason="compliance_notice",
            purpose=self.texts.purpose,
            start=self.day,
            end=self.day,
            lead_inspector=self.people["inspector"],
            manager=self.people["manager"],
            announced=self.announced,
            notices=self.notices,
            by=self.people["manager"],
            now=now,
            is_demo=self.is_demo,
        )
        return self

    def announce(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: KND-4 — an announced visit (the case review's decision) is announced the working day
        before, as short a notice as is practical."""
        day_before = self.calendar.subtract_working_days(self.day, 1)
        self.inspection = services.announce_monitoring_visit(
            self.visit, by=self.people["inspector"], now=now or at(day_before, 9)
        )
        return self

    def start(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: KND-4 — the inspector arrives at 9am and gives the visit's purpose."""
        self.inspection = services.start_monitoring_visit(
            self.visit, by=self.people["inspector"], now=now or at(self.day, 9)
        )
        return self

    def record_outcomes(
        self, action: str = NoticeAction.FULL, now: datetime | None = None
    ) -> MonitoringScenario:
        """Rules: ENF-1 — what the visit found of each notice (partial action is not enough: a notice not
        fully met opens a case review); the agency is emailed each finding."""
        for notice in self.notices:
            services.record_notice_outcome(
                self.visit,
                notice,
                action=action,
                evidence_note=self.texts.evidence_note,
                by=self.people["inspector"],
                now=now or at(self.day, 13),
            )
            notice.refresh_from_db()
        return self

    def feedback(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: RPT-7 — feedback at the end of the visit."""
        self.inspection = lifecycle.give_feedback(
            self.visit, by=self.people["inspector"], now=now or at(self.day, 16), summary=self.texts.feedback
        )
        return self

    def write_report(
        self, sections: dict[str, str] | None = None, now: datetime | None = None
    ) -> MonitoringScenario:
        """Rules: RPT-6 — every section written; the reasons and purpose as the service began them unless
        `sections` gives them."""
        begun = reporting.report_for(self.visit).sections.get("reasons_purpose", "")
        given = self.texts.report if sections is None else sections
        written = {key: given.get(key, "") for key, _ in RPT6_SECTIONS}
        written["reasons_purpose"] = given.get("reasons_purpose") or begun
        reporting.edit_report(
            self.visit, by=self.people["inspector"], sections=written, now=now or at(self.after(2), 15)
        )
        return self

    def check(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: RPT-3 — the manager checks the report before it goes out."""
        reporting.check_report(
            self.visit,
            by=self.people["manager"],
            note=self.texts.check_note,
            now=now or at(self.after(3), 10),
        )
        return self

    def send_draft(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: RPT-3 — the draft goes to the agency, by default 4 working days after the visit."""
        self.inspection = reporting.send_draft(
            self.visit, by=self.people["inspector"], now=now or at(self.after(4), 10)
        )
        return self

    def send_final(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: RPT-3 — by default the working day after the agency's window for comments closes."""
        if now is None:
            due = self.visit.comments_due
            now = at(self.calendar.add_working_days(due, 1) if due else self.after(10), 10)
        self.inspection = reporting.send_final(self.visit, by=self.people["inspector"], now=now)
        return self

    def publish(self, now: datetime | None = None) -> MonitoringScenario:
        """Rules: RPT-6 — the report is published with no grade, by default on its publication date."""
        if now is None:
            assert self.visit.publication_due is not None, "send the final report first"
            now = at(self.visit.publication_due, 9)
        reporting.publish(self.visit, by=self.people["manager"], now=now)
        self.visit.refresh_from_db()
        return self

    def walk_to(self, status: Status, *, action: str = NoticeAction.FULL) -> Inspection:
        """The visit taken to `status` along its main path (SCHEDULED, NOTIFIED when it is announced,
        ON_SITE with each notice's finding recorded as `action`, FEEDBACK_GIVEN, DRAFT_SENT, FINAL_SENT,
        PUBLISHED), a notice issued first with the scenario's texts if none was."""
        if status not in MAIN_PATH or (status is Status.NOTIFIED and not self.announced):
            raise ValueError(f"a monitoring visit's main path does not pass through {status}")
        if not self.notices:
            self.issue_notice()
        self.schedule()
        if status is Status.SCHEDULED:
            return self.visit
        if self.announced:
            self.announce()
        if status is Status.NOTIFIED:
            return self.visit
        self.start().record_outcomes(action)
        if status is Status.ON_SITE:
            return self._refreshed()
        self.feedback()
        if status is Status.FEEDBACK_GIVEN:
            return self.visit
        self.write_report().check().send_draft()
        if status is Status.DRAFT_SENT:
            return self.visit
        self.send_final()
        if status is Status.FINAL_SENT:
            return self.visit
        return self.publish().visit

    def _refreshed(self) -> Inspection:
        self.visit.refresh_from_db()
        return self.visit
