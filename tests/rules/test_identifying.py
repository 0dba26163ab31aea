"""The one identifying-text check (RULES: EVD-2 for evidence, DPR-2 for everything published)."""

from __future__ import annotations

import itertools

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from careinspect.rules.identifying import FINDING_KINDS, FULL_NAME_VALUE, NAME_WORD, Finding, find_identifying

REPORT = """\
Adopt North East is a Regional Adoption Agency (RAA) hosted by Newcastle City Council on behalf of four \
Local Authorities in the North East. It was inspected under the Care Standards Act 2000, the Adoption \
Support Agencies (England) Regulations 2005 and the National Minimum Standards, using the Social Care \
Common Inspection Framework. Inspectors visited from Monday 1 December 2026 to Thursday 4 December 2026, \
after the August Bank Holiday, and met the Registered Manager, the Responsible Individual, the Agency \
Decision Maker, two Social Workers, the Panel Chair and the Independent Reviewing Officer. Adopter Sarah \
said the Adoption Support she received was "life-changing". In Yorkshire and the Humber and the West \
Midlands, partner agencies report similar strengths.

Overall Experiences And Progress Of Children And Young People: Good. Children and young people aged 5 to \
10 make good progress. Early Permanence placements are well planned, and Life Story Work and Later Life \
Letters are of a high standard. The Virtual School Head and the Designated Safeguarding Lead attend the \
Adoption Panel. Staff use the Adoption and Special Guardianship Support Fund well, and the Child and \
Adolescent Mental Health Services and the Integrated Care Board offer timely Therapeutic Parenting \
support. Since the last Ofsted inspection in March 2023, the Local Authority has strengthened its Quality \
Assurance Framework, and the Department for Education has approved the Regional Adoption Agency Leaders \
Board plan.

How Well Children And Young People Are Helped And Protected: Requires Improvement To Be Good. The \
Effectiveness Of Leaders And Managers: Good. Leaders must ensure that Stage One and Stage Two assessments \
meet Regulation 12 of the Adoption Agencies Regulations 2005 and Standard 13 of the National Minimum \
Standards. On Monday Morning the Head of Service, the Service Manager and the Team Manager met inspectors; \
on Wednesday Afternoon the Chief Executive of the Trust and a Cafcass Guardian joined them. Case AS-001 \
and case AS-014 (JS and A.B.) show that the Child Permanence Report and the Prospective Adopter's Report \
are completed on time, as Working Together To Safeguard Children 2023 expects.
"""

ISSUE_EXAMPLE = "We met Jane Smith, aged 7, and her adoptive father Mark Jones at 14 Elm Road, Leeds"


def spans(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in find_identifying(text, **kwargs)]  # type: ignore[arg-type]


# --- full names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Zoë Smith",
        "José Álvarez",
        "Siobhán O'Neill",
        "Siobhán O’Neill",
        "Mary-Jane McDonald",
        "Jane Smith",
        "Łukasz Nowak",
        "Ngozi Okonkwo-Adeyemi",
        "Mary Ann Jones",
        "Ana da Silva",
        "Иван Петров",
        "Νίκος Παπαδόπουλος",
    ],
)
def test_evd2_full_name_in_any_alphabet_is_one_finding(name: str) -> None:
    """RULES: EVD-2 — accents, apostrophes, hyphens, three parts and other cased alphabets: one finding."""
    text = f"Inspectors spoke with {name} about the plan."
    assert spans(text) == [(name, "full_name")]
    finding = find_identifying(text)[0]
    assert text[finding.start : finding.end] == name
    assert "initials or the case record ID" in finding.why


def test_evd2_accent_typed_as_a_combining_mark_stays_in_the_name() -> None:
    """RULES: EVD-2 — "Zoë" typed as "Zoe" plus a combining diaeresis is still one name word."""
    name = "Zoe\u0308 Smith"
    assert spans(f"Met {name}.") == [(name, "full_name")]


def test_evd2_possessive_is_not_part_of_the_name() -> None:
    """RULES: EVD-2"""
    assert spans("Jane Smith's placement is stable.") == [("Jane Smith", "full_name")]


