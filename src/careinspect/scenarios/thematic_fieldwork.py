"""The fieldwork and the programme report of an RAA thematic programme, walked through the real services
(CAS-2, THM-5, VEW-1, THM-6, THM-7, DPR-2), shared by the demo and the tests.

`FieldworkScenario` takes one announced thematic inspection through its fieldwork: the A1 dataset filed,
the sample chosen from it and confirmed, the timetable, a keep-in-touch meeting each day, evidence under
every theme (with consent where VEW-1 asks for it), the stakeholders' feedback CSV and the verbal summary.
`publish_programme` writes the findings under the 5 themes and the report, has a manager check it and
publishes it. `load_demo_thematic_fieldwork(today)` does this for the 2023 programme built by
`scenarios.raa_thematic.build_2023_programme` (published 26 March 2024, as seed 001 was) and takes the
current programme's first inspection part way through its fieldwork.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from careinspect.core.regime import current_calendar
from careinspect.fieldwork import services
from careinspect.fieldwork.models import PublishedProgrammeReport, RecordType, ThematicCase, themes
from careinspect.inspections.models import Inspection
from careinspect.rules.lifecycle import Status
from careinspect.thematic.models import Programme


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


# What the team wrote: plain, short and identifying nobody (initials and A1 ids only; no names).
EVIDENCE = {
    "recruitment_assessment_matching": (
        "Assessment of prospective adopters was delayed where there were too few assessing social workers; "
        "adopters described the preparation training as thorough."
    ),
    "adoption_support": (
        "Families waited months for an assessment of need; where support started it helped the family stay "
        "together."
    ),
    "leadership_improvement": (
        "The RAA leader knew the service's strengths and gaps well; performance data was not always used to "
        "drive improvement."
    ),
    "lived_experience": (
        "Adopters' feedback had changed the recruitment materials; children's views were rarely sought."
    ),
    "governance_assurance": (
        "The board received quarterly reports; the partner local authorities' oversight varied."
    ),
}
SUMMARY = {
    key: (
        f"Strength seen under this theme: {text.split(';')[-1].strip()}",
        f"To develop: {text.split(';')[0]}",
    )
    for key, text in EVIDENCE.items()
}
FINDINGS = {
    "recruitment_assessment_matching": (
        "Recruitment was increasingly targeted at the adopters children who wait need. There were not always "
        "enough staff to assess prospective adopters, which delayed assessments.",
        "RAAs had developed targeted recruitment for children who wait longer, and adopters valued the "
        "preparation they received. Several RAAs could not assess every household promptly.",
    ),
    "adoption_support": (
        "Where families received the right support, they valued its impact. Many waited too long.",
        "Support at the right time helped families to remain together. Demand exceeded capacity in most "
        "of the RAAs visited, and short-term funding made planning difficult.",
    ),
    "leadership_improvement": (
        "Established leaders understood their RAA's strengths and areas for development.",
        "Leaders had a clear view of performance, although changes among partner authorities' senior "
        "leaders slowed change.",
    ),
    "lived_experience": (
        "Examples of good practice were not established across all RAAs.",
        "Adopters and adopted adults were involved in training and recruitment in some RAAs. The voice of "
        "the child was underrepresented.",
    ),
    "governance_assurance": (
        "Governance arrangements varied, and audit and oversight were not always effective.",
        "Boards received regular reports, but few RAAs audited the quality of practice systematically.",
    ),
}
REPORT = {
    "executive_summary": (
        "This report sets out what we found when we inspected a sample of regional adoption agencies under "
        "five themes set for the programme."
    ),
    "introduction": (
        "We carried out these inspections at the request of the Secretary of State. The RAAs visited are "
        "listed in the annex with the dates of their inspections."
    ),
    "challenges": "The different starting points of partner authorities, resources and funding, and changes "
    "in senior leadership made change harder.",
    "conclusion": "RAAs have made progress, but children and families still wait too long for some services.",
    "improvements_raas": "Ensure that those in need of adoption support are recognised and responded to in a "
    "timely way.",
    "improvements_government": "Review the funding arrangements for adoption support, including their "
    "short-term nature.",
    "improvements_regulator": "Work with the Department for Education on the next steps for the regulation "
    "and inspection of adoption services.",
    "methodology": "Teams of up to 3 inspectors visited each RAA for up to 4 days. Inspectors sampled cases, "
    "spoke to staff, adopters, adopted adults and partners, and read the RAA's A1 data.",
}


def feedback_csv(rows: int, seed: int = 0) -> bytes:
    """A stakeholders' online feedback export: stakeholder_group, theme, response (no names)."""
    groups = ["adopter", "adopter", "staff", "professional", "adopted_adult", "birth_relative"]
    keys = [key for key, _ in themes()]
    lines = ["stakeholder_group,theme,response"]
    for n in range(rows):
        lines.append(
            f"{groups[(n + seed) % len(groups)]},{keys[(n * 3 + seed) % len(keys)]},Response {n + 1}"
        )
    return ("\n".join(lines) + "\n").encode()


