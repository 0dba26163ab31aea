"""axe-core finds no serious or critical problem on the letter page and the public reports pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.registry.models import Provider
from tests.browser_fixtures import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, user: User) -> None:
    """The session of a forced sign-in, handed to the browser (the sign-in page has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_public_reports_pages_pass_axe(
    page: Any, live_server: Any, provider_a: Provider, make_published: Callable[..., PublishedReport]
) -> None:
    published = make_published(provider_a)
    for url in (reverse("reports:public_list"), reverse("reports:public_detail", args=[published.pk])):
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1
        assert serious_accessibility_violations(page) == [], url
    page.goto(live_server.url + reverse("reports:public_list") + "?q=nothing-matches")
    assert serious_accessibility_violations(page) == []


def test_letter_pages_pass_axe(page: Any, live_server: Any, inspector: User, notified: Inspection) -> None:
    _sign_in(page, live_server, inspector)
    for letter in ("notice", "staff"):
        page.goto(live_server.url + reverse("reports:letter", args=[notified.pk, letter]))
        assert page.get_by_role("button", name="Download PDF").count() == 1
        assert serious_accessibility_violations(page) == [], letter
