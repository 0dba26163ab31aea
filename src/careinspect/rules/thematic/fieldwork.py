"""The fieldwork of a thematic inspection of an RAA, as pure checks (no Django): the case sample (CAS-2),
the keep-in-touch meetings (THM-5), consent and voluntariness of the people inspectors speak to (VEW-1),
the verbal summary at the end (THM-6) and the stakeholders' online feedback, read from CSV.

Each check raises `RuleViolation` naming the field and its rule; the services call them before acting.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from careinspect.rules.errors import RuleViolation

# RULES: VEW-1 — taking part is voluntary for children, adopters, adopted adults and birth relatives.
PERSON_TYPES = {
    "child": "Child",
    "adopter": "Adopter or prospective adopter",
    "adopted_adult": "Adopted adult",
    "birth_relative": "Birth relative",
    "staff": "RAA staff member",
    "professional": "Other professional",
    "other": "Someone else",
}
VOLUNTARY_PEOPLE = frozenset({"child", "adopter", "adopted_adult", "birth_relative"})

# Who the verbal summary is given to (THM-6): the RAA leader (or the relevant RAA manager) and, where
# possible, the chair of the board. A local authority is never one of them.
SUMMARY_RECIPIENTS = {
    "raa_leader": "The RAA leader",
    "raa_manager": "A relevant RAA manager",
    "board_chair": "The chair of the board",
}
LOCAL_AUTHORITY = "local_authority"

# The stakeholders whose online feedback is imported (seed 000 §39, §45).
STAKEHOLDER_GROUPS = {
    "adopter": "Adopters and prospective adopters",
    "adopted_adult": "Adopted adults",
    "birth_relative": "Birth relatives",
    "child": "Children",
    "staff": "RAA staff",
    "professional": "Professionals and partner agencies",
    "other": "Others",
}
FEEDBACK_COLUMNS = ("stakeholder_group", "theme", "response")
MAX_FEEDBACK_ROWS = 20_000


def cas2_sample_before_fieldwork(today: date, fieldwork_starts: date | None) -> None:
    """RULES: CAS-2 — the lead inspector confirms the sample before the fieldwork starts."""
    if fieldwork_starts is not None and today >= fieldwork_starts:
        raise RuleViolation(
            f"the case sample is confirmed before the fieldwork starts on {fieldwork_starts.isoformat()}",
            rule="CAS-2",
            field="cases",
        )


def cas2_on_site_addition(theme: str, reason: str, themes: Iterable[str]) -> None:
    """RULES: CAS-2 — a case added on site follows an emerging theme: which theme, and why."""
    if theme not in set(themes):
        raise RuleViolation("a case added on site names the theme it follows", rule="CAS-2", field="theme")
    if not reason.strip():
        raise RuleViolation(
            "a case added on site says which emerging theme or area of practice it follows",
            rule="CAS-2",
            field="reason",
        )


def thm5_meeting_day(day: date, start: date | None, end: date | None) -> None:
    """RULES: THM-5 — the keep-in-touch meetings are held each day of the fieldwork."""
    if start is not None and end is not None and not start <= day <= end:
        raise RuleViolation(
            f"keep-in-touch meetings are held during the fieldwork, {start.isoformat()} to {end.isoformat()}",
            rule="THM-5",
            field="held_on",
        )


def thm5_missing_days(fieldwork_days: Iterable[date], held: Iterable[date]) -> list[date]:
    """RULES: THM-5 — the fieldwork days without a keep-in-touch meeting recorded."""
    met = set(held)
    return [day for day in fieldwork_days if day not in met]


def vew1_consent_recorded(person_type: str, consent_given: bool, voluntary: bool, how: str) -> None:
    """RULES: VEW-1 — before a child, adopter, adopted adult or birth relative's words are evidence, the
    record says they agreed (for a child, the person with parental responsibility), that they were told it
    is voluntary, and how that was recorded."""
    if person_type not in PERSON_TYPES:
        raise RuleViolation(f"{person_type!r} is not a type of person", field="person_type")
    if person_type not in VOLUNTARY_PEOPLE:
        return
    who = PERSON_TYPES[person_type].lower()
    if not consent_given:
        whose = "the person with parental responsibility" if person_type == "child" else "their"
        raise RuleViolation(
            f"record {whose} consent before using what a {who} said",
            rule="VEW-1",
            field="consent_given",
        )
    if not voluntary:
        raise RuleViolation(
            f"confirm the {who} was told taking part is voluntary and they may leave at any time",
            rule="VEW-1",
            field="voluntary",
        )
    if not how.strip():
        raise RuleViolation(
            "say how consent and voluntariness were recorded (for example: verbally, at the start)",
            rule="VEW-1",
            field="consent_how",
        )


def thm6_verbal_summary(recipients: Iterable[str], *, written: bool) -> None:
    """RULES: THM-6 — a verbal summary to the RAA leader (and the board chair where possible): no written
    summary, and none to an individual local authority linked to the RAA."""
    if written:
        raise RuleViolation(
            "the lead inspector does not provide a written summary of a thematic inspection",
            rule="THM-6",
            field="written",
        )
    chosen = list(recipients)
    if LOCAL_AUTHORITY in chosen:
        raise RuleViolation(
            "no summary is given to an individual local authority: the RAA leader decides how to share it",
            rule="THM-6",
            field="recipients",
        )
    unknown = [r for r in chosen if r not in SUMMARY_RECIPIENTS]
    if unknown:
        raise RuleViolation(f"{unknown[0]!r} is not someone the summary is given to", field="recipients")
    if not {"raa_leader", "raa_manager"} & set(chosen):
        raise RuleViolation(
            "the summary is given to the RAA leader or a relevant RAA manager",
            rule="THM-6",
            field="recipients",
        )


def thm6_every_theme(summaries: Mapping[str, tuple[str, str]], themes: Iterable[str]) -> None:
    """RULES: THM-6 — strengths and areas for development under each of the 5 themes."""
    for theme in themes:
        strengths, areas = summaries.get(theme, ("", ""))
        if not strengths.strip():
            raise RuleViolation(
                "give the strengths under every theme", rule="THM-6", field=f"{theme}_strengths"
            )
        if not areas.strip():
            raise RuleViolation(
                "give the areas for development under every theme", rule="THM-6", field=f"{theme}_areas"
            )


@dataclass
class FeedbackCounts:
    rows: int = 0
    by_group: dict[str, int] = field(default_factory=dict)
    by_theme: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, object]] = field(default_factory=list)


def read_feedback(data: bytes, themes: Iterable[str]) -> FeedbackCounts:
    """The stakeholders' online feedback (CSV: stakeholder_group, theme, response), counted by group and
    theme. Every error names its row (the spreadsheet's, the header being row 1) and column."""
    keys = list(themes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleViolation(
            "the feedback file is not UTF-8 text (save it as CSV UTF-8)", field="file"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in FEEDBACK_COLUMNS if c not in header]
    if missing:
        raise RuleViolation(f"row 1: the column {missing[0]} is missing", field="file")
    out = FeedbackCounts()
    groups: Counter[str] = Counter()
    by_theme: Counter[str] = Counter()
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_FEEDBACK_ROWS:
            raise RuleViolation(f"the file has more than {MAX_FEEDBACK_ROWS} rows", field="file")
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        if not any(row.values()):
            continue
        group, theme, response = (
            row.get("stakeholder_group", ""),
            row.get("theme", ""),
            row.get("response", ""),
        )
        if group not in STAKEHOLDER_GROUPS:
            out.errors.append(
                _error(number, "stakeholder_group", group, f"one of {', '.join(STAKEHOLDER_GROUPS)}")
            )
        if theme not in keys:
            out.errors.append(_error(number, "theme", theme, f"one of {', '.join(keys)}"))
        if not response:
            out.errors.append(_error(number, "response", response, "the response is empty"))
        if group in STAKEHOLDER_GROUPS and theme in keys and response:
            out.rows += 1
            groups[group] += 1
            by_theme[theme] += 1
    out.by_group = {g: groups[g] for g in STAKEHOLDER_GROUPS if groups[g]}
    out.by_theme = {t: by_theme[t] for t in keys if by_theme[t]}
    return out


def _error(row: int, column: str, value: str, message: str) -> dict[str, object]:
    expected = message if message.startswith("the ") else f"expected {message}"
    return {"row": row, "column": column, "value": value[:80], "message": expected}
