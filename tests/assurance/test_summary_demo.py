"""The demo's child-friendly summaries (RPT-5), built through the same services as the pages: the assurance
scenario's published visit has its summary beside the report, and the visits under way show each step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from careinspect.assurance.summary_models import AdaptationRequest, ChildFriendlySummary
from careinspect.scenarios.child_friendly import load_demo_child_friendly
from careinspect.scenarios.ifa_assurance import load_demo_ifa_assurance

# A Thursday with no bank holiday near: the demo's visits fall on ordinary working days.
TODAY = date(2026, 6, 18)


@pytest.mark.django_db
def test_rpt5_the_demo_publishes_summaries_beside_reports_and_shows_each_step(people: dict[str, Any]) -> None:
    loaded = load_demo_ifa_assurance(TODAY, inspector=people["inspector"], manager=people["manager"])
    visits = loaded["visits"]
    made = load_demo_child_friendly(TODAY, visits)
    published = ChildFriendlySummary.objects.get(inspection=visits["published"])
    assert published.published_on is not None and published.published_report is not None
    assert published.published_blocks == published.blocks
    written = ChildFriendlySummary.objects.get(inspection=visits["draft_sent"])
    assert written.readability_passes and not written.checked_since_written
    adapted = ChildFriendlySummary.objects.get(inspection=visits["final_sent"])
    assert adapted.checked_since_written
    request = AdaptationRequest.objects.get(summary=adapted)
    assert request.message is not None and request.reply == ""
    assert not ChildFriendlySummary.objects.filter(inspection=visits["serious_concerns"]).exists()
    assert set(made) == {
        "written_inspection_id",
        "adaptation_requested_inspection_id",
        "published_inspection_id",
    }
    # The demo reruns: loading again rebuilds the same.
    again = load_demo_ifa_assurance(TODAY, inspector=people["inspector"], manager=people["manager"])
    load_demo_child_friendly(TODAY, again["visits"])
    assert ChildFriendlySummary.objects.count() == 3
