"""The A1 dataset as a kind of dataset: its schema for one upload, and its measures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from careinspect.datasets.a1.measures import a1_measures
from careinspect.datasets.a1.period import default_period_end
from careinspect.datasets.a1.rules import a1_checks
from careinspect.datasets.a1.schema import SHEETS
from careinspect.datasets.kinds import DatasetKind
from careinspect.datasets.schema import Schema


def a1_schema(period_end: date, member_la_codes: Sequence[str] | None = None) -> Schema:
    return Schema("a1", "RAA A1 dataset", SHEETS, a1_checks(period_end, member_la_codes))


A1 = DatasetKind(
    name="a1",
    title="RAA A1 dataset (INF-1)",
    schema=a1_schema,
    default_period_end=default_period_end,
    measures=a1_measures,
    rule="INF-1",
)
