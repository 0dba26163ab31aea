"""The demo's notifications: waiting reviews, a line of enquiry in the walkthrough's plan, a late manager
absence that brought an inspection forward in the due list, one NMS 25 report missing; idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from careinspect.core.demo_users import WALKTHROUGH_URN
from careinspect.inspections.models import Inspection, PlanEntry
from careinspect.notifications import services
from careinspect.notifications.models import (
    BringForward,
    LineOfEnquiry,
    ManagerNotice,
    Notification,
    NotificationStatus,
)
from careinspect.registry.models import Intelligence, ProviderDue
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.notifications import clear_demo_notifications, load_demo_notifications
from careinspect.scenarios.sccif_full import load_demo_inspections

pytestmark = pytest.mark.django_db


def test_the_demo_notifications_are_built_by_the_services_and_rebuilt_once(
    tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    load_demo_agencies_and_sign_ins(today)
    load_demo_inspections(today)
    built = load_demo_notifications(today, out_dir=tmp_path)

    assert Notification.objects.filter(status=NotificationStatus.WAITING).count() == built.waiting == 2
    waiting = Notification.objects.filter(status=NotificationStatus.WAITING)
    assert any(n.review_due < today for n in waiting) and any(n.missing_fields for n in waiting)
    line = LineOfEnquiry.objects.get(notification=built.line_of_enquiry)
    walkthrough = Inspection.objects.get(provider__urn=WALKTHROUGH_URN, status="notified", is_demo=True)
    assert line.inspection == walkthrough and line.plan_entry in walkthrough.plan_entries.all()

    assert built.late_notice.late
    row = ProviderDue.objects.get(provider=built.brought_forward.provider)
    assert row.reason.startswith("Brought forward: Late notice") and row.reason.endswith("(SCH-10)")
    assert row.status == "this_quarter"

    _year, missing = services.missing_nms25(today)
    assert list(missing) == [built.missing_nms25]
    assert "urn,responses" in built.questionnaire_csv.read_text()

    counts = (
        Notification.objects.count(),
        ManagerNotice.objects.count(),
        BringForward.objects.count(),
        LineOfEnquiry.objects.count(),
        PlanEntry.objects.count(),
        Intelligence.objects.count(),
    )
    # The demo runs again the next time: the inspections are rebuilt, and its own records once.
    clear_demo_notifications()
    load_demo_inspections(today)
    load_demo_notifications(today, out_dir=tmp_path)
    assert (
        Notification.objects.count(),
        ManagerNotice.objects.count(),
        BringForward.objects.count(),
        LineOfEnquiry.objects.count(),
        PlanEntry.objects.count(),
        Intelligence.objects.count(),
    ) == counts
