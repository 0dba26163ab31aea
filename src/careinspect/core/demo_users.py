"""Demo sign-ins, one or more per role, printed by `careinspect demo` (README lists them too).

Provider users belong to a demo agency made by `careinspect.registry.demo.load_demo_registry`, so
`ensure_demo_users` runs after it. The agencies are fixed by URN so the README can name them:
SC700005 carries the walkthrough inspection (notified this morning) and an earlier published one; SC700011
is on site today, where the README's walkthrough goes on with the visit, feedback and the report, its
agency's `provider3` answering the draft; SC700019's final report is due for publication on the demo's
day; SC700008 has a draft report awaiting comments, to show that one agency never sees another's work
(DPR-3).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from careinspect.core.roles import (
    INSPECTOR,
    MANAGER,
    PROVIDER_USER,
    QA_OFFICER,
    REGIONAL_DIRECTOR,
    ensure_roles,
)
from careinspect.registry.models import Provider, ProviderStaff

ADMINISTRATOR = "Administrator"
WALKTHROUGH_URN = "SC700005"
SECOND_PROVIDER_URN = "SC700008"
# On site today: the walkthrough's visit, feedback and report are taken on this agency's inspection.
ON_SITE_URN = "SC700011"
# Its final report went 5 working days before the demo's day: a manager can publish it that day (RPT-3).
PUBLISHABLE_URN = "SC700019"
# The first of the six RAAs of seed 001 (Adopt North East): its thematic inspection is announced today.
THEMATIC_RAA_URN = "RA000001"
# An IFA whose assurance visit's final report has gone, with the post-visit survey (RPT-8).
FOSTERING_URN = "SC800108"


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    password: str
    role: str
    try_this: str = ""
    provider_urn: str = ""  # for a provider user: the demo agency whose staff they are
    first_name: str = ""


# Demo passwords are public by design: they exist only in demo databases made by `careinspect demo`.
DEMO_SIGN_INS = (
    DemoSignIn(
        "inspector",
        "inspector-demo-pass",
        INSPECTOR,
        "Lead inspector of every demo inspection: open the dashboard, log the notification call of the "
        f"walkthrough inspection of {WALKTHROUGH_URN} and prepare it; then take {ON_SITE_URN}'s, on site "
        "today, through feedback, the report, the draft and the final",
        first_name="Inspector",
    ),
    DemoSignIn(
        "manager",
        "manager-demo-pass",
        MANAGER,
        "Manages the demo inspections: check the report awaiting its check, set new dates for the deferred "
        f"inspection, publish {PUBLISHABLE_URN}'s final report: its publication day has come (RPT-3)",
        first_name="Manager",
    ),
    DemoSignIn(
        "manager2",
        "manager2-demo-pass",
        MANAGER,
        "A second manager, independent of the demo inspections: answer the open formal complaint (CMP-1)",
        first_name="Second manager",
    ),
    DemoSignIn(
        "qa",
        "qa-officer-demo-pass",
        QA_OFFICER,
        "Reads every inspection in every state and changes nothing",
        first_name="Quality",
    ),
    DemoSignIn(
        "provider",
        "provider-demo-pass",
        PROVIDER_USER,
        f"Staff of {WALKTHROUGH_URN}: see the letters of notice and send the case list (on time: the forms "
        "are not due yet)",
        provider_urn=WALKTHROUGH_URN,
        first_name="Registered manager",
    ),
    DemoSignIn(
        "provider2",
        "provider2-demo-pass",
        PROVIDER_USER,
        f"Staff of {SECOND_PROVIDER_URN}: send minor points or a complaint on the draft; no other agency "
        "shows",
        provider_urn=SECOND_PROVIDER_URN,
        first_name="Registered manager",
    ),
    DemoSignIn(
        "provider3",
        "provider3-demo-pass",
        PROVIDER_USER,
        f"Staff of {ON_SITE_URN}, on site today: once the inspector sends the draft, send minor points or a "
        "complaint on it",
        provider_urn=ON_SITE_URN,
        first_name="Registered manager",
    ),
    DemoSignIn(
        "raa",
        "raa-demo-pass",
        PROVIDER_USER,
        f"Staff of the RAA {THEMATIC_RAA_URN}: send the A1 dataset, first var/demo/a1-with-errors.xlsx, then "
        "var/demo/a1.xlsx (INF-1)",
        provider_urn=THEMATIC_RAA_URN,
        first_name="RAA leader",
    ),
    DemoSignIn(
        "fostering",
        "fostering-demo-pass",
        PROVIDER_USER,
        f"Staff of the IFA {FOSTERING_URN}: its assurance visit's final report has been sent; answer the "
        "post-visit survey from the email in the outbox (RPT-8)",
        provider_urn=FOSTERING_URN,
        first_name="Registered manager",
    ),
    DemoSignIn(
        "director",
        "director-demo-pass",
        REGIONAL_DIRECTOR,
        "Reads every inspection; decides, in exceptional circumstances, that a monitoring visit's report is "
        "not published, with the reason (RPT-6)",
        first_name="Regional director",
    ),
    DemoSignIn(
        "admin",
        "admin-demo-pass",
        ADMINISTRATOR,
        "Django admin at /admin/: every record and its history",
        first_name="Administrator",
    ),
)


class DemoProviderMissing(LookupError):
    """A provider sign-in's agency is not in the database: load the demo registry first."""


def ensure_demo_users() -> tuple[DemoSignIn, ...]:
    """Create or reset every demo sign-in (idempotent); provider users are linked to their demo agency."""
    groups = ensure_roles()
    User = get_user_model()
    for sign_in in DEMO_SIGN_INS:
        provider = None
        if sign_in.provider_urn:
            provider = Provider.objects.filter(urn=sign_in.provider_urn, is_demo=True).first()
            if provider is None:
                raise DemoProviderMissing(
                    f"demo agency {sign_in.provider_urn} for {sign_in.username!r} is missing: "
                    "run load_demo_registry first"
                )
        user, _ = User.objects.get_or_create(username=sign_in.username)
        user.set_password(sign_in.password)
        user.first_name = sign_in.first_name
        # An address the letters can give (the staff letter names the lead inspector's email); the
        # reserved .example domain reaches nobody.
        user.email = f"{sign_in.username}@careinspect.example"
        user.is_staff = user.is_superuser = sign_in.role == ADMINISTRATOR
        user.save()
        user.groups.set([groups[sign_in.role]] if sign_in.role in groups else [])
        if provider is not None:
            ProviderStaff.objects.update_or_create(
                user=user, defaults={"provider": provider, "job_title": "Registered manager"}
            )
        else:
            # A regulator sign-in is never also an agency's staff (DPR-3).
            ProviderStaff.objects.filter(user=user).delete()
    return DEMO_SIGN_INS
