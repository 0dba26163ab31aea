"""The report's identifying-text check through the API (issue 10): `GET …/report` lists each passage that
may identify someone, with the reason recorded for keeping it, to the regulator only; `POST
…/report/keep-passage` records that reason. The manager's check refuses the report until each passage is
changed or kept.

RULES: DPR-2 — nothing published identifies an individual.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from careinspect.inspections.models import Inspection, Report
from careinspect.rules.lifecycle import Status
from tests.conftest import d
from tests.inspections.api.conftest import Api, on
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db

ADDRESS = "3 Church Street"
REASON = "The agency's office address, published on its own website; no person lives there."


@pytest.fixture
def flagged(walk: Walk, inspector: User, api: Callable[[User], Api]) -> Inspection:
    """At feedback, a report whose text names a child and gives an address."""
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    sections = {
        "areas_for_improvement": "None.",
        "judgement:overall_experiences_progress": f"We met Jane Smith at the new base at {ADDRESS}.",
    }
    with on(d("2026-01-08")):
        assert (
            api(inspector).send("PUT", f"{inspection.pk}/report", {"sections": sections}).status_code == 200
        )
    return inspection


def test_dpr2_the_report_lists_what_may_identify_someone_to_the_regulator(
    flagged: Inspection, inspector: User, manager: User, api: Callable[[User], Api]
) -> None:
    for user in (inspector, manager):
        found = {i["text"]: i for i in api(user).get(f"{flagged.pk}/report").json()["identifying"]}
        assert set(found) == {"Jane Smith", ADDRESS}
        assert found[ADDRESS]["kept_because"] is None
        assert found[ADDRESS]["where"] and found[ADDRESS]["why"]


def test_dpr2_a_kept_passage_shows_its_reason_and_the_check_then_passes_once_the_rest_is_changed(
    flagged: Inspection, inspector: User, manager: User, api: Callable[[User], Api]
) -> None:
    lead = api(inspector)
    with on(d("2026-01-08")):
        kept = lead.post(f"{flagged.pk}/report/keep-passage", {"passage": ADDRESS, "reason": REASON})
    assert kept.status_code == 200, kept.content
    found = {i["text"]: i["kept_because"] for i in kept.json()["identifying"]}
    assert found == {"Jane Smith": None, ADDRESS: REASON}
    with on(d("2026-01-09")):
        refused = api(manager).post(f"{flagged.pk}/report/check", {"note": ""})
        assert (refused.status_code, refused.json()["rule"]) == (422, "DPR-2")
        assert "Jane Smith" in refused.json()["detail"] and ADDRESS not in refused.json()["detail"]
        text = {"judgement:overall_experiences_progress": f"We met a child at the new base at {ADDRESS}."}
        assert lead.send("PUT", f"{flagged.pk}/report", {"sections": text}).status_code == 200
        checked = api(manager).post(f"{flagged.pk}/report/check", {"note": "Address kept: the agency's"})
    assert checked.status_code == 200, checked.content
    assert [(i["text"], i["kept_because"]) for i in checked.json()["identifying"]] == [(ADDRESS, REASON)]


def test_dpr2_a_passage_the_check_does_not_flag_cannot_be_kept(
    flagged: Inspection, inspector: User, api: Callable[[User], Api]
) -> None:
    with on(d("2026-01-08")):
        answer = api(inspector).post(
            f"{flagged.pk}/report/keep-passage", {"passage": "the new base", "reason": "Not a person"}
        )
    assert answer.status_code == 422
    assert (answer.json()["rule"], answer.json()["field"]) == ("DPR-2", "passage")
    assert Report.objects.get(inspection=flagged).naming_reasons == {}


def test_dpr2_an_empty_reason_takes_a_recorded_reason_back(
    flagged: Inspection, inspector: User, api: Callable[[User], Api]
) -> None:
    lead = api(inspector)
    with on(d("2026-01-08")):
        lead.post(f"{flagged.pk}/report/keep-passage", {"passage": ADDRESS, "reason": REASON})
        taken_back = lead.post(f"{flagged.pk}/report/keep-passage", {"passage": ADDRESS, "reason": " "})
    assert {i["text"]: i["kept_because"] for i in taken_back.json()["identifying"]}[ADDRESS] is None


def test_dpr3_the_agency_never_sees_the_check_nor_keeps_a_passage(
    walk: Walk,
    inspector: User,
    manager: User,
    provider_user_a: User,
    provider_user_b: User,
    api: Callable[[User], Api],
) -> None:
    inspection = walk.to(Status.FEEDBACK_GIVEN)
    lead = api(inspector)
    with on(d("2026-01-08")):
        lead.send(
            "PUT", f"{inspection.pk}/report", {"sections": {"areas_for_improvement": f"Office: {ADDRESS}."}}
        )
        kept = lead.post(f"{inspection.pk}/report/keep-passage", {"passage": ADDRESS, "reason": REASON})
        assert kept.status_code == 200
    walk.to(Status.DRAFT_SENT)
    agency = api(provider_user_a)
    draft = agency.get(f"{inspection.pk}/report")
    assert draft.status_code == 200 and draft.json()["identifying"] is None
    keep = {"passage": ADDRESS, "reason": "ours"}
    assert agency.post(f"{inspection.pk}/report/keep-passage", keep).status_code == 403
    assert api(provider_user_b).post(f"{inspection.pk}/report/keep-passage", keep).status_code == 404
    assert Report.objects.get(inspection=inspection).naming_reasons == {ADDRESS: REASON}
