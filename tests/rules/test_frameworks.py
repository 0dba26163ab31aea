"""The framework data files and their loader (careinspect.rules.frameworks).

Each test names the RULES.md ID it checks. The numbers asserted here are the guidance's numbers (seeds 000,
001, 002, 004), so a data file that drifts from the guidance fails here. The validation tests write broken
copies of the shipped files to tmp_path and check that the error names the file and the field.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from careinspect.rules.frameworks import (
    FRAMEWORK_NAMES,
    GRADES,
    Framework,
    FrameworkError,
    framework_path,
    load_framework,
    load_framework_from_path,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _seed(prefix: str) -> str:
    """A seed's text with whitespace runs collapsed, so page breaks do not hide a quotation."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is not available at {SEEDS}")
    return re.sub(r"\s+", " ", matches[0].read_text(encoding="utf-8"))


def _shipped_text(kind: str) -> str:
    return framework_path(kind).read_text(encoding="utf-8")


def _write_variant(tmp_path: Path, kind: str, *edits: tuple[str, str]) -> Path:
    """A copy of the shipped file for ``kind`` with each (old, new) edit applied once, under the same name."""
    text = _shipped_text(kind)
    for old, new in edits:
        assert text.count(old) >= 1, f"the edit target {old!r} is not in the shipped file"
        text = text.replace(old, new, 1)
    path = tmp_path / framework_path(kind).name
    path.write_text(text, encoding="utf-8")
    return path


def _error_for(path: Path, kind: str | None = None) -> str:
    with pytest.raises(FrameworkError) as caught:
        load_framework_from_path(path, kind=kind)
    return str(caught.value)


# --- loading -------------------------------------------------------------------------------------------


def test_framework_kinds_are_the_three_kinds_of_inspection() -> None:
    assert FRAMEWORK_NAMES == ("asa-full", "raa-thematic", "ifa-assurance")


@pytest.mark.parametrize("kind", FRAMEWORK_NAMES)
def test_every_kind_loads_from_its_packaged_file_and_declares_its_kind(kind: str) -> None:
    framework = load_framework(kind)
    assert isinstance(framework, Framework)
    assert framework.kind == kind
    assert framework_path(kind).name == kind.replace("-", "_") + ".toml"
    assert load_framework_from_path(framework_path(kind), kind=kind) == framework


def test_load_framework_is_cached() -> None:
    assert load_framework("asa-full") is load_framework("asa-full")


def test_unknown_kind_raises_framework_error_naming_it_and_the_valid_kinds() -> None:
    with pytest.raises(FrameworkError) as caught:
        load_framework("vaa-full")
    message = str(caught.value)
    assert "'vaa-full'" in message
    for kind in FRAMEWORK_NAMES:
        assert kind in message


def test_frameworks_are_frozen_and_use_tuples() -> None:
    framework = load_framework("raa-thematic")
    with pytest.raises(ValidationError):
        framework.kind = "asa-full"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        framework.notice.working_days_before = 1  # type: ignore[misc]
    assert isinstance(framework.themes, tuple)
    assert isinstance(framework.themes[0].prompts, tuple)
    assert isinstance(framework.information.items, tuple)
    area = load_framework("asa-full").judgement_areas[0]
    assert all(isinstance(descriptors, tuple) for descriptors in area.criteria.values())


@pytest.mark.parametrize(
    ("kind", "source"), [("asa-full", "002"), ("raa-thematic", "000, 001"), ("ifa-assurance", "004")]
)
def test_each_framework_cites_its_seed(kind: str, source: str) -> None:
    assert load_framework(kind).source == source


