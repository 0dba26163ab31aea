"""Project-wide middleware: staff two-factor sign-in, no serving without a secret key, security headers.

Staff two-factor sign-in (django-otp) is on when CAREINSPECT_STAFF_2FA is set: regulator staff who have
signed in with a password are sent to verify a one-time code (or to set up their authenticator first)
before any other page. Provider users are not asked: the setting is for staff.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
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


class RequireSecretKeyMiddleware:
    """Refuses to serve when DJANGO_SECRET_KEY was not set (and neither DJANGO_DEBUG nor CAREINSPECT_DEMO).

    Settings then give a random key for the process alone (settings._secret_key), so offline commands work;
    every server (gunicorn, runserver, any WSGI or ASGI host) builds this middleware when it loads the app,
    so that is where serving is refused, at start-up. Otherwise it takes itself out of the chain.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        require_secret_key()
        raise MiddlewareNotUsed("the secret key was configured")


def require_secret_key() -> None:
    """Raises ImproperlyConfigured naming DJANGO_SECRET_KEY when the key is a random one for this process."""
    if getattr(settings, "CAREINSPECT_SECRET_KEY_SOURCE", "process") == "process":
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: set it to a long random value to serve "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), or set CAREINSPECT_DEMO=1 '
            "on a demo or development machine to use a key made for this machine in var/secret_key"
        )


class SecurityHeadersMiddleware:
    """Headers Django does not send itself, and no caching of anything a signed-in user sees.

    Pages behind sign-in carry children's data: no browser or proxy may keep a copy. A response that sets a
    cookie (the session, the CSRF token) must not be stored either, or a shared cache could hand one user's
    cookie to the next. Public reports read anonymously, and static files, stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # RULES: DPR-3 — a stored copy would show one person's pages to the next user of the browser.
        if response.cookies or _signed_in(request):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
            # An Expires in the future would contradict no-store for old HTTP/1.0 caches.
            del response.headers["Expires"]
        return response


def _signed_in(request: HttpRequest) -> bool:
    # WhiteNoise answers static files before AuthenticationMiddleware runs: no user, nothing to protect.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def client_ip(request: HttpRequest) -> str:
    """The client's address for django-axes' sign-in records (AXES_CLIENT_IP_CALLABLE).

    Behind the reverse proxy every request comes from the proxy's address; the proxy appends the address it
    saw to X-Forwarded-For, so the last entry is the one to believe, and only when the request came from a
    proxy in CAREINSPECT_TRUSTED_PROXIES (anyone else could write the header).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if remote not in getattr(settings, "CAREINSPECT_TRUSTED_PROXIES", frozenset()):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    return forwarded or remote
