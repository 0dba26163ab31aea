"""SAF-1: the regional Senior HMI's follow-up of a safeguarding referral changes hands or day. A manager, or
the Senior HMI who owns it, changes it with a reason; the history keeps what it was and the inspection's
story says what changed. The new owner is a manager, the day is not in the past, a closed referral keeps
its follow-up. Everyone else is refused: inspectors who do not own it and QA (403, no form), any agency's
staff (404), the signed out (sent to sign in). The referral is made on Wed 1 April 2026 (conftest)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from careinspect.core.roles import INSPECTOR
from careinspect.enforcement import services
from careinspect.enforcement.models import SafeguardingReferral
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection
from careinspect.rules.errors import RuleViolation
from tests.clock import LONDON, at
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(assurance_visit: Callable[..., Inspection], inspector: User) -> SafeguardingReferral:
    """Open, followed up by the visit's manager (the default owner), due a working week later."""
    return services.open_safeguarding_referral(
        assurance_visit(), by=inspector, now=at("2026-04-01", 11), concern="Bruising seen on child AB"
    )


def on(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON), tick=False
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _change(referral: SafeguardingReferral, by: User, **kwargs: object) -> SafeguardingReferral:
    kwargs.setdefault("reason", "The Senior HMI is on leave next week")
    return services.change_referral_follow_up(referral, by=by, now=at("2026-04-02", 9), **kwargs)  # type: ignore[arg-type]


# --- The service ----------------------------------------------------------------------------------------


def test_saf1_a_manager_hands_the_follow_up_on_and_moves_its_day_with_the_history_kept(
    referral: SafeguardingReferral, manager: User, independent_manager: User
) -> None:
    first_due = referral.follow_up_due
    changed = _change(
        referral, independent_manager, follow_up_owner=independent_manager, follow_up_due=d("2026-04-17")
    )
    assert (changed.follow_up_owner, changed.follow_up_due) == (independent_manager, d("2026-04-17"))
    previous = changed.history.order_by("-history_date", "-history_id")[1]
    assert (previous.follow_up_owner_id, previous.follow_up_due) == (manager.pk, first_due)
    latest = changed.history.latest()
    assert latest.history_user == independent_manager
    assert latest.history_change_reason == "Follow-up changed: The Senior HMI is on leave next week"
    event = referral.inspection.events.filter(type=EventType.NOTE).get()
    assert "now followed up by Other_Manager (was Manager)" in event.note
    assert "due by 17 April 2026" in event.note and not event.visible_to_provider


def test_saf1_the_senior_hmi_who_owns_it_may_hand_it_on_even_when_no_longer_a_manager(
    referral: SafeguardingReferral, manager: User, independent_manager: User
) -> None:
    manager.groups.set([Group.objects.get(name=INSPECTOR)])
    changed = _change(referral, manager, follow_up_owner=independent_manager)
    assert changed.follow_up_owner == independent_manager


@pytest.mark.parametrize("who", ["inspector", "qa_officer", "provider_user_a", "provider_user_b"])
def test_saf1_nobody_else_changes_the_follow_up(
    referral: SafeguardingReferral, request: pytest.FixtureRequest, who: str
) -> None:
    """An inspector who does not own it, QA, the agency's staff and another agency's staff."""
    with pytest.raises(PermissionDenied):
        _change(referral, request.getfixturevalue(who), follow_up_due=d("2026-04-17"))
    referral.refresh_from_db()
    assert referral.follow_up_due != d("2026-04-17") and referral.history.count() == 1


