"""How many cases an inspector must track. RULES: CAS-1."""

from __future__ import annotations

from careinspect.rules.errors import RuleViolation
from careinspect.rules.policy import Policy

SMALL_AGENCY_BELOW = (
    10  # RULES: CAS-1 — "2 if the agency has worked with fewer than 10" (the guidance's own number)
)


def tracked_minimum(service_users: int, policy: Policy) -> int:
    """The fewest children and other service users to track, from the number served in the last 12 months.

    RULES: CAS-1 — at least 4; 2 with fewer than 10; at least 6 in larger agencies (policy threshold).
    An agency cannot have more cases tracked than it has: with 0 or 1 service users the minimum is
    all of them.
    """
    if service_users < 0:
        raise RuleViolation(
            f"{service_users} is not a number of service users; it cannot be negative",
            rule="CAS-1",
            field="service_users",
        )
    if service_users < SMALL_AGENCY_BELOW:
        return min(2, service_users)
    if service_users >= policy.larger_agency_threshold:
        return 6
    return 4
