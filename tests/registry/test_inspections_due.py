"""The Inspections due list: windows from the rules (SCH-1 to SCH-4, THM-3), filters, sorting, access."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careinspect.registry.models import InspectionKind, LocalAuthority, Provider, ProviderDue, ProviderKind
from careinspect.registry.services import DueStatus, inspections_due, quarter_end
from tests.conftest import d
from tests.registry.factories import TODAY, inspected, provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies() -> dict[str, Provider]:
    good = provider("SC1")
    inspected(good, "2020-02-10", "inadequate")
    inspected(good, "2024-06-12", "good")  # SCH-1: cycle 1 Apr 2025 to 31 Mar 2028
    inadequate = provider("SC2")
    inspected(inadequate, "2025-09-30", "inadequate")  # SCH-2: 31 Mar 2026 to 30 Sep 2026 → overdue
    ri = provider("SC3", kind=ProviderKind.IFA)
    inspected(ri, "2025-07-15", "requires_improvement")  # SCH-3: 15 Jul 2026 to 15 Jan 2027 → this quarter
    new = provider("SC4", registered="2026-07-01")  # SCH-4: 1 Feb 2027 to 1 Jul 2027 → later
    raa = provider("RA1", kind=ProviderKind.RAA)
    inspected(raa, "2023-11-02", "", kind=InspectionKind.RAA_THEMATIC)
    vaa_raa = provider("RA2", kind=ProviderKind.RAA, registered_as_vaa=True)
    inspected(vaa_raa, "2022-03-03", "outstanding")
    idle = provider("SC5", registered="2026-01-05", serves_users=False)
    return {
        "good": good,
        "inadequate": inadequate,
        "ri": ri,
        "new": new,
        "raa": raa,
        "vaa_raa": vaa_raa,
        "idle": idle,
    }


def by_urn() -> dict[str, ProviderDue]:
    return {e.provider.urn: e for e in inspections_due(TODAY)}


def test_quarter_end() -> None:
    assert quarter_end(d("2026-11-23")) == d("2026-12-31")
    assert quarter_end(d("2027-02-01")) == d("2027-03-31")
    assert quarter_end(d("2026-04-01")) == d("2026-06-30")


def test_sch1_to_sch4_windows_and_statuses(agencies: dict[str, Provider]) -> None:
    e = by_urn()
    assert (e["SC1"].window.as_dict(), e["SC1"].status) == (
        {"earliest": "2025-04-01", "latest": "2028-03-31", "rule": "SCH-1"},
        DueStatus.THIS_QUARTER,
    )
    assert (e["SC2"].window.rule, e["SC2"].status) == ("SCH-2", DueStatus.OVERDUE)
    assert (e["SC3"].window.rule, e["SC3"].status) == ("SCH-3", DueStatus.THIS_QUARTER)
    assert (e["SC4"].window.as_dict(), e["SC4"].status) == (
        {"earliest": "2027-02-01", "latest": "2027-07-01", "rule": "SCH-4"},
        DueStatus.LATER,
    )


def test_thm3_raa_is_not_on_the_cycle_unless_registered_as_a_vaa(agencies: dict[str, Provider]) -> None:
    e = by_urn()
    assert (e["RA1"].window, e["RA1"].status) == (None, DueStatus.NOT_ON_CYCLE)
    assert e["RA2"].window.as_dict() == {
        "earliest": "2022-04-01",
        "latest": "2025-03-31",
        "rule": "SCH-1",
    }
    assert e["RA2"].status == DueStatus.OVERDUE


def test_sch4_no_first_inspection_while_nobody_receives_services(agencies: dict[str, Provider]) -> None:
    assert by_urn()["SC5"].status == DueStatus.NOT_ON_CYCLE


def test_filter_by_kind_and_status_and_sort(agencies: dict[str, Provider]) -> None:
    assert [e.provider.urn for e in inspections_due(TODAY, kinds=["IFA"])] == ["SC3"]
    overdue = inspections_due(TODAY, statuses=["overdue"])
    assert {e.provider.urn for e in overdue} == {"SC2", "RA2"}
    latest_first = [e.provider.urn for e in inspections_due(TODAY, sort="latest")]
    assert latest_first[:3] == ["RA2", "SC2", "SC3"]
    assert latest_first[-2:] in (["RA1", "SC5"], ["SC5", "RA1"])  # no window sorts last


def test_due_page_needs_sign_in(client: Client) -> None:
    response = client.get("/inspections-due/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_due_page_refuses_a_user_without_the_permission(
    client: Client, agencies: dict[str, Provider]
) -> None:
    client.force_login(User.objects.create_user("someone", password="a-long-password-1"))
    assert client.get("/inspections-due/").status_code == 403
    assert client.get("/api/registry/inspections-due").status_code == 403


def test_due_page_lists_filters_sorts_and_paginates(
    client: Client, inspector: User, agencies: dict[str, Provider]
) -> None:
    client.force_login(inspector)
    page = client.get("/inspections-due/").content.decode()
    assert "Agency SC2" in page and "Overdue" in page and "SCH-2" in page
    filtered = client.get("/inspections-due/?kind=IFA&status=this_quarter").content.decode()
    assert "Agency SC3" in filtered and "Agency SC1" not in filtered
    assert "Remove this filter" in filtered
    sorted_page = client.get("/inspections-due/?sort=name&order=desc").content.decode()
    assert sorted_page.index("Agency SC5") < sorted_page.index("Agency SC1")
    assert 'aria-sort="descending"' in sorted_page
    for n in range(30):
        provider(f"X{n:02d}")
    paged = client.get("/inspections-due/?page=2").content.decode()
    assert "<strong>37</strong> providers, showing 26 to 37" in paged
    assert 'rel="prev"' in paged and 'rel="next"' not in paged


def test_due_page_ignores_a_malformed_filter_rather_than_failing(
    client: Client, inspector: User, agencies: dict[str, Provider]
) -> None:
    client.force_login(inspector)
    response = client.get("/inspections-due/?kind=XYZ&page=abc")
    assert response.status_code == 200


def test_api_due_list_with_filters(client: Client, inspector: User, agencies: dict[str, Provider]) -> None:
    assert client.get("/api/registry/inspections-due").status_code == 401
    client.force_login(inspector)
    rows = client.get("/api/registry/inspections-due?status=overdue&kind=ASA").json()
    assert [(r["urn"], r["rule"], r["status"]) for r in rows] == [("SC2", "SCH-2", "overdue")]
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200


def test_api_names_a_bad_filter(client: Client, inspector: User, agencies: dict[str, Provider]) -> None:
    client.force_login(inspector)
    for query, field in (("kind=XYZ", "kind"), ("status=soon", "status"), ("sort=colour", "sort")):
        response = client.get(f"/api/registry/inspections-due?{query}")
        assert response.status_code == 422
        assert [field in e["loc"] for e in response.json()["errors"]] == [True]


def test_api_docs_need_sign_in(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_thm3_only_an_raa_can_be_registered_as_a_vaa() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        provider("SC9", kind=ProviderKind.ASA, registered_as_vaa=True)
    assert provider("RA9", kind=ProviderKind.RAA, registered_as_vaa=True).registered_as_vaa


def test_audit_trail_records_who_changed_a_provider(inspector: User, agencies: dict[str, Provider]) -> None:
    p = agencies["good"]
    p.name = "Renamed agency"
    p._history_user = inspector
    p.save()
    latest = p.history.first()
    assert (latest.name, latest.history_user, latest.history_type) == ("Renamed agency", inspector, "~")
    la = LocalAuthority.objects.create(code="202", name="Camden", region="London")
    la.name = "London Borough of Camden"
    la.save()
    assert [h.name for h in la.history.all()] == ["London Borough of Camden", "Camden"]
