"""NTC-3: on the announcement day the RAA leader is given six stakeholder letters, as HTML and PDF, with
the letter of notice (NTC-2) that lists them; another agency's staff never reach them (DPR-3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careinspect.core.roles import INSPECTOR
from careinspect.rules.frameworks import load_framework
from careinspect.rules.kinds import Kind, declaration
from careinspect.thematic import services
from tests.people import _user
from tests.thematic.records import at, programme, registry_raa

pytestmark = pytest.mark.django_db

STAKEHOLDER_LETTERS = {
    "stakeholder-staff": "To all staff of Adopt RA100001",
    "stakeholder-adopters": "To adopters and prospective adopters",
    "stakeholder-support": "birth relatives",
    "stakeholder-panel": "panel members and panel chairs",
    "stakeholder-las": "Council 801 and Council 802",
    "stakeholder-children": "You do not have to talk to us",
}


def test_ntc3_six_letters_besides_the_notice_as_the_framework_lists_them() -> None:
    letters = declaration(Kind.RAA_THEMATIC).letters
    assert [k for k in letters if k != "notice"] == list(STAKEHOLDER_LETTERS)
    assert len(load_framework("raa-thematic").stakeholder_letters) == len(STAKEHOLDER_LETTERS)


def test_ntc3_each_stakeholder_letter_renders_as_html_and_pdf(people: dict[str, User]) -> None:
    registry_raa("RA100001", las=("801", "802"))
    p = programme(people["manager"], start=date(2026, 4, 6), end=date(2026, 4, 10), size=1)
    services.take_candidates_from_register(p, by=people["manager"], now=at(date(2026, 3, 2)))
    services.select_sample(p, by=people["manager"], now=at(date(2026, 3, 2)))
    services.set_team(
        p, team=1, inspectors=[_user("lead-1", INSPECTOR)], by=people["manager"], now=at(date(2026, 3, 2))
    )
    [visit] = services.plan_programme(p, by=people["manager"], now=at(date(2026, 3, 2)))
    inspection = services.announce_visit(visit, by=people["manager"], now=at(date(2026, 3, 27)))
    client = Client()
    client.force_login(people["inspector"])
    notice = client.get(reverse("inspections:notice", args=[inspection.pk])).content.decode()
    for key, words in STAKEHOLDER_LETTERS.items():
        assert reverse("reports:letter", args=[inspection.pk, key]) in notice
        page = client.get(reverse("reports:letter", args=[inspection.pk, key]))
        assert page.status_code == 200, key
        text = page.content.decode()
        assert words in text, key
        assert "Tuesday 7 April" in text, key  # the first day of fieldwork
        pdf = client.get(reverse("reports:letter_pdf", args=[inspection.pk, key]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", key
        assert pdf.content.startswith(b"%PDF")
    # The letter of notice names all six for the leader to share.
    letter = client.get(reverse("reports:letter", args=[inspection.pk, "notice"])).content.decode()
    assert "information to share with children" in letter
    other = Client()
    other.force_login(people["provider_a"])
    assert other.get(reverse("reports:letter", args=[inspection.pk, "stakeholder-staff"])).status_code == 404
    assert (
        other.get(reverse("reports:letter_pdf", args=[inspection.pk, "stakeholder-staff"])).status_code == 404
    )
