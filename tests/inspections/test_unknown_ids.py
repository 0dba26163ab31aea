"""Ids in a request that name no record of the inspection are refused with a 422 naming the field, never
a 500 and never silently dropped (issue 10). RULES: REQ-1 — a requirement's evidence is real evidence of
this inspection."""

from __future__ import annotations

import pytest

from careinspect.inspections.models import Recommendation, Requirement
from careinspect.inspections.services import judgements, reporting
from careinspect.inspections.services.common import MAX_ID
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", [999_999, MAX_ID, MAX_ID + 1, 2**80, 0, -3])
def test_req1_a_requirement_citing_evidence_that_does_not_exist_is_refused_naming_the_field(
    walk: Walk, bad: int
) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        reporting.add_requirement(
            walk.current,
            by=walk.inspector,
            regulation="Regulation 12",
            action="Check references.",
            impact="Suitability is not shown.",
            compliance_date=at("2026-02-02").date(),
            evidence_ids=[e.pk for e in walk.evidence] + [bad],
        )
    assert raised.value.field == "evidence_ids"
    assert not Requirement.objects.exists()


def test_req2_a_recommendation_citing_unknown_evidence_is_refused_and_nothing_is_stored(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation, match="no evidence record with id 424242") as raised:
        reporting.add_recommendation(
            walk.current,
            by=walk.inspector,
            nms_standard="NMS 5.2",
            text="Tell families.",
            evidence_ids=[424242],
        )
    assert (raised.value.field, raised.value.rule) == ("evidence_ids", "REQ-2")
    assert not Recommendation.objects.exists()


def test_jdg7_a_judgement_citing_evidence_of_another_inspection_is_refused(walk: Walk) -> None:
    walk.to(Status.ON_SITE)
    with pytest.raises(RuleViolation) as raised:
        judgements.record_judgement(
            walk.current,
            by=walk.inspector,
            area="helped_protected",
            grade="good",
            rationale="Sound.",
            evidence_ids=[2**70],
            now=tick(),
        )
    assert raised.value.field == "evidence_ids"


def test_the_api_answers_a_huge_id_with_422_naming_the_field(walk: Walk) -> None:
    from django.test import Client

    walk.to(Status.ON_SITE)
    client = Client()
    client.force_login(walk.inspector)
    answer = client.post(
        f"/api/inspections/{walk.current.pk}/recommendations",
        data={"nms_standard": "NMS 5", "text": "Do better.", "evidence_ids": [2**70]},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "evidence_ids" in answer.content.decode()
