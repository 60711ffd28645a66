"""Spreadsheets (.xlsx, .ods) as rows of typed cells, read with python-calamine.

Pure Python, no Django: the register's workbook reader and the people importer's table
reader both go through :func:`all_rows`. .xlsx goes to calamine a sheet at a time; .ods is
fed to it a slice of rows at a time (:mod:`commonground.imports.ods`), because calamine
holds a whole OpenDocument file in memory. :func:`cell_text` turns a typed cell into the
text a CSV export would carry, so one reader serves both kinds of file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Generator, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetVisibleEnum

from commonground.imports import ods

__all__ = [
    "Cell",
    "NotAWorkbook",
    "all_rows",
    "cell_text",
    "first_sheet",
    "is_zip",
    "sheet_rows",
    "slice_rows",
    "text_cells",
    "workbook_kind",
]

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


def cell_text(value: Cell | None) -> str:
    """A typed cell as the text a CSV export would carry."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
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
    for name, number, cells in all_rows(path, kind, only=sheet):
        if name == sheet:
            yield number, cells


def all_rows(
    path: Path, kind: str, only: str | None = None, *, blank_rows: bool = False
) -> Generator[tuple[str, int, list[Cell]], None, None]:
    """``(sheet, row number from 1, cells from column A)`` of every non-empty row (with
    ``blank_rows``, of every row between the first and the last), sheet by sheet in
    workbook order (``only``: of that sheet). NotAWorkbook if calamine cannot read it,
    before or during the rows."""
    try:
        if kind == "ods":
            for piece in ods.slices(str(path)):
                if only is None or piece.sheet == only:
                    yield from _slice_rows(piece, blank_rows)
        else:
            book = CalamineWorkbook.from_path(str(path))
            try:
                for name in book.sheet_names:
                    if only is None or name == only:
                        yield from _sheet(book, name, 1, blank_rows)
            finally:
                book.close()
    except (CalamineError, ods.OdsError, OSError, ValueError) as exc:
        raise NotAWorkbook(f"a workbook that cannot be read ({exc})") from exc


def slice_rows(
    piece: ods.Slice, *, blank_rows: bool = False
) -> Iterator[tuple[str, int, list[Cell]]]:
    """The rows of one slice of an .ods sheet (``ods.slices``), as :func:`all_rows` gives
    them: a slice can be read on its own, in another process."""
    try:
        yield from _slice_rows(piece, blank_rows)
    except (CalamineError, ods.OdsError, OSError, ValueError) as exc:
        raise NotAWorkbook(f"a workbook that cannot be read ({exc})") from exc


def _slice_rows(piece: ods.Slice, blank_rows: bool) -> Iterator[tuple[str, int, list[Cell]]]:
    book = ods.open_slice(piece)
    try:
        yield from _sheet(book, piece.sheet, piece.first_row, blank_rows)
    finally:
        book.close()


def first_sheet(path: Path, kind: str) -> str | None:
    """The name of the first visible sheet (the one a spreadsheet opens on)."""
    try:
        if kind == "ods":
            return next((piece.sheet for piece in ods.slices(str(path))), None)
        with CalamineWorkbook.from_path(str(path)) as book:
            sheets = book.sheets_metadata
            visible = [s.name for s in sheets if s.visible == SheetVisibleEnum.Visible]
            names = visible or [s.name for s in sheets]
            return names[0] if names else None
    except (CalamineError, ods.OdsError, OSError, ValueError) as exc:
        raise NotAWorkbook(f"a workbook that cannot be read ({exc})") from exc


def _sheet(
    book: CalamineWorkbook, name: str, first_row: int, blank_rows: bool
) -> Iterator[tuple[str, int, list[Cell]]]:
    sheet: CalamineSheet = book.get_sheet_by_name(name)
    # calamine leaves out the empty rows and columns before the data: count them back.
    top, left = sheet.start or (0, 0)
    pad: list[Cell] = [""] * left
    for index, cells in enumerate(sheet.iter_rows()):
        if blank_rows or cells.count("") != len(cells):
            yield name, first_row + top + index, pad + cells if left else cells
