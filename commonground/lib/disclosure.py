"""Small-count suppression: the one rule for every aggregate shown to people who may not see
the people behind it (viewers, the public pages, published reports).

A count of 1 to ``COMMONGROUND_SUPPRESS_BELOW - 1`` (default 5) people can identify someone
("the 2 members at this care home"), so it is shown as ``"<5"``, and anything derived from
it (a density, a percentage, a sort order) is withheld too. Zero is shown: it identifies
nobody. Counts of organisations (councils signed up to a charter) are public facts and are
not suppressed.

Who sees exact counts is decided in one place too:
``commonground.accounts.permissions.must_suppress(user)``.

Usage::

    from commonground.lib.disclosure import suppress, is_suppressed, suppress_share

    suppress(3)                 # "<5"
    suppress(12)                # "12"
    suppress_share(3, 40)       # None: derived from a hidden count
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

__all__ = [
    "hidden_in_row",
    "is_suppressed",
    "suppress",
    "suppress_below",
    "suppress_share",
    "suppressed_value",
]

DEFAULT_SUPPRESS_BELOW = 5


def suppress_below() -> int:
    """The threshold: counts above zero and below this are hidden."""
    return int(getattr(settings, "COMMONGROUND_SUPPRESS_BELOW", DEFAULT_SUPPRESS_BELOW))


def is_suppressed(n: int | float | None, threshold: int | None = None) -> bool:
    """Whether the count ``n`` must be hidden (1 .. threshold - 1)."""
    if n is None:
        return False
    limit = suppress_below() if threshold is None else threshold
    return 0 < n < limit


def suppress(n: int | float | None, threshold: int | None = None) -> str:
    """The count as it may be shown: ``"<5"`` for a small count, else the number ("1,234")."""
    if n is None:
        return ""
    limit = suppress_below() if threshold is None else threshold
    if is_suppressed(n, limit):
        return f"<{limit}"
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.1f}"
    return f"{int(n):,}"


def suppressed_value(n: int | float | None, threshold: int | None = None) -> int | float | None:
    """The count for machine-readable output (JSON, exports): ``None`` when hidden."""
    return None if is_suppressed(n, threshold) else n


def suppress_share(
    part: int | float | None, whole: int | float | None, threshold: int | None = None
) -> float | None:
    """``part / whole`` (0..1), or ``None`` when either count is hidden or ``whole`` is 0.

    A percentage derived from a small count reveals it ("2 of 40" is 5%), so it goes too.
    """
    if part is None or not whole:
        return None
    if is_suppressed(part, threshold) or is_suppressed(whole, threshold):
        return None
    return part / whole


def hidden_in_row(counts: Sequence[int], threshold: int | None = None) -> list[bool]:
    """Which counts of a row to hide when the row's total is shown beside them.

    The small ones; and when only one is small, the smallest other non-zero count too, or
    the total minus the others gives it back ("23 answered: 11 yes, 10 no, <5 not sure" is
    2 not sure). Callers show a count hidden only for that reason as a dash, not "<5".
    """
    hidden = [is_suppressed(n, threshold) for n in counts]
    if sum(hidden) == 1:
        others = [(n, i) for i, n in enumerate(counts) if not hidden[i] and n > 0]
        if others:
            hidden[min(others)[1]] = True
    return hidden
