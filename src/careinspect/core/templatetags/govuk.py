"""Dates and times the GOV.UK way: "3 December 2026" (never "03 December 2026"), "4pm", "11:59pm"
("12 noon" is written "12pm"); one date for a one-day visit; and the parts the date input shows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from careinspect.rules.calendar import day_text

register = template.Library()

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "03 December 2026" as Python's %d writes it; a day of two digits that starts with 0 and a month's name.
_PADDED_DAY = re.compile(rf"\b0([1-9]) ({MONTHS})\b")


# "26 November 2026 to 26 November 2026": a one-day span, written as its one day.
_SAME_DAY_SPAN = re.compile(rf"\b(\d{{1,2}} (?:{MONTHS}) \d{{4}}) to \1\b")


def unpadded_dates(text: str) -> str:
    """Text with every zero-padded day before a month's name written without its 0 ("3 December 2026"),
    and a span from a day to the same day written as that one day.

    For messages and history notes written with `%d %B %Y` (the style guide: no leading zeros)."""
    return _SAME_DAY_SPAN.sub(r"\1", _PADDED_DAY.sub(r"\1 \2", text))


@register.filter
def unpad_dates(value: object) -> str:
    return unpadded_dates("" if value is None else str(value))


def long_date(day: date | datetime | None) -> str:
    """ "3 December 2026": the style guide's date, as Django's `j F Y`."""
    if day is None:
        return ""
    if isinstance(day, datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    return f"{day_text(day)}"


@register.filter
def govuk_date(value: date | datetime | None) -> str:
    return long_date(value)


@register.simple_tag
def date_span(start: date | None, end: date | None, fmt: str = "j F Y") -> str:
    """Two days as "Thursday 26 November 2026 to Friday 27 November 2026" (Django's format `fmt`), and a
    one-day visit as its one day, never "26 November 2026 to 26 November 2026"."""
    if start is None or end is None or start == end:
        day = start or end
        return date_format(day, fmt) if day is not None else ""
    return f"{date_format(start, fmt)} to {date_format(end, fmt)}"


@register.filter
def stat(value: object) -> str:
    """A measure's figure: 265.0 as "265", 238.5 as it is, a suppression marker unchanged, None as blank."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@register.filter
def govuk_time(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


@register.filter
def govuk_datetime(value: datetime | None) -> str:
    """ "3 December 2026, 4pm"."""
    if value is None:
        return ""
    return f"{long_date(value)}, {govuk_time(value)}"


@register.filter
def date_parts(value: Any) -> dict[str, str]:
    """What the GOV.UK date input shows: the parts as typed (a bound form's data) or from a date/datetime
    (a form's initial value), each as text."""
    if isinstance(value, dict):
        return {key: str(part or "") for key, part in value.items()}
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return {
            "day": str(local.day),
            "month": str(local.month),
            "year": str(local.year),
            "time": govuk_time(local),
        }
    if isinstance(value, date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year), "time": ""}
    return {"day": "", "month": "", "year": "", "time": ""}


@register.filter
def has_errors(messages: Iterable[Any] | None) -> bool:
    """Whether the messages waiting to be shown hold an error (the page title then starts "Error:")."""
    return any(getattr(m, "level_tag", "") == "error" for m in messages or ())
