"""Read the tabular files people upload: CSV in any common dialect, or a spreadsheet
(.xlsx, .ods: python-calamine, through :mod:`commonground.imports.workbooks`).

Pure Python, no Django: the importers, the preview page and the CLI all go through
:func:`open_table`, which sniffs the file once and hands back a :class:`Table` whose
:meth:`Table.rows` streams ``(line_number, cells)`` without holding the file in memory.
Anything that is not a table we can read raises :class:`UnreadableFile` with a reason a
data steward can act on; no other exception escapes for bad input.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Literal, TypedDict

from commonground.imports.workbooks import (
    NotAWorkbook,
    all_rows,
    first_sheet,
    text_cells,
    workbook_kind,
)
from commonground.lib.textfiles import (
    detect_delimiter,
    detect_encoding,
    open_text,
)

__all__ = [
    "MAX_COLUMNS",
    "XLSX_MAX_ROWS",
    "XLSX_MAX_UNCOMPRESSED",
    "Preview",
    "Table",
    "UnreadableFile",
    "open_table",
    "preview",
]

MAX_COLUMNS = 1024
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit; anything beyond is a crafted file.
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
# Worksheet XML compresses ~5-30x; zip bombs compress thousands of times.
XLSX_MAX_RATIO = 100
XLSX_MAX_MEMBERS = 10_000

_SNIFF_CHARS = 32 * 1024
_MAX_TITLE_LINES = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnreadableFile(ValueError):
    """The upload is not a table we can read; ``str(exc)`` says why."""


@dataclass(frozen=True, slots=True)
class Table:
    """A sniffed file. ``rows()`` re-opens it on each call, so a Table holds no handle."""

    path: Path
    format: Literal["csv", "xlsx", "ods"]
    headers: list[str]
    header_line: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Yield ``(line, cells)`` for every record after the header, blank ones included.

        ``line`` is the physical line (CSV) or sheet row (XLSX) where the record starts.
        CSV rows are returned as parsed, ragged or not; the validator judges them.
        """
        if self.format in ("xlsx", "ods"):
            return _xlsx_rows(self)
        return _csv_rows(self)


class Preview(TypedDict):
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    headers: list[str]
    rows: list[tuple[int, list[str]]]


