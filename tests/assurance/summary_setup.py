"""What the child-friendly summary's tests share (RPT-5): an IFA with a member of staff who has an email
address, and its assurance visit at the end of feedback, built through the same services as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from careinspect.core.roles import PROVIDER_USER, ensure_roles
from careinspect.inspections.models import AssuranceDetail, Inspection, Report
from careinspect.inspections.services.announcements import announce
from careinspect.registry.models import Provider, ProviderStaff
from careinspect.rules.lifecycle import Status
from tests.clock import at

# Tuesday 3 March 2026, 9am: the announcement call (NTC-4); feedback on Wednesday 4 March, its 2nd day.
CALL = at("2026-03-03", 9)
FEEDBACK = at("2026-03-04", 15)

PLAIN = [
    {"text": "We visited your foster carers. We talked to children and to the staff.", "icon": "talk"},
    {"text": "Most children feel safe and happy at home with their carers.", "icon": "home"},
    {"text": "Your carers help you go to school and to the doctor.", "icon": "school"},
    {"text": "The agency must check on carers more often. We will come back to see it.", "icon": "calendar"},
]

DENSE = [
    {
        "text": (
            "Notwithstanding considerable organisational restructuring, the registered provider demonstrated "
            "satisfactory compliance with the statutory safeguarding responsibilities articulated within the "
            "applicable regulatory framework, although supervisory arrangements necessitate substantial "
            "improvement."
        ),
        "icon": "",
    }
]


def ifa_with_staff() -> tuple[Provider, Any]:
    ifa = Provider.objects.create(
        kind="IFA", urn="SC810001", name="Hearth Fostering", registration_date=date(2017, 5, 2)
    )
    staff = get_user_model().objects.create_user(
        "hearth-staff", email="office@hearth.example", password="hearth-staff-test-pass-123"
    )
    staff.groups.set([ensure_roles()[PROVIDER_USER]])
    ProviderStaff.objects.create(user=staff, provider=ifa)
    return ifa, staff


def visit_after_feedback(ifa: Provider, people: dict[str, Any]) -> Inspection:
    inspection = announce(
        ifa,
        kind="ifa-assurance",
        lead_inspector=people["inspector"],
        start=date(2026, 3, 3),
        end=date(2026, 3, 4),
        by=people["manager"],
        now=CALL,
    )
    # The visit's own steps up to feedback (cases, evidence, concerns: KND-3) belong to its own tests; the
    # summary needs only the state after feedback, so the test puts the visit there.
    Inspection.objects.filter(pk=inspection.pk).update(
        status=Status.FEEDBACK_GIVEN.value,
        feedback_on=FEEDBACK.date(),
        feedback_summary="Strengths, weaknesses and next steps.",
    )
    inspection.refresh_from_db()
    return inspection


# The final report went on Wednesday 11 March 2026; publication 5 working days later, Wednesday 18 March.
FINAL_SENT = date(2026, 3, 11)
PUBLICATION = at("2026-03-18", 10)


def final_report_sent(inspection: Inspection, people: dict[str, Any]) -> Inspection:
    """The visit with its narrative report checked and its final report sent, awaiting publication.

    The report's own steps (JDG-9, RPT-3, RPT-4) belong to the report's tests; here they are recorded as
    done so that publication, and what RPT-5 adds to it, can be tested."""
    AssuranceDetail.objects.update_or_create(inspection=inspection, defaults={"serious_concerns": False})
    Report.objects.update_or_create(
        inspection=inspection,
        defaults={"sections": {}, "checked_by": people["manager"], "checked_at": at("2026-03-05", 12)},
    )
    Inspection.objects.filter(pk=inspection.pk).update(
        status=Status.FINAL_SENT.value,
        draft_sent_on=date(2026, 3, 6),
        final_sent_on=FINAL_SENT,
        publication_due=PUBLICATION.date(),
    )
    inspection.refresh_from_db()
    return inspection
