"""A compliance notice is emailed to the agency when issued, and the visit's finding when recorded (ENF-1):
each email goes through the messaging services (Django's in-memory backend here, `mail.outbox`) and is
kept as a `Message` with the agency and the inspection it follows. What the email carries passes the one
identifying-text check (DPR-2) first. Dates: see conftest."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from careinspect.compliance import notice_mail, services
from careinspect.compliance.models import ComplianceNotice
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import Message
from careinspect.registry.models import LocalAuthority, Provider
from careinspect.rules.errors import RuleViolation
from tests.clock import LONDON, at
from tests.compliance.conftest import BOTH_NOTICES, monitoring, notice

pytestmark = pytest.mark.django_db

ACTION = "Make every recruitment check before anyone starts work."


@pytest.fixture
def addressed(people: dict[str, User]) -> User:
    """Agency A's member of staff, with an address on file."""
    staff = people["provider_a"]
    staff.email = "manager@harbour.example"
    staff.save()
    return staff


def on(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON), tick=False
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- ENF-1: the notice --------------------------------------------------------------------------------


def test_enf1_an_issued_notice_is_emailed_to_the_agency_and_kept(
    people: dict[str, User], agency_a: Provider, addressed: User
) -> None:
    issued = notice(agency_a, people["manager"], "2023-12-20", regulation="Regulation 12", action=ACTION)
    [email] = mail.outbox
    assert email.to == ["manager@harbour.example"]
    assert issued.reference in email.subject and agency_a.name in email.subject
    assert "Regulation: Regulation 12" in email.body and ACTION in email.body
    assert "By: 20 December 2023" in email.body
    assert "partial action is not enough" in email.body
    # The concern is the regulator's own record: it may tell of a source (DPR-2).
    assert "Recruitment checks missing" not in email.body
    kept = Message.objects.get(kind=notice_mail.NOTICE_KIND)
    assert (kept.rule, kept.provider_id, kept.inspection_id) == ("ENF-1", agency_a.pk, None)
    assert kept.sent_by == people["manager"] and kept.body == email.body and not kept.not_sent_because
    assert ComplianceNotice.objects.get(pk=issued.pk).message == kept


def test_enf1_a_notice_after_an_unmet_requirement_goes_with_its_inspection(
    people: dict[str, User], sccif: Inspection, agency_a: Provider, addressed: User
) -> None:
    requirement = sccif.requirements.get(regulation="Regulation 12")
    services.record_requirement_outcome(
        requirement, met=False, note="No references", by=people["inspector"], now=at("2023-12-21")
    )
    issued = notice(
        agency_a, people["manager"], "2024-01-10", requirement=requirement, issued_on="2023-12-22"
    )
    kept = Message.objects.get(kind=notice_mail.NOTICE_KIND)
    assert kept.inspection_id == sccif.pk and issued.message_id == kept.pk
    assert f"our inspection {sccif.reference}, which was not met by 20 December 2023" in kept.body


def test_enf1_an_agency_with_no_address_keeps_the_notice_unsent_and_it_is_issued(
    people: dict[str, User], agency_a: Provider
) -> None:
    issued = notice(agency_a, people["manager"], "2023-12-20")
    assert mail.outbox == []
    kept = Message.objects.get(kind=notice_mail.NOTICE_KIND)
    assert issued.message == kept and "no staff sign-in with an email address" in kept.not_sent_because


