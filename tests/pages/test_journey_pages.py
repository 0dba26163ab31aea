"""One SCCIF full inspection taken from scheduling to publication through the pages alone.

The dates are real working days in 2025 and every deadline is the one RULES.md gives: notice 10 WD before
the visit (NTC-1), the draft's 5 WD comment window (CMP-1), publication 5 WD after the final (RPT-3).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.portal.models import InformationRequest
from careinspect.registry.models import PastInspection, Provider

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

CASE_LIST = (
    "case_ref,service_user_type,la_code,service_type,start_date,end_date,open\n"
    + "".join(f"HAS-{n:03d},child,202,therapy,2024-06-{n:02d},,Y\n" for n in range(1, 13))
).encode()


def on(day: str, client: Client, user: User) -> time_machine.travel:
    """Travel to 10am on a day and sign the user in (sessions do not outlive a jump of weeks)."""
    travel = time_machine.travel(datetime.fromisoformat(day).replace(hour=10, tzinfo=LONDON), tick=False)
    travel.start()
    client.force_login(user)
    return travel


def post(client: Client, url: str, data: dict[str, object], expect_redirect: bool = True) -> str:
    response = client.post(url, data)
    body = response.content.decode()
    if expect_redirect:
        assert response.status_code == 302, body[body.find("govuk-error-summary") :][:1500]
    return body


def test_rpt3_inspection_from_notice_to_publication_through_the_pages(
    people: dict[str, User], agency_a: Provider
) -> None:
    inspector, manager, staff = people["inspector"], people["manager"], people["provider_a"]
    client = Client()

    t = on("2025-01-06", client, manager)
    post(
        client,
        "/inspections/new/",
        {
            "provider": agency_a.pk,
            "lead_inspector": inspector.pk,
            "start_date": "2025-02-03",
            "end_date": "2025-02-04",
        },
    )
    inspection = Inspection.objects.get()
    assert inspection.notice_due == date(2025, 1, 20)  # NTC-1: 10 WD before Monday 3 February
    t.stop()

    # The agency sees nothing before notice is given (NTC-1, DPR-3).
    t = on("2025-01-20", client, staff)
    assert client.get(f"/portal/inspections/{inspection.pk}/").status_code == 404
    client.force_login(inspector)
    post(client, f"/inspections/{inspection.pk}/act/notify/", {})
    post(
        client,
        f"/inspections/{inspection.pk}/notice/",
        {"form": "call", "call-at": "2025-01-20T11:00", "call-note": "Spoke to the registered manager"},
    )
    post(client, f"/inspections/{inspection.pk}/act/start_preparation/", {})
    post(
        client,
        f"/inspections/{inspection.pk}/preparation/",
        {"kind": "line_of_enquiry", "text": "How quickly therapy starts after assessment"},
    )
    client.force_login(staff)
    page = client.get(f"/portal/inspections/{inspection.pk}/").content.decode()
    assert "case list form" in page
    case_list = InformationRequest.objects.get(inspection=inspection, dataset_kind="asa_case_list")
    response = client.post(f"/portal/requests/{case_list.pk}/", {"file": _upload("cases.csv", CASE_LIST)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert inspection.cases.count() == 12  # CAS-1 counts the service users from the valid list
    t.stop()

    t = on("2025-02-03", client, inspector)
    post(client, f"/inspections/{inspection.pk}/act/start_on_site/", {})
    cases = list(inspection.cases.all()[:4])  # CAS-1: 12 service users → track at least 4
    for case in cases:
        post(client, f"/inspections/{inspection.pk}/cases/", {"case": case.pk, "selection": "tracked"})
    post(
        client,
        f"/inspections/{inspection.pk}/evidence/",
        {
            "form": "evidence",
            "source": "interview",
            "interview_at": "2025-02-03T14:00",
            "interviewee_role": "Adoptive parent",
            "text": "JS said therapy began within four weeks of assessment.",
            "judgement_areas": ["overall_experiences_progress", "helped_protected", "leaders_managers"],
        },
    )
    post(
        client,
        f"/inspections/{inspection.pk}/evidence/",
        {
            "form": "evidence",
            "source": "written_record",
            "text": "Case HAS-001 shows a timely safety plan.",
            "judgement_areas": ["helped_protected"],
        },
    )
    evidence = [str(pk) for pk in inspection.evidence.values_list("pk", flat=True)]
    for area in ("helped_protected", "leaders_managers", "overall_experiences_progress"):
        post(
            client,
            f"/inspections/{inspection.pk}/judgements/",
            {
                "form": area,
                f"{area}-grade": "good",
                f"{area}-rationale": "Children are safe and well supported.",
                f"{area}-evidence": evidence,
            },
        )
    t.stop()

    t = on("2025-02-04", client, inspector)
    post(
        client,
        f"/inspections/{inspection.pk}/act/give_feedback/",
        {"note": "Strengths, likely judgements of good, no requirements; draft within 18 working days."},
    )
    inspection.refresh_from_db()
    assert inspection.draft_due == date(2025, 2, 28)  # RPT-3: 18 WD after the last on-site day
    sections = {key: "Text." for key in _section_keys()}
    post(client, f"/inspections/{inspection.pk}/report/", {"form": "sections", **sections})
    # An inspector cannot send the draft before a manager's check (RPT-3).
    post(client, f"/inspections/{inspection.pk}/act/send_draft/", {})
    inspection.refresh_from_db()
    assert inspection.status == "feedback_given"
    t.stop()

    t = on("2025-02-20", client, manager)
    post(client, f"/inspections/{inspection.pk}/report/", {"form": "check", "note": "Clear and evaluative"})
    client.force_login(inspector)
    post(client, f"/inspections/{inspection.pk}/act/send_draft/", {})
    inspection.refresh_from_db()
    assert (inspection.status, inspection.comments_due) == ("draft_sent", date(2025, 2, 27))  # CMP-1
    t.stop()

    t = on("2025-02-24", client, staff)
    post(
        client,
        f"/portal/inspections/{inspection.pk}/",
        {"form": "response", "kind": "minor_points", "text": "The agency opened in 2019, not 2018."},
    )
    t.stop()

    t = on("2025-02-25", client, inspector)
    post(client, f"/inspections/{inspection.pk}/act/send_final/", {})
    inspection.refresh_from_db()
    assert inspection.publication_due == date(2025, 3, 4)  # RPT-3: published 5 WD after the final
    # An inspector cannot publish (RPT-3: the manager publishes).
    assert client.post(f"/inspections/{inspection.pk}/act/publish/", {}).status_code == 403
    inspection.refresh_from_db()
    assert inspection.status == "final_sent"
    t.stop()

    t = on("2025-03-04", client, manager)
    post(client, f"/inspections/{inspection.pk}/act/publish/", {})
    t.stop()
    inspection.refresh_from_db()
    assert inspection.status == "published"
    report = PublishedReport.objects.get(inspection=inspection)
    assert PastInspection.objects.filter(provider=agency_a, judgement="good").exists()
    anonymous = Client()
    assert "Harbour Adoption Support" in anonymous.get(f"/reports/{report.pk}/").content.decode()


def _section_keys() -> list[str]:
    from careinspect.inspections.services.reporting import section_keys

    return [key for key, _ in section_keys()]


def _upload(name: str, data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")
