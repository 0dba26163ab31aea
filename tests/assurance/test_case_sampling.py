"""Case sampling on an assurance visit (issue 12 item 2): the foster carer register the agency sends by 12pm
(INF-3) gives the children placed as cases, one per child; the inspector samples them, each for a line of
enquiry (CAS-3), and tracks none (CAS-1 is the ASA's); evidence cites the sampled children with the same EVD
rules as the SCCIF; a corrected register keeps the inspector's work."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from careinspect.inspections.events import EventType
from careinspect.inspections.models import Case, Evidence
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import lifecycle
from careinspect.portal import services as portal_services
from careinspect.portal.models import Upload
from careinspect.registry.reference import load_local_authorities
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.carer_register import DEMO_SAMPLE, register_workbook
from careinspect.scenarios.ifa_assurance import AssuranceScenario, at
from tests.assurance.conftest import DAY_ONE, DAY_TWO, SCHEDULED_ON

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(scenario: AssuranceScenario) -> AssuranceScenario:
    return scenario.schedule(SCHEDULED_ON).announce()


def _send(scenario: AssuranceScenario, data: bytes, hour: int = 11) -> Upload:
    request = scenario.visit.information_requests.get(dataset_kind="ifa_carer_register")
    return portal_services.receive_upload(
        request, by=scenario.people["provider"], filename="register.xlsx", data=data, now=at(DAY_ONE, hour)
    )


def _edited_register(drop: str, add: tuple[Any, ...], move: tuple[str, str]) -> bytes:
    """The demo register with one child gone, one child newly placed and one child's carers changed."""
    book = load_workbook(io.BytesIO(register_workbook(DAY_ONE)))
    placements = book["placements"]
    for row in list(placements.iter_rows(min_row=2)):
        if row[0].value == drop:
            placements.delete_rows(row[0].row)
    for row in placements.iter_rows(min_row=2):
        if row[0].value == move[0] and row[6].value is None:
            row[1].value = move[1]
    placements.append(add)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_inf3_the_registers_children_become_the_visits_cases_one_per_child(
    announced: AssuranceScenario,
) -> None:
    upload = _send(announced, register_workbook(DAY_ONE))
    visit = announced.visit
    assert upload.valid
    cases = {c.case_ref: c for c in visit.cases.all()}
    # Seven placements, six children: C-1044 moved carers and is one case, with the carers they live with now.
    assert sorted(cases) == ["C-1041", "C-1042", "C-1043", "C-1044", "C-1045", "C-1046"]
    moved = cases["C-1044"]
    assert (moved.household_ref, moved.service_type, moved.la_code, moved.end_date) == (
        "H-204",
        "long_term",
        "878",
        None,
    )
    assert {c.service_user_type for c in cases.values()} == {"child"}
    case_list = visit.case_lists.get()
    # One stored original: the case list names the upload's own file (INF-2's rule for every source).
    assert (case_list.original.name, case_list.sha256, case_list.rows) == (
        upload.original.name,
        upload.sha256,
        6,
    )
    event = visit.events.get(type=EventType.CASE_LIST_RECEIVED)
    assert event.note == "6 children on the foster carer register"
    assert not hasattr(visit, "sccif") or visit.sccif.service_users is None  # nothing counted for CAS-1


def test_cas1_an_assurance_visit_samples_and_never_tracks(announced: AssuranceScenario) -> None:
    _send(announced, register_workbook(DAY_ONE))
    case = announced.visit.cases.get(case_ref="C-1041")
    with pytest.raises(RuleViolation) as refused:
        evidence_services.choose_case(case, by=announced.people["inspector"], selection="tracked")
    assert (refused.value.rule, refused.value.field) == ("CAS-1", "selection")
    assert "assurance visit" in refused.value.message and "does not track" in refused.value.message
    case.refresh_from_db()
    assert case.selection == ""


def test_cas3_a_sampled_child_follows_a_line_of_enquiry(announced: AssuranceScenario) -> None:
    _send(announced, register_workbook(DAY_ONE))
    case = announced.visit.cases.get(case_ref="C-1046")
    with pytest.raises(RuleViolation) as refused:
        evidence_services.choose_case(case, by=announced.people["inspector"], selection="sampled")
    assert (refused.value.rule, refused.value.field) == ("CAS-3", "line_of_enquiry")
    chosen = evidence_services.choose_case(
        case, by=announced.people["inspector"], selection="sampled", line_of_enquiry="Emergency placements"
    )
    assert (chosen.selection, chosen.line_of_enquiry) == ("sampled", "Emergency placements")
    assert chosen.history.latest().history_user == announced.people["inspector"]


