"""`careinspect demo` loads the thematic report's six RAAs and synthetic agencies, idempotently."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from careinspect.registry.models import LocalAuthority, PastInspection, Provider, ProviderKind

pytestmark = pytest.mark.django_db


def load(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    call_command("demo", "--json")
    return json.loads(capsys.readouterr().out)


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
    assert first == second
    assert LocalAuthority.objects.count() == 153
    raas = Provider.objects.filter(kind=ProviderKind.RAA)
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
    for sign_in in loaded["sign_ins"]:  # type: ignore[attr-defined]
        assert authenticate(username=sign_in["username"], password=sign_in["password"]) is not None
