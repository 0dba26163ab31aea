"""Demo sign-ins, one per role, printed by `careinspect demo` (README lists them too)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from careinspect.core.roles import INSPECTOR, MANAGER, QA_OFFICER, ensure_roles


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    password: str
    role: str


# Demo passwords are public by design: they exist only in demo databases made by `careinspect demo`.
DEMO_SIGN_INS = (
    DemoSignIn("inspector", "inspector-demo-pass", INSPECTOR),
    DemoSignIn("manager", "manager-demo-pass", MANAGER),
    DemoSignIn("qa", "qa-officer-demo-pass", QA_OFFICER),
    DemoSignIn("admin", "admin-demo-pass", "Administrator"),
)


def ensure_demo_users() -> tuple[DemoSignIn, ...]:
    groups = ensure_roles()
    User = get_user_model()
    for sign_in in DEMO_SIGN_INS:
        user, _ = User.objects.get_or_create(username=sign_in.username)
        user.set_password(sign_in.password)
        user.first_name = sign_in.role.split()[0]
        user.is_staff = user.is_superuser = sign_in.role == "Administrator"
        user.save()
        if sign_in.role in groups:
            user.groups.set([groups[sign_in.role]])
    return DEMO_SIGN_INS