@pytest.mark.parametrize("kind", FRAMEWORK_NAMES)
def test_data_files_cite_rule_ids_and_seeds_in_comments(kind: str) -> None:
    comments = [line for line in _shipped_text(kind).splitlines() if line.lstrip().startswith("#")]
    cited = {rule for line in comments for rule in re.findall(r"\b[A-Z]{3}-\d+\b", line)}
    expected = {
        "asa-full": {"NTC-1", "INF-2", "KND-1", "RPT-3", "JDG-1", "JDG-2"},
        "raa-thematic": {"NTC-2", "NTC-3", "INF-1", "KND-2", "THM-1", "THM-7"},
        "ifa-assurance": {"NTC-4", "INF-3", "KND-3", "RPT-4", "JDG-9"},
    }[kind]
    assert expected <= cited
    assert any("seed" in line for line in comments)


# --- notice and information (NTC, INF) ----------------------------------------------------------------


def test_ntc1_asa_notice_is_10_working_days_or_20_for_a_single_individual() -> None:
    notice = load_framework("asa-full").notice
    assert notice.working_days_before == 10
    assert notice.single_individual_working_days_before == 20
    assert notice.time is None
    assert "email" in notice.method.lower()
    assert "phone call" in notice.method.lower()


def test_ntc2_raa_notice_is_5_working_days_before_usually_before_10am() -> None:
    notice = load_framework("raa-thematic").notice
    assert notice.working_days_before == 5
    assert notice.single_individual_working_days_before is None
    assert notice.time == time(10, 0)
    assert "RAA leader" in notice.method


def test_ntc3_raa_leader_gets_the_six_stakeholder_letters() -> None:
    letters = load_framework("raa-thematic").stakeholder_letters
    assert len(letters) == 6
    joined = " | ".join(letters)
    for audience in (
        "staff",
        "adopters and prospective adopters",
        "birth relatives",
        "panel members",
        "local authorities linked",
        "children",
    ):
        assert audience in joined
    for kind in ("asa-full", "ifa-assurance"):
        assert load_framework(kind).stakeholder_letters == ()


def test_ntc4_ifa_is_announced_on_day_1_at_about_9am() -> None:
    notice = load_framework("ifa-assurance").notice
    assert notice.working_days_before == 0
    assert notice.single_individual_working_days_before is None
    assert notice.time == time(9, 0)
    assert "live" in notice.method


def test_inf1_raa_information_due_by_4pm_on_the_working_day_after_the_announcement() -> None:
    information = load_framework("raa-thematic").information
    assert information.rule == "INF-1"
    assert information.working_days_after_notice == 1
    assert information.due_time == time(16, 0)
    assert len(information.items) == 11
    assert information.items[0].startswith("completed RAA A1 form")
    for needle in (
        "statement of purpose",
        "recruitment strategy",
        "children's guide",
        "last 3 sets of adoption panel",
        "last 3 board meeting minutes",
        "local authority link staff",
        "commissioned services",
        "prearranged meetings",
    ):
        assert any(needle in item for item in information.items), needle
    assert any("portal" in note for note in information.notes)


def test_inf2_asa_forms_sent_with_notice_and_completion_date_agreed_with_the_agency() -> None:
    information = load_framework("asa-full").information
    assert information.rule == "INF-2"
    assert information.working_days_after_notice is None
    assert information.due_time is None
    assert len(information.items) == 2
    assert "pre-inspection information form" in information.items[0]
    assert "case list form" in information.items[1]


def test_inf3_ifa_information_by_12pm_on_the_announcement_day() -> None:
    information = load_framework("ifa-assurance").information
    assert information.rule == "INF-3"
    assert information.working_days_after_notice == 0
    assert information.due_time == time(12, 0)
    assert len(information.items) == 3
    assert "foster carers' register" in information.items[0]
    assert "panel" in information.items[1]
    assert "responsible individual, directors or trustees" in information.items[2]


# --- length and team (KND) ----------------------------------------------------------------------------


def test_knd1_asa_one_inspector_two_days_spread_over_three_after_a_day_of_preparation() -> None:
    on_site = load_framework("asa-full").on_site
    assert (on_site.usual_days, on_site.max_span_days, on_site.max_inspectors) == (2, 3, 1)
    assert on_site.preparation_days == 1


