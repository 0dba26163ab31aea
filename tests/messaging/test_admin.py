"""The admin shows the messages and the reminders sent read-only with their history: the services write
them (`send_message`, the reminders job) and only the retention job disposes of them (DPR-1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careinspect.messaging.models import ReminderSent
from careinspect.messaging.services import send_message
from tests.clock import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(people: dict[str, User]) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="root-test-pass-123"))
    return client


def test_a_message_is_read_only_in_the_admin_with_its_history(
    admin_client_: Client, people: dict[str, User]
) -> None:
    message = send_message(
        kind="notice",
        to=["a@example.org"],
        subject="Letter",
        body="B",
        by=people["inspector"],
        now=at("2026-04-02"),
    )
    base = f"/admin/messaging/message/{message.pk}"
    assert admin_client_.get("/admin/messaging/message/").status_code == 200
    assert admin_client_.get("/admin/messaging/message/add/").status_code == 403
    assert admin_client_.get(f"{base}/history/").status_code == 200
    assert admin_client_.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client_.get("/admin/messaging/outboxemail/").status_code == 200
    assert admin_client_.get("/admin/messaging/outboxemail/add/").status_code == 403


def test_the_reminders_sent_have_their_history_in_the_admin(
    admin_client_: Client, people: dict[str, User]
) -> None:
    sent = ReminderSent.objects.create(
        key="k" * 64,
        owner=people["inspector"],
        day=at("2026-04-02").date(),
        due=at("2026-04-03").date(),
        rule="INF-1",
        what="Information",
    )
    assert admin_client_.get(f"/admin/messaging/remindersent/{sent.pk}/history/").status_code == 200
