"""The demo's programmes (issue 11, item 8): the 2023 programme as seed 001 reports it and a current
programme part way through fieldwork, built through the services and rebuilt on every run."""

from __future__ import annotations

from datetime import date

import pytest

from careinspect.core.roles import INSPECTOR, MANAGER
from careinspect.registry.demo import load_demo_registry
from careinspect.scenarios.raa_thematic import FIELDWORK_2023, load_demo_thematic
from careinspect.thematic.models import Programme
from tests.people import _user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)  # a Thursday


def test_demo_2023_and_current_programmes(tmp_path: object) -> None:
    load_demo_registry(TODAY, synthetic_per_kind=2)
    _user("manager", MANAGER)
    _user("inspector", INSPECTOR)
    first = load_demo_thematic(TODAY, out_dir=tmp_path)
    again = load_demo_thematic(TODAY, out_dir=tmp_path)  # idempotent: one copy of each
    assert Programme.objects.filter(is_demo=True).count() == 2
    old = again.programme_2023
    visits = list(old.visits.select_related("inspection__provider").order_by("inspection__start_date"))
    assert {
        v.inspection.provider.urn: (v.inspection.start_date, v.inspection.end_date) for v in visits
    } == FIELDWORK_2023
    assert sorted({v.team for v in visits}) == [1, 2, 3]
    assert all(v.inspection.status == "notified" and v.inspection.notification_call_at for v in visits)
    # Family Adoption Links: Tuesday 28 to Thursday 30 November 2023; notice 5 working days back, Tue 21.
    fal = next(v.inspection for v in visits if v.inspection.provider.urn == "RA000005")
    assert fal.notified_on == date(2023, 11, 21)
    current = again.programme
    assert current.candidates.exclude(excluded_rule="").count() >= 3  # a VAA and two LA inspections (THM-3)
    statuses = {
        v.inspection.provider.urn: v.inspection.status
        for v in current.visits.select_related("inspection__provider")
    }
    assert len(statuses) == 6
    # RA000001 announced today: notice on Thursday 26 November 2026, fieldwork from Thursday 3 December.
    assert again.inspection.provider.urn == "RA000001" and again.inspection.notified_on == TODAY
    assert statuses["RA000001"] == "notified"
    assert statuses["RA000002"] == "on_site"
    assert first.inspection.pk != again.inspection.pk
