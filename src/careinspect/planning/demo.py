"""`careinspect demo`'s inspectors for the national plan: one in each of England's nine regions.

The demo sign-in `inspector` (core.demo_users) gets a profile, and eight more inspectors are made
without passwords (nobody signs in as them; they are there to be planned), named `demo-inspector-…` by
region. Some leave and two declared conflicts are dated around `today`, so a manager planning the demo's
year sees leave and conflicts at work. Idempotent: the profiles are updated, the demo leave and
conflicts rebuilt. Needs the demo registry (`registry.demo`) and sign-ins (`core.demo_users`) first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from careinspect.core.roles import INSPECTOR, ensure_roles
from careinspect.planning.models import Conflict, InspectorProfile, Leave
from careinspect.registry.models import Provider, Region


@dataclass(frozen=True)
class DemoInspector:
    username: str
    first_name: str
    last_name: str
    region: str
    kinds: str
    days_per_week: int


DEMO_INSPECTORS = (
    # The demo sign-in: lead inspector of every demo inspection, so already busy in the first weeks.
    DemoInspector("inspector", "Inspector", "", Region.LONDON, "ASA,VAA,IFA", 3),
    DemoInspector("demo-inspector-ne", "Demo", "Inspector (North East)", Region.NORTH_EAST, "ASA,IFA,RAA", 3),
    DemoInspector("demo-inspector-nw", "Demo", "Inspector (North West)", Region.NORTH_WEST, "ASA,VAA", 2),
    DemoInspector(
        "demo-inspector-yh", "Demo", "Inspector (Yorkshire)", Region.YORKSHIRE_HUMBER, "IFA,VAA", 3
    ),
    DemoInspector(
        "demo-inspector-em", "Demo", "Inspector (East Midlands)", Region.EAST_MIDLANDS, "ASA,IFA", 2
    ),
    DemoInspector("demo-inspector-wm", "Demo", "Inspector (West Midlands)", Region.WEST_MIDLANDS, "IFA", 4),
    DemoInspector("demo-inspector-ee", "Demo", "Inspector (East)", Region.EAST_OF_ENGLAND, "ASA,IFA", 3),
    DemoInspector("demo-inspector-se", "Demo", "Inspector (South East)", Region.SOUTH_EAST, "ASA,VAA,IFA", 3),
    DemoInspector("demo-inspector-sw", "Demo", "Inspector (South West)", Region.SOUTH_WEST, "ASA,IFA,RAA", 2),
)
# (username, weeks from the Monday of today's week, weeks away, reason)
DEMO_LEAVE = (
    ("demo-inspector-nw", 6, 2, "Annual leave"),
    ("demo-inspector-se", 12, 1, "Training course"),
    ("inspector", 16, 1, "Annual leave"),
    ("demo-inspector-wm", 24, 3, "Annual leave"),
)
# (username, URN of an agency: the conflict is with it, or with its local authority, reason)
DEMO_CONFLICTS = (
    ("demo-inspector-se", "SC700003", "agency", "Worked at the agency until two years ago"),
    ("demo-inspector-ee", "SC800002", "local authority", "A close relative works in its children's services"),
)


@dataclass(frozen=True)
class DemoPlanning:
    inspectors: int
    leave: int
    conflicts: int


class DemoSignInMissing(LookupError):
    """The demo sign-in `inspector` is not in the database: run `ensure_demo_users` first."""


@transaction.atomic
def load_demo_planning(today: date) -> DemoPlanning:
    """Profiles for the demo's inspectors, their leave and conflicts around `today` (idempotent)."""
    group = ensure_roles()[INSPECTOR]
    User = get_user_model()
    users = {}
    for demo in DEMO_INSPECTORS:
        if demo.username == "inspector":
            user = User.objects.filter(username=demo.username).first()
            if user is None:
                raise DemoSignInMissing(
                    "the demo sign-in 'inspector' is missing: run ensure_demo_users first"
                )
        else:
            user, created = User.objects.get_or_create(username=demo.username)
            if created or user.has_usable_password():
                user.set_unusable_password()  # planned, never signed in as
            user.first_name, user.last_name, user.is_active = demo.first_name, demo.last_name, True
            user.save()
            user.groups.set([group])
        InspectorProfile.objects.update_or_create(
            user=user,
            defaults={
                "region": demo.region,
                "kinds": demo.kinds,
                "days_per_week": demo.days_per_week,
                "is_demo": True,
            },
        )
        users[demo.username] = user
    Leave.objects.filter(is_demo=True, inspector__in=users.values()).delete()
    Conflict.objects.filter(is_demo=True, inspector__in=users.values()).delete()
    monday = today - timedelta(days=today.weekday())
    for username, weeks, length, reason in DEMO_LEAVE:
        first = monday + timedelta(weeks=weeks)
        Leave.objects.create(
            inspector=users[username],
            first_day=first,
            last_day=first + timedelta(weeks=length, days=-3),  # to the Friday of the last week
            reason=reason,
            is_demo=True,
        )
    conflicts = 0
    for username, urn, what, reason in DEMO_CONFLICTS:
        provider = Provider.objects.filter(urn=urn).select_related("local_authority").first()
        if provider is None:
            continue
        if what == "agency":
            Conflict.objects.create(inspector=users[username], provider=provider, reason=reason, is_demo=True)
        elif provider.local_authority is not None:
            Conflict.objects.create(
                inspector=users[username],
                local_authority=provider.local_authority,
                reason=reason,
                is_demo=True,
            )
        else:
            continue
        conflicts += 1
    return DemoPlanning(inspectors=len(users), leave=len(DEMO_LEAVE), conflicts=conflicts)
