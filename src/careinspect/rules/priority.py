"""Who gets an assurance visit first: the priority list of independent fostering agencies. RULES: SCH-7.

Seed 004 (Introduction) names four things: the most recent judgement, other information held (concerns
and complaints, notifications, enforcement), the time since the last inspection, and whether the agency
is newly registered and so not yet inspected. Each becomes a factor worth points; the weights are policy
data (`data/priority.toml`), and every factor is kept with its value and points so that a manager can
explain any place on the list. Pure Python: no Django here.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, ValidationInfo, field_validator

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade

RULE = "SCH-7"

Points = Annotated[StrictInt, Field(ge=0)]


# ---------------------------------------------------------------------------------------------------------
# Weights (policy data)


class _Weight(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PerItem(_Weight):
    """Points for each item counted, up to a cap."""

    # At least 1 point each: a factor worth nothing would no longer move a provider up, as SCH-7 asks.
    points_each: StrictInt = Field(ge=1)
    cap: StrictInt = Field(ge=1)

    @field_validator("cap")
    @classmethod
    def _cap_allows_one_item(cls, cap: int, info: ValidationInfo) -> int:
        each = info.data.get("points_each")
        if each is not None and cap < each:
            raise ValueError(f"must be at least points_each ({each}), or one item could not count in full")
        return cap

    def points(self, count: int) -> int:
        return min(count * self.points_each, self.cap)


class JudgementPoints(_Weight):
    """Points for the most recent judgement; fields are declared best grade first for the checks."""

    outstanding: Points
    good: Points
    requires_improvement: Points
    inadequate: Points

    @field_validator("good", "requires_improvement", "inadequate")
    @classmethod
    def _worse_scores_more(cls, points: int, info: ValidationInfo) -> int:
        # RULES: SCH-7 — a worse judgement must move a provider up the list, never down or nowhere.
        better = _GRADE_ABOVE[info.field_name or ""]
        if better in info.data and points <= info.data[better]:
            raise ValueError(
                f"must be more than {better} ({info.data[better]}): a worse judgement scores more"
            )
        return points

    def points(self, grade: Grade | None) -> int:
        return 0 if grade is None else int(getattr(self, grade.value))


_GRADE_ABOVE = {"good": "outstanding", "requires_improvement": "good", "inadequate": "requires_improvement"}


class NeverInspected(_Weight):
    points: StrictInt = Field(ge=1)


class PriorityWeights(_Weight):
    """The administrator's weights for each SCH-7 factor, as read from `data/priority.toml`."""

    last_judgement: JudgementPoints
    concerns: PerItem
    notifications: PerItem
    enforcement_actions: PerItem
    months_without_inspection: PerItem
    never_inspected: NeverInspected


def weights_from_toml(text: str, *, source: str) -> PriorityWeights:
    """Weights from TOML text; anything malformed raises a RuleViolation naming the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleViolation(f"{source} is not valid TOML: {exc}", rule=RULE) from None
    try:
        return PriorityWeights.model_validate(data)
    except ValidationError as exc:
        problems = [(_key(error["loc"]), _message(error["msg"])) for error in exc.errors()]
        listed = "; ".join(f"{key}: {message}" for key, message in problems)
        raise RuleViolation(f"{source}: {listed}", rule=RULE, field=problems[0][0]) from None


def _key(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _message(msg: str) -> str:
    # pydantic prefixes a validator's own message with "Value error, "; the key already says where.
    return msg.removeprefix("Value error, ")


def load_weights(path: Path | str) -> PriorityWeights:
    """Weights from an administrator's file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleViolation(f"cannot read {path}: {_reason(exc)}") from None
    return weights_from_toml(text, source=str(path))


@cache
def default_weights() -> PriorityWeights:
    text = (resources.files("careinspect.rules") / "data" / "priority.toml").read_text(encoding="utf-8")
    return weights_from_toml(text, source="priority.toml")


# ---------------------------------------------------------------------------------------------------------
# The facts about a provider


@dataclass(frozen=True)
class ProviderFacts:
    """What the regulator holds about one agency. Counts are for the last 12 months (concerns,
    notifications) or since the last inspection (enforcement actions, since registration if never
    inspected)."""

    urn: str
    registered: date
    last_inspection: date | None
    last_judgement: Grade | None
    concerns: int
    notifications: int
    enforcement_actions: int = 0

    def __post_init__(self) -> None:
        if not self.urn.strip():
            raise RuleViolation("a provider needs its URN", field="urn")
        for name in ("concerns", "notifications", "enforcement_actions"):
            if getattr(self, name) < 0:
                raise RuleViolation(f"{getattr(self, name)} cannot be negative", field=name)
        self._check_inspection()

    def _check_inspection(self) -> None:
        # RULES: SCH-7 — "newly registered and therefore has not yet been inspected": no inspection, no
        # judgement; and an inspected agency has the judgement the priority list weighs.
        if self.last_inspection is None and self.last_judgement is not None:
            raise RuleViolation(
                "a judgement needs the date of its inspection; leave both blank if never inspected",
                rule=RULE,
                field="last_judgement",
            )
        if self.last_inspection is not None and self.last_judgement is None:
            raise RuleViolation(
                f"the inspection of {self.last_inspection.isoformat()} needs its judgement",
                rule=RULE,
                field="last_judgement",
            )
        if self.last_inspection is not None and self.last_inspection < self.registered:
            raise RuleViolation(
                f"{self.last_inspection.isoformat()} is before registration ({self.registered.isoformat()})",
                field="last_inspection",
            )

    @property
    def never_inspected(self) -> bool:
        return self.last_inspection is None

    @property
    def without_inspection_since(self) -> date:
        """The last inspection, or registration for an agency never inspected."""
        return self.last_inspection or self.registered

    def check_not_after(self, today: date) -> None:
        for name in ("registered", "last_inspection"):
            day = getattr(self, name)
            if day is not None and day > today:
                raise RuleViolation(f"{day.isoformat()} is after today ({today.isoformat()})", field=name)


