"""NOT-4: the annual questionnaires' response counts imported from CSV; errors name the row and column;
the original file is kept; an agency with no responses gets a line of enquiry."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from careinspect.notifications import services
from careinspect.notifications.models import LineOfEnquiry, QuestionnaireImport, QuestionnaireResult
from careinspect.notifications.questionnaires import parse_questionnaire_csv
from careinspect.registry.models import Intelligence, IntelligenceKind
from careinspect.rules.errors import RuleViolation
from tests.notifications.conftest import NOW

pytestmark = pytest.mark.django_db


def test_not4_the_columns_are_read_and_every_error_names_its_row_and_column() -> None:
    rows, errors = parse_questionnaire_csv(
        b"URN,responses\nSC1,3\n,4\nSC2,many\nSC1,2\n\nSC3,-1\nSC4,\xc2\xb2\n"
    )
    assert rows == [("SC1", 3, 2)]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "urn"),
        (4, "responses"),
        (5, "urn"),
        (7, "responses"),
        (8, "responses"),
    ]
    assert parse_questionnaire_csv(b"provider,count\nSC1,1\n")[1][0]["column"] == "urn"
    assert (
        parse_questionnaire_csv(b"urn,responses\n")[1][0]["message"]
        == "the file has no rows under its header"
    )


def test_not4_an_import_keeps_the_file_and_no_responses_becomes_a_line_of_enquiry(
    staff, agency_a, agency_b
) -> None:
    data = b"urn,responses\nSC900001,12\nSC900002,0\n"
    kept = services.import_questionnaires(
        by=staff["inspector"], year=2026, filename="responses.csv", data=data, now=NOW
    )
    assert kept.valid and kept.rows == 2
    assert kept.original.read() == data
    assert {(r.provider.urn, r.responses) for r in QuestionnaireResult.objects.all()} == {
        ("SC900001", 12),
        ("SC900002", 0),
    }
    line = LineOfEnquiry.objects.get()
    assert line.provider == agency_b and line.rule == "NOT-4" and line.pending
    held = Intelligence.objects.filter(kind=IntelligenceKind.QUESTIONNAIRE)
    assert {(i.provider.urn, i.responses) for i in held} == {("SC900001", 12), ("SC900002", 0)}


def test_not4_a_file_with_errors_is_kept_but_nothing_in_it_used(staff, agency_a) -> None:
    data = b"urn,responses\nSC900001,0\nSC999999,3\nSC900002,x\n"
    kept = services.import_questionnaires(
        by=staff["inspector"], year=2026, filename="responses.csv", data=data, now=NOW
    )
    assert not kept.valid
    assert [(e["row"], e["column"], e["message"]) for e in kept.errors] == [
        (3, "urn", "no provider has this URN"),
        (4, "responses", "give the number of responses: a whole number, 0 or more"),
    ]
    assert kept.original.read() == data
    assert not QuestionnaireResult.objects.exists() and not LineOfEnquiry.objects.exists()


def test_not4_only_the_regulators_inspectors_import_and_only_csv(staff) -> None:
    for who in ("qa", "provider_a"):
        with pytest.raises(PermissionDenied):
            services.import_questionnaires(
                by=staff[who], year=2026, filename="r.csv", data=b"urn,responses\n", now=NOW
            )
    with pytest.raises(RuleViolation) as refused:
        services.import_questionnaires(
            by=staff["inspector"], year=2026, filename="r.pdf", data=b"%PDF-1.4\n%%EOF\n", now=NOW
        )
    assert refused.value.field == "file"
    with pytest.raises(RuleViolation) as refused:
        services.import_questionnaires(
            by=staff["inspector"], year=2026, filename="r.csv", data=b"urn,responses\n=cmd(),1\n", now=NOW
        )
    assert refused.value.field == "file"  # formula cells are refused before anything is stored
    assert not QuestionnaireImport.objects.exists()


def test_not4_the_import_page_lists_the_errors(staff, agency_a) -> None:
    client = Client()
    client.force_login(staff["inspector"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        reverse("notifications:questionnaires"),
        {"year": "2026", "file": SimpleUploadedFile("r.csv", b"urn,responses\nSC900001,lots\n", "text/csv")},
        follow=True,
    )
    text = answer.content.decode()
    assert "1 error" in text and "lots" in text and "give the number of responses" in text
    kept = QuestionnaireImport.objects.get()
    assert client.get(reverse("notifications:questionnaire_original", args=[kept.pk])).status_code == 200
    provider = Client()
    provider.force_login(staff["provider_a"])
    assert provider.get(reverse("notifications:questionnaire_original", args=[kept.pk])).status_code == 403