@pytest.mark.parametrize("who", ["inspector", "qa_officer"])
def test_saf1_the_follow_up_is_a_managers_never_an_inspectors_or_qas(
    referral: SafeguardingReferral, manager: User, request: pytest.FixtureRequest, who: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        _change(referral, manager, follow_up_owner=request.getfixturevalue(who))
    assert (refused.value.rule, refused.value.field) == ("SAF-1", "follow_up_owner")
    assert "not a regulatory inspection manager" in refused.value.message


def test_saf1_the_follow_up_is_not_due_in_the_past(referral: SafeguardingReferral, manager: User) -> None:
    with pytest.raises(RuleViolation) as refused:
        _change(referral, manager, follow_up_due=d("2026-04-01"))
    assert (refused.value.rule, refused.value.field) == ("SAF-1", "follow_up_due")
    assert "choose 2 April 2026 or later" in refused.value.message
    assert _change(referral, manager, follow_up_due=d("2026-04-02")).follow_up_due == d("2026-04-02")


def test_saf1_a_change_changes_something_and_says_why(referral: SafeguardingReferral, manager: User) -> None:
    with pytest.raises(RuleViolation) as unchanged:
        _change(referral, manager, follow_up_owner=manager, follow_up_due=referral.follow_up_due)
    assert unchanged.value.field == "follow_up_owner"
    with pytest.raises(RuleViolation) as no_reason:
        _change(referral, manager, follow_up_due=d("2026-04-17"), reason=" ")
    assert (no_reason.value.rule, no_reason.value.field) == ("SAF-1", "reason")


def test_saf1_a_closed_referral_keeps_its_follow_up(referral: SafeguardingReferral, manager: User) -> None:
    SafeguardingReferral.objects.filter(pk=referral.pk).update(
        closed_at=at("2026-04-02", 8), closed_by=manager
    )
    with pytest.raises(RuleViolation) as refused:
        _change(referral, manager, follow_up_due=d("2026-04-17"))
    assert (refused.value.rule, refused.value.field) == ("SAF-1", "follow_up_due")


# --- The page -------------------------------------------------------------------------------------------


def _form(owner: User, day: str = "17", reason: str = "The Senior HMI is on leave") -> dict[str, object]:
    return {
        "follow_up_owner": owner.pk,
        "follow_up_due-day": day,
        "follow_up_due-month": "4",
        "follow_up_due-year": "2026",
        "reason": reason,
    }


def test_saf1_the_form_is_for_a_manager_or_the_owner_only(
    referral: SafeguardingReferral,
    manager: User,
    inspector: User,
    qa_officer: User,
    provider_user_a: User,
    provider_user_b: User,
) -> None:
    url = reverse("enforcement:referral_follow_up", args=[referral.pk])
    page = reverse("enforcement:referral", args=[referral.pk])
    with on("2026-04-02"):
        assert url.encode() in client_for(manager).get(page).content
        for reader in (inspector, qa_officer):
            assert url.encode() not in client_for(reader).get(page).content
            assert client_for(reader).get(url).status_code == 403
            assert client_for(reader).post(url, _form(manager)).status_code == 403
        for staff in (provider_user_a, provider_user_b):
            assert client_for(staff).get(url).status_code == 404
            assert client_for(staff).post(url, _form(manager)).status_code == 404
        signed_out = client_for(None).post(url, _form(manager))
        assert signed_out.status_code == 302 and signed_out["Location"].startswith(reverse("login"))
    referral.refresh_from_db()
    assert referral.history.count() == 1


def test_saf1_the_page_names_the_field_at_fault_then_changes_the_follow_up(
    referral: SafeguardingReferral, manager: User, independent_manager: User, inspector: User
) -> None:
    url = reverse("enforcement:referral_follow_up", args=[referral.pk])
    with on("2026-04-02"):
        client = client_for(manager)  # signed in on the day: a session lasts a working day
        assert b"Change the follow-up" in client.get(url).content
        past = client.post(url, _form(manager, day="1"))
        body = past.content.decode()
        assert past.status_code == 422 and "govuk-error-summary" in body
        assert 'href="#id_follow_up_due"' in body and "in the past" in body and "(SAF-1)" in body
        not_a_manager = client.post(url, _form(inspector))
        assert not_a_manager.status_code == 422
        assert 'href="#id_follow_up_owner"' in not_a_manager.content.decode()
        assert "Choose a regulatory inspection manager" in not_a_manager.content.decode()
        done = client.post(url, _form(independent_manager))
    assert done.status_code == 302 and done["Location"] == reverse("enforcement:referral", args=[referral.pk])
    referral.refresh_from_db()
    assert (referral.follow_up_owner, referral.follow_up_due) == (independent_manager, d("2026-04-17"))


# --- The API --------------------------------------------------------------------------------------------


def test_saf1_the_api_changes_the_follow_up_with_the_same_checks(
    referral: SafeguardingReferral,
    manager: User,
    independent_manager: User,
    qa_officer: User,
    provider_user_a: User,
) -> None:
    url = f"/api/enforcement/referrals/{referral.pk}/follow-up"
    body = {"follow_up_owner_id": independent_manager.pk, "follow_up_due": "2026-04-17", "reason": "Leave"}

    def post(user: User, data: dict[str, object]) -> Any:
        return client_for(user).post(url, data, content_type="application/json")

    with on("2026-04-02"):
        assert post(provider_user_a, body).status_code == 404
        assert post(qa_officer, body).status_code == 403
        past = post(manager, {**body, "follow_up_due": "2026-03-31"})
        assert past.status_code == 422
        assert (past.json()["rule"], past.json()["field"]) == ("SAF-1", "follow_up_due")
        done = post(manager, body)
    assert done.status_code == 200
    answer = done.json()
    assert (answer["follow_up_owner_id"], answer["follow_up_due"]) == (independent_manager.pk, "2026-04-17")
