"""The inspection walk of tests/inspections (the demo's builder on fixed dates) for the messaging tests."""

from tests.inspections.conftest import (  # noqa: F401
    _media_in_tmp,
    independent_manager,
    inspector,
    manager,
    provider_a,
    provider_b,
    provider_user_a,
    provider_user_b,
    qa_officer,
    roles,
    walk,
    walk_to,
)
