"""The three inspection frameworks as validated data, read from the TOML files in ``data/frameworks``.

Rules: KND-1..3 (length and team), NTC-1, NTC-2, NTC-3, NTC-4 (notice), INF-1..3 (information requests),
RPT-3, RPT-4 (report timelines), JDG-1, JDG-2 (SCCIF grades and judgement areas), JDG-9 (no grades for
thematic inspections and assurance visits; serious or widespread concerns), THM-1, THM-7 (RAA themes, one
programme report). The numbers and texts live in the data files, each citing its rule and seed; this module
only loads them, checks them and refuses anything malformed with a message that names the file and field.

Pure Python: no Django here.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import time
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

__all__ = [
    "FRAMEWORK_NAMES",
    "GRADES",
    "JUDGEMENT_AREA_ROLES",
    "Framework",
    "FrameworkError",
    "Heading",
    "Information",
    "JudgementArea",
    "Notice",
    "OnSite",
    "Theme",
    "Timeline",
    "framework_path",
    "load_framework",
    "load_framework_from_path",
]

# The frameworks written so far, by data file: a kind of inspection (rules.kinds) names the framework each
# type of provider is inspected under (the SCCIF full inspection of an ASA: asa-full).
FRAMEWORK_NAMES: Final[tuple[str, ...]] = ("asa-full", "raa-thematic", "ifa-assurance")

# RULES: JDG-1 — the SCCIF four-point scale, best first, as machine words.
GRADES: Final[tuple[str, ...]] = ("outstanding", "good", "requires_improvement", "inadequate")

# RULES: JDG-2 — the three SCCIF judgements and the part each plays in the overall judgement.
JUDGEMENT_AREA_ROLES: Final[Mapping[str, str]] = {
    "overall_experiences_progress": "overall",
    "helped_protected": "limiting",
    "leaders_managers": "graded",
}

# RULES: THM-1 — five themes; NTC-3 — six stakeholder letters.
THEME_NUMBERS: Final[tuple[int, ...]] = (1, 2, 3, 4, 5)
STAKEHOLDER_LETTER_COUNT: Final[int] = 6

_FILES: Final[Mapping[str, str]] = {kind: kind.replace("-", "_") + ".toml" for kind in FRAMEWORK_NAMES}
_GRADED_KINDS: Final[frozenset[str]] = frozenset({"asa-full"})
_KINDS_WITHOUT_TIMELINE: Final[frozenset[str]] = frozenset({"raa-thematic"})
_TIMELINE_RULES: Final[Mapping[str, str]] = {"asa-full": "RPT-3", "ifa-assurance": "RPT-4"}
_INFORMATION_RULES: Final[Mapping[str, str]] = {
    "asa-full": "INF-2",
    "raa-thematic": "INF-1",
    "ifa-assurance": "INF-3",
}

# Strict scalars: TOML already gives native types, so "18" (a string) for a number is a mistake in the file.
WorkingDays = Annotated[int, Strict(), Field(ge=0)]
PositiveInt = Annotated[int, Strict(), Field(ge=1)]
StrictBool = Annotated[bool, Strict()]
StrictTime = Annotated[time, Strict()]


def _clean_text(value: str) -> str:
    """Texts are shown to inspectors as they are: no blank, padded or line-broken (page-break) entries."""
    if not value or value != value.strip() or "\n" in value or "  " in value:
        raise ValueError(
            "text must be non-empty, without leading or trailing spaces, line breaks or double spaces"
        )
    return value


Text = Annotated[str, Strict(), AfterValidator(_clean_text)]
Key = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")]
RuleId = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Z]{3}-[0-9]+$")]
SeedRefs = Annotated[str, Strict(), StringConstraints(pattern=r"^[0-9]{3}(?:, [0-9]{3})*$")]
Texts = Annotated[tuple[Text, ...], Field(min_length=1)]


class FrameworkError(ValueError):
    """A framework that cannot be loaded: an unknown kind, or a data file that is missing or malformed.

    The message names the file and the field path, e.g.
    ``asa_full.toml: timeline.draft_report: Input should be a valid integer``.
    """


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Notice(_Model):
    """How and when the provider is told. Rules: NTC-1 (ASA), NTC-2 (RAA), NTC-4 (IFA)."""

    working_days_before: WorkingDays
    single_individual_working_days_before: WorkingDays | None = None
    time: StrictTime | None = None
    method: Text


class Information(_Model):
    """What the provider is asked to send and by when. Rules: INF-1 (RAA), INF-2 (ASA), INF-3 (IFA).

    ``working_days_after_notice`` is None where the date is agreed with the agency (INF-2); 0 means the
    announcement day itself.
    """

    working_days_after_notice: WorkingDays | None = None
    due_time: StrictTime | None = None
    items: Texts
    rule: RuleId
    notes: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _time_needs_a_day(self) -> Information:
        if self.due_time is not None and self.working_days_after_notice is None:
            raise ValueError("due_time is given but working_days_after_notice is not")
        return self


class OnSite(_Model):
    """Length of the fieldwork and the team. Rules: KND-1 (ASA), KND-2 (RAA), KND-3 (IFA).

    ``max_span_days`` is the number of working days over which the on-site days may be spread (ASA: 2 days
    as half, full, half over 3; RAA: Monday to Thursday), so that the last on-site day is known.
    """

    usual_days: PositiveInt
    max_span_days: PositiveInt
    max_inspectors: PositiveInt
    preparation_days: WorkingDays
    report_drafting_days: WorkingDays

    @model_validator(mode="after")
    def _span_holds_the_days(self) -> OnSite:
        if self.max_span_days < self.usual_days:
            raise ValueError(
                f"max_span_days ({self.max_span_days}) is less than usual_days ({self.usual_days})"
            )
        return self


class Timeline(_Model):
    """Report deadlines in working days from the end of the inspection (CAL-2). Rules: RPT-3, RPT-4.

    Exactly one of ``publication_after_final`` (ASA: 5 WD after the final report) and
    ``publication_after_end`` (IFA: within 38 WD of the end of the visit) is set.
    """

    draft_report: PositiveInt
    provider_comments_after_draft: PositiveInt
    final_report: PositiveInt
    publication_after_final: WorkingDays | None = None
    publication_after_end: WorkingDays | None = None
    complaint_after_final: PositiveInt | None = None
    rule: RuleId

    @model_validator(mode="after")
    def _one_publication_rule(self) -> Timeline:
        given = [
            n for n in ("publication_after_final", "publication_after_end") if getattr(self, n) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "exactly one of publication_after_final and publication_after_end must be set; "
                f"found {', '.join(given) if given else 'neither'}"
            )
        if self.final_report < self.draft_report + self.provider_comments_after_draft:
            raise ValueError(
                f"final_report ({self.final_report}) comes before the provider's comments are due "
                f"(draft_report {self.draft_report} + provider_comments_after_draft "
                f"{self.provider_comments_after_draft})"
            )
        if self.publication_after_end is not None and self.publication_after_end < self.final_report:
            raise ValueError(
                f"publication_after_end ({self.publication_after_end}) is before "
                f"final_report ({self.final_report})"
            )
        return self


class JudgementArea(_Model):
    """One SCCIF judgement with its required evidence and the criteria for each grade. Rules: JDG-2, JDG-7.

    ``criteria`` maps each grade (JDG-1 machine words) to the guidance's descriptors for it;
    ``criteria_lead_in`` holds the guidance's sentence introducing each grade's descriptors (it says, for
    example, that outstanding is "in addition to meeting the requirements of a good judgement").
    """

    key: Literal["overall_experiences_progress", "helped_protected", "leaders_managers"]
    name: Text
    role: Literal["overall", "limiting", "graded"]
    rule: RuleId
    required_evidence: Texts
    notes: tuple[Text, ...] = ()
    criteria_lead_in: dict[str, Text]
    criteria: dict[str, Texts]

    @field_validator("criteria_lead_in", "criteria")
    @classmethod
    def _one_entry_per_grade(cls, value: dict[str, Any]) -> dict[str, Any]:
        missing = [g for g in GRADES if g not in value]
        unknown = [g for g in value if g not in GRADES]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(f"missing grade(s) {', '.join(missing)}")
            if unknown:
                parts.append(f"unknown grade(s) {', '.join(unknown)}")
            raise ValueError(f"{'; '.join(parts)}; the grades are {', '.join(GRADES)} (JDG-1)")
        return {g: value[g] for g in GRADES}

    @model_validator(mode="after")
    def _role_matches_key(self) -> JudgementArea:
        expected = JUDGEMENT_AREA_ROLES[self.key]
        if self.role != expected:
            raise ValueError(f"{self.key} is the {expected} judgement (JDG-2), not {self.role}")
        return self


class Theme(_Model):
    """One of the five RAA thematic inspection themes and what inspectors look at under it. RULES: THM-1."""

    number: Annotated[int, Strict(), Field(ge=1, le=5)]
    key: Key
    title: Text
    prompts: Texts


class Heading(_Model):
    """An evaluation heading of an IFA assurance visit and the evidence inspectors look for. RULES: JDG-9."""

    key: Key
    title: Text
    prompts: Texts


def _unique(values: Sequence[str], what: str) -> None:
    duplicates = sorted(value for value, count in Counter(values).items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate {what}: {', '.join(duplicates)}")


def _kind(info: ValidationInfo) -> str | None:
    """The kind already validated (fields are validated in order and ``kind`` is first)."""
    kind = info.data.get("kind")
    return kind if isinstance(kind, str) else None


class Framework(_Model):
    """One kind of inspection as the guidance defines it.

    Kind-specific shape (checked on load, so that the rest of the code can rely on it):
    asa-full is graded with the 4 grades and 3 judgement areas and has a report timeline (RPT-3);
    raa-thematic has 5 themes, 6 stakeholder letters and no per-inspection timeline (THM-7);
    ifa-assurance has evaluation headings, the serious-concerns definition and a timeline (RPT-4).
    """

    kind: Literal["asa-full", "raa-thematic", "ifa-assurance"]
    title: Text
    source: SeedRefs
    graded: StrictBool
    notice: Notice
    information: Information
    on_site: OnSite
    timeline: Timeline | None = Field(default=None, validate_default=True)
    grades: tuple[Text, ...] = Field(default=(), validate_default=True)
    judgement_areas: tuple[JudgementArea, ...] = Field(default=(), validate_default=True)
    themes: tuple[Theme, ...] = Field(default=(), validate_default=True)
    stakeholder_letters: tuple[Text, ...] = Field(default=(), validate_default=True)
    headings: tuple[Heading, ...] = Field(default=(), validate_default=True)
    serious_concerns_definition: Text | None = Field(default=None, validate_default=True)

    @field_validator("graded")
    @classmethod
    def _graded_by_kind(cls, value: bool, info: ValidationInfo) -> bool:
        kind = _kind(info)
        if kind is not None and value != (kind in _GRADED_KINDS):
            raise ValueError(
                f"{kind} {'is' if kind in _GRADED_KINDS else 'is not'} a graded inspection (JDG-1, JDG-9)"
            )
        return value

    @field_validator("notice")
    @classmethod
    def _single_individual_only_for_asa(cls, value: Notice, info: ValidationInfo) -> Notice:
        kind = _kind(info)
        has_longer = value.single_individual_working_days_before is not None
        if kind == "asa-full" and not has_longer:
            raise ValueError("asa-full needs single_individual_working_days_before (NTC-1)")
        if kind is not None and kind != "asa-full" and has_longer:
            raise ValueError(f"single_individual_working_days_before applies only to asa-full, not {kind}")
        return value

    @field_validator("information")
    @classmethod
    def _information_rule_by_kind(cls, value: Information, info: ValidationInfo) -> Information:
        kind = _kind(info)
        if kind is not None and value.rule != _INFORMATION_RULES[kind]:
            raise ValueError(f"rule for {kind} is {_INFORMATION_RULES[kind]}, not {value.rule}")
        return value

    @field_validator("timeline")
    @classmethod
    def _timeline_by_kind(cls, value: Timeline | None, info: ValidationInfo) -> Timeline | None:
        kind = _kind(info)
        if kind is None:
            return value
        if kind in _KINDS_WITHOUT_TIMELINE:
            if value is not None:
                raise ValueError(
                    f"{kind} has no per-inspection report timeline: one programme report (THM-7)"
                )
            return value
        if value is None:
            raise ValueError(f"{kind} needs a report timeline ({_TIMELINE_RULES[kind]})")
        if value.rule != _TIMELINE_RULES[kind]:
            raise ValueError(f"rule for {kind} is {_TIMELINE_RULES[kind]}, not {value.rule}")
        return value

    @field_validator("grades")
    @classmethod
    def _grades_by_kind(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        kind = _kind(info)
        if kind in _GRADED_KINDS and value != GRADES:
            raise ValueError(f"must be exactly {', '.join(GRADES)} in that order (JDG-1)")
        if kind is not None and kind not in _GRADED_KINDS and value:
            raise ValueError(f"{kind} makes no graded judgement (JDG-9): grades must be empty")
        return value

    @field_validator("judgement_areas")
    @classmethod
    def _judgement_areas_by_kind(
        cls, value: tuple[JudgementArea, ...], info: ValidationInfo
    ) -> tuple[JudgementArea, ...]:
        kind = _kind(info)
        if kind in _GRADED_KINDS:
            keys = [area.key for area in value]
            _unique(keys, "judgement area keys")
            if sorted(keys) != sorted(JUDGEMENT_AREA_ROLES):
                raise ValueError(
                    f"must be exactly the 3 judgement areas {', '.join(JUDGEMENT_AREA_ROLES)} (JDG-2); "
                    f"found {', '.join(keys) if keys else 'none'}"
                )
        elif kind is not None and value:
            raise ValueError(f"{kind} makes no graded judgement (JDG-9): judgement_areas must be empty")
        return value

    @field_validator("themes")
    @classmethod
    def _themes_by_kind(cls, value: tuple[Theme, ...], info: ValidationInfo) -> tuple[Theme, ...]:
        kind = _kind(info)
        if kind == "raa-thematic":
            numbers = sorted(theme.number for theme in value)
            if numbers != list(THEME_NUMBERS):
                raise ValueError(
                    "must be the 5 themes numbered 1 to 5, each once (THM-1); "
                    f"found numbers {', '.join(map(str, numbers)) if numbers else 'none'}"
                )
            _unique([theme.key for theme in value], "theme keys")
            return tuple(sorted(value, key=lambda theme: theme.number))
        if kind is not None and value:
            raise ValueError(f"themes belong to raa-thematic only, not {kind}")
        return value

    @field_validator("stakeholder_letters")
    @classmethod
    def _letters_by_kind(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        kind = _kind(info)
        if kind == "raa-thematic" and len(value) != STAKEHOLDER_LETTER_COUNT:
            raise ValueError(f"must be the {STAKEHOLDER_LETTER_COUNT} letters of NTC-3; found {len(value)}")
        if kind is not None and kind != "raa-thematic" and value:
            raise ValueError(f"stakeholder letters belong to raa-thematic only, not {kind}")
        _unique(value, "letters")
        return value

    @field_validator("headings")
    @classmethod
    def _headings_by_kind(cls, value: tuple[Heading, ...], info: ValidationInfo) -> tuple[Heading, ...]:
        kind = _kind(info)
        if kind == "ifa-assurance" and not value:
            raise ValueError("ifa-assurance needs its evaluation headings (seed 004)")
        if kind is not None and kind != "ifa-assurance" and value:
            raise ValueError(f"evaluation headings belong to ifa-assurance only, not {kind}")
        _unique([heading.key for heading in value], "heading keys")
        return value

    @field_validator("serious_concerns_definition")
    @classmethod
    def _serious_concerns_by_kind(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = _kind(info)
        if kind == "ifa-assurance" and value is None:
            raise ValueError("ifa-assurance needs the definition of serious or widespread concerns (JDG-9)")
        if kind is not None and kind != "ifa-assurance" and value is not None:
            raise ValueError(f"the serious-concerns definition belongs to ifa-assurance only, not {kind}")
        return value

    def judgement_area(self, key: str) -> JudgementArea:
        """The judgement area with this key (JDG-2); KeyError if there is none."""
        for area in self.judgement_areas:
            if area.key == key:
                return area
        raise KeyError(key)

    def theme(self, number: int) -> Theme:
        """Theme 1 to 5 (THM-1); KeyError if there is none."""
        for theme in self.themes:
            if theme.number == number:
                return theme
        raise KeyError(number)


def _format_location(location: Sequence[int | str]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


def _format_errors(filename: str, error: ValidationError) -> str:
    lines = []
    for item in error.errors(include_url=False):
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{filename}: {_format_location(item['loc'])}: {message}")
    return "; ".join(lines)


def _read(path: Traversable | Path, filename: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise FrameworkError(f"{filename}: no such framework file ({path})") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{filename}: not valid TOML: {exc}") from None


def _validate(data: dict[str, Any], filename: str, kind: str | None) -> Framework:
    if kind is not None and "kind" in data and data["kind"] != kind:
        raise FrameworkError(f"{filename}: kind: expected {kind!r}, found {data['kind']!r}")
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(_format_errors(filename, exc)) from None


def load_framework_from_path(
    path: str | os.PathLike[str] | Traversable, kind: str | None = None
) -> Framework:
    """Load and validate one framework file; if ``kind`` is given the file must declare that kind.

    Raises FrameworkError naming the file and the field path for anything missing or malformed.
    """
    target: Traversable | Path = path if isinstance(path, Traversable) else Path(path)
    filename = target.name
    return _validate(_read(target, filename), filename, kind)


def framework_path(kind: str) -> Traversable:
    """The packaged data file for a kind of inspection."""
    if kind not in FRAMEWORK_NAMES:
        raise FrameworkError(f"unknown framework kind {kind!r}; valid kinds are {', '.join(FRAMEWORK_NAMES)}")
    return resources.files("careinspect.rules") / "data" / "frameworks" / _FILES[kind]


@functools.cache
def load_framework(kind: str) -> Framework:
    """The validated framework for ``kind`` (one of FRAMEWORK_NAMES), loaded once and cached."""
    return load_framework_from_path(framework_path(kind), kind=kind)
