"""`careinspect demo` loads the thematic report's six RAAs, synthetic agencies and demo inspections in every
state, idempotently, and prints a sign-in for every role."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from careinspect.core.roles import PROVIDER_USER
from careinspect.registry.models import LocalAuthority, PastInspection, Provider, ProviderKind, ProviderStaff
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.raa_thematic import SYNTHETIC_PREFIX

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def signs_in(username: str, password: str) -> bool:
    # The password check itself: the sign-in page adds lockout and two-factor on top (their own tests).
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    return user is not None and user.check_password(password)


def load(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    call_command("demo", "--json")
    return json.loads(capsys.readouterr().out)


def without_rebuilt_ids(found: Any) -> Any:
    """The demo's answer without what a rebuild renumbers: record ids and the paths that carry them."""
    if isinstance(found, dict):
        return {
            key: without_rebuilt_ids(value)
            for key, value in found.items()
            if not (key in {"id", "pk"} or key.endswith(("_id", "_ids", "path")))
        }
    if isinstance(found, list):
        return [without_rebuilt_ids(item) for item in found]
    return found


def test_demo_loads_six_raas_with_their_las_and_dates_and_is_idempotent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = load(capsys)
    counts = (Provider.objects.count(), PastInspection.objects.count(), LocalAuthority.objects.count())
    second = load(capsys)
    assert (
        Provider.objects.count(),
        PastInspection.objects.count(),
        LocalAuthority.objects.count(),
    ) == counts
    # The demo inspections are rebuilt, so only the walkthrough's and the thematic inspection's ids differ.
    first_walkthrough = first.pop("walkthrough")
    second_walkthrough = second.pop("walkthrough")
    first_thematic, second_thematic = first.pop("thematic"), second.pop("thematic")
    for thematic in (first_thematic, second_thematic):
        for rebuilt in ("inspection_id", "portal_path", "programme_path", "programme_2023_path"):
            thematic.pop(rebuilt)
    assert first_thematic == second_thematic and first_thematic["urn"] == "RA000001"
    assert without_rebuilt_ids(first) == without_rebuilt_ids(second)
    first_walkthrough.pop("inspection_id"), first_walkthrough.pop("path")
    second_walkthrough.pop("inspection_id"), second_walkthrough.pop("path")
    assert first_walkthrough == second_walkthrough == {"urn": "SC700005", "status": "notified"}
    assert LocalAuthority.objects.count() == 153
    # The six RAAs of seed 001, besides the current programme's synthetic candidates (issue 11).
    raas = Provider.objects.filter(kind=ProviderKind.RAA).exclude(urn__startswith=SYNTHETIC_PREFIX)
    assert raas.count() == 6
    ane = raas.get(name="Adopt North East")
    assert ane.member_las.filter(name__icontains="Tyneside").count() == 2
    assert str(ane.past_inspections.get().end_date) == "2023-11-02"
    assert not Provider.objects.filter(is_demo=False).exists()  # every demo record is marked


def test_demo_has_every_due_status_and_sign_ins_that_work(capsys: pytest.CaptureFixture[str]) -> None:
    from django.utils import timezone

    from careinspect.registry.services import DueStatus, inspections_due

    loaded = load(capsys)
    statuses = {e.status for e in inspections_due(timezone.localdate())}
    assert statuses == set(DueStatus)
    for sign_in in loaded["sign_ins"]:
        assert signs_in(sign_in["username"], sign_in["password"])
        assert sign_in["try"]
    check_every_role_signs_in_and_provider_users_belong_to_their_agency(loaded)


def check_every_role_signs_in_and_provider_users_belong_to_their_agency(loaded: dict[str, Any]) -> None:
    """RULES: CMP-1, DPR-3 — a second manager for complaints; provider users see only their own agency."""
    roles = {s["username"]: s["role"] for s in loaded["sign_ins"]}
    assert roles == {
        "inspector": "Inspector",
        "manager": "Regulatory inspection manager",
        "manager2": "Regulatory inspection manager",
        "qa": "Quality assurance officer",
        "provider": PROVIDER_USER,
        "provider2": PROVIDER_USER,
        "provider3": PROVIDER_USER,
        "raa": PROVIDER_USER,
        "fostering": PROVIDER_USER,  # RPT-8: the IFA whose final report has gone answers the survey
        "director": "Regional director",  # RPT-6: decides a monitoring report is not published
        "admin": "Administrator",
    }
    links = dict(ProviderStaff.objects.values_list("user__username", "provider__urn"))
    assert links["provider"] == "SC700005" and links["provider2"] == "SC700008" and links["raa"] == "RA000001"
    assert links["fostering"] == "SC800108"
    assert links["provider3"] == "SC700011"  # the agency on site today: it answers the walkthrough's draft
    for username in ("provider", "provider2", "provider3", "manager2"):
        assert signs_in(username, f"{username}-demo-pass")
        user = get_user_model().objects.get(username=username)
        assert not user.is_staff
        assert user.groups.get().name == roles[username]
    assert set(loaded["inspections"]) == {s.value for s in Status}
    assert loaded["walkthrough"]["status"] == "notified"


def test_demo_prints_a_table_of_sign_ins(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "Walkthrough: the notified inspection" in out
    for username, password in (("manager2", "manager2-demo-pass"), ("provider", "provider-demo-pass")):
        line = next(line for line in out.splitlines() if line.split()[:1] == [username])
        assert password in line
