"""Django settings, read from the environment (README, "Configuration"; docs/operations.md).

SQLite is the embedded default; DATABASE_URL switches to PostgreSQL (psycopg 3).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import secrets
import tempfile
import uuid
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CAREINSPECT_VAR_DIR", Path.cwd() / "var"))
# The SQLite database and collected static files live here; make it so a fresh clone just works.
(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _env_number(name: str, default: float, *, low: float, high: float, whole: bool = False) -> float:
    """A number from the environment; a bad one stops start-up naming the variable, not a bare ValueError."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    kind = "a whole number" if whole else "a number"
    problem = ImproperlyConfigured(f"{name}: expected {kind} from {low:g} to {high:g}, got {text!r}")
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        raise problem from None
    if not low <= value <= high:
        raise problem
    return value


def _env_int(name: str, default: int, *, low: int, high: int) -> int:
    return int(_env_number(name, default, low=low, high=high, whole=True))


DEBUG = _env_bool("DJANGO_DEBUG", False)
# On a demo or development machine (never a deployment), the secret key may come from a file in var/.
CAREINSPECT_DEMO = _env_bool("CAREINSPECT_DEMO", False)


def _machine_key(path: Path) -> str:
    """This machine's own random key, made once and kept private in var/ (the demo's workers share it).

    Written to a temporary file and linked into place, so two processes starting at once never read a
    half-written key: the loser of the race reads the winner's.
    """
    if not path.exists():
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as new:
            new.write(_marked_insecure(secrets.token_urlsafe(50)))
        os.chmod(new.name, 0o600)
        try:
            os.link(new.name, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(new.name)
    return path.read_text().strip()


def _marked_insecure(key: str) -> str:
    # Django's deployment check flags a key with this prefix (security.W009): `careinspect check --deploy`
    # then fails on any key that was not configured for the deployment.
    return f"django-insecure-{key}"


def _secret_key() -> tuple[str, str]:
    """The key and where it came from. There is no public default: a known key lets anyone forge a session.

    - "environment": DJANGO_SECRET_KEY, what a deployment sets.
    - "machine": DJANGO_DEBUG or CAREINSPECT_DEMO on: this machine's key in VAR_DIR/secret_key.
    - "tests": under pytest (which sets PYTEST_VERSION), a random key for the test run.
    - "process": anything else, a random key for this process alone. Offline commands (`careinspect rules`,
      `datasets validate`, mypy's Django plugin) work with it, since nothing they sign outlives them; but
      serving with it is refused when the server starts (core.middleware.RequireSecretKeyMiddleware).
    """
    configured = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if configured:
        return configured, "environment"
    if DEBUG or CAREINSPECT_DEMO:
        return _machine_key(VAR_DIR / "secret_key"), "machine"
    source = "tests" if "PYTEST_VERSION" in os.environ else "process"
    return _marked_insecure(secrets.token_urlsafe(50)), source


SECRET_KEY, CAREINSPECT_SECRET_KEY_SOURCE = _secret_key()
# Old keys still accepted for existing sessions while a new DJANGO_SECRET_KEY is rolled out (operations.md).
SECRET_KEY_FALLBACKS = [
    k.strip() for k in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if k.strip()
]
ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    # django-ninja as an app so /api/docs serves Swagger UI from its own static files, not a CDN (CSP).
    "ninja",
    "csp",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "careinspect.core",
    "careinspect.registry",
    "careinspect.inspections",
    "careinspect.portal",
    "careinspect.datasets",
    "careinspect.reports",
    "careinspect.thematic",
    "careinspect.planning",
    "careinspect.messaging",
    "careinspect.enforcement",
    "careinspect.compliance",
    "careinspect.notifications",
    "careinspect.fieldwork",
    "careinspect.assurance",
]

