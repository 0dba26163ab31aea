from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.policy import Policy, default_policy

pytest_plugins = ["tests.people", "tests.browser_fixtures", "tests.db_fixtures"]


@pytest.fixture(scope="session")
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()


@pytest.fixture(scope="session")
def policy() -> Policy:
    return default_policy()


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Tests make many users; the production hasher's deliberate slowness would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    """Uploaded originals go to each test's own folder, never the developer's var/media; so do the files
    the demo writes to var/demo (A1 returns, questionnaires), which parallel workers would otherwise share."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
