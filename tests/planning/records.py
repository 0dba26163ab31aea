"""Records for the planner's database side: local authorities, agencies with windows set by their past
inspections (the rules work the windows out), inspectors with profiles, leave and conflicts.

The day the tests plan on is 1 April 2026, a Wednesday just before Easter (Good Friday 3 April and
Easter Monday 6 April are bank holidays), so notice (NTC-1: 10 working days) allows an ASA's first
on-site day from Friday 17 April 2026.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from careinspect.core.roles import INSPECTOR, MANAGER, ensure_roles
from careinspect.inspections.models import Inspection
from careinspect.planning.models import Conflict, InspectorProfile, Leave
from careinspect.registry.models import InspectionKind, LocalAuthority, PastInspection, Provider, ProviderKind
from careinspect.rules.lifecycle import Status
from careinspect.rules.planning import Horizon
from tests.clock import at
from tests.conftest import d

TODAY = date(2026, 4, 1)
NOW = at(TODAY)
YEAR = Horizon(date(2026, 4, 1), date(2027, 3, 31))
FIRST_ASA_START = date(2026, 4, 17)  # 10 working days after 1 April, Easter in between (NTC-1, CAL-3)


def authority(code: str = "202", name: str = "Camden", region: str = "London") -> LocalAuthority:
    found, _ = LocalAuthority.objects.get_or_create(code=code, defaults={"name": name, "region": region})
    return found


def agency(
    urn: str,
    *,
    kind: str = ProviderKind.ASA,
    la: LocalAuthority | None = None,
    registered: str = "2015-06-01",
    last: tuple[str, str] | None = None,
    **extra: object,
) -> Provider:
    """An agency; `last` (end day, grade) is its latest full inspection, which sets its window."""
    provider = Provider.objects.create(
        urn=urn,
        kind=kind,
        name=f"Agency {urn}",
        registration_date=d(registered),
        local_authority=la,
        **extra,
    )
    if last is not None:
        past(provider, *last)
    return provider


def past(provider: Provider, end: str, grade: str = "good") -> PastInspection:
    return PastInspection.objects.create(
        provider=provider, end_date=d(end), kind=InspectionKind.SCCIF_FULL, judgement=grade
    )


def user(username: str, role: str = INSPECTOR, first_name: str = "") -> User:
    made = User.objects.create_user(username, password=f"{username}-test-pass-123", first_name=first_name)
    made.groups.set([ensure_roles()[role]])
    return made


def manager(username: str = "rim") -> User:
    return user(username, MANAGER, "Rim")


def inspector(
    username: str,
    *,
    region: str = "London",
    kinds: str = "ASA,IFA,VAA",
    days: int = 3,
    role: str = INSPECTOR,
) -> User:
    made = user(username, role)
    InspectorProfile.objects.create(user=made, region=region, kinds=kinds, days_per_week=days)
    return made


def leave(who: User, first: str, last: str, reason: str = "Annual leave") -> Leave:
    return Leave.objects.create(inspector=who, first_day=d(first), last_day=d(last), reason=reason)


def conflict(who: User, *, provider: Provider | None = None, la: LocalAuthority | None = None) -> Conflict:
    return Conflict.objects.create(
        inspector=who, provider=provider, local_authority=la, reason="Declared link"
    )


def inspection(
    provider: Provider,
    lead: User,
    start: str,
    end: str,
    *,
    status: str = Status.SCHEDULED.value,
    kind: str = InspectionKind.SCCIF_FULL,
    by: User | None = None,
    **extra: object,
) -> Inspection:
    """An inspection made directly (the receivers see it as the services' save would)."""
    return Inspection.objects.create(
        provider=provider,
        kind=kind,
        status=status,
        lead_inspector=lead,
        manager=by or lead,
        start_date=d(start),
        end_date=d(end),
        **extra,
    )


def published(provider: Provider, lead: User, end: str, grade: str = "good") -> Inspection:
    """A full inspection led by `lead`, published, with the past inspection its publication records."""
    past(provider, end, grade)
    return inspection(provider, lead, end, end, status=Status.PUBLISHED.value, published_on=d(end))
