"""Each user's list of what is due (NTC-1, INF-2, RPT-3, CMP-1): the right person sees each step."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from careinspect.inspections.dashboard import due_for
from careinspect.inspections.services import reporting
from careinspect.rules.lifecycle import Status
from tests.clock import at
from tests.conftest import d
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db


def test_cmp1_an_open_complaint_goes_to_an_independent_manager(walk: Walk, independent_manager: User) -> None:
    """CMP-1 (2): a complaint is handled by a manager independent of the inspection, not its own."""
    walk.to(Status.DRAFT_SENT)
    reporting.respond_to_draft(
        walk.current,
        by=walk.provider_user,
        kind="complaint",
        text="The judgement is unfair.",
        now=at(d("2026-01-14")),
    )
    today = d("2026-01-20")
    labels = [item.label for item in due_for(independent_manager, today)]
    assert "Answer the complaint before the final report" in labels
    own = [item.label for item in due_for(walk.manager, today)]
    assert "Answer the complaint before the final report" not in own


def test_rpt3_the_inspector_sees_the_draft_due_after_feedback(walk: Walk) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    items = due_for(walk.inspector, inspection.draft_due)
    assert [(i.label, i.day, i.overdue) for i in items if i.rule == "RPT-3"] == [
        ("Send the draft report", inspection.draft_due, False)
    ]
    late = due_for(walk.inspector, d("2026-03-02"))
    assert any(i.label == "Send the draft report" and i.overdue for i in late)


def test_provider_sees_only_its_own_steps(walk: Walk) -> None:
    inspection = walk.to(Status.DRAFT_SENT)
    items = due_for(walk.provider_user, inspection.comments_due)
    assert [i.label for i in items] == ["Comments or formal complaint on the draft"]
