"""The embedded SQLite database serves several gunicorn workers: every connection is in WAL mode with a busy
timeout and begins its transactions IMMEDIATE, so concurrent writers wait their turn instead of failing with
"database is locked" (settings.DATABASES)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.processes import python

THREADS = 10
ROUNDS = 20

# Run in a process of its own on a new database file under the test's folder (pytest-django's test
# database is in memory, where neither WAL nor file locks exist).
CONCURRENT_WRITERS = f"""
import json, threading
from django.db import connection, connections, transaction

def one(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()

one("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
one("INSERT INTO counter VALUES (1, 0)")
found = {{"journal_mode": one("PRAGMA journal_mode")[0], "busy_timeout": one("PRAGMA busy_timeout")[0]}}
connection.close()
errors = []
start = threading.Barrier({THREADS})

def writer():
    try:
        start.wait()
        for _ in range({ROUNDS}):
            # Read and then write: a transaction begun DEFERRED cannot take the write lock while another
            # holds it, and fails at once however long the busy timeout.
            with transaction.atomic():
                (n,) = one("SELECT n FROM counter WHERE id = 1")
                one("UPDATE counter SET n = %s WHERE id = 1", n + 1)
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=writer) for _ in range({THREADS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
found.update(errors=errors, total=one("SELECT n FROM counter WHERE id = 1")[0])
print(json.dumps(found))
"""


def test_ten_threads_writing_at_once_all_wait_their_turn(tmp_path: Path) -> None:
    done = python(tmp_path, CONCURRENT_WRITERS)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "journal_mode": "wal",
        "busy_timeout": 20_000,
        "errors": [],
        "total": THREADS * ROUNDS,  # no update lost either
    }
    assert (tmp_path / "var" / "careinspect.sqlite3").is_file()  # the test's own database, not var/ here
