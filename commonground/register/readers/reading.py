"""Reading a register file: the entry point, and the two CSV formats."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from commonground.lib.postcodes import normalise_postcode

from .api import _read_api
from .detect import (
    _column_key,
    _decoded_lines,
    _find_header,
    _Header,
    _is_directory_id,
    _is_directory_provider_id,
    _rows_skipping_errors,
    _sniff,
)
from .model import (
    _LATITUDE_RANGE,
    _LONGITUDE_RANGE,
    _RAW_TEXT_LIMIT,
    FORMATS,
    WHOLE_RECORD,
    RegisterRow,
    RowError,
    UnrecognisedFile,
    _Bad,
)
from .values import (
    _beds,
    _coordinate,
    _count,
    _date,
    _is_social_care,
    _join,
    _location_id,
    _optional_id,
    _ordered,
    _rating,
    _required,
    _service_code,
    _yes_no,
)

# --- Reading ----------------------------------------------------------------------------


def read_register(path: Path, format: str | None = None) -> Iterator[RegisterRow | RowError]:
    """Stream the records of a register file, never holding the whole file in memory.

    The format is detected unless given. Raises UnrecognisedFile at once (before the
    first record) when the file is not in that format; after that, problems are
    yielded as RowError and reading continues.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown register format {format!r}; expected one of {FORMATS}")
    sniff = _sniff(path)
    if format is None:
        if sniff.format is None:
            raise UnrecognisedFile(path, sniff.found, note=sniff.note)
        format = sniff.format
    elif sniff.format != format:
        raise UnrecognisedFile(path, sniff.found, formats=(format,), note=sniff.note)
    if format == "api":
        return _read_api(path)
    return _read_csv(path, format)


def _read_csv(path: Path, format: str) -> Iterator[RegisterRow | RowError]:
    with path.open("rb") as fh:
        reader = csv.reader(_decoded_lines(fh))
        # Reads the preamble and header from ``reader``, which then goes on from there.
        header = _find_header(_rows_skipping_errors(reader), (format,))
        if header is None:  # the sniffed prefix had it, so only if the file changed
            raise UnrecognisedFile(path, [], formats=(format,))
        mapper: _CsvMapper = _HscaMapper(header) if format == "hsca" else _DirectoryMapper(header)
        width = len(header.cells)
        previous = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RowError(line=previous + 1, field=WHOLE_RECORD, reason=_csv_error_reason(exc))
                previous = reader.line_num
                continue
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank rows, or rows of bare commas from spreadsheets
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                # A stray comma shifts every later column: refuse rather than misread.
                yield RowError(
                    line=line,
                    field=WHOLE_RECORD,
                    reason=f"the row has {len(cells)} values but the header has {width} columns",
                    raw=_raw_cells(header.cells, cells),
                )
                continue
            try:
                yield mapper.row(cells, line)
            except _Bad as bad:
                yield RowError(
                    line=line,
                    field=bad.field,
                    reason=bad.reason,
                    raw=_raw_cells(header.cells, cells),
                )


def _csv_error_reason(exc: csv.Error) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return "not valid CSV: a value is over 131,072 characters long (an unclosed quote?)"
    if "new-line character seen in unquoted field" in message:
        return "not valid CSV: a line break (carriage return) inside an unquoted value"
    return f"not valid CSV: {message}"


