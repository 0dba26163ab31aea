"""Notice days, information deadlines and report deadlines for each kind of inspection.

Rules: NTC-1 (ASA notice), NTC-2 (RAA notice), NTC-4 (IFA announced on day 1), INF-1 (RAA 4pm next WD),
INF-2 (ASA agreed date), INF-3 (IFA 12pm day 1), RPT-3 (ASA report timeline), RPT-4 (IFA timeline).
The numbers come from the framework data files; this module only does the arithmetic and the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import FRAMEWORK_NAMES, load_framework
from careinspect.rules.policy import Policy

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Deadline:
    """One dated step; `at` is set where the guidance gives an hour (RAA 4pm, IFA 12pm)."""

    name: str
    label: str
    day: date
    rule: str
    at: time | None = None
    hint: str = ""  # how the step is usually done, e.g. the hour a notice call is usually made

    def iso(self) -> str:
        if self.at is None:
            return self.day.isoformat()
        return datetime.combine(self.day, self.at, tzinfo=LONDON).isoformat()


@dataclass(frozen=True)
class InspectionTimeline:
    kind: str
    start: date
    end: date
    deadlines: tuple[Deadline, ...]

    def get(self, name: str) -> Deadline:
        for deadline in self.deadlines:
            if deadline.name == name:
                return deadline
        raise KeyError(name)

    def as_dict(self) -> dict[str, str]:
        """The command line's JSON contract: each step's name to its ISO date (or date-time)."""
        return {d.name: d.iso() for d in self.deadlines}


def compute_timeline(
    kind: str,
    start: date,
    end: date,
    *,
    calendar: WorkingDayCalendar,
    policy: Policy,
    single_individual: bool = False,
) -> InspectionTimeline:
    """Every deadline of one inspection from its first and last on-site days."""
    if kind not in FRAMEWORK_NAMES:
        raise RuleViolation(
            f"{kind!r} is not a kind of inspection; use one of {', '.join(FRAMEWORK_NAMES)}", field="kind"
        )
    framework = load_framework(kind)
    calendar.require_working_day(start, field="start", role="on-site day")
    calendar.require_working_day(end, field="end", role="on-site day")
    if end < start:
        raise RuleViolation(f"{end.isoformat()} is before the start, {start.isoformat()}", field="end")
    if single_individual and framework.notice.single_individual_working_days_before is None:
        raise RuleViolation(
            f"a longer notice for a single individual applies only to asa-full, not {kind}",
            rule="NTC-1",
            field="single_individual",
        )

    notice = _notice(kind, start, calendar, single_individual)
    deadlines = [notice, _information_due(kind, notice.day, calendar, policy)]
    deadlines.extend(_report_deadlines(kind, end, calendar))
    return InspectionTimeline(kind=kind, start=start, end=end, deadlines=tuple(deadlines))


def _notice(kind: str, start: date, calendar: WorkingDayCalendar, single_individual: bool) -> Deadline:
    notice = load_framework(kind).notice
    days = notice.working_days_before
    if single_individual and notice.single_individual_working_days_before is not None:
        days = notice.single_individual_working_days_before
    rule = {"asa-full": "NTC-1", "raa-thematic": "NTC-2", "ifa-assurance": "NTC-4"}[kind]
    # RULES: CAL-3 — the notice day is the Nth working day before the first on-site day. The hour of
    # the call is usual practice, not a deadline, so the notice stays a date.
    hint = f"usually by {notice.time:%H:%M}" if notice.time else ""
    return Deadline("notice", "Notice given", calendar.subtract_working_days(start, days), rule, hint=hint)


def _information_due(kind: str, notice_day: date, calendar: WorkingDayCalendar, policy: Policy) -> Deadline:
    information = load_framework(kind).information
    after = information.working_days_after_notice
    if after is None:
        # RULES: INF-2 — agreed with the agency; the policy default proposes a date until it is agreed.
        after = policy.asa_information_working_days_after_notice
    day = calendar.add_working_days(notice_day, after)
    return Deadline("information_due", "Information due", day, information.rule, information.due_time)


def _report_deadlines(kind: str, end: date, calendar: WorkingDayCalendar) -> list[Deadline]:
    timeline = load_framework(kind).timeline
    if timeline is None:  # RULES: THM-7 — thematic inspections feed one programme report instead.
        return []
    rule = timeline.rule
    # RULES: CAL-2 — counted from the last on-site day (the day of feedback), which is day 0.
    draft = calendar.add_working_days(end, timeline.draft_report)
    comments = calendar.add_working_days(draft, timeline.provider_comments_after_draft)
    final = calendar.add_working_days(end, timeline.final_report)
    if timeline.publication_after_final is not None:
        published = calendar.add_working_days(final, timeline.publication_after_final)
    else:
        assert timeline.publication_after_end is not None  # the loader guarantees one of the two
        published = calendar.add_working_days(end, timeline.publication_after_end)
    deadlines = [
        Deadline("draft_report_due", "Draft report sent to the provider", draft, rule),
        Deadline("provider_comments_due", "Provider's comments or complaint due", comments, rule),
        Deadline("final_report_due", "Final report sent", final, rule),
        Deadline("publication_due", "Report published", published, rule),
    ]
    if timeline.complaint_after_final is not None:
        complaint = calendar.add_working_days(final, timeline.complaint_after_final)
        deadlines.append(Deadline("complaint_due", "Formal complaint due", complaint, rule))
    return deadlines
