"""Rate limits, per client address and per key, shared by every app process.

One limiter for the whole site: the API (per token and per address), the public pages and
their GeoJSON, the log-in (failures per address), password resets, and the public forms.

A *scope* names what is limited; ``settings.COMMONGROUND_RATE_LIMITS`` gives its rates as
``"<scope>.ip"`` (per client address, from ``lib.clientip``: proxies are handled there) and
``"<scope>.key"`` (per key the caller chooses: a token, an email address, a page), each
``"<count>/<period>"`` with the period in seconds or ``s``/``m``/``h``/``d`` (``"120/m"``,
``"30/15m"``), or ``"off"``. Operators change them with ``COMMONGROUND_RATE_LIMITS``
(docs/deployment.md).

Counting is a fixed window per key in the database (``accounts.RateLimitCounter``): one atomic
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per check, so it works on SQLite and
PostgreSQL and across any number of app processes and servers. Keys are keyed hashes
(HMAC with ``SECRET_KEY``): the table never holds an address, a token or an email address.

    decision = limit(request, "join-form", key=page.slug)
    if not decision.allowed:
        return too_many_requests(request, decision)

or, for a whole view, ``@rate_limit("public")``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from commonground.accounts.models import RateLimitCounter
from commonground.lib.clientip import client_ip

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*$")
# Old windows are deleted now and then (every this many checks in a process).
_CLEAN_EVERY = 500
_checks = 0

F = TypeVar("F", bound=Callable[..., HttpResponseBase])


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """``"120/m"`` → 120 per 60 s; ``"30/15m"`` → 30 per 900 s; ``"off"`` → ``None``."""
    if text.strip().lower() in ("off", "0", ""):
        return None
    match = _RATE.match(text)
    if not match:
        raise ImproperlyConfigured(f"Not a rate: {text!r} (e.g. 120/m, 30/15m, 1000/3600)")
    count, number, unit = match.groups()
    seconds = int(number or 1) * _PERIODS[unit or "s"]
    if int(count) < 1 or seconds < 1:
        raise ImproperlyConfigured(f"Not a rate: {text!r}")
    return Rate(int(count), seconds)


def rate_for(name: str) -> Rate | None:
    """The configured rate of ``"<scope>.ip"`` or ``"<scope>.key"``; unknown names are errors."""
    rates: dict[str, str] = settings.COMMONGROUND_RATE_LIMITS
    if name not in rates:
        raise ImproperlyConfigured(f"No rate for {name!r} in COMMONGROUND_RATE_LIMITS")
    return parse_rate(rates[name])


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0  # seconds until the window that refused ends
    scope: str = ""


ALLOWED = RateDecision(True)


def _digest(name: str, ident: str) -> str:
    message = f"{name}|{ident}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _count(key: str, window_start: int, *, add: bool) -> int:
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if add:
            cursor.execute(
                f"INSERT INTO {table} ({qn('key')}, {qn('window_start')}, {qn('hits')}) "
                f"VALUES (%s, %s, 1) ON CONFLICT ({qn('key')}, {qn('window_start')}) "
                f"DO UPDATE SET {qn('hits')} = {table}.{qn('hits')} + 1 RETURNING {qn('hits')}",
                [key, window_start],
            )
        else:
            cursor.execute(
                f"SELECT {qn('hits')} FROM {table} "
                f"WHERE {qn('key')} = %s AND {qn('window_start')} = %s",
                [key, window_start],
            )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _clean(now: float) -> None:
    global _checks
    _checks += 1
    if _checks % _CLEAN_EVERY:
        return
    longest = max(
        (r.seconds for r in map(parse_rate, settings.COMMONGROUND_RATE_LIMITS.values()) if r),
        default=0,
    )
    RateLimitCounter.objects.filter(window_start__lt=int(now) - longest - 60).delete()


def _check(name: str, ident: str, *, add: bool) -> RateDecision:
    rate = rate_for(name)
    if rate is None:
        return ALLOWED
    now = time.time()
    window_start = int(now // rate.seconds) * rate.seconds
    hits = _count(_digest(name, ident), window_start, add=add)
    _clean(now)
    # Counting a hit: refused beyond the limit. Peeking: refused once the limit is reached.
    if hits > rate.count or (not add and hits >= rate.count):
        return RateDecision(False, max(1, math.ceil(window_start + rate.seconds - now)), name)
    return ALLOWED


def _decide(
    request: HttpRequest, scope: str, key: str | None, per_ip: bool, *, add: bool
) -> RateDecision:
    idents = [(f"{scope}.ip", client_ip(request) or "unknown")] if per_ip else []
    if key is not None:
        idents.append((f"{scope}.key", key))
    refused = [d for name, ident in idents if not (d := _check(name, ident, add=add)).allowed]
    return max(refused, key=lambda d: d.retry_after) if refused else ALLOWED


def limit(
    request: HttpRequest, scope: str, *, key: str | None = None, per_ip: bool = True
) -> RateDecision:
    """Count this request against ``scope`` per address (unless ``per_ip=False``) and per
    ``key`` (when given); the decision says whether it is refused."""
    return _decide(request, scope, key, per_ip, add=True)


def exceeded(
    request: HttpRequest, scope: str, *, key: str | None = None, per_ip: bool = True
) -> RateDecision:
    """Whether ``scope`` is already used up for this address (or key), without counting."""
    return _decide(request, scope, key, per_ip, add=False)


def too_many_requests(
    request: HttpRequest, decision: RateDecision, *, as_json: bool = False
) -> HttpResponse:
    """The 429 answer: a page (or JSON), with ``Retry-After``."""
    message = _("Too many requests. Please wait %(seconds)d seconds and try again.") % {
        "seconds": decision.retry_after
    }
    response: HttpResponse
    if as_json:
        response = JsonResponse(
            {"error": {"code": "rate_limited", "message": message, "details": None}}, status=429
        )
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def rate_limit(
    scope: str,
    *,
    key: Callable[[HttpRequest], str | None] | None = None,
    methods: Collection[str] | None = None,
    as_json: bool = False,
) -> Callable[[F], F]:
    """View decorator: count each request (of ``methods``, default all) against ``scope``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if methods is None or request.method in methods:
                decision = limit(request, scope, key=key(request) if key else None)
                if not decision.allowed:
                    return too_many_requests(request, decision, as_json=as_json)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
