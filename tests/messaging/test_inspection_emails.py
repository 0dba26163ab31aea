"""The inspection's steps email the agency through `send_message`, each kept with the inspection (issue 12,
item 6): the letter of notice (NTC-1), the announcements (NTC-2, NTC-4), the draft and final reports and the
publication (RPT-3). An agency with no address on file never stops a step: the team sees a note instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core import mail

from careinspect.inspections.models import Inspection
from careinspect.inspections.services.announcements import announce
from careinspect.messaging.models import Message
from careinspect.registry.models import Provider, ProviderStaff
from careinspect.rules.lifecycle import Status
from tests.clock import at
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db
ADDRESS = "manager@agency-a.example"

Walker = Callable[[Status], Inspection]


@pytest.fixture
def agency_address(provider_user_a: User) -> str:
    provider_user_a.email = ADDRESS
    provider_user_a.save()
    return ADDRESS


def test_ntc1_the_letter_of_notice_is_emailed_to_the_agency_and_kept(
    agency_address: str, walk_to: Walker
) -> None:
    inspection = walk_to(Status.NOTIFIED)
    message = Message.objects.get(inspection=inspection)
    assert (message.kind, message.rule, message.to, message.not_sent_because) == (
        "notice",
        "NTC-1",
        [ADDRESS],
        "",
    )
    assert (
        message.subject
        == f"Inspection of Agency A Adoption Support: letter of notice ({inspection.reference})"
    )
    # On site Wed 17 to Fri 19 Dec 2025; forms due 5 working days after Wed 3 Dec: Wed 10 Dec 2025 (INF-2).
    assert "on site from 17 December 2025 to 19 December 2025." in message.body
    assert "by 10 December 2025" in message.body
    assert f"/inspections/{inspection.pk}/letters/notice/" in message.body
    assert f"/inspections/{inspection.pk}/letters/staff/" in message.body
    assert f"/portal/inspections/{inspection.pk}/" in message.body
    assert message.html  # the letter itself, as it reads on the page
    [email] = mail.outbox
    assert email.to == [ADDRESS] and email.subject == message.subject and email.body == message.body


def test_ntc1_an_agency_with_no_address_is_notified_all_the_same_with_a_note(walk_to: Walker) -> None:
    inspection = walk_to(Status.NOTIFIED)  # agency A's staff have no email address in this test
    assert inspection.status == Status.NOTIFIED
    message = Message.objects.get(inspection=inspection)
    assert message.to == [] and "SC100001" in message.not_sent_because
    assert mail.outbox == []


def test_rpt3_draft_final_and_publication_are_emailed(agency_address: str, walk: Walk) -> None:
    walk.to(Status.DRAFT_SENT)
    inspection = walk.current
    draft = Message.objects.get(inspection=inspection, kind="report_sent")
    assert draft.rule == "RPT-3" and "draft report" in draft.subject
    # Draft sent Mon 12 Jan 2026: comments due 5 working days later, Mon 19 Jan 2026 (CMP-1).
    assert "by 19 January 2026" in draft.body
    walk.to(Status.FINAL_SENT)
    final = Message.objects.filter(inspection=inspection, kind="report_sent").first()
    assert final is not None and "final report" in final.subject
    # Final sent Wed 21 Jan 2026: published 5 working days later, Wed 28 Jan 2026 (RPT-3).
    assert "published on 28 January 2026" in final.body
    walk.to(Status.PUBLISHED)
    published = Message.objects.filter(inspection=inspection, kind="report_sent").first()
    assert published is not None and "report published" in published.subject
    assert f"/reports/{walk.current.published.pk}/" in published.body
    subjects = [e.subject for e in mail.outbox]
    assert [s.split(": ")[1].split(" (")[0] for s in subjects] == [
        "letter of notice",
        "draft report",
        "final report",
        "report published",
    ]
    assert all(e.to == [ADDRESS] for e in mail.outbox)


@pytest.fixture
def raa(db: None) -> Provider:
    return Provider.objects.create(
        kind="RAA", urn="RA000009", name="Coast and Vale Adoption", registration_date=date(2019, 1, 1)
    )


@pytest.fixture
def ifa(db: None) -> Provider:
    return Provider.objects.create(
        kind="IFA", urn="SC800001", name="Hearth Fostering", registration_date=date(2017, 5, 2)
    )


def _staff(provider: Provider, username: str, email: str, roles: dict[str, object]) -> User:
    user = User.objects.create_user(username, email=email)
    ProviderStaff.objects.create(user=user, provider=provider)
    return user


def test_ntc2_the_thematic_letter_of_notice_goes_to_the_raa(
    raa: Provider, inspector: User, manager: User, roles: dict[str, object]
) -> None:
    _staff(raa, "leader", "leader@raa.example", roles)
    inspection = announce(
        raa,
        kind="raa-thematic",
        lead_inspector=inspector,
        start=date(2025, 10, 13),
        end=date(2025, 10, 16),
        by=manager,
        now=at("2025-10-06", 9, 30),
    )
    message = Message.objects.get(inspection=inspection)
    assert (message.kind, message.rule, message.to) == ("notice", "NTC-2", ["leader@raa.example"])
    # INF-1: by 4pm the working day after the announcement on Mon 6 Oct 2025: Tue 7 Oct 2025.
    assert "by 4pm on 7 October 2025 (INF-1)" in message.body
    assert message.subject == (
        "Thematic inspection of Coast and Vale Adoption: letter of notice to the RAA leader "
        f"({inspection.reference})"
    )
    assert mail.outbox[0].to == ["leader@raa.example"]


def test_ntc4_the_assurance_visits_arrangements_are_emailed(
    ifa: Provider, inspector: User, manager: User, roles: dict[str, object]
) -> None:
    _staff(ifa, "ifa-manager", "manager@ifa.example", roles)
    inspection = announce(
        ifa,
        kind="ifa-assurance",
        lead_inspector=inspector,
        start=date(2026, 3, 3),
        end=date(2026, 3, 4),
        by=manager,
        now=at("2026-03-03", 9),
    )
    message = Message.objects.get(inspection=inspection)
    assert (message.kind, message.rule, message.to) == ("arrangements", "NTC-4", ["manager@ifa.example"])
    assert (
        "This confirms the assurance visit to Hearth Fostering (SC800001), "
        "on site from 3 March 2026 to 4 March 2026." in message.body
    )
    assert "by midday on 3 March 2026 (INF-3)" in message.body
