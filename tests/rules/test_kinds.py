"""Each kind of inspection as one declaration: its graph, steps, pages, letters and deadlines (no database).

RULES: KND-1 (SCCIF full inspection), KND-2 (thematic inspection of an RAA), KND-3 (assurance visit to an
IFA), KND-4 (monitoring visit); a step that is not in a kind's graph is refused naming the kind.
"""

from __future__ import annotations

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import FRAMEWORK_NAMES, load_framework
from careinspect.rules.kinds import (
    ACTIVITY_LABELS,
    DECLARATIONS,
    Kind,
    ReportShape,
    declaration,
    parse_kind,
    require_step,
    require_transition,
)
from careinspect.rules.lifecycle import FINISHED, HELD, Status

KNOWN_PAGES = {
    "detail",
    "notice",
    "information",
    "measures",
    "preparation",
    "cases",
    "evidence",
    "judgements",
    "requirements",
    "report",
    "fieldwork",
    "visit",  # the monitoring visit's own page (KND-4)
}
DEADLINE_FIELDS = {
    "notice_due",
    "information_due",
    "scans_due",
    "draft_due",
    "comments_due",
    "final_due",
    "publication_due",
}
# The assurance visit also chooses cases (it samples the foster carer register's children: CAS-3, INF-3),
# but it never receives the ASA's case list (INF-2).
SCCIF_ONLY = ["start_preparation", "case_list", "judgements", "management_facts", "plan"]


def walk(kind: Kind, steps: list[tuple[str, Status]]) -> None:
    status = Status.SCHEDULED
    for name, expected in steps:
        assert require_transition(kind, status, name).target is expected, name
        status = expected


def test_one_declaration_for_each_kind_and_one_spelling() -> None:
    assert set(DECLARATIONS) == set(Kind)
    assert [k.value for k in Kind] == ["sccif-full", "raa-thematic", "ifa-assurance", "monitoring"]
    assert {d.rule for d in DECLARATIONS.values()} == {"KND-1", "KND-2", "KND-3", "KND-4"}


@pytest.mark.parametrize("kind", list(Kind), ids=lambda k: k.value)
def test_every_declaration_names_known_pages_steps_frameworks_and_deadlines(kind: Kind) -> None:
    found = declaration(kind)
    assert found.pages[0] == "detail" and set(found.pages) <= KNOWN_PAGES
    assert found.activities <= set(ACTIVITY_LABELS)
    assert set(found.deadlines) <= DEADLINE_FIELDS
    for framework in found.frameworks.values():
        assert framework in FRAMEWORK_NAMES
        load_framework(framework)
    assert found.lifecycle.kind == kind.value


@pytest.mark.parametrize("kind", list(Kind), ids=lambda k: k.value)
def test_every_graph_reaches_an_end_and_every_state_leads_somewhere(kind: Kind) -> None:
    graph = declaration(kind).lifecycle
    assert graph.states & FINISHED, "a kind must be able to finish"
    for state in graph.states - FINISHED - {Status.DEFERRED, Status.INCOMPLETE}:
        assert graph.available(state), f"{state} is a dead end"
    for state in graph.states - FINISHED - HELD:
        assert "pause" in {t.name for t in graph.available(state)}


def test_jdg9_only_the_sccif_full_inspection_is_graded() -> None:
    assert [k for k, d in DECLARATIONS.items() if d.graded] == [Kind.SCCIF_FULL]
    assert declaration(Kind.RAA_THEMATIC).report is ReportShape.PROGRAMME
    assert declaration(Kind.IFA_ASSURANCE).report is ReportShape.NARRATIVE
    assert declaration(Kind.MONITORING).report is ReportShape.MONITORING


