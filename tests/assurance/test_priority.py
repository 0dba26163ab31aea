"""SCH-7 through the database (issue 12 item 1): each factor moves an agency the way seed 004 implies, the
administrator's weights change the order, every score is shown factor by factor, and a manager schedules
from the list."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from careinspect.assurance import services
from careinspect.assurance.models import PriorityPolicy
from careinspect.inspections.models import Inspection
from careinspect.registry.models import Intelligence, PastInspection, Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.priority import default_weights

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def ifa(urn: str, *, registered: date = date(2015, 1, 5), judged: tuple[date, str] | None = None) -> Provider:
    provider = Provider.objects.create(
        kind="IFA", urn=urn, name=f"Agency {urn}", registration_date=registered
    )
    if judged is not None:
        PastInspection.objects.create(
            provider=provider, end_date=judged[0], kind="sccif-full", judgement=judged[1]
        )
    return provider


def order() -> list[str]:
    return [row.provider.urn for row in services.priority_list(TODAY)]


def points(urn: str, factor: str) -> int:
    row = next(r for r in services.priority_list(TODAY) if r.provider.urn == urn)
    return next(f.points for f in row.factors if f.name == factor)


def two_alike() -> tuple[Provider, Provider]:
    """Two agencies alike in every factor: the tie goes to the URN, so A comes first."""
    judged = (date(2024, 5, 10), "good")
    return ifa("SC860001", judged=judged), ifa("SC860002", judged=judged)


def test_sch7_the_weights_are_seeded_from_priority_toml() -> None:
    policy = PriorityPolicy.current()
    assert policy.weights() == default_weights()
    assert PriorityPolicy.objects.count() == 1


def test_sch7_a_worse_last_judgement_moves_an_agency_up() -> None:
    _a, b = two_alike()
    PastInspection.objects.filter(provider=b).update(judgement="inadequate")
    assert order() == ["SC860002", "SC860001"]
    assert points("SC860002", "last_judgement") == 40 and points("SC860001", "last_judgement") == 5


def test_sch7_concerns_and_complaints_in_the_last_12_months_move_an_agency_up() -> None:
    a, b = two_alike()
    Intelligence.objects.create(provider=b, kind="concern", received_on=date(2026, 10, 1), summary="c")
    Intelligence.objects.create(provider=b, kind="complaint", received_on=date(2026, 1, 1), summary="c")
    # Older than 12 months: not counted.
    Intelligence.objects.create(provider=a, kind="concern", received_on=date(2025, 11, 26), summary="c")
    assert order() == ["SC860002", "SC860001"]
    assert points("SC860002", "concerns") == 10 and points("SC860001", "concerns") == 0


def test_sch7_notifications_move_an_agency_up() -> None:
    _a, b = two_alike()
    Intelligence.objects.create(provider=b, kind="notification", received_on=date(2026, 6, 1), summary="n")
    assert order() == ["SC860002", "SC860001"]
    assert points("SC860002", "notifications") == 2


def test_sch7_time_since_the_last_inspection_moves_an_agency_up() -> None:
    _a, b = two_alike()
    PastInspection.objects.filter(provider=b).update(end_date=date(2023, 5, 10))
    assert order() == ["SC860002", "SC860001"]
    # 10 May 2023 to 26 November 2026: 3 years 6 months = 42 full months; 10 May 2024: 30.
    assert points("SC860002", "months_without_inspection") == 42
    assert points("SC860001", "months_without_inspection") == 30


def test_sch7_a_newly_registered_agency_not_yet_inspected_moves_up() -> None:
    a, _b = two_alike()
    new = ifa("SC860003", registered=date(2026, 5, 1))
    ranked = order()
    assert ranked.index(new.urn) < ranked.index(a.urn)
    assert points(new.urn, "never_inspected") == 30 and points(new.urn, "last_judgement") == 0


def test_sch7_a_published_assurance_visit_counts_as_the_last_inspection() -> None:
    a, _b = two_alike()
    visit_end = date(2026, 9, 2)
    users = get_user_model().objects
    Inspection.objects.create(
        provider=a,
        kind="ifa-assurance",
        status="published",
        lead_inspector=users.create_user("i"),
        manager=users.create_user("m"),
        start_date=date(2026, 9, 1),
        end_date=visit_end,
    )
    assert points("SC860001", "months_without_inspection") == 2  # 2 Sep to 26 Nov 2026
    assert points("SC860001", "last_judgement") == 5  # the grade is still the last graded judgement
    assert order() == ["SC860002", "SC860001"]


def test_sch7_every_score_is_the_sum_of_its_factors_and_explained() -> None:
    ifa("SC860009", judged=(date(2024, 11, 20), "inadequate"))
    row = services.priority_list(TODAY)[0]
    assert row.score == sum(f.points for f in row.factors)
    assert row.explanation.startswith("inadequate last time: +40; 24 months without an inspection: +24")


def test_sch7_the_administrators_weights_change_the_order(client: Any) -> None:
    a, b = two_alike()
    Intelligence.objects.create(provider=a, kind="concern", received_on=date(2026, 10, 1), summary="c")
    Intelligence.objects.create(provider=b, kind="notification", received_on=date(2026, 10, 1), summary="n")
    Intelligence.objects.create(provider=b, kind="notification", received_on=date(2026, 9, 1), summary="n")
    assert order() == ["SC860001", "SC860002"]  # 1 concern (5) beats 2 notifications (4)
    admin = get_user_model().objects.create_superuser("root", password="root-test-pass-123")
    client.force_login(admin)
    policy = PriorityPolicy.current()
    data = {k: v for k, v in PriorityPolicy.fields_from(default_weights()).items()}
    data.update(notifications_each=3, notifications_cap=10, changed_reason="Notifications weigh more")
    response = client.post(reverse("admin:assurance_prioritypolicy_change", args=[policy.pk]), data)
    assert response.status_code == 302, response.content[:2000]
    assert order() == ["SC860002", "SC860001"]  # 2 notifications (6) now beat 1 concern (5)
    assert PriorityPolicy.current().history.first().history_user == admin


def test_sch7_weights_are_validated_in_the_admin(client: Any) -> None:
    admin = get_user_model().objects.create_superuser("root", password="root-test-pass-123")
    client.force_login(admin)
    policy = PriorityPolicy.current()
    data = dict(PriorityPolicy.fields_from(default_weights()), judgement_inadequate=10)
    response = client.post(reverse("admin:assurance_prioritypolicy_change", args=[policy.pk]), data)
    assert response.status_code == 200
    assert "a worse judgement scores more" in response.content.decode()
    assert PriorityPolicy.current().judgement_inadequate == 40


def test_sch7_weights_model_refuses_a_cap_below_one_item() -> None:
    policy = PriorityPolicy.current()
    policy.concerns_cap = 2
    with pytest.raises(RuleViolation) as refused:
        policy.weights()
    assert refused.value.field == "concerns_cap"


def test_sch7_priority_page_shows_each_factors_points(client: Any, people: dict[str, Any]) -> None:
    ifa("SC860009", judged=(date(2024, 11, 20), "inadequate"))
    client.force_login(people["manager"])
    page = client.get(reverse("assurance:priority")).content.decode()
    assert "inadequate last time: +40" in page
    assert "24 months without an inspection: +24" in page
    assert reverse("assurance:schedule", args=["SC860009"]) in page


def test_sch7_the_list_is_read_in_few_queries(
    client: Any, people: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        ifa(f"SC87{n:04d}", judged=(date(2024, 1, 10), "good"))
    PriorityPolicy.current()
    client.force_login(people["manager"])
    with django_assert_max_num_queries(25):
        assert client.get(reverse("assurance:priority")).status_code == 200


def test_sch7_an_inspector_reads_the_list_but_cannot_schedule(client: Any, people: dict[str, Any]) -> None:
    ifa("SC860009")
    client.force_login(people["inspector"])
    page = client.get(reverse("assurance:priority")).content.decode()
    assert "Schedule a visit" not in page
    url = reverse("assurance:schedule", args=["SC860009"])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"lead_inspector": people["inspector"].pk, "start": "2026-12-22"}).status_code == 403
    )
    assert not Inspection.objects.exists()


def test_sch7_a_provider_user_cannot_see_the_list(client: Any, people: dict[str, Any]) -> None:
    client.force_login(people["provider_a"])
    assert client.get(reverse("assurance:priority")).status_code == 403


def test_sch7_a_manager_schedules_from_the_list(client: Any, people: dict[str, Any]) -> None:
    provider = ifa("SC860009")
    client.force_login(people["manager"])
    response = client.post(
        reverse("assurance:schedule", args=[provider.urn]),
        {
            "lead_inspector": people["inspector"].pk,
            "start-day": "22",
            "start-month": "12",
            "start-year": "2099",
        },
    )
    visit = Inspection.objects.get(provider=provider)
    assert response.status_code == 302 and response["Location"] == reverse("assurance:visit", args=[visit.pk])
    assert (visit.kind, visit.manager, visit.lead_inspector) == (
        "ifa-assurance",
        people["manager"],
        people["inspector"],
    )


def test_sch7_scheduling_names_the_field_at_fault(client: Any, people: dict[str, Any]) -> None:
    provider = ifa("SC860009")
    client.force_login(people["manager"])
    # Saturday 26 December 2099 is not a working day.
    response = client.post(
        reverse("assurance:schedule", args=[provider.urn]),
        {
            "lead_inspector": people["inspector"].pk,
            "start-day": "26",
            "start-month": "12",
            "start-year": "2099",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Inspection.objects.exists()
