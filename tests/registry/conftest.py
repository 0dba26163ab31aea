from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time

import pytest
import time_machine
from django.contrib.auth.models import User

from careinspect.core.roles import INSPECTOR, ensure_roles
from tests.clock import LONDON
from tests.registry.factories import TODAY


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    """The receivers and pages read the clock (they are the edge); here it always says TODAY, 9am."""
    with time_machine.travel(datetime.combine(TODAY, time(9), tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def inspector(db: None) -> User:
    user = User.objects.create_user("insp", password="a-long-password-1")
    user.groups.add(ensure_roles()[INSPECTOR])
    return user
