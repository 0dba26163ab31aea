"""The fieldwork's and the programme report's deadlines, for the dashboards and reminders (core.deadlines).

- the case sample confirmed before the fieldwork (CAS-2): the last working day before it starts;
- a keep-in-touch meeting each fieldwork day (THM-5), while none is recorded for that day;
- the quality assurance officer's feedback meeting once every inspection has ended (THM-6 follows it);
- the programme report's publication (THM-7) and the disposal of the personal data a year after (DPR-1).

The guidance sets no day for the QA meeting or the report ("spring 2024" after an autumn programme):
the policy defaults below are 20 working days and 16 weeks after the programme's last fieldwork day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Max
from django.urls import reverse

from careinspect.core.deadlines import Deadline
from careinspect.core.regime import current_calendar
from careinspect.inspections.models import Inspection
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status

QA_MEETING_WORKING_DAYS = 20  # policy default
REPORT_WEEKS = 16  # policy default: the 2023 programme ended 7 December and published 26 March (16 weeks)


def _url(inspection: Inspection) -> str:
    return reverse("inspections:fieldwork", args=[inspection.pk])


def sample_confirmation(first: date, last: date) -> Iterator[Deadline]:
    calendar = current_calendar()
    for i in Inspection.objects.filter(kind=Kind.RAA_THEMATIC.value, status=Status.NOTIFIED).select_related(
        "provider"
    ):
        due = calendar.subtract_working_days(i.start_date, 1)
        if first <= due <= last:
            yield Deadline(
                due,
                "CAS-2",
                f"Confirm the case sample for {i.provider.name}",
                (i.lead_inspector_id,),
                _url(i),
                i.pk,
                i.provider.urn,
            )


def keep_in_touch(first: date, last: date) -> Iterator[Deadline]:
    calendar = current_calendar()
    found = Inspection.objects.filter(kind=Kind.RAA_THEMATIC.value, status=Status.ON_SITE).select_related(
        "provider"
    )
    for i in found.prefetch_related("kit_meetings"):
        held = {m.held_on for m in i.kit_meetings.all()}
        day = max(i.start_date, first)
        while day <= min(i.end_date or i.start_date, last):
            if calendar.is_working_day(day) and day not in held:
                yield Deadline(
                    day,
                    "THM-5",
                    f"Keep-in-touch meeting with the leader of {i.provider.name}",
                    (i.lead_inspector_id,),
                    _url(i),
                    i.pk,
                    i.provider.urn,
                )
            day += timedelta(days=1)


def _programmes() -> Iterator[tuple[Any, date]]:
    from careinspect.thematic.models import Programme

    for programme in Programme.objects.annotate(last_day=Max("visits__inspection__end_date")).filter(
        last_day__isnull=False
    ):
        yield programme, programme.last_day


def qa_meetings(first: date, last: date) -> Iterator[Deadline]:
    calendar = current_calendar()
    for programme, last_day in _programmes():
        if programme.qa_meetings.exists():
            continue
        due = calendar.add_working_days(last_day, QA_MEETING_WORKING_DAYS)
        if first <= due <= last:
            yield Deadline(
                due,
                "THM-6",
                f"QA feedback meeting with the RAA leaders of {programme}",
                (programme.manager_id,),
                reverse("fieldwork:programme", args=[programme.pk]),
            )


def publication(first: date, last: date) -> Iterator[Deadline]:
    from careinspect.fieldwork.models import PublishedProgrammeReport

    for programme, last_day in _programmes():
        if PublishedProgrammeReport.objects.filter(programme=programme).exists():
            continue
        due = last_day + timedelta(weeks=REPORT_WEEKS)
        if first <= due <= last:
            yield Deadline(
                due,
                "THM-7",
                f"Publish the programme report of {programme}",
                (programme.manager_id,),
                reverse("fieldwork:report", args=[programme.pk]),
            )


def disposal(first: date, last: date) -> Iterator[Deadline]:
    from careinspect.fieldwork.models import PublishedProgrammeReport
    from careinspect.fieldwork.services import disposal_due
    from careinspect.thematic.models import ProgrammeStatus

    for report in PublishedProgrammeReport.objects.exclude(
        programme__status=ProgrammeStatus.DISPOSED
    ).select_related("programme"):
        due = disposal_due(report.published_on)
        if first <= due <= last:
            yield Deadline(
                due,
                "DPR-1",
                f"Personal data of {report.programme.name} disposed of",
                (report.programme.manager_id,),
                reverse("fieldwork:programme", args=[report.programme_id]),
            )
