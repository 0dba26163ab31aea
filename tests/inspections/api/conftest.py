"""Signed-in API clients and two agencies' inspections for the inspections API tests.

Built on `tests/inspections/conftest.py` (its people, agencies and `Walk`, on the scenario builder the
demo uses: the real services). Agency A's inspection is taken, by the services, to a formal complaint on
the draft report so that every kind of record the API addresses exists: a refused deferral, cases,
evidence (one handwritten), judgements, a requirement, a recommendation, the report and the complaint.
Agency B's inspection is notified, so its own staff can see it but nothing of A's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.test import Client
from django.test.client import MULTIPART_CONTENT

from careinspect.core.roles import INSPECTOR, MANAGER
from careinspect.inspections.models import Evidence, Inspection, ProviderResponse
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from tests.clock import tick
from tests.conftest import d
from tests.inspections.conftest import Walk, evidence_services

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 12) -> datetime:
    """Midday in London on `day`: what the API's clock (`timezone.localdate()`) reads during a step."""
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def on(day: date, hour: int = 12) -> Any:
    """Move the clock to `day` for the calls inside the block."""
    return time_machine.travel(at(day, hour), tick=False)


class Api:
    """A signed-in test client that speaks JSON to /api/inspections/ (Django's client skips CSRF)."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.client = Client()
        self.client.force_login(user)

    @staticmethod
    def url(path: str) -> str:
        return "/api/inspections/" + path.lstrip("/")

    def get(self, path: str) -> Any:
        return self.client.get(self.url(path))

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        call = getattr(self.client, method.lower())
        return call(self.url(path), data=json.dumps(body or {}), content_type="application/json")

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.send("POST", path, body)

    def upload(self, path: str, name: str, data: bytes) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            self.url(path), {"file": SimpleUploadedFile(name, data)}, content_type=MULTIPART_CONTENT
        )


@pytest.fixture
def api() -> Callable[[User], Api]:
    return Api


@pytest.fixture
def lead_manager(roles: dict[str, Group]) -> User:
    """A regulatory inspection manager who leads an inspection themself (RPT-3: cannot check it)."""
    user = User.objects.create_user("lead_manager", password="lead-manager-test-pass")
    user.groups.add(roles[MANAGER], roles[INSPECTOR])
    return user


@dataclass
class World:
    a: Inspection
    b: Inspection
    walk_a: Walk
    handwritten: Evidence
    complaint: ProviderResponse


@pytest.fixture
def world(
    walk: Walk,
    inspector: User,
    manager: User,
    independent_manager: User,
    qa_officer: User,
    provider_user_a: User,
    provider_user_b: User,
    provider_b: Provider,
) -> World:
    """Agency A's inspection with a complaint open on its draft; agency B's notified."""
    scenario_a = walk.scenario  # the builder under the walk: the steps off the walk's own path
    walk.schedule()
    notified_on = walk.to(Status.NOTIFIED).notified_on
    assert notified_on is not None
    deferral = scenario_a.request_deferral("The registered manager is on leave", now=at(notified_on))
    scenario_a.decide_deferral(deferral, grant=False, reason="Cover is in place", now=at(notified_on))
    walk.to(Status.PREPARING)
    handwritten = walk.record_evidence(
        source="observation",
        text="Notes of the panel meeting observed on site.",
        handwritten=True,
        now=tick(),
    )
    walk.to(Status.ON_SITE)
    scenario_a.add_requirement(
        regulation="Regulation 12",
        action="Review every support plan monthly",
        impact="Support may not meet needs",
        compliance_date=d("2026-03-31"),
        evidence_ids=[e.pk for e in walk.evidence],
    )
    scenario_a.add_recommendation(nms_standard="NMS 5.2", text="Record the reasons for delays.")
    walk.to(Status.DRAFT_SENT)
    complaint = scenario_a.respond(
        "complaint", "The grade is unfair.", by=provider_user_a, now=at(d("2026-01-14"))
    )

    walk_b = Walk(inspector=inspector, manager=manager, provider_user=provider_user_b, provider=provider_b)
    walk_b.schedule()
    walk_b.to(Status.NOTIFIED)
    return World(a=walk.current, b=walk_b.current, walk_a=walk, handwritten=handwritten, complaint=complaint)


__all__ = ["Api", "World", "at", "evidence_services", "on"]
