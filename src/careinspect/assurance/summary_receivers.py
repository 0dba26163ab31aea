"""The child-friendly summary's hooks (RPT-5): it goes beside the report when that is published, and who
owes it by when is registered with the project's deadlines.

`inspections` never imports this app: it sends `report_published` inside its publishing transaction, and
this receiver publishes the checked summary or refuses (a RuleViolation rolls the publication back).
"""

from __future__ import annotations

from typing import Any

from careinspect.inspections.signals import report_published


def connect() -> None:
    from careinspect.assurance.summary_deadlines import summary_deadlines
    from careinspect.core import deadlines

    report_published.connect(publish_summary, dispatch_uid="assurance-child-friendly-summary")
    deadlines.register("assurance.child_friendly_summary", summary_deadlines)  # RPT-5: who owes it, by when


def publish_summary(
    sender: Any, *, inspection: Any, published: Any, by: Any, now: Any, **kwargs: Any
) -> None:
    from careinspect.assurance.summary_services import publish_beside

    publish_beside(published, by=by, now=now)
