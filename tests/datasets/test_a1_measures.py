"""A1 measures on a fixture small enough to work out by hand (RULES: INF-1; docs/datasets/a1.md).

Period: 1 October 2023 to 30 September 2024. Percentiles are linear: the value at rank 1 + q(n − 1).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from careinspect.datasets.measures import suppress
from tests.datasets.builders import ADOPTER, CHILD, REQUEST, check, write_a1

APPROVAL = date(2024, 6, 1)


def _adopter(k: int, days: int, paused: int, ethnicity: str, la: str, ep: str) -> dict[str, str]:
    return {
        **{c: "" for c in ADOPTER},
        "adopter_id": f"A{k}",
        "assessing_la_code": la,
        "household": "couple",
        "ethnicity": ethnicity,
        "lgbtq": "N",
        "interest_date": (APPROVAL - timedelta(days=days)).isoformat(),
        "stage2_start": (APPROVAL - timedelta(days=50)).isoformat(),
        "approval_date": APPROVAL.isoformat(),
        "paused_days": str(paused),
        "early_permanence_approved": ep,
        "sibling_group_considered": "N",
    }


@pytest.fixture(scope="module")
def measures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    adopters = [
        _adopter(1, 100, 0, "WBRI", "", "Y"),
        _adopter(2, 200, 0, "WBRI", "", "N"),
        _adopter(3, 300, 10, "BAFR", "", "N"),
        _adopter(4, 400, 20, "WIRI", "850", "N"),
        _adopter(5, 1000, 30, "REFU", "850", "N"),
    ]
    children = [
        {**CHILD, "child_id": "C1"},  # matched 2023-12-01, placed 2024-01-15, in_raa
        {
            **CHILD,
            "child_id": "C2",
            "sibling_group_size": "2",
            "placed_with_siblings": "Y",
            "matched_date": "2024-03-01",
            "placed_date": "2024-04-01",
            "placement_route": "vaa",
        },
        {**CHILD, "child_id": "C3", "matched_date": "", "placed_date": "", "placement_route": ""},
    ]
    support = [
        REQUEST,
        {
            **REQUEST,
            "request_id": "R2",
            "request_date": "2024-07-01",
            "assessment_start": "",
            "assessment_end": "",
            "support_start": "",
            "support_type": "parenting",
            "asgsf_amount": "",
            "status": "waiting_assessment",
            "child_became_cin_or_lac": "Y",
        },
    ]
    result = check(
        write_a1(tmp_path_factory.mktemp("a1"), adopters=adopters, children=children, support=support)
    )
    assert result.valid, result.errors
    return result.measures


def test_inf1_interest_to_approval_median_p90_max(measures: dict[str, Any]) -> None:
    """Days 100, 200, 300, 400, 1000: median 300; p90 at rank 1 + 0.9·4 = 4.6,
    so 400 + 0.6·(1000 − 400) = 760; max 1000."""
    assert measures["raa"]["adopters"]["interest_to_approval_days"] == {
        "count": 5,
        "median": 300.0,
        "p90": 760.0,
        "max": 1000,
    }
    assert measures["raa"]["adopters"]["stages"]["stage2_days"] == {
        "count": 5,
        "median": 50.0,
        "p90": 50.0,
        "max": 50,
    }


def test_inf1_paused_share_and_days(measures: dict[str, Any]) -> None:
    """3 of 5 households paused (share 0.6); days 10, 20, 30: median 20,
    p90 at rank 1 + 0.9·2 = 2.8, so 20 + 0.8·10 = 28."""
    adopters = measures["raa"]["adopters"]
    assert adopters["paused"] == {"count": 3, "of": 5, "share": 0.6}
    assert adopters["paused_days"] == {"count": 3, "median": 20.0, "p90": 28.0, "max": 30}


def test_inf1_adopters_by_assessing_la_blank_is_the_raa(measures: dict[str, Any]) -> None:
    """Three households have no assessing LA (the RAA's own: key RAA), two were assessed by 850."""
    assert measures["by_la"]["RAA"]["adopters"]["households"] == {"count": 3}
    assert measures["by_la"]["850"]["adopters"]["interest_to_approval_days"]["median"] == 700.0


def test_inf1_sufficiency_bme_and_early_permanence(measures: dict[str, Any]) -> None:
    """Ethnicity known for 4 (REFU is not known): BME is BAFR only (1/4); minority ethnic adds WIRI (2/4).
    1 of 5 approvals is early permanence. 5 approved, none matched; one child (C3) is waiting."""
    s = measures["raa"]["sufficiency"]
    assert s["bme_adopters"] == {"count": 1, "of": 4, "share": 0.25}
    assert s["minority_ethnic_adopters"] == {"count": 2, "of": 4, "share": 0.5}
    assert s["early_permanence_approvals"] == {"count": 1, "of": 5, "share": 0.2}
    assert s["approved_adopters_not_matched"] == {"count": 5}
    assert s["adopters_per_child_waiting"]["ratio"] == 5.0


def test_inf1_children_decision_to_match_and_waiting(measures: dict[str, Any]) -> None:
    """Decision 2023-06-01; matched 2023-12-01 (183 days) and 2024-03-01 (274 days, 2024 is leap):
    median 228.5, p90 = 183 + 0.9·91 = 264.9. C3 has waited 2023-06-01 to 2024-09-30: 487 days."""
    children = measures["raa"]["children"]
    assert children["decision_to_match_days"] == {"count": 2, "median": 228.5, "p90": 264.9, "max": 274}
    assert children["match_to_placement_days"] == {"count": 2, "median": 38.0, "p90": 43.6, "max": 45}
    assert measures["raa"]["sufficiency"]["children_waiting"] == {
        "count": 1,
        "median": 487.0,
        "p90": 487.0,
        "max": 487,
    }


def test_inf1_children_who_wait_longer_split(measures: dict[str, Any]) -> None:
    """The sibling group (C2, 274 days to match) against the single child (C1, 183 days)."""
    split = measures["raa"]["children"]["waits_longer"]["sibling_group"]
    assert split["with"]["decision_to_match_days"]["median"] == 274.0
    assert split["without"]["decision_to_match_days"]["median"] == 183.0
    assert (
        measures["raa"]["children"]["waits_longer"]["aged_5_plus"]["with"]["decision_to_match_days"]["count"]
        == 0
    )


def test_inf1_placement_routes_per_la(measures: dict[str, Any]) -> None:
    routes = measures["by_la"]["850"]["placement_routes"]
    assert routes["placed"]["in_raa"] == {"count": 1} and routes["placed"]["vaa"] == {"count": 1}
    assert routes["in_raa"] == {"count": 1, "of": 2, "share": 0.5}


def test_inf1_support_waits(measures: dict[str, Any]) -> None:
    """R1: request 2023-11-01, assessment 2023-12-01 (30 days), support 2024-02-01 (92 days).
    R2 has waited 2024-07-01 to 2024-09-30 for an assessment: 91 days."""
    support = measures["by_la"]["852"]["support"]
    assert support["request_to_assessment_days"] == {"count": 1, "median": 30.0, "p90": 30.0, "max": 30}
    assert support["request_to_support_days"]["max"] == 92
    assert support["waiting_now"]["days"]["max"] == 91
    assert support["waiting_now"]["longest"] == [{"id": "R2", "days": 91}]
    assert support["cin_or_lac_while_waiting"] == {"count": 1, "of": 2, "share": 0.5}


def test_inf1_measures_are_json(measures: dict[str, Any]) -> None:
    import json

    assert json.loads(json.dumps(measures)) == measures
    assert measures["period"] == {"start": "2023-10-01", "end": "2024-09-30"}


def test_suppress_small_counts_and_their_statistics(measures: dict[str, Any]) -> None:
    shown = suppress(measures)
    adopters = shown["raa"]["adopters"]
    assert adopters["interest_to_approval_days"] == {"count": 5, "median": 300.0, "p90": 760.0, "max": 1000}
    assert adopters["paused_days"] == {"count": "c", "median": "c", "p90": "c", "max": "c"}
    assert adopters["paused"] == {"count": "c", "of": 5, "share": "c"}
    assert shown["raa"]["sufficiency"]["bme_adopters"] == {"count": "c", "of": "c", "share": "c"}
    assert shown["raa"]["support"]["waiting_now"]["longest"] == "c"
    assert adopters["withdrawals"] == {"count": 0}  # zero discloses no one
    # The original is untouched.
    assert measures["raa"]["adopters"]["paused_days"]["count"] == 3


def test_suppress_threshold_and_marker() -> None:
    block = {"a": {"count": 7, "median": 3.0}, "b": [{"count": 2, "share": 0.5, "of": 9}]}
    assert suppress(block, threshold=8, marker="[x]") == {
        "a": {"count": "[x]", "median": "[x]"},
        "b": [{"count": "[x]", "share": "[x]", "of": 9}],
    }


def test_inf1_measures_only_when_valid(tmp_path: Path) -> None:
    result = check(write_a1(tmp_path, children=[{**CHILD, "sex": "Q"}]))
    assert not result.valid and result.measures == {}
