"""An OpenDocument workbook read by calamine a slice of rows at a time.

calamine parses the whole of an .ods ``content.xml`` when the workbook is opened and
keeps every sheet as two dense grids (values, and formulas as text): CQC's 56,000-row
workbook (a ``content.xml`` of ~440 MB) costs it over 650 MB before the first row is seen
(docs/decisions.md). So the XML is read as a stream and cut, at row boundaries, into small
spreadsheets of about ``SLICE_BYTES`` of XML that calamine parses one after the other: the same
parser and cell types, with memory bounded by a slice, and a sheet's first rows (to find
the header) without reading the rest of the file.

Cutting is safe at the start of a ``<table:table-row`` tag: rows do not nest, and a ``<``
inside text is always escaped. Row groups (``table:table-header-rows``,
``table:table-row-group``, ``table:table-rows``) are dropped: they only group rows.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

from python_calamine import CalamineWorkbook

SLICE_BYTES = 4 << 20  # of XML: about 1,000 rows of CQC's 130 columns
MAX_ROWS = 1_048_576  # the row limit of LibreOffice and Excel
_BLOCK = 1 << 20
_TABLE = b"<table:table"
_ROW = b"<table:table-row"
_TAG_NAME_END = frozenset(b" \t\r\n>/")
_NAME = re.compile(rb'table:name="([^"]*)"')
_REPEAT = re.compile(rb'table:number-rows-repeated="(\d+)"')
_GROUP = re.compile(rb"</?table:table-(?:header-rows|row-group|rows)\b[^>]*>")
_GROUP_TAGS = (b"table:table-header-rows", b"table:table-row-group", b"table:table-rows")
_TABLE_END = b"</table:table>"
_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    b'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"


class OdsError(ValueError):
    """The .ods cannot be read; ``str()`` says why."""


@dataclass
class Slice:
    sheet: str
    first_row: int  # the sheet row (from 1) of the slice's first row
    content: bytes  # a whole content.xml holding this slice's rows
    rows: int  # how many sheet rows it spans


class _Stream:
    """``content.xml`` as a buffer refilled from the zip on demand (and cut from the front)."""

    def __init__(self, raw: io.BufferedIOBase) -> None:
        self.raw = raw
        self.buffer = bytearray()
        self.done = False

    def fill(self) -> bool:
        if self.done:
            return False
        block = self.raw.read(_BLOCK)
        if not block:
            self.done = True
            return False
        self.buffer += block
        return True

    def find(self, text: bytes, start: int = 0) -> int:
        """Where ``text`` next starts (-1: nowhere), reading on as far as it takes."""
        while True:
            # With some bytes after it: a tag cut by the end of a block is not trusted.
            index = self.buffer.find(text, start)
            if index >= 0 and (index + 256 < len(self.buffer) or self.done):
                return index
            if not self.fill():
                return self.buffer.find(text, start)

    def tag_end(self, start: int) -> int:
        while True:
            end = self.buffer.find(b">", start)
            if end >= 0:
                return end + 1
            if not self.fill():
                raise OdsError("the workbook's content ends inside a tag")

    def next_row(self, start: int) -> int:
        """The next ``<table:table-row`` start tag (not ``-rows``, not ``-row-group``)."""
        while True:
            index = self.find(_ROW, start)
            if index < 0 or self.buffer[index + len(_ROW)] in _TAG_NAME_END:
                return index
            start = index + len(_ROW)

    def drop(self, count: int) -> None:
        del self.buffer[:count]


def slices(path: str, slice_bytes: int | None = None) -> Iterator[Slice]:
    """Every sheet's rows, about ``slice_bytes`` (default ``SLICE_BYTES``) of XML at a time
    (at least one row)."""
    try:
        archive = zipfile.ZipFile(path)
        raw = archive.open("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError) as exc:
        raise OdsError(f"an OpenDocument file without readable content ({exc})") from exc
    try:
        yield from _slices(_Stream(raw), slice_bytes or SLICE_BYTES)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise OdsError(f"the workbook is damaged ({exc})") from exc
    finally:
        raw.close()
        archive.close()


def _next_table(stream: _Stream) -> int:
    start = 0
    while True:
        index = stream.find(_TABLE, start)
        if index < 0 or stream.buffer[index + len(_TABLE)] in _TAG_NAME_END:
            return index
        start = index + len(_TABLE)


def _slices(stream: _Stream, slice_bytes: int) -> Iterator[Slice]:
    first = _next_table(stream)
    if first < 0:
        return
    # The document element, its styles and <office:spreadsheet>: the head of every slice.
    prefix = bytes(stream.buffer[:first])
    stream.drop(first)
    while True:
        table = _next_table(stream)
        if table < 0:
            return
        start_end = stream.tag_end(table)
        start_tag = bytes(stream.buffer[table:start_end])
        name_match = _NAME.search(start_tag)
        sheet = unescape(name_match.group(1).decode("utf-8")) if name_match else ""
        first_row = stream.next_row(start_end)
        end = stream.find(_TABLE_END, start_end) if first_row < 0 else -1
        if first_row < 0 and end < 0:
            raise OdsError(f"the workbook's content ends inside the sheet {sheet!r}")
        # What comes before the first row (column definitions) goes in every slice.
        before = first_row if first_row >= 0 else end
        head = prefix + start_tag + _GROUP.sub(b"", bytes(stream.buffer[start_end:before]))
        stream.drop(before)
        row_number = 1
        while True:
            cut, end_of_table = _next_cut(stream, slice_bytes)
            rows, grouped = _rows_in(stream.buffer, cut)
            if rows:
                if grouped:
                    # Row groups only group rows; cut in two they would not nest, so they go.
                    content = head + _GROUP.sub(b"", stream.buffer[:cut]) + _TAIL
                else:
                    with memoryview(stream.buffer) as view:
                        content = b"".join((head, view[:cut], _TAIL))  # one copy
                yield Slice(sheet, row_number, content, rows)
            row_number += rows
            if end_of_table:
                stream.drop(cut + len(_TABLE_END))
                break
            stream.drop(cut)


def _next_cut(stream: _Stream, slice_bytes: int) -> tuple[int, bool]:
    """Where this slice ends (the start of a row, or of the sheet's end tag), and whether
    its sheet ends there. Found with a few searches of the bytes, not row by row.

    The buffer starts at a row's start tag, or at the sheet's end tag.
    """
    while len(stream.buffer) < slice_bytes + 256 and stream.fill():
        pass
    buffer = stream.buffer
    # The sheet's end within this slice's bytes (nested tables are not spreadsheet data).
    end = buffer.find(_TABLE_END, 0, slice_bytes)
    if end >= 0:
        return end, True
    # The last row starting within them (not the first: a slice holds at least one row).
    limit = slice_bytes
    while (row := buffer.rfind(_ROW, 1, limit)) >= 0:
        if buffer[row + len(_ROW)] in _TAG_NAME_END:  # not "-rows", not "-row-group"
            return row, False
        limit = row + len(_ROW) - 1
    # One row longer than a slice: the slice is that row.
    row = stream.next_row(1)
    end = stream.find(_TABLE_END, 0)
    if end < 0 and row < 0:
        raise OdsError("the workbook's content ends inside a sheet")
    if end >= 0 and (row < 0 or end < row):
        return end, True
    return row, False


def _rows_in(buffer: bytearray, end: int) -> tuple[int, bool]:
    """How many sheet rows the whole rows before ``end`` span, and whether row groups'
    tags are among them (a few byte searches: a slice is megabytes)."""
    rows = buffer.count(_ROW, 0, end)
    grouped = False
    # "-rows" is in "number-rows-repeated", "table-rows" and "header-rows", "table-row-"
    # in "table-row-group": only then look closer.
    if buffer.find(b"-rows", 0, end) >= 0 or buffer.find(b"table-row-", 0, end) >= 0:
        grouped = any(buffer.find(tag, 0, end) >= 0 for tag in _GROUP_TAGS)
        if grouped:
            rows -= buffer.count(b"<table:table-rows", 0, end)
            rows -= buffer.count(b"<table:table-row-group", 0, end)
        for repeat in _REPEAT.finditer(buffer, 0, end):
            repeated = int(repeat.group(1))
            if repeated > MAX_ROWS:
                raise OdsError(f"a row repeated {repeated:,} times: not a real spreadsheet")
            rows += repeated - 1
    return rows, grouped


def open_slice(piece: Slice) -> CalamineWorkbook:
    """A small in-memory .ods holding one slice, opened with calamine."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("mimetype", _MIMETYPE)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", piece.content)
    data.seek(0)
    return CalamineWorkbook.from_filelike(data)