def test_knd2_raa_team_of_up_to_three_for_up_to_four_days() -> None:
    on_site = load_framework("raa-thematic").on_site
    assert (on_site.usual_days, on_site.max_span_days, on_site.max_inspectors) == (4, 4, 3)
    assert (on_site.preparation_days, on_site.report_drafting_days) == (0, 0)


def test_knd3_ifa_two_days_for_one_inspector_and_a_further_day_to_draft() -> None:
    framework = load_framework("ifa-assurance")
    on_site = framework.on_site
    assert (on_site.usual_days, on_site.max_inspectors, on_site.preparation_days) == (2, 1, 0)
    assert on_site.report_drafting_days == 1
    # Seed 004 Timeframe: day 1 announced, day 2 visit completed and feedback, day 3 draft report completed.
    last_day = 1 + on_site.max_span_days - 1
    assert last_day == 2
    assert last_day + on_site.report_drafting_days == 3


# --- report timelines (RPT, THM-7) --------------------------------------------------------------------


def test_rpt3_asa_timeline_offsets_match_worked_example() -> None:
    framework = load_framework("asa-full")
    timeline = framework.timeline
    assert timeline is not None
    assert timeline.rule == "RPT-3"
    # Seed 002 Timeframe: day 1 preparation, days 2 to 4 on site (half, full, half): the end is day 4.
    end = framework.on_site.preparation_days + framework.on_site.max_span_days
    assert end == 4
    assert end + framework.on_site.report_drafting_days == 8  # "5 to 8 Report writing ..."
    assert timeline.publication_after_final is not None
    assert timeline.publication_after_end is None
    draft = end + timeline.draft_report
    comments = draft + timeline.provider_comments_after_draft
    final = end + timeline.final_report
    published = final + timeline.publication_after_final
    assert (draft, comments, final, published) == (22, 27, 34, 39)
    assert timeline.complaint_after_final is None


def test_rpt4_ifa_timeline() -> None:
    timeline = load_framework("ifa-assurance").timeline
    assert timeline is not None
    assert timeline.rule == "RPT-4"
    assert timeline.draft_report == 18
    assert timeline.provider_comments_after_draft == 5
    assert timeline.final_report == 30
    assert timeline.publication_after_end == 38
    assert timeline.publication_after_final is None
    assert timeline.complaint_after_final == 5


def test_thm7_raa_has_no_per_inspection_report_timeline() -> None:
    assert load_framework("raa-thematic").timeline is None


# --- judgements (JDG) ---------------------------------------------------------------------------------


def test_jdg1_four_grades() -> None:
    framework = load_framework("asa-full")
    assert framework.graded is True
    assert framework.grades == ("outstanding", "good", "requires_improvement", "inadequate")
    assert framework.grades == GRADES


def test_jdg2_three_judgement_areas_with_roles() -> None:
    areas = load_framework("asa-full").judgement_areas
    assert [(a.key, a.role) for a in areas] == [
        ("overall_experiences_progress", "overall"),
        ("helped_protected", "limiting"),
        ("leaders_managers", "graded"),
    ]
    assert [a.name for a in areas] == [
        "The overall experiences and progress of children and adults",
        "How well children and adults are helped and protected",
        "The effectiveness of leaders and managers",
    ]
    assert {a.rule for a in areas} == {"JDG-2"}


def test_jdg2_areas_of_required_evidence_are_the_guidance_bullets() -> None:
    framework = load_framework("asa-full")
    counts = {a.key: len(a.required_evidence) for a in framework.judgement_areas}
    assert counts == {"overall_experiences_progress": 3, "helped_protected": 4, "leaders_managers": 7}
    helped = framework.judgement_area("helped_protected")
    assert helped.required_evidence[1].startswith(
        "how well carers are prepared and supported to respond to children"
    )
    leaders = framework.judgement_area("leaders_managers")
    assert leaders.required_evidence[-1] == (
        "the extent to which leaders and managers actively promote tolerance, equality and diversity"
    )
    assert "individual" in leaders.notes[0]


