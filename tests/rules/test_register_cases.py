"""The children on a foster carer register as an assurance visit's cases (INF-3), and the kinds that only
sample (CAS-1: tracking is the ASA's). Pure rules: no database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careinspect.rules.errors import RuleViolation
from careinspect.rules.kinds import Kind
from careinspect.rules.kinds import declaration as declaration_of
from careinspect.rules.sampling import cas1_tracking_is_the_kinds, one_case_per_child


def placement(
    child: str, household: str, start: date, end: date | None = None, **more: Any
) -> dict[str, Any]:
    return {
        "child_ref": child,
        "household_id": household,
        "placing_la_code": more.get("la", "878"),
        "placement_type": more.get("kind", "long_term"),
        "placement_start": start,
        "placement_end": end,
    }


def test_inf3_a_child_who_moved_is_one_case_at_the_open_placement() -> None:
    rows = [
        placement("C-1", "H-1", date(2026, 1, 5), date(2026, 6, 1), kind="short_term"),
        placement("C-2", "H-2", date(2025, 3, 1)),
        placement("C-1", "H-3", date(2026, 6, 2)),
    ]
    cases = one_case_per_child(rows)
    assert [c["case_ref"] for c in cases] == ["C-1", "C-2"]  # first appearance's order
    assert cases[0] == {
        "case_ref": "C-1",
        "service_user_type": "child",
        "service_type": "long_term",
        "la_code": "878",
        "household_ref": "H-3",
        "start_date": date(2026, 6, 2),
        "end_date": None,
    }


def test_inf3_an_open_placement_describes_the_child_even_if_a_later_one_ended() -> None:
    """A short break that started later and ended does not hide where the child lives now."""
    rows = [
        placement("C-1", "H-1", date(2024, 1, 5)),
        placement("C-1", "H-2", date(2026, 5, 1), date(2026, 5, 3), kind="short_break"),
    ]
    assert one_case_per_child(rows)[0]["household_ref"] == "H-1"


def test_inf3_a_child_whose_placements_all_ended_is_at_the_latest() -> None:
    rows = [
        placement("C-1", "H-1", date(2024, 1, 5), date(2025, 1, 1)),
        placement("C-1", "H-2", date(2025, 2, 1), date(2026, 1, 1)),
    ]
    assert one_case_per_child(rows)[0]["household_ref"] == "H-2"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["C-1", "C-2", "C-3", " ", ""]),
            st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 1)),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_inf3_every_child_named_on_the_register_is_exactly_one_case(
    found: list[tuple[str, date, bool]],
) -> None:
    rows = [placement(ref, "H-1", start, date(2026, 11, 2) if ended else None) for ref, start, ended in found]
    cases = one_case_per_child(rows)
    named = {ref.strip() for ref, _, _ in found if ref.strip()}
    assert sorted(c["case_ref"] for c in cases) == sorted(named)


def test_cas1_an_assurance_visit_is_refused_a_tracked_case_naming_the_kind() -> None:
    assurance = declaration_of(Kind.IFA_ASSURANCE)
    assert assurance.cases is not None and assurance.cases.selections == ("sampled",)
    with pytest.raises(RuleViolation) as refused:
        cas1_tracking_is_the_kinds("tracked", assurance.tracks_cases, assurance.described_as)
    assert (refused.value.rule, refused.value.field) == ("CAS-1", "selection")
    assert assurance.described_as in refused.value.message
    cas1_tracking_is_the_kinds("sampled", assurance.tracks_cases, assurance.described_as)


def test_cas1_the_sccif_tracks_and_samples_from_the_case_list() -> None:
    sccif = declaration_of(Kind.SCCIF_FULL)
    assert sccif.tracks_cases and sccif.cases is not None
    assert (sccif.cases.source, sccif.cases.selections) == ("asa_case_list", ("tracked", "sampled"))
    cas1_tracking_is_the_kinds("tracked", sccif.tracks_cases, sccif.described_as)


@pytest.mark.parametrize("kind", [Kind.RAA_THEMATIC, Kind.MONITORING])
def test_cas2_kinds_without_a_case_list_have_no_cases_to_choose(kind: Kind) -> None:
    """A thematic inspection samples from the A1 data in its own way (CAS-2); a monitoring visit has none."""
    declaration = declaration_of(kind)
    assert declaration.cases is None and not declaration.tracks_cases and not declaration.has("choose_cases")
