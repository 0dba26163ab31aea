"""NOT-3: the member of an agency's staff who sent a notice about the manager corrects it until the
regulator acts on it (an inspection brought forward for it, SCH-10). The facts are checked again, whether
notice was late is worked out again from the day it was first given, the history keeps what it said and
what the regulator holds says it was corrected. Nobody else corrects it: a colleague and the regulator's
staff are refused (403), another agency's staff find nothing (404), the signed out are sent to sign in.

Notices are given on Thursday 26 November 2026 (conftest's NOW) and corrected the next day."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from careinspect.core.roles import PROVIDER_USER
from careinspect.notifications import services
from careinspect.notifications.models import ManagerNotice
from careinspect.registry.models import Provider
from careinspect.rules.errors import RuleViolation
from tests.clock import LONDON, at
from tests.conftest import d
from tests.notifications.conftest import NOW
from tests.people import _user

pytestmark = pytest.mark.django_db

NEXT_DAY = at("2026-11-27", 10)


def absence(by: User, starts_on: str = "2027-01-04", emergency: bool = False) -> ManagerNotice:
    """A known absence from Monday 4 January 2027: notice was due by 4 December 2026, so on time."""
    return services.submit_manager_notice(
        by=by, kind="absence", emergency=emergency, starts_on=d(starts_on), now=NOW
    )


def correct(notice: ManagerNotice, by: User, **changes: Any) -> ManagerNotice:
    values: dict[str, Any] = {
        "kind": notice.kind,
        "emergency": notice.emergency,
        "starts_on": notice.starts_on,
        "ends_on": notice.ends_on,
        "applied_to_register_on": notice.applied_to_register_on,
        "arrangements": notice.arrangements,
        "reason": "We gave the wrong first day",
        **changes,
    }
    return services.correct_manager_notice(notice, by=by, now=NEXT_DAY, **values)


def bring_forward(notice: ManagerNotice, manager: User) -> None:
    services.bring_forward(
        notice.provider,
        by=manager,
        rule="SCH-10",
        reason="Late notice of the manager's absence",
        inspect_by=d("2027-01-29"),
        now=NOW,
        manager_notice=notice,
    )


@pytest.fixture
def colleague(staff: dict[str, User], agency_a: Provider) -> User:
    """Another member of agency A's staff, who did not send the notice."""
    return _user("colleague-a", PROVIDER_USER, agency_a)


def on(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON), tick=False
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- The service ----------------------------------------------------------------------------------------


def test_not3_the_sender_corrects_a_notice_and_its_history_keeps_what_it_said(
    staff: dict[str, User],
) -> None:
    sender = staff["provider_a"]
    notice = absence(sender)
    assert (notice.due_by, notice.late) == (d("2026-12-04"), False)
    corrected = correct(notice, sender, starts_on=d("2026-12-14"), ends_on=d("2027-02-26"))
    # Notice of an absence from 14 December was due by 14 November: given on 26 November, it is late.
    assert (corrected.starts_on, corrected.due_by, corrected.late) == (d("2026-12-14"), d("2026-11-14"), True)
    assert corrected.given_on == d("2026-11-26")  # the day notice reached the regulator stands
    assert (corrected.corrected_at, corrected.correction_reason) == (NEXT_DAY, "We gave the wrong first day")
    first, latest = corrected.history.order_by("history_date", "history_id")
    assert (first.starts_on, first.ends_on, first.late) == (d("2027-01-04"), None, False)
    assert latest.history_user == sender
    assert latest.history_change_reason == "Corrected: We gave the wrong first day"
    assert corrected.intelligence is not None
    summary = corrected.intelligence.summary
    assert "from 14 December 2026; notice was due by 14 November 2026: late (NOT-3)" in summary
    assert "corrected on 27 November 2026: We gave the wrong first day" in summary
    assert list(services.late_notices_awaiting_decision()) == [corrected]