# ---------------------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Factor:
    """One SCH-7 factor of one provider: its name (part of the JSON contract), the fact, the points."""

    name: str
    value: str | int | bool | None
    points: int

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "points": self.points}

    def describe(self) -> str:
        """The factor in words a manager can read out: "inadequate last time: +40"."""
        return f"{_PHRASES[self.name](self.value)}: +{self.points}"


_PHRASES = {
    "last_judgement": lambda v: "never judged" if v is None else f"{Grade(str(v)).label.lower()} last time",
    "never_inspected": lambda v: "newly registered, not yet inspected" if v else "inspected before",
    "months_without_inspection": lambda v: f"{v} month{'s' if v != 1 else ''} without an inspection",
    "concerns": lambda v: f"{v} concern{'s' if v != 1 else ''}",
    "notifications": lambda v: f"{v} notification{'s' if v != 1 else ''}",
    "enforcement_actions": lambda v: f"{v} enforcement action{'s' if v != 1 else ''}",
}


@dataclass(frozen=True)
class Score:
    urn: str
    score: int
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Ranked:
    """A provider's place on the list (1 is visited first), with the factors behind it."""

    rank: int
    urn: str
    score: int
    factors: tuple[Factor, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "rank": self.rank,
            "score": self.score,
            "factors": [f.as_dict() for f in self.factors],
        }

    def explanation(self) -> str:
        """The factors that scored, in words; "nothing raises its priority" when none did."""
        scored = [f.describe() for f in self.factors if f.points]
        return "; ".join(scored) if scored else "nothing raises its priority"


def full_months(since: date, today: date) -> int:
    gap = relativedelta(today, since)
    return gap.years * 12 + gap.months


def factors(facts: ProviderFacts, today: date, weights: PriorityWeights) -> tuple[Factor, ...]:
    """RULES: SCH-7 — one factor for each thing seed 004 says visits are prioritised by."""
    months = full_months(facts.without_inspection_since, today)
    grade = facts.last_judgement
    return (
        Factor("last_judgement", grade.value if grade else None, weights.last_judgement.points(grade)),
        Factor(
            "never_inspected",
            facts.never_inspected,
            weights.never_inspected.points if facts.never_inspected else 0,
        ),
        Factor("months_without_inspection", months, weights.months_without_inspection.points(months)),
        Factor("concerns", facts.concerns, weights.concerns.points(facts.concerns)),
        Factor("notifications", facts.notifications, weights.notifications.points(facts.notifications)),
        Factor(
            "enforcement_actions",
            facts.enforcement_actions,
            weights.enforcement_actions.points(facts.enforcement_actions),
        ),
    )


def score(facts: ProviderFacts, today: date, weights: PriorityWeights) -> Score:
    """The provider's priority score: the sum of its factors' points."""
    facts.check_not_after(today)
    parts = factors(facts, today, weights)
    return Score(facts.urn, sum(f.points for f in parts), parts)


def rank(providers: Iterable[ProviderFacts], today: date, weights: PriorityWeights) -> list[Ranked]:
    """The priority list, first to visit first.

    Ties go to the agency longest without an inspection (the earlier last inspection, or the earlier
    registration when never inspected), then to the URN, so the same facts always give the same list.
    """
    facts_list = list(providers)
    _refuse_repeated_urns(facts_list)
    scored = [(facts, score(facts, today, weights)) for facts in facts_list]
    scored.sort(key=lambda pair: (-pair[1].score, pair[0].without_inspection_since, pair[0].urn))
    return [Ranked(rank=n, urn=s.urn, score=s.score, factors=s.factors) for n, (_, s) in enumerate(scored, 1)]


def _refuse_repeated_urns(facts_list: Sequence[ProviderFacts]) -> None:
    seen: set[str] = set()
    for facts in facts_list:
        if facts.urn in seen:
            raise RuleViolation(f"{facts.urn} appears more than once", field="urn")
        seen.add(facts.urn)


# ---------------------------------------------------------------------------------------------------------
# The providers file

REQUIRED_COLUMNS = ("urn", "registered", "last_inspection", "last_judgement", "concerns", "notifications")
OPTIONAL_COLUMNS = ("enforcement",)  # enforcement actions since the last inspection; 0 when absent
HEADER_ROW = 1


