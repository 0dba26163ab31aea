"""The `careinspect` command: Django's management commands under one name.

`careinspect rules …`, `careinspect demo`, `careinspect migrate` and every other management command.
"""

from __future__ import annotations

import os
import sys

# Commands spelt as the README spells them; Django's command modules cannot have hyphens in their names.
ALIASES = {"demo-data": "demo_data"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careinspect.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    execute_from_command_line(["careinspect", *args])


if __name__ == "__main__":
    main()
