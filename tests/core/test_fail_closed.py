"""Fail closed (issue 10): no public secret key, no serving without one, a clean deployment check, the
security headers, nothing stored from a signed-in page, sessions of a working day, lockout by username
over every address, and the background jobs' backend."""

from __future__ import annotations

import importlib.util
import json
import re
import secrets
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from tests.core.processes import careinspect, clean_env, free_port, python

GUNICORN_CONF = str(Path(django_settings.BASE_DIR) / "gunicorn.conf.py")
NOT_SET = "DJANGO_SECRET_KEY is not set"
DEPLOYMENT = {"DJANGO_SECURE_COOKIES": "1", "DJANGO_ALLOWED_HOSTS": "example.org"}
PASSWORD = "a-long-enough-password"
OFFLINE = ("rules", "sample-size", "--service-users", "12", "--json")
CHECK_DEPLOY = ("check", "--deploy", "--fail-level", "WARNING")


# The secret key ------------------------------------------------------------------------------------------


def test_offline_commands_work_on_a_fresh_clone_with_no_variable_set(tmp_path: Path) -> None:
    sample = careinspect(tmp_path, *OFFLINE)
    assert sample.returncode == 0, sample.stderr
    assert json.loads(sample.stdout) == {"tracked_min": 4}
    sizes = ("--children", "30", "--adopters", "10", "--support", "10", "--seed", "1")
    made = careinspect(tmp_path, "demo-data", "a1", *sizes, "--out", "a1.xlsx")
    assert made.returncode == 0, made.stderr
    checked = careinspect(tmp_path, "datasets", "validate", "a1", "a1.xlsx", "--json")
    assert (checked.returncode, json.loads(checked.stdout)["valid"]) == (0, True), checked.stderr
    assert not (tmp_path / "var" / "secret_key").exists()  # they needed no key of this machine's


def test_serving_without_a_secret_key_is_refused_at_start(tmp_path: Path) -> None:
    bind = f"127.0.0.1:{free_port()}"
    gunicorn = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONF, "--bind", bind, "careinspect.wsgi"],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert gunicorn.returncode != 0 and NOT_SET in gunicorn.stderr
    runserver = careinspect(tmp_path, "runserver", "--noreload", bind)
    assert runserver.returncode != 0 and NOT_SET in runserver.stderr
    # Any other WSGI host loads the same application object.
    wsgi = python(tmp_path, "import careinspect.wsgi")
    assert wsgi.returncode != 0 and NOT_SET in wsgi.stderr


