"""Cutting an .ods into slices: the same rows, cells and row numbers as calamine reading the
whole file, whatever the slice size, with row groups and repeated rows in the sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from commonground.imports import ods
from commonground.imports.workbooks import all_rows
from commonground.register.tests.published import odf_cell


def _workbook(path: Path) -> Path:
    """Two sheets as LibreOffice can write them: header rows in a group, a row group,
    a row repeated (the same values twice), blank rows repeated, a cell with "<" in it."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableHeaderRows, TableRow, TableRowGroup
    from odf.text import P

    def row(*values: object, repeated: int = 1) -> TableRow:
        element = TableRow(numberrowsrepeated=repeated) if repeated > 1 else TableRow()
        for value in values:
            element.addElement(odf_cell(TableCell, P, value))
        return element

    document = OpenDocumentSpreadsheet()
    notes = Table(name="README")
    notes.addElement(row("Active locations <all sectors>"))
    document.spreadsheet.addElement(notes)
    data = Table(name="Data & more")
    header = TableHeaderRows()
    header.addElement(row("Location ID", "Location Name", "Beds"))
    data.addElement(header)
    for n in range(40):
        data.addElement(row(f"1-{n:04d}", f"Home {n} <A&B>", float(n)))
    group = TableRowGroup()
    for n in range(40, 60):
        group.addElement(row(f"1-{n:04d}", f"Grouped {n}", float(n)))
    data.addElement(group)
    data.addElement(row("1-9999", "Twice", 2.0, repeated=2))
    data.addElement(row(repeated=5))  # blank rows
    for n in range(60, 80):
        data.addElement(row(f"1-{n:04d}", f"After the blanks {n}", float(n)))
    document.spreadsheet.addElement(data)
    document.save(str(path))
    return path


def _whole(path: Path) -> list[tuple[str, int, list[Any]]]:
    """Every non-empty row as calamine reads the whole workbook, trailing blanks dropped."""
    out = []
    with CalamineWorkbook.from_path(str(path)) as book:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            top = (sheet.start or (0, 0))[0]
            for index, cells in enumerate(sheet.iter_rows()):
                if any(cell != "" for cell in cells):
                    out.append((name, top + index + 1, _trimmed(cells)))
    return out


def _trimmed(cells: list[Any]) -> list[Any]:
    cells = list(cells)
    while cells and cells[-1] == "":
        cells.pop()
    return cells


@pytest.mark.parametrize("size", [1, 300, 2_000, 50_000, ods.SLICE_BYTES])
def test_slices_give_the_rows_calamine_reads_from_the_whole_file(
    tmp_path: Path, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _workbook(tmp_path / "book.ods")
    monkeypatch.setattr(ods, "SLICE_BYTES", size)
    pieces = list(ods.slices(str(book)))
    if size <= 2_000:
        assert len(pieces) > 10  # cut between rows, inside the group too
    rows = [(s, n, _trimmed(c)) for s, n, c in all_rows(book, "ods")]
    assert rows == _whole(book)
    assert ("Data & more", 62, ["1-9999", "Twice", 2.0]) in rows
    assert ("Data & more", 63, ["1-9999", "Twice", 2.0]) in rows
    assert rows[-1] == ("Data & more", 88, ["1-0079", "After the blanks 79", 79.0])
