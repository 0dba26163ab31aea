"""The inspection tests' people and agencies (tests/inspections/conftest.py) and the two agencies' world."""

from tests.core.test_backups import own_postgresql  # noqa: F401 (a PostgreSQL server of the tests' own)
from tests.inspections.conftest import (  # noqa: F401 (fixtures, found by name)
    inspector,
    manager,
    provider_a,
    provider_b,
    provider_user_a,
    provider_user_b,
    qa_officer,
    roles,
)
from tests.security.world import world  # noqa: F401