@pytest.mark.parametrize("named", ["Mrs Smith", "Dr. Patel", "Mr Okafor"])
def test_evd2_title_and_surname_is_a_name(named: str) -> None:
    """RULES: EVD-2 — one word after a title is enough to identify someone."""
    found = find_identifying(f"Inspectors met {named} on site.")
    assert [(f.text, f.kind) for f in found] == [(named, "full_name")]
    assert "title" in found[0].why


def test_evd2_role_word_before_a_full_name_is_left_out_of_the_finding() -> None:
    """RULES: EVD-2 — "Adopter Sarah" is a role and a first name; "Adopter Sarah Jones" names someone."""
    assert spans("Adopter Sarah Jones said so.") == [("Sarah Jones", "full_name")]
    assert spans("The Registered Manager Jane Smith agreed.") == [("Jane Smith", "full_name")]


@pytest.mark.parametrize(
    "text",
    [
        "JS",
        "A B",
        "A.B.",
        "AS-001",
        "Case AS-001 and JS, AJ and A B were tracked.",
        "The Agency",
        "This Inspection",
        "Adopter Sarah",
        "Social Worker",
        "Registered Manager",
        "Responsible Individual",
        "Local Authority",
        "Adoption Support",
        "National Minimum Standards",
        "Care Standards Act",
        "Children Act",
        "Regional Adoption Agency",
        "December 2026",
        "Monday Morning",
        "Bank Holiday",
        "England",
        "Ofsted",
        "North East",
        "Yorkshire and the Humber",
        "Follow-Up Visit",
        "JANE SMITH",  # capitals read as an acronym: only a known name finds this
    ],
)
def test_evd2_initials_ids_and_report_vocabulary_are_not_names(text: str) -> None:
    """RULES: EVD-2 — initials, case record IDs, openers, roles and the words reports capitalise."""
    assert find_identifying(text) == []


def test_dpr2_inspection_report_that_names_no_one_has_no_findings() -> None:
    """RULES: DPR-2 — three paragraphs of ordinary report text: not one false alarm."""
    assert find_identifying(REPORT) == []


# --- known names ------------------------------------------------------------------------------------------


def test_evd2_known_name_matches_whatever_the_case_or_accents() -> None:
    """RULES: EVD-2 — the names the regulator holds are found in any case, with or without accents."""
    text = "We spoke to zoe smith, then ZOË SMITH, then Zoe Smith."
    found = find_identifying(text, known_names=["Zoë Smith"])
    assert [(f.text, f.kind) for f in found] == [
        ("zoe smith", "known_name"),
        ("ZOË SMITH", "known_name"),
        ("Zoe Smith", "known_name"),
    ]
    assert "regulator holds" in found[0].why


def test_evd2_known_name_typed_with_accents_matches_a_plain_one() -> None:
    """RULES: EVD-2 — the accents may be in the text rather than in the held name."""
    assert spans(
        "Łukasz Nowak and Siobhán O’Neill attended.", known_names=["Lukasz Nowak", "siobhan o'neill"]
    ) == [
        ("Łukasz Nowak", "known_name"),
        ("Siobhán O’Neill", "known_name"),
    ]


def test_evd2_known_name_span_keeps_combining_accents_and_folded_letters() -> None:
    """RULES: EVD-2 — "Zoë" typed with a combining mark and "ß" (two letters when folded) map back exactly."""
    text = "Met Zoe\u0308; then Straße agreed."
    found = find_identifying(text, known_names=["Zoë", "Strasse"])
    assert [(f.text, f.kind) for f in found] == [("Zoe\u0308", "known_name"), ("Straße", "known_name")]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_evd2_single_word_known_name_matches_on_word_boundaries_only() -> None:
    """RULES: EVD-2 — "Okafor" is found, but "Smith" is not found inside "Smithson" or "blacksmith"."""
    text = "Okafor met the Smithson family and a blacksmith; smith agreed."
    assert spans(text, known_names=["Okafor", "Smith"]) == [("Okafor", "known_name"), ("smith", "known_name")]


def test_evd2_known_name_is_not_also_a_full_name() -> None:
    """RULES: EVD-2 — the same span is reported once, as the more certain kind."""
    assert spans("Jane Smith agreed.", known_names=["Jane Smith"]) == [("Jane Smith", "known_name")]


def test_evd2_blank_and_one_letter_known_names_are_ignored() -> None:
    """RULES: EVD-2 — an empty name field must not flag every space or every letter "a"."""
    assert find_identifying("a plan was agreed", known_names=["", "  ", "A"]) == []


