"""Small helpers of the engine: edits, caches, the collector, postcode areas, scores."""

from __future__ import annotations

import gc
import math
import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rapidfuzz.distance import Indel

from ..normalise import (
    LEGAL_WORDS,
    STOP_WORDS,
    NameParts,
)
from .state import NameEvidence
from .tuning import CLOSE_POINTS, TWINS_MAX


def deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


MISSING = object()


def bounded_put(cache: OrderedDict[Any, Any], key: Any, value: Any, limit: int) -> None:
    # Oldest out (an OrderedDict pops its first item in O(1); a dict does not once many
    # items were deleted). A member list repeats its common workplaces throughout.
    if len(cache) >= limit:
        cache.popitem(last=False)
    cache[key] = value


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a long run of matching.

    The matcher's caches keep millions of small tuples alive for the whole run, and the
    collector scanned them again and again as they grew: a third of the matching time
    at 300,000 records (bench/linkage). Matching makes next to no reference cycles (a
    few hundred objects in 300,000 records; reference counting frees the rest), so
    nothing builds up while it is paused; it is restored afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            promote_unwalked()
            gc.enable()


def promote_unwalked() -> None:
    """Put every object the collector tracks into its oldest generation without walking
    them, unless objects are frozen (:func:`gc.freeze`: they are someone else's to thaw).

    Everything made while the collector was paused sits in its youngest generation, and
    the first allocation after it is enabled again walks all of it (the built matcher:
    a quarter of a second, the caches of a run: near a second per process), to free
    next to nothing. Freezing and unfreezing at once moves them all to the oldest
    generation in constant time (CPython splices its lists), where the next full
    collection sees them, as it would have after two promotions; cyclic garbage among
    them is freed then. Measured: docs/decisions.md, 2026-12-02, session 6.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


# Words that mark a text as a company's name rather than a workplace's.
COMPANY_RE = re.compile(r"(?i)\b(ltd|limited|plc|llp|cic)\b")


def company_key(parts: NameParts) -> str:
    """A company's name without legal words and short words, its type words kept."""
    return " ".join(w for w in parts.plain.split() if w not in LEGAL_WORDS and w not in STOP_WORDS)


def second_item(pair: tuple[int, float]) -> float:
    return pair[1]


def similarity(q: str, t: str) -> float:
    """How alike two words are (0-1), as a typing slip would make them.

    Indel similarity, except that two neighbouring letters swapped ("Pakrbourn") count
    as one slip, like a letter left out, not as two: a swap is the commonest slip at a
    keyboard, and two real names rarely differ by one.
    """
    sim = Indel.normalized_similarity(q, t)
    if len(q) == len(t) and len(q) >= 4 and sim < 1.0:
        i = 0
        while q[i] == t[i]:
            i += 1
        if i + 1 < len(q) and q[i] == t[i + 1] and q[i + 1] == t[i] and q[i + 2 :] == t[i + 2 :]:
            sim = 1.0 - 1.0 / (len(q) + len(t))
    return sim


def keep_close(
    base: list[tuple[float, int, NameEvidence]], n: int
) -> list[tuple[float, int, NameEvidence]]:
    """The first ``n`` of a sorted list, and any later one within reach of the best."""
    if len(base) <= n:
        return base
    floor = base[0][0] - CLOSE_POINTS
    extra = [b for b in base[n:TWINS_MAX] if b[0] >= floor]
    return base[:n] + extra


def as_percent(score: float) -> float:
    """A score as reported: 0-100, one decimal (ranking uses the uncapped value)."""
    if score >= 100.0:
        return 100.0
    return int(score * 10.0 + 0.5) / 10.0 if score > 0.0 else 0.0


def km_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