def test_jdg7_every_area_has_the_guidance_descriptors_for_every_grade() -> None:
    framework = load_framework("asa-full")
    counts = {a.key: tuple(len(a.criteria[grade]) for grade in GRADES) for a in framework.judgement_areas}
    # (outstanding, good, requires improvement, inadequate) paragraphs in seed 002's evaluation criteria.
    assert counts == {
        "overall_experiences_progress": (2, 9, 1, 1),
        "helped_protected": (3, 8, 1, 1),
        "leaders_managers": (5, 17, 1, 4),
    }
    for area in framework.judgement_areas:
        assert tuple(area.criteria) == GRADES
        assert tuple(area.criteria_lead_in) == GRADES
        assert "in addition to" in area.criteria_lead_in["outstanding"]
        for descriptors in area.criteria.values():
            for descriptor in descriptors:
                assert descriptor[0].isupper() and descriptor.endswith("."), descriptor


def test_jdg5_jdg6_leaders_inadequate_descriptors_include_the_manager_rules() -> None:
    inadequate = load_framework("asa-full").judgement_area("leaders_managers").criteria["inadequate"]
    assert any(
        d.startswith("The failure to appoint a manager after 26 weeks")
        and "never more than requires improvement" in d
        for d in inadequate
    )
    assert any("once appointed for more than 12 weeks" in d for d in inadequate)


def test_jdg7_asa_texts_are_verbatim_from_seed_002() -> None:
    seed = _seed("002")
    for area in load_framework("asa-full").judgement_areas:
        texts = [area.name, *area.required_evidence, *area.notes, *area.criteria_lead_in.values()]
        texts += [d for descriptors in area.criteria.values() for d in descriptors]
        for text in texts:
            assert text in seed, text


@pytest.mark.parametrize("kind", ["raa-thematic", "ifa-assurance"])
def test_jdg9_thematic_and_assurance_make_no_graded_judgement(kind: str) -> None:
    framework = load_framework(kind)
    assert framework.graded is False
    assert framework.grades == ()
    assert framework.judgement_areas == ()
    with pytest.raises(KeyError):
        framework.judgement_area("helped_protected")


def test_jdg9_ifa_serious_or_widespread_concerns_definition() -> None:
    definition = load_framework("ifa-assurance").serious_concerns_definition
    assert definition is not None
    assert "inadequate protection or significant harm" in definition
    assert "welfare not being safeguarded and promoted" in definition
    assert load_framework("asa-full").serious_concerns_definition is None
    assert load_framework("raa-thematic").serious_concerns_definition is None


def test_ifa_three_evaluation_headings_from_seed_004() -> None:
    headings = load_framework("ifa-assurance").headings
    assert [h.title for h in headings] == [
        "Children are well cared for",
        "Children are safe",
        "Leaders and managers are exercising strong leadership",
    ]
    assert [len(h.prompts) for h in headings] == [6, 5, 11]
    seed = _seed("004")
    for heading in headings:
        assert heading.title in seed
        for prompt in heading.prompts:
            # Rejoined across the PDF's scrambled columns, so check each descriptor's opening words.
            assert " ".join(prompt.split()[:5]) in seed, prompt
    for kind in ("asa-full", "raa-thematic"):
        assert load_framework(kind).headings == ()


# --- themes (THM-1) -----------------------------------------------------------------------------------


def test_thm1_five_themes() -> None:
    framework = load_framework("raa-thematic")
    assert [t.number for t in framework.themes] == [1, 2, 3, 4, 5]
    assert len({t.key for t in framework.themes}) == 5
    words = {
        1: "family finding and matching",
        2: "adopted adults",
        3: "strengths and areas for development",
        4: "lived experience",
        5: "governance",
    }
    for number, needle in words.items():
        assert needle in framework.theme(number).title
        assert framework.theme(number).prompts
    seed = _seed("000")
    for theme in framework.themes:
        assert theme.title in seed
    for kind in ("asa-full", "ifa-assurance"):
        assert load_framework(kind).themes == ()


