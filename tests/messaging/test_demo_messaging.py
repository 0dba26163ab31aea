"""The demo's mail: the outbox starts empty on each build and shows the demo day's reminders, sent as the
morning job sends them, once however often the demo is loaded that day."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.inspections.models import Inspection
from careinspect.messaging.models import OutboxEmail
from careinspect.registry.models import Provider
from careinspect.scenarios.messaging import clear_demo_outbox, load_demo_messaging
from tests.conftest import d

pytestmark = pytest.mark.django_db


def test_the_demo_outbox_holds_todays_reminders_once(
    settings: Any, people: dict[str, User], agency_a: Provider
) -> None:
    settings.EMAIL_BACKEND = "careinspect.messaging.backends.OutboxBackend"
    people["inspector"].email = "inspector@careinspect.example"
    people["inspector"].save()
    # The draft is due on Tuesday 29 December 2026: the working day before it is Thursday 24 December
    # (Christmas Day, then Boxing Day moved to Monday 28 December).
    Inspection.objects.create(
        provider=agency_a,
        lead_inspector=people["inspector"],
        manager=people["manager"],
        start_date=d("2026-12-01"),
        end_date=d("2026-12-03"),
        notified_on=d("2026-11-17"),
        draft_due=d("2026-12-29"),
        status="feedback_given",
    )
    assert load_demo_messaging(d("2026-12-23")) == {"reminders": 0}
    assert load_demo_messaging(d("2026-12-24")) == {"reminders": 1}
    assert load_demo_messaging(d("2026-12-24")) == {"reminders": 0}
    [email] = OutboxEmail.objects.all()
    assert email.to == ["inspector@careinspect.example"]
    assert email.subject.startswith("Reminder: due on Tuesday 29 December 2026: Draft report: INS-")
    clear_demo_outbox()
    assert OutboxEmail.objects.count() == 0
    assert load_demo_messaging(d("2026-12-24")) == {"reminders": 1}  # a rebuilt demo reminds again
