"""Case lists sent at the same moment to one request (issue 10): each gets its own version, none fails with
"database is locked", and the files kept are exactly the versions recorded: none lost, none orphaned.

RULES: INF-2 — every original the agency sends is kept as a version of its request.

Two runs of the same senders (`concurrent_senders.py`): in the test database when it is PostgreSQL, and
on a fresh SQLite file with the production settings, in a program of its own. The SQLite test database
cannot be used: it is in memory with a shared cache, whose table locks fail at once ("database table is
locked") where a SQLite file waits for its lock, so it would test the test database, not the service.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection

from careinspect.registry.models import Provider
from tests.portal.concurrent_senders import Outcome, case_list_request, send_together

SENDERS = 6
ROOT = Path(__file__).resolve().parents[2]


def assert_each_upload_kept_once(outcome: Outcome) -> None:
    assert outcome.failures == []
    assert outcome.versions == list(range(1, SENDERS + 1))
    assert outcome.stored_files == outcome.recorded_files
    assert len(set(outcome.recorded_files)) == SENDERS
    # RULES: CAS-1 — the cases are those of one list, the last stored: never two lists' rows mixed.
    assert outcome.case_lists == SENDERS
    assert 3 <= outcome.cases < 3 + SENDERS


@pytest.mark.django_db(transaction=True)
def test_inf2_concurrent_uploads_on_postgresql_get_unique_versions_and_leave_no_orphans(
    agency_a: Provider, people: dict[str, User]
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is shared-cache memory; the SQLite file test covers SQLite")
    request = case_list_request(agency_a, people["inspector"], people["manager"])
    assert_each_upload_kept_once(send_together(request.pk, people["provider_a"], SENDERS))


def test_inf2_concurrent_uploads_on_a_sqlite_file_get_unique_versions_and_leave_no_orphans(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careinspect.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'careinspect.sqlite3'}",
        "CAREINSPECT_MEDIA_ROOT": str(tmp_path / "media"),
        "CAREINSPECT_VAR_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "a-key-for-this-test-only-never-served",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.portal.concurrent_senders", str(SENDERS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert_each_upload_kept_once(Outcome(**json.loads(done.stdout.strip().splitlines()[-1])))
