"""Providers, past inspections and inspections for the registry's tests."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from careinspect.inspections.models import Inspection
from careinspect.registry.models import InspectionKind, PastInspection, Provider, ProviderKind
from tests.conftest import d

# The day the registry's tests happen on (tests/registry/conftest.py sets the clock to it).
TODAY = date(2026, 11, 23)


def provider(
    urn: str, kind: str = ProviderKind.ASA, registered: str = "2015-06-01", **extra: object
) -> Provider:
    return Provider.objects.create(
        urn=urn, kind=kind, name=f"Agency {urn}", registration_date=d(registered), **extra
    )


def inspected(p: Provider, end: str, grade: str, kind: str = InspectionKind.SCCIF_FULL) -> PastInspection:
    return PastInspection.objects.create(provider=p, end_date=d(end), kind=kind, judgement=grade)


def inspection(p: Provider, status: str, by: User, start: str = "2026-11-02", **extra: object) -> Inspection:
    """An inspection of `p` in `status`, made directly: the receivers see it as the services' save would."""
    return Inspection.objects.create(
        provider=p,
        status=status,
        lead_inspector=by,
        manager=by,
        start_date=d(start),
        end_date=d(start),
        **extra,
    )


def many_providers(count: int, first: int = 0) -> None:
    """`count` agencies in two statements (no receivers), then their rows of the due list in one refresh,
    as a bulk import would be followed by `careinspect due refresh`."""
    from careinspect.registry.services import refresh_due

    made = Provider.objects.bulk_create(
        Provider(
            urn=f"SC{n:06d}",
            kind=(ProviderKind.ASA, ProviderKind.IFA, ProviderKind.VAA)[n % 3],
            name=f"Bulk agency {n:04d}",
            registration_date=date(2010, 1, 1),
        )
        for n in range(first, first + count)
    )
    grades = ("good", "inadequate", "requires_improvement", "outstanding")
    PastInspection.objects.bulk_create(
        PastInspection(
            provider=p,
            end_date=date(2022 + n % 4, 1 + n % 12, 1 + n % 28),
            kind=InspectionKind.SCCIF_FULL,
            judgement=grades[n % 4],
        )
        for n, p in enumerate(made)
    )
    refresh_due(None, TODAY)