# --- names with ages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("We met Jane, aged 7, at school.", "Jane, aged 7"),
        ("We met Tom (aged 12) at home.", "Tom (aged 12)"),
        ("We met a 7-year-old called Amy at home.", "7-year-old called Amy"),
        ("We met Amy, 7, and her brother.", "Amy, 7"),
        ("Adopter Sarah, aged 40, agreed.", "Sarah, aged 40"),
        ("We met Amy Jones, seven years old, at home.", "Amy Jones, seven years old"),
    ],
)
def test_evd2_name_with_an_age_covers_both(text: str, span: str) -> None:
    """RULES: EVD-2 — a first name with an age identifies a child."""
    assert spans(text) == [(span, "age_with_name")]


@pytest.mark.parametrize(
    "text",
    [
        "The agency supports children aged 5 to 10.",
        "Children, aged 5 to 10, were seen.",
        "Leeds (12) and Bradford (9) referrals rose.",
        "In Leeds, 12 children were placed.",
    ],
)
def test_evd2_ages_without_a_name_are_not_findings(text: str) -> None:
    """RULES: EVD-2"""
    assert find_identifying(text) == []


# --- addresses and postcodes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "14 Elm Road",
        "3a Church Street",
        "Flat 2, 10 High St",
        "7 St John's Avenue",
        "22 Old Mill Lane",
        "5 Rose Gardens",
        "1 Park View",
        "9 Acacia Mews",
    ],
)
def test_evd2_house_number_and_street_is_an_address(address: str) -> None:
    """RULES: EVD-2"""
    assert spans(f"The family lives at {address}, Leeds.") == [(address, "address")]


@pytest.mark.parametrize(
    "text",
    [
        "Regulation 12 and Standard 14 were met.",
        "In 2024 Elm Road was resurfaced.",
        "Paragraph 3 of the plan says so.",
    ],
)
def test_evd2_numbers_without_a_street_are_not_addresses(text: str) -> None:
    """RULES: EVD-2"""
    assert find_identifying(text) == []


@pytest.mark.parametrize(
    "postcode", ["LS1 4AP", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "LS14AP"]
)
def test_evd2_uk_postcode(postcode: str) -> None:
    """RULES: EVD-2 — the standard format in capitals, with or without the space."""
    assert spans(f"Post to {postcode} please.") == [(postcode, "postcode")]


@pytest.mark.parametrize("text", ["ls14ap", "ls1 4ap", "SC700005", "AS-001", "A1 data", "Q1 2024", "LS1 4CI"])
def test_evd2_lower_case_and_codes_are_not_postcodes(text: str) -> None:
    """RULES: EVD-2 — only a clear postcode: a provider URN or a form's name is not one."""
    assert find_identifying(text) == []


# --- dates of birth ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dob",
    [
        "born on 3 March 2015",
        "born 03/03/2015",
        "DOB 3.3.15",
        "date of birth: 2015-03-03",
        "D.O.B. 3rd March 2015",
        "born in March 2015",
    ],
)
def test_evd2_date_of_birth(dob: str) -> None:
    """RULES: EVD-2"""
    assert spans(f"The child, {dob}, is settled.") == [(dob, "date_of_birth")]


def test_evd2_plain_date_is_not_a_date_of_birth() -> None:
    """RULES: EVD-2 — only a date the text says is a birth date."""
    assert find_identifying("On 3 March 2025 the panel met; it meets again on 03/04/2025.") == []


# --- the issue's example, the API's promises and scale ----------------------------------------------------


def test_evd2_issue_example_finds_each_part() -> None:
    """RULES: EVD-2 — the child with her age, the adoptive father and the address."""
    assert spans(ISSUE_EXAMPLE) == [
        ("Jane Smith, aged 7", "age_with_name"),
        ("Mark Jones", "full_name"),
        ("14 Elm Road", "address"),
    ]


def test_evd2_findings_are_sorted_and_never_overlap() -> None:
    """RULES: EVD-2 — a name inside an age finding, and a known name inside a full name, are not repeated."""
    text = "Born 3/3/15, Jane Smith, aged 7, of 14 Elm Road LS1 4AP met Mary Ann Jones."
    found = find_identifying(text, known_names=["Ann Jones", "Jane Smith"])
    assert [(f.text, f.kind) for f in found] == [
        ("Born 3/3/15", "date_of_birth"),
        ("Jane Smith, aged 7", "age_with_name"),
        ("14 Elm Road", "address"),
        ("LS1 4AP", "postcode"),
        ("Mary Ann Jones", "full_name"),
    ]


