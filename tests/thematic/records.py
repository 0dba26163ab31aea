"""Registry RAAs with the facts THM-2 weighs, and programmes, for the thematic database tests."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from careinspect.registry.models import LaInspection, LocalAuthority, Provider, RaaFacts
from careinspect.rules.timelines import LONDON
from careinspect.thematic import services
from careinspect.thematic.models import Programme


def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def registry_raa(
    urn: str,
    *,
    region: str = "London",
    las: tuple[str, ...] = (),
    grades: tuple[str, ...] = (),
    model: str = "hosted centralised",
    started: date = date(2018, 4, 1),
    size: int = 100,
    vaa: bool = False,
    scheduled: tuple[tuple[str, str, date], ...] = (),
) -> Provider:
    """An RAA in the register with its member LAs, each LA's ILACS judgement (held 2022) and its
    scheduled ILACS or SEND inspections (code, kind, day)."""
    raa = Provider.objects.create(
        kind="RAA", urn=urn, name=f"Adopt {urn}", registration_date=started, registered_as_vaa=vaa
    )
    members = []
    for n, code in enumerate(las):
        la, _ = LocalAuthority.objects.get_or_create(
            code=code, defaults={"name": f"Council {code}", "region": region}
        )
        members.append(la)
        grade = grades[n] if n < len(grades) else "good"
        LaInspection.objects.create(local_authority=la, kind="ILACS", day=date(2022, 6, 1), judgement=grade)
    raa.member_las.set(members)
    if members:
        raa.local_authority = members[0]
        raa.save()
    for code, kind, day in scheduled:
        LaInspection.objects.create(local_authority=LocalAuthority.objects.get(code=code), kind=kind, day=day)
    RaaFacts.objects.create(provider=raa, operating_model=model, started=started, adoptions_a_year=size)
    return raa


def programme(
    manager: Any, *, start: date, end: date, size: int, teams: int = 1, name: str = ""
) -> Programme:
    return services.create_programme(
        name=name or f"RAAs {start.year}",
        direction="Inspect how RAAs work, under the five themes.",
        window_start=start,
        window_end=end,
        size=size,
        teams=teams,
        by=manager,
        now=timezone.now(),
    )
