"""Readers for the care register files CQC publishes. Pure Python: no Django, no database.

Three formats, detected from the content (``detect_format``) or forced by name:

``hsca``
    The "HSCA Active Locations" CSV (also its "Deactivated Locations" sibling). CQC
    publishes ~120 columns; any subset with "Location ID" and "Location Name" is read,
    and the other known columns are used when present.
``api``
    Location records from CQC's public API: one JSON object per file, a JSON array, an
    API page (``{"locations": [...]}``), or one object per line (JSONL).
``directory``
    The "CQC care directory" CSV: a few preamble lines ("This data was produced on
    ..."), then a header with "CQC Location ID (for office use only)".

``read_register`` streams one ``RegisterRow`` per good record and one ``RowError`` per
malformed one (with its line number, column and reason) and carries on; only a file
that is not one of the formats raises (``UnrecognisedFile``). Rows are not filtered:
``RegisterRow.is_social_care`` says whether a location is in scope and the importer
decides (``--all``).

Messages are plain English strings; the importer and CLI translate what they show.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from commonground.lib.postcodes import normalise_postcode

__all__ = [
    "FORMATS",
    "SERVICE_TYPE_CODES",
    "SOCIAL_CARE_SERVICE_TYPES",
    "RegisterRow",
    "RowError",
    "UnrecognisedFile",
    "detect_format",
    "read_register",
    "source_date",
]

FORMATS = ("hsca", "api", "directory")

SERVICE_TYPE_CODES = (
    "care_home_nursing",
    "care_home",
    "home_care",
    "supported_living",
    "extra_care",
    "shared_lives",
    "gp",
    "dentist",
    "hospital",
    "other",
)
SOCIAL_CARE_SERVICE_TYPES = frozenset(SERVICE_TYPE_CODES[:6])

# CQC names each service type twice: a description (API "description", the HSCA
# "Service type - <description>" columns) and a short name (API "name", the directory's
# "Service types" cell). Both map here, case-insensitively; anything else is "other".
_SERVICE_TYPES = {
    # descriptions
    "care home service with nursing": "care_home_nursing",
    "care home service without nursing": "care_home",
    "domiciliary care service": "home_care",
    "supported living service": "supported_living",
    "extra care housing services": "extra_care",
    "shared lives": "shared_lives",
    "doctors consultation service": "gp",
    "doctors treatment service": "gp",
    "dental service": "dentist",
    "acute services with overnight beds": "hospital",
    "hospital services for people with mental health needs, learning disabilities and "
    "problems with substance misuse": "hospital",
    # short names
    "nursing homes": "care_home_nursing",
    "residential homes": "care_home",
    "homecare agencies": "home_care",
    "supported living": "supported_living",
    "supported housing": "extra_care",
    "doctors/gps": "gp",
    "dentist": "dentist",
    "hospital": "hospital",
    "hospitals - mental health/capacity": "hospital",
}

# CQC's sector for adult social care ("Location Type/Sector" in HSCA, "type" in the API).
_SOCIAL_CARE_SECTOR = "social care org"

# Location ids are "1-" and digits (9-11 of them today); NHS trust sites use their ODS
# site code instead ("RT2F3", "5J5X2"), and NHS provider ids are trust codes ("RJX").
_ID_RE = re.compile(r"^(?:1-\d{4,15}|(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,6})$")

_RATING_NONE = {"", "no published rating"}

# Generous bounds around the UK: catches swapped, zeroed or mistyped coordinates.
_LATITUDE_RANGE = (49.0, 61.0)
_LONGITUDE_RANGE = (-9.0, 3.0)

_SNIFF_BYTES = 64 * 1024
_HEADER_SEARCH_ROWS = 50
_RAW_TEXT_LIMIT = 500


# --- Public types -----------------------------------------------------------------------


@dataclass(kw_only=True)
class RegisterRow:
    """One location as a register file describes it, normalised to our vocabulary.

    Optional values are None when the file has no such column or the cell is blank.
    """

    line: int  # physical line where the record starts (JSON array/page: its position)
    source_format: str
    location_id: str
    name: str
    also_known_as: str | None = None
    provider_id: str | None = None
    provider_name: str | None = None
    address: str = ""  # street lines, without the town
    town: str | None = None
    postcode: str | None = None  # normalised; None if blank or not a UK postcode
    postcode_raw: str = ""
    latitude: float | None = None
    longitude: float | None = None
    beds: int | None = None
    service_types: list[str] = dataclasses.field(default_factory=list)  # SERVICE_TYPE_CODES order
    is_social_care: bool = False
    registration_status: str = "registered"  # or "deregistered"
    registration_date: date | None = None
    deregistration_date: date | None = None
    dormant: bool | None = None
    rating: str | None = None  # latest overall rating, e.g. "Good"
    rating_date: date | None = None
    last_inspection_date: date | None = None
    # CQC's sector, e.g. "Social Care Org", "Primary Dental Care".
    location_type: str | None = None
    # An ONS code for the council, when CQC gives one. None of the published formats
    # does today: the importer resolves ``council_name`` against the council list.
    council_code: str | None = None
    council_name: str | None = None  # CQC's local authority name
    # A district found by a third party's spatial join (the 2021 England extract's
    # lad24_* columns): evidence for council resolution, not CQC's word.
    district_code: str | None = None
    district_name: str | None = None
    region: str | None = None
    predecessors: list[str] = dataclasses.field(default_factory=list)  # location ids
    successors: list[str] = dataclasses.field(default_factory=list)


WHOLE_RECORD = "(whole record)"
"""The ``field`` of a rejection that concerns the whole record, not one column."""


@dataclass(kw_only=True)
class RowError:
    """A record that could not be read; the reader moves on to the next one."""

    line: int
    field: str  # the file's own column or key name; WHOLE_RECORD when the whole record is bad
    reason: str
    raw: dict[str, str] = dataclasses.field(default_factory=dict)


_EXPECTED: dict[str, tuple[str, ...]] = {
    "hsca": ("Location ID", "Location Name"),
    "api": ("locationId",),
    "directory": ("Name", "CQC Location ID (for office use only)"),
}
_FORMAT_NAMES = {
    "hsca": "HSCA Active Locations CSV with columns",
    "api": "CQC API location JSON (an object per file or per line) with key",
    "directory": "CQC care directory CSV with, after its preamble lines, columns",
}


class UnrecognisedFile(ValueError):
    """The file is none of the register formats (or not the one asked for)."""

    def __init__(
        self,
        path: Path,
        found: Sequence[str],
        *,
        formats: Sequence[str] = FORMATS,
        note: str = "",
    ) -> None:
        self.path = path
        self.found = list(found)
        self.expected = {name: _EXPECTED[name] for name in formats}
        super().__init__(self._message(note))

    def _message(self, note: str) -> str:
        expected = "; or ".join(
            f"{_FORMAT_NAMES[name]} {', '.join(_quote(c) for c in columns)} (format {name!r})"
            for name, columns in self.expected.items()
        )
        shown = [_quote(c[:60]) for c in self.found[:25]]
        if len(self.found) > 25:
            shown.append(f"and {len(self.found) - 25} more")
        found = ", ".join(shown) if shown else "none"
        detail = f" ({note})" if note else ""
        return (
            f"{self.path.name} is not a recognised CQC register file{detail}. "
            f"Expected: {expected}. Found columns: {found}."
        )


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


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


class _Bad(Exception):
    """One bad value: ends the reading of its record (not of the file)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


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


