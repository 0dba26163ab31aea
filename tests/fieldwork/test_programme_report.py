"""The one programme report (THM-7): findings under the 5 themes across the RAAs, the RAAs with their dates,
the cross-RAA charts with counts under 5 suppressed, the manager's check, the identifying-text check that
blocks publication (DPR-2), the public HTML and PDF; and who may do what."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client

from careinspect.fieldwork import charts, services
from careinspect.fieldwork.models import PublishedProgrammeReport
from careinspect.inspections.events import EventType
from careinspect.rules.errors import RuleViolation
from careinspect.rules.lifecycle import Status
from careinspect.scenarios.thematic_fieldwork import FINDINGS, REPORT, at, publish_programme
from tests.fieldwork.conftest import ANNOUNCED_1, ANNOUNCED_2, Programme2023, walk

pytestmark = pytest.mark.django_db
PUBLISHED = date(2024, 3, 26)


@pytest.fixture
def ended(autumn: Programme2023, people: dict[str, User]) -> Programme2023:
    walk(autumn.first, people["inspector"], ANNOUNCED_1)
    walk(autumn.second, people["inspector"], ANNOUNCED_2)
    autumn.first.refresh_from_db()
    autumn.second.refresh_from_db()
    assert {autumn.first.status_enum, autumn.second.status_enum} == {Status.SUMMARY_GIVEN}
    return autumn


def _write_all(ended: Programme2023, people: dict[str, User], **changes: str) -> None:
    for theme, (summary, text) in FINDINGS.items():
        services.write_finding(
            ended.programme,
            by=people["inspector"],
            now=at(date(2024, 3, 1)),
            theme=theme,
            summary=summary,
            text=changes.get(theme, text),
        )
    services.update_report(
        ended.programme,
        by=people["manager"],
        now=at(date(2024, 3, 4)),
        title="Regional adoption agencies: thematic inspection report",
        **REPORT,
    )


def test_dpr2_a_report_naming_jane_smith_aged_7_is_not_published_until_changed(
    ended: Programme2023, people: dict[str, User]
) -> None:
    manager = people["manager"]
    named = "Jane Smith, aged 7, waited two years for a family. " + FINDINGS["adoption_support"][1]
    _write_all(ended, people, adoption_support=named)
    services.check_report(ended.programme, by=manager, now=at(date(2024, 3, 20)))
    with pytest.raises(RuleViolation) as blocked:
        services.publish_report(ended.programme, by=manager, now=at(PUBLISHED, 9))
    assert (blocked.value.rule, blocked.value.field) == ("DPR-2", "sections")
    assert "Jane Smith, aged 7" in blocked.value.message
    assert [f.text for f in services.open_findings(ended.programme)] == ["Jane Smith, aged 7"]
    assert not PublishedProgrammeReport.objects.exists()
    ended.first.refresh_from_db()
    assert ended.first.status_enum is Status.SUMMARY_GIVEN
    # Changed: the check finds nothing, the manager checks it again, and it is published.
    services.write_finding(
        ended.programme,
        by=people["inspector"],
        now=at(date(2024, 3, 21)),
        theme="adoption_support",
        summary="",
        text="A child waited two years for a family.",
    )
    with pytest.raises(RuleViolation) as unchecked:
        services.publish_report(ended.programme, by=manager, now=at(PUBLISHED, 9))
    assert (unchecked.value.rule, unchecked.value.field) == ("THM-7", "report")
    services.check_report(ended.programme, by=manager, now=at(date(2024, 3, 22)))
    assert (
        services.publish_report(ended.programme, by=manager, now=at(PUBLISHED, 9)).published_on == PUBLISHED
    )


def test_thm7_findings_under_every_theme_before_publication(
    ended: Programme2023, people: dict[str, User]
) -> None:
    services.update_report(
        ended.programme, by=people["manager"], now=at(date(2024, 3, 4)), title="Report", **REPORT
    )
    services.check_report(ended.programme, by=people["manager"], now=at(date(2024, 3, 5)))
    with pytest.raises(RuleViolation) as missing:
        services.publish_report(ended.programme, by=people["manager"], now=at(PUBLISHED))
    assert (missing.value.rule, missing.value.field) == ("THM-7", "findings")


def test_thm7_published_report_names_the_raas_with_dates_and_the_inspections_are_reported(
    ended: Programme2023, people: dict[str, User]
) -> None:
    published = publish_programme(
        ended.programme, team=people["inspector"], manager=people["manager"], day=PUBLISHED
    )
    assert published.content["raas"] == [
        {
            "raa": "Coast and Vale Adoption",
            "start": "2023-10-30",
            "end": "2023-11-02",
            "dates": "30 October 2023 to 2 November 2023",
        },
        {
            "raa": "Moor and Dale Adoption",
            "start": "2023-11-06",
            "end": "2023-11-09",
            "dates": "6 November 2023 to 9 November 2023",
        },
    ]
    assert [f["theme"] for f in published.content["findings"]] == list(FINDINGS)
    for inspection in (ended.first, ended.second):
        inspection.refresh_from_db()
        assert inspection.status_enum is Status.REPORTED and inspection.published_on == PUBLISHED
        assert inspection.events.filter(type=EventType.INCLUDE_IN_REPORT).count() == 1
    ended.programme.refresh_from_db()
    assert ended.programme.status == "published"
    with pytest.raises(RuleViolation):  # published once, never changed
        services.write_finding(
            ended.programme,
            by=people["inspector"],
            now=at(PUBLISHED, 12),
            theme="adoption_support",
            summary="",
            text="Later",
        )

    anonymous = Client()
    page = anonymous.get(f"/reports/programmes/{ended.programme.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "30 October 2023 to 2 November 2023" in html and "Moor and Dale Adoption" in html
    assert "Timeliness of adopter assessment" in html and "Annex: inspection methodology" in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    pdf = anonymous.get(f"/reports/programmes/{ended.programme.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    listing = anonymous.get("/reports/").content.decode()
    assert "Regional adoption agencies: thematic inspection report" in listing


def test_charts_suppress_counts_under_5_with_the_datasets_function() -> None:
    measures = {
        "raa": {
            "adopters": {"interest_to_approval_days": {"count": 3, "median": 280, "p90": 400, "max": 410}},
            "support": {"request_to_support_days": {"count": 12, "median": 90, "p90": 200, "max": 260}},
            "children": {
                "waits_longer": {
                    "any": {
                        "with": {
                            "decision_to_placement_days": {
                                "count": 0,
                                "median": None,
                                "p90": None,
                                "max": None,
                            }
                        },
                        "without": {
                            "decision_to_placement_days": {"count": 5, "median": 150, "p90": 300, "max": 320}
                        },
                    }
                }
            },
        }
    }
    figures = charts.figures([("Coast and Vale Adoption", measures)])
    by_key = {c["key"]: c["rows"] for c in figures["charts"]}
    assert by_key["adopter_assessment"][0] == {
        "raa": "Coast and Vale Adoption",
        "group": "",
        "count": "c",
        "median": "c",
        "p90": "c",
        "max": "c",
    }
    assert by_key["adoption_support"][0]["median"] == 90
    assert [r["count"] for r in by_key["children_who_wait"]] == [0, 5]  # 0 discloses no one; 5 is shown
    drawn = {c["key"]: c for c in charts.drawn(figures)}
    assert drawn["adopter_assessment"]["rows"][0]["suppressed"] is True
    assert drawn["adopter_assessment"]["rows"][0]["median_pct"] is None
    assert drawn["adoption_support"]["rows"][0]["median_pct"] == round(100 * 90 / 260, 1)


def test_charts_shown_publicly_never_carry_a_count_under_5(
    ended: Programme2023, people: dict[str, User]
) -> None:
    published = publish_programme(
        ended.programme, team=people["inspector"], manager=people["manager"], day=PUBLISHED
    )
    counts = [
        row["count"] for chart in published.figures["charts"] for row in chart["rows"] if "count" in row
    ]
    assert counts and not [c for c in counts if isinstance(c, int) and 0 < c < 5]
    published.figures["charts"][0]["rows"][0].update({"count": "c", "median": "c", "p90": "c", "max": "c"})
    published.save()
    html = Client().get(f"/reports/programmes/{ended.programme.pk}/").content.decode()
    assert "c (fewer than 5)" in html


def test_permissions_on_the_programme_pages(ended: Programme2023, people: dict[str, User]) -> None:
    pk = ended.programme.pk
    client = Client()
    client.force_login(ended.raa_staff)
    assert client.get(f"/fieldwork/programmes/{pk}/").status_code == 403
    assert client.get(f"/fieldwork/inspections/{ended.first.pk}/").status_code == 403
    assert client.post(f"/api/fieldwork/programmes/{pk}/report/publish").status_code in {403, 404}
    client.force_login(people["inspector"])
    assert client.get(f"/fieldwork/programmes/{pk}/report/").status_code == 403
    assert "Save the findings" in client.get(f"/fieldwork/programmes/{pk}/").content.decode()
    client.force_login(people["qa"])
    page = client.get(f"/fieldwork/programmes/{pk}/").content.decode()
    assert "Save the findings" not in page and "Record the meeting" not in page
    assert (
        client.post(
            f"/fieldwork/programmes/{pk}/", {"form": "finding", "theme": "adoption_support", "text": "x"}
        ).status_code
        == 403
    )
    client.force_login(people["manager"])
    editor = client.get(f"/fieldwork/programmes/{pk}/report/")
    assert editor.status_code == 200 and "Save the report" in editor.content.decode()
    assert not PublishedProgrammeReport.objects.exists()


def test_qa_meeting_after_every_inspection_and_the_programme_deadlines(
    autumn: Programme2023, people: dict[str, User]
) -> None:
    from careinspect.core import deadlines

    qa = {
        "held_on": date(2023, 12, 12),
        "format": "group",
        "qa_officer": people["qa"],
        "notes": "Clear letters",
    }
    with pytest.raises(RuleViolation) as early:
        services.record_qa_meeting(
            autumn.programme, by=people["manager"], now=at(date(2023, 12, 12), 15), **qa
        )
    assert early.value.field == "held_on"
    walk(autumn.first, people["inspector"], ANNOUNCED_1)
    walk(autumn.second, people["inspector"], ANNOUNCED_2)
    # Policy defaults: the QA meeting 20 working days and the report 16 weeks after the last fieldwork day
    # (Thursday 9 November 2023): Thursday 7 December 2023 and Thursday 29 February 2024.
    ours = [
        d
        for d in deadlines.between(date(2023, 11, 1), date(2024, 12, 31))
        if d.source.startswith("fieldwork.")
    ]
    due = {d.rule: d.due for d in ours if d.rule != "CAS-2"}
    assert due == {"THM-6": date(2023, 12, 7), "THM-7": date(2024, 2, 29)}
    with pytest.raises(PermissionDenied):
        services.record_qa_meeting(autumn.programme, by=people["qa"], now=at(date(2023, 12, 12), 15), **qa)
    services.record_qa_meeting(autumn.programme, by=people["manager"], now=at(date(2023, 12, 12), 15), **qa)
    publish_programme(autumn.programme, team=people["inspector"], manager=people["manager"], day=PUBLISHED)
    owned = [
        d
        for d in deadlines.between(date(2023, 11, 1), date(2025, 12, 31))
        if d.source.startswith("fieldwork.")
    ]
    assert [(d.rule, d.due, d.owners) for d in owned] == [
        ("DPR-1", date(2025, 3, 26), (people["manager"].pk,))
    ]