MIDDLEWARE = [
    # First: a server whose secret key was not configured refuses to start (settings._secret_key).
    "careinspect.core.middleware.RequireSecretKeyMiddleware",
    # Before WhiteNoise, so static files get these headers too.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "careinspect.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    "careinspect.core.middleware.StaffTwoFactorMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in lockout: after AXES_FAILURE_LIMIT failures for one username, from any addresses, refuse it for
# AXES_COOLOFF_TIME hours. django-axes counts failures for each entry of AXES_LOCKOUT_PARAMETERS and locks
# when any count reaches the limit: "username" sums them over every address, so guesses spread over many
# addresses are limited too. The ["username", "ip_address"] entry never counts more than "username" does; it
# is there because django-axes' own check (axes.W006) asks for an entry with the address. No entry for the
# address alone: a whole office behind one address would be locked out by five mistyped passwords.
AXES_FAILURE_LIMIT = _env_int("CAREINSPECT_LOGIN_FAILURE_LIMIT", 5, low=1, high=100)
AXES_COOLOFF_TIME = _env_number("CAREINSPECT_LOGIN_COOLOFF_HOURS", 1, low=0.01, high=24 * 7)
AXES_LOCKOUT_PARAMETERS: list[str | list[str]] = ["username", ["username", "ip_address"]]
# The address recorded with each failure: the reverse proxy's X-Forwarded-For when the request came from one
# of CAREINSPECT_TRUSTED_PROXIES, so the records show where guesses come from rather than the proxy.
AXES_CLIENT_IP_CALLABLE = "careinspect.core.middleware.client_ip"


def _trusted_proxies() -> frozenset[str]:
    text = os.environ.get("CAREINSPECT_TRUSTED_PROXIES", "")
    addresses = [a.strip() for a in text.split(",") if a.strip()]
    try:
        return frozenset(str(ipaddress.ip_address(a)) for a in addresses)
    except ValueError:
        raise ImproperlyConfigured(
            f"CAREINSPECT_TRUSTED_PROXIES: expected comma-separated IP addresses, got {text!r}"
        ) from None


CAREINSPECT_TRUSTED_PROXIES = _trusted_proxies()
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Staff two-factor sign-in (django-otp TOTP): off by default so the demo signs in with a password;
# CAREINSPECT_STAFF_2FA=1 makes every regulator account verify a one-time code after its password.
CAREINSPECT_STAFF_2FA = _env_bool("CAREINSPECT_STAFF_2FA", False)
OTP_TOTP_ISSUER = "careinspect"

# Uploaded originals (Rules: INF-1..3): kept under VAR_DIR unless CAREINSPECT_MEDIA_ROOT says otherwise.
MEDIA_ROOT = Path(os.environ.get("CAREINSPECT_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
CAREINSPECT_MAX_UPLOAD_BYTES = _env_int("CAREINSPECT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, low=1, high=2**40)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

ROOT_URLCONF = "careinspect.urls"
WSGI_APPLICATION = "careinspect.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careinspect.core.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'careinspect.sqlite3'}",
        conn_max_age=_env_int("DATABASE_CONN_MAX_AGE", 0, low=0, high=24 * 3600),
        conn_health_checks=True,
    )
}
# SQLite, the embedded default, serves several gunicorn workers: WAL lets readers carry on while one
# writer writes (synchronous=NORMAL is safe from corruption in WAL mode); IMMEDIATE takes the write lock
# at BEGIN, so a transaction that reads and then writes waits for it instead of failing at once with
# "database is locked"; and `timeout` is how long (seconds) a writer waits for the lock (busy timeout).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_URL_TWO_FACTOR = "/accounts/two-factor/"
LOGIN_REDIRECT_URL = "inspections:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# govuk-frontend and MOJ Frontend come from npm (`make assets` copies their dist folders here).
STATICFILES_DIRS = [BASE_DIR / "static_build"] if (BASE_DIR / "static_build").is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# govuk-frontend's stylesheet asks for /assets/fonts/… and /assets/images/…: served from this root.
WHITENOISE_ROOT = BASE_DIR / "static_build" / "root"
WHITENOISE_AUTOREFRESH = DEBUG

# Background jobs (django-tasks). ImmediateBackend runs a task inside the request that enqueues it: the
# demo and the tests need no worker. A deployment sets CAREINSPECT_TASKS=database and runs
# `careinspect db_worker` (docs/operations.md), which needs the django-tasks-db package.
CAREINSPECT_TASKS = os.environ.get("CAREINSPECT_TASKS", "immediate").strip().lower()
if CAREINSPECT_TASKS == "database":
    if importlib.util.find_spec("django_tasks_db") is None:
        raise ImproperlyConfigured(
            "CAREINSPECT_TASKS=database needs the django-tasks-db package, which is not installed"
        )
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif CAREINSPECT_TASKS == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"CAREINSPECT_TASKS: expected immediate or database, got {CAREINSPECT_TASKS!r}"
    )

# Sessions of a working day (a policy setting): the session ends CAREINSPECT_SESSION_HOURS after it was last
# changed (signing in changes it), or when the browser closes, whichever comes first.
CAREINSPECT_SESSION_HOURS = _env_number("CAREINSPECT_SESSION_HOURS", 8, low=0.1, high=24)
SESSION_COOKIE_AGE = round(CAREINSPECT_SESSION_HOURS * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Features no page uses, switched off for the page and anything it might embed (core.middleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# HTTPS only, behind the reverse proxy that ends TLS (docs/operations.md): cookies are never sent over plain
# HTTP, browsers are told to use HTTPS for a year (subdomains too), plain HTTP is redirected, and the proxy's
# X-Forwarded-Proto says whether the request came over HTTPS (the proxy must set it, overwriting the
# client's).
SECURE_COOKIES = _env_bool("DJANGO_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only the "preload" directive: listing the domain in browsers is the domain owner's separate act.
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): everything from this origin, no inline script or style, no framing.
# Templates keep their JavaScript in static files; Swagger UI at /api/docs is served from django-ninja's.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Policy defaults (RULES.md "policy default"): overrides of careinspect/rules/data/policy.toml, as the
# environment gives them; `careinspect.core` validates them at start-up and names a bad variable.
CAREINSPECT_POLICY_ENV = {
    "larger_agency_threshold": "CAREINSPECT_LARGER_AGENCY_THRESHOLD",
    "extra_closure_days": "CAREINSPECT_EXTRA_CLOSURE_DAYS",
    "asa_information_working_days_after_notice": "CAREINSPECT_ASA_INFORMATION_WORKING_DAYS_AFTER_NOTICE",
    # INF-1..3: `kind=N,kind=N`, the most rows a sheet of each kind of dataset may have (rules.policy)
    "dataset_row_limits": "CAREINSPECT_DATASET_ROW_LIMITS",
}
CAREINSPECT_POLICY: dict[str, object] = {
    field: [d.strip() for d in os.environ[var].split(",") if d.strip()]
    if field == "extra_closure_days"
    else os.environ[var]
    for field, var in CAREINSPECT_POLICY_ENV.items()
    if var in os.environ
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Email (issue 12): every message goes through Django's email framework (careinspect.messaging). The
# default delivers to the outbox a user reads at /outbox/; tests get Django's in-memory backend.
# CAREINSPECT_EMAIL chooses: outbox, smtp (Django's EMAIL_HOST… settings), notify (GOV.UK Notify through
# django-gov-notify) or console. A bad choice, or notify without its key and template, stops start-up naming
# the variable (fail closed: mail never goes silently nowhere).
DEFAULT_FROM_EMAIL = os.environ.get("CAREINSPECT_FROM_EMAIL", "careinspect <no-reply@careinspect.example>")
# The service's own address, put before the paths emails link to ("https://careinspect.example.org").
CAREINSPECT_SITE_URL = os.environ.get("CAREINSPECT_SITE_URL", "").strip().rstrip("/")
EMAIL_BACKENDS = {
    "outbox": "careinspect.messaging.backends.OutboxBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "django_gov_notify.backends.NotifyEmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
CAREINSPECT_EMAIL = os.environ.get("CAREINSPECT_EMAIL", "outbox").strip().lower() or "outbox"
if CAREINSPECT_EMAIL not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"CAREINSPECT_EMAIL: expected {', '.join(EMAIL_BACKENDS)}, got {CAREINSPECT_EMAIL!r}"
    )
EMAIL_BACKEND = EMAIL_BACKENDS[CAREINSPECT_EMAIL]
if CAREINSPECT_EMAIL == "smtp":
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
    if not EMAIL_HOST:
        raise ImproperlyConfigured("EMAIL_HOST: CAREINSPECT_EMAIL=smtp needs the mail server's host name")
    EMAIL_PORT = _env_int("EMAIL_PORT", 587, low=1, high=65535)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = _env_int("EMAIL_TIMEOUT", 30, low=1, high=600)
elif CAREINSPECT_EMAIL == "notify":
    if importlib.util.find_spec("django_gov_notify") is None:
        raise ImproperlyConfigured("CAREINSPECT_EMAIL=notify needs the django-gov-notify package")
    GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "").strip()
    if not GOVUK_NOTIFY_API_KEY:
        raise ImproperlyConfigured(
            "GOVUK_NOTIFY_API_KEY: CAREINSPECT_EMAIL=notify needs the Notify service's API key"
        )
    # The Notify template with ((subject)) and ((body)) placeholders every message is sent through.
    GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", "").strip()
    try:
        uuid.UUID(GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID)
    except ValueError:
        raise ImproperlyConfigured(
            "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID: CAREINSPECT_EMAIL=notify needs the plain template's id "
            f"(a UUID), got {GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID!r}"
        ) from None
