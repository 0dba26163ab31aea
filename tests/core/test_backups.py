"""`careinspect backup` and `careinspect restore` (docs/operations.md), run for real: SQLite on a database
file of the test's own, and PostgreSQL on a server the test starts with initdb on a free port (never the
shared one on 5432). Select the PostgreSQL one with `-k postgresql`."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.processes import careinspect, free_port, python

CREATE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text VARCHAR(100) NOT NULL)")
    cursor.execute("INSERT INTO note (id, text) VALUES (1, 'kept in the backup')")
"""
CHANGE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("UPDATE note SET text = 'changed after the backup' WHERE id = 1")
    cursor.execute("INSERT INTO note (id, text) VALUES (2, 'added after the backup')")
"""
READ = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT text FROM note ORDER BY id")
    print("|".join(text for (text,) in cursor.fetchall()))
"""


def run_python(cwd: Path, code: str, **variables: str) -> str:
    done = python(cwd, code, **variables)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def back_up_change_and_restore(cwd: Path, backup: Path, **variables: str) -> None:
    """The round trip both databases must pass: what the backup holds comes back, later changes go."""
    run_python(cwd, CREATE, **variables)
    made = careinspect(cwd, "backup", "--out", str(backup), **variables)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # children's data: the owner's eyes only
    assert [p.name for p in backup.parent.iterdir() if p.name.endswith(".partial")] == []
    again = careinspect(cwd, "backup", "--out", str(backup), **variables)
    assert again.returncode != 0 and "exists" in again.stderr  # never overwritten

    run_python(cwd, CHANGE, **variables)
    unconfirmed = careinspect(cwd, "restore", str(backup), **variables)
    assert unconfirmed.returncode != 0 and "--yes" in unconfirmed.stderr
    assert run_python(cwd, READ, **variables) == "changed after the backup|added after the backup"

    restored = careinspect(cwd, "restore", str(backup), "--yes", **variables)
    assert restored.returncode == 0, restored.stderr
    assert run_python(cwd, READ, **variables) == "kept in the backup"


def test_sqlite_backup_and_restore(tmp_path: Path) -> None:
    backup = tmp_path / "backups" / "careinspect.sqlite3"
    backup.parent.mkdir()
    back_up_change_and_restore(tmp_path, backup)
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    run_python(tmp_path, CREATE)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    done = careinspect(tmp_path, "restore", str(junk), "--yes")
    assert done.returncode != 0 and "could not be copied as a SQLite database" in done.stderr
    assert run_python(tmp_path, READ) == "kept in the backup"


def server_binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def as_server_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """initdb refuses to run as root: as root, run the server as the postgres user."""
    if os.geteuid() != 0:
        return [], None
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no postgres user for initdb to run as")
    if shutil.which("runuser") is None:
        pytest.skip("running as root and runuser (util-linux) is missing")
    return ["runuser", "-u", "postgres", "--"], account


@pytest.fixture(scope="module")
def own_postgresql() -> Iterator[tuple[str, Path]]:
    """A PostgreSQL server of this test's own: its URL and the folder of its client programs."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server programs under /usr/lib/postgresql/*/bin")
    prefix, account = as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="careinspect-pg-"))  # not under pytest's root-only folders
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, port = folder / "data", free_port()
    settings = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [*prefix, str(binaries / "pg_ctl"), "-D", str(data)]
    try:
        initdb = [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        subprocess.run([*initdb, "--no-sync", "--no-instructions"], check=True, capture_output=True)
        start = [*ctl, "-o", settings, "-l", str(folder / "server.log"), "-w", "-t", "60", "start"]
        subprocess.run(start, check=True, capture_output=True)
        yield f"postgres://postgres@127.0.0.1:{port}/postgres", binaries
    finally:
        subprocess.run([*ctl, "-m", "immediate", "-w", "stop"], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_backup_and_restore(tmp_path: Path, own_postgresql: tuple[str, Path]) -> None:
    url, binaries = own_postgresql
    # pg_dump must be of the server's version or newer: the server's own client programs come first.
    variables = {"DATABASE_URL": url, "PATH": f"{binaries}{os.pathsep}{os.environ['PATH']}"}
    backup = tmp_path / "careinspect.dump"
    back_up_change_and_restore(tmp_path, backup, **variables)
    assert backup.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
