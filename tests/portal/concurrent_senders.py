"""Several agency staff sending case lists to one request at the same moment, in threads, as gunicorn's
threads would. Run by `test_concurrent_uploads.py`, in the test's own database (PostgreSQL), or as a
program on a fresh SQLite file with the production settings (WAL, IMMEDIATE transactions, busy timeout):

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.portal.concurrent_senders 6

which makes the tables, builds the request, sends and prints the outcome as JSON.
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections

if TYPE_CHECKING:  # the program imports models only once Django is set up
    from django.contrib.auth.models import User


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)
    recorded_files: list[str] = field(default_factory=list)
    stored_files: list[str] = field(default_factory=list)
    cases: int = 0
    case_lists: int = 0


def case_list_request(provider: Any, inspector: User, manager: User) -> Any:
    """The case list form of an ASA inspection notified on 19 January 2026 (its portal request, INF-2)."""
    from careinspect.inspections.services import lifecycle
    from careinspect.portal.models import InformationRequest
    from tests.clock import at

    inspection = lifecycle.schedule_inspection(
        provider,
        lead_inspector=inspector,
        manager=manager,
        start=date(2026, 2, 2),
        end=date(2026, 2, 3),
        by=manager,
        now=at("2026-01-05"),
    )
    notified = lifecycle.notify(inspection, by=inspector, now=at("2026-01-19"))
    return InformationRequest.objects.get(inspection=notified, dataset_kind="asa_case_list")


def send_together(request_pk: int, sender: User, senders: int) -> Outcome:
    """`senders` threads each send a valid case list of a different length, released at once."""
    from careinspect.portal.models import InformationRequest, Upload
    from careinspect.portal.services import receive_upload
    from tests.clock import at
    from tests.inspections.conftest import case_list_csv

    barrier = threading.Barrier(senders)
    outcome = Outcome()

    def send(n: int) -> None:
        try:
            request = InformationRequest.objects.get(pk=request_pk)
            barrier.wait(timeout=60)
            receive_upload(
                request, by=sender, filename=f"cases-{n}.csv", data=case_list_csv(3 + n), now=at("2026-01-20")
            )
        except Exception as exc:  # every failure is the test's answer, whatever it is
            outcome.failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=send, args=(n,)) for n in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    request = InformationRequest.objects.get(pk=request_pk)
    uploads = list(Upload.objects.filter(request=request).order_by("version"))
    outcome.versions = [u.version for u in uploads]
    outcome.recorded_files = sorted(u.original.name for u in uploads)
    media = Path(settings.MEDIA_ROOT)
    outcome.stored_files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    outcome.cases = request.inspection.cases.count()
    outcome.case_lists = request.inspection.case_lists.count()
    return outcome


def main(senders: int) -> None:
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER
    from careinspect.registry.models import Provider
    from tests.people import _user

    # The tables straight from the models, as the test database is made: replaying every migration on a
    # fresh file takes most of this program's time and tests nothing here.
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    provider = Provider.objects.create(
        kind="ASA", urn="SC900001", name="Harbour Adoption Support", registration_date=date(2019, 4, 1)
    )
    request = case_list_request(provider, _user("insp", INSPECTOR), _user("rim", MANAGER))
    outcome = send_together(request.pk, _user("staff-a", PROVIDER_USER, provider), senders)
    print(json.dumps(asdict(outcome)))


if __name__ == "__main__":
    main(int(sys.argv[1]))
