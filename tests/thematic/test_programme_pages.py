"""The programme's pages and API (THM-2, THM-3, THM-4, NTC-2, NTC-3): a manager creates, takes in, chooses,
swaps, staffs, plans and announces; inspectors read; a provider's staff never learn a programme exists."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from careinspect.core.roles import INSPECTOR
from careinspect.rules.thematic.generate import WINDOW_2023, candidates_csv, generate_candidates
from careinspect.thematic import services
from careinspect.thematic.models import Programme
from tests.people import _user
from tests.thematic.records import at, programme, registry_raa

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_creates_a_programme_through_the_form(people: dict[str, User]) -> None:
    client = _client(people["manager"])
    page = client.get(reverse("thematic:new"))
    assert page.status_code == 200
    answer = client.post(
        reverse("thematic:new"),
        {
            "name": "RAAs 2026",
            "direction": "The five themes",
            "window_start-day": "5",
            "window_start-month": "10",
            "window_start-year": "2026",
            "window_end-day": "1",
            "window_end-month": "10",
            "window_end-year": "2026",
            "size": "6",
            "teams": "3",
            "seed": "0",
        },
    )
    # An end before the start is refused on the field, naming it.
    assert answer.status_code == 200
    assert "is before the window" in answer.content.decode()
    assert Programme.objects.count() == 0
    answer = client.post(
        reverse("thematic:new"),
        {
            "name": "RAAs 2026",
            "direction": "The five themes",
            "window_start": "2026-10-01",
            "window_end": "2026-12-31",
            "size": "6",
            "teams": "3",
            "seed": "0",
        },
    )
    made = Programme.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("thematic:candidates", args=[made.pk])
    assert made.manager == people["manager"] and made.max_team_size == 3


def test_csv_import_select_and_swap_on_the_pages(people: dict[str, User]) -> None:
    p = programme(people["manager"], start=WINDOW_2023.start, end=WINDOW_2023.end, size=6)
    client = _client(people["manager"])
    bad = SimpleUploadedFile("c.csv", b"urn,name\nRA1,x\n", content_type="text/csv")
    answer = client.post(reverse("thematic:candidates", args=[p.pk]), {"form": "file", "file": bad})
    assert "line 1, column region: the header has no column" in answer.content.decode()
    good = SimpleUploadedFile("c.csv", candidates_csv(generate_candidates(seed=3, count=30)).encode())
    answer = client.post(reverse("thematic:candidates", args=[p.pk]), {"form": "file", "file": good})
    assert answer.status_code == 302
    assert p.candidates.count() == 30
    answer = client.post(reverse("thematic:selection", args=[p.pk]), {"form": "select"})
    assert answer.status_code == 302
    page = client.get(reverse("thematic:selection", args=[p.pk])).content.decode()
    assert "THM-3" in page and "Coverage" in page and "Why it was chosen" in page
    out = p.candidates.filter(selected=True).first()
    incoming = p.candidates.filter(selected=False, excluded_rule="").first()
    answer = client.post(
        reverse("thematic:selection", args=[p.pk]),
        {"form": "swap", "out_urn": out.urn, "in_urn": incoming.urn, "why": ""},
    )
    assert answer.status_code == 302
    page = client.get(reverse("thematic:selection", args=[p.pk])).content.decode()
    assert f"Last swap: {out.urn} out, {incoming.urn} in" in page
    assert "Coverage before and after the swap" in page


def test_plan_page_staffs_plans_and_announces(people: dict[str, User]) -> None:
    registry_raa("RA100001", las=("801", "802"))
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    services.take_candidates_from_register(p, by=people["manager"], now=at(date(2026, 3, 2)))
    services.select_sample(p, by=people["manager"], now=at(date(2026, 3, 2)))
    lead = _user("lead-1", INSPECTOR)
    client = _client(people["manager"])
    answer = client.post(
        reverse("thematic:plan", args=[p.pk]), {"form": "team1", "team1-team": "1", "team1-lead": lead.pk}
    )
    assert answer.status_code == 302
    answer = client.post(reverse("thematic:plan", args=[p.pk]), {"form": "plan"})
    assert answer.status_code == 302
    page = client.get(reverse("thematic:plan", args=[p.pk])).content.decode()
    assert "Friday 27 March 2026" in page  # notice
    assert "4pm on Monday 30 March 2026" in page  # INF-1
    assert "Tuesday 7 April 2026" in page and "Thursday 9 April 2026" in page
    visit = p.visits.get()
    # Not the notice day (the real today): the announcement is refused with NTC-2 and nothing changes.
    answer = client.post(reverse("thematic:announce", args=[p.pk, visit.pk]), {"notice_to": ""}, follow=True)
    assert "NTC-2" in answer.content.decode()
    visit.inspection.refresh_from_db()
    assert visit.inspection.status == "scheduled"


def test_inspectors_read_without_forms_and_providers_never_see_a_programme(people: dict[str, User]) -> None:
    p = programme(people["manager"], start=WINDOW_2023.start, end=WINDOW_2023.end, size=1)
    inspector = _client(people["inspector"])
    for name in ("list", "detail", "candidates", "selection", "plan"):
        url = reverse(f"thematic:{name}", args=[] if name == "list" else [p.pk])
        page = inspector.get(url)
        assert page.status_code == 200, url
        assert (
            "<form"
            not in page.content.decode()
            .split('id="main-content"')[-1]
            .replace('action="/accounts/logout/"', "")
            or name == "list"
        )
    assert inspector.post(reverse("thematic:selection", args=[p.pk]), {"form": "select"}).status_code == 403
    assert inspector.get(reverse("thematic:new")).status_code == 403
    provider = _client(people["provider_a"])
    for name in ("list", "detail", "candidates", "selection", "plan"):
        url = reverse(f"thematic:{name}", args=[] if name == "list" else [p.pk])
        assert provider.get(url).status_code == 404, url
    assert provider.post(reverse("thematic:selection", args=[p.pk]), {"form": "select"}).status_code == 404
    assert provider.get("/api/thematic/programmes").json() == []
    assert provider.get(f"/api/thematic/programmes/{p.pk}").status_code == 404
    assert provider.post(f"/api/thematic/programmes/{p.pk}/select").status_code == 404
    p.refresh_from_db()
    assert p.selected_at is None


def test_api_selects_swaps_and_answers_rule_errors(people: dict[str, User]) -> None:
    client = _client(people["manager"])
    made = client.post(
        "/api/thematic/programmes",
        json.dumps(
            {
                "name": "RAAs 2023",
                "direction": "Themes",
                "window_start": "2023-10-01",
                "window_end": "2023-12-31",
                "size": 6,
            }
        ),
        content_type="application/json",
    )
    # A POST that makes records answers 201 (the programme, its candidates, a swap); a step answers 200.
    assert made.status_code == 201
    pk = made.json()["id"]
    csv = candidates_csv(generate_candidates(seed=3, count=30))
    taken = client.post(
        f"/api/thematic/programmes/{pk}/candidates", {"csv": csv}, content_type="application/json"
    )
    assert (taken.status_code, taken.json()["count"]) == (201, 30)
    selected = client.post(f"/api/thematic/programmes/{pk}/select")
    assert selected.status_code == 200
    chosen = selected.json()
    assert set(chosen) == {"selected", "excluded", "coverage", "reasons"}
    assert all(e["rule"] == "THM-3" for e in chosen["excluded"])
    excluded = chosen["excluded"][0]["urn"]
    refused = client.post(
        f"/api/thematic/programmes/{pk}/swap",
        {"out_urn": chosen["selected"][0], "in_urn": excluded},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert (refused.json()["rule"], refused.json()["field"]) == ("THM-3", "in_urn")
    eligible = sorted(
        set(Programme.objects.get(pk=pk).candidates.filter(excluded_rule="").values_list("urn", flat=True))
        - set(chosen["selected"])
    )
    swapped = client.post(
        f"/api/thematic/programmes/{pk}/swap",
        {"out_urn": chosen["selected"][0], "in_urn": eligible[0]},
        content_type="application/json",
    )
    assert swapped.status_code == 201
    assert eligible[0] in swapped.json()["selection"]["selected"]
    inspector = _client(people["inspector"])
    assert inspector.post(f"/api/thematic/programmes/{pk}/select").status_code == 403
    assert (
        inspector.get(f"/api/thematic/programmes/{pk}").json()["selection"]["selected"]
        == swapped.json()["selection"]["selected"]
    )


def test_api_takes_candidates_from_the_register_and_plans_answering_201(people: dict[str, User]) -> None:
    """THM-4: the plan makes the programme's visits (and their inspections), so it answers 201 with them."""
    registry_raa("RA100001", las=("801", "802"))
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    lead = _user("lead-1", INSPECTOR)
    client = _client(people["manager"])
    taken = client.post(f"/api/thematic/programmes/{p.pk}/candidates/register")
    assert (taken.status_code, taken.json()["count"]) == (201, 1)
    assert client.post(f"/api/thematic/programmes/{p.pk}/select").status_code == 200
    team = client.put(
        f"/api/thematic/programmes/{p.pk}/teams/1",
        {"inspectors": [lead.username]},
        content_type="application/json",
    )
    assert team.status_code == 200
    planned = client.post(f"/api/thematic/programmes/{p.pk}/plan")
    assert planned.status_code == 201
    (visit,) = planned.json()["visits"]
    assert (visit["urn"], visit["visit"], visit["start"]) == ("RA100001", p.visits.get().pk, "2026-04-07")


def test_the_plan_and_candidates_pages_read_in_a_fixed_number_of_queries(
    people: dict[str, User], django_assert_max_num_queries: object
) -> None:
    for n in range(4):
        registry_raa(
            f"RA10000{n}",
            las=(f"8{n}1", f"8{n}2"),
            region=["London", "North East", "South West", "East Midlands"][n],
        )
    p = programme(people["manager"], start=date(2026, 4, 13), end=date(2026, 5, 8), size=4, teams=2)
    services.take_candidates_from_register(p, by=people["manager"], now=at(date(2026, 3, 2)))
    services.select_sample(p, by=people["manager"], now=at(date(2026, 3, 2)))
    for team in (1, 2):
        services.set_team(
            p,
            team=team,
            inspectors=[_user(f"lead-{team}", INSPECTOR)],
            by=people["manager"],
            now=at(date(2026, 3, 2)),
        )
    assert len(services.plan_programme(p, by=people["manager"], now=at(date(2026, 3, 2)))) == 4
    client = _client(people["manager"])
    for name in ("plan", "candidates", "selection", "detail"):
        with django_assert_max_num_queries(25):  # type: ignore[operator]
            assert client.get(reverse(f"thematic:{name}", args=[p.pk])).status_code == 200
