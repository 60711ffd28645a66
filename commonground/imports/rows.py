"""What an importer's reader makes of each row of a file: one of three outcomes.

Every importer's rows reach the loop (:func:`commonground.imports.engine.run_rows`) as one
of these; the loop tells them apart by type. Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["BlankRow", "CleanRow", "RejectedRow", "RowOutcome"]


@dataclass(slots=True)
class CleanRow:
    """A valid row: its cleaned values, ready for the write path. ``warnings`` note values
    kept but not understood."""

    line: int
    values: dict[str, Any]
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class RejectedRow:
    """A row that will not be imported; each reason names the field, the value and the
    problem (``"email: 'x@' is not an email address"``). ``raw`` is the row as it was, by
    column name, for the rejected-rows file."""

    line: int
    reasons: list[str]
    raw: dict[str, str]


@dataclass(frozen=True, slots=True)
class BlankRow:
    """A row with nothing in it; counted on its own, neither accepted nor rejected."""

    line: int


RowOutcome = CleanRow | RejectedRow | BlankRow
