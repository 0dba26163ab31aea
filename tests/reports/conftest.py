"""Agencies, people and inspections for the letters, report PDFs and public reports pages.

Inspections are made with the real services through the demo's scenario builder (`SccifScenario`, and
the walk of `tests.inspections.conftest` on it), each step at an explicit moment on a working day: on site
Wed 17 to Fri 19 Dec 2025, notice sent Wed 3 Dec 2025, forms due Wed 10 Dec 2025 (INF-2 policy default).
Published reports for the public pages are rows made directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, QA_OFFICER, ensure_roles
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.inspections.services.reporting import section_keys
from careinspect.registry.models import Provider, ProviderKind, ProviderStaff
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.sccif_full import SccifScenario
from tests.clock import at
from tests.conftest import d
from tests.inspections.conftest import Walk


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def roles(db: None) -> dict[str, Group]:
    return ensure_roles()


def make_user(username: str, group: Group, **fields: Any) -> User:
    user = User.objects.create_user(username, password=f"{username}-test-pass", **fields)
    user.groups.add(group)
    return user


@pytest.fixture
def inspector(roles: dict[str, Group]) -> User:
    return make_user(
        "inspector",
        roles[INSPECTOR],
        first_name="Hannah",
        last_name="Reid",
        email="hannah.reid@example.gov.uk",
    )


@pytest.fixture
def manager(roles: dict[str, Group]) -> User:
    return make_user("manager", roles[MANAGER], first_name="Sam", last_name="Iqbal")


@pytest.fixture
def qa_officer(roles: dict[str, Group]) -> User:
    return make_user("qa", roles[QA_OFFICER])


def make_provider(urn: str, name: str, **fields: Any) -> Provider:
    return Provider.objects.create(
        kind=ProviderKind.ASA, urn=urn, name=name, registration_date=d("2018-03-01"), **fields
    )


@pytest.fixture
def provider_a(db: None) -> Provider:
    return make_provider(
        "SC100001",
        "Agency A Adoption Support",
        registered_manager="Priya Patel",
        responsible_individual="Tom Okafor",
    )


@pytest.fixture
def provider_b(db: None) -> Provider:
    return make_provider("SC100002", "Agency B Adoption Support")


def make_provider_user(username: str, provider: Provider, group: Group) -> User:
    user = make_user(username, group)
    ProviderStaff.objects.create(user=user, provider=provider, job_title="Registered manager")
    return user


@pytest.fixture
def provider_user_a(roles: dict[str, Group], provider_a: Provider) -> User:
    return make_provider_user("agency_a", provider_a, roles[PROVIDER_USER])


@pytest.fixture
def provider_user_b(roles: dict[str, Group], provider_b: Provider) -> User:
    return make_provider_user("agency_b", provider_b, roles[PROVIDER_USER])


@pytest.fixture
def walk(inspector: User, manager: User, provider_user_a: User, provider_a: Provider) -> Walk:
    return Walk(inspector=inspector, manager=manager, provider_user=provider_user_a, provider=provider_a)


@pytest.fixture
def walk_to(walk: Walk) -> Callable[[Status], Inspection]:
    """`walk_to(Status.NOTIFIED)`: agency A's inspection, moved along the main path by the services."""
    return walk.to


@pytest.fixture
def notified(walk_to: Callable[[Status], Inspection]) -> Inspection:
    return walk_to(Status.NOTIFIED)


@pytest.fixture
def inspection_b(inspector: User, manager: User, provider_b: Provider, provider_user_b: User) -> Inspection:
    """Agency B's own inspection, notified: its user may see its letters, never agency A's."""
    scenario = SccifScenario(inspector=inspector, manager=manager)
    scenario.schedule(provider_b, start=d("2026-02-10"), end=d("2026-02-11"), now=at(d("2026-01-12")))
    return scenario.notify(now=at(d("2026-01-26")))


def report_content(*, overall: str = "good", help_text: str = "Children are kept safe.") -> dict[str, Any]:
    """A frozen report in the shape `reporting.published_content` gives, sections in RPT-1 order."""
    texts = {
        "information_about_service": "The agency supports adoptive families.",
        "last_inspection": "Not previously inspected",
        "enforcement": "None.",
        "judgement:overall_experiences_progress": (
            "Families get support quickly.\n\nAdopted adults are helped to find records."
        ),
        "judgement:helped_protected": help_text,
        "judgement:leaders_managers": "Leaders know the service well.",
        "areas_for_improvement": "",
        "information_about_inspection": "We used the SCCIF.",
        "service_details": "URN: SC100009",
    }
    grades = {
        "judgement:overall_experiences_progress": overall,
        "judgement:helped_protected": "good",
        "judgement:leaders_managers": "good",
    }
    return {
        "sections": [
            {"key": key, "title": title, "text": texts.get(key, ""), "grade": grades.get(key, "")}
            for key, title in section_keys()
        ],
        "requirements": [
            {
                "regulation": "Regulation 12(1)",
                "action": "Review every support plan every 6 months.",
                "compliance_date": "2026-03-31",
            }
        ],
        "recommendations": [{"nms_standard": "NMS 5.2", "text": "Record the views of birth relatives."}],
        "inspection_dates": ["2025-12-17", "2025-12-19"],
    }


PUBLISHED_ON = d("2026-01-28")


@pytest.fixture
def make_published(inspector: User, manager: User) -> Callable[..., PublishedReport]:
    """A published report row (its inspection only holds the foreign key, made directly too)."""

    def make(
        provider: Provider, *, published_on: date = PUBLISHED_ON, overall: str = "good", **content: Any
    ) -> PublishedReport:
        inspection = Inspection.objects.create(
            provider=provider,
            lead_inspector=inspector,
            manager=manager,
            start_date=d("2025-12-17"),
            end_date=d("2025-12-19"),
            status=Status.PUBLISHED.value,
            published_on=published_on,
        )
        return PublishedReport.objects.create(
            inspection=inspection,
            provider_name=provider.name,
            urn=provider.urn,
            published_on=published_on,
            overall_grade=overall,
            content=report_content(overall=overall, **content),
        )

    return make
