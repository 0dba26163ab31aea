"""Django settings, read from the environment (README, "Configuration").

SQLite is the embedded default; DATABASE_URL switches to PostgreSQL (psycopg 3).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CAREINSPECT_VAR_DIR", Path.cwd() / "var"))
# The SQLite database and collected static files live here; make it so a fresh clone just works.
(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DJANGO_DEBUG", False)
# A fixed key is only acceptable for local development and tests; production sets DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "careinspect-development-only-not-secret")
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "careinspect.core",
    "careinspect.registry",
    "careinspect.inspections",
    "careinspect.portal",
    "careinspect.datasets",
    "careinspect.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
# Sign-in lockout: after AXES_FAILURE_LIMIT failures for one username from one address, refuse it for
# AXES_COOLOFF_TIME hours. Defaults suit a small staff; the environment can tighten them.
AXES_FAILURE_LIMIT = int(os.environ.get("CAREINSPECT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("CAREINSPECT_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Staff two-factor sign-in (django-otp TOTP): off by default so the demo signs in with a password;
# CAREINSPECT_STAFF_2FA=1 makes every regulator account verify a one-time code after its password.
CAREINSPECT_STAFF_2FA = _env_bool("CAREINSPECT_STAFF_2FA", False)
OTP_TOTP_ISSUER = "careinspect"

# Uploaded originals (RULES: INF-1..3): kept under VAR_DIR unless CAREINSPECT_MEDIA_ROOT says otherwise.
MEDIA_ROOT = Path(os.environ.get("CAREINSPECT_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
CAREINSPECT_MAX_UPLOAD_BYTES = int(os.environ.get("CAREINSPECT_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
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
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Policy defaults (RULES.md "policy default"): overrides of careinspect/rules/data/policy.toml, as the
# environment gives them; `careinspect.core` validates them at start-up and names a bad variable.
CAREINSPECT_POLICY_ENV = {
    "larger_agency_threshold": "CAREINSPECT_LARGER_AGENCY_THRESHOLD",
    "extra_closure_days": "CAREINSPECT_EXTRA_CLOSURE_DAYS",
    "asa_information_working_days_after_notice": "CAREINSPECT_ASA_INFORMATION_WORKING_DAYS_AFTER_NOTICE",
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
