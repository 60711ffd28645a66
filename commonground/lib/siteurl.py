"""A full address on this site, for what is printed, shared or sent (a public page's address and
QR code, links in emails and texts).

``SITE_ROOT`` (the public URL, e.g. ``https://organise.example.org``) decides when it is
configured, so a printed poster carries the public name whatever host the organiser used.
Without it, a page uses the host its request came in on (``ALLOWED_HOSTS`` already refuses a
forged ``Host``), so the demo on another port prints an address that works. Work without a
request (a background send) falls back to the development server's address, and
``check --deploy`` warns while ``SITE_ROOT`` is unset (``lib/checks.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

DEVELOPMENT_ROOT = "http://127.0.0.1:8000"


def site_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (from ``reverse``) as a full address: on ``SITE_ROOT`` when it is configured,
    else on the request's own scheme and host, else on the development server."""
    if settings.SITE_ROOT:
        return settings.SITE_ROOT.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return DEVELOPMENT_ROOT + path
