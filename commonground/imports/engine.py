"""The generic import loop: validated rows in, atomic batches out, every rejected row kept.

A domain app supplies two things: an iterator of validated rows (each a clean row with
``line`` and ``values``, a rejected row with ``line``, ``reasons`` and ``raw``, or a blank
row) and a :class:`BatchWriter` that writes one batch of clean rows inside the transaction
this loop opens. The loop streams: it never holds more than one batch in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from django.db import transaction

from commonground.jobs.progress import Progress, null_progress
from commonground.lib.exports import safe_cell

DEFAULT_BATCH = 5000


@dataclass
class Counts:
    """The result every import reports (the CLI contract's keys, plus extras)."""

    read: int = 0
    accepted: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lapsed: int = 0
    blank: int = 0
    warnings: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self, rejected_file: str = "") -> dict[str, Any]:
        return {
            "read": self.read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "lapsed": self.lapsed,
            "rejected_file": rejected_file,
            "blank": self.blank,
            "warnings": self.warnings,
            **self.extra,
        }


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class CleanLike(Protocol):
    line: int
    values: Any
    warnings: tuple[str, ...]


class BatchWriter(Protocol):
    def write_batch(self, rows: Sequence[Any]) -> BatchResult:
        """Write (or, in a dry run, only classify) one batch; called inside a transaction."""

    def saw_rejected(self, row: Any) -> None:
        """Note a rejected row (e.g. its key, so a full extract does not call it missing)."""


class RejectWriter:
    """Writes rejected rows to CSV as they come: line, reasons, then the row as it was."""

    def __init__(self, path: Path, headers: list[str]) -> None:
        self.path = path
        self.headers = headers
        self.count = 0
        self._fh: TextIO | None = None
        self._writer: Any = None

    def _open(self) -> Any:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # UTF-8 with BOM so Excel opens accented names correctly.
        self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(["line", "reasons", *(safe_cell(h) for h in self.headers)])
        return self._writer

    def write(self, line: int, reasons: Sequence[str], raw: dict[str, str]) -> None:
        writer = self._writer or self._open()
        extra = [f"{k}={v}" for k, v in raw.items() if k not in self.headers]
        cells = [raw.get(h, "") for h in self.headers]
        writer.writerow(
            [line, "; ".join(reasons), *(safe_cell(c) for c in cells), *map(safe_cell, extra)]
        )
        self.count += 1

    def close(self) -> Path | None:
        """Close the file; return its path, or ``None`` when nothing was rejected."""
        if self._fh is None:
            # Write the header anyway: "no rejected rows" is itself worth downloading.
            self._open()
        assert self._fh is not None
        self._fh.close()
        return self.path


def estimate_rows(path: Path) -> int | None:
    """Line count minus the header, for a progress total (quoted newlines overcount a little)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            if head.startswith(b"PK"):
                return None
            fh.seek(0)
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return None
    return max(lines - 1, 0)


def run_rows(
    results: Iterable[Any],
    writer: BatchWriter,
    rejects: RejectWriter,
    *,
    progress: Progress = null_progress,
    total: int | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> Counts:
    """Feed validated rows to ``writer`` in atomic batches; count everything exactly."""
    counts = Counts()
    batch: list[Any] = []
    seen = 0

    def flush() -> None:
        if not batch:
            return
        # One short transaction per batch: a failure loses this batch only, never half of it.
        with transaction.atomic():
            result = writer.write_batch(batch)
        counts.created += result.created
        counts.updated += result.updated
        counts.unchanged += result.unchanged
        batch.clear()
        progress(seen, total, "")

    for row in results:
        seen += 1
        kind = type(row).__name__
        if kind == "CleanRow":
            counts.read += 1
            counts.accepted += 1
            if row.warnings:
                counts.warnings += 1
            batch.append(row)
            if len(batch) >= batch_size:
                flush()
        elif kind == "RejectedRow":
            counts.read += 1
            counts.rejected += 1
            rejects.write(row.line, row.reasons, row.raw)
            writer.saw_rejected(row)
        else:
            counts.blank += 1
    flush()
    progress(seen, seen, "")
    return counts
