"""An SCCIF full inspection judged inadequate, ending on Thursday 2 April 2026, the day before Good Friday,
and an IFA assurance visit ending the same day, for the enforcement tests.

Counted by hand: Good Friday 3 April and Easter Monday 6 April 2026 are bank holidays, so the working days
after Thu 2 Apr are Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4) and Mon 13 April (5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.enforcement.models import DcsContact
from careinspect.inspections.models import AssuranceDetail, Inspection
from careinspect.registry.models import LocalAuthority, Provider, ProviderKind
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from tests.conftest import d
from tests.inspections import conftest as shared
from tests.inspections.conftest import Walk

# The inspection tests' people, agencies and walk, shared as fixtures here.
_media_in_tmp = shared._media_in_tmp
roles = shared.roles
inspector = shared.inspector
manager = shared.manager
independent_manager = shared.independent_manager
qa_officer = shared.qa_officer
provider_a = shared.provider_a
provider_b = shared.provider_b
provider_user_a = shared.provider_user_a
provider_user_b = shared.provider_user_b
walk = shared.walk

INADEQUATE = dict.fromkeys(
    ("helped_protected", "leaders_managers", "overall_experiences_progress"), "inadequate"
)
END = d("2026-04-02")


@pytest.fixture
def las(db: None) -> dict[str, LocalAuthority]:
    """The agency's own LA (Camden, 202 is also its cases' LA code) and two more, each with a DCS."""
    found = {
        "202": LocalAuthority.objects.create(code="202", name="Camden", region="London"),
        "203": LocalAuthority.objects.create(code="203", name="Greenwich", region="London"),
        "330": LocalAuthority.objects.create(code="330", name="Birmingham", region="West Midlands"),
    }
    for code, la in found.items():
        DcsContact.objects.create(
            local_authority=la, name=f"Director {code}", email=f"dcs{code}@la.example", phone="0300 000 0000"
        )
    return found


@pytest.fixture
def based_in_greenwich(provider_a: Provider, las: dict[str, LocalAuthority]) -> Provider:
    provider_a.local_authority = las["203"]
    provider_a.save()
    return provider_a


@pytest.fixture
def easter_walk(walk: Walk, based_in_greenwich: Provider, provider_user_a: User) -> Walk:
    """On site Tue 31 Mar to Thu 2 Apr 2026, judged inadequate; the agency's staff have an address."""
    provider_user_a.email = "manager@agency-a.example"
    provider_user_a.save()
    walk.start, walk.end, walk.scheduled_on = d("2026-03-31"), END, d("2026-03-02")
    walk.grades = dict(INADEQUATE)
    return walk


@pytest.fixture
def judged_inadequate(easter_walk: Walk) -> Inspection:
    """Feedback given on Thu 2 Apr 2026 with an overall judgement of inadequate."""
    return easter_walk.to(Status.FEEDBACK_GIVEN)


@pytest.fixture
def assurance_visit(
    inspector: User, manager: User, las: dict[str, LocalAuthority]
) -> Callable[..., Inspection]:
    def make(serious: bool | None = True, **fields: Any) -> Inspection:
        ifa = Provider.objects.create(
            kind=ProviderKind.IFA,
            urn="SC200001",
            name="Brook Fostering",
            registration_date=d("2017-05-01"),
            local_authority=las["330"],
        )
        inspection = Inspection.objects.create(
            provider=ifa,
            kind=Kind.IFA_ASSURANCE.value,
            status=Status.FEEDBACK_GIVEN.value,
            lead_inspector=inspector,
            manager=manager,
            start_date=d("2026-04-01"),
            end_date=END,
            feedback_on=END,
            **fields,
        )
        AssuranceDetail.objects.create(inspection=inspection, serious_concerns=serious)
        return inspection

    return make
