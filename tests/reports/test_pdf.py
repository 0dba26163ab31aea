"""The PDF helper: A4, our own stylesheet, and nothing fetched over the network."""

from __future__ import annotations

import pytest

from careinspect.reports.pdf import LocalOnlyFetcher, html_to_pdf


def test_html_to_pdf_makes_a_pdf() -> None:
    pdf = html_to_pdf("<!DOCTYPE html><html lang='en'><body><h1>Letter</h1><p>Text</p></body></html>")
    assert pdf.startswith(b"%PDF")
    # A4 is 595 x 842 points.
    assert b"/MediaBox [0 0 595" in pdf


@pytest.mark.parametrize(
    "url", ["http://example.com/logo.png", "https://example.com/style.css", "ftp://example.com/a", "file:///etc/passwd"]
)
def test_fetcher_refuses_remote_and_outside_files(url: str) -> None:
    with pytest.raises(ValueError, match="refused"):
        LocalOnlyFetcher().fetch(url)


def test_fetcher_allows_data_urls() -> None:
    response = LocalOnlyFetcher().fetch("data:text/plain,hello")
    assert response.read() == b"hello"  # type: ignore[attr-defined]


def test_remote_image_is_skipped_not_fetched() -> None:
    """A remote URL in the document is refused by the fetcher; the PDF is still made."""
    pdf = html_to_pdf('<html><body><img src="http://192.0.2.1/x.png" alt="x"><p>Text</p></body></html>')
    assert pdf.startswith(b"%PDF")
