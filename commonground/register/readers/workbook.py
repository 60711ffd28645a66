"""CQC's workbooks (.ods, .xlsx), read with python-calamine.

CQC publishes its monthly "HSCA Active Locations" list as an OpenDocument workbook: a
README sheet first, the data on a later sheet (``HSCA_Active_Locations``) and more sheets
after it. The data sheet and its header row are found by what they say (a row naming
"Location ID" and "Location Name"), never by position, so title rows above the header and
sheets before or after it do not matter. Cells arrive typed (dates, floats such as beds
``45.0``); ``cell_text`` turns each into the text the CSV would carry, so one mapper reads
both. OpenDocument files are fed to calamine a slice at a time (``ods``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from . import ods
from .header import Header, find_header, widest_row
from .model import FORMATS, HEADER_SEARCH_ROWS

Cell = int | float | str | bool | time | date | datetime | timedelta


class NotAWorkbook(ValueError):
    """A zip file that is no workbook we can read; ``str()`` says why."""


def is_zip(head: bytes) -> bool:
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def workbook_kind(path: Path) -> str:
    """ "ods" or "xlsx" from the archive's parts; NotAWorkbook otherwise."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotAWorkbook(f"a damaged spreadsheet or zip archive ({exc})") from exc
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise NotAWorkbook("a zip archive but not a spreadsheet: unzip it, or save it as .ods")


@dataclass
class DataSheet:
    """Where a workbook's register data is: its sheet and header, and about how many rows."""

    kind: str  # "ods" or "xlsx"
    sheet: str
    header: Header
    header_row: int  # the sheet's row number of the header (from 1)
    rows: int  # about how many rows the sheet has: a total for progress, not a count
    before: dict[str, list[list[str]]]  # the first rows of the sheets before it (README)


@dataclass
class WorkbookSniff:
    data: DataSheet | None
    found: list[str]  # the widest row seen, when no header was found
    note: str


def cell_text(value: Cell | None) -> str:
    """A typed cell as the text a CSV export would carry."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def text_cells(cells: Sequence[Cell]) -> list[str]:
    return [value if type(value) is str else cell_text(value) for value in cells]


# --- Rows of a sheet --------------------------------------------------------------------


def sheet_rows(path: Path, kind: str, sheet: str) -> Iterator[tuple[int, list[Cell]]]:
    """``(row number from 1, cells from column A)`` of every non-empty row of one sheet."""
    for name, number, cells in _all_rows(path, kind, only=sheet):
        if name == sheet:
            yield number, cells


def _all_rows(
    path: Path, kind: str, only: str | None = None
) -> Generator[tuple[str, int, list[Cell]], None, None]:
    try:
        if kind == "ods":
            for piece in ods.slices(str(path)):
                if only is not None and piece.sheet != only:
                    continue
                book = ods.open_slice(piece)
                try:
                    yield from _rows(book, piece.sheet, piece.first_row)
                finally:
                    book.close()
        else:
            book = CalamineWorkbook.from_path(str(path))
            try:
                for name in book.sheet_names:
                    if only is None or name == only:
                        yield from _rows(book, name, 1)
            finally:
                book.close()
    except (CalamineError, ods.OdsError, OSError, ValueError) as exc:
        raise NotAWorkbook(f"a workbook that cannot be read ({exc})") from exc


def _rows(
    book: CalamineWorkbook, name: str, first_row: int
) -> Iterator[tuple[str, int, list[Cell]]]:
    sheet: CalamineSheet = book.get_sheet_by_name(name)
    # calamine leaves out the empty rows and columns before the data: count them back.
    top, left = sheet.start or (0, 0)
    pad: list[Cell] = [""] * left
    for index, cells in enumerate(sheet.iter_rows()):
        if cells.count("") != len(cells):
            yield name, first_row + top + index, pad + cells if left else cells


# --- Finding the data ----------------------------------------------------------------------


def sniff_workbook(path: Path, formats: Sequence[str] = FORMATS) -> WorkbookSniff:
    """Find the sheet holding a register header, looking at each sheet's first rows."""
    kind = workbook_kind(path)
    widest: list[str] = []
    seen: dict[str, list[list[str]]] = {}
    rows = _all_rows(path, kind)
    try:
        for name, number, cells in rows:
            head = seen.setdefault(name, [])
            if len(head) >= HEADER_SEARCH_ROWS:
                continue
            head.append(text_cells(cells))
            header = find_header(head, formats)
            if header is not None:
                del seen[name]
                data = DataSheet(kind, name, header, number, _size(path, kind, name), seen)
                return WorkbookSniff(data, [], "")
    finally:
        rows.close()
    for head in seen.values():
        candidate = widest_row(head)
        if len(candidate) > len(widest):
            widest = candidate
    sheets = ", ".join(repr(name) for name in seen) or "none"
    return WorkbookSniff(
        None, widest, f"a workbook with no register header on any sheet ({sheets})"
    )


def _size(path: Path, kind: str, sheet: str) -> int:
    """About how many rows the sheet has, without reading it all."""
    with zipfile.ZipFile(path) as archive:
        if kind == "xlsx":
            # Sheet XML runs at ~1-2 KB a row for CQC's width; only a progress total.
            parts = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
            return max(max((i.file_size for i in parts), default=0) // 1500, 1)
        total = archive.getinfo("content.xml").file_size
    first = next((piece for piece in ods.slices(str(path)) if piece.sheet == sheet), None)
    if first is None:
        return 1
    return max(total // max(len(first.content) // ods.SLICE_ROWS, 1), 1)
