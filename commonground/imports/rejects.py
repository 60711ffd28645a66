"""The one rejected-rows file of every import: line, reasons, then the row as it was.

The file is personal data whenever the import is: it is written under ``MEDIA_ROOT``
(``imports/rejected/``, never a shared temporary directory), readable by its owner only,
and named after its run, so that retention (``people.retention``) and erasure
(``imports.privacy``) find it. Cells pass through ``safe_cell`` (no formulas for Excel).
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings

from commonground.lib.exports import safe_cell

__all__ = ["RejectWriter", "rejected_dir", "rejected_path"]

FILE_MODE = 0o600
DIR_MODE = 0o700


def rejected_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "rejected"


def rejected_path(kind: str, run_pk: int, *, dry_run: bool = False) -> Path:
    """A new file's path for the run: its kind and id, and a random part so that a file
    left by another database (a restored backup, a test run) is never written over."""
    return rejected_dir() / f"{kind}-{run_pk}{'-dry' if dry_run else ''}-{uuid.uuid4().hex[:8]}.csv"


def media_name(path: Path) -> str:
    """``path`` relative to ``MEDIA_ROOT``, as a FileField stores it."""
    return str(path.relative_to(Path(settings.MEDIA_ROOT)))


class RejectWriter:
    """Writes rejected rows to CSV as they come; UTF-8 with a BOM so Excel reads accents."""

    def __init__(self, path: Path, headers: Sequence[str]) -> None:
        self.path = path
        self.headers = list(headers)
        self.count = 0
        self._fh: TextIO | None = None
        self._writer: Any = None

    def _open(self) -> Any:
        self.path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.fchmod(descriptor, FILE_MODE)  # an older file of the same name keeps its mode
        self._fh = open(descriptor, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
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

    def close(self) -> Path:
        """Close the file and return its path (written even when empty: "no rejected rows"
        is itself worth downloading)."""
        if self._fh is None:
            self._open()
        assert self._fh is not None
        self._fh.close()
        return self.path