def _read_api(path: Path) -> Iterator[RegisterRow | RowError]:
    with path.open("rb") as fh:
        first_text = next((text for text in _decoded_lines(fh) if text.strip()), "")
    if not _is_json_object_line(first_text):
        # Not one object per line: a whole document (pretty-printed object, array or
        # API page). That is small, so it is parsed at once.
        document = _whole_json(path)
        if document is not None:
            yield from _api_document(document)
            return
    with path.open("rb") as fh:
        for number, text in enumerate(_decoded_lines(fh), start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except (ValueError, RecursionError) as exc:
                yield RowError(
                    line=number,
                    field=WHOLE_RECORD,
                    reason=f"not valid JSON: {exc}",
                    raw={"text": text.strip()[:_RAW_TEXT_LIMIT]},
                )
                continue
            if _is_api_page(record):
                yield from _api_document(record)
            else:
                yield _api_record(record, number)


def _is_api_page(document: Any) -> bool:
    """A page of the API's /locations listing: ``{"page": 1, "locations": [...]}``."""
    return (
        isinstance(document, dict)
        and "locationId" not in document
        and isinstance(document.get("locations"), list)
    )


def _is_json_object_line(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


def _whole_json(path: Path) -> Any:
    with path.open("rb") as fh:
        text = "".join(_decoded_lines(fh))
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _dump(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)[:_RAW_TEXT_LIMIT]
    except (ValueError, RecursionError):
        return "(unprintable)"


def _api_document(document: Any) -> Iterator[RegisterRow | RowError]:
    if _is_api_page(document):
        document = document["locations"]  # items are numbered by position in the page
    if isinstance(document, list):
        for position, record in enumerate(document, start=1):
            yield _api_record(record, position)
    else:
        yield _api_record(document, 1)


def _api_record(record: Any, line: int) -> RegisterRow | RowError:
    if not isinstance(record, dict):
        return RowError(
            line=line,
            field=WHOLE_RECORD,
            reason=f"expected a JSON object, found {_json_type(record)}",
            raw={"text": _dump(record)},
        )
    try:
        return _api_row(record, line)
    except _Bad as bad:
        raw = {
            str(key): value[:_RAW_TEXT_LIMIT] if isinstance(value, str) else _dump(value)
            for key, value in record.items()
        }
        return RowError(line=line, field=bad.field, reason=bad.reason, raw=raw)


def _api_row(record: Mapping[str, Any], line: int) -> RegisterRow:
    location_id = _location_id(_text(record, "locationId"), "locationId")
    name = _text(record, "name") or _text(record, "locationName")
    name = _required(name, "name")
    care_home = _yes_no(_text(record, "careHome"), "careHome")
    codes: set[str] = set()
    for item in _list_of_objects(record, "gacServiceTypes"):
        description = _text(item, "description", "gacServiceTypes")
        short_name = _text(item, "name", "gacServiceTypes")
        if description.casefold() in _SERVICE_TYPES:
            codes.add(_SERVICE_TYPES[description.casefold()])
        elif description or short_name:
            codes.add(_service_code(short_name or description))
    sector = _text(record, "type") or None
    status = _text(record, "registrationStatus")
    deregistration_date = _date(_text(record, "deregistrationDate"), "deregistrationDate")
    if status.casefold() in ("registered", "deregistered"):
        status = status.casefold()
    elif not status:
        status = "deregistered" if deregistration_date else "registered"
    else:
        raise _Bad("registrationStatus", f"unknown registration status {status!r}")
    ratings = _object(record, "currentRatings")
    overall = _object(ratings, "overall", "currentRatings")
    rating_date = _text(overall, "reportDate", "currentRatings") or _text(
        ratings, "reportDate", "currentRatings"
    )
    last_inspection = _object(record, "lastInspection")
    predecessors: list[str] = []
    successors: list[str] = []
    for relation in _list_of_objects(record, "relationships"):
        kind = _text(relation, "type", "relationships").casefold()
        related = _text(relation, "relatedLocationId", "relationships")
        if "predecessor" in kind:
            predecessors.append(_location_id(related, "relationships"))
        elif "successor" in kind:
            successors.append(_location_id(related, "relationships"))
    postcode_raw = _text(record, "postalCode")
    return RegisterRow(
        line=line,
        source_format="api",
        location_id=location_id,
        name=name,
        also_known_as=_text(record, "alsoKnownAs") or None,
        provider_id=_optional_id(_text(record, "providerId"), "providerId"),
        provider_name=_text(record, "providerName") or None,
        address=_join(_text(record, "postalAddressLine1"), _text(record, "postalAddressLine2")),
        town=_text(record, "postalAddressTownCity") or None,
        postcode=normalise_postcode(postcode_raw),
        postcode_raw=postcode_raw,
        latitude=_coordinate(_text(record, "onspdLatitude"), "onspdLatitude", _LATITUDE_RANGE),
        longitude=_coordinate(_text(record, "onspdLongitude"), "onspdLongitude", _LONGITUDE_RANGE),
        beds=_beds(_count(_text(record, "numberOfBeds"), "numberOfBeds"), care_home),
        service_types=_ordered(codes),
        is_social_care=_is_social_care(codes, sector, care_home),
        registration_status=status,
        registration_date=_date(_text(record, "registrationDate"), "registrationDate"),
        deregistration_date=deregistration_date,
        dormant=_yes_no(_text(record, "dormancy"), "dormancy"),
        rating=_rating(_text(overall, "rating", "currentRatings")),
        rating_date=_date(rating_date, "currentRatings"),
        last_inspection_date=_date(
            _text(last_inspection, "date", "lastInspection"), "lastInspection"
        ),
        location_type=sector,
        council_name=_text(record, "localAuthority") or None,
        region=_text(record, "region") or None,
        predecessors=predecessors,
        successors=successors,
    )


# --- JSON value access: API records are untrusted, so every type is checked -------------


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "null" if value is None else "a number"
    )


def _text(record: Mapping[str, Any], key: str, field: str | None = None) -> str:
    """A scalar as stripped text ("" if absent or null); lists and objects are bad."""
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float):
        return repr(value)
    raise _Bad(field or key, f"{key} should be text or a number, found {_json_type(value)}")