class ProviderFileError(RuleViolation):
    """A providers file that cannot be used, with the CSV line (header = 1) and column at fault."""

    def __init__(
        self, message: str, *, row: int | None = None, column: str | None = None, rule: str | None = None
    ) -> None:
        self.row = row  # set first: RuleViolation formats the message with __str__
        super().__init__(message, rule=rule, field=column)

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (f"row {self.row}" if self.row else "", f"column {self.field}" if self.field else "")
            if part
        )
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.rule})" if self.rule else text


def read_providers_csv(path: Path | str, *, today: date | None = None) -> list[ProviderFacts]:
    """The providers in a CSV file with the columns of REQUIRED_COLUMNS (and optionally `enforcement`).

    Dates are YYYY-MM-DD; the last inspection and judgement are both blank for an agency never
    inspected; grades are machine words or the guidance's labels. With `today`, dates after it are
    refused. The first error found raises a ProviderFileError naming its row and column.
    """
    rows = _csv_rows(path)
    if not rows:
        raise ProviderFileError("the file is empty; the first line must name the columns", row=HEADER_ROW)
    header_line, header = rows[0]
    columns = _columns(header, header_line)
    providers: list[ProviderFacts] = []
    first_row_of: dict[str, int] = {}
    for line, cells in rows[1:]:
        facts = _provider(_cells_by_column(cells, columns, line), line, today)
        if facts.urn in first_row_of:
            raise ProviderFileError(
                f"{facts.urn} is already on row {first_row_of[facts.urn]}", row=line, column="urn"
            )
        first_row_of[facts.urn] = line
        providers.append(facts)
    if not providers:
        raise ProviderFileError("the file has a header but no providers", row=HEADER_ROW + 1)
    return providers


def _csv_rows(path: Path | str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with their line numbers (header = 1); a BOM from a spreadsheet is dropped.

    A row's number is the line it starts on, so a quoted cell over several lines still points to it.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            rows: list[tuple[int, list[str]]] = []
            first_line = 1
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    rows.append((first_line, cells))
                first_line = reader.line_num + 1
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ProviderFileError(f"cannot read {path}: {_reason(exc)}") from None


def _columns(header: list[str], line: int) -> list[str]:
    columns = [name.strip().lower() for name in header]
    for name in columns:
        if columns.count(name) > 1:
            raise ProviderFileError("the column appears twice", row=line, column=name)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            raise ProviderFileError("the column is missing from the header", row=line, column=name)
    return columns


def _cells_by_column(cells: list[str], columns: list[str], line: int) -> dict[str, str]:
    if len(cells) > len(columns):
        raise ProviderFileError(f"{len(cells)} cells but the header names {len(columns)} columns", row=line)
    padded = [*cells, *[""] * (len(columns) - len(cells))]
    return {name: value.strip() for name, value in zip(columns, padded, strict=True)}


def _provider(cells: dict[str, str], line: int, today: date | None) -> ProviderFacts:
    try:
        facts = ProviderFacts(
            urn=_required(cells, "urn"),
            registered=_date(cells, "registered"),
            last_inspection=_optional_date(cells, "last_inspection"),
            last_judgement=_grade(cells, "last_judgement"),
            concerns=_count(cells, "concerns"),
            notifications=_count(cells, "notifications"),
            enforcement_actions=_count(cells, "enforcement") if cells.get("enforcement") else 0,
        )
        if today is not None:
            facts.check_not_after(today)
    except _CellError as exc:
        raise ProviderFileError(exc.message, row=line, column=exc.column, rule=exc.rule) from None
    except RuleViolation as exc:  # facts that do not fit together, named by ProviderFacts' own field
        column = _FIELD_TO_COLUMN.get(exc.field or "", exc.field)
        raise ProviderFileError(exc.message, row=line, column=column, rule=exc.rule) from None
    return facts


_FIELD_TO_COLUMN = {"enforcement_actions": "enforcement"}


class _CellError(ValueError):
    """One cell that cannot be read; the caller adds the row."""

    def __init__(self, message: str, column: str, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.rule = rule


def _required(cells: dict[str, str], column: str) -> str:
    value = cells[column]
    if not value:
        raise _CellError("is blank; every provider needs it", column)
    return value


def _date(cells: dict[str, str], column: str) -> date:
    text = _required(cells, column)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _CellError(f"{text!r} is not a date; write it as YYYY-MM-DD", column) from None


def _optional_date(cells: dict[str, str], column: str) -> date | None:
    return _date(cells, column) if cells[column] else None


def _grade(cells: dict[str, str], column: str) -> Grade | None:
    text = cells[column]
    if not text:
        return None
    try:
        return Grade.parse(text, field=column)
    except RuleViolation as exc:
        raise _CellError(exc.message, column, exc.rule) from None


def _count(cells: dict[str, str], column: str) -> int:
    text = _required(cells, column)
    try:
        value = int(text)
    except ValueError:
        raise _CellError(f"{text!r} is not a whole number", column) from None
    if value < 0:
        raise _CellError(f"{value} cannot be negative", column)
    return value


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
