"""The demo's 2023 programme (seed 001): the six RAAs' fieldwork walked through the services and the one
report published on 26 March 2024, naming the RAAs with their dates; loading twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from careinspect.core.roles import INSPECTOR, MANAGER
from careinspect.fieldwork.models import PublishedProgrammeReport, ThemeEvidence
from careinspect.registry.demo import load_demo_registry
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.raa_thematic import build_2023_programme
from careinspect.scenarios.thematic_fieldwork import load_demo_thematic_fieldwork
from tests.people import _user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def test_thm7_the_2023_programme_report_is_published_on_26_march_2024() -> None:
    load_demo_registry(TODAY)
    _user("manager", MANAGER)  # the demo's sign-ins the builders use
    _user("inspector", INSPECTOR)
    for _ in range(2):
        loaded = load_demo_thematic_fieldwork(TODAY, build_2023_programme(TODAY))
    published = loaded["published_2023"]
    assert PublishedProgrammeReport.objects.count() == 1
    assert published.published_on == date(2024, 3, 26)
    assert published.content["raas"][0]["dates"] == "30 October 2023 to 2 November 2023"
    assert len(published.content["raas"]) == 6
    statuses = {
        v.inspection.status_enum for v in loaded["programme_2023"].visits.select_related("inspection")
    }
    assert statuses == {Status.REPORTED}
    assert (
        ThemeEvidence.objects.filter(inspection__programme_visit__programme=loaded["programme_2023"]).count()
        == 36
    )
