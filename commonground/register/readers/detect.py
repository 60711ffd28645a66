"""Which format a file is, where its header is, and how its bytes decode."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import _HEADER_SEARCH_ROWS, _SNIFF_BYTES, FORMATS, UnrecognisedFile

# --- Detection --------------------------------------------------------------------------


def detect_format(path: Path) -> str:
    """Which of ``FORMATS`` the file is, from its first 64 KB; else UnrecognisedFile."""
    sniff = _sniff(path)
    if sniff.format is None:
        raise UnrecognisedFile(path, sniff.found, note=sniff.note)
    return sniff.format


@dataclass
class _Sniff:
    format: str | None
    found: list[str]
    note: str = ""


def _sniff(path: Path) -> _Sniff:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
        complete = not fh.read(1)
    if not head.strip():
        return _Sniff(None, [], "the file is empty")
    if head.startswith(b"PK\x03\x04"):
        return _Sniff(None, [], "a spreadsheet or zip archive: save the data sheet as CSV")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _Sniff(None, [], "UTF-16 text: save it as CSV UTF-8")
    start = next(_decoded_lines([head[:64]]), "").lstrip()
    if start.startswith(("{", "[")):
        return _Sniff("api", [])
    if not complete:
        # Only whole lines: a line cut at 64 KB could look like a short header.
        head = head[: head.rfind(b"\n") + 1]
    lines = list(_decoded_lines(io.BytesIO(head)))
    header = _find_header(_csv_rows(lines), FORMATS)
    if header is not None:
        return _Sniff(header.format, header.cells)
    return _Sniff(None, _widest_row(_csv_rows(lines)))


@dataclass
class _Header:
    format: str
    cells: list[str]
    preamble: list[list[str]]


def _find_header(rows: Iterable[list[str]], formats: Sequence[str]) -> _Header | None:
    """The first row, among the first few, that is a header of one of ``formats``."""
    preamble: list[list[str]] = []
    for index, row in enumerate(rows):
        if index >= _HEADER_SEARCH_ROWS:
            break
        names = {_column_key(cell) for cell in row}
        if "hsca" in formats and {"location id", "location name"} <= names:
            return _Header("hsca", row, preamble)
        if "directory" in formats and "name" in names and any(map(_is_directory_id, names)):
            return _Header("directory", row, preamble)
        preamble.append(row)
    return None


def _widest_row(rows: Iterable[list[str]]) -> list[str]:
    """The row with most non-blank cells: the best guess at what the header was."""
    widest: list[str] = []
    for index, row in enumerate(rows):
        if index >= _HEADER_SEARCH_ROWS:
            break
        cells = [cell.strip() for cell in row if cell.strip()]
        if len(cells) > len(widest):
            widest = cells
    return widest


def _column_key(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).casefold()


def _is_directory_id(key: str) -> bool:
    # CQC has spelt it "CQC Location ID (for office use only)" and, in older files,
    # "CQC Location (for office use only" (sic).
    return key.startswith("cqc location") and "office use" in key


def _is_directory_provider_id(key: str) -> bool:
    return key.startswith("cqc provider") and "office use" in key


# --- Decoding ---------------------------------------------------------------------------


def _decoded_lines(fh: Iterable[bytes]) -> Iterator[str]:
    """Lines of text, decoded one by one: UTF-8 (with or without BOM), else cp1252.

    Per line, because files edited in Excel can mix the two, and streaming means we
    cannot know the whole file is UTF-8 before we start.
    """
    first = True
    for raw in fh:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        if first:
            text = text.removeprefix("\ufeff")
            first = False
        yield text


def _csv_rows(lines: Iterable[str]) -> Iterator[list[str]]:
    """CSV rows, skipping any that the csv module cannot parse (for sniffing only)."""
    return _rows_skipping_errors(csv.reader(lines))


def _rows_skipping_errors(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            continue