def test_cas3_the_agencys_staff_cannot_sample(announced: AssuranceScenario) -> None:
    _send(announced, register_workbook(DAY_ONE))
    case = announced.visit.cases.get(case_ref="C-1046")
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied or a rule: the agency never chooses
        evidence_services.choose_case(
            case, by=announced.people["provider"], selection="sampled", line_of_enquiry="x"
        )
    case.refresh_from_db()
    assert case.selection == ""


def test_inf3_a_corrected_register_keeps_the_sampled_children_and_their_evidence(
    announced: AssuranceScenario,
) -> None:
    _send(announced, register_workbook(DAY_ONE))
    announced.sample()
    visit = announced.visit
    moved = visit.cases.get(case_ref="C-1044")
    record = evidence_services.record_evidence(
        visit,
        by=announced.people["inspector"],
        source="written_record",
        text="The child's placement plan records the move and the reasons for it.",
        case_ids=[moved.pk],
        now=at(DAY_ONE, 13),
    )
    new_child = ("C-1047", "H-201", "878", "2016-03", "short_term", DAY_ONE, None)
    _send(announced, _edited_register(drop="C-1041", add=new_child, move=("C-1044", "H-201")), hour=12)
    refs = set(visit.cases.values_list("case_ref", flat=True))
    assert refs == {"C-1042", "C-1043", "C-1044", "C-1045", "C-1046", "C-1047"}
    kept = visit.cases.get(case_ref="C-1044")
    assert kept.pk == moved.pk  # the same case: its choice and its evidence stay
    assert (kept.selection, kept.line_of_enquiry) == ("sampled", DEMO_SAMPLE["C-1044"])
    assert kept.household_ref == "H-201"  # refreshed from the newer register
    assert kept.case_list == visit.case_lists.first()  # the newer register, so the older may be disposed of
    assert list(Evidence.objects.get(pk=record.pk).cases.all()) == [kept]
    assert visit.case_lists.count() == 2
    assert visit.events.filter(type=EventType.CASE_LIST_RECEIVED).last().note == (
        "6 children on the foster carer register; 2 chosen already kept"
    )


def test_inf3_a_register_after_feedback_is_kept_as_information_and_changes_no_case(
    announced: AssuranceScenario,
) -> None:
    _send(announced, register_workbook(DAY_ONE))
    announced.sample().concerns(False).feedback()
    before = list(Case.objects.order_by("pk").values_list("pk", "case_ref", "selection"))
    upload = _send(announced, register_workbook(DAY_ONE), hour=16)
    assert upload.valid and upload.version == 2
    assert list(Case.objects.order_by("pk").values_list("pk", "case_ref", "selection")) == before
    assert announced.visit.case_lists.count() == 1


def test_cas1_feedback_on_an_assurance_visit_asks_for_no_tracked_cases(announced: AssuranceScenario) -> None:
    _send(announced, register_workbook(DAY_ONE))
    visit = announced.sample().concerns(False).feedback().visit
    assert visit.status == Status.FEEDBACK_GIVEN.value
    assert lifecycle.tracked_cases_needed(visit) is None
    assert not visit.cases.filter(selection="tracked").exists()


