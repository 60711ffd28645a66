"""Caching of figures computed from large tables: one place for keys, lifetimes and staleness.

At national scale (a million people, 30,000 workplaces) some aggregates cost seconds of SQL
and are the same for every page view of the same scope. They are cached here:

- for ``COMMONGROUND_CACHE_SECONDS`` (default 300; 0 turns caching off), in Django's cache
  (per process by default; ``COMMONGROUND_CACHE=database`` shares one cache, so that one
  computation serves every app server);
- under a key that includes a *generation* per kind of data (``"register"``,
  ``"people"``). Writers that change many rows at once (imports, workforce overrides)
  call :func:`bump`, which makes every cached figure of that kind stale at once (in every
  process when the cache is shared; otherwise within the lifetime above); saving or
  deleting a person, membership or workplace role bumps ``"people"`` on commit (signals in
  ``people/apps.py``), so a link accepted in the review queue shows in density at once.

Values also stay in this process's memory, as they are, in front of Django's cache: a
region's density targets are thousands of objects, and unpickling them on every page view
cost more than the page. Callers must treat cached values as read-only.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

T = TypeVar("T")

_memo: dict[str, tuple[float, Any]] = {}
MEMO_SIZE = 200


def lifetime() -> int:
    """Seconds a cached figure lives (0: caching off)."""
    return int(settings.COMMONGROUND_CACHE_SECONDS)


_kinds: set[str] = set()


def generation(kind: str) -> int:
    _kinds.add(kind)
    return int(cache.get(f"generation:{kind}", 0))


def bump(*kinds: str) -> None:
    """Make every cached figure computed from ``kinds`` of data stale."""
    for kind in kinds:
        try:
            cache.incr(f"generation:{kind}")
        except ValueError:
            cache.set(f"generation:{kind}", 1, None)


def changed(*kinds: str) -> None:
    """The calling transaction changed ``kinds`` of data: stale now for this transaction's own
    reads (which see the change), and again once it commits, for what another process cached
    from the data as it was in between."""
    bump(*kinds)
    transaction.on_commit(lambda: bump(*kinds))


def key(name: str, parts: Any, kinds: Sequence[str]) -> str:
    """A cache key for ``name`` and ``parts`` (any repr-able values), language and generations."""
    raw = repr((name, parts, get_language(), [generation(k) for k in kinds])).encode()
    return f"cg:{name}:" + hashlib.sha256(raw).hexdigest()


def cached(name: str, parts: Any, kinds: Sequence[str], compute: Callable[[], T]) -> T:
    """``compute()``, or its cached value for the same name, parts and generations."""
    seconds = lifetime()
    if not seconds:
        return compute()
    k = key(name, parts, kinds)
    now = time.monotonic()
    hit = _memo.get(k)
    if hit is not None and hit[0] > now:
        return cast(T, hit[1])
    value: T | None = cache.get(k)
    if value is None:
        value = compute()
        cache.set(k, value, seconds)
    if len(_memo) >= MEMO_SIZE:
        for old in [m for m, (expires, _v) in _memo.items() if expires <= now] or list(_memo):
            del _memo[old]
    _memo[k] = (now + seconds, value)
    return value


def clear() -> None:
    """Forget everything cached (tests start from nothing; see ``commonground/testing.py``).

    Generations restart at a number never used before rather than at 0, so that what a
    process holds under an old generation (the linkage engine's register) is never taken
    for current again."""
    _memo.clear()
    cache.clear()
    fresh = time.time_ns()
    for kind in _kinds:
        cache.set(f"generation:{kind}", fresh, None)
