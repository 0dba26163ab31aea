"""Staff two-factor sign-in (django-otp), on when CAREINSPECT_STAFF_2FA is set.

Regulator staff who have signed in with a password are sent to verify a one-time code (or to set up
their authenticator first) before any other page. Provider users are not asked: the setting is for staff.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Pages a half-signed-in member of staff may still reach.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/assets/", "/reports/")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_code(request):
            return redirect(f"{settings.LOGIN_URL_TWO_FACTOR}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _needs_code(request: HttpRequest) -> bool:
        if not getattr(settings, "CAREINSPECT_STAFF_2FA", False):
            return False
        user = request.user
        if not user.is_authenticated or hasattr(user, "provider_staff"):
            return False
        if request.path.startswith(EXEMPT_PREFIXES):
            return False
        # OTPMiddleware gives the user is_verified(); without it nobody counts as verified.
        return not getattr(user, "is_verified", lambda: False)()
