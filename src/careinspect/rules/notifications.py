"""What agencies tell the regulator between inspections, as plain functions of dates and facts.

Rules: NOT-1 (notifications and their completeness), NOT-2 (NMS 25 reports: the year, who sends them,
when they are missing), NOT-3 (notice of a manager's absence or change, and when it is late), JDG-5 and
JDG-6 (the facts about the manager those notices give the judgement checks). No Django: the
notifications app stores and shows what these decide.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from careinspect.rules.errors import RuleViolation

# The fields a notification can have, in the order a form asks for them, with the words it uses.
FIELD_LABELS: dict[str, str] = {
    "occurred_on": "When it happened",
    "details": "What happened",
    "person_ref": "Who it concerns (initials or the agency's case record ID)",
    "action_taken": "What the agency has done",
    "others_informed": "Who else has been told (police, the local authority, …)",
}


@dataclass(frozen=True)
class EventTypeData:
    """One type of serious event as the data file seeds it."""

    code: str
    name: str
    required: tuple[str, ...]


@dataclass(frozen=True)
class NotificationSettings:
    review_within_working_days: int
    nms25_due_month: int
    nms25_due_day: int
    nms25_provider_kinds: frozenset[str]
    event_types: tuple[EventTypeData, ...]


def check_required_fields(required: Iterable[str], *, field: str = "required_fields") -> tuple[str, ...]:
    """The required fields as given, or a RuleViolation naming any that is not a notification's field."""
    fields = tuple(required)
    unknown = [f for f in fields if f not in FIELD_LABELS]
    if unknown:
        raise RuleViolation(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not fields of a notification; "
            f"choose from {', '.join(FIELD_LABELS)}",
            rule="NOT-1",
            field=field,
        )
    return fields


def parse_settings(data: Mapping[str, Any], *, source: str = "notifications.toml") -> NotificationSettings:
    try:
        types = tuple(
            EventTypeData(
                code=str(t["code"]),
                name=str(t["name"]),
                required=check_required_fields(t.get("required", ()), field=f"{source}: {t['code']}"),
            )
            for t in data["event_types"]
        )
        settings = NotificationSettings(
            review_within_working_days=int(data["review_within_working_days"]),
            nms25_due_month=int(data["nms25_due_month"]),
            nms25_due_day=int(data["nms25_due_day"]),
            nms25_provider_kinds=frozenset(str(k) for k in data["nms25_provider_kinds"]),
            event_types=types,
        )
        date(2001, settings.nms25_due_month, settings.nms25_due_day)  # a real day of a non-leap year
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, RuleViolation):
            raise
        raise RuleViolation(f"{source} is not valid: {exc}", field=source) from exc
    if len({t.code for t in types}) != len(types):
        raise RuleViolation(f"{source}: two event types share a code", field=source)
    if settings.review_within_working_days < 0:
        raise RuleViolation(f"{source}: review_within_working_days cannot be negative", field=source)
    return settings


@cache
def load_settings() -> NotificationSettings:
    text = (resources.files("careinspect.rules") / "data" / "notifications.toml").read_text(encoding="utf-8")
    return parse_settings(tomllib.loads(text))


def not1_missing_fields(required: Iterable[str], given: Mapping[str, object]) -> list[str]:
    """RULES: NOT-1 — the required fields a notification leaves empty: an incomplete notification makes
    the inspector ask for more. Whitespace alone is empty."""
    missing = []
    for name in required:
        value = given.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing


def describe_missing(missing: Sequence[str]) -> str:
    """ "What the agency has done; who else has been told (…)" for a page or a message."""
    return "; ".join(FIELD_LABELS.get(name, name).lower() for name in missing)


# --- NMS 25 reports (NOT-2) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Nms25Year:
    """One year of NMS 25 reporting: 1 April to 31 March, and the day the report is due."""

    first: date
    last: date
    due: date

    @property
    def label(self) -> str:
        """ "2025 to 2026"."""
        return f"{self.first.year} to {self.last.year}"


def nms25_year_ending(year: int, settings: NotificationSettings | None = None) -> Nms25Year:
    """RULES: NOT-2 — the reporting year that ends on 31 March of `year`, due on the regulator's day."""
    s = settings or load_settings()
    last = date(year, 3, 31)
    return Nms25Year(date(year - 1, 4, 1), last, date(year, s.nms25_due_month, s.nms25_due_day))