def open_table(
    path: Path,
    *,
    max_bytes: int | None = None,
    max_uncompressed: int = XLSX_MAX_UNCOMPRESSED,
) -> Table:
    """Sniff ``path`` (format, encoding, delimiter, header row) and return a :class:`Table`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnreadableFile(f"cannot open the file: {exc.strerror or exc}") from exc
    if max_bytes is not None and size > max_bytes:
        raise UnreadableFile(f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if size == 0:
        raise UnreadableFile("the file is empty")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _open_xlsx(path, max_uncompressed)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnreadableFile(
            "this is an old Excel (.xls) or password-protected workbook; "
            "save it as .xlsx or CSV without a password"
        )
    return _open_csv(path)


def preview(path: Path, n: int = 10, *, max_bytes: int | None = None) -> Preview:
    """Headers, the first ``n`` non-blank rows and what was detected, for the preview page."""
    table = open_table(path, max_bytes=max_bytes)
    rows: list[tuple[int, list[str]]] = []
    if n > 0:
        for line, cells in table.rows():
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
                if len(rows) >= n:
                    break
    return {
        "format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "sheet": table.sheet,
        "headers": table.headers,
        "rows": rows,
    }


# --- headers ---------------------------------------------------------------------------


def _clean_headers(cells: list[str]) -> list[str]:
    """Strip names; give blank and repeated ones a distinct label so a mapping is unambiguous."""
    headers: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells, start=1):
        name = " ".join(cell.split()) or f"Column {index}"
        candidate, suffix = name, 2
        while candidate.casefold() in seen:
            candidate = f"{name} ({suffix})"
            suffix += 1
        seen.add(candidate.casefold())
        headers.append(candidate)
    return headers


# --- CSV -------------------------------------------------------------------------------


def _read_sample(path: Path, encoding: str) -> str:
    with open_text(path, encoding) as fh:
        return fh.read(_SNIFF_CHARS)


def _find_header(records: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """The header record: the first non-blank one, skipping a title line or two above it.

    Membership systems often put a report title ("Members at 01/02/2024") in the first
    row; a lone cell followed by a row of two or more names is taken for such a title.
    """
    candidate: tuple[int, list[str]] | None = None
    skipped = 0
    for line, cells in records:
        filled = sum(1 for cell in cells if cell.strip())
        if not filled:
            continue
        if candidate is None:
            candidate = (line, cells)
            if filled > 1:
                return candidate
            continue
        if filled >= 2 and skipped < _MAX_TITLE_LINES:
            return (line, cells)
        if filled == 1 and skipped < _MAX_TITLE_LINES:
            skipped += 1
            continue
        return candidate
    return candidate


def _header_table(table: Table, found: tuple[int, list[str]] | None, where: str) -> Table:
    if found is None:
        raise UnreadableFile(f"{where} has no header row")
    line, cells = found
    if len(cells) > MAX_COLUMNS:
        raise UnreadableFile(
            f"the header row has {len(cells):,} columns; the limit is {MAX_COLUMNS:,}"
        )
    return replace(table, headers=_clean_headers(cells), header_line=line)


def _open_csv(path: Path) -> Table:
    try:
        encoding = detect_encoding(path)
        sample = _read_sample(path, encoding)
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file: {exc.strerror or exc}") from exc
    if not sample.strip():
        raise UnreadableFile("the file is empty")
    if "\x00" in sample or len(_CONTROL.findall(sample)) > len(sample) // 100:
        raise UnreadableFile("this does not look like a CSV or XLSX file (binary content)")
    table = Table(
        path=path,
        format="csv",
        headers=[],
        header_line=0,
        encoding=encoding,
        delimiter=detect_delimiter(sample),
    )
    records = _csv_records(table)
    try:
        return _header_table(table, _find_header(records), "the file")
    finally:
        records.close()


def _csv_records(table: Table) -> Generator[tuple[int, list[str]], None, None]:
    assert table.encoding is not None and table.delimiter is not None
    try:
        with open_text(table.path, table.encoding) as fh:
            reader = csv.reader(fh, delimiter=table.delimiter)
            previous = 0
            # reader.line_num counts physical lines consumed, so a record starts on
            # the line after the previous record ended (quoted newlines included).
            for cells in reader:
                yield previous + 1, cells
                previous = reader.line_num
    except csv.Error as exc:
        # Usually a quote opened and never closed, swallowing the lines after it.
        raise UnreadableFile(
            f"the record starting on line {previous + 1} cannot be read ({exc}); "
            "is a quote left open?"
        ) from exc
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file: {exc.strerror or exc}") from exc


def _csv_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    header_line = table.header_line
    records = _csv_records(table)
    for line, _cells in records:
        if line >= header_line:
            break
    yield from records


# --- Spreadsheets (.xlsx, .ods) --------------------------------------------------------


def _check_zip(path: Path, max_uncompressed: int) -> None:
    """Refuse zip bombs and workbooks that reach outside themselves, before calamine sees them."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(f"this is not a readable spreadsheet ({exc})") from exc
    names = {info.filename for info in members}
    opendocument = "mimetype" in names and "content.xml" in names
    excel = "[Content_Types].xml" in names and "xl/workbook.xml" in names
    if not (opendocument or excel):
        raise UnreadableFile("this is a zip file but not a spreadsheet (.xlsx or .ods)")
    if len(members) > XLSX_MAX_MEMBERS:
        raise UnreadableFile("the workbook has an implausible number of parts")
    # ZipExtFile never returns more than the declared file_size, so these figures bound
    # what can be inflated.
    total = sum(info.file_size for info in members)
    if total > max_uncompressed:
        raise UnreadableFile(
            f"the workbook unpacks to {total:,} bytes; the limit is {max_uncompressed:,}"
        )
    for info in members:
        if info.file_size > 1024 * 1024 and info.file_size > XLSX_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise UnreadableFile(
                "the workbook is compressed suspiciously well (possible zip bomb); "
                "save it again from Excel or export CSV"
            )
        if info.filename.startswith("xl/externalLinks/"):
            raise UnreadableFile(
                "the workbook links to other files; copy the values into a plain sheet "
                "or export CSV"
            )


def _xlsx_records(path: Path) -> Generator[tuple[str, int, list[str]], None, None]:
    """Yield ``(sheet title, row number, cells)`` of the first sheet, blank rows included."""
    try:
        kind = workbook_kind(path)
        title = first_sheet(path, kind)
        if title is None:
            raise UnreadableFile("the workbook has no worksheet")
        for _sheet, number, values in all_rows(path, kind, only=title, blank_rows=True):
            if number > XLSX_MAX_ROWS:
                raise UnreadableFile(f"the sheet has more than {XLSX_MAX_ROWS:,} rows")
            cells = text_cells(values)
            while cells and not cells[-1]:
                cells.pop()
            yield title, number, cells
    except NotAWorkbook as exc:
        # calamine's errors on a malformed workbook all mean the same to the person
        # uploading it.
        raise UnreadableFile(f"this spreadsheet is damaged or cannot be read ({exc})") from exc


def _open_xlsx(path: Path, max_uncompressed: int) -> Table:
    _check_zip(path, max_uncompressed)
    records = _xlsx_records(path)
    try:
        first = next(records, None)
        if first is None:
            raise UnreadableFile("the first sheet has no header row")
        title = first[0]
        rest = ((number, cells) for _title, number, cells in records)
        found = _find_header(chain([(first[1], first[2])], rest))
        table = Table(path=path, format=_format(path), headers=[], header_line=0, sheet=title)
        return _header_table(table, found, "the first sheet")
    finally:
        records.close()


def _format(path: Path) -> Literal["xlsx", "ods"]:
    return "ods" if workbook_kind(path) == "ods" else "xlsx"


def _xlsx_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    width = len(table.headers)
    header_line = table.header_line
    records = _xlsx_records(table.path)
    try:
        for _title, number, cells in records:
            if number <= header_line:
                continue
            # Excel stores no trailing empty cells, so short rows are normal: pad them.
            # Cells beyond the header are kept so the validator can reject the row.
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield number, cells
    finally:
        records.close()