def test_not3_a_correction_that_makes_late_notice_on_time_says_it_was_first_given_late(
    staff: dict[str, User],
) -> None:
    # An emergency absence from 12 October: day 28 is 8 November, notice was due by 15 November.
    notice = absence(staff["provider_a"], starts_on="2026-10-12", emergency=True)
    assert notice.late
    corrected = correct(notice, staff["provider_a"], starts_on=d("2026-11-02"))
    assert (corrected.due_by, corrected.late) == (d("2026-12-06"), False)
    assert corrected.intelligence is not None
    assert "first given as late: notice was due by 15 November 2026" in corrected.intelligence.summary
    assert corrected.history.order_by("history_date", "history_id").first().late is True
    assert list(services.late_notices_awaiting_decision()) == []


@pytest.mark.parametrize("who", ["colleague", "provider_b", "inspector", "manager", "qa"])
def test_not3_only_the_member_of_staff_who_sent_it_corrects_it(
    staff: dict[str, User], colleague: User, who: str
) -> None:
    notice = absence(staff["provider_a"])
    user = colleague if who == "colleague" else staff[who]
    with pytest.raises(PermissionDenied):
        correct(notice, user, starts_on=d("2026-12-14"))
    notice.refresh_from_db()
    assert notice.starts_on == d("2027-01-04") and notice.corrected_at is None


def test_not3_a_notice_the_regulator_acted_on_is_not_corrected(staff: dict[str, User]) -> None:
    notice = absence(staff["provider_a"], starts_on="2026-10-12", emergency=True)
    bring_forward(notice, staff["manager"])
    with pytest.raises(RuleViolation) as refused:
        correct(notice, staff["provider_a"], starts_on=d("2026-11-02"))
    assert (refused.value.rule, refused.value.field) == ("NOT-3", "status")
    assert "we acted on this notice on 26 November 2026" in refused.value.message
    assert "send a new notice" in refused.value.message
    notice.refresh_from_db()
    assert (notice.starts_on, notice.late, notice.history.count()) == (d("2026-10-12"), True, 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": d("2026-12-01")}, "ends_on"),  # before the absence starts
        ({"ends_on": d("2027-01-20")}, "ends_on"),  # fewer than 28 days
        ({"kind": "appointed", "starts_on": d("2026-12-01")}, "starts_on"),  # not started when notified
        ({"applied_to_register_on": d("2026-11-01")}, "applied_to_register_on"),  # only a new manager
        ({"reason": " "}, "reason"),
        ({}, "kind"),  # nothing corrected
    ],
)
def test_not3_a_correction_is_checked_like_a_notice(
    staff: dict[str, User], changes: dict[str, Any], field: str
) -> None:
    notice = absence(staff["provider_a"])
    with pytest.raises(RuleViolation) as refused:
        correct(notice, staff["provider_a"], **changes)
    assert (refused.value.rule, refused.value.field) == ("NOT-3", field)


# --- The pages ------------------------------------------------------------------------------------------


def _form(day: str = "14", month: str = "12", reason: str = "We gave the wrong first day") -> dict[str, str]:
    return {
        "kind": "absence",
        "starts_on-day": day,
        "starts_on-month": month,
        "starts_on-year": "2026",
        "reason": reason,
    }


def test_not3_the_correction_page_is_the_senders_alone(staff: dict[str, User], colleague: User) -> None:
    notice = absence(staff["provider_a"])
    url = reverse("notifications:correct_manager_notice", args=[notice.pk])
    with on("2026-11-27"):
        own = client_for(staff["provider_a"]).get(reverse("notifications:agency")).content.decode()
        assert url in own
        assert url not in client_for(colleague).get(reverse("notifications:agency")).content.decode()
        assert client_for(colleague).get(url).status_code == 403
        assert client_for(colleague).post(url, _form()).status_code == 403
        assert client_for(staff["provider_b"]).get(url).status_code == 404
        assert client_for(staff["provider_b"]).post(url, _form()).status_code == 404
        for regulator in ("qa", "inspector", "manager"):
            assert client_for(staff[regulator]).post(url, _form()).status_code == 403
        signed_out = client_for(None).post(url, _form())
        assert signed_out.status_code == 302 and signed_out["Location"].startswith(reverse("login"))
    notice.refresh_from_db()
    assert notice.corrected_at is None


