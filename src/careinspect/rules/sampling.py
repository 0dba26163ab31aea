"""Cases: how many an inspector must track (CAS-1), what a sampled case needs (CAS-3), and the children on
a foster carer register as cases to sample (INF-3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

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


def cas1_tracking_is_the_kinds(selection: str, tracks: bool, described_as: str) -> None:
    """RULES: CAS-1 — tracking a minimum of cases in depth is the SCCIF inspection's; a kind that only
    samples (an assurance visit: seed 004's "case sampling") is refused a tracked case, naming the kind."""
    if selection == "tracked" and not tracks:
        raise RuleViolation(
            f"{described_as} samples cases for its lines of enquiry; it does not track them",
            rule="CAS-1",
            field="selection",
        )


def one_case_per_child(placements: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The children on a foster carer register as cases to sample, one per child, each at the placement
    that describes them now: the open one, else the latest to start (a child who moved appears once, with
    the carers they live with). RULES: INF-3 — the register's children are what the visit samples from.

    Rows are the register's validated `placements` (`child_ref`, `household_id`, `placing_la_code`,
    `placement_type`, `placement_start`, `placement_end`); the order of first appearance is kept.
    """
    chosen: dict[str, Mapping[str, Any]] = {}
    for row in placements:
        ref = str(row.get("child_ref") or "").strip()
        if not ref:
            continue
        held = chosen.get(ref)
        if held is None or _describes_now(row) > _describes_now(held):
            chosen[ref] = row
    return [
        {
            "case_ref": ref,
            "service_user_type": "child",
            "service_type": str(row.get("placement_type") or ""),
            "la_code": str(row.get("placing_la_code") or ""),
            "household_ref": str(row.get("household_id") or ""),
            "start_date": row.get("placement_start"),
            "end_date": row.get("placement_end"),
        }
        for ref, row in chosen.items()
    ]


def _describes_now(row: Mapping[str, Any]) -> tuple[bool, date]:
    """Open placements first, then the latest start."""
    return (row.get("placement_end") is None, row.get("placement_start") or date.min)
