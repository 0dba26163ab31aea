"""A thematic inspection and an assurance visit are offered only their own kind's steps.

RULES: KND-2 — a thematic inspection of an RAA refuses every SCCIF step through the API (422 naming its
kind) and has no SCCIF pages; KND-3 — so does an assurance visit, which is live from its 9am call (NTC-4).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careinspect.inspections.models import Inspection
from careinspect.inspections.services.announcements import announce
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from tests.clock import at

pytestmark = pytest.mark.django_db

# The SCCIF full inspection's own steps, as the API takes them: (method, path, body).
SCCIF_STEPS: list[tuple[str, str, dict[str, Any]]] = [
    ("post", "notify", {}),
    ("post", "notification-call", {"at": "2025-10-06T11:00:00+01:00", "note": "Spoke to the leader"}),
    ("post", "start-preparation", {}),
    ("post", "plan", {"kind": "line_of_enquiry", "text": "How long do adopters wait?"}),
    ("put", "management-facts", {"manager_vacancy_weeks": 3, "recruitment_evidence": "none"}),
    ("put", "judgements/helped_protected", {"grade": "good", "rationale": "x", "evidence_ids": [1]}),
    ("post", "evidence", {"source": "observation", "text": "Seen."}),
    (
        "post",
        "requirements",
        {
            "regulation": "R1",
            "action": "A",
            "impact": "I",
            "compliance_date": "2026-01-05",
            "evidence_ids": [],
        },
    ),
    ("post", "recommendations", {"nms_standard": "NMS 5", "text": "Do better."}),
    ("put", "report", {"sections": {"last_inspection": "None"}}),
    ("post", "report/check", {"note": ""}),
    ("get", "judgements", {}),
    ("get", "report", {}),
    ("get", "cases", {}),
    ("get", "evidence", {}),
    ("get", "requirements", {}),
]
SCCIF_PAGES = ["preparation", "cases", "evidence", "judgements", "requirements", "report"]
# KND-3 — the assurance visit shares the SCCIF's evidence, requirements, recommendations and report steps
# (issue 12: the same EVD rules, the narrative report); every other SCCIF step stays refused.
# It samples cases too, from the foster carer register (CAS-3, INF-3), on the same cases page.
SHARED_WITH_ASSURANCE = {"evidence", "requirements", "recommendations", "report", "report/check", "cases"}
NOT_ASSURANCE_STEPS = [step for step in SCCIF_STEPS if step[1] not in SHARED_WITH_ASSURANCE]
NOT_ASSURANCE_PAGES = ["preparation", "judgements"]


@pytest.fixture
def raa(db: None) -> Provider:
    return Provider.objects.create(
        kind="RAA", urn="RA000009", name="Coast and Vale Adoption", registration_date=date(2019, 1, 1)
    )


@pytest.fixture
def thematic(raa: Provider, people: dict[str, User]) -> Inspection:
    """RULES: NTC-2 — announced on Monday 6 October 2025 for fieldwork from Monday 13 October."""
    return announce(
        raa,
        kind="raa-thematic",
        lead_inspector=people["inspector"],
        start=date(2025, 10, 13),
        end=date(2025, 10, 16),
        by=people["manager"],
        now=at("2025-10-06", 9, 30),
    )


@pytest.fixture
def ifa(db: None) -> Provider:
    return Provider.objects.create(
        kind="IFA", urn="SC800001", name="Hearth Fostering", registration_date=date(2017, 5, 2)
    )


@pytest.fixture
def assurance(ifa: Provider, people: dict[str, User]) -> Inspection:
    """RULES: NTC-4 — announced by the 9am call on Tuesday 3 March 2026, the first of its 2 days."""
    return announce(
        ifa,
        kind="ifa-assurance",
        lead_inspector=people["inspector"],
        start=date(2026, 3, 3),
        end=date(2026, 3, 4),
        by=people["manager"],
        now=at("2026-03-03", 9),
    )


def _call(client: Client, method: str, inspection: Inspection, path: str, body: dict[str, Any]) -> Any:
    url = f"/api/inspections/{inspection.pk}/{path}"
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


# NTC-2: the thematic letter is followed by a call the same morning, logged like the SCCIF's (NTC-1).
THEMATIC_REFUSED = [step for step in SCCIF_STEPS if step[1] != "notification-call"]


@pytest.mark.parametrize(
    ("method", "path", "body"), THEMATIC_REFUSED, ids=[f"{m} {p}" for m, p, _ in THEMATIC_REFUSED]
)
def test_knd2_the_api_refuses_every_sccif_step_on_a_thematic_inspection(
    thematic: Inspection, people: dict[str, User], method: str, path: str, body: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["manager"])
    answer = _call(client, method, thematic, path, body)
    assert answer.status_code == 422, answer.content
    assert answer.json()["rule"] == "KND-2"
    assert answer.json()["field"] == "kind"
    assert "(raa-thematic)" in answer.json()["detail"]
    assert Inspection.objects.get(pk=thematic.pk).status == Status.NOTIFIED


@pytest.mark.parametrize(
    ("method", "path", "body"), NOT_ASSURANCE_STEPS, ids=[f"{m} {p}" for m, p, _ in NOT_ASSURANCE_STEPS]
)
def test_knd3_the_api_refuses_every_sccif_step_on_an_assurance_visit(
    assurance: Inspection, people: dict[str, User], method: str, path: str, body: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["manager"])
    answer = _call(client, method, assurance, path, body)
    assert answer.status_code == 422, answer.content
    assert (answer.json()["rule"], answer.json()["field"]) == ("KND-3", "kind")
    assert "(ifa-assurance)" in answer.json()["detail"]


def test_knd2_fieldwork_starts_only_once_the_thematic_sample_is_confirmed(
    thematic: Inspection, people: dict[str, User]
) -> None:
    """The thematic graph has its own start of fieldwork, from preparing (CAS-2), never from notified."""
    client = Client()
    client.force_login(people["inspector"])
    answer = _call(client, "post", thematic, "start-on-site", {})
    assert answer.status_code == 422
    assert (answer.json()["rule"], answer.json()["field"]) == ("KND-2", "status")
    assert "cannot start the fieldwork while the inspection is notified" in answer.json()["detail"]


def test_ntc4_an_assurance_visit_is_live_from_the_call(assurance: Inspection) -> None:
    assert assurance.status == Status.ON_SITE
    assert assurance.notified_on == date(2026, 3, 3)
    assert list(assurance.events.values_list("type", flat=True)) == ["scheduled", "announce"]
    assert assurance.events.get(type="announce").label == "Announced: the visit is live from the call"


@pytest.mark.parametrize("page", SCCIF_PAGES)
def test_knd2_a_thematic_inspection_has_no_sccif_pages(
    thematic: Inspection, people: dict[str, User], page: str
) -> None:
    client = Client()
    client.force_login(people["inspector"])
    assert client.get(f"/inspections/{thematic.pk}/{page}/").status_code == 404
    overview = client.get(f"/inspections/{thematic.pk}/").content.decode()
    assert f"/inspections/{thematic.pk}/{page}/" not in overview


def test_knd2_the_overview_names_the_thematic_deadlines_and_no_case_tracking(
    thematic: Inspection, people: dict[str, User]
) -> None:
    client = Client()
    client.force_login(people["inspector"])
    page = client.get(f"/inspections/{thematic.pk}/").content.decode()
    assert "Announcement: letter and call (NTC-2)" in page
    assert "Information by 4pm (INF-1)" in page
    assert "NTC-1" not in page and "INF-2" not in page and "CAS-1" not in page
    assert client.get(f"/inspections/{thematic.pk}/report.pdf").status_code == 404


def test_ntc2_the_thematic_letter_of_notice_is_an_raa_letter(
    thematic: Inspection, people: dict[str, User]
) -> None:
    client = Client()
    client.force_login(people["inspector"])
    letter = client.get(f"/inspections/{thematic.pk}/letters/notice/").content.decode()
    assert "Letter of notice to the RAA leader" in letter
    assert "Dear RAA leader" in letter
    assert "by <strong>4pm on Tuesday 7 October 2025</strong>" in letter  # INF-1: the next working day
    assert "five themes" in letter
    for absent in ("SCCIF", "case list form", "18 working days", "adoption support agencies"):
        assert absent not in letter
    assert client.get(f"/inspections/{thematic.pk}/letters/staff/").status_code == 404


def test_ntc4_the_assurance_email_confirms_the_arrangements(
    assurance: Inspection, people: dict[str, User]
) -> None:
    client = Client()
    client.force_login(people["inspector"])
    letter = client.get(f"/inspections/{assurance.pk}/letters/notice/").content.decode()
    assert "Email confirming the arrangements" in letter
    assert "by <strong>midday on Tuesday 3 March 2026</strong>" in letter  # INF-3: by noon on day 1
    assert "not a graded inspection" in letter


def test_knd3_pages_and_navigation_offer_only_the_assurance_visits_pages(
    assurance: Inspection, people: dict[str, User]
) -> None:
    client = Client()
    client.force_login(people["inspector"])
    overview = client.get(f"/inspections/{assurance.pk}/").content.decode()
    for page in NOT_ASSURANCE_PAGES:
        assert f"/inspections/{assurance.pk}/{page}/" not in overview
    assert f"/inspections/{assurance.pk}/information/" in overview
    assert f"/inspections/{assurance.pk}/cases/" in overview  # the register's children, to sample
