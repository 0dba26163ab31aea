"""The moments tests act at: the services take `now` from their caller and never read the clock."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def at(day: date | str, hour: int = 10, minute: int = 0) -> datetime:
    """`day` (a date or ISO text) at that hour in England: the `now` a service is given."""
    when = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(when, time(hour, minute), tzinfo=LONDON)


_TICKS = itertools.count()
_FIRST_TICK = datetime(2026, 1, 9, 9, 0, tzinfo=LONDON)


def tick() -> datetime:
    """A moment later than every earlier `tick()`: for steps whose day the test does not care about but
    whose order it does (a report edited, then checked), as the real clock would give them."""
    return _FIRST_TICK + timedelta(seconds=next(_TICKS))
