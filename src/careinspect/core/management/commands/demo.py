"""`careinspect demo`: migrate, load the demo data, print the sign-ins and serve the app."""

from __future__ import annotations

import json
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from careinspect.core.demo_users import ensure_demo_users
from careinspect.registry.demo import load_demo_registry


class Command(BaseCommand):
    help = "Set up a demo database (idempotent), print the demo sign-ins and serve on http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="where to serve (default %(default)s)"
        )
        parser.add_argument(
            "--json", action="store_true", help="print what was loaded as JSON (implies --no-serve)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        summary = load_demo_registry(timezone.localdate())
        sign_ins = ensure_demo_users()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "local_authorities": summary.local_authorities,
                        "raas": summary.raas,
                        "synthetic_providers": summary.synthetic,
                        "past_inspections": summary.past_inspections,
                        "sign_ins": [
                            {"username": s.username, "password": s.password, "role": s.role} for s in sign_ins
                        ],
                    },
                    indent=2,
                )
            )
            return
        self.stdout.write(
            f"Loaded {summary.local_authorities} local authorities, {summary.raas} regional adoption "
            f"agencies and {summary.synthetic} synthetic providers ({summary.past_inspections} past "
            "inspections)."
        )
        self.stdout.write(f"\nSign in at http://{options['addrport']}/ as:")
        for s in sign_ins:
            self.stdout.write(f"  {s.role:<32} username {s.username:<10} password {s.password}")
        if not options["no_serve"]:
            self.stdout.write("")
            call_command("runserver", options["addrport"], use_reloader=False)
