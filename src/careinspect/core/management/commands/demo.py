"""`careinspect demo`: migrate, load the demo data, print the sign-ins and serve the app."""

from __future__ import annotations

import json
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone

from careinspect.core.demo_users import THEMATIC_RAA_URN, WALKTHROUGH_URN, ensure_demo_users
from careinspect.inspections.demo import load_demo_inspections
from careinspect.inspections.demo_thematic import load_demo_thematic
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
        today = timezone.localdate()
        summary = load_demo_registry(today)
        # Provider users are linked to demo agencies, so the sign-ins come after the registry.
        sign_ins = ensure_demo_users()
        inspections = load_demo_inspections(today)
        thematic = load_demo_thematic(today)
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
            call_command("runserver", options["addrport"], use_reloader=False)
