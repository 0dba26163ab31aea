"""The due list's stored rows (issue 10 item 4): what refreshes them, set-based, and the inspection under way
that shows instead of "Overdue" (issue 15)."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careinspect.inspections.receivers import under_way
from careinspect.registry.models import DueStatus, Provider, ProviderDue, ProviderKind
from careinspect.registry.services import refresh_due
from careinspect.rules.lifecycle import Status
from tests.conftest import d
from tests.registry.factories import TODAY, inspected, inspection, many_providers, provider

pytestmark = pytest.mark.django_db


def row(p: Provider) -> ProviderDue:
    return ProviderDue.objects.get(provider=p)


# What refreshes a row -------------------------------------------------------------------------------------


def test_sch4_a_registration_makes_its_row_at_once() -> None:
    new = provider("SC1", registered="2026-07-01")
    assert (row(new).window.as_dict(), row(new).status, row(new).computed_on) == (  # type: ignore[union-attr]
        {"earliest": "2027-02-01", "latest": "2027-07-01", "rule": "SCH-4"},
        DueStatus.LATER,
        TODAY,
    )


def test_sch4_services_starting_brings_a_first_inspection_due() -> None:
    idle = provider("SC1", registered="2025-06-02", serves_users=False)
    assert (row(idle).status, row(idle).window) == (DueStatus.NOT_ON_CYCLE, None)
    idle.serves_users = True
    idle.save()
    # 7 to 12 months after 2 June 2025 closed on 2 June 2026.
    assert (row(idle).rule, row(idle).status) == ("SCH-4", DueStatus.OVERDUE)


def test_thm3_an_raa_registering_as_a_vaa_joins_the_cycle() -> None:
    raa = provider("RA1", kind=ProviderKind.RAA)
    inspected(raa, "2025-02-03", "good")
    assert row(raa).status == DueStatus.NOT_ON_CYCLE
    raa.registered_as_vaa = True
    raa.save()
    assert (row(raa).rule, row(raa).latest, row(raa).status) == ("SCH-1", d("2028-03-31"), "this_quarter")


def test_a_renamed_provider_sorts_under_its_new_name() -> None:
    p = provider("SC1")
    p.name = "Zebra Adoption Support"
    p.save()
    assert row(p).name_key == "zebra adoption support"


def test_sch2_a_published_judgement_moves_the_window_and_its_removal_moves_it_back() -> None:
    p = provider("SC1")
    inspected(p, "2023-05-10", "good")  # SCH-1: 1 April 2024 to 31 March 2027
    assert (row(p).rule, row(p).status) == ("SCH-1", DueStatus.THIS_QUARTER)
    latest = inspected(p, "2026-06-05", "inadequate")  # SCH-2: 5 December 2026 to 5 June 2027
    assert (row(p).earliest, row(p).latest, row(p).status) == (
        d("2026-12-05"),
        d("2027-06-05"),
        "this_quarter",
    )
    assert row(p).reason == "Last inspected 5 June 2026: inadequate"
    latest.delete()
    assert (row(p).rule, row(p).latest) == ("SCH-1", d("2027-03-31"))


def test_deleting_a_provider_with_its_history_takes_its_row_with_it() -> None:
    p = provider("SC1")
    inspected(p, "2023-05-10", "good")
    inspected(p, "2020-05-11", "inadequate")
    p.delete()
    assert not ProviderDue.objects.exists()


# Issue 15: an inspection under way -------------------------------------------------------------------------


@pytest.fixture
def overdue() -> Provider:
    p = provider("SC700008")
    inspected(p, "2025-09-30", "inadequate")  # SCH-2: closed 30 September 2026
    return p


def test_an_inspection_under_way_shows_instead_of_overdue(overdue: Provider, inspector: User) -> None:
    assert row(overdue).status == DueStatus.OVERDUE
    draft = inspection(overdue, Status.DRAFT_SENT, inspector)
    due = row(overdue)
    assert (due.status, due.under_way_inspection, due.under_way_text) == (
        DueStatus.UNDER_WAY,
        draft.pk,
        f"INS-{draft.pk:05d}, draft report sent",
    )
    assert due.rule == "SCH-2"  # the window is still there to read


def test_scheduling_moving_on_holding_and_deleting_an_inspection_refresh_the_row(
    overdue: Provider, inspector: User
) -> None:
    scheduled = inspection(overdue, Status.SCHEDULED, inspector)
    assert (row(overdue).status, row(overdue).under_way_status) == (DueStatus.UNDER_WAY, "Scheduled")
    scheduled.status = Status.ON_SITE
    scheduled.save()
    assert row(overdue).under_way_text == f"{scheduled.reference}, on site"
    scheduled.status = Status.PAUSED  # held: waits on a decision, the agency is due again
    scheduled.save()
    assert (row(overdue).status, row(overdue).under_way_inspection) == (DueStatus.OVERDUE, None)
    scheduled.status = Status.NOTIFIED
    scheduled.save()
    scheduled.delete()
    assert (row(overdue).status, row(overdue).under_way_reference) == (DueStatus.OVERDUE, "")


@pytest.mark.parametrize("status", sorted(s.value for s in Status))
def test_which_states_are_under_way(overdue: Provider, inspector: User, status: str) -> None:
    inspection(overdue, status, inspector)
    finished_or_held = {
        "published",
        "not_published",
        "reported",
        "disposed",
        "deferred",
        "paused",
        "incomplete",
    }
    assert (row(overdue).status == DueStatus.UNDER_WAY) is (status not in finished_or_held)


def test_any_kind_of_inspection_is_under_way_and_the_first_started_is_shown(
    overdue: Provider, inspector: User
) -> None:
    later = inspection(overdue, Status.SCHEDULED, inspector, start="2026-12-07")
    earlier = inspection(overdue, Status.ON_SITE, inspector, start="2026-11-23", kind="monitoring")
    assert row(overdue).under_way_inspection == earlier.pk
    assert under_way([overdue.pk])[overdue.pk].inspection_id == earlier.pk
    earlier.delete()
    assert row(overdue).under_way_inspection == later.pk


def test_a_refresh_from_the_registry_keeps_the_inspection_under_way(
    overdue: Provider, inspector: User
) -> None:
    """The registry's own triggers (a provider saved, the nightly job) ask the inspections app again."""
    draft = inspection(overdue, Status.DRAFT_SENT, inspector)
    overdue.registered_manager = "A. Patel"
    overdue.save()
    refresh_due(None, TODAY + timedelta(days=1))
    assert row(overdue).under_way_inspection == draft.pk


