"""The public reports pages: no sign-in, only the frozen published copy. RULES: RPT-1, RPT-3, DPR-2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.inspections.services import reporting
from careinspect.registry.models import Provider
from careinspect.reports.views import PAGE_SIZE, draft_report_html
from careinspect.rules.lifecycle import Status
from tests.conftest import d
from tests.reports.conftest import make_provider

pytestmark = pytest.mark.django_db


def test_rpt3_anonymous_user_reads_the_list_and_a_report(
    client: Client, provider_a: Provider, make_published: Callable[..., PublishedReport]
) -> None:
    published = make_published(provider_a)
    listing = client.get(reverse("reports:public_list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Agency A Adoption Support" in body and "SC100001" in body and "28 January 2026" in body
    assert 'class="govuk-tag govuk-tag--blue">Good<' in body
    assert reverse("reports:public_detail", args=[published.pk]) in body

    page = client.get(reverse("reports:public_detail", args=[published.pk]))
    assert page.status_code == 200
    assert "Children are kept safe." in page.content.decode()


def test_rpt1_report_sections_in_order_with_grades_requirements_and_recommendations(
    client: Client, provider_a: Provider, make_published: Callable[..., PublishedReport]
) -> None:
    published = make_published(provider_a, overall="requires_improvement")
    # Stored out of order: the page still shows the SCCIF order (RPT-1).
    published.content["sections"].reverse()
    published.save()
    body = client.get(reverse("reports:public_detail", args=[published.pk])).content.decode()
    titles = [title for _key, title in reporting.section_keys()]
    positions = [body.index(f">{title}</h2>") for title in titles]
    assert positions == sorted(positions)
    assert "Requires improvement to be good" in body
    assert "Regulation 12(1)" in body and "Review every support plan every 6 months." in body
    assert "31 March 2026" in body
    assert "NMS 5.2" in body and "Record the views of birth relatives." in body
    # Paragraphs of a section are kept apart.
    assert '<p class="govuk-body section-text">Adopted adults are helped to find records.</p>' in body


def test_dpr2_public_page_keeps_the_published_text_after_the_live_report_is_edited(
    client: Client, walk_to: Callable[[Status], Inspection], inspector: User
) -> None:
    inspection = walk_to(Status.PUBLISHED)
    published = PublishedReport.objects.get(inspection=inspection)
    url = reverse("reports:public_detail", args=[published.pk])
    assert "No requirements were made." in client.get(url).content.decode()

    # The live record changes afterwards (an edit no service allows after publication, made directly).
    report = reporting.report_for(inspection)
    report.sections = {**report.sections, "areas_for_improvement": "A later, unpublished wording."}
    report.save()
    inspection.provider.name = "Renamed Agency"
    inspection.provider.save()

    body = client.get(url).content.decode()
    assert "No requirements were made." in body
    assert "A later, unpublished wording." not in body
    assert "Agency A Adoption Support" in body and "Renamed Agency" not in body


def test_public_pdf_needs_no_sign_in(
    client: Client, provider_a: Provider, make_published: Callable[..., PublishedReport]
) -> None:
    published = make_published(provider_a)
    response = client.get(reverse("reports:public_pdf", args=[published.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"] == 'attachment; filename="SC100001-inspection-report-2026-01-28.pdf"'
    )


def test_unknown_report_is_404(client: Client) -> None:
    assert client.get(reverse("reports:public_detail", args=[999])).status_code == 404
    assert client.get(reverse("reports:public_pdf", args=[999])).status_code == 404


def test_search_by_name_or_urn(
    client: Client, provider_a: Provider, provider_b: Provider, make_published: Callable[..., PublishedReport]
) -> None:
    make_published(provider_a)
    make_published(provider_b)
    by_name = client.get(reverse("reports:public_list"), {"q": "agency b"}).content.decode()
    assert "Agency B Adoption Support" in by_name and "Agency A Adoption Support" not in by_name
    by_urn = client.get(reverse("reports:public_list"), {"q": "SC100001"}).content.decode()
    assert "Agency A Adoption Support" in by_urn and "Agency B Adoption Support" not in by_urn
    nothing = client.get(reverse("reports:public_list"), {"q": "zzz"}).content.decode()
    assert "No published reports match your search" in nothing


def test_list_is_paginated_newest_first(
    client: Client, make_published: Callable[..., PublishedReport]
) -> None:
    for n in range(PAGE_SIZE + 1):
        provider = make_provider(f"SC2{n:05d}", f"Agency {n:02d}")
        make_published(provider, published_on=d("2026-01-05") + timedelta(days=n))
    first = client.get(reverse("reports:public_list")).content.decode()
    assert f"Agency {PAGE_SIZE:02d}" in first  # the newest
    assert "Agency 00" not in first
    assert 'class="govuk-pagination"' in first and 'rel="next"' in first
    second = client.get(reverse("reports:public_list"), {"page": 2}).content.decode()
    assert "Agency 00" in second and 'rel="prev"' in second
    # A page number out of range shows the last page rather than an error.
    assert client.get(reverse("reports:public_list"), {"page": "99"}).status_code == 200


def test_search_is_kept_across_pages(client: Client, make_published: Callable[..., PublishedReport]) -> None:
    for n in range(PAGE_SIZE + 1):
        make_published(make_provider(f"SC3{n:05d}", f"Harbour {n:02d}"))
    body = client.get(reverse("reports:public_list"), {"q": "harbour"}).content.decode()
    assert "?q=harbour&amp;page=2" in body


def test_rpt3_draft_report_is_marked_not_for_publication(walk_to: Callable[[Status], Inspection]) -> None:
    html = draft_report_html(walk_to(Status.DRAFT_SENT))
    assert "DRAFT — not for publication" in html
    assert "No requirements were made." in html
    assert "Good" in html
