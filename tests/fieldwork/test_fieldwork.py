"""The fieldwork of a thematic inspection: the sample (CAS-2), keep-in-touch meetings (THM-5), consent
(VEW-1), online feedback, the verbal summary (THM-6); deadlines; permissions (DPR-3)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied

from careinspect.core import deadlines
from careinspect.fieldwork import services
from careinspect.fieldwork.models import ThematicCase, ThemeEvidence, VerbalSummary
from careinspect.inspections.events import EventType
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.thematic_fieldwork import SUMMARY, FieldworkScenario, at, feedback_csv
from tests.fieldwork.conftest import ANNOUNCED_1, END_1, START_1, Programme2023

pytestmark = pytest.mark.django_db


def _prepared(autumn: Programme2023, people: dict[str, User]) -> FieldworkScenario:
    scenario = FieldworkScenario(autumn.first, inspector=people["inspector"], seed=5)
    scenario.file_a1(at(date(2023, 10, 24), 11))
    return scenario


def test_cas2_sample_from_the_a1_data_confirmed_before_fieldwork(
    autumn: Programme2023, people: dict[str, User]
) -> None:
    scenario = _prepared(autumn, people)
    inspection, inspector = autumn.first, people["inspector"]
    ids = services.a1_record_ids(inspection)
    with pytest.raises(RuleViolation) as unknown:
        services.add_case(
            inspection,
            by=inspector,
            now=at(date(2023, 10, 24), 14),
            record_type="child",
            record_id="NOT-IN-A1",
        )
    assert (unknown.value.rule, unknown.value.field) == ("CAS-2", "record_id")
    with pytest.raises(RuleViolation) as empty:
        services.confirm_sample(inspection, by=inspector, now=at(date(2023, 10, 24), 14))
    assert empty.value.rule == "CAS-2"
    cases = scenario.choose_sample(at(date(2023, 10, 24), 14))
    assert len(cases) == 4 and all(not c.confirmed and not c.added_on_site for c in cases)
    assert {c.record_id for c in cases} <= ids["child"] | ids["adopter"]
    # RULES: CAS-2 — confirmed before the fieldwork: on its first day (Monday 30 October) it is too late.
    with pytest.raises(RuleViolation) as late:
        services.confirm_sample(inspection, by=inspector, now=at(START_1, 8))
    assert late.value.rule == "CAS-2"
    inspection.refresh_from_db()
    assert inspection.status_enum is Status.NOTIFIED
    inspection = services.confirm_sample(inspection, by=inspector, now=at(date(2023, 10, 27), 12))
    assert inspection.status_enum is Status.PREPARING
    assert ThematicCase.objects.filter(inspection=inspection, confirmed=True).count() == 4
    assert inspection.events.filter(type=EventType.CONFIRM_SAMPLE).count() == 1
    # Between the confirmation and the fieldwork the sample does not change.
    extra = sorted(ids["child"])[-1]
    with pytest.raises(RuleViolation):
        services.add_case(
            inspection, by=inspector, now=at(date(2023, 10, 27), 13), record_type="child", record_id=extra
        )
    # On site, a case is added for an emerging theme, and only with the theme and why.
    with pytest.raises(RuleViolation) as early:
        services.start_fieldwork(inspection, by=inspector, now=at(date(2023, 10, 27), 14))
    assert early.value.field == "status"
    inspection = services.start_fieldwork(inspection, by=inspector, now=at(START_1, 9))
    with pytest.raises(RuleViolation) as no_theme:
        services.add_case(
            inspection,
            by=inspector,
            now=at(START_1, 11),
            record_type="child",
            record_id=extra,
            reason="Sibling group",
        )
    assert (no_theme.value.rule, no_theme.value.field) == ("CAS-2", "theme")
    added = services.add_case(
        inspection,
        by=inspector,
        now=at(START_1, 11),
        record_type="child",
        record_id=extra,
        reason="Sibling groups wait longer",
        theme="recruitment_assessment_matching",
    )
    assert added.added_on_site and added.confirmed


def _on_site(autumn: Programme2023, people: dict[str, User]) -> FieldworkScenario:
    scenario = _prepared(autumn, people)
    scenario.choose_sample(at(date(2023, 10, 24), 14))
    scenario.confirm(at(date(2023, 10, 27), 12))
    scenario.start()
    return scenario


@pytest.mark.parametrize("person_type", ["child", "adopter", "adopted_adult", "birth_relative"])
def test_vew1_consent_and_voluntariness_required(
    autumn: Programme2023, people: dict[str, User], person_type: str
) -> None:
    scenario = _on_site(autumn, people)
    base = {
        "theme": "lived_experience",
        "source": "interview",
        "text": "Felt listened to.",
        "person_type": person_type,
    }
    cases = [
        ({"consent_given": False, "voluntary": True, "consent_how": "verbally"}, "consent_given"),
        ({"consent_given": True, "voluntary": False, "consent_how": "verbally"}, "voluntary"),
        ({"consent_given": True, "voluntary": True, "consent_how": "  "}, "consent_how"),
    ]
    for extra, field in cases:
        with pytest.raises(RuleViolation) as refused:
            services.record_evidence(
                scenario.inspection, by=people["inspector"], now=at(START_1, 11), **base, **extra
            )
        assert (refused.value.rule, refused.value.field) == ("VEW-1", field)
    assert not ThemeEvidence.objects.exists()
    kept = services.record_evidence(
        scenario.inspection,
        by=people["inspector"],
        now=at(START_1, 11),
        **base,
        consent_given=True,
        voluntary=True,
        consent_how="Agreed verbally at the start; told they could leave at any time",
    )
    assert kept.consent_given and kept.voluntary


def test_vew1_staff_evidence_needs_no_consent_and_a_name_marks_it_for_disposal(
    autumn: Programme2023, people: dict[str, User]
) -> None:
    scenario = _on_site(autumn, people)
    staff = services.record_evidence(
        scenario.inspection,
        by=people["inspector"],
        now=at(START_1, 11),
        theme="leadership_improvement",
        source="interview",
        text="The leader described the plan.",
        person_type="staff",
    )
    assert not staff.names_service_users
    named = services.record_evidence(
        scenario.inspection,
        by=people["inspector"],
        now=at(START_1, 12),
        theme="adoption_support",
        source="written_record",
        text="Support plan for Jane Smith, aged 7, was late.",
        person_type="other",
    )
    assert named.names_service_users  # the one identifying check found the name (DPR-1 disposes of it)


def test_thm5_keep_in_touch_meetings_on_fieldwork_days_and_the_missing_ones_are_owned(
    autumn: Programme2023, people: dict[str, User]
) -> None:
    scenario = _on_site(autumn, people)
    with pytest.raises(RuleViolation) as outside:
        services.record_kit_meeting(
            scenario.inspection,
            by=people["inspector"],
            now=at(END_1, 17),
            held_on=date(2023, 11, 3),
            at=time(16),
            attendees="RAA leader",
            notes="x",
        )
    assert (outside.value.rule, outside.value.field) == ("THM-5", "held_on")
    scenario.keep_in_touch([START_1])
    owned = [d for d in deadlines.between(START_1, END_1) if d.source == "fieldwork.keep_in_touch"]
    # Tuesday 31 October to Thursday 2 November still want their meetings; Monday's is recorded.
    assert [d.due for d in owned] == [date(2023, 10, 31), date(2023, 11, 1), date(2023, 11, 2)]
    assert all(d.owners == (people["inspector"].pk,) for d in owned)


def test_cas2_confirmation_deadline_is_the_working_day_before_fieldwork(autumn: Programme2023) -> None:
    found = deadlines.between(date(2023, 10, 1), date(2023, 11, 30))
    owned = [d for d in found if d.source == "fieldwork.sample_confirmation"]
    # Fieldwork from Monday 30 October and Monday 6 November: confirm by the Fridays before.
    assert sorted(d.due for d in owned) == [date(2023, 10, 27), date(2023, 11, 3)]


def test_feedback_csv_errors_name_row_and_column_and_nothing_is_imported(
    autumn: Programme2023, people: dict[str, User]
) -> None:
    scenario = _on_site(autumn, people)
    bad = (
        b"stakeholder_group,theme,response\n"
        b"adopter,adoption_support,Good\nneighbour,adoption_support,Hm\nstaff,weather,\n"
    )
    with pytest.raises(RuleViolation) as refused:
        services.import_feedback(
            scenario.inspection,
            by=people["inspector"],
            now=at(START_1, 13),
            filename="feedback.csv",
            data=bad,
        )
    errors = refused.value.errors  # type: ignore[attr-defined]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "stakeholder_group"),
        (4, "theme"),
        (4, "response"),
    ]
    assert not scenario.inspection.feedback_imports.exists()
    imported = scenario.feedback(START_1, rows=12)
    assert (
        imported.rows == 12
        and sum(imported.by_group.values()) == 12
        and sum(imported.by_theme.values()) == 12
    )
    assert imported.by_group["adopter"] == 4 and imported.original.read() == feedback_csv(12, scenario.seed)


def test_thm6_verbal_only_to_the_leader_never_written_nor_to_a_local_authority(
    autumn: Programme2023, people: dict[str, User]
) -> None:
    scenario = _on_site(autumn, people)
    inspection, inspector = scenario.inspection, people["inspector"]
    attempts = [
        ({"recipients": ["raa_leader"], "written": True}, "written"),
        ({"recipients": ["raa_leader", "local_authority"]}, "recipients"),
        ({"recipients": ["board_chair"]}, "recipients"),
    ]
    for extra, field in attempts:
        with pytest.raises(RuleViolation) as refused:
            services.give_summary(inspection, by=inspector, now=at(END_1, 15), summaries=SUMMARY, **extra)  # type: ignore[arg-type]
        assert (refused.value.rule, refused.value.field) == ("THM-6", field)
    partial = {k: v for k, v in SUMMARY.items() if k != "governance_assurance"}
    with pytest.raises(RuleViolation) as missing:
        services.give_summary(
            inspection, by=inspector, now=at(END_1, 15), summaries=partial, recipients=["raa_leader"]
        )
    assert (missing.value.rule, missing.value.field) == ("THM-6", "governance_assurance_strengths")
    assert not VerbalSummary.objects.exists()
    inspection = services.give_summary(
        inspection,
        by=inspector,
        now=at(END_1, 15),
        summaries=SUMMARY,
        recipients=["raa_leader", "board_chair"],
    )
    assert inspection.status_enum is Status.SUMMARY_GIVEN
    assert VerbalSummary.objects.filter(inspection=inspection).count() == 5
    assert mail.outbox == []  # nothing written is sent to anyone


def test_dpr3_provider_and_qa_officer_cannot_record_fieldwork(
    autumn: Programme2023, people: dict[str, User]
) -> None:
    scenario = _on_site(autumn, people)
    for user in (autumn.raa_staff, people["qa"]):
        with pytest.raises(PermissionDenied):
            services.record_kit_meeting(
                scenario.inspection,
                by=user,
                now=at(START_1, 17),
                held_on=START_1,
                at=time(16),
                attendees="RAA leader",
                notes="x",
            )
    assert not scenario.inspection.kit_meetings.exists()


def test_a_step_the_kind_lacks_is_refused(
    autumn: Programme2023, people: dict[str, User], agency_a: object
) -> None:
    from careinspect.inspections.models import Inspection

    other = Inspection.objects.create(
        provider=agency_a,
        kind="sccif-full",
        status="notified",
        start_date=START_1,
        end_date=END_1,
        manager=people["manager"],
        lead_inspector=people["inspector"],
    )
    with pytest.raises(RuleViolation) as refused:
        services.confirm_sample(other, by=people["inspector"], now=at(ANNOUNCED_1))
    assert refused.value.field == "kind"
