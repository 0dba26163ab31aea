"""Every deadline anyone owns, from every area of the business, in one shape (issue 13, item 7).

Each app registers a source in its `AppConfig.ready` (the inspections' own steps, enforcement's case
reviews and DCS alerts, compliance notices, notifications, …), so the dashboards and the reminders job read
one list and never import the apps that own the deadlines (dependencies point one way).

A source is called with a first and last day (inclusive) and yields the `Deadline`s falling due between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Deadline:
    due: date
    rule: str  # one RULES ID
    what: str  # plain words: "Case review after the inadequate judgement of Acme Adoption"
    owners: tuple[int, ...]  # the pks of the users who own it: they are reminded and see it
    url: str = ""  # where the owner acts on it
    inspection_id: int | None = None
    provider_urn: str = ""
    source: str = field(default="", compare=False)  # the name it was registered under


DeadlineSource = Callable[[date, date], Iterable[Deadline]]

_SOURCES: dict[str, DeadlineSource] = {}
# The sources whose deadlines an agency's staff may own (information, comments, reports it sends): an
# agency's page asks only these, so it does not pay a query for each of the regulator's own sources.
_AGENCY_OWNED: set[str] = set()


def register(name: str, source: DeadlineSource, *, agency_owned: bool = False) -> None:
    """Register (or replace: `ready` may run twice in tests) the source called `name`; `agency_owned` when
    some of its deadlines are owned by an agency's staff."""
    _SOURCES[name] = source
    if agency_owned:
        _AGENCY_OWNED.add(name)
    else:
        _AGENCY_OWNED.discard(name)


def sources(*, agency_owned_only: bool = False) -> dict[str, DeadlineSource]:
    return {n: s for n, s in _SOURCES.items() if not agency_owned_only or n in _AGENCY_OWNED}


def between(first: date, last: date, *, agency_owned_only: bool = False) -> list[Deadline]:
    """Every registered deadline due from `first` to `last` inclusive, soonest first (only the sources an
    agency's staff may own deadlines in, with `agency_owned_only`)."""
    found: list[Deadline] = []
    for name, source in sources(agency_owned_only=agency_owned_only).items():
        for deadline in source(first, last):
            if first <= deadline.due <= last:
                found.append(_named(deadline, name))
    return sorted(found, key=lambda d: (d.due, d.rule, d.what))


def owned_by(user: Any, first: date, last: date) -> list[Deadline]:
    """The deadlines `user` owns from `first` to `last`."""
    agency = hasattr(user, "provider_staff")
    return [d for d in between(first, last, agency_owned_only=agency) if user.pk in d.owners]


def _named(deadline: Deadline, name: str) -> Deadline:
    if deadline.source:
        return deadline
    return Deadline(
        due=deadline.due,
        rule=deadline.rule,
        what=deadline.what,
        owners=deadline.owners,
        url=deadline.url,
        inspection_id=deadline.inspection_id,
        provider_urn=deadline.provider_urn,
        source=name,
    )