@pytest.mark.parametrize("who", ["inspector", "qa", "provider_a", "provider_b"])
def test_enf1_only_a_manager_issues_and_so_emails_a_notice(
    people: dict[str, User], agency_a: Provider, addressed: User, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        notice(agency_a, people[who], "2023-12-20")
    assert mail.outbox == [] and not Message.objects.exists() and not ComplianceNotice.objects.exists()


# --- DPR-2: what the email carries identifies nobody ---------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        ("action", "Make sure Alex Morgan checks every reference.", "Alex Morgan"),  # the registered manager
        ("action", "Supervise Jane Smith's work with adopters.", "Jane Smith"),  # shaped like a full name
        ("regulation", "Regulation 12, as Mrs Okafor was told", "Mrs Okafor"),
    ],
)
def test_dpr2_a_notice_whose_email_names_someone_is_refused_naming_the_field(
    people: dict[str, User], agency_a: Provider, addressed: User, field: str, text: str, found: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        notice(agency_a, people["manager"], "2023-12-20", **{field: text})
    assert (refused.value.rule, refused.value.field) == ("DPR-2", field)
    assert found in refused.value.message
    assert not ComplianceNotice.objects.exists() and mail.outbox == [] and not Message.objects.exists()


def test_dpr2_a_passage_confirmed_not_a_name_is_sent_and_kept_with_the_notice(
    people: dict[str, User], agency_a: Provider, addressed: User
) -> None:
    regulation = "Voluntary Adoption Agencies (Miscellaneous Amendments) Regulations 2003"
    with pytest.raises(RuleViolation) as refused:
        notice(agency_a, people["manager"], "2023-12-20", regulation=regulation)
    assert refused.value.field == "regulation"
    issued = notice(agency_a, people["manager"], "2023-12-20", regulation=regulation, names_checked=True)
    assert issued.identifying == ["Miscellaneous Amendments"]
    assert regulation in mail.outbox[0].body


def test_dpr2_the_agencys_own_name_and_its_local_authoritys_are_not_people(
    people: dict[str, User], agency_a: Provider, addressed: User
) -> None:
    agency_a.local_authority = LocalAuthority.objects.create(
        code="211", name="Tower Hamlets", region="London"
    )
    agency_a.name = "Harbour Lane Adoption Support"
    agency_a.save()
    issued = notice(
        agency_a,
        people["manager"],
        "2023-12-20",
        action="Tell Tower Hamlets of every referral Harbour Lane Adoption Support receives.",
    )
    assert issued.identifying == [] and len(mail.outbox) == 1


# --- ENF-1: the visit's finding -------------------------------------------------------------------------


@pytest.fixture
def on_site(people: dict[str, User], agency_a: Provider, addressed: User) -> Inspection:
    scenario = monitoring(agency_a, people, *BOTH_NOTICES).schedule()
    mail.outbox.clear()
    return scenario.start().visit


def test_enf1_the_agency_is_told_each_notices_finding_with_the_visit(
    people: dict[str, User], on_site: Inspection
) -> None:
    first, second = (link.notice for link in on_site.monitoring_notices.all())
    met = services.record_notice_outcome(
        on_site, first, action="full", evidence_note="Files of JS and AB complete", by=people["inspector"],
        now=at("2023-12-28", 11),
    )  # fmt: skip
    partly = services.record_notice_outcome(
        on_site, second, action="partial", evidence_note="One of two references", by=people["inspector"],
        now=at("2023-12-28", 12),
    )  # fmt: skip
    told_met, told_partly = mail.outbox
    assert told_met.subject == f"Compliance notice {first.reference}: met"
    assert "What we found: Fully met." in told_met.body and "nothing more is needed" in told_met.body
    assert told_partly.subject == f"Compliance notice {second.reference}: not met"
    assert "Partly met" in told_partly.body and "Partial action is not enough" in told_partly.body
    assert "further action" in told_partly.body
    # The inspector's evidence is working evidence: it stays with the regulator.
    assert "JS and AB" not in told_met.body and "One of two references" not in told_partly.body
    kept = Message.objects.filter(kind=notice_mail.OUTCOME_KIND, inspection=on_site).order_by("pk")
    assert [m.pk for m in kept] == [met.message_id, partly.message_id]
    assert {m.rule for m in kept} == {"ENF-1"}


# --- The pages and the API --------------------------------------------------------------------------------


def test_enf1_the_page_issues_and_emails_the_notice_and_shows_it_was_sent(
    people: dict[str, User], agency_a: Provider, addressed: User
) -> None:
    url = reverse("compliance:provider", args=[agency_a.pk])
    form = {
        "form": "notice",
        "notice-concern": "Recruitment checks missing",
        "notice-regulation": "Regulation 12",
        "notice-action": "Get Jane Smith's references.",
        "notice-compliance_date-day": "20",
        "notice-compliance_date-month": "12",
        "notice-compliance_date-year": "2023",
    }
    with on("2023-12-01"):
        # Signed out, another agency's staff and the QA officer issue nothing.
        assert client_for(None).post(url, form).status_code == 302
        assert client_for(people["provider_b"]).post(url, form).status_code == 403
        assert client_for(people["qa"]).post(url, form).status_code == 403
        manager = client_for(people["manager"])
        refused = manager.post(url, form)
        body = refused.content.decode()
        assert refused.status_code == 200 and "govuk-error-summary" in body
        assert "Jane Smith" in body and "(DPR-2)" in body and 'href="#id_notice-action"' in body
        assert "I have checked: the passages flagged are not people&#x27;s names" in body
        assert not ComplianceNotice.objects.exists() and mail.outbox == []
        done = manager.post(url, {**form, "notice-action": "Get two references for every worker."})
        assert done.status_code == 302
        page = manager.get(url).content.decode()
    issued = ComplianceNotice.objects.get()
    assert len(mail.outbox) == 1 and issued.message is not None
    assert "Emailed to the agency" in page and "manager@harbour.example" in page


def test_enf1_the_api_issues_the_notice_with_its_email_and_refuses_a_name(
    people: dict[str, User], agency_a: Provider, addressed: User
) -> None:
    manager = client_for(people["manager"])
    body = {
        "regulation": "Regulation 12",
        "action": "Get Jane Smith's references.",
        "compliance_date": "2023-12-20",
        "concern": "Recruitment checks missing",
    }
    url = f"/api/compliance/providers/{agency_a.pk}/notices"
    with on("2023-12-01"):
        refused = manager.post(url, body, content_type="application/json")
        assert refused.status_code == 422
        assert (refused.json()["rule"], refused.json()["field"]) == ("DPR-2", "action")
        qa = client_for(people["qa"]).post(
            url, {**body, "names_checked": True}, content_type="application/json"
        )
        assert qa.status_code == 403 and mail.outbox == []
        issued = manager.post(url, {**body, "names_checked": True}, content_type="application/json")
    assert issued.status_code == 201
    assert issued.json()["message_id"] == Message.objects.get(kind=notice_mail.NOTICE_KIND).pk
    assert len(mail.outbox) == 1
