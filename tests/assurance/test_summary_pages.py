"""The child-friendly summary's pages and API (RPT-5): the readability check as the inspector writes, the
manager's check, the agency's answer in the portal, and who may see and do what (DPR-3)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from careinspect.assurance import summary_services as svc
from careinspect.assurance.summary_icons import FOLDER, ICONS
from careinspect.assurance.summary_models import AdaptationRequest, ChildFriendlySummary
from careinspect.inspections.models import Inspection
from tests.assurance.summary_setup import DENSE, PLAIN, ifa_with_staff, visit_after_feedback
from tests.clock import tick


@pytest.fixture
def staff_and_visit(db: None, people: dict[str, Any]) -> tuple[Any, Inspection]:
    ifa, staff = ifa_with_staff()
    return staff, visit_after_feedback(ifa, people)


@pytest.fixture
def visit(staff_and_visit: tuple[Any, Inspection]) -> Inspection:
    return staff_and_visit[1]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(visit: Inspection) -> str:
    return f"/assurance/inspections/{visit.pk}/child-friendly-summary/"


def _posted(blocks: list[dict[str, str]], form: str) -> dict[str, str]:
    data = {"form": form, "blocks": str(len(blocks))}
    for n, block in enumerate(blocks, 1):
        data[f"block-{n}-text"] = block["text"]
        data[f"block-{n}-icon"] = block.get("icon", "")
    return data


def _api(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, data=json.dumps(body), content_type="application/json")


# --- the readability check through the page -------------------------------------------------------------


@pytest.mark.django_db
def test_rpt5_check_readability_passes_plain_text_without_saving(
    visit: Inspection, people: dict[str, Any]
) -> None:
    answer = _client(people["inspector"]).post(_page(visit), _posted(PLAIN, "readability"))
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Easy to read" in text
    assert re.search(r'id="reading-age">\d+(\.\d)?<', text)
    assert "app-long-sentence" not in text.split("like this")[-1]  # no sentence marked in the preview
    assert PLAIN[0]["text"] in text  # the words stay in the form
    assert not ChildFriendlySummary.objects.exists()


@pytest.mark.django_db
def test_rpt5_check_readability_fails_dense_prose_and_marks_the_long_sentence_and_words(
    visit: Inspection, people: dict[str, Any]
) -> None:
    text = _client(people["inspector"]).post(_page(visit), _posted(DENSE, "readability")).content.decode()
    assert "Not easy enough yet" in text
    preview = text.split('class="app-summary-preview"')[1]
    assert "Long sentence (" in preview
    assert re.search(r'<mark class="app-long-word">.*?organisational</mark>', preview)
    assert "longer than 15 words" in text


@pytest.mark.django_db
def test_rpt5_the_inspector_saves_and_the_manager_checks_on_the_page(
    visit: Inspection, people: dict[str, Any]
) -> None:
    inspector = _client(people["inspector"])
    saved = inspector.post(_page(visit), _posted(PLAIN, "write"))
    assert saved.status_code == 302
    summary = ChildFriendlySummary.objects.get(inspection=visit)
    assert summary.blocks == PLAIN
    # The team's pages of an assurance visit link the summary.
    assert _page(visit) in inspector.get(f"/inspections/{visit.pk}/").content.decode()
    # The inspector is not offered the manager's check; the manager is.
    assert "Record the manager's check" not in inspector.get(_page(visit)).content.decode()
    manager = _client(people["manager"])
    assert "Record the manager's check" in manager.get(_page(visit)).content.decode()
    assert manager.post(_page(visit), {"form": "check", "note": "Good."}).status_code == 302
    assert ChildFriendlySummary.objects.get(inspection=visit).checked_since_written


@pytest.mark.django_db
def test_rpt5_a_refused_check_is_shown_in_the_error_summary(
    visit: Inspection, people: dict[str, Any]
) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=DENSE, now=tick())
    answer = _client(people["manager"]).post(_page(visit), {"form": "check"})
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "govuk-error-summary" in text and "(RPT-5)" in text
    assert ChildFriendlySummary.objects.get(inspection=visit).checked_at is None


@pytest.mark.django_db
def test_rpt5_the_adaptation_request_is_sent_from_the_page(visit: Inspection, people: dict[str, Any]) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    svc.check_summary(visit, by=people["manager"], now=tick())
    mail.outbox.clear()
    answer = _client(people["inspector"]).post(
        _page(visit), {"form": "adapt", "languages": "Urdu", "communication_systems": ["symbols"]}
    )
    assert answer.status_code == 302
    assert len(mail.outbox) == 1 and "Urdu" in mail.outbox[0].body
    assert AdaptationRequest.objects.get().communication_systems == ["symbols"]


# --- permissions --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dpr3_another_agencys_user_gets_nothing_and_changes_nothing(
    visit: Inspection, people: dict[str, Any]
) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    svc.check_summary(visit, by=people["manager"], now=tick())
    made = svc.request_adaptation(visit, by=people["inspector"], languages="Polish", now=tick())
    other = _client(people["provider_b"])
    assert other.get(_page(visit)).status_code == 403
    assert other.get(f"/assurance/portal/inspections/{visit.pk}/child-friendly-summary/").status_code == 404
    answer = other.post(
        f"/assurance/portal/inspections/{visit.pk}/child-friendly-summary/",
        {"request": made.pk, "reply": "adapted", "text": "Done"},
    )
    assert answer.status_code == 404
    api = f"/api/assurance/inspections/{visit.pk}/child-friendly-summary"
    assert _api(other, "get", api).status_code == 404
    assert _api(other, "put", api, {"blocks": [{"text": "Hello.", "icon": ""}]}).status_code == 404
    assert (
        _api(
            other, "post", f"{api}/adaptation-requests/{made.pk}/reply", {"reply": "adapted", "text": "x"}
        ).status_code
        == 404
    )
    assert _api(other, "post", "/api/assurance/readability", {"text": "Hi."}).status_code == 403
    made.refresh_from_db()
    assert made.reply == "" and ChildFriendlySummary.objects.get(inspection=visit).blocks == PLAIN


@pytest.mark.django_db
def test_dpr3_the_agency_sees_its_summary_once_checked_and_answers_in_the_portal(
    staff_and_visit: tuple[Any, Inspection], people: dict[str, Any]
) -> None:
    staff, visit = staff_and_visit
    portal = f"/assurance/portal/inspections/{visit.pk}/child-friendly-summary/"
    agency = _client(staff)
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    assert agency.get(portal).status_code == 404  # not checked yet
    assert (
        _api(agency, "get", f"/api/assurance/inspections/{visit.pk}/child-friendly-summary").status_code
        == 404
    )
    svc.check_summary(visit, by=people["manager"], now=tick())
    made = svc.request_adaptation(
        visit, by=people["inspector"], communication_systems=["makaton"], now=tick()
    )
    assert portal in agency.get(f"/portal/inspections/{visit.pk}/").content.decode()  # linked from the portal
    page = agency.get(portal)
    assert page.status_code == 200 and PLAIN[0]["text"] in page.content.decode()
    assert "Makaton" in page.content.decode()
    assert agency.get(_page(visit)).status_code == 403  # the team's page is not the portal
    refused = agency.post(portal, {"request": made.pk, "reply": "adapted", "text": ""})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    done = agency.post(portal, {"request": made.pk, "reply": "adapted", "text": "Makaton version shared."})
    assert done.status_code == 302
    made.refresh_from_db()
    assert (made.reply, made.replied_by) == ("adapted", staff)


@pytest.mark.django_db
def test_rpt5_qa_officers_read_the_page_and_are_offered_no_form(
    visit: Inspection, people: dict[str, Any]
) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    text = _client(people["qa"]).get(_page(visit)).content.decode()
    assert PLAIN[0]["text"] in text
    assert 'value="write"' not in text and 'value="check"' not in text
    assert _client(people["qa"]).post(_page(visit), _posted(PLAIN[:1], "write")).status_code == 403
    assert ChildFriendlySummary.objects.get(inspection=visit).blocks == PLAIN


# --- the API --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rpt5_the_readability_endpoint_answers_as_the_command_does(people: dict[str, Any]) -> None:
    client = _client(people["inspector"])
    plain = _api(client, "post", "/api/assurance/readability", {"text": "We came to see you. You are safe."})
    assert plain.status_code == 200
    assert plain.json()["passes"] is True
    assert set(plain.json()) >= {
        "passes",
        "reading_age",
        "reasons",
        "measures",
        "long_sentences",
        "long_words",
    }
    dense = _api(client, "post", "/api/assurance/readability", {"text": DENSE[0]["text"]})
    assert dense.json()["passes"] is False and dense.json()["long_sentences"]


@pytest.mark.django_db
def test_rpt5_the_api_puts_checks_and_reports_the_publication_state(
    visit: Inspection, people: dict[str, Any]
) -> None:
    url = f"/api/assurance/inspections/{visit.pk}/child-friendly-summary"
    inspector = _client(people["inspector"])
    put = _api(inspector, "put", url, {"blocks": PLAIN})
    assert put.status_code == 200, put.content
    assert put.json()["readability"]["passes"] is True and put.json()["checked"] is False
    bad = _api(inspector, "put", url, {"blocks": [{"text": "Hello.", "icon": "rocket"}]})
    assert bad.status_code == 422
    assert (bad.json()["rule"], bad.json()["field"]) == ("RPT-5", "blocks")
    assert _api(inspector, "post", f"{url}/check", {"note": ""}).status_code == 403
    checked = _api(_client(people["manager"]), "post", f"{url}/check", {"note": "Fine."})
    assert checked.status_code == 200 and checked.json()["checked"] is True
    state = _api(inspector, "get", f"{url}/publication").json()
    assert state == {
        "inspection_id": visit.pk,
        "written": True,
        "checked": True,
        "published": False,
        "published_on": None,
        "public_url": None,
    }


# --- the icons ------------------------------------------------------------------------------------------


def test_rpt5_every_icon_is_a_plain_svg_with_alt_text() -> None:
    assert 8 <= len(ICONS) <= 12
    for icon in ICONS:
        svg = (FOLDER / f"{icon.key}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "<title>" in svg
        assert "<script" not in svg and "href" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert icon.alt.strip()
    assert {p.stem for p in Path(FOLDER).glob("*.svg")} == {i.key for i in ICONS}