def test_thm1_theme_prompts_include_the_case_sampling_list_of_seed_000() -> None:
    framework = load_framework("raa-thematic")
    prompts = [p for theme in framework.themes for p in theme.prompts]
    # Seed 000 §34: what inspectors may review when sampling cases.
    for item in (
        "the approval processes for adopters and the records kept",
        "adoption support assessments and plans",
        "life story work and support for children who are being adopted",
        "complaints",
        "referrals to the Independent Review Mechanism",
        "disruption meeting minutes",
    ):
        assert item in prompts
    assert "adoption support assessments and plans" in framework.theme(2).prompts


# --- validation ---------------------------------------------------------------------------------------


def test_validation_missing_field_names_file_and_field(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "asa-full", ("draft_report = 18\n", ""))
    assert _error_for(path) == "asa_full.toml: timeline.draft_report: Field required"


def test_validation_missing_top_level_table_names_it(tmp_path: Path) -> None:
    text = _shipped_text("ifa-assurance")
    start, end = text.index("[on_site]"), text.index("[timeline]")
    path = tmp_path / "ifa_assurance.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert _error_for(path) == "ifa_assurance.toml: on_site: Field required"


def test_validation_wrong_type_names_file_and_field(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "asa-full", ("draft_report = 18", 'draft_report = "18"'))
    assert _error_for(path) == "asa_full.toml: timeline.draft_report: Input should be a valid integer"


def test_validation_a_boolean_is_not_a_number_of_days(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "raa-thematic", ("working_days_before = 5", "working_days_before = true"))
    message = _error_for(path)
    assert message.startswith("raa_thematic.toml: notice.working_days_before: ")


def test_validation_negative_days_rejected(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "ifa-assurance", ("final_report = 30", "final_report = -30"))
    assert _error_for(path).startswith("ifa_assurance.toml: timeline.final_report: ")


def test_validation_time_must_be_a_toml_time(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "raa-thematic", ("due_time = 16:00:00", 'due_time = "4pm"'))
    assert _error_for(path).startswith("raa_thematic.toml: information.due_time: ")


def test_validation_wrong_kind_for_the_requested_kind(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "raa-thematic", ('kind = "raa-thematic"', 'kind = "ifa-assurance"'))
    assert _error_for(path, kind="raa-thematic") == (
        "raa_thematic.toml: kind: expected 'raa-thematic', found 'ifa-assurance'"
    )


def test_validation_unknown_kind_in_file(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "asa-full", ('kind = "asa-full"', 'kind = "vaa-full"'))
    message = _error_for(path)
    assert message.startswith("asa_full.toml: kind: ")
    assert "asa-full" in message


def test_validation_four_themes_rejected(tmp_path: Path) -> None:
    text = _shipped_text("raa-thematic")
    fifth = text.index("[[themes]]\n# RULES: THM-1 theme 5")
    path = tmp_path / "raa_thematic.toml"
    path.write_text(text[:fifth], encoding="utf-8")
    message = _error_for(path, kind="raa-thematic")
    assert message.startswith("raa_thematic.toml: themes: must be the 5 themes numbered 1 to 5")
    assert "found numbers 1, 2, 3, 4" in message


def test_validation_duplicate_theme_number_rejected(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "raa-thematic", ("number = 5\n", "number = 4\n"))
    message = _error_for(path)
    assert message.startswith("raa_thematic.toml: themes: ")
    assert "1, 2, 3, 4, 4" in message


def test_validation_theme_number_out_of_range_names_the_theme(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "raa-thematic", ("number = 5\n", "number = 6\n"))
    assert _error_for(path).startswith("raa_thematic.toml: themes[4].number: ")


def test_validation_asa_judgement_area_with_the_wrong_role(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "asa-full", ('role = "graded"', 'role = "limiting"'))
    assert _error_for(path) == (
        "asa_full.toml: judgement_areas[2]: leaders_managers is the graded judgement (JDG-2), not limiting"
    )


