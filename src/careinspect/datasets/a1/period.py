"""The A1 period: 1 October to 30 September (RULES: INF-1 — "data 1 Oct to 30 Sept")."""

from __future__ import annotations

from datetime import date, timedelta


def default_period_end(today: date | None = None) -> date:
    """The most recent 30 September before today (on 30 September itself, the year before's)."""
    today = today or date.today()
    this_year = date(today.year, 9, 30)
    return this_year if this_year < today else date(today.year - 1, 9, 30)


def period_start(period_end: date) -> date:
    """The 1 October a year before the period's end (the day after the previous period ended)."""
    day = min(period_end.day, 28) if period_end.month == 2 else period_end.day  # a 29 February end
    return date(period_end.year - 1, period_end.month, day) + timedelta(days=1)
