"""The enforcement demo: built by the services on the SCCIF demo, idempotent when the demo reruns."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from careinspect.enforcement.models import (
    CaseReview,
    DcsAlert,
    DcsContact,
    InadequateFollowUp,
    ReferralContact,
    SafeguardingReferral,
)
from careinspect.messaging.models import Message
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.enforcement import clear_demo_enforcement, load_demo_enforcement
from careinspect.scenarios.sccif_full import load_demo_inspections

pytestmark = pytest.mark.django_db
TODAY = date(2026, 4, 9)  # a Thursday after Easter


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def load() -> dict[str, Any]:
    load_demo_agencies_and_sign_ins(TODAY)
    clear_demo_enforcement()  # as the demo command does, before the inspections are rebuilt
    load_demo_inspections(TODAY)
    return load_demo_enforcement(TODAY)


def counts() -> dict[str, int]:
    models = (
        CaseReview,
        DcsAlert,
        DcsContact,
        InadequateFollowUp,
        SafeguardingReferral,
        ReferralContact,
        Message,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_shows_each_step_and_reruns_to_the_same() -> None:
    loaded = load()
    alerts = DcsAlert.objects.filter(inspection_id=loaded["inadequate_inspection_id"])
    steps = sorted(a.step for a in alerts)
    assert steps[0] == "done" and "email" in steps  # one emailed, called and forwarded; another due
    due = {a.email_due for a in alerts if a.step == "email"}
    assert due == {TODAY}  # ENF-3: owed from the case review's decision this morning
    review = CaseReview.objects.get(pk=loaded["case_review_id"])
    assert review.decision == "monitoring_visit" and review.visit_announced is False
    referral = SafeguardingReferral.objects.get(pk=loaded["safeguarding_referral_id"])
    assert referral.is_open and referral.contacts.count() == 2
    first = counts()
    load()
    assert counts() == first
