"""The compliance demo (issue 13): an agency with a requirement not met, its compliance notice and the
monitoring visit now due (REQ-3, ENF-1, SCH-8); an IFA whose monitoring visit's report is published
(KND-4, RPT-6). Built by the same services as the pages, and rebuilt the same on a second run."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from careinspect.compliance import notice_mail, services
from careinspect.compliance.models import ComplianceNotice
from careinspect.core.regime import current_calendar
from careinspect.enforcement.models import CaseReview
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.messaging.models import Message, OutboxEmail
from careinspect.messaging.views import OUTBOX_BACKEND
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.agencies import load_demo_agencies_and_sign_ins
from careinspect.scenarios.compliance import PUBLISHED_URN, UNMET_URN, load_demo_compliance
from careinspect.scenarios.enforcement import clear_demo_enforcement
from careinspect.scenarios.messaging import clear_demo_outbox
from careinspect.scenarios.sccif_full.demo import clear_demo_inspections

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 11)  # a Wednesday


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_compliance_demo_tells_both_stories_and_is_rebuilt_the_same(settings: Any) -> None:
    settings.EMAIL_BACKEND = OUTBOX_BACKEND  # the demo's mail backend: its outbox page reads these
    # In the demo command's order: the agencies, then the sign-ins (some belong to the IFAs).
    load_demo_agencies_and_sign_ins(TODAY)
    first = load_demo_compliance(TODAY)
    cal = current_calendar()
    assert first == {
        "unmet_requirement_urn": UNMET_URN,
        "notice_status": "issued",
        "notice_compliance_date": cal.subtract_working_days(TODAY, 1).isoformat(),
        "published_visit_urn": PUBLISHED_URN,
        "published_visit_status": "published",
        "emails_sent": 3,
    }
    unmet = Provider.objects.get(urn=UNMET_URN)
    # REQ-3: the first requirement was not met and its case review decided on a notice; the second awaits.
    [awaiting] = services.awaiting_outcome(unmet, TODAY)
    assert awaiting.compliance_date == cal.subtract_working_days(TODAY, 2)
    review = CaseReview.objects.get(provider=unmet)
    assert (review.reason, review.decision) == ("unmet_requirement", "compliance_notice")
    # SCH-8: its visit is due now, from today to 4 working days on.
    [proposal] = services.propose_monitoring_visits(unmet)
    assert (proposal.earliest, proposal.latest) == (TODAY, cal.add_working_days(TODAY, 4))
    # RPT-6: the IFA's visit was published with no grade.
    visit = Inspection.objects.get(provider__urn=PUBLISHED_URN, kind="monitoring")
    assert visit.status == Status.PUBLISHED and visit.is_demo
    assert PublishedReport.objects.get(inspection=visit).overall_grade == ""
    # The demo command clears the enforcement demo and the demo inspections first, then rebuilds.
    clear_demo_enforcement()
    clear_demo_outbox()
    clear_demo_inspections()
    assert load_demo_compliance(TODAY) == first
    assert ComplianceNotice.objects.count() == 2
    # ENF-1: each notice emailed to its agency and the IFA told its notice was met, once each.
    kinds = sorted(Message.objects.filter(kind__in=notice_mail.KINDS).values_list("kind", flat=True))
    assert kinds == ["compliance_notice", "compliance_notice", "compliance_notice_outcome"]
    assert OutboxEmail.objects.filter(subject__startswith="Compliance notice").count() == 3
    assert Inspection.objects.filter(kind="monitoring").count() == 1
