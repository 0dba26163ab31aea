"""PostgreSQL stopped and restarted in the middle of an upload (issue 10 item 7): the upload fails cleanly,
what was stored before is all there, no half-written version is left (no row, no file) and the same
upload succeeds when sent again.

The test starts a PostgreSQL server of its own with initdb (`tests/core/test_backups.py`'s fixture: a free
port in a temporary folder, never the shared server), migrates it, and runs the upload in another process
with the portal's real service (`portal.services.receive_upload`), held at one point:

- `validation`: while the dataset is validated, before its transaction has begun;
- `last write`: inside the transaction, after the file is stored and the version's row written, just
  before the event that ends it.

While it is held the server is stopped at once (`pg_ctl restart -m immediate`: the crash a power cut or
a killed server is, with no time for clients) and started again; then the upload goes on.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.processes import careinspect, clean_env
from tests.core.test_backups import as_server_user

ROOT = Path(__file__).resolve().parents[2]
# Where the upload is held, by the name the service calls there.
HOLD_AT = {"validation": "_validate", "last write": "record_event"}
WAIT = 60  # seconds any step may take on a busy machine before the test gives up

UPLOAD = r"""
import hashlib, json, sys, time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import django

django.setup()
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection

from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER, ensure_roles
from careinspect.portal import services
from careinspect.portal.models import Upload
from careinspect.registry.models import Provider, ProviderStaff
from careinspect.scenarios.sccif_full import SccifScenario

held, go_on, hold_at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
LONDON = ZoneInfo("Europe/London")


def at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def case_list(count):
    rows = [f"AS-{n:03d},child,202,therapy,2024-06-03,,Y" for n in range(1, count + 1)]
    header = "case_ref,service_user_type,la_code,service_type,start_date,end_date,open"
    return "\n".join([header, *rows, ""]).encode()


def person(name, role):
    user = User.objects.create_user(name, password=f"{name}-fault-pass")
    user.groups.add(ensure_roles()[role])
    return user


agency = Provider.objects.create(
    kind="ASA", urn="SC300001", name="Fault Adoption Support", registration_date=date(2018, 3, 1)
)
staff = person("staff", PROVIDER_USER)
ProviderStaff.objects.create(user=staff, provider=agency)
scenario = SccifScenario(inspector=person("inspector", INSPECTOR), manager=person("manager", MANAGER))
scenario.schedule(agency, start=date(2025, 12, 17), end=date(2025, 12, 19), now=at(date(2025, 12, 1)))
inspection = scenario.notify(now=at(date(2025, 12, 3)))
request = inspection.information_requests.get(dataset_kind="asa_case_list")
def send(data, day):
    return services.receive_upload(request, by=staff, filename="cases.csv", data=data, now=at(day))


send(case_list(4), date(2025, 12, 4))


def state():
    media = Path(settings.MEDIA_ROOT)
    return {
        "uploads": [
            [u.version, u.sha256, u.original.name]
            for u in Upload.objects.order_by("version")
        ],
        "cases": inspection.cases.count(),
        "files": sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()),
    }


before = state()
original = getattr(services, hold_at)


def hold(*args, **kwargs):
    held.touch()
    deadline = time.monotonic() + 60
    while not go_on.exists():
        if time.monotonic() > deadline:
            raise SystemExit("never told to go on")
        time.sleep(0.05)
    return original(*args, **kwargs)


setattr(services, hold_at, hold)
second = case_list(6)
try:
    send(second, date(2025, 12, 5))
    failure = None
except Exception as error:
    failure = type(error).__name__
setattr(services, hold_at, original)
try:
    connection.close()  # the old connection died with the server; the next query opens a new one
except Exception:
    pass
after_failure = state()
retried = send(second, date(2025, 12, 5))
print(json.dumps({
    "before": before,
    "failure": failure,
    "after_failure": after_failure,
    "retried": [retried.version, retried.sha256, hashlib.sha256(second).hexdigest()],
    "after_retry": state(),
    "media": str(settings.MEDIA_ROOT),
}))
"""


def data_directory(url: str) -> Path:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SHOW data_directory").fetchone()
    assert row is not None
    return Path(row[0])


def restart_at_once(url: str, binaries: Path) -> None:
    """Stop the server with no time for anyone (immediate: a crash) and start it again as it was."""
    prefix, _ = as_server_user()
    data = data_directory(url)
    # Its output to the fixture's log, not to pipes this test would wait on for as long as it runs.
    ctl = [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(data.parent / "server.log")]
    restart = [*ctl, "-m", "immediate", "-w", "-t", str(WAIT), "restart"]
    subprocess.run(restart, check=True, capture_output=True, timeout=2 * WAIT)


def wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + WAIT
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the upload never reached the point where it is held"
        time.sleep(0.05)


def create_database(server: str, name: str, template: str = "") -> str:
    """A new database on the server (a copy of `template` when given); its URL."""
    import psycopg

    copy = f" TEMPLATE {template}" if template else ""
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}{copy}")
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module")
def migrated(own_postgresql: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database, migrated once; each test uploads into a copy of its own."""
    server, _ = own_postgresql
    url = create_database(server, "migrated")
    done = careinspect(tmp_path_factory.mktemp("migrate"), "migrate", DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    return "migrated"


def run_upload(url: str, folder: Path, hold_at: str) -> subprocess.Popen[str]:
    held, go_on = folder / "held", folder / "go-on"
    variables = {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "careinspect.settings",
        "CAREINSPECT_MEDIA_ROOT": str(folder / "media"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    return subprocess.Popen(
        [sys.executable, "-c", UPLOAD, str(held), str(go_on), hold_at],
        cwd=folder,
        env=clean_env(folder, **variables),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("point", list(HOLD_AT))
def test_postgresql_restarted_mid_upload_loses_nothing_and_the_upload_can_be_sent_again(
    migrated: str, own_postgresql: tuple[str, Path], tmp_path: Path, point: str
) -> None:
    server, binaries = own_postgresql
    url = create_database(server, f"upload_{HOLD_AT[point].strip('_')}", template=migrated)
    process = run_upload(url, tmp_path, HOLD_AT[point])
    try:
        wait_for(tmp_path / "held", process)
        restart_at_once(url, binaries)
        (tmp_path / "go-on").touch()
        out, err = process.communicate(timeout=WAIT)
    finally:
        process.kill()
    assert process.returncode == 0, err
    found = json.loads(out.strip().splitlines()[-1])

    # The upload failed, with the database gone from under it.
    assert found["failure"] in {"OperationalError", "InterfaceError"}, found["failure"]
    # Everything stored before is there, unchanged; nothing of the failed upload: no row, no file.
    assert found["after_failure"] == found["before"]
    [[version, sha256, name]] = found["before"]["uploads"]
    stored = Path(found["media"]) / name
    assert version == 1 and hashlib.sha256(stored.read_bytes()).hexdigest() == sha256
    # Sent again, it is the next version, whole.
    assert found["retried"][0] == 2 and found["retried"][1] == found["retried"][2]
    assert len(found["after_retry"]["uploads"]) == 2
    assert len(found["after_retry"]["files"]) == 2
    assert found["after_retry"]["cases"] == 6  # the retried case list's cases replaced the first's
