"""Who may reach what through the inspections API, tried by walking every ID (DPR-3, RPT-3, CMP-1).

A provider user of agency B asks for every inspection, case, evidence record, judgement, deferral and
response ID around those that exist, on every endpoint that takes one: each answer is 404 and nothing in
the database changes. Evidence answers 404 to agency A's own staff too. A quality assurance officer reads
but cannot write (403). An inspector cannot publish, nor send a draft no manager has checked; a lead who is
also a manager cannot check their own report; the inspection's own manager cannot answer a complaint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Max, Min, Model

from careinspect.inspections.models import (
    Case,
    DeferralRequest,
    Evidence,
    Inspection,
    Judgement,
    ProviderResponse,
)
from careinspect.rules.lifecycle import Status
from tests.inspections.api.conftest import Api, World
from tests.inspections.conftest import case_list_csv

pytestmark = pytest.mark.django_db

READS = [
    "",
    "/events",
    "/due",
    "/cases",
    "/evidence",
    "/judgements",
    "/requirements",
    "/recommendations",
    "/report",
]
# (method, path after /{id}, body) for every write on an inspection; bodies are valid so that only the
# access check can refuse them.
WRITES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/notify", {}),
    ("POST", "/notification-call", {"at": "2026-01-05T10:00:00Z", "note": "Spoke to the manager"}),
    ("POST", "/deferrals", {"reason": "Illness"}),
    ("POST", "/reschedule", {"start_date": "2027-03-02", "end_date": "2027-03-03"}),
    ("POST", "/plan", {"kind": "strength", "text": "Strong panel"}),
    ("POST", "/start-preparation", {}),
    ("POST", "/start-on-site", {}),
    ("POST", "/feedback", {"summary": "Feedback given"}),
    ("POST", "/pause", {"reason": "Safeguarding concern"}),
    ("POST", "/resume", {}),
    ("POST", "/incomplete", {"reason": "Could not finish"}),
    ("POST", "/evidence", {"source": "observation", "text": "Seen on site"}),
    (
        "PUT",
        "/judgements/helped_protected",
        {"grade": "inadequate", "rationale": "Unsafe", "evidence_ids": [1, 2, 3]},
    ),
    ("PUT", "/management-facts", {"manager_vacancy_weeks": 30, "recruitment_evidence": "none"}),
    (
        "POST",
        "/requirements",
        {
            "regulation": "Regulation 5",
            "action": "Act",
            "impact": "Harm",
            "compliance_date": "2026-06-01",
            "evidence_ids": [1, 2, 3],
        },
    ),
    ("POST", "/recommendations", {"nms_standard": "NMS 1.1", "text": "Do better"}),
    ("PUT", "/report", {"sections": {"enforcement": "Changed by someone who may not"}}),
    ("POST", "/report/check", {"note": "ok"}),
    ("POST", "/report/send-draft", {}),
    ("POST", "/responses", {"kind": "complaint", "text": "Unfair"}),
    ("POST", "/report/send-final", {}),
    ("POST", "/publish", {}),
]
UPLOADS = ["/case-list"]
# Records addressed by their own ID: (model, method, path with {id}, body or None for a file upload).
CHILD_WRITES: list[tuple[type[Model], str, str, dict[str, Any] | None]] = [
    (DeferralRequest, "POST", "deferrals/{id}/decision", {"grant": True, "reason": "Agreed"}),
    (Case, "PATCH", "cases/{id}", {"selection": "sampled", "line_of_enquiry": "Delays"}),
    (Evidence, "POST", "evidence/{id}/scan", None),
    (
        Judgement,
        "POST",
        "judgements/{id}/change",
        {"grade": "inadequate", "reasons_to_provider": "New facts"},
    ),
    (ProviderResponse, "POST", "responses/{id}/answer", {"answer": "Not upheld"}),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot() -> dict[str, Any]:
    """Every row of every inspections model (with its history) and the registry's counts."""
    state: dict[str, Any] = {}
    for model in apps.get_app_config("inspections").get_models():
        state[model._meta.label] = list(model._default_manager.order_by("pk").values())
    for model in apps.get_app_config("registry").get_models():
        state[model._meta.label] = model._default_manager.count()
    return state


