"""The enforcement API: the regulator's staff list and act; a provider's users get 404 and change nothing;
rules broken answer 422 in the one error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from careinspect.enforcement.models import DcsAlert, InadequateFollowUp, SafeguardingReferral

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_lists_for_staff_and_404_for_providers(judged_inadequate, inspector, provider_user_a) -> None:  # type: ignore[no-untyped-def]
    staff = _client(inspector)
    reviews = staff.get("/api/enforcement/case-reviews")
    assert reviews.status_code == 200 and reviews["X-Total-Count"] == "1"
    [review] = reviews.json()
    assert (review["rule"], review["due"], review["decision"]) == ("ENF-2", "2026-04-13", "pending")
    alerts = staff.get("/api/enforcement/dcs-alerts").json()
    assert {a["local_authority_code"] for a in alerts} == {"202", "203"}
    assert all(a["next_step"] == "email" and a["email_due"] is None for a in alerts)
    steps = staff.get(f"/api/enforcement/inspections/{judged_inadequate.pk}/next-steps").json()
    assert (steps["reinspection_earliest"], steps["reinspection_latest"]) == ("2026-10-02", "2027-04-02")
    provider = _client(provider_user_a)
    for url in (
        "/api/enforcement/case-reviews",
        "/api/enforcement/dcs-alerts",
        "/api/enforcement/referrals",
        f"/api/enforcement/inspections/{judged_inadequate.pk}/next-steps",
    ):
        assert provider.get(url).status_code == 404, url
    answer = provider.post(
        f"/api/enforcement/inspections/{judged_inadequate.pk}/referrals",
        {"concern": "x"},
        content_type="application/json",
    )
    assert answer.status_code == 404 and not SafeguardingReferral.objects.exists()


def test_decision_and_email_through_the_api(judged_inadequate, inspector, manager) -> None:  # type: ignore[no-untyped-def]
    review = InadequateFollowUp.objects.get(inspection=judged_inadequate).case_review
    answer = _client(inspector).post(
        f"/api/enforcement/case-reviews/{review.pk}/decision",
        {"decision": "no_further_action", "reason": "x"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    answer = _client(manager).post(
        f"/api/enforcement/case-reviews/{review.pk}/decision",
        {"decision": "no_further_action", "reason": "x"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert (answer.json()["rule"], answer.json()["field"]) == ("ENF-2", "debrief")
    alert = DcsAlert.objects.filter(inspection=judged_inadequate).first()
    answer = _client(inspector).post(
        f"/api/enforcement/dcs-alerts/{alert.pk}/email", {"summary": "x"}, content_type="application/json"
    )
    assert answer.status_code == 422 and answer.json()["rule"] == "ENF-3"
    alert.refresh_from_db()
    assert alert.message is None


def test_a_referral_through_the_api(judged_inadequate, inspector) -> None:  # type: ignore[no-untyped-def]
    client = _client(inspector)
    made = client.post(
        f"/api/enforcement/inspections/{judged_inadequate.pk}/referrals",
        {"concern": "A child at risk", "about_staff": True},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert "designated_officer" in body["still_to_tell"] and body["follow_up_owner"] == "Manager"
    told = client.post(
        f"/api/enforcement/referrals/{body['id']}/contacts",
        {
            "role": "designated_officer",
            "organisation": "LADO",
            "told_at": "2026-04-02T11:00:00+01:00",
            "how": "phone",
        },
        content_type="application/json",
    )
    assert told.status_code == 201 and "designated_officer" not in told.json()["still_to_tell"]
