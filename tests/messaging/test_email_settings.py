"""CAREINSPECT_EMAIL chooses how mail leaves (issue 12, item 6): the outbox by default, SMTP, GOV.UK Notify
or the console, by configuration alone; a bad choice or a missing key stops start-up naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.core.processes import python

SHOW = (
    "from django.conf import settings as s\n"
    "print(s.EMAIL_BACKEND)\n"
    "print(getattr(s, 'EMAIL_HOST', ''), getattr(s, 'EMAIL_PORT', ''), getattr(s, 'EMAIL_USE_TLS', ''))\n"
    "print(getattr(s, 'GOVUK_NOTIFY_API_KEY', ''), getattr(s, 'GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID', ''))"
)
TEMPLATE = "4c1c6b2e-8c39-4f63-9d5a-0d3f4b8f2a11"


def settings_with(tmp_path: Path, **variables: str) -> list[str]:
    done = python(tmp_path, SHOW, **variables)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def refused(tmp_path: Path, **variables: str) -> str:
    done = python(tmp_path, "", **variables)
    assert done.returncode != 0
    return done.stderr.strip().splitlines()[-1]


def test_the_outbox_is_the_default(tmp_path: Path) -> None:
    assert settings_with(tmp_path)[0] == "careinspect.messaging.backends.OutboxBackend"
    assert (
        settings_with(tmp_path, CAREINSPECT_EMAIL="outbox")[0]
        == "careinspect.messaging.backends.OutboxBackend"
    )


def test_smtp_takes_djangos_settings_from_the_environment(tmp_path: Path) -> None:
    backend, server, _ = settings_with(
        tmp_path,
        CAREINSPECT_EMAIL="smtp",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_USE_TLS="0",
    )
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert server == "smtp.example.org 2525 False"
    assert settings_with(tmp_path, CAREINSPECT_EMAIL="SMTP", EMAIL_HOST="mail")[1] == "mail 587 True"


def test_notify_takes_its_key_and_template_from_the_environment(tmp_path: Path) -> None:
    backend, _, notify = settings_with(
        tmp_path,
        CAREINSPECT_EMAIL="notify",
        GOVUK_NOTIFY_API_KEY="test-key-123",
        GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID=TEMPLATE,
    )
    assert backend == "django_gov_notify.backends.NotifyEmailBackend"
    assert notify == f"test-key-123 {TEMPLATE}"


def test_the_console_prints_mail(tmp_path: Path) -> None:
    assert settings_with(tmp_path, CAREINSPECT_EMAIL="console")[0] == (
        "django.core.mail.backends.console.EmailBackend"
    )


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"CAREINSPECT_EMAIL": "sendgrid"}, "CAREINSPECT_EMAIL"),
        ({"CAREINSPECT_EMAIL": "smtp"}, "EMAIL_HOST"),
        ({"CAREINSPECT_EMAIL": "smtp", "EMAIL_HOST": "mail", "EMAIL_PORT": "port"}, "EMAIL_PORT"),
        (
            {"CAREINSPECT_EMAIL": "notify", "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID": TEMPLATE},
            "GOVUK_NOTIFY_API_KEY",
        ),
        (
            {"CAREINSPECT_EMAIL": "notify", "GOVUK_NOTIFY_API_KEY": "k"},
            "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID",
        ),
        (
            {
                "CAREINSPECT_EMAIL": "notify",
                "GOVUK_NOTIFY_API_KEY": "k",
                "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID": "not-a-uuid",
            },
            "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID",
        ),
    ],
)
def test_a_bad_choice_or_a_missing_setting_stops_start_up_naming_the_variable(
    tmp_path: Path, variables: dict[str, str], named: str
) -> None:
    last_line = refused(tmp_path, **variables)
    assert "ImproperlyConfigured" in last_line and f"{named}:" in last_line


def test_the_tests_use_djangos_in_memory_backend() -> None:
    assert django_settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
