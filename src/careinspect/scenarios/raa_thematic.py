"""Demo: a thematic inspection of an RAA announced today, and two A1 workbooks for its portal.

`var/demo/a1-with-errors.xlsx` has deliberate errors (the portal lists them) and `var/demo/a1.xlsx` is
the corrected data; both use the RAA's own member LAs and the A1 year before the announcement (INF-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from careinspect.core.demo_users import THEMATIC_RAA_URN
from careinspect.core.regime import current_calendar
from careinspect.inspections.models import Inspection, InspectionKind
from careinspect.inspections.services.announcements import announce
from careinspect.portal.models import Upload
from careinspect.portal.services import _period_end
from careinspect.registry.models import Provider


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
        old = Inspection.objects.filter(provider=raa, kind=InspectionKind.RAA_THEMATIC, is_demo=True)
        uploads = Upload.objects.filter(request__inspection__in=old)
        names = [(u.original.storage, u.original.name) for u in uploads if u.original.name]
        uploads.delete()
        old.delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
        inspection = announce(
            raa,
            kind=InspectionKind.RAA_THEMATIC,
            lead_inspector=User.objects.get(username="inspector"),
            start=start,
            end=end,
            by=User.objects.get(username="manager"),
            # RULES: NTC-2 — the letter usually goes before 10am (never later than the real now).
            now=min(
                datetime.combine(day, time(9, 30), tzinfo=timezone.get_current_timezone()), timezone.now()
            ),
        )
        inspection.is_demo = True
        inspection.save(update_fields=["is_demo"])
    folder = out_dir or Path(settings.VAR_DIR) / "demo"
    members = list(raa.member_las.values_list("code", flat=True))
    period_end = _period_end(inspection)
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