class FieldworkScenario:
    """One thematic inspection's fieldwork, moved on by the services at the moments its caller gives."""

    def __init__(self, inspection: Inspection, *, inspector: Any, seed: int = 1) -> None:
        self.inspection = inspection
        self.inspector = inspector
        self.seed = seed

    def file_a1(self, now: datetime, *, children: int = 60, adopters: int = 40, support: int = 50) -> Any:
        """RULES: INF-1 — the A1 dataset the RAA emailed, filed by the inspector (the portal's service)."""
        from careinspect.datasets.a1.generate import DEFAULT_MEMBERS, generate_a1
        from careinspect.datasets.a1.generate import write_a1 as _write
        from careinspect.portal.services import a1_period_end, receive_upload

        request = self.inspection.information_requests.get(dataset_kind="a1")
        members = list(self.inspection.provider.member_las.values_list("code", flat=True))
        generated = generate_a1(
            children,
            adopters,
            support,
            seed=self.seed,
            period_end=a1_period_end(self.inspection),
            member_la_codes=members or DEFAULT_MEMBERS,
        )
        with tempfile.TemporaryDirectory() as folder:
            data = _write(generated, Path(folder) / "a1.xlsx", fmt="xlsx").read_bytes()
        return receive_upload(request, by=self.inspector, filename="a1.xlsx", data=data, now=now)

    def choose_sample(self, now: datetime, *, per_type: int = 2) -> list[ThematicCase]:
        """RULES: CAS-2 — the first records of each type, in id order, from the A1 data."""
        ids = services.a1_record_ids(self.inspection)
        chosen = []
        for kind in (RecordType.CHILD, RecordType.ADOPTER):
            for record_id in sorted(ids.get(kind.value, ()))[:per_type]:
                chosen.append(
                    services.add_case(
                        self.inspection,
                        by=self.inspector,
                        now=now,
                        record_type=kind.value,
                        record_id=record_id,
                        reason="A journey the A1 data shows as longer than the RAA's median",
                        known_ids=ids,
                    )
                )
        return chosen

    def confirm(self, now: datetime) -> None:
        self.inspection = services.confirm_sample(self.inspection, by=self.inspector, now=now)

    def timetable(self, now: datetime) -> None:
        day = self.inspection.start_date
        for starts, activity, who in (
            (time(9, 0), "Opening meeting: the plan for the inspection", "RAA leader and managers"),
            (time(11, 0), "Case discussions", "Allocated social workers"),
            (time(16, 0), "Keep-in-touch meeting", "RAA leader"),
        ):
            services.add_timetable_entry(
                self.inspection,
                by=self.inspector,
                now=now,
                day=day,
                starts_at=starts,
                activity=activity,
                with_whom=who,
            )
        services.agree_timetable(self.inspection, by=self.inspector, now=now)

    def start(self, day: date | None = None) -> None:
        self.inspection = services.start_fieldwork(
            self.inspection, by=self.inspector, now=at(day or self.inspection.start_date, 9)
        )

    def days(self, last: date | None = None) -> list[date]:
        calendar = current_calendar()
        end = min(self.inspection.end_date, last) if last else self.inspection.end_date
        return [
            d for d in services.fieldwork_days(self.inspection) if d <= end and calendar.is_working_day(d)
        ]

    def keep_in_touch(self, days: Iterable[date]) -> None:
        """RULES: THM-5 — one meeting at 4pm each day."""
        for n, day in enumerate(days, start=1):
            services.record_kit_meeting(
                self.inspection,
                by=self.inspector,
                now=at(day, 16, 30),
                held_on=day,
                at=time(16, 0),
                attendees="RAA leader, lead inspector",
                notes=f"Day {n}: progress reviewed; no new concerns.",
            )

    def evidence(self, day: date) -> None:
        """Evidence under every theme; an adopter's words with consent and voluntariness (VEW-1)."""
        case = ThematicCase.objects.filter(inspection=self.inspection, record_type=RecordType.ADOPTER).first()
        for n, (theme, text) in enumerate(EVIDENCE.items()):
            adopter = n % 2 == 0
            services.record_evidence(
                self.inspection,
                by=self.inspector,
                now=at(day, 11, n),
                theme=theme,
                source="call" if adopter else "written_record",
                text=text,
                person_type="adopter" if adopter else "staff",
                consent_given=adopter,
                voluntary=adopter,
                consent_how="Agreed verbally at the start of the call; told they could stop at any time"
                if adopter
                else "",
                case=case if adopter else None,
            )
        # An adopter's account naming their child: personal data the DPR-1 disposal takes.
        services.record_evidence(
            self.inspection,
            by=self.inspector,
            now=at(day, 12),
            theme="adoption_support",
            source="call",
            text="Adopter A described the wait for therapy for their child (case record on file).",
            person_type="adopter",
            consent_given=True,
            voluntary=True,
            consent_how="Agreed verbally at the start of the call",
            names_service_users=True,
            case=case,
        )

    def feedback(self, day: date, rows: int = 24) -> Any:
        return services.import_feedback(
            self.inspection,
            by=self.inspector,
            now=at(day, 13),
            filename="feedback.csv",
            data=feedback_csv(rows, self.seed),
        )

    def summary(self) -> None:
        """RULES: THM-6 — on the last day, to the leader and the board chair."""
        self.inspection = services.give_summary(
            self.inspection,
            by=self.inspector,
            now=at(self.inspection.end_date, 15),
            summaries=SUMMARY,
            recipients=["raa_leader", "board_chair"],
        )

    def walk(self, announced: date, *, until: date | None = None) -> Inspection:
        """The whole fieldwork (or up to `until`, part way): filed A1 the day after the announcement,
        sample confirmed before the fieldwork, then the days on site."""
        calendar = current_calendar()
        next_day = calendar.add_working_days(announced, 1)
        self.file_a1(at(next_day, 11))
        self.choose_sample(at(next_day, 14))
        self.timetable(at(next_day, 15))
        self.confirm(at(calendar.subtract_working_days(self.inspection.start_date, 1), 12))
        self.start()
        days = self.days(until)
        self.evidence(days[0])
        self.feedback(days[0])
        self.keep_in_touch(days)
        if until is None or until >= self.inspection.end_date:
            self.summary()
        return self.inspection