def _object(record: Mapping[str, Any], key: str, field: str | None = None) -> Mapping[str, Any]:
    value = record.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Bad(field or key, f"{key} should be an object, found {_json_type(value)}")
    return value


def _list_of_objects(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Bad(key, f"{key} should be a list of objects")
    return value


# --- Value parsers: raise _Bad naming the column and the offending value ----------------


def _required(value: str, column: str) -> str:
    if not value:
        raise _Bad(column, f"{column} is blank")
    return value


def _location_id(value: str, column: str) -> str:
    if not value:
        raise _Bad(column, "the CQC location id is missing")
    if not _ID_RE.match(value):
        raise _Bad(column, f"{value!r} is not a CQC id (like 1-123456789, or RT2F3 for NHS sites)")
    return value


def _optional_id(value: str, column: str) -> str | None:
    if not value:
        return None
    if not _ID_RE.match(value):
        raise _Bad(column, f"{value!r} is not a CQC id (like 1-123456789, or RJX for NHS trusts)")
    return value


def _yes_no(value: str, column: str) -> bool | None:
    key = value.casefold()
    if not key:
        return None
    if key in ("y", "yes", "true"):
        return True
    if key in ("n", "no", "false"):
        return False
    raise _Bad(column, f"{value!r} is not Y or N")


def _coordinate(value: str, column: str, bounds: tuple[float, float]) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise _Bad(column, f"{value!r} is not a number") from None
    if not math.isfinite(number) or not bounds[0] <= number <= bounds[1]:
        raise _Bad(column, f"{value} is outside the UK ({bounds[0]} to {bounds[1]})")
    return number


def _count(value: str, column: str) -> int | None:
    if not value:
        return None
    # Spreadsheet round trips turn 45 into "45.0".
    if not re.fullmatch(r"\d{1,6}(?:\.0*)?", value):
        raise _Bad(column, f"{value!r} is not a whole number of beds")
    return int(value.split(".")[0])


def _beds(beds: int | None, care_home: bool | None) -> int | None:
    # The API gives numberOfBeds 0 for services without beds (home care, GPs): that is
    # "not applicable", not an empty care home.
    if beds == 0 and care_home is False:
        return None
    return beds


def _rating(value: str) -> str | None:
    return None if value.casefold() in _RATING_NONE else value


def _join(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _service_code(label: str) -> str:
    key = " ".join(label.split()).casefold()
    if not key:
        return ""
    return _SERVICE_TYPES.get(key, "other")


def _ordered(codes: set[str]) -> list[str]:
    return [code for code in SERVICE_TYPE_CODES if code in codes]


def _is_social_care(codes: set[str], sector: str | None, care_home: bool | None) -> bool:
    """Care homes, home care, supported living, extra care and shared lives.

    Where CQC gives the sector, it must also be social care: an NHS trust's nursing
    unit or community team can be registered for a social-care service type, but its
    staff work for the NHS, not for a care provider.
    """
    social = bool(codes & SOCIAL_CARE_SERVICE_TYPES) or care_home is True
    if sector:
        return social and sector.casefold() == _SOCIAL_CARE_SECTOR
    return social


# --- Dates ------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3])
} | {"sept": 9}

_ISO_DATE_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
# 01/03/2021, 01/Mar/2021, and the directory's "01/03/2021 - 00:00".
_UK_DATE_RE = re.compile(
    r"(\d{1,2})[/-]([A-Za-z]{3,9}|\d{1,2})[/-](\d{4})(?:\s*-?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
_LONG_DATE_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s_-]+([A-Za-z]{3,9})[\s_-]+(\d{4})")


def _date(value: str, column: str) -> date | None:
    if not value:
        return None
    parsed = _parse_date(value)
    if parsed is None:
        raise _Bad(column, f"{value!r} is not a date")
    return parsed


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if match := _ISO_DATE_RE.fullmatch(text):
        year, month, day = match.groups()
        return _make_date(year, month, day)
    if match := _UK_DATE_RE.fullmatch(text) or _LONG_DATE_RE.fullmatch(text):
        day, month, year = match.groups()
        return _make_date(year, month, day)
    return None


def _make_date(year: str, month: str, day: str) -> date | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.casefold())
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:  # 30 February and the like
        return None