def test_not3_the_page_names_the_field_at_fault_then_corrects_and_the_regulator_sees_it(
    staff: dict[str, User],
) -> None:
    notice = absence(staff["provider_a"], starts_on="2026-10-12", emergency=True)
    url = reverse("notifications:correct_manager_notice", args=[notice.pk])
    with on("2026-11-27"):
        sender = client_for(staff["provider_a"])  # signed in on the day: a session lasts a working day
        page = sender.get(url).content.decode()
        assert "Correct the notice" in page and 'value="12"' in page
        wrong = sender.post(url, {**_form(day="2", month="11"), "ends_on-day": "1", "ends_on-month": "11",
                                  "ends_on-year": "2026", "emergency": "on"})  # fmt: skip
        body = wrong.content.decode()
        assert wrong.status_code == 422 and "govuk-error-summary" in body
        assert 'href="#id_ends_on"' in body and "(NOT-3)" in body
        done = sender.post(url, {**_form(day="2", month="11"), "emergency": "on"})
        assert done.status_code == 302 and done["Location"] == reverse("notifications:agency")
        decisions = client_for(staff["manager"]).get(reverse("notifications:decisions")).content.decode()
    notice.refresh_from_db()
    assert (notice.starts_on, notice.late, notice.correction_reason) == (
        d("2026-11-02"),
        False,
        "We gave the wrong first day",
    )
    assert "Corrected by the agency" not in decisions  # no longer late: off the SCH-10 list


def test_not3_a_late_notice_corrected_shows_its_correction_on_the_managers_page(
    staff: dict[str, User],
) -> None:
    notice = absence(staff["provider_a"], starts_on="2026-10-12", emergency=True)
    correct(notice, staff["provider_a"], ends_on=d("2027-01-31"), reason="The return day was missing")
    with on("2026-11-27"):
        decisions = client_for(staff["manager"]).get(reverse("notifications:decisions")).content.decode()
    assert "Corrected by the agency on 27 November 2026: The return day was missing" in decisions


def test_not3_once_acted_on_the_page_says_why_and_offers_no_form(staff: dict[str, User]) -> None:
    notice = absence(staff["provider_a"], starts_on="2026-10-12", emergency=True)
    bring_forward(notice, staff["manager"])
    url = reverse("notifications:correct_manager_notice", args=[notice.pk])
    with on("2026-11-27"):
        sender = client_for(staff["provider_a"])  # signed in on the day: a session lasts a working day
        assert url not in sender.get(reverse("notifications:agency")).content.decode()
        page = sender.get(url).content.decode()
        assert "We acted on this notice on 26 November 2026" in page and "Correct the notice" not in page
        refused = sender.post(url, _form(day="2", month="11"))
    assert refused.status_code == 422 and "(NOT-3)" in refused.content.decode()
    notice.refresh_from_db()
    assert notice.corrected_at is None


# --- The API --------------------------------------------------------------------------------------------


def test_not3_the_api_corrects_with_the_same_checks(staff: dict[str, User]) -> None:
    notice = absence(staff["provider_a"])
    url = f"/api/notifications/manager-notices/{notice.pk}/correction"
    body = {"kind": "absence", "starts_on": "2026-12-14", "reason": "We gave the wrong first day"}

    def post(user: User, data: dict[str, Any]) -> Any:
        return client_for(user).post(url, data, content_type="application/json")

    with on("2026-11-27"):
        assert post(staff["provider_b"], body).status_code == 404
        assert post(staff["qa"], body).status_code == 403
        wrong = post(staff["provider_a"], {**body, "ends_on": "2026-12-01"})
        assert wrong.status_code == 422
        assert (wrong.json()["rule"], wrong.json()["field"]) == ("NOT-3", "ends_on")
        done = post(staff["provider_a"], body)
        assert done.status_code == 200
        assert (done.json()["late"], done.json()["due_by"]) == (True, "2026-11-14")
        assert done.json()["correction_reason"] == "We gave the wrong first day"
        bring_forward(ManagerNotice.objects.get(pk=notice.pk), staff["manager"])
        refused = post(staff["provider_a"], {**body, "starts_on": "2026-12-15"})
    assert refused.status_code == 422
    assert (refused.json()["rule"], refused.json()["field"]) == ("NOT-3", "status")
