"""The child-friendly summary's services (RPT-5): written by the visit's inspectors, checked by its manager,
adapted by the agency on request, published beside the report; every step audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from careinspect.assurance import summary_services as svc
from careinspect.assurance.summary_models import AdaptationRequest, ChildFriendlySummary
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection
from careinspect.messaging.models import Message
from careinspect.rules.errors import RuleViolation
from tests.assurance.summary_setup import DENSE, PLAIN, ifa_with_staff, visit_after_feedback
from tests.clock import at, tick


@pytest.fixture
def ifa_and_staff(db: None) -> tuple[Any, Any]:
    return ifa_with_staff()


@pytest.fixture
def visit(ifa_and_staff: tuple[Any, Any], people: dict[str, Any]) -> Inspection:
    return visit_after_feedback(ifa_and_staff[0], people)


def _events(inspection: Inspection, kind: EventType) -> int:
    return inspection.events.filter(type=kind.value).count()


@pytest.mark.django_db
def test_rpt5_the_inspector_writes_the_summary_and_its_readability_is_stored(
    visit: Inspection, people: dict[str, Any]
) -> None:
    summary = svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    summary.refresh_from_db()
    assert summary.blocks[0] == PLAIN[0]
    assert summary.readability_passes is True
    assert summary.readability["passes"] is True
    assert summary.readability["reading_age"] <= 9
    assert summary.history.count() == 1
    assert summary.history.first().history_user == people["inspector"]
    assert _events(visit, EventType.SUMMARY_WRITTEN) == 1


@pytest.mark.django_db
def test_rpt5_dense_prose_is_stored_as_failing_with_its_long_sentence_and_words(
    visit: Inspection, people: dict[str, Any]
) -> None:
    summary = svc.write_summary(visit, by=people["inspector"], blocks=DENSE, now=tick())
    assert summary.readability_passes is False
    assert summary.readability["long_sentences"][0]["words"] > 15
    assert "organisational" in summary.readability["long_words"]


@pytest.mark.django_db
def test_rpt5_empty_blocks_are_left_out_and_an_unknown_picture_is_refused(
    visit: Inspection, people: dict[str, Any]
) -> None:
    summary = svc.write_summary(
        visit, by=people["inspector"], blocks=[{"text": " ", "icon": ""}, PLAIN[1]], now=tick()
    )
    assert summary.blocks == [PLAIN[1]]
    with pytest.raises(RuleViolation) as refused:
        svc.write_summary(
            visit, by=people["inspector"], blocks=[{"text": "Hi.", "icon": "rocket"}], now=tick()
        )
    assert (refused.value.rule, refused.value.field) == ("RPT-5", "blocks")
    with pytest.raises(RuleViolation):
        svc.write_summary(visit, by=people["inspector"], blocks=[], now=tick())


@pytest.mark.django_db
def test_rpt5_only_the_visits_own_inspectors_write_it(visit: Inspection, people: dict[str, Any]) -> None:
    for someone in ("manager", "manager2", "qa", "provider_a"):
        with pytest.raises(PermissionDenied):
            svc.write_summary(visit, by=people[someone], blocks=PLAIN, now=tick())
    assert not ChildFriendlySummary.objects.exists()


@pytest.mark.django_db
def test_rpt5_the_summary_is_written_after_feedback(
    ifa_and_staff: tuple[Any, Any], people: dict[str, Any]
) -> None:
    from datetime import date

    from careinspect.inspections.services.announcements import announce

    on_site = announce(
        ifa_and_staff[0],
        kind="ifa-assurance",
        lead_inspector=people["inspector"],
        start=date(2026, 3, 3),
        end=date(2026, 3, 4),
        by=people["manager"],
        now=at("2026-03-03", 9),
    )
    with pytest.raises(RuleViolation) as refused:
        svc.write_summary(on_site, by=people["inspector"], blocks=PLAIN, now=tick())
    assert (refused.value.rule, refused.value.field) == ("RPT-5", "status")


@pytest.mark.django_db
def test_rpt5_the_visits_manager_checks_a_readable_summary(visit: Inspection, people: dict[str, Any]) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    with pytest.raises(PermissionDenied):
        svc.check_summary(visit, by=people["manager2"], now=tick())  # not this visit's manager
    with pytest.raises(PermissionDenied):
        svc.check_summary(visit, by=people["inspector"], now=tick())
    summary = svc.check_summary(visit, by=people["manager"], note="Clear and kind.", now=tick())
    assert summary.checked_since_written
    assert _events(visit, EventType.SUMMARY_CHECKED) == 1
    # A change after the check needs the check again.
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN[:2], now=tick())
    assert not ChildFriendlySummary.objects.get(inspection=visit).checked_since_written


@pytest.mark.django_db
def test_rpt5_a_summary_that_is_hard_to_read_is_not_checked(
    visit: Inspection, people: dict[str, Any]
) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=DENSE, now=tick())
    with pytest.raises(RuleViolation) as refused:
        svc.check_summary(visit, by=people["manager"], now=tick())
    assert (refused.value.rule, refused.value.field) == ("RPT-5", "blocks")
    assert "reading age" in refused.value.message
    assert ChildFriendlySummary.objects.get(inspection=visit).checked_at is None


@pytest.mark.django_db
def test_dpr2_a_summary_that_names_someone_is_not_checked(visit: Inspection, people: dict[str, Any]) -> None:
    blocks = [*PLAIN, {"text": "We met Zoe Smith at home.", "icon": ""}]
    svc.write_summary(visit, by=people["inspector"], blocks=blocks, now=tick())
    with pytest.raises(RuleViolation) as refused:
        svc.check_summary(visit, by=people["manager"], now=tick())
    assert refused.value.rule == "DPR-2"
    assert "Zoe Smith" in refused.value.message


@pytest.mark.django_db
def test_rpt5_asking_the_agency_to_adapt_the_summary_sends_an_email_and_records_it(
    visit: Inspection, people: dict[str, Any]
) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    with pytest.raises(RuleViolation) as refused:
        svc.request_adaptation(visit, by=people["inspector"], languages="Polish", now=tick())
    assert refused.value.field == "child_friendly_summary"  # not checked yet
    svc.check_summary(visit, by=people["manager"], now=tick())
    mail.outbox.clear()
    sent_at = tick()
    made = svc.request_adaptation(
        visit,
        by=people["inspector"],
        languages="Polish, Arabic",
        communication_systems=["makaton", "easy_read"],
        note="Two children use Makaton.",
        now=sent_at,
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["office@hearth.example"]
    assert "Polish, Arabic" in email.body and "Makaton" in email.body and "Easy read" in email.body
    assert PLAIN[1]["text"] in email.body
    stored = AdaptationRequest.objects.get(pk=made.pk)
    assert (stored.sent_by, stored.sent_at) == (people["inspector"], sent_at)
    assert stored.message == Message.objects.get(inspection=visit, kind=svc.MESSAGE_KIND)
    assert stored.message.rule == "RPT-5"
    assert _events(visit, EventType.ADAPTATION_REQUESTED) == 1


@pytest.mark.django_db
def test_rpt5_an_adaptation_request_names_what_is_needed(visit: Inspection, people: dict[str, Any]) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    svc.check_summary(visit, by=people["manager"], now=tick())
    with pytest.raises(RuleViolation) as refused:
        svc.request_adaptation(visit, by=people["inspector"], now=tick())
    assert refused.value.field == "languages"
    with pytest.raises(RuleViolation) as unknown:
        svc.request_adaptation(visit, by=people["inspector"], communication_systems=["semaphore"], now=tick())
    assert unknown.value.field == "communication_systems"
    assert not AdaptationRequest.objects.exists()


@pytest.mark.django_db
def test_rpt5_the_agency_records_its_answer_and_another_agency_cannot(
    visit: Inspection, people: dict[str, Any], ifa_and_staff: tuple[Any, Any]
) -> None:
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    svc.check_summary(visit, by=people["manager"], now=tick())
    made = svc.request_adaptation(
        visit, by=people["inspector"], communication_systems=["braille"], now=tick()
    )
    with pytest.raises(PermissionDenied):
        svc.answer_adaptation(made, by=people["provider_b"], reply="adapted", text="Done.", now=tick())
    with pytest.raises(RuleViolation) as refused:
        svc.answer_adaptation(made, by=ifa_and_staff[1], reply="adapted", text=" ", now=tick())
    assert refused.value.field == "text"
    answered = svc.answer_adaptation(
        made, by=ifa_and_staff[1], reply="adapted", text="Braille copies given to two children.", now=tick()
    )
    assert (answered.reply, answered.replied_by) == ("adapted", ifa_and_staff[1])
    assert _events(visit, EventType.ADAPTATION_ANSWERED) == 1


@pytest.mark.django_db
def test_rpt5_readability_marks_long_sentences_and_words_in_their_blocks() -> None:
    blocks = [
        {"text": "We came to see you. We talked and played."},
        {
            "text": "Unfortunately the supervisory arrangements were not good enough for everyone "
            "living there."
        },
    ]
    result = svc.readability_of(blocks)
    shown = svc.annotated(blocks, result)
    assert [len(b) for b in shown] == [2, 1]
    assert not any(s["long"] for s in shown[0])
    long_words = [text for s in shown[1] for text, long in s["pieces"] if long]
    assert "supervisory" in long_words and "Unfortunately" in long_words
    assert [text for s in shown[0] for text, long in s["pieces"] if long] == []


@pytest.mark.django_db
def test_rpt5_the_summary_is_owed_by_the_inspector_then_the_manager_before_publication(
    visit: Inspection, people: dict[str, Any]
) -> None:
    from datetime import date

    from careinspect.core import deadlines

    # The final report due on Wednesday 15 April 2026, publication 5 working days later: Wednesday 22 April.
    Inspection.objects.filter(pk=visit.pk).update(
        final_due=date(2026, 4, 15), publication_due=date(2026, 4, 22)
    )
    april = (date(2026, 4, 1), date(2026, 4, 30))

    def owed() -> list[tuple[date, str, tuple[int, ...]]]:
        found = deadlines.between(*april)
        return [(d.due, d.what, d.owners) for d in found if d.source == "assurance.child_friendly_summary"]

    assert owed() == [
        (
            date(2026, 4, 15),
            "Write the child-friendly summary of the visit to Hearth Fostering",
            (people["inspector"].pk,),
        )
    ]
    svc.write_summary(visit, by=people["inspector"], blocks=PLAIN, now=tick())
    assert owed() == [
        (
            date(2026, 4, 22),
            "Check the child-friendly summary of the visit to Hearth Fostering",
            (people["manager"].pk,),
        )
    ]
    svc.check_summary(visit, by=people["manager"], now=tick())
    assert owed() == []