# --- Extract date -----------------------------------------------------------------------

_NAME_DATE_RES = (
    re.compile(r"(?<!\d)(\d{4})[-_](\d{2})[-_](\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s_-]+([A-Za-z]{3,9})[\s_-]+(\d{4})(?!\d)"),
)
_NAME_MONTH_RES = (
    re.compile(r"(?<!\d)(\d{4})[-_](\d{2})(?![-_]?\d)"),
    re.compile(r"(?<![A-Za-z])([A-Za-z]{3,9})[\s_-]+(\d{4})(?!\d)"),
)


def source_date(path: Path) -> date | None:
    """Best-effort date of the extract, or None.

    In order: the directory preamble ("This data was produced on 19 August 2026"); a
    full date in the file name ("..._2021-03-01.csv", "19_August_2026_CQC_directory.csv");
    for API records, the latest registration, deregistration, inspection or rating date
    they mention (the extract cannot be older); a month in the file name ("_2025-03",
    "January 2019"), taken as its first day.
    """
    try:
        sniff = _sniff(path)
    except OSError:
        return None
    if sniff.format == "directory":
        produced = _preamble_date(path)
        if produced is not None:
            return produced
    from_name = _name_date(path.stem)
    if from_name is not None:
        return from_name
    if sniff.format == "api":
        latest = _latest_api_date(path)
        if latest is not None:
            return latest
    return _name_month(path.stem)