def _raw_cells(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    raw = {
        name.strip(): value[:_RAW_TEXT_LIMIT] for name, value in zip(header, cells, strict=False)
    }
    for index, value in enumerate(cells[len(header) :], start=len(header) + 1):
        raw[f"(column {index})"] = value[:_RAW_TEXT_LIMIT]
    return raw


class _CsvMapper:
    format = ""
    columns: Mapping[str, tuple[str, ...]] = {}

    def __init__(self, header: _Header) -> None:
        keys = [_column_key(cell) for cell in header.cells]
        positions: dict[str, int] = {}
        for index, key in enumerate(keys):
            positions.setdefault(key, index)
        self.keys = keys
        self.index: dict[str, int] = {}
        for name, spellings in self.columns.items():
            for spelling in spellings:
                if _column_key(spelling) in positions:
                    self.index[name] = positions[_column_key(spelling)]
                    break

    def get(self, cells: Sequence[str], name: str) -> str:
        index = self.index.get(name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def column(self, name: str) -> str:
        """The published column name, for error reports."""
        return self.columns[name][0]

    def row(self, cells: Sequence[str], line: int) -> RegisterRow:
        raise NotImplementedError


class _HscaMapper(_CsvMapper):
    format = "hsca"
    columns = {
        "location_id": ("Location ID",),
        "name": ("Location Name",),
        "also_known_as": ("Location Also Known As",),
        "provider_id": ("Provider ID",),
        "provider_name": ("Provider Name",),
        "street": ("Location Street Address",),
        "line2": ("Location Address Line 2",),
        "town": ("Location City",),
        "postcode": ("Location Postal Code",),
        "latitude": ("Location Latitude",),
        "longitude": ("Location Longitude",),
        "care_home": ("Care home?",),
        "beds": ("Care homes beds", "Care homes beds at point location de-activated"),
        "start": ("Location HSCA start date",),
        "end": ("Location HSCA End Date",),
        "status": ("Location Status",),
        "dormant": ("Dormant (Y/N)",),
        "rating": ("Location Latest Overall Rating",),
        "rating_date": ("Publication Date",),
        "sector": ("Location Type/Sector",),
        "council_name": ("Location Local Authority",),
        "region": ("Location Region",),
        "district_code": ("lad24_code_spatial_join",),
        "district_name": ("lad24_name_spatial_join",),
    }
    _SERVICE_PREFIX = "service type - "
    _ACTIVE = {"active", "registered"}
    _INACTIVE = {"inactive", "deactivated", "deregistered", "archived"}

    def __init__(self, header: _Header) -> None:
        super().__init__(header)
        # "Service type - Domiciliary care service" etc.: one Y/blank column per type.
        self.service_columns = [
            (index, _service_code(key[len(self._SERVICE_PREFIX) :]))
            for index, key in enumerate(self.keys)
            if key.startswith(self._SERVICE_PREFIX)
        ]

    def row(self, cells: Sequence[str], line: int) -> RegisterRow:
        get, column = self.get, self.column
        location_id = _location_id(get(cells, "location_id"), column("location_id"))
        name = _required(get(cells, "name"), column("name"))
        codes = {
            code
            for index, code in self.service_columns
            if index < len(cells) and cells[index].strip().casefold() in ("y", "yes")
        }
        care_home = _yes_no(get(cells, "care_home"), column("care_home"))
        end = _date(get(cells, "end"), column("end"))
        status = get(cells, "status").casefold()
        if status and status not in self._ACTIVE | self._INACTIVE:
            raise _Bad(column("status"), f"unknown location status {get(cells, 'status')!r}")
        deregistered = end is not None or status in self._INACTIVE
        sector = get(cells, "sector") or None
        postcode_raw = get(cells, "postcode")
        return RegisterRow(
            line=line,
            source_format=self.format,
            location_id=location_id,
            name=name,
            also_known_as=get(cells, "also_known_as") or None,
            provider_id=_optional_id(get(cells, "provider_id"), column("provider_id")),
            provider_name=get(cells, "provider_name") or None,
            address=_join(get(cells, "street"), get(cells, "line2")),
            town=get(cells, "town") or None,
            postcode=normalise_postcode(postcode_raw),
            postcode_raw=postcode_raw,
            latitude=_coordinate(get(cells, "latitude"), column("latitude"), _LATITUDE_RANGE),
            longitude=_coordinate(get(cells, "longitude"), column("longitude"), _LONGITUDE_RANGE),
            beds=_beds(_count(get(cells, "beds"), column("beds")), care_home),
            service_types=_ordered(codes),
            is_social_care=_is_social_care(codes, sector, care_home),
            registration_status="deregistered" if deregistered else "registered",
            registration_date=_date(get(cells, "start"), column("start")),
            deregistration_date=end,
            dormant=_yes_no(get(cells, "dormant"), column("dormant")),
            rating=_rating(get(cells, "rating")),
            rating_date=_date(get(cells, "rating_date"), column("rating_date")),
            location_type=sector,
            council_name=get(cells, "council_name") or None,
            district_code=get(cells, "district_code") or None,
            district_name=get(cells, "district_name") or None,
            region=get(cells, "region") or None,
        )


class _DirectoryMapper(_CsvMapper):
    format = "directory"
    columns = {
        "name": ("Name",),
        "also_known_as": ("Also known as",),
        "address": ("Address",),
        "postcode": ("Postcode",),
        "service_types": ("Service types",),
        "last_check": ("Date of latest check",),
        "provider_name": ("Provider name",),
        "council_name": ("Local authority",),
        "region": ("Region",),
        "location_id": ("CQC Location ID (for office use only)",),
        "provider_id": ("CQC Provider ID (for office use only)",),
    }

    def __init__(self, header: _Header) -> None:
        super().__init__(header)
        # The id columns' captions have varied; match them loosely (see _is_directory_id).
        for index, key in enumerate(self.keys):
            if _is_directory_id(key):
                self.index.setdefault("location_id", index)
            elif _is_directory_provider_id(key):
                self.index.setdefault("provider_id", index)

    def row(self, cells: Sequence[str], line: int) -> RegisterRow:
        get, column = self.get, self.column
        location_id = _location_id(get(cells, "location_id"), column("location_id"))
        name = _required(get(cells, "name"), column("name"))
        # "Homecare agencies|Supported living"
        codes = {_service_code(part) for part in get(cells, "service_types").split("|")}
        codes.discard("")
        # One cell, "street,town" or several lines; the last part is the post town.
        parts = [p.strip() for p in re.split(r"[,\r\n]+", get(cells, "address")) if p.strip()]
        postcode_raw = get(cells, "postcode")
        return RegisterRow(
            line=line,
            source_format=self.format,
            location_id=location_id,
            name=name,
            also_known_as=get(cells, "also_known_as") or None,
            provider_id=_optional_id(get(cells, "provider_id"), column("provider_id")),
            provider_name=get(cells, "provider_name") or None,
            address=", ".join(parts[:-1] if len(parts) > 1 else parts),
            town=parts[-1] if len(parts) > 1 else None,
            postcode=normalise_postcode(postcode_raw),
            postcode_raw=postcode_raw,
            service_types=_ordered(codes),
            is_social_care=_is_social_care(codes, None, None),
            # The directory lists registered locations only.
            registration_status="registered",
            last_inspection_date=_date(get(cells, "last_check"), column("last_check")),
            council_name=get(cells, "council_name") or None,
            region=get(cells, "region") or None,
        )
