"""Erasure and subject access reach the files imports keep.

An uploaded extract stays on disk for the retention period (``IMPORT_FILE_DAYS``) so that
a dry run can be confirmed and a failed import run again; its rejected rows are kept for
download. Both hold people's rows. When a person is erased:

- an **upload** of their branch that holds them (a cell equal to their membership number,
  external id or email, compared without spaces or case) is deleted, not rewritten: a
  rewritten extract would no longer be the file that was imported. Its run stays, without
  its file; a run still waiting for that file (uploaded, queued) is marked failed;
- a **rejected-rows file** (ours, not the publisher's) is rewritten without the rows that
  hold them, so the other rows stay downloadable.

:func:`import_files_holding` says which files hold a person, for subject access.
The people app calls both through its personal-data entry (``people.personal_entries``).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from commonground.imports.models import ImportRun, RunStatus
from commonground.imports.readers import UnreadableFile, open_table
from commonground.imports.rejects import FILE_MODE
from commonground.lib.exports import safe_cell

__all__ = ["ErasedFiles", "FileHolding", "erase_from_import_files", "import_files_holding"]


@dataclass
class ErasedFiles:
    """What erasure did to import files: uploads deleted, rejected rows removed, by run."""

    uploads: int = 0
    rejected_rows: int = 0
    runs: list[int] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.uploads + (1 if self.rejected_rows else 0)

    def as_dict(self) -> dict[str, object]:
        return {"uploads": self.uploads, "rejected_rows": self.rejected_rows, "runs": self.runs}


@dataclass(frozen=True)
class FileHolding:
    """One run whose upload and/or rejected-rows file holds the person."""

    run: ImportRun
    upload: bool
    rejected_rows: int


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def _keys(identifiers: Iterable[str]) -> set[str]:
    return {_key(value) for value in identifiers if value and _key(value)}


# The keys of the last few uploads read, by (path, mtime, size): a retention sweep erases
# people one after another, and each would otherwise read every upload of its branch again.
_CELL_KEYS: dict[tuple[str, int, int], frozenset[str] | None] = {}
_CELL_KEYS_KEPT = 2


def _upload_keys(path: Path) -> frozenset[str] | None:
    """Every cell of the upload as a key; None when it cannot be read."""
    stat = path.stat()
    marker = (str(path), stat.st_mtime_ns, stat.st_size)
    if marker not in _CELL_KEYS:
        try:
            table = open_table(path)
            keys = {_key(cell) for cell in table.headers}
            for _line, cells in table.rows():
                keys.update(_key(cell) for cell in cells)
            found: frozenset[str] | None = frozenset(keys)
        except UnreadableFile:
            found = None
        while len(_CELL_KEYS) >= _CELL_KEYS_KEPT:
            del _CELL_KEYS[next(iter(_CELL_KEYS))]
        _CELL_KEYS[marker] = found
    return _CELL_KEYS[marker]


def _upload_holds(path: Path, keys: set[str]) -> bool:
    """Whether any cell of the upload is one of ``keys``."""
    cells = _upload_keys(path)
    # A file we cannot read cannot be shown not to hold them: it goes.
    return cells is None or not cells.isdisjoint(keys)


def _rejected_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _holding_rows(rows: list[list[str]], keys: set[str]) -> int:
    return sum(1 for row in rows[1:] if any(_key(cell) in keys for cell in row))


def _media_path(name: str) -> Path | None:
    if not name:
        return None
    path = Path(settings.MEDIA_ROOT) / name
    return path if path.is_file() else None


def _branch_runs(branch_id: int) -> list[ImportRun]:
    runs = ImportRun.objects.filter(branch_id=branch_id).exclude(file="", rejected_file="")
    return list(runs.exclude(status=RunStatus.RUNNING).order_by("pk"))


def import_files_holding(branch_id: int, identifiers: Iterable[str]) -> list[FileHolding]:
    """The runs of ``branch_id`` whose upload or rejected rows hold any of ``identifiers``."""
    keys = _keys(identifiers)
    found: list[FileHolding] = []
    if not keys:
        return found
    for run in _branch_runs(branch_id):
        upload = _media_path(run.file.name)
        rejected = _media_path(run.rejected_file.name)
        holds_upload = upload is not None and _upload_holds(upload, keys)
        rows = _holding_rows(_rejected_rows(rejected), keys) if rejected is not None else 0
        if holds_upload or rows:
            found.append(FileHolding(run=run, upload=holds_upload, rejected_rows=rows))
    return found


def _rewrite_without(path: Path, keys: set[str]) -> int:
    """Rewrite a rejected-rows file without the rows holding ``keys``; how many went."""
    rows = _rejected_rows(path)
    kept = [rows[0], *(row for row in rows[1:] if not any(_key(c) in keys for c in row))]
    removed = len(rows) - len(kept)
    if not removed:
        return 0
    partial = path.with_name(f".{path.name}.erasing")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(descriptor, "w", encoding="utf-8-sig", newline="") as fh:
        # The cells were made safe when first written; safe_cell leaves a safe cell as it is.
        csv.writer(fh).writerows([safe_cell(c) for c in row] for row in kept)
    os.replace(partial, path)
    return removed


def erase_from_import_files(branch_id: int, identifiers: Iterable[str]) -> ErasedFiles:
    """Delete ``branch_id``'s uploads that hold any of ``identifiers`` (membership numbers,
    external ids, emails) and take their rows out of its rejected-rows files. Call it inside
    the erasure's transaction, before those identifiers are wiped: uploads go on commit."""
    keys = _keys(identifiers)
    erased = ErasedFiles()
    doomed: list[Path] = []
    for holding in import_files_holding(branch_id, keys):
        run = holding.run
        erased.runs.append(run.pk)
        if holding.rejected_rows:
            rejected = _media_path(run.rejected_file.name)
            assert rejected is not None
            erased.rejected_rows += _rewrite_without(rejected, keys)
        if not holding.upload:
            continue
        upload = _media_path(run.file.name)
        assert upload is not None
        doomed.append(upload)
        erased.uploads += 1
        run.file.name = ""
        changed = ["file"]
        # A run that still needed its file (to run, or to confirm a dry run) cannot go on.
        if run.status in (RunStatus.UPLOADED, RunStatus.QUEUED) or (
            run.dry_run and run.status == RunStatus.DONE
        ):
            run.status = RunStatus.FAILED
            run.error = _(
                "The uploaded file was deleted: it held a person who has since been erased. "
                "Upload the extract again."
            )
            changed += ["status", "error"]
        run.save(update_fields=changed)
    transaction.on_commit(lambda: _unlink(doomed))
    return erased


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
