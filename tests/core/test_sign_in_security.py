"""Sign-in security: lockout after repeated failures, staff two-factor when switched on, audited accounts."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from careinspect.core.roles import INSPECTOR, PROVIDER_USER, ensure_roles
from careinspect.registry.models import Provider, ProviderStaff

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password"


@pytest.fixture
def inspector() -> object:
    user = get_user_model().objects.create_user("lockme", password=PASSWORD)
    user.groups.set([ensure_roles()[INSPECTOR]])
    return user


def _sign_in(client: Client, username: str, password: str) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_sign_in_locks_after_repeated_failures(inspector: object, settings: object) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):  # type: ignore[attr-defined]
        assert _sign_in(client, "lockme", "wrong").status_code == 200
    assert _sign_in(client, "lockme", "wrong").status_code == 429  # the limit-th failure locks
    locked = _sign_in(client, "lockme", PASSWORD)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()


def test_staff_two_factor_asks_for_a_code_when_switched_on(inspector: object, settings: object) -> None:
    settings.CAREINSPECT_STAFF_2FA = True  # type: ignore[attr-defined]
    client = Client()
    assert _sign_in(client, "lockme", PASSWORD).status_code == 302
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    page = client.get(response["Location"]).content.decode()
    assert "Set up your authenticator app" in page
    device = TOTPDevice.objects.get(user=inspector)
    assert client.post("/accounts/two-factor/?next=/dashboard/", {"code": "000000"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a wrong code; the test need not wait
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert (
        client.post("/accounts/two-factor/", {"code": code, "next": "/dashboard/"})["Location"]
        == "/dashboard/"
    )
    assert client.get("/dashboard/").status_code == 200


def test_provider_users_are_not_asked_for_a_staff_code(settings: object) -> None:
    settings.CAREINSPECT_STAFF_2FA = True  # type: ignore[attr-defined]
    provider = Provider.objects.create(kind="ASA", urn="SC1", name="A", registration_date="2020-01-01")
    user = get_user_model().objects.create_user("agency", password=PASSWORD)
    user.groups.set([ensure_roles()[PROVIDER_USER]])
    ProviderStaff.objects.create(user=user, provider=provider)
    client = Client()
    _sign_in(client, "agency", PASSWORD)
    assert client.get("/portal/").status_code == 200


def test_changes_to_accounts_and_roles_are_audited(inspector: object) -> None:
    """Who may see what (DPR-3) rests on roles, so account changes keep their history too."""
    inspector.is_active = False  # type: ignore[attr-defined]
    inspector.save()  # type: ignore[attr-defined]
    history = inspector.history.all()  # type: ignore[attr-defined]
    assert [h.is_active for h in history][:2] == [False, True]
