"""Who may open which page (DPR-3): walking the IDs of another agency's records finds nothing.

Agency A's inspection is far enough along to have evidence, a draft report and a case list; agency B's
provider user tries every page and form with every ID, and the database must not change.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from careinspect.inspections.models import Evidence, Inspection, InspectionEvent
from careinspect.registry.models import Provider
from careinspect.scenarios.sccif_full import SccifScenario
from tests.clock import at, tick
from tests.conftest import d

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REGULATOR_PAGES = [
    "",
    "notice/",
    "preparation/",
    "cases/",
    "evidence/",
    "judgements/",
    "requirements/",
    "report/",
]


@pytest.fixture
def inspection_a(people: dict[str, User], agency_a: Provider) -> Inspection:
    scenario = SccifScenario(inspector=people["inspector"], manager=people["manager"])
    with time_machine.travel(datetime(2025, 1, 6, 10, tzinfo=LONDON), tick=False):
        scenario.schedule(agency_a, start=d("2025-02-03"), end=d("2025-02-04"), now=at(d("2025-01-06")))
    scenario.notify(now=at(d("2025-01-20")))
    scenario.start_preparation(now=tick())
    scenario.record_evidence(
        source="written_record", text="Case record AB-1 shows a safety plan.", now=tick()
    )
    return scenario.inspection


@pytest.fixture
def inspection_b(people: dict[str, User], agency_b: Provider) -> Inspection:
    scenario = SccifScenario(inspector=people["inspector"], manager=people["manager"])
    scenario.schedule(agency_b, start=d("2025-02-10"), end=d("2025-02-11"), now=at(d("2025-01-06")))
    return scenario.notify(now=at(d("2025-01-27")))


def _state() -> tuple[object, ...]:
    return (
        tuple(Inspection.objects.order_by("pk").values_list("status", "notified_on", "information_due")),
        Evidence.objects.count(),
        InspectionEvent.objects.count(),
    )


def test_dpr3_provider_user_walking_ids_reaches_no_other_agency_page(
    people: dict[str, User], inspection_a: Inspection, inspection_b: Inspection
) -> None:
    client = Client()
    client.force_login(people["provider_b"])
    before = _state()
    for pk in range(1, inspection_b.pk + 3):
        if pk == inspection_b.pk:
            continue
        assert client.get(f"/portal/inspections/{pk}/").status_code == 404, pk
        assert (
            client.post(
                f"/portal/inspections/{pk}/", {"form": "response", "kind": "complaint", "text": "x"}
            ).status_code
            == 404
        )
        for page in ("notice", "staff"):
            assert client.get(f"/inspections/{pk}/letters/{page}/").status_code in (403, 404)
        assert client.get(f"/inspections/{pk}/report.pdf").status_code in (403, 404)
    assert _state() == before


@pytest.mark.parametrize("page", REGULATOR_PAGES)
def test_dpr3_provider_user_never_reaches_the_team_pages_or_evidence(
    people: dict[str, User], inspection_a: Inspection, page: str
) -> None:
    """Not even for their own agency's inspection: evidence and the team's working are not theirs."""
    client = Client()
    client.force_login(people["provider_a"])
    assert client.get(f"/inspections/{inspection_a.pk}/{page}").status_code == 403
    assert client.post(f"/inspections/{inspection_a.pk}/{page}", {"form": "evidence"}).status_code == 403


def test_dpr3_provider_sees_own_inspection_once_notified(
    people: dict[str, User], inspection_a: Inspection
) -> None:
    client = Client()
    client.force_login(people["provider_a"])
    page = client.get(f"/portal/inspections/{inspection_a.pk}/").content.decode()
    assert inspection_a.reference in page
    assert "Case record AB-1" not in page  # evidence never shows in the portal


@pytest.mark.parametrize("page", REGULATOR_PAGES)
def test_qa_officer_reads_every_page_but_changes_nothing(
    people: dict[str, User], inspection_a: Inspection, page: str
) -> None:
    client = Client()
    client.force_login(people["qa"])
    assert client.get(f"/inspections/{inspection_a.pk}/{page}").status_code == 200
    before = _state()
    client.post(f"/inspections/{inspection_a.pk}/act/start_on_site/", {})
    client.post(
        f"/inspections/{inspection_a.pk}/evidence/", {"form": "evidence", "source": "email", "text": "t"}
    )
    client.post(f"/inspections/{inspection_a.pk}/preparation/", {"kind": "strength", "text": "t"})
    assert _state() == before


def test_anonymous_visitor_is_sent_to_sign_in(inspection_a: Inspection) -> None:
    client = Client()
    for url in (f"/inspections/{inspection_a.pk}/", f"/portal/inspections/{inspection_a.pk}/", "/dashboard/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("page", REGULATOR_PAGES)
def test_inspector_opens_every_page(people: dict[str, User], inspection_a: Inspection, page: str) -> None:
    client = Client()
    client.force_login(people["inspector"])
    assert client.get(f"/inspections/{inspection_a.pk}/{page}").status_code == 200


def test_dashboard_shows_each_user_their_own_work(people: dict[str, User], inspection_a: Inspection) -> None:
    """RULES: INF-2 — the agency's forms are due; the provider sees that, the inspector the visit."""
    client = Client()
    with time_machine.travel(datetime(2025, 1, 21, 10, tzinfo=LONDON), tick=False):
        client.force_login(people["inspector"])
        assert "On-site visit starts" in client.get("/dashboard/").content.decode()
        client.force_login(people["provider_a"])
        assert client.get("/dashboard/").status_code == 302
        portal = client.get("/portal/").content.decode()
        assert "Information forms due from the agency" in portal
        client.force_login(people["provider_b"])
        assert inspection_a.reference not in client.get("/portal/").content.decode()