_FRAGMENTS = st.sampled_from(
    [
        "Jane", "Smith", "Zoë", "O’Neill", "Mary-Jane", "Mr.", "de", "al-", "The", "Agency", "aged", "7",
        "(", ")", ",", ".", "-", "'", "’", "14", "3a", "Road", "St", "LS1", "4AP", "born", "DOB", "3/3/15",
        "year", "old", "called", "\u0308", "ß", "İ", "\n", " ", "  ", "Łukasz", "Иван",
    ]
)  # fmt: skip


@given(
    st.one_of(st.text(max_size=200), st.lists(_FRAGMENTS, max_size=40).map(" ".join)),
    st.lists(st.one_of(st.text(max_size=20), _FRAGMENTS), max_size=4),
)
def test_evd2_never_raises_and_every_finding_is_its_own_span(text: str, known: list[str]) -> None:
    """RULES: EVD-2 — any text and any held names: each finding is exactly the text between its offsets,
    of a known kind, in order and apart from the others."""
    found = find_identifying(text, known_names=known)
    for finding in found:
        assert finding.text == text[finding.start : finding.end] and finding.text
        assert finding.kind in FINDING_KINDS and finding.why
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start


def test_dpr2_a_200_kb_report_is_checked_whole() -> None:
    """RULES: DPR-2 — a long report is read to the end: every repeat of the example is found."""
    block = REPORT + ISSUE_EXAMPLE + ".\n"
    repeats = 200_000 // len(block) + 1
    found = find_identifying(block * repeats, known_names=["Zoë Smith", "Okafor"])
    assert len(block * repeats) > 200_000
    assert [f.kind for f in found] == ["age_with_name", "full_name", "address"] * repeats
    assert found[-1].end == len(block) * repeats - len(", Leeds.\n")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        pytest.param("Aa-Bb-" * 35_000, [], id="hyphens"),
        pytest.param("Aa " * 70_000, ["full_name"], id="capitals"),
        pytest.param("O'" * 100_000, [], id="apostrophes"),
        pytest.param("1 Aa " * 40_000, [], id="numbers"),
        pytest.param("Mr. " * 50_000, [], id="titles"),
        pytest.param("Ana de " * 30_000, ["full_name"], id="particles"),
        pytest.param("Amy, 7" + " " * 200_000 + "x", [], id="spaces-after-age"),
        pytest.param("Amy, 7 years" + "\t" * 200_000 + "x", [], id="tabs-after-age"),
        pytest.param("born" + " " * 200_000 + "3/3/15", ["date_of_birth"], id="spaces-after-born"),
        pytest.param("7" + " " * 200_000 + "year old", [], id="spaces-in-age"),
    ],
)
def test_dpr2_adversarial_200_kb_text_gets_its_answer(text: str, kinds: list[str]) -> None:
    """RULES: DPR-2 — shapes that make a backtracking pattern quadratic (these would not finish within the
    test run) are read to the end and give the right findings."""
    assert len(text) >= 200_000
    assert [f.kind for f in find_identifying(text)] == kinds


# --- the shared patterns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "is_name"),
    [
        ("Zoë Smith", True),
        ("Siobhán O’Neill", True),
        ("Ngozi Okonkwo-Adeyemi", True),
        ("Mary Ann Jones", True),
        ("Jane", False),
        ("JS", False),
        ("A B", False),
        ("AS-001", False),
        ("Jane Smith moved", False),
    ],
)
def test_evd2_full_name_value_is_a_whole_cell_of_name_words(value: str, is_name: bool) -> None:
    """RULES: EVD-2 — the datasets' cell pattern is built from the same NAME_WORD."""
    assert bool(regex.search(FULL_NAME_VALUE, value)) is is_name
    assert NAME_WORD in FULL_NAME_VALUE


def test_evd2_finding_text_comes_from_the_text() -> None:
    """RULES: EVD-2"""
    assert Finding.at("at 14 Elm Road", 3, 14, "address") == Finding(
        "14 Elm Road", 3, 14, "address", "looks like a street address: leave it out, or give the town only"
    )
