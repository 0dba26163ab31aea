"""The people, agencies and walk of the inspection service tests (tests/inspections/conftest.py)."""

from tests.inspections.conftest import (  # noqa: F401 (fixtures, found by name)
    independent_manager,
    inspector,
    manager,
    provider_a,
    provider_b,
    provider_user_a,
    provider_user_b,
    qa_officer,
    roles,
)
