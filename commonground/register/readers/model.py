"""What the readers give: register rows and row errors; the formats and service types."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

FORMATS = ("hsca", "api", "directory")

SERVICE_TYPE_CODES = (
    "care_home_nursing",
    "care_home",
    "home_care",
    "supported_living",
    "extra_care",
    "shared_lives",
    "other_social_care",
    "gp",
    "dentist",
    "hospital",
    "other",
)
SOCIAL_CARE_SERVICE_TYPES = frozenset(SERVICE_TYPE_CODES[:7])
# The six the campaign counts by name; "other_social_care" is the rest of adult social care.
CORE_SOCIAL_CARE_TYPES = frozenset(SERVICE_TYPE_CODES[:6])

# CQC names each service type twice: a description (API "description", the HSCA
# "Service type - <description>" columns) and a short name (API "name", the directory's
# "Service types" cell). Both map here, case-insensitively; anything else is "other".
SERVICE_TYPE_NAMES = {
    # descriptions
    "care home service with nursing": "care_home_nursing",
    "care home service without nursing": "care_home",
    "domiciliary care service": "home_care",
    "supported living service": "supported_living",
    "extra care housing services": "extra_care",
    "shared lives": "shared_lives",
    # The other adult social care service types (CQC's adult social care directorate).
    "community based services for people with a learning disability": "other_social_care",
    "community based services for people with mental health needs": "other_social_care",
    "community based services for people who misuse substances": "other_social_care",
    "residential substance misuse treatment and/or rehabilitation service": "other_social_care",
    "residential substance misuse treatment and rehabilitation service": "other_social_care",
    "specialist college service": "other_social_care",
    "community health care services - nurses agency only": "other_social_care",
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
    "community services - learning disabilities": "other_social_care",
    "community services - mental health": "other_social_care",
    "community services - substance abuse": "other_social_care",
    "community services - nursing": "other_social_care",
}

# CQC's sector for adult social care ("Location Type/Sector" in HSCA, "type" in the API),
# and its inspection directorate ("Location Inspection Directorate", "inspectionDirectorate").
SOCIAL_CARE_SECTOR = "social care org"
SOCIAL_CARE_DIRECTORATE = "adult social care"

# CQC's service user bands ("Service user band - <band>" columns in the workbook), and the
# API's specialisms that say the same thing (its "specialisms" list), by case-folded name.
USER_BANDS = (
    "Children 0-18 years",
    "Dementia",
    "Learning disabilities or autistic spectrum disorder",
    "Mental Health",
    "Older People",
    "People detained under the Mental Health Act",
    "People who misuse drugs and alcohol",
    "People with an eating disorder",
    "Physical Disability",
    "Sensory Impairment",
    "Whole Population",
    "Younger Adults",
)
SPECIALISM_BANDS = {
    "caring for adults over 65 yrs": "Older People",
    "caring for adults under 65 yrs": "Younger Adults",
    "caring for children": "Children 0-18 years",
    "caring for people whose rights are restricted under the mental health act": (
        "People detained under the Mental Health Act"
    ),
    "dementia": "Dementia",
    "eating disorders": "People with an eating disorder",
    "learning disabilities": "Learning disabilities or autistic spectrum disorder",
    "mental health conditions": "Mental Health",
    "physical disabilities": "Physical Disability",
    "sensory impairment": "Sensory Impairment",
    "services for everyone": "Whole Population",
    "substance misuse problems": "People who misuse drugs and alcohol",
}

# Location ids are "1-" and digits (9-11 of them today); NHS trust sites use their ODS
# site code instead ("RT2F3", "5J5X2"), and NHS provider ids are trust codes ("RJX").
ID_RE = re.compile(r"^(?:1-\d{4,15}|(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,6})$")

RATING_NONE = {"", "no published rating"}

# Generous bounds around the UK: catches swapped, zeroed or mistyped coordinates.
LATITUDE_RANGE = (49.0, 61.0)
LONGITUDE_RANGE = (-9.0, 3.0)

SNIFF_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 50
RAW_TEXT_LIMIT = 500

# CQC's "Brand Name"/"Brand ID" for a provider in no brand: an explicit "none", not a blank.
NO_BRAND = "-"


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
    # The provider's brand and its public identifiers. None: the file does not say;
    # "" for the brand: CQC says the provider is in no brand ("-").
    brand_id: str | None = None
    brand_name: str | None = None
    companies_house_number: str | None = None
    charity_number: str | None = None
    ownership_type: str | None = None  # "Organisation", "Individual", "Partnership", "NHS Body"
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
    inspection_directorate: str | None = None  # e.g. "Adult social care"
    inspection_category: str | None = None  # e.g. "Community based adult social care services"
    user_bands: list[str] = dataclasses.field(default_factory=list)  # USER_BANDS order
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
    # A digest of the raw cells the row was read from (HSCA files; None for the others):
    # stored with the location, so that the next import of the same cells can skip them.
    raw_digest: str | None = None


@dataclass(kw_only=True)
class OutOfScope:
    """A location the reader was asked to leave out (outside social care), and why."""

    line: int
    location_id: str
    reason: str  # e.g. "Primary Dental Care", in CQC's words


@dataclass(kw_only=True)
class Unchanged:
    """A location whose raw cells are the ones its register entry was last written from
    (the importer said so when asked, see ``read_register``): not read any further."""

    line: int
    location_id: str
    service_types: list[str]  # as held, for a full import's "types the file covers"


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
    "hsca": "HSCA Active Locations CSV or workbook (.ods, .xlsx) with columns",
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


class ReadFailed(ValueError):
    """A register file recognised, then found unreadable part way (a damaged workbook, a
    worker process that stopped): the rows of batches written before stay written."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path.name} could not be read to the end: {reason}")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class BadValue(Exception):
    """One bad value: ends the reading of its record (not of the file)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
