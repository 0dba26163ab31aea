"""The demo's assurance visits (issue 12 item 7): IFAs on the priority list, a visit at each stage, one with
serious concerns and its deadlines, one published; built through the services and rebuilt on a rerun."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from careinspect.assurance import services
from careinspect.assurance.models import ConcernsFinding, PostVisitSurvey
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.portal.models import Upload
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.carer_register import DEMO_SAMPLE
from careinspect.scenarios.ifa_assurance import DEMO_IFAS, load_demo_ifa_assurance

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def test_demo_has_a_visit_at_each_stage_and_reruns(people: dict[str, Any]) -> None:
    for _ in range(2):  # the demo reruns: the second build replaces the first
        loaded = load_demo_ifa_assurance(TODAY, inspector=people["inspector"], manager=people["manager"])
    visits = {name: Inspection.objects.get(pk=v.pk) for name, v in loaded["visits"].items()}
    assert {name: v.status for name, v in visits.items()} == {
        "scheduled": Status.SCHEDULED.value,
        "published": Status.PUBLISHED.value,
        "final_sent": Status.FINAL_SENT.value,
        "draft_sent": Status.DRAFT_SENT.value,
        "serious_concerns": Status.FEEDBACK_GIVEN.value,
    }
    assert Inspection.objects.filter(kind="ifa-assurance").count() == 5
    assert all(v.is_demo for v in visits.values())
    assert ConcernsFinding.objects.get(inspection=visits["serious_concerns"]).escalated_at is not None
    assert visits["serious_concerns"].serious_concerns_follow_up.monitoring_latest is not None
    assert PublishedReport.objects.get(inspection=visits["published"]).overall_grade == ""
    assert PostVisitSurvey.objects.filter(inspection=visits["final_sent"]).exists()
    # CAS-3: every visit past its call sampled two children from its register, and the evidence cites one;
    # the rebuild left one register's upload and one case list each, not two.
    for name, visit in visits.items():
        sampled = set(visit.cases.filter(selection="sampled").values_list("case_ref", flat=True))
        assert sampled == (set() if name == "scheduled" else set(DEMO_SAMPLE)), name
        assert visit.case_lists.count() == (0 if name == "scheduled" else 1), name
        assert Upload.objects.filter(request__inspection=visit).count() == (0 if name == "scheduled" else 1)
    assert visits["draft_sent"].evidence.filter(cases__case_ref=next(iter(DEMO_SAMPLE))).exists()
    rows = services.priority_list(TODAY)
    assert {r.provider.urn for r in rows} == {urn for urn, *_ in DEMO_IFAS}
    assert rows[0].provider.urn == "SC800101"  # inadequate last time, concerns and notifications
    assert next(r for r in rows if r.provider.urn == "SC800106").open_visit == visits["scheduled"]
