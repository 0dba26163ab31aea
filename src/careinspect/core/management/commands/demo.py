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
)
from careinspect.planning.demo import load_demo_planning
from careinspect.registry.models import PastInspection
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.child_friendly import load_demo_child_friendly
from careinspect.scenarios.compliance import load_demo_compliance
from careinspect.scenarios.enforcement import clear_demo_enforcement, load_demo_enforcement
from careinspect.scenarios.ifa_assurance import load_demo_ifa_assurance
from careinspect.scenarios.messaging import clear_demo_outbox, load_demo_messaging
from careinspect.scenarios.notifications import clear_demo_notifications, load_demo_notifications
from careinspect.scenarios.raa_thematic import clear_demo_thematic, load_demo_thematic
from careinspect.scenarios.sccif_full import load_demo_inspections
from careinspect.scenarios.thematic_fieldwork import load_demo_thematic_fieldwork


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
        # First: a bring-forward left by the last build would change which agency this one brings forward.
        clear_demo_notifications()
        # The registry, the IFAs of the assurance priority list, then the sign-ins linked to their agencies.
        summary, sign_ins = load_demo_agencies_and_sign_ins(today)
        clear_demo_enforcement()  # first: its forwarded emails would stop the inspections' rebuild
        clear_demo_thematic()  # first: the programmes protect their inspections from the rebuild
        clear_demo_outbox()  # the outbox shows this build's mail only (issue 12)
        inspections = load_demo_inspections(today)
        thematic = load_demo_thematic(today)
        # The 2023 programme's fieldwork and its report published on 26 March 2024 (issue 11).
        load_demo_thematic_fieldwork(today, thematic.programme_2023)
        # Inspectors' profiles, leave and conflicts, so a manager can plan the demo's year (issue 14).
        load_demo_planning(today)
        # Assurance visits to IFAs: the priority list, a visit at each stage, serious concerns (issue 12).
        assurance = load_demo_ifa_assurance(today)
        # Their child-friendly summaries: one to check, one sent to adapt, one published (RPT-5).
        child_friendly = load_demo_child_friendly(today, assurance["visits"])
        # Inadequate next steps, DCS alerts and a safeguarding referral (issues 12 and 13).
        enforcement = load_demo_enforcement(today)
        # Notifications waiting review, a line of enquiry, a late manager absence brought forward (issue 13).
        notifications = load_demo_notifications(today)
        # A requirement not met, its notice and visit due; a published monitoring report (issue 13).
        compliance = load_demo_compliance(today)
        # Today's reminder emails, as the morning job sends them (issue 13): the outbox shows them.
        load_demo_messaging(today)
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
                        # Counted once every story is built: the IFAs' and the published inspections' too.
                        "past_inspections": PastInspection.objects.filter(is_demo=True).count(),
                        "inspections": inspections.by_status,
                        "published_reports": inspections.published_reports,
                        "walkthrough": {
                            "urn": WALKTHROUGH_URN,
                            "inspection_id": walkthrough.pk,
                            "status": walkthrough.status,
                            "path": walkthrough_path,
                        },
                        "enforcement": enforcement,
                        "compliance": compliance,
                        "ifa_assurance": {
                            name: {"inspection_id": v.pk, "urn": v.provider.urn, "status": v.status}
                            for name, v in assurance["visits"].items()
                        },
                        "child_friendly_summaries": child_friendly,
                        "notifications": {
                            "waiting_review": notifications.waiting,
                            "brought_forward_urn": notifications.brought_forward.provider.urn,
                            "missing_nms25_urn": notifications.missing_nms25.urn
                            if notifications.missing_nms25
                            else None,
                            "questionnaire_csv": str(notifications.questionnaire_csv),
                        },
                        "thematic": {
                            "urn": THEMATIC_RAA_URN,
                            "inspection_id": thematic.inspection.pk,
                            "portal_path": thematic_path,
                            "a1_with_errors": str(thematic.with_errors),
                            "a1_corrected": str(thematic.corrected),
                            "programme_2023_path": reverse(
                                "thematic:detail", args=[thematic.programme_2023.pk]
                            ),
                            "programme_path": reverse("thematic:plan", args=[thematic.programme.pk]),
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
        self.stdout.write(
            "Assurance visits: the IFAs' priority list factor by factor, and a visit at each stage at "
            f"http://{options['addrport']}{reverse('assurance:priority')}"
        )
        self.stdout.write(
            "Enforcement: an inspection judged inadequate, its case review and DCS alerts, and a "
            f"safeguarding referral at http://{options['addrport']}{reverse('enforcement:dashboard')}"
        )
        forward = notifications.brought_forward.provider
        self.stdout.write(
            f"Notifications: {notifications.waiting} waiting review at "
            f"http://{options['addrport']}{reverse('notifications:inbox')}; a late manager absence brought "
            f"{forward.name} ({forward.urn}) forward in the due list; import "
            f"{notifications.questionnaire_csv} on the questionnaires page"
        )
        self.stdout.write(
            f"Compliance: {compliance['unmet_requirement_urn']}'s requirement not met, its compliance notice "
            f"and the monitoring visit now due; {compliance['published_visit_urn']}'s published monitoring "
            f"report at http://{options['addrport']}{reverse('compliance:index')}"
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
