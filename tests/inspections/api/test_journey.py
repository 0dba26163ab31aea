"""An inspection from scheduling to publication through the JSON API alone, the clock moved step by step.

Dates (RPT-3 counts from the last on-site day, CAL-2; 25 and 26 December and 1 January are not working
days, CAL-1):

    scheduled Mon 1 Dec 2025 for on site Wed 17 to Fri 19 Dec 2025
    notice given Wed 3 Dec 2025 (NTC-1: 10 WD before)
    feedback Fri 19 Dec 2025: draft due Mon 19 Jan 2026 (18 WD), final due Wed 4 Feb 2026 (30 WD)
    draft sent Mon 12 Jan 2026: comments due Mon 19 Jan 2026 (5 WD, CMP-1)
    minor points Wed 14 Jan 2026; final sent Wed 21 Jan 2026: publication due Wed 28 Jan 2026 (5 WD)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.registry.models import PastInspection, Provider
from careinspect.rules.lifecycle import Status
from tests.conftest import d
from tests.inspections.api.conftest import Api, on
from tests.inspections.conftest import AREAS, case_list_csv

pytestmark = pytest.mark.django_db


def ok(answer: Any, status: int = 200) -> Any:
    """The JSON of an answer that must have this status (the body is shown when it has not)."""
    assert answer.status_code == status, answer.content
    return answer.json()


def test_rpt3_inspection_from_scheduled_to_published_through_the_api(
    inspector: User,
    manager: User,
    provider_user_a: User,
    provider_a: Provider,
    api: Callable[[User], Api],
) -> None:
    lead, rim, agency = api(inspector), api(manager), api(provider_user_a)

    with on(d("2025-12-01")):
        scheduled = ok(
            rim.post(
                "",
                {
                    "provider_id": provider_a.pk,
                    "lead_inspector_id": inspector.pk,
                    "manager_id": manager.pk,
                    "start_date": "2025-12-17",
                    "end_date": "2025-12-19",
                },
            ),
            201,
        )
        pk = scheduled["id"]
        assert scheduled["status"] == "scheduled"
        assert scheduled["deadlines"]["notice_due"] == "2025-12-03"
        # NTC-1: the agency sees nothing before notice.
        assert agency.get(str(pk)).status_code == 404

    with on(d("2025-12-03")):
        notified = ok(lead.post(f"{pk}/notify"))
        assert notified["status"] == "notified"
        assert notified["notified_on"] == "2025-12-03"
        ok(lead.post(f"{pk}/notification-call", {"at": "2025-12-03T14:00:00Z", "note": "Spoke to the RM"}))
        assert ok(agency.get(str(pk)))["status_label"] == "Notified"
        assert [i["who"] for i in ok(agency.get(f"{pk}/due"))] == ["provider"]

    with on(d("2025-12-08")):
        uploaded = ok(agency.upload(f"{pk}/case-list", "cases.csv", case_list_csv(5)), 201)
        assert uploaded["rows"] == 5
        assert uploaded["tracked_needed"] == 2  # CAS-1: fewer than 10 service users
        ok(lead.post(f"{pk}/start-preparation"))
        ok(lead.post(f"{pk}/plan", {"kind": "line_of_enquiry", "text": "How quickly support starts"}), 201)
        cases = ok(lead.get(f"{pk}/cases"))
        for case in cases[:2]:
            chosen = ok(lead.send("PATCH", f"cases/{case['id']}", {"selection": "tracked"}))
            assert chosen["selection"] == "tracked"
        evidence = [
            ok(
                lead.post(
                    f"{pk}/evidence", {"source": "written_record", "text": "Plans are reviewed monthly."}
                ),
                201,
            ),
            ok(
                lead.post(
                    f"{pk}/evidence",
                    {
                        "source": "interview",
                        "text": "The social worker explained how risks are shared.",
                        "interview_at": "2025-12-08T10:30:00Z",
                        "interviewee_role": "Social worker",
                        "case_ids": [cases[0]["id"]],
                    },
                ),
                201,
            ),
        ]
        evidence_ids = [e["id"] for e in evidence]
        named = lead.post(f"{pk}/evidence", {"source": "observation", "text": "Spoke with Priya Patel."})
        assert named.status_code == 422
        assert named.json()["rule"] == "EVD-2"

    with on(d("2025-12-17")):
        assert ok(lead.post(f"{pk}/start-on-site"))["status"] == "on_site"
        for area in AREAS:
            recorded = ok(
                lead.send(
                    "PUT",
                    f"{pk}/judgements/{area}",
                    {"grade": "good", "rationale": f"{area}: good fit", "evidence_ids": evidence_ids},
                )
            )
            assert recorded["judgement"]["provisional"] is True
        assert ok(lead.get(f"{pk}/judgements"))["errors"] == []
        ok(
            lead.post(
                f"{pk}/requirements",
                {
                    "regulation": "Regulation 12",
                    "action": "Review every support plan monthly",
                    "impact": "Support may not meet needs",
                    "compliance_date": "2026-03-31",
                    "evidence_ids": evidence_ids,
                },
            ),
            201,
        )
        ok(lead.post(f"{pk}/recommendations", {"nms_standard": "NMS 5.2", "text": "Record delays."}), 201)

    with on(d("2025-12-19")):
        after_feedback = ok(
            lead.post(f"{pk}/feedback", {"summary": "Strengths, weaknesses, likely judgements"})
        )
        assert after_feedback["status"] == "feedback_given"
        assert after_feedback["end_date"] == "2025-12-19"
        assert after_feedback["deadlines"]["draft_due"] == "2026-01-19"
        assert after_feedback["deadlines"]["final_due"] == "2026-02-04"
        assert after_feedback["deadlines"]["scans_due"] == "2025-12-30"  # EVD-4: 5 WD (22-24, 29, 30 Dec)

    with on(d("2026-01-09"), hour=10):
        ok(lead.send("PUT", f"{pk}/report", {"sections": {"areas_for_improvement": "One requirement."}}))
        unchecked = lead.post(f"{pk}/report/send-draft")
        assert unchecked.status_code == 422
        assert unchecked.json()["rule"] == "RPT-3"
    with on(d("2026-01-09"), hour=15):
        assert ok(rim.post(f"{pk}/report/check", {"note": "Clear and evaluative"}))["checked"] is True

    with on(d("2026-01-12")):
        drafted = ok(lead.post(f"{pk}/report/send-draft"))
        assert drafted["status"] == "draft_sent"
        assert drafted["deadlines"]["comments_due"] == "2026-01-19"
        report = ok(agency.get(f"{pk}/report"))
        assert all(section["evidence_ids"] is None for section in report["sections"])
        assert [r["regulation"] for r in ok(agency.get(f"{pk}/requirements"))] == ["Regulation 12"]

    with on(d("2026-01-14")):
        response = ok(
            agency.post(f"{pk}/responses", {"kind": "minor_points", "text": "A date is wrong."}), 201
        )
        assert response["late"] is False

    with on(d("2026-01-21")):
        final = ok(lead.post(f"{pk}/report/send-final"))
        assert final["status"] == "final_sent"
        assert final["deadlines"]["publication_due"] == "2026-01-28"
        assert lead.post(f"{pk}/publish").status_code == 403

    with on(d("2026-01-27")):
        early = rim.post(f"{pk}/publish")
        assert early.status_code == 422
        assert early.json()["rule"] == "RPT-3"

    with on(d("2026-01-28")):
        published = ok(rim.post(f"{pk}/publish"), 201)
        assert published["published_on"] == "2026-01-28"
        assert published["overall_grade"] == "good"

    inspection = Inspection.objects.get(pk=pk)
    assert inspection.status == Status.PUBLISHED
    assert PublishedReport.objects.filter(inspection=inspection).exists()
    assert PastInspection.objects.filter(provider=provider_a, end_date=d("2025-12-19")).exists()
    timeline = [e["to_status"] for e in ok(agency.get(f"{pk}/events")) if e["to_status"]]
    assert timeline[-1] == "published"
    assert "preparing" not in timeline  # preparation is the regulator's own step
