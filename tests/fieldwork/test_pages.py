"""The fieldwork page and the API: forms only for the team, errors named with the rule, another agency's
user refused and nothing changed (DPR-3); a kind without fieldwork has no such page."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careinspect.fieldwork import services
from careinspect.fieldwork.models import ThematicCase, VerbalSummary
from careinspect.scenarios.thematic_fieldwork import SUMMARY, FieldworkScenario, at
from tests.fieldwork.conftest import Programme2023

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(autumn: Programme2023, people: dict[str, User]) -> FieldworkScenario:
    scenario = FieldworkScenario(autumn.first, inspector=people["inspector"], seed=5)
    scenario.file_a1(at(date(2023, 10, 24), 11))
    return scenario


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_team_chooses_a_case_on_the_page_and_a_wrong_id_is_named(
    filed: FieldworkScenario, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page passes the real moment: make it the day after the A1 dataset arrived.
    monkeypatch.setattr("careinspect.fieldwork.views._now", lambda: at(date(2023, 10, 24), 15))
    url = f"/fieldwork/inspections/{filed.inspection.pk}/"
    client = _client(people["inspector"])
    page = client.get(url).content.decode()
    assert "Choose a case from the A1 data" in page and "Confirm the case sample" in page
    # RULES: SAF-1 — the enforcement app's referral form, for this inspection, from the fieldwork page.
    assert reverse("enforcement:new_referral", args=[filed.inspection.pk]) in page
    wrong = client.post(url, {"form": "case", "case-record_type": "child", "case-record_id": "NOPE"})
    assert wrong.status_code == 422
    assert "govuk-error-summary" in wrong.content.decode() and "(CAS-2)" in wrong.content.decode()
    record_id = sorted(services.a1_record_ids(filed.inspection)["child"])[0]
    added = client.post(url, {"form": "case", "case-record_type": "child", "case-record_id": record_id})
    assert added.status_code == 302
    assert ThematicCase.objects.get(inspection=filed.inspection).record_id == record_id


def test_dpr3_only_the_team_sees_the_fieldwork_and_others_change_nothing(
    filed: FieldworkScenario, autumn: Programme2023, people: dict[str, User]
) -> None:
    url = f"/fieldwork/inspections/{filed.inspection.pk}/"
    record_id = sorted(services.a1_record_ids(filed.inspection)["child"])[0]
    post = {"form": "case", "case-record_type": "child", "case-record_id": record_id}
    for user in (autumn.raa_staff, people["provider_a"]):
        client = _client(user)
        assert client.get(url).status_code == 403
        assert client.post(url, post).status_code == 403
        api = client.post(
            f"/api/fieldwork/inspections/{filed.inspection.pk}/cases",
            json.dumps({"record_type": "child", "record_id": record_id}),
            content_type="application/json",
        )
        assert api.status_code == 403
    qa = _client(people["qa"])
    page = qa.get(url)
    assert page.status_code == 200 and "Add the case" not in page.content.decode()
    assert qa.post(url, post).status_code == 403
    assert not ThematicCase.objects.exists()
    assert Client().get(url).status_code == 302  # to sign in


def test_a_kind_without_fieldwork_has_no_fieldwork_page(people: dict[str, User], agency_a: object) -> None:
    from careinspect.inspections.models import Inspection

    other = Inspection.objects.create(
        provider=agency_a,
        kind="sccif-full",
        status="notified",
        start_date=date(2023, 10, 30),
        end_date=date(2023, 11, 2),
        manager=people["manager"],
        lead_inspector=people["inspector"],
    )
    assert _client(people["inspector"]).get(f"/fieldwork/inspections/{other.pk}/").status_code == 404


def test_api_walks_the_sample_and_refuses_a_summary_to_a_local_authority(
    filed: FieldworkScenario, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    pk = filed.inspection.pk
    api = _client(people["inspector"])
    moments = iter(
        [
            at(date(2023, 10, 24), 15),
            at(date(2023, 10, 27), 12),
            at(date(2023, 10, 30), 9),
            at(date(2023, 11, 2), 15),
        ]
    )
    monkeypatch.setattr("careinspect.fieldwork.api._now", lambda: next(moments))
    record_id = sorted(services.a1_record_ids(filed.inspection)["adopter"])[0]
    added = api.post(
        f"/api/fieldwork/inspections/{pk}/cases",
        json.dumps({"record_type": "adopter", "record_id": record_id}),
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["record_id"] == record_id
    assert api.post(f"/api/fieldwork/inspections/{pk}/confirm-sample").json()["status"] == "preparing"
    assert api.post(f"/api/fieldwork/inspections/{pk}/start").json()["status"] == "on_site"
    body = {
        "summaries": {k: {"strengths": s, "areas_for_development": a} for k, (s, a) in SUMMARY.items()},
        "recipients": ["raa_leader", "local_authority"],
    }
    refused = api.post(
        f"/api/fieldwork/inspections/{pk}/summary", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 422
    assert (refused.json()["rule"], refused.json()["field"]) == ("THM-6", "recipients")
    assert not VerbalSummary.objects.exists()
