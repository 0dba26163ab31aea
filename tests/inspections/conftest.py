"""People, agencies and a walk through the SCCIF lifecycle for the inspection service tests.

The walk moves the inspection with the builder `careinspect demo` tells its stories with
(`careinspect.scenarios.sccif_full.SccifScenario`: the real services, in the order an inspection really
goes), each step at an explicit moment, so a test can start from any state and know every date that led
there. The default inspection runs up to
Christmas 2025 so its report deadlines (RPT-3) and scan deadline (EVD-4) cross 25 and 26 December and
1 January:

    scheduled 1 Dec 2025 for on site Wed 17 to Fri 19 Dec 2025
    notice due (NTC-1, 10 WD before 17 Dec)   Wed 3 Dec 2025, the day it is sent
    information due (INF-2, policy 5 WD)      Wed 10 Dec 2025
    on site                                   Wed 17 Dec 2025
    feedback (the last on-site day, CAL-2)    Fri 19 Dec 2025
    draft sent                                Mon 12 Jan 2026, comments due Mon 19 Jan 2026
    minor points from the agency              Wed 14 Jan 2026
    final report sent                         Wed 21 Jan 2026, publication due Wed 28 Jan 2026
    published                                 Wed 28 Jan 2026
"""

from __future__ import annotations

import csv
import io
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, QA_OFFICER, ensure_roles
from careinspect.inspections.models import Evidence, Inspection, ProviderResponse
from careinspect.registry.models import Provider, ProviderKind, ProviderStaff
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.sccif_full import SccifScenario
from tests.clock import at, tick
from tests.conftest import d

