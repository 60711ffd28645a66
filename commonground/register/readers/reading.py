"""Reading a register file: the entry point, and the loop over a table's rows."""

from __future__ import annotations

import csv
import functools
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal, overload

from commonground.imports import ods
from commonground.imports.workbooks import Cell, NotAWorkbook, sheet_rows, slice_rows, text_cells
from commonground.lib.forked import WorkerFailed, default_workers, ordered_map
from commonground.lib.textfiles import open_detected

from .api import read_api
from .detect import rows_skipping_errors, sniff
from .header import Header, find_header
from .mappers import TableMapper, mapper_for
from .model import (
    FORMATS,
    RAW_TEXT_LIMIT,
    WHOLE_RECORD,
    BadValue,
    OutOfScope,
    ReadFailed,
    RegisterRow,
    RowError,
    Unchanged,
    UnrecognisedFile,
)
from .values import scope_reason
from .workbook import DataSheet

Record = RegisterRow | RowError | OutOfScope | Unchanged

Held = Callable[[Mapping[str, str]], Mapping[str, list[str]]]
"""Asked with ``{location id: raw digest}`` for a chunk of rows, answers with those whose
register entry was last written from the same cells (and nothing since changed it), each
with its held service types: they come as ``Unchanged``, not mapped any further."""

CHUNK_ROWS = 1000


@overload
def read_register(
    path: Path,
    format: str | None = None,
    *,
    social_care_only: Literal[False] = False,
    unchanged: None = None,
) -> Iterator[RegisterRow | RowError]: ...


@overload
def read_register(
    path: Path,
    format: str | None = None,
    *,
    social_care_only: bool,
    unchanged: Held | None = None,
) -> Iterator[Record]: ...


