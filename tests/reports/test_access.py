"""Who may open an inspection's letters and its draft report PDF. RULES: DPR-3, NTC-1, RPT-3."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careinspect.inspections.models import Inspection
from careinspect.rules.lifecycle import Status

pytestmark = pytest.mark.django_db

LETTER_URLS = (
    ("reports:letter", "notice"),
    ("reports:letter", "staff"),
    ("reports:letter_pdf", "notice"),
    ("reports:letter_pdf", "staff"),
)


def _all_urls(pk: int) -> list[str]:
    return [reverse(name, args=[pk, letter]) for name, letter in LETTER_URLS] + [
        reverse("reports:draft_pdf", args=[pk])
    ]


def test_dpr3_provider_user_of_another_agency_gets_404_for_every_inspection(
    client: Client, provider_user_b: User, inspection_b: Inspection, walk_to: Callable[[Status], Inspection]
) -> None:
    """Walk the inspection IDs: agency A's are all 404 to agency B's user, whatever the state."""
    own = inspection_b
    theirs = walk_to(Status.DRAFT_SENT)
    client.force_login(provider_user_b)
    for pk in sorted({own.pk, theirs.pk, max(own.pk, theirs.pk) + 1}):
        if pk == own.pk:
            continue
        for url in _all_urls(pk):
            response = client.get(url)
            assert response.status_code == 404, url
            assert b"Agency A" not in response.content


def test_dpr3_provider_user_reads_own_letters_once_notified(
    client: Client, provider_user_b: User, inspection_b: Inspection
) -> None:
    client.force_login(provider_user_b)
    for name, letter in LETTER_URLS:
        assert client.get(reverse(name, args=[inspection_b.pk, letter])).status_code == 200


def test_ntc1_provider_user_gets_404_before_notice(
    client: Client, provider_user_a: User, walk_to: Callable[[Status], Inspection]
) -> None:
    inspection = walk_to(Status.SCHEDULED)
    client.force_login(provider_user_a)
    for url in _all_urls(inspection.pk):
        assert client.get(url).status_code == 404, url


def test_rpt3_provider_user_gets_404_for_draft_pdf_before_draft_is_sent(
    client: Client, provider_user_a: User, notified: Inspection
) -> None:
    client.force_login(provider_user_a)
    assert client.get(reverse("reports:draft_pdf", args=[notified.pk])).status_code == 404


def test_rpt3_draft_pdf_for_provider_once_sent_marked_draft(
    client: Client, provider_user_a: User, walk_to: Callable[[Status], Inspection]
) -> None:
    inspection = walk_to(Status.DRAFT_SENT)
    client.force_login(provider_user_a)
    response = client.get(reverse("reports:draft_pdf", args=[inspection.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"] == f'attachment; filename="{inspection.reference}-draft-report.pdf"'
    )


def test_rpt3_regulator_gets_draft_pdf_at_any_stage(
    client: Client, qa_officer: User, walk_to: Callable[[Status], Inspection]
) -> None:
    inspection = walk_to(Status.SCHEDULED)
    client.force_login(qa_officer)
    response = client.get(reverse("reports:draft_pdf", args=[inspection.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_anonymous_user_gets_no_letter_or_draft(client: Client, notified: Inspection) -> None:
    """Sent to sign in (or 404): never any of the inspection's content."""
    for url in _all_urls(notified.pk):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
        assert b"Agency A" not in response.content
        assert not response.content.startswith(b"%PDF")