def test_cas3_the_cases_page_offers_sampling_only_and_names_the_placing_authority(
    announced: AssuranceScenario, client: Any, people: dict[str, Any]
) -> None:
    load_local_authorities()  # the registry's names for the placing authorities' codes
    _send(announced, register_workbook(DAY_ONE))
    visit = announced.visit
    url = reverse("inspections:cases", args=[visit.pk])
    client.force_login(people["inspector"])
    page = client.get(url).content.decode()
    assert "Children on the foster carer register" in page
    assert 'value="tracked"' not in page and 'value="sampled"' in page
    assert "Devon" in page and "H-204" in page and "Long-term, from" in page
    assert 'name="form" value="case_list"' not in page  # the register comes as information (INF-3)
    case = visit.cases.get(case_ref="C-1043")
    response = client.post(
        url, {"cases": [case.pk], f"selection-{case.pk}": "sampled", f"loe-{case.pk}": "Short breaks"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.selection, case.line_of_enquiry) == ("sampled", "Short breaks")
    # A tracked choice posted by hand is refused with the rule's words, and nothing changes.
    other = visit.cases.get(case_ref="C-1042")
    refused = client.post(url, {"cases": [other.pk], f"selection-{other.pk}": "tracked"})
    assert refused.status_code == 200 and "CAS-1" in refused.content.decode()
    other.refresh_from_db()
    assert other.selection == ""


def test_cas3_the_qa_officer_reads_the_sample_and_the_agency_cannot_open_it(
    announced: AssuranceScenario, client: Any, people: dict[str, Any], other_staff: Any
) -> None:
    _send(announced, register_workbook(DAY_ONE))
    announced.sample()
    url = reverse("inspections:cases", args=[announced.visit.pk])
    client.force_login(people["qa"])
    page = client.get(url).content.decode()
    assert "Stability: a child who moved carers this year" in page and 'id="choices"' not in page
    case = announced.visit.cases.get(case_ref="C-1041")
    assert (
        client.post(url, {"case": case.pk, "selection": "sampled", "line_of_enquiry": "x"}).status_code == 403
    )
    for user in (announced.people["provider"], other_staff):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
    case.refresh_from_db()
    assert case.selection == ""


def test_cas1_the_api_lists_the_registers_children_and_refuses_tracking(
    announced: AssuranceScenario, client: Any, people: dict[str, Any], other_staff: Any
) -> None:
    _send(announced, register_workbook(DAY_ONE))
    visit = announced.visit
    client.force_login(people["inspector"])
    listed = client.get(f"/api/inspections/{visit.pk}/cases")
    assert listed.status_code == 200 and listed["X-Total-Count"] == "6"
    moved = next(c for c in listed.json() if c["case_ref"] == "C-1044")
    assert (moved["household_ref"], moved["service_type"]) == ("H-204", "long_term")
    refused = client.patch(
        f"/api/inspections/cases/{moved['id']}", {"selection": "tracked"}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["rule"] == "CAS-1"
    sampled = client.patch(
        f"/api/inspections/cases/{moved['id']}",
        {"selection": "sampled", "line_of_enquiry": "Stability"},
        content_type="application/json",
    )
    assert sampled.status_code == 200 and sampled.json()["selection"] == "sampled"
    client.force_login(other_staff)
    assert client.get(f"/api/inspections/{visit.pk}/cases").status_code == 404


def test_evd1_evidence_on_an_assurance_visit_cites_a_sampled_child(announced: AssuranceScenario) -> None:
    """The SCCIF's evidence rules, unchanged: an interview needs its time and the interviewee's role."""
    visit = announced.work().visit
    cited = Evidence.objects.get(inspection=visit, source="interview")
    assert [c.case_ref for c in cited.cases.all()] == [next(iter(DEMO_SAMPLE))]
    with pytest.raises(RuleViolation) as refused:
        evidence_services.record_evidence(
            visit,
            by=announced.people["inspector"],
            source="interview",
            text="Spoke to the carers.",
            case_ids=[cited.cases.get().pk],
            now=at(DAY_TWO, 10),
        )
    assert refused.value.rule == "EVD-1"


def test_cas3_the_visit_page_counts_the_sample_and_links_the_cases(
    announced: AssuranceScenario, client: Any, people: dict[str, Any]
) -> None:
    client.force_login(people["inspector"])
    url = reverse("assurance:visit", args=[announced.visit.pk])
    assert "listed when it arrives" in client.get(url).content.decode()
    _send(announced, register_workbook(DAY_ONE))
    announced.sample()
    page = client.get(url).content.decode()
    assert "2 of 6 children on the foster carer register sampled" in page
    assert reverse("inspections:cases", args=[announced.visit.pk]) in page


def test_enf4_serious_concerns_alert_each_la_placing_children_on_the_register(
    announced: AssuranceScenario,
) -> None:
    """ENF-3 and ENF-4: the DCS of every LA placing children with the agency, found from its register."""
    load_local_authorities()
    _send(announced, register_workbook(DAY_ONE))
    visit = announced.concerns(True).visit
    alerts = {a.local_authority.name: a for a in visit.dcs_alerts.select_related("local_authority")}
    assert sorted(alerts) == ["Cornwall", "Devon", "Plymouth"]
    # Devon places three of the six children: C-1041, C-1044 and C-1045.
    assert alerts["Devon"].why == "Places children with the agency: 3 on its foster carer register"
    assert {a.rule for a in alerts.values()} == {"ENF-4"}
