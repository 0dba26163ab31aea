"""The PDF helper: A4, our own stylesheet, and nothing fetched over the network."""

from __future__ import annotations

import pytest

from careinspect.reports.pdf import LocalOnlyFetcher, html_to_pdf, render

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Letter</title></head>"
    "<body><h1>Letter</h1><p>Text</p></body></html>"
)


def test_html_to_pdf_makes_a_pdf() -> None:
    assert html_to_pdf(PAGE).startswith(b"%PDF")


def test_pages_are_a4() -> None:
    page = render(PAGE).pages[0]
    # CSS pixels at 96 per inch: 210 x 297 mm.
    assert round(page.width * 25.4 / 96) == 210
    assert round(page.height * 25.4 / 96) == 297


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "ftp://example.com/a",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_remote_and_outside_files(url: str) -> None:
    with pytest.raises(ValueError, match="refused"):
        LocalOnlyFetcher().fetch(url)


def test_fetcher_allows_data_urls() -> None:
    response = LocalOnlyFetcher().fetch("data:text/plain,hello")
    assert response.read() == b"hello"


def test_remote_image_is_skipped_not_fetched() -> None:
    """A remote URL in the document is refused by the fetcher; the PDF is still made."""
    pdf = html_to_pdf('<html><body><img src="http://192.0.2.1/x.png" alt="x"><p>Text</p></body></html>')
    assert pdf.startswith(b"%PDF")
