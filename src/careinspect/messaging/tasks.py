"""Background jobs of messaging (django-tasks). The task is where the clock is read; the services never do.

`send_due_reminders` emails every deadline's owners on the working day before it and on the day (issue 13,
item 7). A systemd timer queues it each morning with `careinspect reminders enqueue`, and the database
worker (`careinspect db_worker`, CAREINSPECT_TASKS=database) runs it; without a worker the immediate
backend runs it at once. Running it twice in a day sends nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from careinspect.messaging.reminders import send_reminders
from careinspect.messaging.services import system_user


@task()
def send_due_reminders() -> dict[str, Any]:
    """Today's reminders, in England's date; the result says what was sent."""
    now = timezone.now()
    today = timezone.localdate(now)
    done = send_reminders(today, now, system_user())
    return {
        "today": today.isoformat(),
        "sent": sum(s.sent for s in done),
        "already_sent": sum(s.already for s in done),
        "reminders": [s.reminder.as_dict() for s in done],
    }
