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


def cas1_enough_tracked(tracked: int, service_users: int | None, policy: Policy) -> None:
    """RULES: CAS-1 — the minimum number of tracked cases, with a message that says how many more."""
    if service_users is None:
        raise RuleViolation(
            "the number of service users is not known: upload the agency's case list first",
            rule="CAS-1",
            field="cases",
        )
    needed = tracked_minimum(service_users, policy)
    if tracked < needed:
        raise RuleViolation(
            f"{tracked} case(s) tracked; an agency that worked with {service_users} service users "
            f"needs at least {needed}: track {needed - tracked} more",
            rule="CAS-1",
            field="cases",
        )


def cas3_sampled_case_follows_an_enquiry(sampled: bool, line_of_enquiry: str) -> None:
    """RULES: CAS-3 — a sampled case looks at elements of practice for a line of enquiry: say which."""
    if sampled and not line_of_enquiry.strip():
        raise RuleViolation(
            "say which line of enquiry the sampled case follows", rule="CAS-3", field="line_of_enquiry"
        )
