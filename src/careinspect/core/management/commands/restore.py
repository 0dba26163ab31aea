"""`careinspect restore FILE --yes`: put back a copy made by `careinspect backup`, replacing the database.

SQLite: the online backup API in the other direction, so the file is replaced whole even if another
process has it open; PostgreSQL: `pg_restore --clean` in one transaction, so a failure changes nothing.
Stop the web server and the worker first (docs/operations.md): sessions and jobs of the replaced data end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from careinspect.core.management.commands.backup import POSTGRESQL, SQLITE, run_client, sqlite_copy


class Command(BaseCommand):
    help = "Replace the database with a backup made by `careinspect backup` (asks for --yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument("--database", default="default", help="which database (default %(default)s)")
        parser.add_argument("--yes", action="store_true", help="yes, replace everything in the database")

    def handle(self, *args: Any, **options: Any) -> None:
        backup: Path = options["file"]
        if not options["yes"]:
            raise CommandError("restore replaces everything in the database with the backup: add --yes")
        if not backup.is_file():
            raise CommandError(f"{backup} is not a file")
        connection = connections[options["database"]]
        database = connection.settings_dict
        connection.close()  # nothing of ours may hold the old data open while it is replaced
        if database["ENGINE"] == SQLITE:
            sqlite_copy(backup, Path(database["NAME"]))
        elif database["ENGINE"] == POSTGRESQL:
            restore = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
            run_client([*restore, "--single-transaction", "--exit-on-error", str(backup)], database)
        else:
            raise CommandError(f"no restore for {database['ENGINE']}: only SQLite and PostgreSQL")
        self.stdout.write(f"Restored {backup} into the {options['database']} database")
