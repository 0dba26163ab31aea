"""Nothing published identifies anyone: the manager's check and publication run the one identifying-text
check (`rules.identifying`) over every text of the report, and each finding must be changed or kept with
a recorded reason.

RULES: DPR-2 — nothing published identifies an individual.
"""

from __future__ import annotations

import pytest

from careinspect.inspections.models import PublishedReport
from careinspect.inspections.services import reporting as services
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from tests.clock import at, tick
from tests.inspections.conftest import Walk

pytestmark = pytest.mark.django_db

CHILD = "We met Jane Smith, aged 7, and her adoptive father Mark Jones at 14 Elm Road, Leeds."


def write(walk: Walk, text: str) -> None:
    services.edit_report(
        walk.current,
        by=walk.inspector,
        sections={"areas_for_improvement": "None.", "judgement:overall_experiences_progress": text},
        now=tick(),
    )


def test_dpr2_a_report_naming_a_child_is_not_checked(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    write(walk, CHILD)
    with pytest.raises(RuleViolation) as raised:
        services.check_report(walk.current, by=walk.manager, now=tick())
    assert (raised.value.rule, raised.value.field) == ("DPR-2", "sections")
    for passage in ("Jane Smith", "Mark Jones", "14 Elm Road"):
        assert passage in raised.value.message
    assert services.report_for(walk.current).checked_at is None


def test_dpr2_once_the_names_are_changed_the_report_is_checked(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    write(walk, CHILD)
    write(walk, "We met a child of primary school age and her adoptive father at home.")
    assert services.open_findings(walk.current) == []
    assert services.check_report(walk.current, by=walk.manager, now=tick()).checked_since_edit


def test_dpr2_the_case_record_ids_and_registered_people_are_held_names(walk: Walk) -> None:
    """Case record IDs belong in evidence, never in a report; the registered manager is named only in the
    service details, where the public register names her."""
    walk.to(Status.FEEDBACK_GIVEN)
    write(walk, "The plan for AS-001 was reviewed with Priya Patel.")
    found = {f.text: f.where for f in services.open_findings(walk.current)}
    assert set(found) == {"AS-001", "Priya Patel"}
    details = services.report_for(walk.current).sections["service_details"]
    assert "Priya Patel" in details
    assert found["Priya Patel"] != "Adoption support agency details"


def test_dpr2_a_passage_kept_with_a_recorded_reason_passes_and_is_audited(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    write(walk, "The agency's new base at 3 Church Street opened in May.")
    with pytest.raises(RuleViolation, match="3 Church Street"):
        services.check_report(walk.current, by=walk.manager, now=tick())
    report = services.keep_passage(
        walk.current,
        by=walk.inspector,
        passage="3 Church Street",
        reason="The agency's office address, published on its own website; no person lives there.",
        now=tick(),
    )
    assert report.naming_reasons == {
        "3 Church Street": "The agency's office address, published on its own website; no person lives there."
    }
    assert report.history.first().history_user == walk.inspector
    assert services.check_report(walk.current, by=walk.manager, now=tick()).checked_since_edit


def test_dpr2_only_a_flagged_passage_can_be_kept(walk: Walk) -> None:
    walk.to(Status.FEEDBACK_GIVEN)
    with pytest.raises(RuleViolation, match="not flagged") as raised:
        services.keep_passage(walk.current, by=walk.inspector, passage="Anything", reason="x", now=tick())
    assert raised.value.rule == "DPR-2"


def test_dpr2_publication_checks_again_what_was_added_after_the_check(walk: Walk) -> None:
    """A requirement made after the manager's check is published too: publication refuses its names."""
    walk.to(Status.FINAL_SENT)
    walk.current.requirements.create(
        regulation="Regulation 12",
        action="Obtain references for Tom Okonkwo-Adeyemi before he starts work.",
        impact="Staff suitability is not shown.",
        compliance_date=at("2026-03-02").date(),
    )
    with pytest.raises(RuleViolation) as raised:
        services.publish(walk.current, by=walk.manager, now=at("2026-01-28"))
    assert raised.value.rule == "DPR-2"
    assert "Tom Okonkwo-Adeyemi" in raised.value.message
    assert not PublishedReport.objects.exists()
    assert walk.current.status == Status.FINAL_SENT
