"""Retention (issue 10 item 2, issue 11 item 7): what is due goes, with its history rows and files, logged;
nothing else is touched; a dry run changes nothing.

The main world is built through the services with explicit moments: an ASA inspection (the default walk,
published Wed 28 January 2026) whose agency sent a case list, one with errors, then another through the
portal before the inspector filed a third; with a handwritten note scanned and linked to a case. Beside
it an inspection not yet published, a file no record refers to, and a file outside the stored folders.

RULES: INF-2 (no personal data from the forms kept once the report is published), EVD-4 (scans kept until
publication, longer while a complaint or legal action is open), DPR-1 (thematic data a year after the
programme report; disposal logged; nothing else lost).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from careinspect.cli import main
from careinspect.core import retention
from careinspect.core.models import Disposal, RetentionHold
from careinspect.core.roles import INSPECTOR, MANAGER, PROVIDER_USER
from careinspect.core.tasks import run_retention
from careinspect.datasets.a1.generate import DEFAULT_MEMBERS
from careinspect.inspections.models import Case, CaseList, Evidence, Inspection, PublishedReport
from careinspect.inspections.services import evidence as evidence_services
from careinspect.inspections.services import reporting
from careinspect.inspections.services.announcements import announce
from careinspect.inspections.services.common import move
from careinspect.messaging.models import Message
from careinspect.portal.models import InformationRequest, Upload
from careinspect.portal.services import receive_upload
from careinspect.registry.models import LocalAuthority, PastInspection, Provider
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from careinspect.rules.retention import RecordKind, default_retention, due_on, retention_from_toml
from tests.clock import LONDON, at
from tests.conftest import d
from tests.inspections.conftest import Walk, case_list_csv, png
from tests.people import _user
from tests.portal.conftest import a1_workbook

PUBLISHED = d("2026-01-28")
THE_DAY_BEFORE = d("2026-01-27")
NOW = datetime(2026, 1, 28, 2, 0, tzinfo=LONDON)
BY = "careinspect retention run"
# The agency's own file names may name people: none of this may reach the disposal log.
NAMED = "Jo Bloggs cases.csv"
BAD_ROWS = [("AS-001", "child", "202", "therapy", "2024-13-03", "", "Y")]
POLICY_TOML = (resources.files("careinspect.rules") / "data" / "retention.toml").read_text(encoding="utf-8")


# The pure policy ------------------------------------------------------------------------------------------


def test_dpr1_every_kind_of_record_has_its_period_and_rule() -> None:
    policy = default_retention()
    assert {kind.value for kind in RecordKind} == set(type(policy).model_fields)
    assert {kind: policy.entry(kind).rule for kind in RecordKind} == {
        RecordKind.SUPERSEDED_CASE_LIST: "INF-2",
        RecordKind.CASES: "INF-2",
        RecordKind.SUPERSEDED_UPLOAD: "INF-2",
        RecordKind.INVALID_UPLOAD: "INF-2",
        RecordKind.LATEST_UPLOAD: "INF-2",
        RecordKind.EVIDENCE_SCAN: "EVD-4",
        RecordKind.THEMATIC_UPLOAD: "DPR-1",
        RecordKind.THEMATIC_FIELDWORK: "DPR-1",
        RecordKind.MESSAGES: "DPR-1",
        RecordKind.ORPHAN_FILE: "INF-2",
    }


def test_dpr1_a_thematic_upload_is_due_a_year_after_the_programme_report_and_a_scan_on_publication() -> None:
    assert due_on("thematic_upload", d("2026-01-15")) == d("2027-01-15")
    assert due_on(RecordKind.EVIDENCE_SCAN, PUBLISHED) == PUBLISHED
    assert due_on("orphan_file", THE_DAY_BEFORE) == PUBLISHED


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("days = 365", "days = -1"), "thematic_upload.days"),
        (('rule = "DPR-1"', 'rule = "one year"'), "thematic_upload.rule"),
        (('after = "stored"', 'after = "report_published"'), "orphan_file.after"),
        (("days = 1\n", "days = 0\n"), "orphan_file.days"),
        (
            ('inspection_kinds = ["raa-thematic"]', 'inspection_kinds = ["raa"]'),
            "thematic_upload.inspection_kinds.0",
        ),
        (("[cases]", "[case_rows]"), "cases"),
        (("days = 0", "days = 9"), "superseded_case_list.days"),  # the first entry outlives `cases`
    ],
    ids=[
        "negative-days",
        "bad-rule",
        "orphan-after-report",
        "orphan-same-day",
        "unknown-kind",
        "renamed",
        "replaced-list-outlives-current",
    ],
)
def test_a_bad_policy_names_its_key(change: tuple[str, str], key: str) -> None:
    old, new = change
    assert old in POLICY_TOML
    with pytest.raises(RuleViolation) as bad:
        retention_from_toml(POLICY_TOML.replace(old, new, 1))
    assert bad.value.field == key
    assert str(bad.value).startswith(f"{key}: retention.toml: ")


def test_every_file_field_stores_under_a_folder_the_orphan_search_looks_in() -> None:
    for model, name in retention._file_fields():
        upload_to = model._meta.get_field(name).upload_to  # type: ignore[union-attr]
        folder = upload_to.split("/")[0] if isinstance(upload_to, str) else upload_to.__name__
        assert folder in (*retention.STORED_FOLDERS, "_upload_path"), (model, name)


# The world ------------------------------------------------------------------------------------------------


@dataclass
class World:
    inspection: Inspection
    other: Inspection
    uploads: list[Upload]  # the published inspection's case list versions: valid, with errors, valid
    case_lists: list[CaseList]  # oldest first; the last is the current one
    scanned: Evidence
    old_orphan: str
    fresh_orphan: str
    outside: str


def media() -> Path:
    return Path(settings.MEDIA_ROOT)


def stored_files() -> set[str]:
    return {str(p.relative_to(media())) for p in media().rglob("*") if p.is_file()}


def written_on(name: str, moment: datetime) -> str:
    path = media() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"case_ref\nAS-001\n")
    os.utime(path, (moment.timestamp(), moment.timestamp()))
    return name


def asa(urn: str, name: str) -> Provider:
    return Provider.objects.create(
        kind="ASA",
        urn=urn,
        name=name,
        registration_date=d("2018-03-01"),
        registered_manager="Priya Patel",
        responsible_individual="Tom Okafor",
    )


def case_list_request(inspection: Inspection) -> InformationRequest:
    return InformationRequest.objects.get(inspection=inspection, dataset_kind="asa_case_list")


@pytest.fixture
def people(db: None) -> dict[str, User]:
    return {"inspector": _user("insp", INSPECTOR), "manager": _user("rim", MANAGER)}


@pytest.fixture
def world(people: dict[str, User]) -> World:
    agency = asa("SC100001", "Agency A Adoption Support")
    staff = _user("staff-a", PROVIDER_USER, agency)
    walk = Walk(
        inspector=people["inspector"], manager=people["manager"], provider_user=staff, provider=agency
    )
    walk.to(Status.NOTIFIED)
    request = case_list_request(walk.current)
    uploads = [
        receive_upload(request, by=staff, filename=NAMED, data=case_list_csv(4), now=at("2025-12-04")),
        receive_upload(
            request, by=staff, filename=NAMED, data=case_list_csv(0, rows=BAD_ROWS), now=at("2025-12-05")
        ),
        receive_upload(request, by=staff, filename=NAMED, data=case_list_csv(5), now=at("2025-12-08")),
    ]
    walk.to(Status.PREPARING)  # the inspector files a case list of their own, which replaces the agency's
    case = walk.current.cases.order_by("case_ref").first()
    assert case is not None
    note = walk.record_evidence(
        source="written_record",
        text="Notes on the support plan for AB.",
        handwritten=True,
        case_ids=[case.pk],
    )
    walk.to(Status.ON_SITE)
    scanned = evidence_services.attach_scan(
        note, by=walk.inspector, filename="Jo Bloggs notes.png", data=png(), now=at(walk.end)
    )
    assert walk.to(Status.PUBLISHED).published_on == PUBLISHED

    other_agency = asa("SC100002", "Agency B Adoption Support")
    other_staff = _user("staff-b", PROVIDER_USER, other_agency)
    other = Walk(
        inspector=people["inspector"],
        manager=people["manager"],
        provider_user=other_staff,
        provider=other_agency,
        scheduled_on=d("2026-02-02"),
        start=d("2026-03-04"),
        end=d("2026-03-06"),
    )
    other.to(Status.NOTIFIED)
    receive_upload(
        case_list_request(other.current),
        by=other_staff,
        filename="cases.csv",
        data=case_list_csv(7),
        now=at("2026-02-20"),
    )
    return World(
        inspection=walk.current,
        other=other.current,
        uploads=uploads,
        case_lists=list(CaseList.objects.filter(inspection=walk.current).order_by("pk")),
        scanned=scanned,
        old_orphan=written_on("uploads/999/1/v1-Jo Bloggs.csv", datetime(2026, 1, 27, 12, tzinfo=LONDON)),
        fresh_orphan=written_on("uploads/999/1/v2-Jo Bloggs.csv", datetime(2026, 1, 28, 1, tzinfo=LONDON)),
        outside=written_on("exports/orphan.csv", datetime(2025, 1, 1, tzinfo=LONDON)),
    )


def history(model: type[models.Model]) -> Any:
    return model.history.model  # type: ignore[attr-defined]


def table_counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m._default_manager.count() for m in apps.get_models(include_auto_created=True)
    }


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {label: after[label] - before[label] for label in before if after[label] != before[label]}


def run(today: date, *, dry_run: bool = False) -> retention.Report:
    return retention.run(today, NOW, dry_run=dry_run, by=BY)


def summary(report: retention.Report) -> list[tuple[str, str, str, int, int]]:
    return [(d.kind.value, d.rule, d.what, d.rows, d.bytes) for d in report.disposed]


# Runs -----------------------------------------------------------------------------------------------------


def test_inf2_the_day_before_publication_is_due_nothing_goes(world: World) -> None:
    counts, files = table_counts(), stored_files()

    report = run(THE_DAY_BEFORE)

    assert report.disposed == []
    assert (table_counts(), stored_files()) == (counts, files)
    until = {k.what: k.until for k in report.kept}
    assert until[f"portal.upload {world.uploads[1].pk}"] == PUBLISHED
    assert until[f"inspections.evidence {world.scanned.pk} scan"] == PUBLISHED
    assert until["file uploads/999/1/v1-….csv"] == PUBLISHED
    assert until["file uploads/999/1/v2-….csv"] == d("2026-01-29")


def test_dpr1_exactly_what_is_due_goes_with_its_history_and_files_and_nothing_else(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pk = world.inspection.pk
    valid_v1, invalid_v2, used_v3 = world.uploads
    replaced, current = world.case_lists[:2], world.case_lists[2]
    figures = Upload.objects.get(pk=used_v3.pk).measures
    case_history = history(Case).objects.filter(inspection_id=pk).count()
    list_history = history(CaseList).objects.filter(id__in=[c.pk for c in world.case_lists]).count()
    upload_history = history(Upload).objects.filter(id__in=[valid_v1.pk, invalid_v2.pk]).count()
    cases = Case.objects.filter(inspection_id=pk).count()
    assert (list_history, upload_history, cases) == (3, 2, 5)
    # The tracked cases' changes and, while a new case list deletes the old cases one by one, a deletion
    # row for each of the 4 + 5 cases of the two lists it replaced.
    assert case_history >= 2
    other_files = {Upload.objects.get(request__inspection=world.other).original.name}
    counts, files = table_counts(), stored_files()
    sizes = {name: (media() / name).stat().st_size for name in files}

    with django_capture_on_commit_callbacks() as on_commit, CaptureQueriesContext(connection) as queries:
        report = run(PUBLISHED)
    # Set-based: one statement for the cases, and no deletion history written for what is going.
    statements = [q["sql"] for q in queries.captured_queries]
    assert sum(sql.startswith('DELETE FROM "inspections_case"') for sql in statements) == 1
    assert not [sql for sql in statements if sql.startswith("INSERT INTO") and "historical" in sql]
    # Until the transaction commits, every file is still there: a rollback would leave rows and files.
    assert stored_files() == files
    for callback in on_commit:
        callback()

    assert changed(counts, table_counts()) == {
        "inspections.caselist": -3,
        "inspections.historicalcaselist": -list_history,
        "inspections.case": -cases,
        "inspections.historicalcase": -case_history,
        "inspections.evidence_cases": -1,
        "portal.upload": -2,
        "portal.historicalupload": -upload_history,
        "core.disposal": len(report.disposed),
    }
    assert stored_files() == other_files | {world.fresh_orphan, world.outside}
    assert not history(Case).objects.filter(case_list_id__in=[c.pk for c in world.case_lists]).exists()

    # What stays: the used version's figures, the typed evidence, the published report, the due list's past.
    used = Upload.objects.get(pk=used_v3.pk)
    assert (used.original.name, used.original_name, used.validation, used.measures) == ("", "", {}, figures)
    assert set(history(Upload).objects.filter(id=used.pk).values_list("original", "original_name")) == {
        ("", "")
    }
    note = Evidence.objects.get(pk=world.scanned.pk)
    assert (note.scan.name, note.scan_sha256, note.scanned_on) == (
        "",
        world.scanned.scan_sha256,
        d("2025-12-19"),
    )
    assert not history(Evidence).objects.filter(id=note.pk).exclude(scan="").exists()
    assert PublishedReport.objects.filter(inspection_id=pk).exists()
    # The SCCIF guidance sets no period for the inspection's emails (retention.toml, `messages`): they stay.
    assert Message.objects.filter(inspection_id=pk, kind="notice", rule="NTC-1").exists()
    assert PastInspection.objects.filter(
        provider=world.inspection.provider, end_date=d("2025-12-19")
    ).exists()

    assert [(d.kind.value, d.rule, d.what) for d in report.disposed] == [
        ("superseded_case_list", "INF-2", f"inspections.caselist {replaced[0].pk}"),
        ("superseded_case_list", "INF-2", f"inspections.caselist {replaced[1].pk}"),
        ("cases", "INF-2", f"inspections.case ×5 (inspection {pk})"),
        ("cases", "INF-2", f"inspections.caselist {current.pk}"),
        ("superseded_upload", "INF-2", f"portal.upload {valid_v1.pk}"),
        ("invalid_upload", "INF-2", f"portal.upload {invalid_v2.pk}"),
        ("latest_upload", "INF-2", f"portal.upload {used_v3.pk}"),
        ("evidence_scan", "EVD-4", f"inspections.evidence {note.pk} scan"),
        ("orphan_file", "INF-2", "file uploads/999/1/v1-….csv"),
    ]
    assert sum(d.bytes for d in report.disposed) == sum(sizes[n] for n in files - stored_files())
    kept = {k.what: (k.until, k.why) for k in report.kept}
    assert kept["file uploads/999/1/v2-….csv"][0] == d("2026-01-29")
    assert kept[f"inspections.publishedreport {PublishedReport.objects.get(inspection_id=pk).pk}"][0] is None
    assert "aggregate figures" in kept[f"portal.upload {used_v3.pk}"][1]


def test_dpr1_each_disposal_is_logged_with_its_rule_and_no_file_name(world: World) -> None:
    assert sum("Bloggs" in name for name in stored_files()) == 6  # 3 versions, the scan, 2 orphans

    report = run(PUBLISHED)

    logged = list(Disposal.objects.order_by("pk"))
    assert [(e.kind, e.rule, e.what, e.rows, e.bytes_freed) for e in logged] == summary(report)
    assert {(e.at, e.by, e.inspection_pk) for e in logged if e.kind != "orphan_file"} == {
        (NOW, BY, world.inspection.pk)
    }
    assert all(e.why for e in logged)
    assert not [e.what for e in logged if "Bloggs" in f"{e.what} {e.file} {e.why}"]
    assert "Bloggs" not in json.dumps(report.as_dict())


def test_dpr1_a_dry_run_says_what_would_go_and_changes_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    counts, files = table_counts(), stored_files()

    with django_capture_on_commit_callbacks(execute=True) as on_commit:
        dry = run(PUBLISHED, dry_run=True)

    assert on_commit == []
    assert (table_counts(), stored_files()) == (counts, files)
    assert dry.dry_run and len(dry.disposed) == 9
    real = run(PUBLISHED)
    assert summary(dry) == summary(real)


def test_dpr1_a_second_run_finds_nothing_more(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run(PUBLISHED)
    counts, files = table_counts(), stored_files()

    again = run(PUBLISHED)

    assert again.disposed == []
    assert (table_counts(), stored_files()) == (counts, files)


def test_evd4_nothing_goes_while_a_legal_hold_is_open(world: World, people: dict[str, User]) -> None:
    RetentionHold.objects.create(
        inspection=world.inspection,
        reason="Judicial review lodged",
        placed_by=people["manager"],
        placed_on=d("2026-01-20"),
        lifted_on=d("2026-02-02"),
    )

    held = run(PUBLISHED)

    assert [d.kind.value for d in held.disposed] == ["orphan_file"]
    reasons = {k.what: k for k in held.kept}
    scan = reasons[f"inspections.evidence {world.scanned.pk} scan"]
    assert scan.until is None and "legal hold placed on 2026-01-20 is open (EVD-4)" in scan.why
    assert Evidence.objects.get(pk=world.scanned.pk).scan.name == world.scanned.scan.name

    lifted = run(d("2026-02-02"))
    assert f"inspections.evidence {world.scanned.pk} scan" in {d.what for d in lifted.disposed}


@pytest.mark.django_db
def test_evd4_an_open_complaint_holds_the_inspection(people: dict[str, User]) -> None:
    agency = asa("SC100003", "Agency C Adoption Support")
    staff = _user("staff-c", PROVIDER_USER, agency)
    walk = Walk(
        inspector=people["inspector"], manager=people["manager"], provider_user=staff, provider=agency
    )
    walk.to(Status.DRAFT_SENT)
    complaint = reporting.respond_to_draft(
        walk.current, by=staff, kind="complaint", text="The judgement is wrong.", now=at("2026-01-14")
    )
    assert "complaint" in retention.held_by(walk.current, PUBLISHED)

    reporting.answer_complaint(
        complaint, by=_user("rim2", MANAGER), answer="Considered.", now=at("2026-01-16")
    )
    assert retention.held_by(walk.current, PUBLISHED) == ""


def test_dpr1_a_record_something_else_still_refers_to_is_kept_and_the_rest_goes(world: World) -> None:
    replaced = world.case_lists[0]
    # Something outside the policy's knowledge still points at a replaced list (here: a stray case).
    Case.objects.create(
        inspection=world.other, case_list=replaced, case_ref="STRAY-1", service_user_type="child"
    )
    case_history = history(Case).objects.filter(case_list_id=replaced.pk).count()

    report = run(PUBLISHED)

    assert f"inspections.caselist {replaced.pk}" not in {d.what for d in report.disposed}
    kept = {k.what: k.why for k in report.kept}
    assert (
        "not disposed of: inspections.case still refers to it" in kept[f"inspections.caselist {replaced.pk}"]
    )
    # Its savepoint rolled back whole: the history rows it deleted first are back.
    assert history(Case).objects.filter(case_list_id=replaced.pk).count() == case_history
    assert CaseList.objects.filter(pk=replaced.pk).exists()
    assert (media() / replaced.original.name).exists()
    assert len(report.disposed) == 8


# The thematic side (DPR-1) --------------------------------------------------------------------------------


def test_dpr1_a_thematic_inspections_uploads_go_a_year_after_the_programme_report_and_its_figures_stay(
    people: dict[str, User], tmp_path: Path
) -> None:
    raa = Provider.objects.create(
        kind="RAA", urn="RA000001", name="Coast and Vale Adoption", registration_date=d("2019-01-01")
    )
    for n, code in enumerate(DEFAULT_MEMBERS):
        la, _ = LocalAuthority.objects.get_or_create(
            code=code, defaults={"name": f"Council {n}", "region": "South East"}
        )
        raa.member_las.add(la)
    staff = _user("raa-staff", PROVIDER_USER, raa)
    inspection = announce(
        raa,
        kind="raa-thematic",
        lead_inspector=people["inspector"],
        start=d("2025-10-13"),
        end=d("2025-10-16"),
        by=people["manager"],
        now=at("2025-10-06"),
    )
    a1 = inspection.information_requests.get(dataset_kind="a1")
    with_errors = receive_upload(
        a1, by=staff, filename="a1.xlsx", data=a1_workbook(tmp_path, errors=5), now=at("2025-10-07", 9)
    )
    used = receive_upload(
        a1, by=staff, filename="a1.xlsx", data=a1_workbook(tmp_path, name="b.xlsx"), now=at("2025-10-07", 11)
    )
    purpose = receive_upload(
        inspection.information_requests.get(position=2),
        by=staff,
        filename="purpose.pdf",
        data=b"%PDF-1.7\n" + b"x" * 64,
        now=at("2025-10-07", 12),
    )
    for step, day in (
        ("confirm_sample", "2025-10-08"),
        ("start_on_site", "2025-10-13"),
        ("give_summary", "2025-10-16"),
        ("include_in_report", "2026-01-15"),
    ):
        move(inspection, step, people["manager"], at(day))
    figures = Upload.objects.get(pk=used.pk).measures
    assert figures
    # The letter of notice (NTC-2), kept as not sent: the RAA's staff have no address on file.
    [notice] = Message.objects.filter(inspection=inspection)

    a_day_early = run(d("2027-01-14"))
    assert a_day_early.disposed == []
    assert {k.until for k in a_day_early.kept} == {d("2027-01-15")}

    counts = table_counts()
    report = run(d("2027-01-15"))

    assert [(d.kind.value, d.rule, d.what) for d in report.disposed] == [
        ("thematic_upload", "DPR-1", f"portal.upload {used.pk}"),
        ("thematic_upload", "DPR-1", f"portal.upload {with_errors.pk}"),
        ("thematic_upload", "DPR-1", f"portal.upload {purpose.pk}"),
        ("messages", "DPR-1", f"messaging.message {notice.pk}"),
    ]
    assert changed(counts, table_counts()) == {
        "portal.upload": -2,
        "portal.historicalupload": -2,
        "messaging.message": -1,
        "messaging.historicalmessage": -1,
        "core.disposal": 4,
    }
    kept = Upload.objects.get(pk=used.pk)
    assert (kept.original.name, kept.validation, kept.measures) == ("", {}, figures)
    assert {k.what: k.until for k in report.kept} == {f"portal.upload {used.pk}": None}


# The command and the task ---------------------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        # A command closes every connection when it ends; the test's transaction must outlive it
        # (PostgreSQL: the counts taken after it would find the connection closed).
        with mock.patch("django.core.management.base.connections.close_all"):
            main(["retention", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_its_json_and_a_dry_run_changes_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = table_counts()

    code, out, err = cli(capsys, "run", "--today", "2026-01-28", "--dry-run", "--json")

    assert code == 0, err
    answer = json.loads(out)
    assert set(answer) == {"today", "dry_run", "disposed", "kept"}
    assert (answer["today"], answer["dry_run"], len(answer["disposed"])) == ("2026-01-28", True, 9)
    assert set(answer["disposed"][0]) == {"kind", "what", "why", "rule", "rows", "bytes", "file"}
    assert {"what", "until", "why"} == set(answer["kept"][0])
    assert table_counts() == counts


@pytest.mark.django_db
def test_the_command_refuses_a_bad_date_in_one_line_naming_the_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(capsys, "run", "--today", "2026-02-30", "--json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--today" in err


def test_the_nightly_task_reads_the_clock_and_disposes_logging_itself(world: World) -> None:
    with time_machine.travel(datetime(2026, 2, 2, 2, 0, tzinfo=LONDON), tick=False):
        result = run_retention.enqueue()

    assert result.status == "SUCCESSFUL", result.errors
    assert result.return_value["today"] == "2026-02-02"
    assert result.return_value["dry_run"] is False
    assert len(result.return_value["disposed"]) == 10  # both orphans are a day old by then
    assert set(Disposal.objects.values_list("by", flat=True)) == {"task run_retention"}
