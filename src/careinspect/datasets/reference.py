"""Code lists the datasets are checked against. Plain Python: no Django import, so the checks run anywhere."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

# DfE 18-category ethnicity codes (the A1 contract's list), in the order DfE publishes them.
ETHNICITY_CODES: tuple[str, ...] = (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM",
    "MWBC", "MWBA", "MWAS", "MOTH",
    "AIND", "APKN", "ABAN", "AOTH",
    "BCRB", "BAFR", "BOTH",
    "CHNE", "OOTH",
    "REFU", "NOBT",
)  # fmt: skip
WHITE_BRITISH = "WBRI"
WHITE_CODES = frozenset({"WBRI", "WIRI", "WIRT", "WOTH", "WROM"})
NOT_KNOWN_ETHNICITY = frozenset({"REFU", "NOBT"})  # refused, not obtained: in neither group of a split
# "Black and minority ethnic" (docs/datasets/a1.md): every known code outside the white groups.
BME_CODES = frozenset(ETHNICITY_CODES) - WHITE_CODES - NOT_KNOWN_ETHNICITY
# "Minority ethnic" in DfE's wider sense: every known code but white British (white minorities included).
MINORITY_ETHNIC_CODES = frozenset(ETHNICITY_CODES) - {WHITE_BRITISH} - NOT_KNOWN_ETHNICITY


@cache
def english_la_codes() -> frozenset[str]:
    """The 3-digit DfE numbers of England's local authorities, from the registry's reference file.

    Read with the csv module rather than through the registry's models, so this stays free of Django.
    """
    text = (resources.files("careinspect.registry") / "data" / "local_authorities.csv").read_text("utf-8")
    return frozenset(row["code"] for row in csv.DictReader(io.StringIO(text)))
