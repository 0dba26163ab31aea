from __future__ import annotations

from datetime import date

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.policy import Policy, default_policy


@pytest.fixture(scope="session")
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()


@pytest.fixture(scope="session")
def policy() -> Policy:
    return default_policy()


def d(text: str) -> date:
    return date.fromisoformat(text)
