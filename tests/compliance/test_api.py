"""The compliance API: the same services and checks as the pages; the regulator's own records (404 to a
provider's users), 403 for the wrong person, 422 naming the rule and field. Rules: REQ-3, ENF-1, SCH-8,
KND-4, RPT-6."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from careinspect.compliance.models import ComplianceNotice, RequirementOutcome
from careinspect.inspections.models import Inspection
from careinspect.registry.models import Provider
from tests.clock import LONDON
from tests.compliance.conftest import notice

pytestmark = pytest.mark.django_db


def on(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON), tick=False
    )


def api(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/compliance{url}", body, content_type="application/json")


def test_a_providers_users_never_learn_of_the_records(
    people: dict[str, User], sccif: Inspection, agency_a: Provider
) -> None:
    requirement = sccif.requirements.first()
    assert requirement is not None
    staff = api(people["provider_a"])
    with on("2023-12-21"):
        assert staff.get(f"/api/compliance/providers/{agency_a.pk}/notices").status_code == 404
        assert staff.get(f"/api/compliance/providers/{agency_a.pk}/requirements-awaiting").status_code == 404
        answer = post(staff, f"/requirements/{requirement.pk}/outcome", {"met": False, "note": "x"})
    assert answer.status_code == 404 and not RequirementOutcome.objects.exists()


def test_req3_outcome_through_the_api(people: dict[str, User], sccif: Inspection, agency_a: Provider) -> None:
    requirement = sccif.requirements.get(regulation="Regulation 12")
    inspector = api(people["inspector"])
    with on("2023-12-20"):
        early = post(inspector, f"/requirements/{requirement.pk}/outcome", {"met": False, "note": "x"})
    assert early.status_code == 422 and (early.json()["rule"], early.json()["field"]) == ("REQ-3", "met")
    with on("2023-12-21"):
        awaiting = inspector.get(f"/api/compliance/providers/{agency_a.pk}/requirements-awaiting").json()
        assert [r["regulation"] for r in awaiting] == ["Regulation 12"]
        assert (
            post(
                api(people["qa"]), f"/requirements/{requirement.pk}/outcome", {"met": False, "note": "x"}
            ).status_code
            == 403
        )
        done = post(
            inspector, f"/requirements/{requirement.pk}/outcome", {"met": False, "note": "No references"}
        )
    assert done.status_code == 201 and done.json()["case_review_id"] is not None


def test_enf1_sch8_knd4_notices_proposals_and_a_visit(people: dict[str, User], agency_a: Provider) -> None:
    manager, inspector = api(people["manager"]), api(people["inspector"])
    body = {
        "regulation": "Regulation 12",
        "action": "References",
        "compliance_date": "2023-12-20",
        "concern": "Checks",
    }
    with on("2023-12-01"):
        assert post(inspector, f"/providers/{agency_a.pk}/notices", body).status_code == 403
        first = post(manager, f"/providers/{agency_a.pk}/notices", body)
        second = post(manager, f"/providers/{agency_a.pk}/notices", {**body, "compliance_date": "2023-12-22"})
        assert first.status_code == second.status_code == 201
        ids = [first.json()["id"], second.json()["id"]]
        proposed = inspector.get(f"/api/compliance/providers/{agency_a.pk}/proposed-visits").json()
        assert proposed == [
            {"earliest": "2023-12-27", "latest": "2023-12-29", "notice_ids": ids, "rule": "SCH-8"}
        ]
        visit_body = {
            "reason": "compliance_notice",
            "purpose": "Check both notices",
            "start_date": "2023-12-21",
            "lead_inspector_id": people["inspector"].pk,
            "notice_ids": ids,
        }
        late = post(manager, f"/providers/{agency_a.pk}/visits", visit_body)
        assert late.status_code == 422 and late.json()["rule"] == "SCH-8"
        made = post(manager, f"/providers/{agency_a.pk}/visits", {**visit_body, "start_date": "2023-12-27"})
        assert made.status_code == 201 and made.json()["kind"] == "monitoring"
    visit_id = made.json()["id"]
    with on("2023-12-27", 9):
        assert post(inspector, f"/visits/{visit_id}/announce", {}).json()["rule"] == "KND-4"
        assert post(inspector, f"/visits/{visit_id}/start", {}).json()["status"] == "on_site"
        partly = post(
            inspector,
            f"/visits/{visit_id}/notice-outcomes",
            {"notice_id": ids[0], "action": "partial", "evidence_note": "Half done"},
        )
        assert partly.status_code == 201 and partly.json()["fully_met"] is False
        assert partly.json()["case_review_id"] is not None
        wrong = post(inspector, f"/visits/{visit_id}/withhold", {"reason": "x"})
        assert wrong.status_code == 403
    notices = manager.get(f"/api/compliance/providers/{agency_a.pk}/notices").json()
    assert {n["id"]: n["status"] for n in notices} == {ids[0]: "not_met", ids[1]: "issued"}
    assert ComplianceNotice.objects.get(pk=ids[0]).visits.get().inspection_id == visit_id


def test_another_kinds_inspection_is_no_visit(people: dict[str, User], sccif: Inspection) -> None:
    assert post(api(people["inspector"]), f"/visits/{sccif.pk}/start", {}).status_code == 404


def test_a_notice_id_of_another_agency_is_refused(
    people: dict[str, User], agency_a: Provider, agency_b: Provider
) -> None:
    theirs = notice(agency_b, people["manager"], "2023-12-20")
    with on("2023-12-01"):
        answer = post(
            api(people["manager"]),
            f"/providers/{agency_a.pk}/visits",
            {
                "reason": "compliance_notice",
                "purpose": "x",
                "start_date": "2023-12-27",
                "lead_inspector_id": people["inspector"].pk,
                "notice_ids": [theirs.pk],
            },
        )
    assert answer.status_code == 422 and answer.json()["field"] == "notice_ids"
