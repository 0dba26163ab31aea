"""A child or service user at immediate risk: who must be told, in what order, and what closes the referral.

RULES: SAF-1 — seed 002 "Safeguarding and child protection concerns": the responsible individual or the
person in charge is told as soon as possible, or, where that may compromise a child's or service user's
safety, the appropriate authorities are told first; the referral goes to the LA's children's (or adults')
services and the allocated social worker; the DCS of the placing LA is told at once; allegations against
staff go to the designated officer; a record is kept; the regional Senior HMI follows up what the LA did.
Pure Python: no Django here. Roles are the plain strings of `enforcement.models.ReferralRole`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from careinspect.rules.errors import RuleViolation

# The provider's own people, told first unless that would put a child at risk.
PROVIDER_ROLES = frozenset({"responsible_individual", "person_in_charge"})
# The authorities who, where telling the provider may compromise safety, are told before it.
AUTHORITY_ROLES = frozenset(
    {"la_childrens_services", "la_adults_services", "social_worker", "placing_la_dcs", "police"}
)

# The guidance gives the Senior HMI's follow-up no number of days; the project's default, which the
# person opening the referral may change, is a working week.
FOLLOW_UP_WORKING_DAYS = 5


@dataclass(frozen=True)
class Told:
    role: str
    at: datetime


def saf1_provider_told_after_authorities(
    role: str, at: datetime, *, provider_first_risky: bool, told: Iterable[Told]
) -> None:
    """RULES: SAF-1 — where telling the provider may compromise safety, the authorities are told first:
    the responsible individual or person in charge cannot be recorded as told before any authority was."""
    if not provider_first_risky or role not in PROVIDER_ROLES:
        return
    authorities = [t.at for t in told if t.role in AUTHORITY_ROLES]
    if not authorities or at < min(authorities):
        raise RuleViolation(
            "telling the agency would put a child at risk, so record the local authority, social worker, "
            "DCS or police being told first, at an earlier time",
            rule="SAF-1",
            field="role",
        )


def saf1_still_to_tell(
    roles_told: Iterable[str], *, adults: bool, about_staff: bool, provider_first_risky: bool
) -> list[str]:
    """RULES: SAF-1 — who must have been told before the referral can be closed, as role strings."""
    told = set(roles_told)
    missing: list[str] = []
    if not provider_first_risky and not told & PROVIDER_ROLES:
        missing.append("responsible_individual")
    services = "la_adults_services" if adults else "la_childrens_services"
    if services not in told:
        missing.append(services)
    if "social_worker" not in told:
        missing.append("social_worker")
    if not adults and "placing_la_dcs" not in told:
        missing.append("placing_la_dcs")
    if about_staff and "designated_officer" not in told:
        missing.append("designated_officer")
    return missing
