"""From a row of cells (CSV or workbook, as text) to a RegisterRow: HSCA and directory."""

from __future__ import annotations

import hashlib
import operator
import pickle
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from commonground.imports.workbooks import Cell, cell_text
from commonground.lib.postcodes import normalise_postcode

from . import values
from .header import Header, column_key, is_directory_id, is_directory_provider_id
from .model import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    NO_BRAND,
    SOCIAL_CARE_SECTOR,
    USER_BANDS,
    BadValue,
    OutOfScope,
    RegisterRow,
)

Cells = Sequence[Cell]
Mapped = RegisterRow | OutOfScope

# Part of every raw-row digest: change it whenever a change to the mapping (or to what the
# importer makes of a row) would make the same cells give a different register entry, so
# that the next import reads every row again instead of skipping "unchanged" ones.
DIGEST_VERSION = b"hsca-1"


class TableMapper:
    """Finds the columns it knows in a header; ``row()`` reads one row of cells."""

    format = ""
    columns: Mapping[str, tuple[str, ...]] = {}
    digests = False  # whether ``key()`` gives raw-row digests

    def __init__(self, header: Header) -> None:
        keys = [column_key(cell) for cell in header.cells]
        positions: dict[str, int] = {}
        for index, key in enumerate(keys):
            positions.setdefault(key, index)
        self.keys = keys
        self.index: dict[str, int] = {}
        for name, spellings in self.columns.items():
            for spelling in spellings:
                if column_key(spelling) in positions:
                    self.index[name] = positions[column_key(spelling)]
                    break

    def texts(self, cells: Cells) -> dict[str, str]:
        """Every known column's cell as stripped text, by name ("" for absent columns).

        ``cells`` is padded to the header's width; workbook cells may still be typed.
        One pass over the known columns: the hot loop of a 56,000-row import.
        """
        out = dict.fromkeys(self.columns, "")
        for name, index in self.index.items():
            value = cells[index]
            if type(value) is not str:
                value = cell_text(value)
            out[name] = value.strip()
        return out

    def get(self, cells: Cells, name: str) -> str:
        """The cell's text, stripped ("" when the column is absent).

        ``cells`` is padded to the header's width; workbook cells may still be typed.
        """
        index = self.index.get(name)
        if index is None:
            return ""
        value = cells[index]
        return (value if type(value) is str else cell_text(value)).strip()

    def optional(self, cells: Cells, name: str) -> str | None:
        """The cell's text; None when the column is absent or the cell blank."""
        return self.get(cells, name) or None

    def column(self, name: str) -> str:
        """The published column name, for error reports."""
        return self.columns[name][0]

    def row(self, cells: Cells, line: int, *, social_care_only: bool = False) -> Mapped:
        """The row as a RegisterRow; with ``social_care_only``, an OutOfScope for a
        location outside social care (read no further than it takes to know)."""
        raise NotImplementedError

    def stated_out_of_scope(self, cells: Cells, line: int) -> OutOfScope | None:
        """An OutOfScope when the row says outright that it is another sector (cheap)."""
        return None

    def key(self, cells: Cells) -> tuple[str, str]:
        """``(location id as written, digest of the cells read)``, when ``digests``."""
        raise NotImplementedError


def mapper_for(header: Header) -> TableMapper:
    return HscaMapper(header) if header.format == "hsca" else DirectoryMapper(header)