def _preamble_date(path: Path) -> date | None:
    with path.open("rb") as fh:
        header = _find_header(_csv_rows(_decoded_lines(fh)), ("directory",))
    for row in header.preamble if header else []:
        for cell in row:
            for pattern in (_LONG_DATE_RE, _UK_DATE_RE, _ISO_DATE_RE):
                if match := pattern.search(cell):
                    found = _parse_date(match.group(0))
                    if found is not None:
                        return found
    return None


def _name_date(stem: str) -> date | None:
    iso, long = _NAME_DATE_RES
    if match := iso.search(stem):
        found = _make_date(*match.groups())
        if found is not None:
            return found
    for match in long.finditer(stem):
        day, month, year = match.groups()
        found = _make_date(year, month, day)
        if found is not None:
            return found
    return None


def _name_month(stem: str) -> date | None:
    numeric, named = _NAME_MONTH_RES
    if match := numeric.search(stem):
        found = _make_date(match.group(1), match.group(2), "1")
        if found is not None:
            return found
    for match in named.finditer(stem):
        found = _make_date(match.group(2), match.group(1), "1")
        if found is not None:
            return found
    return None


def _latest_api_date(path: Path) -> date | None:
    # Capped at today: one mistyped future date must not make a file look newer than
    # the data already held ("an older file never overwrites newer data").
    today = datetime.now(UTC).date()
    latest: date | None = None
    for row in read_register(path, "api"):
        if isinstance(row, RowError):
            continue
        for found in (
            row.registration_date,
            row.deregistration_date,
            row.last_inspection_date,
            row.rating_date,
        ):
            if found is not None and found <= today and (latest is None or found > latest):
                latest = found
    return latest