# The refresh itself --------------------------------------------------------------------------------------


def test_the_date_rolling_on_moves_a_status_and_only_that_row_changes() -> None:
    closing = provider("SC1")
    inspected(closing, "2025-11-23", "inadequate")  # SCH-2: closes 23 November 2026, today
    steady = provider("SC2")
    inspected(steady, "2025-02-03", "good")
    assert row(closing).status == DueStatus.THIS_QUARTER
    tomorrow = TODAY + timedelta(days=1)
    assert refresh_due(None, tomorrow) == 1
    assert (row(closing).status, row(closing).computed_on) == (DueStatus.OVERDUE, tomorrow)
    assert row(steady).computed_on == tomorrow  # stamped, though nothing in it changed
    assert refresh_due(None, tomorrow) == 0


def test_a_full_refresh_reads_in_the_same_queries_for_10_and_200_providers() -> None:
    """Set-based: the reads do not grow with the providers, and the writes only by the statements the
    database needs to hold them (SQLite takes at most 999 parameters in one)."""

    def refresh_all() -> tuple[int, int]:
        # Three years back the cycles of 2022 are open, not overdue: rows change, so the write is counted.
        with CaptureQueriesContext(connection) as done:
            changed = refresh_due(None, TODAY - timedelta(days=3 * 365))
        assert changed > 0
        reads = [q for q in done.captured_queries if q["sql"].startswith("SELECT")]
        return len(reads), len(done)

    many_providers(10)
    ten_reads, ten = refresh_all()
    ProviderDue.objects.all().delete()
    many_providers(190, first=10)
    assert ProviderDue.objects.count() == 200
    reads, total = refresh_all()
    # Facts, inspections under way, decisions bringing inspections forward (SCH-5, SCH-10), stored rows.
    assert (reads, ten_reads) == (5, 5)
    assert ten <= 10 and total <= 15


def test_a_refresh_of_some_providers_leaves_the_others_alone() -> None:
    first, second = provider("SC1"), provider("SC2")
    later = TODAY + timedelta(days=30)
    assert refresh_due([first], later) == 0
    assert (row(first).computed_on, row(second).computed_on) == (later, TODAY)
    assert refresh_due([], later) == 0


def test_the_migration_fills_the_table_as_the_service_does() -> None:
    many_providers(30)
    raa = provider("RA1", kind=ProviderKind.RAA)
    provider("SC1", registered="2026-01-05", serves_users=False)
    inspected(raa, "2023-11-02", "", kind="raa-thematic")
    expected = sorted(ProviderDue.objects.values_list())
    ProviderDue.objects.all().delete()
    migration = importlib.import_module("careinspect.registry.migrations.0005_due_list")
    migration.fill(django_apps, None)
    assert sorted(ProviderDue.objects.values_list()) == expected


def test_the_admin_shows_the_rows_and_lets_nobody_edit_them(client: Client) -> None:
    provider("SC1")
    client.force_login(User.objects.create_superuser("root", password="root-test-pass-123"))
    listing = client.get("/admin/registry/providerdue/")
    assert listing.status_code == 200 and "Agency SC1" in listing.content.decode()
    assert client.get("/admin/registry/providerdue/add/").status_code == 403


def test_the_real_services_scheduling_to_publishing_keep_the_row_right(
    people: dict[str, User], agency_a: Provider
) -> None:
    """Issue 15 and the published report, through the services the pages use (the inspections tests' walk:
    on site 17 to 19 December 2025, all good, published 28 January 2026)."""
    from tests.inspections.conftest import Walk

    inspected(agency_a, "2022-03-10", "good")  # SCH-1: closed 31 March 2025, overdue
    walk = Walk(
        inspector=people["inspector"],
        manager=people["manager"],
        provider_user=people["provider_a"],
        provider=agency_a,
    )
    walk.to(Status.SCHEDULED)
    assert (row(agency_a).status, row(agency_a).under_way_status) == (DueStatus.UNDER_WAY, "Scheduled")
    walk.to(Status.DRAFT_SENT)
    assert row(agency_a).under_way_text == f"{walk.current.reference}, draft report sent"
    walk.to(Status.PUBLISHED)
    due = row(agency_a)
    assert (due.status, due.under_way_inspection, due.reason) == (
        DueStatus.THIS_QUARTER,
        None,
        "Last inspected 19 December 2025: good",
    )
    assert (due.earliest, due.latest, due.rule) == (d("2026-04-01"), d("2029-03-31"), "SCH-1")