def ids_around(model: type[Model], exclude: Iterable[int] = ()) -> list[int]:
    """Every ID from just below the lowest to two past the highest (PostgreSQL's sequences do not restart
    between tests, so on SQLite this is 1 to max+2 and elsewhere the same span shifted)."""
    span = model._default_manager.aggregate(low=Min("pk"), high=Max("pk"))
    low, high = max(1, (span["low"] or 1) - 2), (span["high"] or 0) + 2
    skip = set(exclude)
    return [pk for pk in range(low, high + 1) if pk not in skip]


def call(client: Api, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if body is None:
        return client.upload(path, "scan.pdf", PDF)
    return client.send(method, path, body) if method != "GET" else client.get(path)


def every_request(world: World) -> Iterable[tuple[str, str, dict[str, Any] | None]]:
    """Every request on an ID that agency B's user does not own."""
    foreign_inspections = ids_around(Inspection, exclude=[world.b.pk])
    for pk in foreign_inspections:
        for suffix in READS:
            yield "GET", f"{pk}{suffix}", {}
        for method, suffix, body in WRITES:
            yield method, f"{pk}{suffix}", body
    for model, method, template, child_body in CHILD_WRITES:
        own = model._default_manager.filter(inspection=world.b).values_list("pk", flat=True)
        for pk in ids_around(model, exclude=own):
            yield method, template.format(id=pk), child_body


def test_dpr3_provider_cannot_reach_other_agency_records_by_walking_ids(
    world: World, provider_user_b: User, api: Callable[[User], Api]
) -> None:
    client = api(provider_user_b)
    before = snapshot()
    answers = {}
    for method, path, body in every_request(world):
        answers[f"{method} {path}"] = call(client, method, path, body).status_code
    for pk in ids_around(Inspection, exclude=[world.b.pk]):
        for suffix in UPLOADS:
            answers[f"POST {pk}{suffix}"] = client.upload(
                f"{pk}{suffix}", "cases.csv", case_list_csv(3)
            ).status_code
    # The walk reached every kind of agency A's records, not just IDs that do not exist.
    complaint = world.complaint.pk
    case = world.a.cases.values_list("pk", flat=True).first()
    judgement = world.a.judgements.values_list("pk", flat=True).first()
    for request in (
        f"GET {world.a.pk}/evidence",
        f"POST responses/{complaint}/answer",
        f"PATCH cases/{case}",
    ):
        assert request in answers
    assert f"POST judgements/{judgement}/change" in answers
    assert f"POST evidence/{world.handwritten.pk}/scan" in answers
    wrong = {request: status for request, status in answers.items() if status != 404}
    assert wrong == {}
    assert snapshot() == before


def test_dpr3_provider_list_shows_only_own_notified_inspections(
    world: World, provider_user_a: User, provider_user_b: User, api: Callable[[User], Api]
) -> None:
    assert [i["id"] for i in api(provider_user_b).get("").json()] == [world.b.pk]
    assert [i["id"] for i in api(provider_user_a).get("").json()] == [world.a.pk]
    assert api(provider_user_b).get(str(world.b.pk)).status_code == 200


def test_dpr3_provider_never_gets_evidence_even_for_own_agency(
    world: World, provider_user_a: User, api: Callable[[User], Api]
) -> None:
    client = api(provider_user_a)
    before = snapshot()
    evidence_id = world.walk_a.evidence[0].pk
    assert client.get(f"{world.a.pk}/evidence").status_code == 404
    assert client.post(f"{world.a.pk}/evidence", {"source": "observation", "text": "x"}).status_code == 404
    assert client.upload(f"evidence/{world.handwritten.pk}/scan", "scan.pdf", PDF).status_code == 404
    assert client.upload(f"evidence/{evidence_id}/scan", "scan.pdf", PDF).status_code == 404
    assert client.get(f"{world.a.pk}/judgements").status_code == 404
    report = client.get(f"{world.a.pk}/report")
    assert report.status_code == 200
    assert all(section["evidence_ids"] is None for section in report.json()["sections"])
    assert all(r["evidence_ids"] is None for r in client.get(f"{world.a.pk}/requirements").json())
    assert all(c["selection"] is None for c in client.get(f"{world.a.pk}/cases").json())
    assert snapshot() == before


def test_dpr3_provider_sees_only_events_meant_for_it(
    world: World, provider_user_a: User, inspector: User, api: Callable[[User], Api]
) -> None:
    theirs = api(provider_user_a).get(f"{world.a.pk}/events").json()
    ours = api(inspector).get(f"{world.a.pk}/events").json()
    hidden = set(world.a.events.filter(visible_to_provider=False).values_list("pk", flat=True))
    assert hidden, "the walk records events the provider must not see"
    assert {e["id"] for e in theirs} == {e["id"] for e in ours} - hidden


def test_dpr3_provider_sees_no_requirements_or_report_before_the_draft(
    world: World, provider_user_b: User, inspector: User, api: Callable[[User], Api]
) -> None:
    client = api(provider_user_b)
    for suffix in ("/requirements", "/recommendations", "/report"):
        assert client.get(f"{world.b.pk}{suffix}").status_code == 404
    assert api(inspector).get(f"{world.b.pk}/report").status_code == 200


def test_qa_officer_reads_everything_and_every_write_is_forbidden(
    world: World, qa_officer: User, api: Callable[[User], Api]
) -> None:
    client = api(qa_officer)
    for suffix in READS:
        assert client.get(f"{world.a.pk}{suffix}").status_code == 200, suffix
    before = snapshot()
    answers = {f"{m} {s}": client.send(m, f"{world.a.pk}{s}", b).status_code for m, s, b in WRITES}
    answers["POST /case-list"] = client.upload(
        f"{world.a.pk}/case-list", "c.csv", case_list_csv(3)
    ).status_code
    answers["POST /"] = client.post(
        "",
        {
            "provider_id": world.b.provider_id,
            "lead_inspector_id": world.b.lead_inspector_id,
            "manager_id": world.b.manager_id,
            "start_date": "2027-03-02",
            "end_date": "2027-03-03",
        },
    ).status_code
    for model, method, template, body in CHILD_WRITES:
        pk = model._default_manager.filter(inspection=world.a).values_list("pk", flat=True).first()
        assert pk is not None, model
        answers[f"{method} {template}"] = call(client, method, template.format(id=pk), body).status_code
    assert {request: status for request, status in answers.items() if status != 403} == {}
    assert snapshot() == before


def test_rpt3_inspector_cannot_publish(world: World, inspector: User, api: Callable[[User], Api]) -> None:
    answer = api(inspector).post(f"{world.a.pk}/publish")
    assert answer.status_code == 403
    assert "detail" in answer.json()
    assert Inspection.objects.get(pk=world.a.pk).status == Status.COMPLAINT


def test_cmp1_complaint_answered_by_the_inspections_own_manager_is_refused(
    world: World, manager: User, independent_manager: User, api: Callable[[User], Api]
) -> None:
    refused = api(manager).post(f"responses/{world.complaint.pk}/answer", {"answer": "Not upheld"})
    assert refused.status_code == 422
    assert refused.json()["rule"] == "CMP-1"
    assert refused.json()["field"] == "answered_by"
    assert Inspection.objects.get(pk=world.a.pk).status == Status.COMPLAINT
    answered = api(independent_manager).post(
        f"responses/{world.complaint.pk}/answer", {"answer": "Not upheld"}
    )
    assert answered.status_code == 200
    assert Inspection.objects.get(pk=world.a.pk).status == Status.COMMENTS_RECEIVED


def test_cmp1_provider_cannot_answer_its_own_complaint(
    world: World, provider_user_a: User, api: Callable[[User], Api]
) -> None:
    assert (
        api(provider_user_a).post(f"responses/{world.complaint.pk}/answer", {"answer": "x"}).status_code
        == 403
    )
    assert ProviderResponse.objects.get(pk=world.complaint.pk).answer == ""


def test_jdg8_change_after_feedback_needs_a_manager(
    world: World, inspector: User, manager: User, api: Callable[[User], Api]
) -> None:
    judgement = world.a.judgements.get(area="helped_protected")
    body = {"grade": "requires_improvement", "reasons_to_provider": "A record seen after feedback"}
    assert api(inspector).post(f"judgements/{judgement.pk}/change", body).status_code == 403
    changed = api(manager).post(f"judgements/{judgement.pk}/change", body)
    assert changed.status_code == 201
    assert changed.json()["agreed_by"] == "Manager"
    assert Judgement.objects.get(pk=judgement.pk).grade == "requires_improvement"


@pytest.fixture
def at_feedback(walk: Any) -> Inspection:
    inspection: Inspection = walk.to(Status.FEEDBACK_GIVEN)
    return inspection


def test_rpt3_inspector_cannot_send_the_draft_before_a_managers_check(
    at_feedback: Inspection, inspector: User, api: Callable[[User], Api]
) -> None:
    answer = api(inspector).post(f"{at_feedback.pk}/report/send-draft")
    assert answer.status_code == 422
    assert answer.json()["rule"] == "RPT-3"
    assert answer.json()["field"] == "report"
    assert Inspection.objects.get(pk=at_feedback.pk).status == Status.FEEDBACK_GIVEN


def test_rpt3_lead_inspector_who_is_a_manager_cannot_check_their_own_report(
    walk: Any, lead_manager: User, api: Callable[[User], Api]
) -> None:
    walk.inspector = lead_manager
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    client = api(lead_manager)
    assert (
        client.send(
            "PUT", f"{inspection.pk}/report", {"sections": {"areas_for_improvement": "None"}}
        ).status_code
        == 200
    )
    answer = client.post(f"{inspection.pk}/report/check", {"note": "Looks fine"})
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": "the lead inspector cannot check their own report",
        "rule": "RPT-3",
        "field": "checked_by",
    }
    assert inspection.report.checked_by is None


