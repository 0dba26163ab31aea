"""RPT-5 — "Inspectors also complete a brief, child-friendly summary following every assurance visit" (seed
004): the assurance report is published with its checked summary beside it, and not without one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from careinspect.assurance import summary_services as svc
from careinspect.assurance.summary_models import ChildFriendlySummary
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.inspections.services import reporting
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.assurance.summary_setup import (
    PLAIN,
    PUBLICATION,
    final_report_sent,
    ifa_with_staff,
    visit_after_feedback,
)
from tests.clock import at


@pytest.fixture
def final(db: None, people: dict[str, Any]) -> Inspection:
    ifa, _ = ifa_with_staff()
    return final_report_sent(visit_after_feedback(ifa, people), people)


def _write_and_check(visit: Inspection, people: dict[str, Any]) -> ChildFriendlySummary:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=at("2026-03-12", 10))
    return svc.check_summary(visit, by=people["manager"], now=at("2026-03-12", 11))


@pytest.mark.django_db
def test_rpt5_an_assurance_report_is_not_published_without_a_summary(
    final: Inspection, people: dict[str, Any]
) -> None:
    with pytest.raises(RuleViolation) as refused:
        reporting.publish(final, by=people["manager"], now=PUBLICATION)
    assert (refused.value.rule, refused.value.field) == ("RPT-5", "child_friendly_summary")
    assert not PublishedReport.objects.exists()
    assert Inspection.objects.get(pk=final.pk).status == Status.FINAL_SENT


@pytest.mark.django_db
def test_rpt5_nor_with_a_summary_changed_since_the_managers_check(
    final: Inspection, people: dict[str, Any]
) -> None:
    _write_and_check(final, people)
    svc.write_summary(final, by=people["inspector"], blocks=PLAIN[:3], now=at("2026-03-13", 9))
    with pytest.raises(RuleViolation) as refused:
        reporting.publish(final, by=people["manager"], now=PUBLICATION)
    assert refused.value.rule == "RPT-5"
    assert not PublishedReport.objects.exists()
    assert ChildFriendlySummary.objects.get(inspection=final).published_on is None


@pytest.mark.django_db
def test_rpt5_publishing_the_report_publishes_the_checked_summary_beside_it(
    final: Inspection, people: dict[str, Any]
) -> None:
    _write_and_check(final, people)
    published = reporting.publish(final, by=people["manager"], now=PUBLICATION)
    summary = ChildFriendlySummary.objects.get(inspection=final)
    assert summary.published_report == published
    assert summary.published_on == PUBLICATION.date()
    assert summary.published_blocks == PLAIN
    assert final.events.filter(type=EventType.SUMMARY_PUBLISHED.value).count() == 1
    # Published: the summary is frozen with the report.
    with pytest.raises(RuleViolation):
        svc.write_summary(final, by=people["inspector"], blocks=PLAIN[:1], now=at("2026-03-19", 9))


@pytest.mark.django_db
def test_rpt5_the_public_read_the_summary_beside_the_report_with_pictures_and_alt_text(
    final: Inspection, people: dict[str, Any]
) -> None:
    _write_and_check(final, people)
    published = reporting.publish(final, by=people["manager"], now=PUBLICATION)
    public = Client()
    report_page = public.get(f"/reports/{published.pk}/").content.decode()
    assert f"/reports/{published.pk}/for-children/" in report_page
    page = public.get(f"/reports/{published.pk}/for-children/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "What we found when we visited Hearth Fostering" in text
    assert PLAIN[1]["text"] in text
    assert 'alt="A house"' in text and "/static/assurance/icons/home.svg" in text
    assert "govuk-heading-xl" in text
    pdf = public.get(f"/reports/{published.pk}/for-children.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_rpt5_the_public_never_see_an_unpublished_summary(final: Inspection, people: dict[str, Any]) -> None:
    _write_and_check(final, people)
    # A published report whose summary was not published with it: no page for children.
    other = PublishedReport.objects.create(
        inspection=final,
        provider_name="Harbour Adoption Support",
        urn="SC900001",
        published_on=PUBLICATION.date(),
        content={},
    )
    assert Client().get(f"/reports/{other.pk}/for-children/").status_code == 404
    assert Client().get(f"/reports/{other.pk}/for-children.pdf").status_code == 404
    assert f"/reports/{other.pk}/for-children/" not in Client().get(f"/reports/{other.pk}/").content.decode()
