"""HTML to PDF with WeasyPrint, for letters and reports.

Nothing is fetched over the network: a letter or report must print the same on a machine with no
internet access, and a PDF renderer that follows links in user-written text would be a way to make the
server call out. The print stylesheet is our own (A4, a sans-serif fallback because GDS Transport is only
licensed for use on GOV.UK domains and is not installed here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from weasyprint import CSS, HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

PRINT_CSS = Path(__file__).parent / "static" / "reports" / "print.css"


def _local_roots() -> list[Path]:
    """Folders a document may take files from: our static files, never the rest of the disk."""
    roots = [Path(__file__).parent / "static"]
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        # An entry is a path or a (prefix, path) pair.
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return [r.resolve() for r in roots]


class LocalOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read `data:` URLs and files under our static folders; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlparse(url).scheme.lower()
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in _local_roots()):
                raise ValueError(f"refused to read {url}: outside the static files")
        elif scheme != "data":
            raise ValueError(f"refused to fetch {url}: documents are printed without network access")
        response: URLFetcherResponse = super().fetch(url, headers)
        return response


def render(html: str, base_url: str | None = None) -> Document:
    """The laid-out document: its pages, their sizes, its metadata."""
    fetcher = LocalOnlyFetcher()
    stylesheet = CSS(filename=str(PRINT_CSS), url_fetcher=fetcher)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=[stylesheet])


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """The HTML printed to an A4 PDF with the print stylesheet; resources only from local files."""
    pdf: bytes = render(html, base_url).write_pdf()
    return pdf
