"""The demo's mail (issues 12 and 13): every email the demo's steps send lands in the outbox (the demo's
mail backend), where a member of the regulator's staff reads it at /outbox/; and the reminders of the demo's
day, sent as the scheduled job sends them, so each demo sign-in's deadlines show there too.

`clear_demo_outbox` runs before the demo's inspections are rebuilt: the outbox is the demo's own (the
outbox backend is never a deployment's), so it starts empty each time and shows only this build's mail.
The inspections' `Message`s go with the demo inspections they belong to.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from careinspect.messaging.models import OutboxEmail, ReminderSent
from careinspect.messaging.reminders import send_reminders
from careinspect.messaging.services import system_user


def clear_demo_outbox() -> None:
    OutboxEmail.objects.all().delete()
    ReminderSent.objects.all().delete()


def load_demo_messaging(today: date) -> dict[str, int]:
    """Send today's reminders at 7am, as the morning job would: {"reminders": emails sent}."""
    now = timezone.make_aware(datetime.combine(today, time(7)))
    done = send_reminders(today, now, system_user())
    return {"reminders": sum(s.sent for s in done)}
