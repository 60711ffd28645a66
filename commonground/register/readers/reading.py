"""Reading a register file: the entry point, and the loop over a table's rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, overload

from commonground.imports.workbooks import Cell, sheet_rows, text_cells
from commonground.lib.textfiles import open_detected

from .api import read_api
from .detect import rows_skipping_errors, sniff
from .header import Header, find_header
from .mappers import mapper_for
from .model import (
    FORMATS,
    RAW_TEXT_LIMIT,
    WHOLE_RECORD,
    BadValue,
    OutOfScope,
    RegisterRow,
    RowError,
    UnrecognisedFile,
)
from .values import scope_reason
from .workbook import DataSheet

Record = RegisterRow | RowError | OutOfScope


@overload
def read_register(
    path: Path, format: str | None = None, *, social_care_only: Literal[False] = False
) -> Iterator[RegisterRow | RowError]: ...


@overload
def read_register(
    path: Path, format: str | None = None, *, social_care_only: bool
) -> Iterator[Record]: ...


def read_register(
    path: Path, format: str | None = None, *, social_care_only: bool = False
) -> Iterator[Record]:
    """Stream the records of a register file, never holding the whole file in memory.

    The format is detected unless given. Raises UnrecognisedFile at once (before the
    first record) when the file is not in that format; after that, problems are yielded
    as RowError and reading continues. With ``social_care_only``, a location outside
    social care is yielded as an OutOfScope (with CQC's sector as the reason), read no
    further than it takes to know: most of CQC's national workbook is GPs, dentists and
    hospitals.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown register format {format!r}; expected one of {FORMATS}")
    found = sniff(path)
    if format is None:
        if found.format is None:
            raise UnrecognisedFile(path, found.found, note=found.note)
        format = found.format
    elif found.format != format:
        raise UnrecognisedFile(path, found.found, formats=(format,), note=found.note)
    if format == "api":
        return scoped(read_api(path)) if social_care_only else read_api(path)
    if found.workbook is not None:
        return _read_workbook(path, found.workbook, social_care_only)
    return _read_csv(path, format, social_care_only)


def scoped(records: Iterable[RegisterRow | RowError]) -> Iterator[Record]:
    """The records, with each location outside adult social care as ``OutOfScope``."""
    for record in records:
        if isinstance(record, RegisterRow) and not record.is_social_care:
            codes = set(record.service_types)
            reason = scope_reason(record.location_type, codes)
            yield OutOfScope(line=record.line, location_id=record.location_id, reason=reason)
        else:
            yield record


def size_hint(path: Path) -> int:
    """About how many records the file holds (its lines, or its data sheet's rows)."""
    found = sniff(path)
    if found.workbook is not None:
        return max(found.workbook.rows - found.workbook.header_row, 1)
    with path.open("rb") as fh:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")), 1)


def _read_workbook(path: Path, data: DataSheet, social_care_only: bool) -> Iterator[Record]:
    records = (
        (number, cells)
        for number, cells in sheet_rows(path, data.kind, data.sheet)
        if number > data.header_row
    )
    yield from _read_rows(records, data.header, social_care_only)


def _read_csv(path: Path, format: str, social_care_only: bool) -> Iterator[Record]:
    with open_detected(path) as fh:
        reader = csv.reader(fh)
        # Reads the preamble and header from ``reader``, which then goes on from there.
        header = find_header(rows_skipping_errors(reader), (format,))
        if header is None:  # the sniffed prefix had it, so only if the file changed
            raise UnrecognisedFile(path, [], formats=(format,))
        yield from _read_rows(_csv_records(reader), header, social_care_only)


def _csv_records(reader: Any) -> Iterator[tuple[int, list[Cell] | RowError]]:
    """``(line, cells)`` for each record, or a RowError for one the csv module cannot parse."""
    previous: int = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = previous + 1
            yield line, RowError(line=line, field=WHOLE_RECORD, reason=_csv_error_reason(exc))
            previous = reader.line_num
            continue
        line, previous = previous + 1, reader.line_num
        if any(cell.strip() for cell in cells):  # not a blank row, or one of bare commas
            yield line, cells


def _read_rows(
    records: Iterable[tuple[int, list[Cell] | RowError]], header: Header, social_care_only: bool
) -> Iterator[Record]:
    """Non-blank rows of cells (text, or a workbook's typed cells) to records."""
    mapper = mapper_for(header)
    width = len(header.cells)
    for line, cells in records:
        if isinstance(cells, RowError):
            yield cells
            continue
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        elif len(cells) > width and any(_filled(cell) for cell in cells[width:]):
            # A stray comma shifts every later column: refuse rather than misread.
            yield RowError(
                line=line,
                field=WHOLE_RECORD,
                reason=f"the row has {len(cells)} values but the header has {width} columns",
                raw=_raw_cells(header.cells, cells),
            )
            continue
        try:
            yield mapper.row(cells, line, social_care_only=social_care_only)
        except BadValue as bad:
            yield RowError(
                line=line, field=bad.field, reason=bad.reason, raw=_raw_cells(header.cells, cells)
            )


def _filled(cell: Cell) -> bool:
    return cell != "" and (type(cell) is not str or bool(cell.strip()))


def _csv_error_reason(exc: csv.Error) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return "not valid CSV: a value is over 131,072 characters long (an unclosed quote?)"
    if "new-line character seen in unquoted field" in message:
        return "not valid CSV: a line break (carriage return) inside an unquoted value"
    return f"not valid CSV: {message}"


def _raw_cells(header: Sequence[str], cells: Sequence[Cell]) -> dict[str, str]:
    texts = text_cells(cells)
    raw = {name.strip(): value[:RAW_TEXT_LIMIT] for name, value in zip(header, texts, strict=False)}
    for index, value in enumerate(texts[len(header) :], start=len(header) + 1):
        if value.strip():
            raw[f"(column {index})"] = value[:RAW_TEXT_LIMIT]
    return raw
