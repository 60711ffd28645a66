"""Finding the register in CQC's workbooks (.ods, .xlsx), read with python-calamine.

CQC publishes its monthly "HSCA Active Locations" list as an OpenDocument workbook: a
README sheet first, the data on a later sheet (``HSCA_Active_Locations``) and more sheets
after it. The data sheet and its header row are found by what they say (a row naming
"Location ID" and "Location Name"), never by position, so title rows above the header and
sheets before or after it do not matter. Cells arrive typed (dates, floats such as beds
``45.0``); ``cell_text`` turns each into the text the CSV would carry, so one mapper reads
both (the rows come from :mod:`commonground.imports.workbooks`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from commonground.imports import ods
from commonground.imports.workbooks import all_rows, text_cells, workbook_kind

from .header import Header, find_header, widest_row
from .model import FORMATS, HEADER_SEARCH_ROWS


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


def sniff_workbook(path: Path, formats: Sequence[str] = FORMATS) -> WorkbookSniff:
    """Find the sheet holding a register header, looking at each sheet's first rows."""
    kind = workbook_kind(path)
    widest: list[str] = []
    seen: dict[str, list[list[str]]] = {}
    rows = all_rows(path, kind)
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
    return max(total // max(len(first.content) // max(first.rows, 1), 1), 1)
