"""Files browsers ask for at fixed addresses outside the static files.

Browsers ask for `/favicon.ico` on every page they have no icon for (a PDF, a JSON answer, the admin):
it is govuk-frontend's favicon, which WhiteNoise serves from `WHITENOISE_ROOT` at
`/assets/images/favicon.ico` (where `base.html` links it), so the old address redirects there.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect

FAVICON = "/assets/images/favicon.ico"


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    return HttpResponsePermanentRedirect(FAVICON)