def test_dpr3_provider_cannot_do_the_regulators_work_on_its_own_inspection(
    world: World, provider_user_a: User, api: Callable[[User], Api]
) -> None:
    client = api(provider_user_a)
    before = snapshot()
    regulator_only = {"/evidence", "/judgements/helped_protected", "/management-facts"}
    answers = {
        suffix: client.send(method, f"{world.a.pk}{suffix}", body).status_code
        for method, suffix, body in WRITES
        if suffix != "/responses"  # the agency's own step, refused here only by the state (CMP-1)
    }
    expected = {suffix: 404 if suffix in regulator_only else 403 for suffix in answers}
    assert answers == expected
    assert snapshot() == before


def test_inf2_case_list_with_errors_is_refused_row_by_row_and_nothing_is_stored(
    walk: Any, provider_user_a: User, api: Callable[[User], Api]
) -> None:
    inspection = walk.to(Status.NOTIFIED)
    bad = case_list_csv(0, rows=[("AS-001", "child", "202", "therapy", "2025-06-02", "", "Y"), ("", "child")])
    answer = api(provider_user_a).upload(f"{inspection.pk}/case-list", "cases.csv", bad)
    assert answer.status_code == 422
    body = answer.json()
    assert body["rule"] == "INF-2"
    assert body["field"] == "case_list"
    assert isinstance(body["errors"], list) and body["errors"]
    assert not inspection.cases.exists()
    assert not inspection.case_lists.exists()


def test_dpr3_signed_out_caller_gets_nothing(world: World) -> None:
    from django.test import Client

    assert Client().get(f"/api/inspections/{world.a.pk}").status_code == 401
    assert Client().get("/api/inspections/").status_code == 401