def publish_programme(
    programme: Programme, *, team: Any, manager: Any, day: date
) -> PublishedProgrammeReport:
    """RULES: THM-7 — the findings, the report, the manager's check and publication on `day`."""
    write = at(day - timedelta(days=14), 10)
    for n, (theme, (summary, text)) in enumerate(FINDINGS.items()):
        services.write_finding(
            programme, by=team, now=write + timedelta(minutes=n), theme=theme, summary=summary, text=text
        )
    services.update_report(
        programme,
        by=manager,
        now=write + timedelta(hours=1),
        title="Regional adoption agencies: thematic inspection report",
        **REPORT,
    )
    services.check_report(programme, by=manager, now=at(day - timedelta(days=1), 10))
    return services.publish_report(programme, by=manager, now=at(day, 9, 30))


PUBLISHED_2023 = date(2024, 3, 26)  # seed 001: "Published 26 March 2024"


def load_demo_thematic_fieldwork(today: date, programme_2023: Programme | None = None) -> dict[str, Any]:
    """The 2023 programme's fieldwork and its report published on 26 March 2024, as seed 001 was (the
    current programme's on-site inspection is walked part way by `raa_thematic.build_current_programme`).
    Idempotent: `raa_thematic.build_2023_programme` deletes and rebuilds the programme, and with it these
    records; the demo passes the programme it has just built."""
    from django.contrib.auth import get_user_model

    from careinspect.scenarios import raa_thematic

    User = get_user_model()
    manager = User.objects.get(username="manager")
    programme = programme_2023 or raa_thematic.build_2023_programme(today)
    for visit in programme.visits.select_related("inspection").order_by("inspection__start_date"):
        inspection = visit.inspection
        if inspection.status_enum is not Status.NOTIFIED or inspection.notified_on is None:
            continue
        FieldworkScenario(inspection, inspector=inspection.lead_inspector, seed=visit.pk).walk(
            inspection.notified_on
        )
    first = programme.visits.select_related("inspection__lead_inspector").order_by("inspection__start_date")[
        0
    ]
    published = publish_programme(
        programme, team=first.inspection.lead_inspector, manager=manager, day=PUBLISHED_2023
    )
    return {"programme_2023": programme, "published_2023": published}
