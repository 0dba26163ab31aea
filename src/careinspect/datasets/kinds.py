"""The datasets the machinery knows, by the name the portal and the command line use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from careinspect.datasets.engine import Prepare
from careinspect.datasets.schema import Schema

Measures = Callable[[dict[str, pl.DataFrame], date], dict[str, Any]]
# Turns the raw sheets into the frames the schema describes (a key/value form into one wide row) and gives
# back a function that points each finding at the sheet's own row.
Relocate = Callable[[list[dict[str, Any]]], None]
Reshape = Callable[[dict[str, pl.DataFrame]], tuple[dict[str, pl.DataFrame], Relocate]]


@dataclass(frozen=True)
class DatasetKind:
    """How to build a kind's schema for one upload (the period and member LAs vary), and what to measure."""

    name: str
    title: str
    schema: Callable[[date, Sequence[str] | None], Schema]
    default_period_end: Callable[[], date]
    prepare: Prepare | None = None
    measures: Measures | None = None
    reshape: Reshape | None = None
    # What `period_end` means for this kind, for help texts: the A1 period's end, or the "as at" date.
    period_label: str = "period end"
    # The rule of the information request the dataset answers (INF-1, INF-2, INF-3): cited when it is refused.
    rule: str = ""

    @property
    def noun(self) -> str:
        """The kind's name without the rules in brackets: "ASA case list form"."""
        return self.title.split(" (")[0]


def dataset_kinds() -> dict[str, DatasetKind]:
    # Imported here so that each kind's module loads only when datasets are used, not with the app.
    from careinspect.datasets.a1.kind import A1
    from careinspect.datasets.asa_case_list import ASA_CASE_LIST
    from careinspect.datasets.asa_pre_inspection import ASA_PRE_INSPECTION
    from careinspect.datasets.ifa_carer_register import IFA_CARER_REGISTER

    return {k.name: k for k in (A1, ASA_CASE_LIST, ASA_PRE_INSPECTION, IFA_CARER_REGISTER)}


KIND_NAMES = ("a1", "asa_case_list", "asa_pre_inspection", "ifa_carer_register")
