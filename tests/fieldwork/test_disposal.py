"""Disposal of the programme's personal data a year after its report is published (DPR-1): the case
samples, evidence naming service users, the feedback files, the A1 originals and the emails go, logged;
the published report, its figures, the feedback counts and every other table's rows stay exactly as they
were."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.management import call_command

from careinspect.core.models import Disposal
from careinspect.fieldwork.models import FeedbackImport, PublishedProgrammeReport, ThematicCase, ThemeEvidence
from careinspect.inspections.events import EventType
from careinspect.messaging.models import Message
from careinspect.portal.models import Upload
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.thematic_fieldwork import publish_programme
from tests.core.test_retention import changed, table_counts
from tests.fieldwork.conftest import ANNOUNCED_1, ANNOUNCED_2, Programme2023, walk

pytestmark = pytest.mark.django_db
PUBLISHED = date(2024, 3, 26)
A_YEAR_ON = date(2025, 3, 26)  # 365 days on: the leap day (29 February 2024) fell before publication


@pytest.fixture
def published(autumn: Programme2023, people: dict[str, User]) -> Programme2023:
    walk(autumn.first, people["inspector"], ANNOUNCED_1)
    walk(autumn.second, people["inspector"], ANNOUNCED_2)
    publish_programme(autumn.programme, team=people["inspector"], manager=people["manager"], day=PUBLISHED)
    return autumn


def retention_json(today: date, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    call_command("retention", "run", "--today", today.isoformat(), "--json")
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_dpr1_nothing_goes_the_day_before_a_year_is_up(
    published: Programme2023, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = table_counts()
    answer = retention_json(date(2025, 3, 25), capsys)
    assert answer["disposed"] == []
    fieldwork = [k for k in answer["kept"] if k["what"].startswith("fieldwork.")]  # type: ignore[index, union-attr]
    assert fieldwork and {k["until"] for k in fieldwork} == {"2025-03-26"}  # type: ignore[index]
    assert table_counts() == counts


def test_dpr1_disposal_a_year_after_publication_leaves_everything_else_intact(
    published: Programme2023, capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Any
) -> None:
    programme = published.programme
    report = PublishedProgrammeReport.objects.get(programme=programme)
    frozen = (report.content, report.figures, report.published_on)
    kept_evidence = list(
        ThemeEvidence.objects.filter(names_service_users=False).values("pk", "text", "theme")
    )
    named = ThemeEvidence.objects.filter(names_service_users=True).count()
    cases = ThematicCase.objects.count()
    feedback = list(FeedbackImport.objects.order_by("pk"))
    files = [f.original.name for f in feedback]
    assert named == 2 and cases == 8 and all(default_storage.exists(n) for n in files)
    a1_figures = {u.pk: u.measures for u in Upload.objects.all()}
    # The inspections' emails (each letter of notice, NTC-2) go too, each with its one history row.
    emails = Message.objects.filter(inspection__in=(published.first, published.second)).count()
    assert emails >= 2
    counts = table_counts()

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the disposal commits
        answer = retention_json(A_YEAR_ON, capsys)

    assert set(answer) == {"today", "dry_run", "disposed", "kept"}
    disposed = answer["disposed"]
    assert {(d["kind"], d["rule"]) for d in disposed} == {  # type: ignore[union-attr, index]
        ("thematic_fieldwork", "DPR-1"),
        ("thematic_upload", "DPR-1"),
        ("messages", "DPR-1"),
    }
    # Every other table's row count is unchanged; these change by exactly this much.
    history_rows_of_cases = 2 * cases  # each case: created, then confirmed
    assert changed(counts, table_counts()) == {
        "fieldwork.thematiccase": -cases,
        "fieldwork.historicalthematiccase": -history_rows_of_cases,
        "fieldwork.themeevidence": -named,
        "fieldwork.historicalthemeevidence": -named,
        "messaging.message": -emails,
        "messaging.historicalmessage": -emails,
        "core.disposal": len(disposed),  # type: ignore[arg-type]
        "inspections.inspectionevent": 2,  # each inspection: disposed of
        "inspections.historicalinspection": 2,
        "thematic.historicalprogramme": 1,
    }
    # The published report and its figures, the other evidence, the feedback counts and the A1 figures stay.
    report.refresh_from_db()
    assert (report.content, report.figures, report.published_on) == frozen
    assert list(ThemeEvidence.objects.values("pk", "text", "theme")) == kept_evidence
    assert not ThemeEvidence.objects.filter(case__isnull=False).exists()
    for before, after in zip(feedback, FeedbackImport.objects.order_by("pk"), strict=True):
        assert (after.original.name, after.rows, after.by_group, after.by_theme) == (
            "",
            before.rows,
            before.by_group,
            before.by_theme,
        )
    assert not any(default_storage.exists(n) for n in files)
    assert {u.pk: u.measures for u in Upload.objects.all()} == a1_figures
    assert not Upload.objects.exclude(original="").exists()
    # Logged, and the inspections and the programme are marked disposed of.
    assert Disposal.objects.filter(rule="DPR-1").count() == len(disposed)  # type: ignore[arg-type]
    for inspection in (published.first, published.second):
        inspection.refresh_from_db()
        assert inspection.status_enum is Status.DISPOSED
        assert inspection.events.filter(type=EventType.DISPOSE).count() == 1
    programme.refresh_from_db()
    assert programme.status == "disposed"
    kept = {k["what"]: k["why"] for k in answer["kept"]}  # type: ignore[union-attr, index]
    assert f"fieldwork.publishedprogrammereport {report.pk}" in kept

    # A second run finds nothing more to dispose of.
    assert retention_json(A_YEAR_ON, capsys)["disposed"] == []
