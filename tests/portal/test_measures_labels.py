"""The A1 measures page reads as words (issue 15): every measure has a label, local authorities are named
from the registry on the page and in its CSV, and a contents list leads to each group of measures."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careinspect.datasets.a1.generate import generate_a1, write_a1
from careinspect.datasets.a1.measures import GROUP_LABELS, MEASURE_LABELS, full_label
from careinspect.datasets.validate import validate_dataset
from careinspect.inspections.models import Inspection
from careinspect.portal import measures, services
from careinspect.registry.models import LocalAuthority
from tests.clock import tick
from tests.portal.conftest import a1_workbook

PERIOD_END = date(2025, 9, 30)


def measured(tmp_path: Path, seed: int) -> dict[str, Any]:
    generated = generate_a1(80, 60, 70, seed=seed, period_end=PERIOD_END)
    workbook = write_a1(generated, tmp_path / f"a1-{seed}.xlsx", fmt="xlsx")
    result = validate_dataset("a1", workbook, period_end=PERIOD_END)
    assert result.valid
    return result.measures


def every_path(tree: dict[str, Any]) -> set[tuple[str, ...]]:
    found = set()
    for scope in measures.scopes(tree):
        found |= {(r.group, *r.path) for r in measures.rows(tree, scope)}
    return found


def test_every_a1_measure_has_a_label_and_every_label_a_measure(tmp_path: Path) -> None:
    paths = every_path(measured(tmp_path, 3)) | every_path(measured(tmp_path, 11))
    assert paths - set(MEASURE_LABELS) == set()  # no measure shown by its keys
    assert set(MEASURE_LABELS) - paths == set()  # no label for a measure that is not made
    assert {group for group, *_ in paths} == set(GROUP_LABELS)


def test_labels_are_words_not_keys_and_each_group_reads_each_measure_once() -> None:
    for label in MEASURE_LABELS.values():
        assert "_" not in label and "›" not in label, label
        assert label[0].isupper(), label
    for group in GROUP_LABELS:
        labels = [label for (g, *_), label in MEASURE_LABELS.items() if g == group]
        assert len(labels) == len(set(labels)), group
    assert MEASURE_LABELS["adopters", "stages", "stage1_days"] == (
        "Days in stage 1 (registration to stage 1 decision)"
    )
    assert full_label("adopters", ("stages", "stage1_days")) == (
        "Adopters: days in stage 1 (registration to stage 1 decision)"
    )
    assert MEASURE_LABELS[
        "children", "waits_longer", "aged_5_plus", "without", "match_to_placement_days"
    ] == ("Aged under 5 at the decision: days from match to placement")


def test_a_measure_the_table_does_not_know_still_reads_as_words() -> None:
    row = measures.MeasureRow("adopters", ("new_measure_days",), {"count": 1})
    assert row.label == "new measure days" and row.group_label == "Adopters"
    assert measures.group_label("new_group") == "New group"


def test_the_rows_carry_their_labels_in_reading_order(tmp_path: Path) -> None:
    labels = [r.label for r in measures.rows(measured(tmp_path, 5))]
    assert labels[:3] == [
        "Households in the dataset",
        "Households approved in the period",
        "Days from registration of interest to approval",
    ]


@pytest.mark.django_db
def test_the_measures_page_names_las_labels_measures_and_lists_its_contents(
    thematic: Inspection, raa_staff: User, people: dict[str, User], tmp_path: Path
) -> None:
    request = thematic.information_requests.get(dataset_kind="a1")
    services.receive_upload(request, by=raa_staff, filename="a1.xlsx", data=a1_workbook(tmp_path), now=tick())
    names = dict(LocalAuthority.objects.values_list("code", "name"))
    client = Client()
    client.force_login(people["inspector"])
    page = client.get(f"/inspections/{thematic.pk}/measures/").content.decode()
    # The contents list: a link to each group's heading, in the order the page gives them.
    start = page.index('id="measures-contents"')
    contents = page[start : page.index("</nav>", start)]
    links = re.findall(r'href="#(group-[a-z_]+)">([^<]+)</a>', contents)
    assert [label for _, label in links] == list(GROUP_LABELS.values())
    for anchor, label in links:
        assert f'<h2 class="govuk-heading-m" id="{anchor}">{label}</h2>' in page
    # Labels, not keys; local authorities by name with their code, never "Local authority 850".
    assert "Days in stage 1 (registration to stage 1 decision)" in page
    assert "stage1 days" not in page and "›" not in page
    assert "Local authority " not in page
    for code in ("850", "852"):
        assert f'<option value="{code}">{names[code]} ({code})</option>' in page
    # One LA's figures: the select keeps it, and the groups it has are listed.
    one = client.get(f"/inspections/{thematic.pk}/measures/?scope=850").content.decode()
    assert f'<option value="850" selected>{names["850"]} (850)</option>' in one
    assert 'href="#group-sufficiency"' in one

    body = client.get(f"/portal/team/inspections/{thematic.pk}/measures.csv").content.decode()
    table = list(csv.DictReader(io.StringIO(body)))
    assert list(table[0]) == [
        "scope", "group", "measure", "count", "of", "share", "median", "p90", "max",
        "scope_name", "measure_key",
    ]  # fmt: skip
    assert {r["scope_name"] for r in table if r["scope"] == "raa"} == {"The whole RAA"}
    assert {r["scope_name"] for r in table if r["scope"] == "850"} == {f"{names['850']} (850)"}
    stage1 = next(r for r in table if r["scope"] == "raa" and r["measure_key"] == "stages.stage1_days")
    assert stage1["group"] == "adopters"
    assert stage1["measure"] == "Days in stage 1 (registration to stage 1 decision)"
