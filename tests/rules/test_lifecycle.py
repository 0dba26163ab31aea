"""The SCCIF full inspection's lifecycle as a pure state machine (no database). The other kinds' graphs
are tested in test_kinds.py.

RULES: NTC-1, NTC-5 (notice, deferral), NOT-5 (preparation), RPT-7 (feedback), RPT-3 and CMP-1 (draft,
comments or complaint, final, publication).
"""

from __future__ import annotations

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds.sccif_full import LIFECYCLE
from careinspect.rules.lifecycle import DRAFT_VISIBLE_TO_PROVIDER, STATUS_LABELS, Status, Transition

TRANSITIONS = LIFECYCLE.transitions
# The states in which a SCCIF full inspection is still under way: it can be paused from these.
ACTIVE = frozenset(
    {
        Status.SCHEDULED,
        Status.NOTIFIED,
        Status.PREPARING,
        Status.ON_SITE,
        Status.FEEDBACK_GIVEN,
        Status.DRAFT_SENT,
        Status.COMMENTS_RECEIVED,
        Status.COMPLAINT,
        Status.FINAL_SENT,
    }
)


def require_transition(status: Status | str, name: str) -> Transition:
    return LIFECYCLE.require(status, name)


def available_transitions(status: Status | str) -> list[Transition]:
    return LIFECYCLE.available(status)


WRONG_STARTS = [
    pytest.param(t, s, id=f"{t.name}-from-{s.value}")
    for t in TRANSITIONS.values()
    for s in Status
    if s not in t.sources
]
RIGHT_STARTS = [
    pytest.param(t, s, id=f"{t.name}-from-{s.value}") for t in TRANSITIONS.values() for s in sorted(t.sources)
]


@pytest.mark.parametrize(("transition", "status"), WRONG_STARTS)
def test_every_transition_is_refused_from_a_wrong_state_naming_the_state(
    transition: Transition, status: Status
) -> None:
    with pytest.raises(RuleViolation) as raised:
        require_transition(status, transition.name)
    assert raised.value.field == "status"
    assert f"while the inspection is {status.label.lower()}" in raised.value.message
    assert raised.value.rule == (transition.rule or None)
    for allowed in transition.sources:
        assert allowed.label.lower() in raised.value.message


@pytest.mark.parametrize(("transition", "status"), RIGHT_STARTS)
def test_every_transition_is_allowed_from_each_of_its_sources(transition: Transition, status: Status) -> None:
    assert require_transition(status, transition.name) is transition
    assert require_transition(status.value, transition.name) is transition


def test_knd1_a_step_of_another_kind_is_refused_naming_the_kind() -> None:
    with pytest.raises(
        RuleViolation, match=r"not a step of a SCCIF full inspection \(sccif-full\)"
    ) as raised:
        require_transition(Status.ON_SITE, "give_summary")
    assert (raised.value.rule, raised.value.field) == ("KND-1", "kind")


def test_the_main_path_runs_from_scheduled_to_published() -> None:
    """NTC-1 → NOT-5 → KND-1 → RPT-7 → RPT-3 → CMP-1 → RPT-3: each step leads to the next one's source."""
    path = [
        ("notify", Status.NOTIFIED),
        ("start_preparation", Status.PREPARING),
        ("start_on_site", Status.ON_SITE),
        ("give_feedback", Status.FEEDBACK_GIVEN),
        ("send_draft", Status.DRAFT_SENT),
        ("receive_comments", Status.COMMENTS_RECEIVED),
        ("send_final", Status.FINAL_SENT),
        ("publish", Status.PUBLISHED),
    ]
    status = Status.SCHEDULED
    for name, expected in path:
        step = require_transition(status, name)
        assert step.target is expected
        status = expected


def test_cmp1_a_complaint_is_answered_before_the_final_report() -> None:
    assert require_transition(Status.DRAFT_SENT, "receive_complaint").target is Status.COMPLAINT
    with pytest.raises(RuleViolation, match="complaint open"):
        require_transition(Status.COMPLAINT, "send_final")
    assert require_transition(Status.COMPLAINT, "answer_complaint").target is Status.COMMENTS_RECEIVED


def test_rpt3_the_final_report_may_follow_the_draft_when_no_comments_came() -> None:
    assert Status.DRAFT_SENT in TRANSITIONS["send_final"].sources


def test_ntc5_a_deferral_is_granted_before_preparation_and_leads_to_new_dates() -> None:
    assert TRANSITIONS["defer"].sources == {Status.SCHEDULED, Status.NOTIFIED}
    assert TRANSITIONS["defer"].rule == "NTC-5"
    assert require_transition(Status.DEFERRED, "reschedule").target is Status.SCHEDULED


def test_published_is_the_end() -> None:
    assert available_transitions(Status.PUBLISHED) == []


def test_resume_leaves_its_target_to_the_service() -> None:
    """The state before the pause decides where it resumes; the machine cannot know it."""
    assert TRANSITIONS["resume"].target is None
    assert TRANSITIONS["resume"].sources == {Status.PAUSED}


def test_pause_is_possible_from_every_active_state_and_no_other() -> None:
    assert TRANSITIONS["pause"].sources == ACTIVE
    assert Status.PUBLISHED not in ACTIVE
    assert Status.PAUSED not in ACTIVE
    assert Status.DEFERRED not in ACTIVE


def test_an_inspection_is_marked_incomplete_only_once_work_has_started() -> None:
    assert TRANSITIONS["mark_incomplete"].sources == {Status.PREPARING, Status.ON_SITE, Status.PAUSED}
    assert require_transition(Status.INCOMPLETE, "reschedule").target is Status.SCHEDULED


def test_dpr3_the_provider_sees_the_draft_only_once_it_is_sent() -> None:
    assert Status.FEEDBACK_GIVEN not in DRAFT_VISIBLE_TO_PROVIDER
    assert {Status.DRAFT_SENT, Status.PUBLISHED} <= DRAFT_VISIBLE_TO_PROVIDER


def test_available_transitions_after_the_draft() -> None:
    names = {t.name for t in available_transitions("draft_sent")}
    assert names == {"receive_comments", "receive_complaint", "send_final", "pause"}


def test_every_state_has_a_label_and_every_transition_a_reachable_target() -> None:
    assert set(STATUS_LABELS) == set(Status)
    reachable = {Status.SCHEDULED} | {t.target for t in TRANSITIONS.values() if t.target is not None}
    assert reachable == LIFECYCLE.states
    assert reachable == ACTIVE | {Status.PUBLISHED, Status.DEFERRED, Status.PAUSED, Status.INCOMPLETE}
    assert all(t.label and t.sources for t in TRANSITIONS.values())