def test_serving_starts_with_a_configured_key_or_on_a_demo_machine(tmp_path: Path) -> None:
    for variables in ({"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}, {"CAREINSPECT_DEMO": "1"}):
        loaded = python(tmp_path, "import careinspect.wsgi", **variables)
        assert loaded.returncode == 0, loaded.stderr


def key_and_source(cwd: Path, **variables: str) -> list[str]:
    code = (
        "from django.conf import settings; print(settings.SECRET_KEY, settings.CAREINSPECT_SECRET_KEY_SOURCE)"
    )
    done = python(cwd, code, **variables)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_demo_machine_makes_its_key_once_keeps_it_private_and_marks_it_insecure(tmp_path: Path) -> None:
    demo_key, source = key_and_source(tmp_path, CAREINSPECT_DEMO="1")
    assert source == "machine"
    assert key_and_source(tmp_path, DJANGO_DEBUG="1") == [demo_key, "machine"]  # every process shares it
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.read_text() == demo_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Django's deployment check flags this prefix (security.W009): a demo key never passes for a real one.
    assert demo_key.startswith("django-insecure-") and len(demo_key) > 60


def test_without_a_key_each_process_has_its_own_and_a_configured_key_is_used_as_given(tmp_path: Path) -> None:
    first, second = key_and_source(tmp_path), key_and_source(tmp_path)
    assert first[1] == second[1] == "process" and first[0] != second[0]
    configured = secrets.token_urlsafe(50)
    given = key_and_source(tmp_path, DJANGO_SECRET_KEY=configured, CAREINSPECT_DEMO="1")
    assert given == [configured, "environment"]
    assert not (tmp_path / "var" / "secret_key").exists()


# The deployment check ------------------------------------------------------------------------------------


def test_deployment_check_is_clean_with_the_deployment_settings(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    done = careinspect(tmp_path, *CHECK_DEPLOY, DJANGO_SECRET_KEY=key, **DEPLOYMENT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_deployment_check_fails_on_a_key_that_was_not_configured(tmp_path: Path) -> None:
    done = careinspect(tmp_path, *CHECK_DEPLOY, CAREINSPECT_DEMO="1", **DEPLOYMENT)
    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr


def test_https_mode_redirects_and_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    code = """
import json
from django.test import Client
plain = Client().get("/accounts/login/")
secure = Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "hsts": secure.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
}))
"""
    key = secrets.token_urlsafe(50)
    done = python(
        tmp_path, code, DJANGO_SECRET_KEY=key, **{**DEPLOYMENT, "DJANGO_ALLOWED_HOSTS": "testserver"}
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "plain": [301, "https://testserver/accounts/login/"],
        "hsts": "max-age=31536000; includeSubDomains; preload",
        "csrf_cookie_secure": True,
    }


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("CAREINSPECT_SESSION_HOURS", "eight", "CAREINSPECT_SESSION_HOURS"),
        ("CAREINSPECT_SESSION_HOURS", "0", "CAREINSPECT_SESSION_HOURS"),
        ("CAREINSPECT_SESSION_HOURS", "25", "CAREINSPECT_SESSION_HOURS"),
        ("CAREINSPECT_LOGIN_FAILURE_LIMIT", "five", "CAREINSPECT_LOGIN_FAILURE_LIMIT"),
        ("CAREINSPECT_TRUSTED_PROXIES", "127.0.0.1,nginx", "CAREINSPECT_TRUSTED_PROXIES"),
        ("CAREINSPECT_TASKS", "celery", "CAREINSPECT_TASKS"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(
    tmp_path: Path, variable: str, value: str, named: str
) -> None:
    done = careinspect(tmp_path, *OFFLINE, **{variable: value})
    assert done.returncode != 0
    assert named in done.stderr.strip().splitlines()[-1]


def test_the_database_job_backend_needs_its_package(tmp_path: Path) -> None:
    if importlib.util.find_spec("django_tasks_db") is None:
        done = careinspect(tmp_path, *OFFLINE, CAREINSPECT_TASKS="database")
        assert done.returncode != 0 and "django-tasks-db" in done.stderr
    else:
        code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
        done = python(tmp_path, code, CAREINSPECT_TASKS="database")
        assert done.stdout.strip() == "django_tasks_db.DatabaseBackend", done.stderr


@task()
def double(number: int) -> int:
    return 2 * number


def test_jobs_run_at_once_without_a_worker_by_default() -> None:
    assert django_settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert double.enqueue(21).return_value == 42


# Headers and caching -------------------------------------------------------------------------------------


def directives(policy: str) -> dict[str, list[str]]:
    parts = (directive.split() for directive in policy.split(";"))
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy_and_the_other_headers(client: Client) -> None:
    response = client.get(reverse("reports:public_list"))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    assert (response["Referrer-Policy"], response["X-Content-Type-Options"]) == ("same-origin", "nosniff")
    assert response["X-Frame-Options"] == "DENY"
    # The public reports, read anonymously, may be cached.
    assert "no-store" not in response.get("Cache-Control", "") and not response.cookies


def never_stored(response: Any) -> bool:
    return response.get("Cache-Control") == "no-store" and response.get("Pragma") == "no-cache"


@pytest.mark.django_db
def test_nothing_a_signed_in_user_is_sent_may_be_stored(client: Client, people: dict[str, User]) -> None:
    client.force_login(people["inspector"])
    for page in ("inspections:dashboard", "registry:due", "reports:public_list"):
        response = client.get(reverse(page))
        assert response.status_code == 200 and never_stored(response), page
    api = client.get("/api/registry/inspections-due")
    assert api.status_code == 200 and never_stored(api)
    docs = client.get("/api/docs")  # Swagger UI from django-ninja's own static files, so the CSP allows it
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in docs.content.decode()
    # Static files are the same for everyone and stay cacheable.
    css = client.get("/static/careinspect/app.css")
    assert css.status_code == 200 and not never_stored(css)


@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_never_stored(client: Client, people: dict[str, User]) -> None:
    form = client.get(reverse("login"))  # the CSRF cookie
    assert form.cookies and never_stored(form)
    signed_in = client.post(reverse("login"), {"username": "insp", "password": "insp-test-pass-123"})
    assert signed_in.status_code == 302 and never_stored(signed_in)


@pytest.mark.django_db
def test_pages_carry_no_inline_script(client: Client, people: dict[str, User]) -> None:
    """The CSP refuses inline script, so the base template's must be in static files."""
    pages = [client.get(reverse("reports:public_list"))]
    client.force_login(people["inspector"])
    pages.append(client.get(reverse("inspections:dashboard")))
    for page in pages:
        html = page.content.decode()
        tags = re.findall(r"<script\b([^>]*)>", html)
        assert tags and all("src=" in attributes for attributes in tags), tags
        assert not re.search(r"\son[a-z]+=", html)  # no onclick= and the like


# Sessions ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_lasts_a_working_day_and_ends_with_the_browser(
    client: Client, people: dict[str, User]
) -> None:
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    response = client.post(reverse("login"), {"username": "insp", "password": "insp-test-pass-123"})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    expires = Session.objects.get(session_key=cookie.value).expire_date
    assert timedelta(hours=7, minutes=59) < expires - timezone.now() <= timedelta(hours=8)


def test_session_hours_come_from_the_environment(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    done = python(tmp_path, code, CAREINSPECT_SESSION_HOURS="4.5")
    assert done.stdout.strip() == str(int(4.5 * 3600)), done.stderr


# Lockout -------------------------------------------------------------------------------------------------


@pytest.fixture
def account(db: None) -> User:
    return get_user_model().objects.create_user("lockme", password=PASSWORD)


def sign_in(address: str, password: str, forwarded_for: str = "") -> int:
    fields = {"username": "lockme", "password": password}
    client = Client()
    return client.post(
        reverse("login"), fields, REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded_for
    ).status_code


def test_guesses_at_one_username_spread_over_many_addresses_lock_it(account: User) -> None:
    limit = django_settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for n in range(1, limit):
        assert sign_in(f"203.0.113.{n}", "wrong") == 200
    assert sign_in(f"203.0.113.{limit}", "wrong") == 429  # the limit-th failure, from yet another address
    assert sign_in("198.51.100.1", PASSWORD) == 429  # the right password from a new address: still locked
    # No one address came near the limit (django-axes records the refused attempt as well).
    failures = AccessAttempt.objects.filter(username="lockme").values_list("failures_since_start", flat=True)
    assert list(failures) == [1] * (limit + 1)


def test_failures_behind_the_proxy_are_recorded_with_the_client_address(account: User, settings: Any) -> None:
    settings.CAREINSPECT_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    assert sign_in("127.0.0.1", "wrong", forwarded_for="10.0.0.9, 198.51.100.7") == 200
    # Anyone else may write the header too: from an address that is not the proxy it is not believed.
    assert sign_in("203.0.113.9", "wrong", forwarded_for="192.0.2.1") == 200
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {"198.51.100.7", "203.0.113.9"}