# The main path of an inspection, in order; the walk stops at the state asked for.
MAIN_PATH = (
    Status.SCHEDULED,
    Status.NOTIFIED,
    Status.PREPARING,
    Status.ON_SITE,
    Status.FEEDBACK_GIVEN,
    Status.DRAFT_SENT,
    Status.COMMENTS_RECEIVED,
    Status.FINAL_SENT,
    Status.PUBLISHED,
)
SCHEDULED_ON, FIRST_ON_SITE_DAY, LAST_ON_SITE_DAY = d("2025-12-01"), d("2025-12-17"), d("2025-12-19")
AREAS = ("helped_protected", "leaders_managers", "overall_experiences_progress")
CASE_LIST_HEADER = (
    "case_ref",
    "service_user_type",
    "la_code",
    "service_type",
    "start_date",
    "end_date",
    "open",
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Case lists and scans are stored files: keep them out of the project's var/ directory. The test
    users' passwords need no slow hashing."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roles(db: None) -> dict[str, Group]:
    return ensure_roles()


def _user(username: str, group: Group) -> User:
    user = User.objects.create_user(username, password=f"{username}-test-pass", first_name=username.title())
    user.groups.add(group)
    return user


@pytest.fixture
def inspector(roles: dict[str, Group]) -> User:
    return _user("inspector", roles[INSPECTOR])


@pytest.fixture
def manager(roles: dict[str, Group]) -> User:
    """The regulatory inspection manager of the inspection (checks its report, agrees changes)."""
    return _user("manager", roles[MANAGER])


@pytest.fixture
def independent_manager(roles: dict[str, Group]) -> User:
    """Another RIM, independent of the inspection: the one who answers a complaint (CMP-1)."""
    return _user("other_manager", roles[MANAGER])


@pytest.fixture
def qa_officer(roles: dict[str, Group]) -> User:
    return _user("qa", roles[QA_OFFICER])


@pytest.fixture
def provider_a(db: None) -> Provider:
    return Provider.objects.create(
        kind=ProviderKind.ASA,
        urn="SC100001",
        name="Agency A Adoption Support",
        registration_date=d("2018-03-01"),
        registered_manager="Priya Patel",
        responsible_individual="Tom Okafor",
    )


@pytest.fixture
def provider_b(db: None) -> Provider:
    return Provider.objects.create(
        kind=ProviderKind.ASA,
        urn="SC100002",
        name="Agency B Adoption Support",
        registration_date=d("2019-09-16"),
    )


def _provider_user(username: str, provider: Provider, group: Group) -> User:
    user = _user(username, group)
    ProviderStaff.objects.create(user=user, provider=provider, job_title="Registered manager")
    return user


@pytest.fixture
def provider_user_a(roles: dict[str, Group], provider_a: Provider) -> User:
    return _provider_user("agency_a", provider_a, roles[PROVIDER_USER])


@pytest.fixture
def provider_user_b(roles: dict[str, Group], provider_b: Provider) -> User:
    return _provider_user("agency_b", provider_b, roles[PROVIDER_USER])


def case_list_csv(count: int, *, rows: Sequence[tuple[str, ...]] | None = None) -> bytes:
    """An ASA case list form (INF-2) of `count` valid cases, or of the rows given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CASE_LIST_HEADER)
    if rows is None:
        rows = [
            (f"AS-{n:03d}", "child", "202", "therapy", "2024-06-03", "", "Y") for n in range(1, count + 1)
        ]
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def png() -> bytes:
    """The smallest PNG image (one black pixel): a scan of handwritten notes as far as the checks go."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def evidence_services() -> Any:
    """The evidence services (case lists, cases, evidence, scans)."""
    from careinspect.inspections.services import evidence

    return evidence


@dataclass
class Walk:
    """One inspection of agency A and the people working on it, moved along the main path by the demo's
    builder (`SccifScenario`: the real services) on the test dates in the module docstring."""

    inspector: User
    manager: User
    provider_user: User
    provider: Provider
    start: date = FIRST_ON_SITE_DAY
    end: date = LAST_ON_SITE_DAY
    scheduled_on: date = SCHEDULED_ON
    grades: dict[str, str] = field(default_factory=lambda: dict.fromkeys(AREAS, "good"))
    service_users: int = 5
    _scenario: SccifScenario = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._scenario = SccifScenario(inspector=self.inspector, manager=self.manager)

    @property
    def scenario(self) -> SccifScenario:
        """The builder under the walk, acting as the walk's people: a test may change them first (a lead
        inspector who is also a manager)."""
        self._scenario.inspector, self._scenario.manager = self.inspector, self.manager
        return self._scenario

    @property
    def current(self) -> Inspection:
        return self.scenario.refresh()

    @property
    def evidence(self) -> list[Evidence]:
        """The evidence recorded in preparation, which every judgement cites."""
        return list(self.scenario.evidence.values())

    def schedule(self) -> Inspection:
        return self.scenario.schedule(
            self.provider, start=self.start, end=self.end, now=at(self.scheduled_on)
        )

    def notify(self) -> Inspection:
        assert self.current.notice_due is not None
        return self.scenario.notify(now=at(self.current.notice_due))

    def prepare(self) -> Inspection:
        self.scenario.start_preparation(now=at(self.current.notice_due or self.start))
        self.scenario.add_plan_entries([("line_of_enquiry", "How quickly support starts after assessment")])
        self.receive_cases()
        self.record_evidence(
            key="support_plans",
            source="written_record",
            text="Support plans for AB and CD are reviewed monthly.",
            now=tick(),
        )
        self.record_evidence(
            key="social_worker",
            source="interview",
            text="The social worker described how risks to AB are shared with the local authority.",
            interview_at=timezone.make_aware(datetime(2025, 12, 10, 10, 30)),
            interviewee_role="Social worker",
            now=tick(),
        )
        return self.current

    def receive_cases(self) -> None:
        self.scenario.receive_case_list(
            case_list_csv(self.service_users),
            by=self.inspector,
            filename="cases.csv",
            now=at(self.start - timedelta(days=7)),
        )
        self.scenario.choose_cases(tracked=self.scenario.cases[: self.scenario.tracked_needed])

    def record_evidence(self, **fields: Any) -> Evidence:
        fields.setdefault("now", tick())
        return self.scenario.record_evidence(**fields)

    def go_on_site(self) -> Inspection:
        return self.scenario.start_on_site(now=at(self.start))

    def judge(self, area: str, grade: str, justification: str = "") -> None:
        # Judged on the first on-site day: the JDG-8 alert, if any, is dated then.
        self.scenario.judge(
            area,
            grade,
            rationale=f"{area}: the evidence shows this grade is the best fit.",
            evidence_ids=[e.pk for e in self.evidence],
            justification=justification,
            now=at(self.start, 15),
        )

    def give_feedback(self) -> Inspection:
        for area in AREAS:
            self.judge(area, self.grades[area])
        return self.scenario.give_feedback("Strengths, weaknesses and likely judgements.", now=at(self.end))

    def write_and_check_report(self) -> None:
        self.scenario.edit_report({"areas_for_improvement": "No requirements were made."}, now=tick())
        self.scenario.check_report("Checked", now=tick())

    def send_draft(self) -> Inspection:
        self.write_and_check_report()
        return self.scenario.send_draft(now=at(d("2026-01-12")))

    def receive_comments(self) -> ProviderResponse:
        return self.scenario.respond(
            "minor_points", "A date is wrong.", by=self.provider_user, now=at(d("2026-01-14"))
        )

    def send_final(self) -> Inspection:
        return self.scenario.send_final(now=at(d("2026-01-21")))

    def publish(self) -> Inspection:
        self.scenario.publish(now=at(d("2026-01-28")))
        return self.current

    def to(self, status: Status) -> Inspection:
        """Walk from wherever the inspection is to `status` along the main path."""
        steps: dict[Status, Callable[[], object]] = {
            Status.SCHEDULED: self.schedule,
            Status.NOTIFIED: self.notify,
            Status.PREPARING: self.prepare,
            Status.ON_SITE: self.go_on_site,
            Status.FEEDBACK_GIVEN: self.give_feedback,
            Status.DRAFT_SENT: self.send_draft,
            Status.COMMENTS_RECEIVED: self.receive_comments,
            Status.FINAL_SENT: self.send_final,
            Status.PUBLISHED: self.publish,
        }
        target = MAIN_PATH.index(status)
        done = MAIN_PATH.index(self.current.status_enum) if self.scenario.started else -1
        for step in MAIN_PATH[done + 1 : target + 1]:
            steps[step]()
        return self.current


@pytest.fixture
def walk(inspector: User, manager: User, provider_user_a: User, provider_a: Provider) -> Walk:
    return Walk(inspector=inspector, manager=manager, provider_user=provider_user_a, provider=provider_a)


@pytest.fixture
def walk_to(walk: Walk) -> Callable[[Status], Inspection]:
    """`walk_to(Status.DRAFT_SENT)`: the default inspection, moved along the main path to that state."""
    return walk.to
