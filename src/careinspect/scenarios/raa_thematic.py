"""The thematic inspection of a regional adoption agency's scenarios (KND-2).

`RaaThematicScenario` announces the inspection through the real services at the moment its caller gives
(the tests of the portal build theirs with it). The demo announces one today, with two A1 workbooks for
its portal: `var/demo/a1-with-errors.xlsx` has deliberate errors (the portal lists them) and
`var/demo/a1.xlsx` is the corrected data; both use the RAA's own member LAs and the A1 year before the
announcement (INF-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from careinspect.core.demo_users import THEMATIC_RAA_URN
from careinspect.core.regime import current_calendar
from careinspect.inspections.models import Inspection, InspectionKind
from careinspect.inspections.services.announcements import announce
from careinspect.portal.models import Upload
from careinspect.portal.services import a1_period_end
from careinspect.registry.models import Provider


class RaaThematicScenario:
    """One thematic inspection of an RAA, moved on by the real services."""

    def __init__(self, *, inspector: Any, manager: Any) -> None:
        self.inspector = inspector  # the lead inspector
        self.manager = manager  # who announces it
        self.inspection: Inspection | None = None

    def announce(self, raa: Provider, *, start: date, end: date, now: datetime) -> Inspection:
        """RULES: NTC-2 — the notice with its information requests (INF-1), for fieldwork `start` to `end`."""
        self.inspection = announce(
            raa,
            kind=InspectionKind.RAA_THEMATIC,
            lead_inspector=self.inspector,
            start=start,
            end=end,
            by=self.manager,
            now=now,
        )
        return self.inspection


@dataclass(frozen=True)
class DemoThematic:
    inspection: Inspection
    with_errors: Path
    corrected: Path


def _announcement_day(today: date) -> date:
    calendar = current_calendar()
    day = today
    while not calendar.is_working_day(day):
        day = date.fromordinal(day.toordinal() - 1)
    return day


def load_demo_thematic(today: date, out_dir: Path | None = None) -> DemoThematic:
    from careinspect.datasets.a1.generate import generate_a1, write_a1

    User = get_user_model()
    raa = Provider.objects.get(urn=THEMATIC_RAA_URN, is_demo=True)
    calendar = current_calendar()
    day = _announcement_day(today)
    start = calendar.add_working_days(day, 5)  # RULES: NTC-2 — notice 5 working days before fieldwork
    end = calendar.add_working_days(start, 3)  # RULES: KND-2 — up to 4 days on site
    with transaction.atomic():
        _clear_demo_thematic(raa)
        scenario = RaaThematicScenario(
            inspector=User.objects.get(username="inspector"), manager=User.objects.get(username="manager")
        )
        inspection = scenario.announce(
            raa,
            start=start,
            end=end,
            # RULES: NTC-2 — the letter usually goes before 10am (never later than the real now).
            now=min(
                datetime.combine(day, time(9, 30), tzinfo=timezone.get_current_timezone()), timezone.now()
            ),
        )
        inspection.is_demo = True
        inspection.save(update_fields=["is_demo"])
    folder = out_dir or Path(settings.VAR_DIR) / "demo"
    members = list(raa.member_las.values_list("code", flat=True))
    period_end = a1_period_end(inspection)
    with_errors = write_a1(
        generate_a1(400, 150, 250, seed=2026, errors=6, period_end=period_end, member_la_codes=members),
        folder / "a1-with-errors.xlsx",
        fmt="xlsx",
    )
    corrected = write_a1(
        generate_a1(400, 150, 250, seed=2026, period_end=period_end, member_la_codes=members),
        folder / "a1.xlsx",
        fmt="xlsx",
    )
    return DemoThematic(inspection, with_errors, corrected)


def _clear_demo_thematic(raa: Provider) -> None:
    """The RAA's earlier demo thematic inspection, with the files its portal received."""
    old = Inspection.objects.filter(provider=raa, kind=InspectionKind.RAA_THEMATIC, is_demo=True)
    uploads = Upload.objects.filter(request__inspection__in=old)
    names = [(u.original.storage, u.original.name) for u in uploads if u.original.name]
    uploads.delete()
    old.delete()
    # The stored files go only once the rows are gone for good: a failed rebuild rolls back and keeps both.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