@pytest.mark.parametrize("kind", [Kind.RAA_THEMATIC, Kind.IFA_ASSURANCE], ids=lambda k: k.value)
@pytest.mark.parametrize("step", SCCIF_ONLY)
def test_knd2_knd3_sccif_steps_are_refused_naming_the_kind(kind: Kind, step: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        require_step(kind, step)
    assert raised.value.field == "kind"
    assert raised.value.rule == declaration(kind).rule
    assert f"({kind.value})" in raised.value.message


def test_knd2_a_thematic_inspection_chooses_no_cases_from_a_case_list() -> None:
    """CAS-2: the thematic sample is chosen from the A1 data in fieldwork, not from a case list."""
    with pytest.raises(RuleViolation) as raised:
        require_step(Kind.RAA_THEMATIC, "choose_cases")
    assert (raised.value.field, raised.value.rule) == ("kind", "KND-2")


def test_knd2_a_thematic_inspection_refuses_start_preparation_by_its_name() -> None:
    with pytest.raises(RuleViolation) as raised:
        require_transition(Kind.RAA_THEMATIC, Status.NOTIFIED, "start_preparation")
    assert raised.value.message == (
        "“Start preparing” is not a step of a thematic inspection of a regional adoption agency "
        "(raa-thematic)"
    )
    assert raised.value.rule == "KND-2"


def test_ntc2_thm6_thm7_dpr1_the_thematic_inspection_from_announcement_to_disposal() -> None:
    walk(
        Kind.RAA_THEMATIC,
        [
            ("announce", Status.NOTIFIED),
            ("confirm_sample", Status.PREPARING),
            ("start_on_site", Status.ON_SITE),
            ("give_summary", Status.SUMMARY_GIVEN),
            ("include_in_report", Status.REPORTED),
            ("dispose", Status.DISPOSED),
        ],
    )
    assert declaration(Kind.RAA_THEMATIC).notice_rule == "NTC-2"
    assert declaration(Kind.RAA_THEMATIC).information_rule == "INF-1"


def test_ntc4_the_assurance_visit_is_live_from_the_call_and_a_complaint_follows_the_final() -> None:
    walk(
        Kind.IFA_ASSURANCE,
        [
            ("announce", Status.ON_SITE),
            ("give_feedback", Status.FEEDBACK_GIVEN),
            ("send_draft", Status.DRAFT_SENT),
            ("receive_comments", Status.COMMENTS_RECEIVED),
            ("send_final", Status.FINAL_SENT),
            ("receive_complaint", Status.COMPLAINT),
            ("answer_complaint", Status.FINAL_SENT),
            ("publish", Status.PUBLISHED),
        ],
    )
    found = declaration(Kind.IFA_ASSURANCE)
    assert (found.notice_rule, found.information_rule) == ("NTC-4", "INF-3")
    assert found.deadlines["draft_due"].rule == "RPT-4"


def test_knd4_a_monitoring_visit_is_usually_unannounced_and_may_go_unpublished() -> None:
    walk(Kind.MONITORING, [("start_on_site", Status.ON_SITE), ("give_feedback", Status.FEEDBACK_GIVEN)])
    graph = declaration(Kind.MONITORING).lifecycle
    assert Status.SCHEDULED in graph.transitions["start_on_site"].sources
    assert graph.transitions["withhold"].target is Status.NOT_PUBLISHED
    assert graph.transitions["withhold"].rule == "RPT-6"


def test_knd2_the_thematic_letter_and_deadlines_are_its_own() -> None:
    found = declaration(Kind.RAA_THEMATIC)
    assert next(iter(found.letters)) == "notice"
    assert "RAA leader" in found.letters["notice"]
    # NTC-3: the six stakeholder letters given to the leader on the announcement day.
    assert len([k for k in found.letters if k.startswith("stakeholder-")]) == 6
    assert {d.rule for d in found.deadlines.values()} == {"NTC-2", "INF-1"}


def test_a_kind_must_be_one_of_the_four() -> None:
    with pytest.raises(RuleViolation, match="not a kind of inspection") as raised:
        parse_kind("asa-full")
    assert raised.value.field == "kind"


def test_knd1_a_provider_type_the_kind_is_not_for_is_refused() -> None:
    with pytest.raises(RuleViolation, match="is for RAA providers, not ASA") as raised:
        declaration(Kind.RAA_THEMATIC).framework_for("ASA")
    assert raised.value.rule == "KND-2"
