"""The one summary shape of every import: what was read, and what became of it.

Every importer's result is a :class:`Summary` (or a dataclass extending it with what only
that importer counts, such as the register's unresolved councils). Its ``as_dict()`` is
what the commands print with ``--json``, what a run stores in ``ImportRun.counts`` and
what the run page shows: the same keys first for every kind of import.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CORE_KEYS", "Summary"]

CORE_KEYS = ("read", "created", "updated", "unchanged", "skipped", "rejected")


@dataclass(kw_only=True)
class Summary:
    """Counts of one import. ``read`` counts every record the file held (blank rows
    aside): each was created, updated, left unchanged, skipped (with a reason) or rejected
    (with its reasons, in the rejected-rows file)."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    rejected_file: str = ""
    # What only this import says about itself (its key, format, mapping): flattened into
    # ``as_dict()`` after the counts.
    details: dict[str, Any] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + 1

    @property
    def changes(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        details = out.pop("details")
        return {**out, **details}
