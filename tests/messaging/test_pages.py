"""The outbox page (the demo's mail, for the regulator's staff only) and each inspection's Messages page
(the team sees all; the agency what went to its own addresses). RULES: DPR-3 — one agency never reads
another's mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careinspect.inspections.models import Inspection
from careinspect.messaging.models import Message, OutboxEmail
from careinspect.messaging.services import send_message
from careinspect.registry.models import Provider
from tests.clock import at

pytestmark = pytest.mark.django_db
NOW = at("2026-04-02", 9)
OUTBOX = "careinspect.messaging.backends.OutboxBackend"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def outbox(settings: Any, people: dict[str, User]) -> list[OutboxEmail]:
    settings.EMAIL_BACKEND = OUTBOX
    for n in range(30):
        send_message(
            kind="notice",
            to=[f"agency{n}@example.org"],
            subject=f"Letter {n:02d}",
            body=f"Line one of {n}\nLine two",
            html='<p onclick="steal()">Letter</p><script>alert(1)</script>' if n == 29 else "",
            by=people["inspector"],
            now=NOW,
        )
    return list(OutboxEmail.objects.order_by("-pk"))


@pytest.mark.parametrize("who", ["inspector", "manager", "qa"])
def test_the_regulators_staff_read_the_outbox_newest_first_25_a_page(
    outbox: list[OutboxEmail], people: dict[str, User], who: str, django_assert_max_num_queries: Any
) -> None:
    client = client_for(people[who])
    with django_assert_max_num_queries(8):
        page = client.get("/outbox/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Letter 29") < text.index("Letter 28")
    assert "Letter 04" not in text and "30 emails" in text
    second = client.get("/outbox/?page=2").content.decode()
    assert "Letter 04" in second and "Letter 00" in second and "Letter 05" not in second
    assert 'href="/outbox/"' in text  # the nav item, while the outbox is the backend


def test_an_email_shows_its_html_as_text_never_as_markup(
    outbox: list[OutboxEmail], people: dict[str, User]
) -> None:
    newest = outbox[0]
    page = client_for(people["manager"]).get(f"/outbox/{newest.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "agency29@example.org" in text and "Line one of 29\nLine two" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text
    assert "<iframe" not in text
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]


def test_an_agencys_staff_may_not_read_the_outbox(outbox: list[OutboxEmail], people: dict[str, User]) -> None:
    client = client_for(people["provider_a"])
    assert client.get("/outbox/").status_code == 403
    assert client.get(f"/outbox/{outbox[0].pk}/").status_code == 403
    assert 'href="/outbox/"' not in client.get("/portal/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(outbox: list[OutboxEmail]) -> None:
    answer = Client().get("/outbox/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_no_outbox_in_the_menu_when_mail_leaves_the_service(settings: Any, people: dict[str, User]) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    client = client_for(people["manager"])
    assert 'href="/outbox/"' not in client.get("/dashboard/").content.decode()
    assert "nothing new arrives here" in client.get("/outbox/").content.decode()


@pytest.fixture
def inspection(people: dict[str, User], agency_a: Provider) -> Inspection:
    from datetime import date

    found = Inspection.objects.create(
        provider=agency_a,
        lead_inspector=people["inspector"],
        manager=people["manager"],
        start_date=date(2026, 4, 14),
        end_date=date(2026, 4, 16),
        notified_on=date(2026, 3, 31),
        status="notified",
    )
    people["provider_a"].email = "staff-a@agency-a.example"
    people["provider_a"].save()
    send_message(
        kind="notice",
        to=["staff-a@agency-a.example"],
        subject="Letter of notice",
        body="Notice body",
        by=people["inspector"],
        now=NOW,
        inspection=found,
    )
    send_message(
        kind="reminder",
        to=["insp@careinspect.example"],
        subject="Reminder for the inspector",
        body="Due",
        by=people["inspector"],
        now=NOW,
        inspection=found,
    )
    Message.objects.create(
        kind="report_sent",
        inspection=found,
        provider=agency_a,
        to=[],
        subject="Draft report",
        body="B",
        sent_by=people["inspector"],
        sent_at=NOW,
        not_sent_because="no address on file",
    )
    return found


def test_the_team_reads_every_message_of_the_inspection(
    inspection: Inspection, people: dict[str, User]
) -> None:
    for who in ("inspector", "manager", "qa"):
        page = client_for(people[who]).get(f"/outbox/inspections/{inspection.pk}/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "Letter of notice" in text and "Reminder for the inspector" in text
        assert "Not sent: no address on file" in text
    overview = client_for(people["inspector"]).get(f"/inspections/{inspection.pk}/").content.decode()
    assert f'href="/outbox/inspections/{inspection.pk}/"' in overview


def test_the_agency_reads_only_what_was_sent_to_it(inspection: Inspection, people: dict[str, User]) -> None:
    text = client_for(people["provider_a"]).get(f"/outbox/inspections/{inspection.pk}/").content.decode()
    assert "Letter of notice" in text
    assert "Reminder for the inspector" not in text and "Not sent" not in text


def test_another_agency_finds_nothing(inspection: Inspection, people: dict[str, User]) -> None:
    client = client_for(people["provider_b"])
    assert client.get(f"/outbox/inspections/{inspection.pk}/").status_code == 404
    assert client.get(f"/api/messages/inspections/{inspection.pk}").status_code == 404


def test_the_agencys_inspection_page_links_its_emails(
    inspection: Inspection, people: dict[str, User]
) -> None:
    page = client_for(people["provider_a"]).get(f"/portal/inspections/{inspection.pk}/").content.decode()
    assert f'href="/outbox/inspections/{inspection.pk}/"' in page


def test_the_api_gives_the_same_messages_to_the_same_people(
    inspection: Inspection, people: dict[str, User]
) -> None:
    team = client_for(people["qa"]).get(f"/api/messages/inspections/{inspection.pk}?limit=2")
    assert team.status_code == 200 and team["X-Total-Count"] == "3"
    assert [m["subject"] for m in team.json()] == ["Draft report", "Reminder for the inspector"]
    assert team.json()[0]["not_sent_because"] == "no address on file"
    agency = client_for(people["provider_a"]).get(f"/api/messages/inspections/{inspection.pk}")
    assert [m["subject"] for m in agency.json()] == ["Letter of notice"]
    assert agency.json()[0]["to"] == ["staff-a@agency-a.example"]
