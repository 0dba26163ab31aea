"""The due list as one indexed query (issue 10 item 4): the page and the API filter, sort and paginate in the
database, in a few queries that do not grow with the providers; the command and the nightly job."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careinspect.cli import main
from careinspect.registry.demo import load_demo_registry
from careinspect.registry.models import DueStatus, Provider, ProviderDue
from careinspect.registry.services import refresh_due
from careinspect.registry.tasks import refresh_due_list
from careinspect.rules.lifecycle import Status
from tests.registry.factories import TODAY, inspected, inspection, many_providers, provider

pytestmark = pytest.mark.django_db
API = "/api/registry/inspections-due"
PAGES = [
    "/inspections-due/",
    "/inspections-due/?page=2",
    "/inspections-due/?kind=ASA&kind=IFA&status=overdue&status=this_quarter&sort=name&order=desc",
    "/inspections-due/?sort=earliest&order=desc",
    API,
    f"{API}?offset=5&limit=5",
    f"{API}?kind=VAA&status=overdue&sort=kind&order=desc&limit=500",
]


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as done:
        assert client.get(url).status_code == 200
    return len(done)


@pytest.mark.parametrize("url", PAGES)
def test_the_page_and_the_api_take_at_most_10_queries_for_10_or_200_providers(
    client: Client, inspector: User, url: str
) -> None:
    client.force_login(inspector)
    many_providers(10)
    ten = queries(client, url)
    many_providers(190, first=10)
    assert Provider.objects.count() == ProviderDue.objects.count() == 200
    assert queries(client, url) == ten <= 10


def test_the_page_at_200_providers_stays_within_10_queries(
    client: Client, inspector: User, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    client.force_login(inspector)
    many_providers(200)
    with django_assert_max_num_queries(10):
        page = client.get("/inspections-due/?page=8").content.decode()
    assert "<strong>200</strong> providers, showing 176 to 200" in page


# The API's pages -----------------------------------------------------------------------------------------


def urns(client: Client, query: str) -> tuple[list[str], int]:
    response = client.get(f"{API}?{query}")
    assert response.status_code == 200
    return [r["urn"] for r in response.json()], int(response["X-Total-Count"])


def test_api_pages_with_limit_and_offset_and_says_how_many_match(client: Client, inspector: User) -> None:
    client.force_login(inspector)
    many_providers(120)
    first, total = urns(client, "")
    assert (len(first), total) == (50, 120)  # the default page
    everything, _ = urns(client, "limit=500")
    assert len(everything) == len(set(everything)) == 120
    # Pages follow one order to the end: together they are the whole list, once each.
    walked = [urn for offset in range(0, 120, 7) for urn in urns(client, f"limit=7&offset={offset}")[0]]
    assert walked == everything
    assert urns(client, "offset=500") == ([], 120)
    overdue, count = urns(client, "status=overdue&limit=500")
    assert count == ProviderDue.objects.filter(status=DueStatus.OVERDUE).count() == len(overdue) > 0


@pytest.mark.parametrize(
    ("query", "field"), [("limit=501", "limit"), ("limit=0", "limit"), ("offset=-1", "offset")]
)
def test_api_names_a_bad_page(client: Client, inspector: User, query: str, field: str) -> None:
    client.force_login(inspector)
    response = client.get(f"{API}?{query}")
    assert response.status_code == 422
    assert [field in e["loc"] for e in response.json()["errors"]] == [True]


def test_sorting_descending_puts_providers_with_no_window_first(client: Client, inspector: User) -> None:
    client.force_login(inspector)
    provider("RA1", kind="RAA")
    closing_last = provider("SC1")
    inspected(closing_last, "2026-06-05", "inadequate")  # closes 5 June 2027
    closing_first = provider("SC2")
    inspected(closing_first, "2025-09-30", "inadequate")  # closed 30 September 2026
    assert urns(client, "sort=latest&order=desc")[0] == ["RA1", "SC1", "SC2"]
    assert urns(client, "sort=latest")[0] == ["SC2", "SC1", "RA1"]


# Issue 15 on the page and in the API ---------------------------------------------------------------------


def test_an_agency_being_inspected_shows_its_inspection_not_overdue(client: Client, inspector: User) -> None:
    client.force_login(inspector)
    agency = provider("SC700008")
    inspected(agency, "2025-09-30", "inadequate")  # SCH-2: overdue since 30 September 2026
    draft = inspection(agency, Status.DRAFT_SENT, inspector)
    page = client.get("/inspections-due/").content.decode()
    assert "Inspection under way" in page and f"{draft.reference}, draft report sent" in page
    assert "govuk-tag--red" not in page  # no "Overdue" tag
    filtered = client.get("/inspections-due/?status=under_way").content.decode()
    assert 'value="under_way" checked' in filtered and "Agency SC700008" in filtered
    [row] = client.get(f"{API}?status=under_way").json()
    assert (row["status"], row["rule"], row["under_way"]) == (
        "under_way",
        "SCH-2",
        {"inspection_id": draft.pk, "reference": draft.reference, "status": "Draft report sent"},
    )
    assert client.get(f"{API}?status=overdue").json() == []


def test_a_row_not_yet_refreshed_today_says_which_day_it_is_for(client: Client, inspector: User) -> None:
    client.force_login(inspector)
    inspected(provider("SC1"), "2025-09-30", "inadequate")
    refresh_due(None, TODAY - timedelta(days=1))
    assert "as on 22 Nov 2026" in client.get("/inspections-due/").content.decode()
    assert client.get(API).json()[0]["computed_on"] == "2026-11-22"
    refresh_due(None, TODAY)
    assert "as on" not in client.get("/inspections-due/").content.decode()


# The command, the nightly job and the demo ---------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    # A command run from the command line closes every connection when it ends; the test's transaction
    # lives on one of them (on PostgreSQL), so keep it open here.
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            main(["due", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_refreshes_every_row_and_says_how_many_changed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    inspected(provider("SC1"), "2025-11-23", "inadequate")  # closes today: overdue tomorrow
    provider("SC2")
    code, out, _ = run(capsys, "refresh", "--today", "2026-11-24", "--json")
    assert (code, json.loads(out)) == (0, {"today": "2026-11-24", "providers": 2, "changed": 1})
    code, out, _ = run(capsys, "refresh", "--today", "2026-11-24")
    assert out.strip() == "Due list worked out for 24 November 2026: 2 providers, 0 rows changed."


def test_the_command_refuses_a_bad_date_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "refresh", "--today", "2026-02-30")
    assert (code, out) == (2, "")
    assert "--today" in err and len(err.strip().splitlines()) == 1


def test_the_nightly_job_refreshes_for_the_day_it_runs(capsys: pytest.CaptureFixture[str]) -> None:
    closing = provider("SC1")
    inspected(closing, "2025-11-22", "inadequate")  # closes 22 November 2026
    ProviderDue.objects.update(computed_on=TODAY - timedelta(days=1), status=DueStatus.THIS_QUARTER)
    result = refresh_due_list.enqueue()  # the immediate backend: no worker in the tests
    assert result.return_value == {"today": "2026-11-23", "changed": 1}
    assert ProviderDue.objects.get(provider=closing).status == DueStatus.OVERDUE
    code, out, _ = run(capsys, "enqueue", "--json")  # the systemd timer's line
    assert (code, json.loads(out)["status"]) == (0, "SUCCESSFUL")
    code, out, _ = run(capsys, "enqueue", "--today", "2026-11-25")
    assert out.startswith("Due list refresh queued for the task worker: ") and out.strip().endswith(
        "(SUCCESSFUL)."
    )
    assert set(ProviderDue.objects.values_list("computed_on", flat=True)) == {TODAY + timedelta(days=2)}


def test_the_demo_leaves_every_provider_with_its_row_for_the_demo_day() -> None:
    demo_day = TODAY + timedelta(days=40)
    load_demo_registry(demo_day, synthetic_per_kind=12)
    assert ProviderDue.objects.filter(computed_on=demo_day).count() == Provider.objects.count() > 20
    statuses = set(ProviderDue.objects.values_list("status", flat=True))
    assert statuses >= {"overdue", "this_quarter", "later", "not_on_cycle"}
    call_command("due", "refresh", "--today", demo_day.isoformat())  # nothing left to change
    assert ProviderDue.objects.exclude(computed_on=demo_day).count() == 0
