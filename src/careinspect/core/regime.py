"""The bridge from Django settings to the pure rules: the policy and calendar in force."""

from __future__ import annotations

from datetime import date
from functools import cache

from django.conf import settings

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.policy import Policy, default_policy


def current_policy() -> Policy:
    overrides = getattr(settings, "CAREINSPECT_POLICY", {})
    return default_policy().with_overrides(overrides) if overrides else default_policy()


def current_calendar() -> WorkingDayCalendar:
    return _calendar(current_policy().extra_closure_days)


@cache
def _calendar(extra_closure_days: tuple[date, ...]) -> WorkingDayCalendar:
    return WorkingDayCalendar(extra_closure_days)
