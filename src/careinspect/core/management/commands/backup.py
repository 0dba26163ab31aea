"""`careinspect backup --out FILE`: a consistent copy of the database while the service runs.

SQLite: the online backup API (a copy of one moment, taken page by page while others read and write),
then an integrity check of the copy. PostgreSQL: `pg_dump --format=custom`, the client on PATH (of the
server's major version or newer). `careinspect restore FILE --yes` puts either back; docs/operations.md.

The file holds children's data: it is created readable by its owner alone, and appears only when complete.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


class Command(BaseCommand):
    help = "Copy the database to FILE while the service runs (SQLite backup API, or pg_dump's custom format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the backup file to create")
        parser.add_argument("--database", default="default", help="which database (default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.exists():
            raise CommandError(f"{out} exists: give a new file name (a backup never overwrites one)")
        database = connections[options["database"]].settings_dict
        partial = out.with_name(f".{out.name}.partial")
        partial.unlink(missing_ok=True)  # left by a backup that was killed part way
        try:
            with private_file(partial) as handle:
                copy_database(database, partial, handle)
            partial.rename(out)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backed up {database['ENGINE'].rsplit('.', 1)[-1]} database to {out}")


def private_file(path: Path) -> io.BufferedWriter:
    # Mode 0600 from the first byte: a copy of the database must not be readable by other local users.
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def copy_database(database: dict[str, Any], path: Path, handle: io.BufferedWriter) -> None:
    engine = database["ENGINE"]
    if engine == SQLITE:
        handle.close()  # sqlite3 opens the (empty, private) file itself
        sqlite_copy(Path(database["NAME"]), path)
    elif engine == POSTGRESQL:
        run_client(["pg_dump", "--format=custom", "--no-owner", "--no-privileges"], database, stdout=handle)
    else:
        raise CommandError(f"no backup for {engine}: only SQLite and PostgreSQL")


def sqlite_copy(source: Path, target: Path) -> None:
    """Copies one SQLite database into another with the online backup API, then checks the copy.

    (sqlite3's own context manager commits but does not close: both files are closed before anything moves.)
    """
    if not source.is_file():
        raise CommandError(f"{source} is not a file")
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            (result,) = dst.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{source} could not be copied as a SQLite database: {exc}") from None
    if result != "ok":
        raise CommandError(f"the copy of {source} failed its integrity check: {result}")


def run_client(command: list[str], database: dict[str, Any], **kwargs: Any) -> None:
    """Runs a PostgreSQL client (pg_dump, pg_restore) on the configured database; its failure is ours."""
    program, *arguments = command
    try:
        done = subprocess.run(
            [program, "--dbname", database["NAME"], *arguments],
            env={**os.environ, **libpq_environment(database)},
            stderr=subprocess.PIPE,
            text=False,
            check=False,
            **kwargs,
        )
    except FileNotFoundError:
        raise CommandError(f"{program} is not on PATH: install the PostgreSQL client") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise CommandError(f"{program} failed ({done.returncode}): {message}")


def libpq_environment(database: dict[str, Any]) -> dict[str, str]:
    # The password goes in the environment, never on a command line that other users' `ps` would show.
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    return {name: value for name, value in values.items() if value}
