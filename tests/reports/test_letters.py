"""Letters sent with the notice of an ASA inspection (NTC-1, INF-2, NTC-5, RPT-3)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careinspect.inspections.models import Inspection
from careinspect.inspections.services import lifecycle as lifecycle_services
from careinspect.reports.letters import render_letter
from careinspect.rules.frameworks import load_framework
from careinspect.rules.lifecycle import Status
from tests.clock import tick
from tests.conftest import d

pytestmark = pytest.mark.django_db


def test_ntc1_inf2_notice_letter_names_agency_dates_forms_and_information_date(notified: Inspection) -> None:
    html = render_letter(notified, "notice")
    assert "Agency A Adoption Support" in html
    assert "SC100001" in html
    assert "Priya Patel" in html and "Tom Okafor" in html
    # On site Wed 17 to Fri 19 Dec 2025 (KND-1: 2 days spread over 3, every day listed).
    for day in ("Wednesday 17 December 2025", "Thursday 18 December 2025", "Friday 19 December 2025"):
        assert day in html
    # INF-2: both forms sent with the notice, and the date for them (policy default: 5 WD after 3 Dec).
    for form in load_framework("asa-full").information.items:
        assert form[1:] in html
    assert "Wednesday 10 December 2025" in html
    assert "section 31 of the Care Standards Act 2000" in html
    assert "Hannah Reid" in html and "hannah.reid@example.gov.uk" in html
    assert "3 December 2025" in html  # the day notice was given


def test_inf2_notice_letter_shows_the_agreed_information_date(notified: Inspection, inspector: User) -> None:
    lifecycle_services.agree_information_date(notified, by=inspector, day=d("2025-12-12"), now=tick())
    notified.refresh_from_db()
    assert "Friday 12 December 2025" in render_letter(notified, "notice")


def test_ntc1_ntc5_rpt3_notice_letter_explains_call_deferral_and_report_timeline(
    notified: Inspection,
) -> None:
    html = render_letter(notified, "notice")
    assert "phone you" in html
    assert "deferred" in html
    assert "18 working days" in html and "5 working days" in html
    # RPT-3: 18 WD from a planned end of Fri 19 Dec 2025, skipping 25, 26 Dec and 1 Jan: Mon 19 Jan 2026.
    assert "19 January 2026" in html
    # CAS-1: the service users are not known until the case list arrives, so the rule is explained.
    assert "at least 4 children" in html


def test_inf2_staff_letter_gives_the_inspectors_contact_details(notified: Inspection) -> None:
    html = render_letter(notified, "staff")
    assert "Agency A Adoption Support" in html
    assert "Hannah Reid" in html
    assert 'href="mailto:hannah.reid@example.gov.uk"' in html
    assert "Wednesday 17 December 2025" in html


def test_letter_page_has_the_letter_and_a_pdf_link(
    client: Client, inspector: User, notified: Inspection
) -> None:
    client.force_login(inspector)
    response = client.get(reverse("reports:letter", args=[notified.pk, "notice"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Letter of notice" in body
    assert reverse("reports:letter_pdf", args=[notified.pk, "notice"]) in body
    assert "Wednesday 10 December 2025" in body
    # The letter is rendered markup, not escaped text.
    assert "&lt;article" not in body


def test_letter_pdf_is_an_attachment_named_by_reference(
    client: Client, inspector: User, notified: Inspection
) -> None:
    client.force_login(inspector)
    response = client.get(reverse("reports:letter_pdf", args=[notified.pk, "notice"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="INS-{notified.pk:05d}-letter-of-notice.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_staff_letter_pdf(client: Client, provider_user_a: User, notified: Inspection) -> None:
    client.force_login(provider_user_a)
    response = client.get(reverse("reports:letter_pdf", args=[notified.pk, "staff"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_unknown_letter_is_404(client: Client, inspector: User, notified: Inspection) -> None:
    client.force_login(inspector)
    assert client.get(reverse("reports:letter", args=[notified.pk, "threat"])).status_code == 404
    assert client.get(reverse("reports:letter_pdf", args=[notified.pk, "threat"])).status_code == 404


def test_regulator_sees_a_preview_before_notice(
    client: Client, qa_officer: User, walk_to: Callable[[Status], Inspection]
) -> None:
    inspection = walk_to(Status.SCHEDULED)
    client.force_login(qa_officer)
    response = client.get(reverse("reports:letter", args=[inspection.pk, "notice"]))
    assert response.status_code == 200
    assert "Preview" in response.content.decode()