def nms25_latest_due(today: date, settings: NotificationSettings | None = None) -> Nms25Year:
    """The latest reporting year whose report was due before `today` (the one a missing report is
    flagged for)."""
    year = nms25_year_ending(today.year, settings)
    return year if year.due < today else nms25_year_ending(today.year - 1, settings)


def nms25_next_due(today: date, settings: NotificationSettings | None = None) -> Nms25Year:
    """The reporting year whose report falls due next, on or after `today`."""
    year = nms25_year_ending(today.year, settings)
    return year if year.due >= today else nms25_year_ending(today.year + 1, settings)


def nms25_required(
    *,
    kind: str,
    single_individual: bool,
    registration_date: date,
    year: Nms25Year,
    settings: NotificationSettings | None = None,
) -> bool:
    """RULES: NOT-2 — whether an agency owes the NMS 25 report for `year`: agencies of the kinds the data
    names, registered before the year ended, and never an agency that is a single individual ("Individual
    providers do not need to make reports under this standard")."""
    s = settings or load_settings()
    return kind in s.nms25_provider_kinds and not single_individual and registration_date <= year.last


# --- Manager absence and change (NOT-3) ----------------------------------------------------------------


class ManagerNoticeKind(StrEnum):
    ABSENCE = "absence"  # absent 28 days or more
    LEAVING = "leaving"  # the manager leaves
    APPOINTED = "appointed"  # a new manager starts


ABSENT_DAYS = 28  # RULES: NOT-3 — "absent for 28 days or more"
EMERGENCY_GRACE_DAYS = 7  # RULES: NOT-3 — "within 1 week of a registered manager being absent for 28 days"


def one_month_before(day: date) -> date:
    """The same day of the month before, or that month's last day when it is shorter (31 March → 28 or
    29 February)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for dom in (day.day, 30, 29, 28):
        try:
            return date(year, month, dom)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def not3_notice_due(starts_on: date, *, emergency: bool) -> date:
    """RULES: NOT-3 — the last day the agency may tell the regulator of a manager's absence (or leaving)
    that starts on `starts_on`: at least one month before a known absence; in an emergency, within 1 week
    of the 28th day of absence. Calendar days: bank holidays do not move it."""
    if emergency:
        twenty_eighth_day = starts_on + timedelta(days=ABSENT_DAYS - 1)
        return twenty_eighth_day + timedelta(days=EMERGENCY_GRACE_DAYS)
    return one_month_before(starts_on)


def not3_is_late(starts_on: date, *, emergency: bool, given_on: date) -> bool:
    """RULES: NOT-3 — notice given after the day `not3_notice_due` gives is late (SCH-10 may then bring
    the inspection forward)."""
    return given_on > not3_notice_due(starts_on, emergency=emergency)


@dataclass(frozen=True)
class ManagerNoticeFacts:
    kind: ManagerNoticeKind
    starts_on: date
    given_on: date
    applied_to_register_on: date | None = None


@dataclass(frozen=True)
class ManagerWeeks:
    """What the notices say about the manager on a day, in the words of the judgement checks."""

    manager_vacancy_weeks: float | None = None
    unregistered_manager_weeks: float | None = None


def _weeks(first: date, last: date) -> float:
    return round((last - first).days / 7, 1)


def manager_weeks_from_notices(notices: Iterable[ManagerNoticeFacts], on: date) -> ManagerWeeks:
    """The manager's vacancy and registration as the agency's notices tell them on `on`, in order of the
    day each change took effect: a manager who left leaves the post vacant until a new one starts; a new
    manager who has not applied to register counts the weeks since starting. An absence is not a vacancy.
    """
    vacant_since: date | None = None
    appointed: ManagerNoticeFacts | None = None
    for notice in sorted(notices, key=lambda n: (n.starts_on, n.given_on)):
        if notice.starts_on > on:
            continue
        if notice.kind is ManagerNoticeKind.LEAVING:
            vacant_since, appointed = notice.starts_on, None
        elif notice.kind is ManagerNoticeKind.APPOINTED:
            vacant_since, appointed = None, notice
    # RULES: JDG-5 — the weeks since the vacancy, without retyping what the agency told us.
    vacancy = _weeks(vacant_since, on) if vacant_since is not None else None
    unregistered = None
    if appointed is not None and (
        appointed.applied_to_register_on is None or appointed.applied_to_register_on > on
    ):
        # RULES: JDG-6 — a manager in post who has not applied to register.
        unregistered = _weeks(appointed.starts_on, on)
    return ManagerWeeks(vacancy, unregistered)
