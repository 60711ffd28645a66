"""Defences of the public forms against scripts: a honeypot, a minimum fill time, size limits.

Rate limits per address and per page are the site's one limiter's (security); these are the
checks a form itself makes. Nothing here ever echoes what was sent.

- **Honeypot**: a field people never see (``HONEYPOT``), which scripts fill in. A form that
  has it filled is answered as if it had been received, and nothing is stored.
- **Fill time**: the form carries a signed token with the time it was served and the page.
  Sending it back sooner than ``COMMONGROUND_PUBLIC_MIN_FILL_SECONDS`` (default 3) asks the
  person to send again; a token that is missing, forged, for another page or older than a day
  asks for the same (with a fresh token).
- **Size**: a body over ``MAX_BODY_BYTES`` is refused (413) before it is read; every field
  has a maximum length.
"""

from __future__ import annotations

import time
from enum import Enum

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

HONEYPOT = "website"
MAX_BODY_BYTES = 32 * 1024
TOKEN_MAX_AGE = 24 * 3600
_SALT = "commonground.publicpages.started"


class Token(Enum):
    OK = "ok"
    TOO_FAST = "too-fast"
    INVALID = "invalid"


def min_fill_seconds() -> float:
    return float(getattr(settings, "COMMONGROUND_PUBLIC_MIN_FILL_SECONDS", 3))


def issue_token(page_id: int, now: float | None = None) -> str:
    """The token a served form carries: the page and the time, signed."""
    at = time.time() if now is None else now
    return signing.dumps({"p": page_id, "t": round(at, 3)}, salt=_SALT, compress=False)


def check_token(token: str, page_id: int, now: float | None = None) -> Token:
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return Token.INVALID
    if not isinstance(data, dict) or data.get("p") != page_id:
        return Token.INVALID
    served = data.get("t")
    if not isinstance(served, (int, float)):
        return Token.INVALID
    elapsed = (time.time() if now is None else now) - served
    if elapsed < 0:
        return Token.INVALID
    if elapsed < min_fill_seconds():
        return Token.TOO_FAST
    return Token.OK


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT, "").strip())


def body_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY_BYTES
