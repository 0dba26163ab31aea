"""The synthetic A1 generator: deterministic for a seed, valid without errors, every planted error found."""

from __future__ import annotations

from pathlib import Path

import pytest

from careinspect.datasets.a1.generate import generate_a1, write_a1
from tests.datasets.builders import PERIOD_END, check


def test_generate_same_seed_same_data() -> None:
    a = generate_a1(200, 150, 100, seed=7, period_end=PERIOD_END)
    b = generate_a1(200, 150, 100, seed=7, period_end=PERIOD_END)
    c = generate_a1(200, 150, 100, seed=8, period_end=PERIOD_END)
    for sheet in ("children", "adopters", "support"):
        assert a.frames[sheet].equals(b.frames[sheet])
        assert not a.frames[sheet].equals(c.frames[sheet])
    assert {k: f.height for k, f in a.frames.items()} == {"children": 200, "adopters": 150, "support": 100}


def test_inf1_generated_dataset_is_valid_and_realistic(tmp_path: Path) -> None:
    generated = generate_a1(2000, 2000, 2000, seed=3, period_end=PERIOD_END)
    result = check(write_a1(generated, tmp_path / "a1"), members=generated.member_la_codes)
    assert result.valid, result.errors[:5]
    children = generated.frames["children"]
    single = (children.get_column("sibling_group_size") == "1").mean()
    assert single is not None and 0.7 < float(single) < 0.9  # sibling groups mostly of one
    raa = result.measures["raa"]
    assert raa["adopters"]["withdrawals"]["count"] > 0
    assert raa["support"]["waiting_now"]["days"]["count"] > 0
    assert 0.1 < raa["sufficiency"]["bme_adopters"]["share"] < 0.3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_inf1_every_injected_error_is_found(tmp_path: Path, fmt: str) -> None:
    generated = generate_a1(300, 300, 300, seed=11, errors=24, period_end=PERIOD_END)
    assert len(generated.injected) == 24
    assert len({e["kind"] for e in generated.injected}) == 12
    target = tmp_path / ("a1.xlsx" if fmt == "xlsx" else "a1")
    result = check(write_a1(generated, target, fmt), members=generated.member_la_codes)  # type: ignore[arg-type]
    found = {(e["sheet"], e["row"], e["column"]) for e in result.errors}
    missed = [e for e in generated.injected if (e["sheet"], e["row"], e["column"]) not in found]
    assert missed == []
    assert result.error_count >= 24


def test_generate_refuses_more_errors_than_rows() -> None:
    with pytest.raises(ValueError, match="rows"):
        generate_a1(2, 2, 2, seed=1, errors=30, period_end=PERIOD_END)
