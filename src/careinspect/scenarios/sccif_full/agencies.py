"""The agencies' side of the demo: which agency each story inspects, their staff who act in it, what the
regulator holds on them before the visit, and the case lists they send.

The agencies themselves and their history come from `careinspect.registry.demo`.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from careinspect.core.demo_users import ON_SITE_URN, PUBLISHABLE_URN, SECOND_PROVIDER_URN, WALKTHROUGH_URN
from careinspect.core.regime import current_calendar
from careinspect.core.roles import PROVIDER_USER
from careinspect.registry.models import Intelligence, IntelligenceKind, Provider, ProviderStaff
from careinspect.rules.lifecycle import Status

SEED = 20240405  # the ASA framework's date: any fixed number gives a repeatable demo
# Which demo agency (by URN) holds each inspection. WALKTHROUGH_URN also holds an earlier published one.
AGENCY_FOR: dict[Status, str] = {
    Status.SCHEDULED: "SC700001",
    Status.NOTIFIED: WALKTHROUGH_URN,
    Status.DEFERRED: "SC700006",
    Status.PREPARING: "SC700009",
    Status.ON_SITE: ON_SITE_URN,
    Status.FEEDBACK_GIVEN: "SC700016",
    Status.DRAFT_SENT: SECOND_PROVIDER_URN,
    Status.COMMENTS_RECEIVED: "SC700018",
    Status.COMPLAINT: "SC700017",
    Status.FINAL_SENT: PUBLISHABLE_URN,
    Status.PUBLISHED: "SC700020",
    Status.PAUSED: "SC700004",
    Status.INCOMPLETE: "SC700013",
}
OVERDUE_NOTICE_URN = "SC700002"  # a second scheduled inspection whose letter of notice is a day late
NO_QUESTIONNAIRES_URN = AGENCY_FOR[Status.PREPARING]  # RULES: NOT-4
SERVICE_USER_TYPES = ("child", "child", "adopter", "adopter", "adopted_adult", "birth_relative")
SERVICE_TYPES = (
    "therapy",
    "parenting",
    "assessment",
    "peer_support",
    "birth_records_counselling",
    "intermediary",
)


def demo_urns() -> list[str]:
    return [*AGENCY_FOR.values(), OVERDUE_NOTICE_URN]


def staff_of(provider: Provider) -> Any:
    """A sign-in of the agency's own staff (DPR-3): the demo provider user, or one without a password."""
    link = ProviderStaff.objects.filter(provider=provider).select_related("user").order_by("user__username")
    if link.exists():
        return link[0].user
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=f"staff-{provider.urn.lower()}", defaults={"first_name": "Registered manager"}
    )
    if created:
        user.set_unusable_password()  # acts in the demo's history only; nobody signs in as it
        user.save()
        user.groups.set([Group.objects.get_or_create(name=PROVIDER_USER)[0]])
    ProviderStaff.objects.update_or_create(
        user=user, defaults={"provider": provider, "job_title": "Registered manager"}
    )
    return user


def add_intelligence(providers: dict[str, Provider], anchor: date) -> None:
    """Rules: SCH-5, NOT-1, NOT-2, NOT-4 — what the regulator holds on each agency before its visit."""
    cal = current_calendar()
    rng = random.Random(SEED)
    for urn in demo_urns():
        provider = providers[urn]
        base = rng.randint(90, 250)
        items = [
            (
                IntelligenceKind.NOTIFICATION,
                base,
                "Schedule 4 notification: a child (initials RT) disclosed harm in a therapy session; "
                "referred to the LA the same day.",
                None,
            ),
            (
                IntelligenceKind.COMPLAINT,
                base - 40,
                "An adopter complained about a 4-month wait for therapy; the agency's response offered "
                "an interim parenting group.",
                None,
            ),
            (
                IntelligenceKind.QUESTIONNAIRE,
                base + 60,
                "Annual questionnaires to children, adopters, other service users and staff.",
                0 if urn == NO_QUESTIONNAIRES_URN else rng.randint(6, 30),
            ),
        ]
        if urn in (AGENCY_FOR[Status.PAUSED], AGENCY_FOR[Status.INCOMPLETE]):
            items.append(
                (
                    IntelligenceKind.CONCERN,
                    base - 80,
                    "Whistle-blowing: a former therapist says sessions went ahead without current DBS "
                    "checks. Brought the inspection forward (SCH-5).",
                    None,
                )
            )
        for kind, days_ago, summary, responses in items:
            Intelligence.objects.create(
                provider=provider,
                kind=kind,
                received_on=cal.next_working_day(anchor - timedelta(days=days_ago)),
                summary=summary,
                responses=responses,
                is_demo=True,
            )


def case_list_csv(provider: Provider, as_at: date, rows: int, la_codes: list[str]) -> bytes:
    """An ASA case list form as the agency would send it: case record IDs, never names (EVD-2)."""
    rng = random.Random(f"{SEED}-{provider.urn}-{as_at.year}")
    home = provider.local_authority.code if provider.local_authority else la_codes[0]
    codes = [home, *rng.sample(la_codes, 3)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["case_ref", "service_user_type", "la_code", "service_type", "start_date", "end_date", "open"]
    )
    for n in range(1, rows + 1):
        started = as_at - timedelta(days=rng.randint(20, 340))
        closed = n % 3 == 0
        ended = min(as_at, started + timedelta(days=rng.randint(10, 200))) if closed else None
        writer.writerow(
            [
                f"ASA-{as_at.year}-{n * 7 % 1000:03d}",
                rng.choice(SERVICE_USER_TYPES),
                rng.choice(codes),
                rng.choice(SERVICE_TYPES),
                started.isoformat(),
                ended.isoformat() if ended else "",
                "N" if closed else "Y",
            ]
        )
    return out.getvalue().encode("utf-8")