def read_register(
    path: Path,
    format: str | None = None,
    *,
    social_care_only: bool = False,
    unchanged: Held | None = None,
) -> Iterator[Record]:
    """Stream the records of a register file, never holding the whole file in memory.

    The format is detected unless given. Raises UnrecognisedFile at once (before the
    first record) when the file is not in that format; after that, problems are yielded
    as RowError and reading continues. With ``social_care_only``, a location outside
    social care is yielded as an OutOfScope (with CQC's sector as the reason), read no
    further than it takes to know: most of CQC's national workbook is GPs, dentists and
    hospitals.

    With ``unchanged`` (the importer's question, see ``Held``), each HSCA row read (CSV or
    workbook) carries a digest of its raw cells (``RegisterRow.raw_digest``), and rows the
    importer holds unchanged come as ``Unchanged`` without being mapped: a monthly file
    is mostly the last one again. Other formats are read in full.
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
        return _read_workbook(path, found.workbook, social_care_only, unchanged)
    return _read_csv(path, format, social_care_only, unchanged)


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


def _read_workbook(
    path: Path, data: DataSheet, social_care_only: bool, unchanged: Held | None
) -> Iterator[Record]:
    reader = _RowReader(data.header, social_care_only)
    try:
        if data.kind == "ods" and unchanged is not None and reader.mapper.digests:
            # The sheet's slices are parsed and keyed by forked workers (two each handed
            # out ahead) while this process asks which rows are unchanged and maps the rest.
            pieces = (piece for piece in ods.slices(str(path)) if piece.sheet == data.sheet)
            keyed = ordered_map(
                functools.partial(reader.keyed_slice, after=data.header_row),
                pieces,
                workers=default_workers(),
                what=f"reading {path.name}",
            )
            yield from reader.unchanged_or_mapped(chain.from_iterable(keyed), unchanged)
            return
        records = (
            (number, cells)
            for number, cells in sheet_rows(path, data.kind, data.sheet)
            if number > data.header_row
        )
        yield from reader.records(records, unchanged)
    except (NotAWorkbook, ods.OdsError, WorkerFailed) as exc:
        raise ReadFailed(path, str(exc)) from exc


def _read_csv(
    path: Path, format: str, social_care_only: bool, unchanged: Held | None
) -> Iterator[Record]:
    with open_detected(path) as fh:
        reader = csv.reader(fh)
        # Reads the preamble and header from ``reader``, which then goes on from there.
        header = find_header(rows_skipping_errors(reader), (format,))
        if header is None:  # the sniffed prefix had it, so only if the file changed
            raise UnrecognisedFile(path, [], formats=(format,))
        yield from _read_rows(_csv_records(reader), header, social_care_only, unchanged)


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
    records: Iterable[tuple[int, list[Cell] | RowError]],
    header: Header,
    social_care_only: bool,
    unchanged: Held | None = None,
) -> Iterator[Record]:
    """Non-blank rows of cells (text, or a workbook's typed cells) to records."""
    return _RowReader(header, social_care_only).records(records, unchanged)


Keyed = tuple[int, list[Cell] | bytes, str, str]
"""A row that may be unchanged: line, cells (or, from a worker, the cells pickled),
location id as written, digest of the cells read."""


class _RowReader:
    """Rows of one table to records: keying each row (``keyed``: cheap, may run in a
    worker process), then asking which are unchanged and mapping the rest."""

    def __init__(self, header: Header, social_care_only: bool) -> None:
        self.header = header
        self.mapper = mapper_for(header)
        self.width = len(header.cells)
        self.social_care_only = social_care_only

    def records(
        self, records: Iterable[tuple[int, list[Cell] | RowError]], unchanged: Held | None
    ) -> Iterator[Record]:
        if unchanged is None or not self.mapper.digests:
            for line, cells in records:
                yield self.record(line, cells)
            return
        yield from self.unchanged_or_mapped(self.keyed(records), unchanged)

    def keyed_slice(self, piece: ods.Slice, *, after: int) -> list[Keyed | Record]:
        """One slice of an .ods sheet read and keyed (its rows below row ``after``), the
        cells of the rows that may be unchanged pickled: what a worker sends back."""
        rows = ((number, cells) for _, number, cells in slice_rows(piece) if number > after)
        return list(self.keyed(rows, pack=True))

    def keyed(
        self, records: Iterable[tuple[int, list[Cell] | RowError]], *, pack: bool = False
    ) -> Iterator[Keyed | Record]:
        """Each row keyed by location id and digest, or already a record (rejected, or
        stated to be another sector, or too wide to key)."""
        width, social_care_only = self.width, self.social_care_only
        stated_out_of_scope, key = self.mapper.stated_out_of_scope, self.mapper.key
        for line, cells in records:
            if isinstance(cells, RowError) or len(cells) > width:
                yield self.record(line, cells)
                continue
            if len(cells) < width:
                cells = [*cells, *[""] * (width - len(cells))]
            if social_care_only:
                try:
                    stated = stated_out_of_scope(cells, line)
                except BadValue as bad:
                    yield _rejected(self.header, line, cells, bad)
                    continue
                if stated is not None:
                    yield stated
                    continue
            location_id, digest = key(cells)
            yield line, pickle.dumps(cells, protocol=5) if pack else cells, location_id, digest

    def unchanged_or_mapped(
        self, keyed: Iterable[Keyed | Record], unchanged: Held
    ) -> Iterator[Record]:
        """A chunk at a time: ask once which keyed rows are held unchanged, map the rest."""
        mapped: set[str] = set()  # a location listed again after a mapped row is mapped again
        rows = iter(keyed)
        while chunk := list(islice(rows, CHUNK_ROWS)):
            listed: dict[str, int] = {}  # how often each location id comes in the chunk
            for item in chunk:
                if type(item) is tuple:
                    listed[item[2]] = listed.get(item[2], 0) + 1
            asked = {
                item[2]: item[3]
                for item in chunk
                if type(item) is tuple and listed[item[2]] == 1 and item[2] not in mapped
            }
            held = unchanged(asked) if asked else {}
            for item in chunk:
                if not isinstance(item, tuple):
                    yield item
                    continue
                line, cells, location_id, digest = item
                if location_id in held:
                    yield Unchanged(
                        line=line, location_id=location_id, service_types=held[location_id]
                    )
                    continue
                record = self.record(
                    line, pickle.loads(cells) if isinstance(cells, bytes) else cells
                )
                if isinstance(record, RegisterRow):
                    record.raw_digest = digest
                    mapped.add(record.location_id)
                yield record

    def record(self, line: int, cells: list[Cell] | RowError) -> Record:
        return _record(self.mapper, self.header, self.width, line, cells, self.social_care_only)


def _record(
    mapper: TableMapper,
    header: Header,
    width: int,
    line: int,
    cells: list[Cell] | RowError,
    social_care_only: bool,
) -> Record:
    if isinstance(cells, RowError):
        return cells
    if len(cells) < width:
        cells = [*cells, *[""] * (width - len(cells))]
    elif len(cells) > width and any(_filled(cell) for cell in cells[width:]):
        # A stray comma shifts every later column: refuse rather than misread.
        return RowError(
            line=line,
            field=WHOLE_RECORD,
            reason=f"the row has {len(cells)} values but the header has {width} columns",
            raw=_raw_cells(header.cells, cells),
        )
    try:
        return mapper.row(cells, line, social_care_only=social_care_only)
    except BadValue as bad:
        return _rejected(header, line, cells, bad)


def _rejected(header: Header, line: int, cells: Sequence[Cell], bad: BadValue) -> RowError:
    return RowError(
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
