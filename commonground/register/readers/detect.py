"""Which format a file is, where its header is, and how its bytes decode."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from commonground.imports.workbooks import NotAWorkbook, is_zip
from commonground.lib.textfiles import decode

from .header import find_header, widest_row
from .model import FORMATS, SNIFF_BYTES, UnrecognisedFile
from .workbook import DataSheet, sniff_workbook

# --- Detection --------------------------------------------------------------------------


def detect_format(path: Path) -> str:
    """Which of ``FORMATS`` the file is (a CSV, JSON or a workbook); else UnrecognisedFile."""
    found = sniff(path)
    if found.format is None:
        raise UnrecognisedFile(path, found.found, note=found.note)
    return found.format


@dataclass
class Sniff:
    format: str | None
    found: list[str]
    note: str = ""
    workbook: DataSheet | None = None  # set when the file is a workbook (.ods, .xlsx)


def sniff(path: Path) -> Sniff:
    """What the file is. Cached by path, size and modification time: an import asks often."""
    stat = path.stat()
    return _sniff(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _sniff(path: Path, size: int, mtime: int) -> Sniff:
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
        complete = not fh.read(1)
    if not head.strip():
        return Sniff(None, [], "the file is empty")
    if is_zip(head):
        try:
            book = sniff_workbook(path)
        except NotAWorkbook as exc:
            return Sniff(None, [], str(exc))
        if book.data is None:
            return Sniff(None, book.found, book.note)
        return Sniff(book.data.header.format, book.data.header.cells, workbook=book.data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Sniff(None, [], "an old Excel (.xls) file: save it as .xlsx or .ods")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Sniff(None, [], "UTF-16 text: save it as CSV UTF-8")
    start = decode(head[:64]).lstrip()
    if start.startswith(("{", "[")):
        return Sniff("api", [])
    if not complete:
        # Only whole lines: a line cut at 64 KB could look like a short header.
        head = head[: head.rfind(b"\n") + 1]
    lines = list(io.StringIO(decode(head), newline=""))
    header = find_header(csv_rows(lines), FORMATS)
    if header is not None:
        return Sniff(header.format, header.cells)
    return Sniff(None, widest_row(csv_rows(lines)))


# --- Rows -------------------------------------------------------------------------------


def csv_rows(lines: Iterable[str]) -> Iterator[list[str]]:
    """CSV rows, skipping any that the csv module cannot parse (for sniffing only)."""
    return rows_skipping_errors(csv.reader(lines))


def rows_skipping_errors(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            continue