class HscaMapper(TableMapper):
    """CQC's "HSCA Active Locations" (and "Deactivated Locations"), CSV or workbook."""

    format = "hsca"
    digests = True
    columns = {
        "location_id": ("Location ID",),
        "name": ("Location Name",),
        "also_known_as": ("Location Also Known As",),
        "provider_id": ("Provider ID",),
        "provider_name": ("Provider Name",),
        "brand_id": ("Brand ID",),
        "brand_name": ("Brand Name",),
        "companies_house_number": ("Provider Companies House Number",),
        "charity_number": ("Provider Charity Number",),
        "ownership_type": ("Provider Ownership Type",),
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
        "directorate": ("Location Inspection Directorate",),
        "category": ("Location Primary Inspection Category",),
        "council_name": ("Location Local Authority",),
        "region": ("Location Region",),
        "district_code": ("lad24_code_spatial_join",),
        "district_name": ("lad24_name_spatial_join",),
    }
    SERVICE_PREFIX = "service type - "
    BAND_PREFIX = "service user band - "
    ACTIVE = frozenset({"active", "registered"})
    INACTIVE = frozenset({"inactive", "deactivated", "deregistered", "archived"})

    def __init__(self, header: Header) -> None:
        super().__init__(header)
        # "Service type - Domiciliary care service" etc.: one Y/blank column per type,
        # and the same for "Service user band - Dementia" etc.
        self.service_columns = [
            (index, values.service_code(key[len(self.SERVICE_PREFIX) :]))
            for index, key in enumerate(self.keys)
            if key.startswith(self.SERVICE_PREFIX)
        ]
        bands = {band.casefold(): band for band in USER_BANDS}
        self.band_columns = [
            (index, _band_name(header.cells[index], len(self.BAND_PREFIX), bands))
            for index, key in enumerate(self.keys)
            if key.startswith(self.BAND_PREFIX)
        ]
        # The digest covers exactly the cells the mapping reads (a change to a column it
        # does not read, say a telephone number, is no change), under the layout's names.
        read = sorted(
            {*self.index.values(), *(i for i, _ in self.service_columns)}
            | {i for i, _ in self.band_columns}
        )
        self._read_cells = operator.itemgetter(*read, read[0])  # always a tuple
        layout = "\x1f".join(self.keys[index] for index in read)
        self._hasher = hashlib.blake2b(DIGEST_VERSION + layout.encode(), digest_size=16)
        self._id_index = self.index["location_id"]
        self._sector_index = self.index.get("sector")
        self._stated: dict[str, str] = {}  # sector cell -> "" (social care) or its text

    def key(self, cells: Cells) -> tuple[str, str]:
        hasher = self._hasher.copy()
        # pickle: the cells' types and values, and faster than repr() for dates.
        hasher.update(pickle.dumps(self._read_cells(cells), protocol=5))
        raw_id = cells[self._id_index]
        return (raw_id if type(raw_id) is str else cell_text(raw_id)).strip(), hasher.hexdigest()

    def stated_out_of_scope(self, cells: Cells, line: int) -> OutOfScope | None:
        # Most of CQC's national file is another sector: say so before reading more.
        if self._sector_index is None:
            return None
        cell = cells[self._sector_index]
        # A file states a handful of sectors over and over: each text is judged once.
        reason = self._stated.get(cell) if type(cell) is str else None
        if reason is None:
            stated = (cell if type(cell) is str else cell_text(cell)).strip()
            reason = stated if stated and stated.casefold() != SOCIAL_CARE_SECTOR else ""
            if type(cell) is str:
                self._stated[cell] = reason
        if reason:
            column = self.column("location_id")
            location_id = values.location_id(self.get(cells, "location_id"), column)
            return OutOfScope(line=line, location_id=location_id, reason=reason)
        return None

    def row(self, cells: Cells, line: int, *, social_care_only: bool = False) -> Mapped:
        column = self.column
        if social_care_only:
            stated = self.stated_out_of_scope(cells, line)
            if stated is not None:
                return stated
        t = self.texts(cells)
        location_id = values.location_id(t["location_id"], column("location_id"))
        codes = {code for index, code in self.service_columns if _is_yes(cells[index])}
        care_home = values.yes_no(t["care_home"], column("care_home"))
        sector = t["sector"] or None
        directorate = t["directorate"] or None
        social = values.is_social_care(codes, sector, care_home, directorate)
        if social_care_only and not social:
            return OutOfScope(
                line=line, location_id=location_id, reason=values.scope_reason(sector, codes)
            )
        name = values.required(t["name"], column("name"))
        bands = [band for index, band in self.band_columns if _is_yes(cells[index])]
        end = _date(cells, self.index.get("end"), t["end"], column("end"))
        status = t["status"].casefold()
        if status and status not in self.ACTIVE | self.INACTIVE:
            raise BadValue(column("status"), f"unknown location status {t['status']!r}")
        deregistered = end is not None or status in self.INACTIVE
        postcode_raw = t["postcode"]
        return RegisterRow(
            line=line,
            source_format=self.format,
            location_id=location_id,
            name=name,
            also_known_as=t["also_known_as"] or None,
            provider_id=values.optional_id(t["provider_id"], column("provider_id")),
            provider_name=t["provider_name"] or None,
            brand_id=_brand(t["brand_id"]),
            brand_name=_brand(t["brand_name"]),
            companies_house_number=values.company_number(
                t["companies_house_number"], column("companies_house_number")
            ),
            charity_number=values.charity_number(t["charity_number"], column("charity_number")),
            ownership_type=t["ownership_type"] or None,
            address=values.join(t["street"], t["line2"]),
            town=t["town"] or None,
            postcode=normalise_postcode(postcode_raw),
            postcode_raw=postcode_raw,
            latitude=values.coordinate(t["latitude"], column("latitude"), LATITUDE_RANGE),
            longitude=values.coordinate(t["longitude"], column("longitude"), LONGITUDE_RANGE),
            beds=values.beds(values.count(t["beds"], column("beds")), care_home),
            service_types=values.ordered(values.social_care_codes(codes, social)),
            user_bands=values.ordered_bands(bands) if bands else [],
            is_social_care=social,
            registration_status="deregistered" if deregistered else "registered",
            registration_date=_date(cells, self.index.get("start"), t["start"], column("start")),
            deregistration_date=end,
            dormant=values.yes_no(t["dormant"], column("dormant")),
            rating=values.rating(t["rating"]),
            rating_date=_date(
                cells, self.index.get("rating_date"), t["rating_date"], column("rating_date")
            ),
            location_type=sector,
            inspection_directorate=directorate,
            inspection_category=t["category"] or None,
            council_name=t["council_name"] or None,
            district_code=t["district_code"] or None,
            district_name=t["district_name"] or None,
            region=t["region"] or None,
        )