def test_validation_asa_needs_all_three_judgement_areas(tmp_path: Path) -> None:
    text = _shipped_text("asa-full")
    third = text.index("# RULES: JDG-2 graded judgement")
    path = tmp_path / "asa_full.toml"
    path.write_text(text[:third], encoding="utf-8")
    message = _error_for(path)
    assert message.startswith("asa_full.toml: judgement_areas: must be exactly the 3 judgement areas")


def test_validation_asa_criteria_need_all_four_grades(tmp_path: Path) -> None:
    text = _shipped_text("asa-full")
    start = text.index("inadequate = [")
    end = text.index("]\n", start) + 2
    path = tmp_path / "asa_full.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert _error_for(path) == (
        "asa_full.toml: judgement_areas[0].criteria: missing grade(s) inadequate; "
        "the grades are outstanding, good, requires_improvement, inadequate (JDG-1)"
    )


def test_validation_a_grade_with_no_descriptors_is_rejected(tmp_path: Path) -> None:
    text = _shipped_text("asa-full")
    start = text.index("requires_improvement = [\n")
    end = text.index("]\n", start)
    path = tmp_path / "asa_full.toml"
    path.write_text(text[:start] + "requires_improvement = [\n" + text[end:], encoding="utf-8")
    message = _error_for(path)
    assert message.startswith("asa_full.toml: judgement_areas[0].criteria.requires_improvement: ")
    assert "at least 1 item" in message


def test_validation_asa_grades_must_be_the_four_grades(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "asa-full", ('"requires_improvement", "inadequate"]', '"inadequate"]'))
    assert _error_for(path).startswith("asa_full.toml: grades: must be exactly outstanding, good")


def test_validation_timeline_needs_exactly_one_publication_rule(tmp_path: Path) -> None:
    path = _write_variant(
        tmp_path,
        "asa-full",
        ("publication_after_final = 5\n", "publication_after_final = 5\npublication_after_end = 38\n"),
    )
    assert _error_for(path) == (
        "asa_full.toml: timeline: exactly one of publication_after_final and publication_after_end "
        "must be set; found publication_after_final, publication_after_end"
    )


def test_validation_raa_with_a_timeline_is_rejected(tmp_path: Path) -> None:
    timeline = (
        '[timeline]\nrule = "RPT-3"\ndraft_report = 18\nprovider_comments_after_draft = 5\n'
        "final_report = 30\npublication_after_final = 5\n\n"
    )
    path = _write_variant(tmp_path, "raa-thematic", ("[[themes]]\n", timeline + "[[themes]]\n"))
    assert _error_for(path).startswith("raa_thematic.toml: timeline: raa-thematic has no per-inspection")


def test_validation_extra_fields_are_refused(tmp_path: Path) -> None:
    path = _write_variant(tmp_path, "ifa-assurance", ("[notice]\n", "[notice]\ndays = 3\n"))
    assert _error_for(path) == "ifa_assurance.toml: notice.days: Extra inputs are not permitted"


def test_validation_a_page_break_fragment_is_refused(tmp_path: Path) -> None:
    path = _write_variant(
        tmp_path,
        "ifa-assurance",
        ('"Foster carer reviews are robust and timely."', '"Foster carer reviews are\\nrobust."'),
    )
    assert _error_for(path).startswith("ifa_assurance.toml: headings[2].prompts[9]: text must be non-empty")


def test_validation_reports_every_error_not_just_the_first(tmp_path: Path) -> None:
    path = _write_variant(
        tmp_path, "asa-full", ("draft_report = 18\n", ""), ("final_report = 30", "final_report = 0")
    )
    message = _error_for(path)
    assert "asa_full.toml: timeline.draft_report: Field required" in message
    assert "asa_full.toml: timeline.final_report: " in message


def test_validation_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "asa_full.toml"
    path.write_text('kind = "asa-full"\nkind = "asa-full"\n', encoding="utf-8")
    assert _error_for(path).startswith("asa_full.toml: not valid TOML: ")


def test_validation_missing_file_names_the_file(tmp_path: Path) -> None:
    assert _error_for(tmp_path / "nowhere.toml").startswith("nowhere.toml: no such framework file")
