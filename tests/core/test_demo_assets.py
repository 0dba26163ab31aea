"""What the browser asks for besides the pages answers 200, not 404 (issue 15): `/favicon.ico`, and every
file govuk-frontend's and MOJ Frontend's stylesheets ask for under `/assets/` (the filtered due list's
tag-remove cross among them).

The front-end files are built from npm by `make setup` into `src/careinspect/static_build/` (the Makefile
copies both packages' images into `static_build/root/assets/images/`, which WhiteNoise serves at `/`):
without that folder these tests are skipped, saying so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

STATIC_BUILD = Path(settings.BASE_DIR) / "static_build"
STYLESHEETS = (
    STATIC_BUILD / "govuk" / "govuk-frontend.min.css",
    STATIC_BUILD / "moj" / "moj-frontend.min.css",
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not all(sheet.is_file() for sheet in STYLESHEETS) or not (STATIC_BUILD / "root").is_dir(),
        reason="the front-end assets are not built: `make setup` builds them from npm into static_build/",
    ),
]


def asked_for() -> list[str]:
    """Every `url(/assets/…)` in the two stylesheets."""
    urls: set[str] = set()
    for sheet in STYLESHEETS:
        urls |= set(re.findall(r"url\((/assets/[^)\"'?#]+)", sheet.read_text("utf-8")))
    return sorted(urls)


def test_favicon_ico_answers_with_govuk_frontends_icon(client: Client) -> None:
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/assets/images/favicon.ico", 301)]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == (STATIC_BUILD / "root" / "assets" / "images" / "favicon.ico").read_bytes()


def test_the_filtered_due_lists_tag_remove_cross_answers_200(client: Client) -> None:
    response = client.get("/assets/images/icon-tag-remove-cross.svg")
    assert response.status_code == 200, (
        "MOJ Frontend's images are not in static_build/root/assets/images/: the Makefile's assets step "
        "copies them there (then `make setup` again)"
    )
    assert response["Content-Type"].startswith("image/svg+xml")


def test_every_asset_the_stylesheets_ask_for_answers_200(client: Client) -> None:
    urls = asked_for()
    assert "/assets/images/icon-tag-remove-cross.svg" in urls and "/assets/fonts/" in " ".join(urls)
    missing = [url for url in urls if client.get(url).status_code != 200]
    assert missing == [], f"asked for by the stylesheets but not served: {missing}"