def _date(cells: Cells, index: int | None, text: str, column: str) -> date | None:
    """A date cell as a workbook types it, or the text a CSV carries."""
    if index is not None:
        value = cells[index]
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return values.date_value(text, column)


def _is_yes(value: Cell) -> bool:
    # "Y" or blank; most cells are blank, so the test for them comes first.
    return value == "Y" or (
        value != "" and type(value) is str and value.strip().casefold() in ("y", "yes")
    )


def _band_name(cell: str, prefix: int, known: Mapping[str, str]) -> str:
    name = " ".join(cell.split())[prefix:]
    return known.get(name.casefold(), name)


def _brand(value: str) -> str | None:
    # "-" is CQC's "in no brand": said explicitly, so it is kept as "" (not as a blank).
    return "" if value == NO_BRAND else value or None


class DirectoryMapper(TableMapper):
    """CQC's weekly care directory CSV (a preamble, then its own column names)."""

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

    def __init__(self, header: Header) -> None:
        super().__init__(header)
        # The id columns' captions have varied; match them loosely (see is_directory_id).
        for index, key in enumerate(self.keys):
            if is_directory_id(key):
                self.index.setdefault("location_id", index)
            elif is_directory_provider_id(key):
                self.index.setdefault("provider_id", index)

    def row(self, cells: Cells, line: int, *, social_care_only: bool = False) -> Mapped:
        get, column = self.get, self.column
        location_id = values.location_id(get(cells, "location_id"), column("location_id"))
        name = values.required(get(cells, "name"), column("name"))
        # "Homecare agencies|Supported living"
        codes = {values.service_code(part) for part in get(cells, "service_types").split("|")}
        codes.discard("")
        social = values.is_social_care(codes, None, None)
        if social_care_only and not social:
            return OutOfScope(
                line=line, location_id=location_id, reason=values.scope_reason(None, codes)
            )
        # One cell, "street,town" or several lines; the last part is the post town.
        parts = [p.strip() for p in re.split(r"[,\r\n]+", get(cells, "address")) if p.strip()]
        postcode_raw = get(cells, "postcode")
        return RegisterRow(
            line=line,
            source_format=self.format,
            location_id=location_id,
            name=name,
            also_known_as=self.optional(cells, "also_known_as"),
            provider_id=values.optional_id(get(cells, "provider_id"), column("provider_id")),
            provider_name=self.optional(cells, "provider_name"),
            address=", ".join(parts[:-1] if len(parts) > 1 else parts),
            town=parts[-1] if len(parts) > 1 else None,
            postcode=normalise_postcode(postcode_raw),
            postcode_raw=postcode_raw,
            service_types=values.ordered(values.social_care_codes(codes, social)),
            is_social_care=social,
            # The directory lists registered locations only.
            registration_status="registered",
            last_inspection_date=values.date_value(get(cells, "last_check"), column("last_check")),
            council_name=self.optional(cells, "council_name"),
            region=self.optional(cells, "region"),
        )
