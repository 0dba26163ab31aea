"""`careinspect demo`: migrate, load the demo data, print the sign-ins and serve the app."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from careinspect.core.demo_users import (
    ON_SITE_URN,
    PUBLISHABLE_URN,
    THEMATIC_RAA_URN,
    WALKTHROUGH_URN,
    ensure_demo_users,
)
from careinspect.planning.demo import load_demo_planning
from careinspect.registry.demo import load_demo_registry
from careinspect.scenarios.raa_thematic import load_demo_thematic
from careinspect.scenarios.sccif_full import load_demo_inspections


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
        today = timezone.localdate()
        summary = load_demo_registry(today)
        # Provider users are linked to demo agencies, so the sign-ins come after the registry.
        sign_ins = ensure_demo_users()
        inspections = load_demo_inspections(today)
        thematic = load_demo_thematic(today)
        # Inspectors' profiles, leave and conflicts, so a manager can plan the demo's year (issue 14).
        load_demo_planning(today)
        thematic_path = reverse("portal:inspection", args=[thematic.inspection.pk])
        walkthrough = inspections.walkthrough
        walkthrough_path = reverse("inspections:detail", args=[walkthrough.pk])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "local_authorities": summary.local_authorities,
                        "raas": summary.raas,
                        "synthetic_providers": summary.synthetic,
                        "past_inspections": summary.past_inspections,
                        "inspections": inspections.by_status,
                        "published_reports": inspections.published_reports,
                        "walkthrough": {
                            "urn": WALKTHROUGH_URN,
                            "inspection_id": walkthrough.pk,
                            "status": walkthrough.status,
                            "path": walkthrough_path,
                        },
                        "thematic": {
                            "urn": THEMATIC_RAA_URN,
                            "inspection_id": thematic.inspection.pk,
                            "portal_path": thematic_path,
                            "a1_with_errors": str(thematic.with_errors),
                            "a1_corrected": str(thematic.corrected),
                        },
                        "sign_ins": [
                            {
                                "username": s.username,
                                "password": s.password,
                                "role": s.role,
                                "agency": s.provider_urn,
                                "try": s.try_this,
                            }
                            for s in sign_ins
                        ],
                    },
                    indent=2,
                )
            )
            return
        self.stdout.write(
            f"Loaded {summary.local_authorities} local authorities, {summary.raas} regional adoption "
            f"agencies and {summary.synthetic} synthetic providers ({summary.past_inspections} past "
            f"inspections), and {inspections.total} demo inspections, at least one in every state."
        )
        self.stdout.write(
            f"Walkthrough: the notified inspection of {walkthrough.provider.name} ({WALKTHROUGH_URN}), "
            f"http://{options['addrport']}{walkthrough_path}"
        )
        on_site, publishable = inspections.on_site, inspections.publishable
        self.stdout.write(
            f"Then the visit: the inspection of {on_site.provider.name} ({ON_SITE_URN}), on site today, "
            f"http://{options['addrport']}{reverse('inspections:detail', args=[on_site.pk])}; publish the "
            f"final report of {publishable.provider.name} ({PUBLISHABLE_URN}) at "
            f"http://{options['addrport']}{reverse('inspections:detail', args=[publishable.pk])}"
        )
        self.stdout.write(
            f"A1 dataset: the thematic inspection of {thematic.inspection.provider.name} was announced; "
            f"as `raa`, send {thematic.with_errors} then {thematic.corrected} at "
            f"http://{options['addrport']}{thematic_path}"
        )
        self.stdout.write(f"\nSign in at http://{options['addrport']}/ as:\n")
        rows = [("Username", "Password", "Role", "What to try")]
        rows += [
            (s.username, s.password, s.role + (f" ({s.provider_urn})" if s.provider_urn else ""), s.try_this)
            for s in sign_ins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3]
            )
        if not options["no_serve"]:
            self.stdout.write("")
            serve(options["addrport"])


def gunicorn_command(addrport: str) -> list[str]:
    """gunicorn with the deployment's settings file, as the demo runs it: 3 workers of 2 threads each."""
    bind = f"127.0.0.1:{addrport}" if addrport.isdigit() else addrport  # runserver also took a bare port
    config = Path(settings.BASE_DIR) / "gunicorn.conf.py"
    options = ["--config", str(config), "--bind", bind, "--workers", "3", "--threads", "2"]
    return [sys.executable, "-m", "gunicorn", *options, "careinspect.wsgi:application"]


def serve(addrport: str) -> NoReturn:
    """Become gunicorn (a production server, not runserver), so Ctrl-C and signals reach it directly.

    CAREINSPECT_DEMO gives every worker this machine's key from var/secret_key unless DJANGO_SECRET_KEY is
    set: the workers must share one key, or a sign-in made by one would be refused by the next.
    """
    connections.close_all()  # gunicorn opens its own; nothing of this process's should linger
    sys.stdout.flush()
    sys.stderr.flush()  # exec discards anything still buffered, such as the sign-ins just printed
    command = gunicorn_command(addrport)
    os.execve(command[0], command, {**os.environ, "CAREINSPECT_DEMO": "1"})
