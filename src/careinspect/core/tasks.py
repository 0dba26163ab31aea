"""Background jobs (django-tasks). The task is where the clock is read; the services it calls never do.

`run_retention` disposes of personal data past its retention period (`core.retention`). A systemd timer
queues it each night with `careinspect retention enqueue`, and the database worker (`careinspect
db_worker`, CAREINSPECT_TASKS=database) runs it; without a worker the immediate backend runs it at once.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from careinspect.core import retention

BY = "task run_retention"


@task()
def run_retention() -> dict[str, Any]:
    """RULES: DPR-1 — the scheduled disposal: today's date in England, the report as the task's result."""
    now = timezone.now()
    report = retention.run(timezone.localdate(now), now, dry_run=False, by=BY)
    return report.as_dict()
