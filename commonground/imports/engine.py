"""The generic import loop: validated rows in, atomic batches out, every rejected row kept.

A domain app supplies two things: an iterator of row outcomes (:mod:`commonground.imports.rows`:
a clean row, a rejected row, a blank row) and a :class:`BatchWriter` that writes one batch
of clean rows inside the transaction this loop opens. The loop streams: it never holds more
than one batch in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.db import transaction

from commonground.imports.rejects import RejectWriter
from commonground.imports.rows import BlankRow, CleanRow, RejectedRow, RowOutcome
from commonground.imports.summary import Summary
from commonground.jobs.progress import Progress, null_progress

__all__ = ["DEFAULT_BATCH", "BatchResult", "BatchWriter", "RowCounts", "estimate_rows", "run_rows"]

DEFAULT_BATCH = 5000


@dataclass(kw_only=True)
class RowCounts(Summary):
    """The summary of a row-by-row import: ``read`` = accepted + rejected; blank rows are
    counted apart; ``warnings`` counts accepted rows with a value kept but not understood."""

    accepted: int = 0
    blank: int = 0
    warnings: int = 0
    lapsed: int = 0


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class BatchWriter(Protocol):
    def write_batch(self, rows: Sequence[CleanRow]) -> BatchResult:
        """Write (or, in a dry run, only classify) one batch; called inside a transaction."""

    def saw_rejected(self, row: RejectedRow) -> None:
        """Note a rejected row (e.g. its key, so a full extract does not call it missing)."""


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
    results: Iterable[RowOutcome],
    writer: BatchWriter,
    rejects: RejectWriter,
    *,
    progress: Progress = null_progress,
    total: int | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> RowCounts:
    """Feed validated rows to ``writer`` in atomic batches; count everything exactly."""
    counts = RowCounts()
    batch: list[CleanRow] = []
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
        if isinstance(row, CleanRow):
            counts.read += 1
            counts.accepted += 1
            if row.warnings:
                counts.warnings += 1
            batch.append(row)
            if len(batch) >= batch_size:
                flush()
        elif isinstance(row, RejectedRow):
            counts.read += 1
            counts.rejected += 1
            rejects.write(row.line, row.reasons, row.raw)
            writer.saw_rejected(row)
        elif isinstance(row, BlankRow):
            counts.blank += 1
        else:
            raise TypeError(f"an importer yielded {row!r}, not a row outcome")
    flush()
    progress(seen, seen, "")
    return counts
