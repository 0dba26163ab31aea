"""The enforcement pages: who sees them, who gets the forms, and the steps taken through them (ENF-2,
ENF-3, SAF-1). A provider's staff get 404 on every page and nothing changes when they post."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from careinspect.enforcement.models import CaseReview, DcsAlert, InadequateFollowUp, SafeguardingReferral
from careinspect.inspections.models import Inspection
from tests.clock import at
from tests.conftest import d

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pages(inspection: Inspection) -> list[str]:
    follow_up = InadequateFollowUp.objects.get(inspection=inspection)
    return [
        reverse("enforcement:dashboard"),
        reverse("enforcement:next_steps", args=[inspection.pk]),
        reverse("enforcement:new_referral", args=[inspection.pk]),
        reverse("enforcement:case_review", args=[follow_up.case_review_id]),
        reverse("enforcement:alert", args=[inspection.dcs_alerts.first().pk]),  # type: ignore[union-attr]
    ]


def test_dpr3_provider_users_get_404_and_change_nothing(judged_inadequate, provider_user_a) -> None:  # type: ignore[no-untyped-def]
    client = _client(provider_user_a)
    for url in _pages(judged_inadequate):
        assert client.get(url).status_code == 404, url
    alert = judged_inadequate.dcs_alerts.first()
    review = judged_inadequate.case_reviews.get()
    posts = {
        reverse("enforcement:alert", args=[alert.pk]): {"action": "remove", "reason": "Not needed"},
        reverse("enforcement:case_review", args=[review.pk]): {
            "decision": "no_further_action",
            "decision_reason": "x",
        },
        reverse("enforcement:next_steps", args=[judged_inadequate.pk]): {"action": "open"},
        reverse("enforcement:new_referral", args=[judged_inadequate.pk]): {"concern": "x"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    alert.refresh_from_db()
    review.refresh_from_db()
    assert alert.removed_at is None and review.decision == "pending"
    assert not SafeguardingReferral.objects.exists()
    detail = client.get(reverse("inspections:detail", args=[judged_inadequate.pk]))
    assert b"Safeguarding referral" not in detail.content


def test_qa_reads_without_forms_and_cannot_post(judged_inadequate, qa_officer) -> None:  # type: ignore[no-untyped-def]
    client = _client(qa_officer)
    alert = judged_inadequate.dcs_alerts.first()
    page = client.get(reverse("enforcement:alert", args=[alert.pk]))
    assert page.status_code == 200 and b"Take off the list" not in page.content
    review = judged_inadequate.case_reviews.get()
    page = client.get(reverse("enforcement:case_review", args=[review.pk]))
    assert page.status_code == 200 and b"Record the decision" not in page.content
    assert (
        client.post(
            reverse("enforcement:alert", args=[alert.pk]), {"action": "remove", "reason": "x"}
        ).status_code
        == 403
    )
    alert.refresh_from_db()
    assert alert.removed_at is None


def test_the_dashboard_lists_what_is_open_with_deadlines(
    judged_inadequate, inspector, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = _client(inspector)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("enforcement:dashboard"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Agency A Adoption Support" in text and "13 April 2026" in text and "ENF-2" in text
    assert "Greenwich" in text and "Camden" in text and "after the case review" in text
    assert "2 October 2026" in text and "SCH-2" in text  # the reinspection window
    detail = client.get(reverse("inspections:detail", args=[judged_inadequate.pk]))
    assert reverse("enforcement:next_steps", args=[judged_inadequate.pk]).encode() in detail.content
    assert reverse("enforcement:new_referral", args=[judged_inadequate.pk]).encode() in detail.content


def test_enf2_through_the_pages_debrief_decision_and_email(
    judged_inadequate, inspector, manager, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    next_steps = reverse("enforcement:next_steps", args=[judged_inadequate.pk])
    review = judged_inadequate.case_reviews.get()
    answer = _client(manager).post(
        reverse("enforcement:case_review", args=[review.pk]),
        {"decision": "no_further_action", "decision_reason": "Reinspect"},
    )
    assert answer.status_code == 422 and b"Record the debrief" in answer.content
    answer = _client(inspector).post(
        next_steps,
        {
            "action": "debrief",
            "held_on-day": "7",
            "held_on-month": "4",
            "held_on-year": "2026",
            "manager": manager.pk,
            "evidence_quality": "Strong",
            "recommendation": "Reinspect in 6 months",
        },
    )
    assert answer.status_code == 302
    answer = _client(manager).post(
        reverse("enforcement:case_review", args=[review.pk]),
        {"decision": "no_further_action", "decision_reason": "Reinspect within 6 months"},
    )
    assert answer.status_code == 302
    review.refresh_from_db()
    assert review.decision == "no_further_action"
    alert = DcsAlert.objects.get(inspection=judged_inadequate, local_authority__code="202")
    url = reverse("enforcement:alert", args=[alert.pk])
    answer = _client(inspector).post(url, {"action": "email", "summary": ""})
    assert answer.status_code == 422 and b"govuk-error-summary" in answer.content
    answer = _client(inspector).post(url, {"action": "email", "summary": "Referrals delayed"})
    assert answer.status_code == 302
    alert.refresh_from_db()
    assert alert.message is not None and mailoutbox[-1].to == ["dcs202@la.example"]


def test_saf1_a_referral_through_the_pages(judged_inadequate, inspector) -> None:  # type: ignore[no-untyped-def]
    client = _client(inspector)
    answer = client.post(
        reverse("enforcement:new_referral", args=[judged_inadequate.pk]),
        {
            "concern": "A child at risk (AS-003)",
            "provider_first_risky": "on",
            "follow_up_owner": judged_inadequate.manager_id,
        },
    )
    referral = SafeguardingReferral.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "enforcement:referral", args=[referral.pk]
    )
    url = reverse("enforcement:referral", args=[referral.pk])
    told = {
        "told_at-day": "2",
        "told_at-month": "4",
        "told_at-year": "2026",
        "told_at-time": "10am",
        "how": "phone",
    }
    answer = client.post(
        url, {"action": "contact", "role": "responsible_individual", "organisation": "A", **told}
    )
    assert answer.status_code == 422 and b"SAF-1" in answer.content
    answer = client.post(
        url, {"action": "contact", "role": "la_childrens_services", "organisation": "Camden", **told}
    )
    assert answer.status_code == 302
    assert list(referral.contacts.values_list("role", flat=True)) == ["la_childrens_services"]
    page = client.get(url).content.decode()
    assert "Still to be told" in page and "Allocated social worker" in page
    assert CaseReview.objects.count() == 1 and at("2026-04-02").date() == d("2026-04-02")


def test_enf4_a_manager_opens_serious_concerns_and_plans_the_visit(
    assurance_visit, manager, inspector
) -> None:  # type: ignore[no-untyped-def]
    visit = assurance_visit()
    url = reverse("enforcement:next_steps", args=[visit.pk])
    assert b"Open next steps" not in _client(inspector).get(url).content  # a manager opens them by hand
    assert _client(inspector).post(url, {"action": "open"}).status_code == 403
    assert _client(manager).post(url, {"action": "open"}).status_code == 302
    page = _client(manager).get(url).content.decode()
    assert "By the end of Tuesday 7 April 2026 (ENF-4)" in page
    assert "From 14 May 2026 to 28 May 2026 (SCH-9)" in page
    day = {"action": "monitoring", "day-day": "1", "day-month": "6", "day-year": "2026"}
    answer = _client(inspector).post(url, day)
    assert answer.status_code == 422 and b"SCH-9" in answer.content
    answer = _client(inspector).post(url, {**day, "day-day": "20", "day-month": "5"})
    assert answer.status_code == 302
    assert visit.serious_concerns_follow_up.monitoring_planned_on == d("2026-05-20")
