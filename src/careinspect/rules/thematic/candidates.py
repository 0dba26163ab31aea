"""The RAAs a thematic programme may sample, read from a CSV file. Rules: THM-2, THM-3.

Columns: urn, name, region, operating_model, started, member_las, ilacs, la_inspections, size,
registered_as_vaa. `member_las` and `ilacs` are semicolon-separated and in the same order (one ILACS
judgement per member LA); `la_inspections` is semicolon-separated CODE:KIND:DATE, KIND being ILACS or
SEND; `registered_as_vaa` is Y or N. Every error names the line (header = 1) and the column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade
from careinspect.rules.thematic.csvfile import CsvError, read_text, rows
from careinspect.rules.thematic.policy import ThematicPolicy, default_thematic_policy, normalise_model

COLUMNS = (
    "urn",
    "name",
    "region",
    "operating_model",
    "started",
    "member_las",
    "ilacs",
    "la_inspections",
    "size",
    "registered_as_vaa",
)

# The 9 regions of England as the DfE names them (the registry's local_authorities.csv uses the same).
ENGLAND_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)

_T = TypeVar("_T")
_LA_CODE = re.compile(r"^\d{3}$")
_URN = re.compile(r"^[A-Za-z0-9]{1,20}$")  # the registry's URN field holds up to 20 characters


class LaInspectionKind(StrEnum):
    """The local-area inspections that THM-3 keeps apart from a thematic visit."""

    ILACS = "ILACS"
    SEND = "SEND"


@dataclass(frozen=True)
class LaInspection:
    la_code: str
    kind: LaInspectionKind
    day: date


@dataclass(frozen=True)
class CandidateRaa:
    urn: str
    name: str
    region: str
    operating_model: str
    started: date  # when the RAA began operating
    member_las: tuple[str, ...]  # DfE 3-digit codes
    ilacs: tuple[Grade, ...]  # the latest ILACS judgement of each member LA, in member_las order
    la_inspections: tuple[LaInspection, ...]  # ILACS or SEND inspections of member LAs, scheduled or held
    size: int  # adoptions a year
    registered_as_vaa: bool
    line: int = 0  # where it was read from, for messages; 0 when not read from a file


def read_candidates(source: str | Path, policy: ThematicPolicy | None = None) -> list[CandidateRaa]:
    """Every row of a candidate file, checked; raises CsvError naming the line and column of a fault."""
    policy = policy or default_thematic_policy()
    candidates: list[CandidateRaa] = []
    first_line_of: dict[str, int] = {}
    for line, row in rows(read_text(source, field="candidates"), COLUMNS):
        raa = _candidate(line, row, policy)
        if raa.urn in first_line_of:
            raise CsvError(
                f"URN {raa.urn} is already on line {first_line_of[raa.urn]}", line=line, column="urn"
            )
        first_line_of[raa.urn] = line
        candidates.append(raa)
    return candidates


def _candidate(line: int, row: dict[str, str], policy: ThematicPolicy) -> CandidateRaa:
    def cell(column: str, parse: Callable[[str], _T]) -> _T:
        try:
            return parse(row[column])
        except ValueError as exc:
            raise CsvError(str(exc), line=line, column=column) from None

    # Read in the contract's column order, so a row with several faults reports the leftmost.
    urn = cell("urn", _urn)
    name = cell("name", _required)
    region = cell("region", _region)
    operating_model = cell("operating_model", lambda text: _operating_model(text, policy))
    started = cell("started", _iso_date)
    member_las = cell("member_las", _la_codes)
    ilacs = cell("ilacs", _grades)
    if len(ilacs) != len(member_las):
        raise CsvError(
            f"{len(ilacs)} ILACS judgements for {len(member_las)} member LAs: give one per member LA, "
            "in the same order",
            line=line,
            column="ilacs",
        )
    inspections = cell("la_inspections", lambda text: _la_inspections(text, member_las))
    return CandidateRaa(
        urn=urn,
        name=name,
        region=region,
        operating_model=operating_model,
        started=started,
        member_las=member_las,
        ilacs=ilacs,
        la_inspections=inspections,
        size=cell("size", _whole_number),
        registered_as_vaa=cell("registered_as_vaa", _yes_no),
        line=line,
    )


def _required(text: str) -> str:
    if not text:
        raise ValueError("is empty")
    return text


def _urn(text: str) -> str:
    if not _URN.match(text):
        raise ValueError(f"{text!r} is not a URN: letters and digits, at most 20")
    return text


def _region(text: str) -> str:
    for region in ENGLAND_REGIONS:
        if text.lower() == region.lower():
            return region
    raise ValueError(f"{text!r} is not a region of England; use one of {', '.join(ENGLAND_REGIONS)}")


def _operating_model(text: str, policy: ThematicPolicy) -> str:
    model = normalise_model(text)
    if model not in policy.operating_models:
        raise ValueError(
            f"{text!r} is not an operating model; use one of {', '.join(policy.operating_models)}"
        )
    return model


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _whole_number(text: str) -> int:
    if not re.fullmatch(r"[0-9]+", text):
        raise ValueError(f"{text!r} is not a whole number of adoptions a year (0 or more)")
    return int(text)


def _yes_no(text: str) -> bool:
    answer = {"y": True, "n": False}.get(text.lower())
    if answer is None:
        raise ValueError(f"{text!r} is not Y or N")
    return answer


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";")] if text else []


def _la_codes(text: str) -> tuple[str, ...]:
    codes = _split(text)
    if not codes:
        raise ValueError("is empty: give the member LAs' 3-digit codes, separated by ';'")
    for code in codes:
        if not _LA_CODE.match(code):
            raise ValueError(f"{code!r} is not a 3-digit local authority code")
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"{', '.join(duplicates)} is listed more than once")
    return tuple(codes)


def _grades(text: str) -> tuple[Grade, ...]:
    grades = []
    for word in _split(text):
        try:
            grades.append(Grade.parse(word))
        except RuleViolation:
            choices = ", ".join(g.value for g in Grade)
            raise ValueError(f"{word!r} is not an ILACS judgement; use one of {choices}") from None
    return tuple(grades)


def _la_inspections(text: str, member_las: tuple[str, ...]) -> tuple[LaInspection, ...]:
    inspections = []
    for entry in _split(text):
        parts = [p.strip() for p in entry.split(":")]
        if len(parts) != 3:
            raise ValueError(f"{entry!r} is not CODE:KIND:DATE, e.g. 850:ILACS:2023-11-14")
        code, kind, day = parts
        if not _LA_CODE.match(code):
            raise ValueError(f"{code!r} in {entry!r} is not a 3-digit local authority code")
        if code not in member_las:
            members = ";".join(member_las)
            raise ValueError(f"LA {code} in {entry!r} is not one of the RAA's member LAs ({members})")
        try:
            kind_ = LaInspectionKind(kind.upper())
        except ValueError:
            raise ValueError(f"{kind!r} in {entry!r} is not ILACS or SEND") from None
        inspections.append(LaInspection(code, kind_, _iso_date(day)))
    return tuple(inspections)
