"""Policy defaults come from the environment; a bad value stops start-up naming it (CAS-1, CAL-1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CAREINSPECT = str(Path(sys.executable).with_name("careinspect"))


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CAREINSPECT, "rules", "sample-size", "--service-users", "30", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def test_cas1_threshold_from_the_environment() -> None:
    done = run({"CAREINSPECT_LARGER_AGENCY_THRESHOLD": "30"})
    assert (done.returncode, done.stdout.strip().replace(" ", "").replace("\n", "")) == (
        0,
        '{"tracked_min":6}',
    )


def test_a_bad_policy_variable_is_named_at_start_up() -> None:
    bad_date = run({"CAREINSPECT_EXTRA_CLOSURE_DAYS": "2026-12-24,not-a-date"})
    assert bad_date.returncode != 0
    assert "CAREINSPECT_EXTRA_CLOSURE_DAYS" in bad_date.stderr
    too_small = run({"CAREINSPECT_LARGER_AGENCY_THRESHOLD": "5"})
    assert too_small.returncode != 0
    assert "CAREINSPECT_LARGER_AGENCY_THRESHOLD" in too_small.stderr
