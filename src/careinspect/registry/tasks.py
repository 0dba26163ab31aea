"""Background jobs of the registry (django-tasks; `careinspect db_worker` runs them in a deployment).

`refresh_due_list` is the nightly job: a status depends on the day ("overdue" once a window has closed,
"due this quarter" as a quarter begins), so every row of the due list is worked out again each night.
A systemd timer queues it a few minutes after midnight (`careinspect due enqueue`, README) and the
database worker runs it; without a worker the immediate backend runs it at once.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from careinspect.registry.services import refresh_due


@task()
def refresh_due_list(today: str | None = None) -> dict[str, object]:
    """Every provider's row for `today` (ISO; by default the day in England when the job runs, the job
    being the edge where the clock is read). Answers the day and how many rows changed."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return {"today": day.isoformat(), "changed": refresh_due(None, day)}
