"""The rows the data migrations seed (the notification types, the assurance priority policy) come back after
a transactional test's flush empties every table (registered as a pytest plugin by tests/conftest.py).

pytest-django runs the transactional tests after the others, so in one process a flush harms nobody; but
pytest-xdist (`make test` runs two workers, a test file at a time to each) hands out whole files, those with
the most tests first, so a file with a transactional test may run before one that needs the seeded rows.
Each worker keeps a copy of those rows as migrated and puts them back into any table a flush left empty.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from pytest_django.fixtures import validate_django_db

# Each seeded model's label and its rows (JSON) in the worker's test database as migrated.
_seeded: dict[str, str] = {}
_blocker: list[Any] = []


def _project_models() -> Iterator[Any]:
    for config in apps.get_app_configs():
        if config.name.startswith("careinspect."):
            yield from config.get_models()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """pytest-django's test database, and a copy of the rows its data migrations seeded."""
    _blocker[:] = [django_db_blocker]
    with django_db_blocker.unblock():
        for model in _project_models():
            rows = model._base_manager.all()
            if rows.exists():
                _seeded[model._meta.label] = serializers.serialize("json", rows)


def _flushes(item: pytest.Item) -> bool:
    """A test that pytest-django flushes afterwards, as its own ordering tells them (transactional ones)."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and any(validate_django_db(marker)[:2])
    fixtures = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    try:
        return (yield)
    finally:
        # After the last test the database is gone (nextitem None: session fixtures torn down too).
        if _seeded and _blocker and nextitem is not None and _flushes(item):
            with _blocker[0].unblock():
                for label, rows in _seeded.items():
                    if not apps.get_model(label)._base_manager.exists():
                        for row in serializers.deserialize("json", rows):
                            row.save()  # a raw save: no history row, as when the migration made it
