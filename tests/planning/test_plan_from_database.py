"""`careinspect plan` without --scenario plans from the database (issue 14 item 4), with the same JSON."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from careinspect.cli import main
from careinspect.planning.models import Placement, Plan
from careinspect.registry.models import ProviderKind
from tests.planning.records import agency, authority, inspection, inspector, manager

pytestmark = pytest.mark.django_db
HORIZON = ("--from", "2026-04-01", "--to", "2027-03-31", "--today", "2026-04-01", "--time-limit", "3")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    # A command run from the command line closes every connection when it ends; the test's transaction
    # lives on one of them (on PostgreSQL), so keep it open here.
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            main(["plan", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def records() -> None:
    camden = authority()
    lead = inspector("lon1", kinds="ASA", days=2)
    inspector("lon2", kinds="IFA", days=2)
    agency("SC000001", la=camden, last=("2025-10-15", "inadequate"))
    agency("SC800001", kind=ProviderKind.IFA, la=camden, last=("2025-09-01", "inadequate"))
    agency("SC900001", kind=ProviderKind.VAA, la=camden, last=("2025-10-15", "inadequate"))  # nobody may
    busy = agency("SC000002", la=camden, last=("2025-10-20", "inadequate"))
    inspection(busy, lead, "2026-05-12", "2026-05-13")


def test_plan_from_the_database_prints_the_json_contract_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], records: None
) -> None:
    code, out, err = run(capsys, *HORIZON, "--json")

    assert code == 0, err
    answer = json.loads(out)
    assert set(answer) == {"assignments", "unassigned", "objective", "greedy"}
    placed = {a["urn"]: a for a in answer["assignments"]}
    assert set(placed) == {"SC000001", "SC800001", "SC000002"}
    assert all({"urn", "inspector", "start", "end", "reason"} <= set(a) for a in placed.values())
    # Notice allows Friday 17 April; two days in one week start on Monday 20 April.
    assert (placed["SC000001"]["inspector"], placed["SC000001"]["start"]) == ("lon1", "2026-04-20")
    assert placed["SC800001"]["inspector"] == "lon2"
    assert (placed["SC000002"]["start"], placed["SC000002"]["end"], placed["SC000002"]["locked"]) == (
        "2026-05-12",
        "2026-05-13",
        True,
    )
    assert answer["unassigned"] == [{"urn": "SC900001", "reason": "no inspector holds the VAA specialism"}]
    assert answer["objective"]["placed"] == 3 and answer["greedy"]["placed"] == 3
    assert not Plan.objects.exists()


def test_save_stores_the_plan_made_by_the_manager_and_prints_its_id(
    capsys: pytest.CaptureFixture[str], records: None
) -> None:
    rim = manager()

    code, out, err = run(capsys, *HORIZON, "--save", "--by", "rim", "--json")

    assert code == 0, err
    answer = json.loads(out)
    plan = Plan.objects.get()
    assert answer["plan"] == plan.pk
    assert (plan.made_by, plan.horizon_from.isoformat(), plan.figures["cp_sat"]["placed"]) == (
        rim,
        "2026-04-01",
        3,
    )
    assert Placement.objects.filter(plan=plan).count() == 3
    code, out, _ = run(capsys, *HORIZON, "--save", "--by", "rim")
    assert code == 0 and out.strip().endswith(f"Saved as plan {Plan.objects.order_by('-pk')[0].pk}.")
    assert "CP-SAT  placed 3, unplaced 1" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--save", "--by", "lon1"), "--by: 'lon1' is not an active regulatory inspection manager"),
        (("--by", "rim"), "--by: only with --save"),
        (("--to", "2026-03-01"), "--to: 2026-03-01 is before the horizon's start"),
        (("--today", "2026-02-30"), "'2026-02-30' is not a date"),
    ],
)
def test_bad_input_exits_2_in_one_line(
    capsys: pytest.CaptureFixture[str], records: None, args: tuple[str, ...], expected: str
) -> None:
    manager()
    code, out, err = run(capsys, *HORIZON, *args)
    assert (code, out) == (2, "")
    assert expected in err and len(err.strip().splitlines()) == 1
    assert not Plan.objects.exists()
