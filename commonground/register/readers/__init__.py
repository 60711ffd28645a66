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
that is not one of the formats raises (``UnrecognisedFile``). With
``social_care_only`` a location outside adult social care comes as ``OutOfScope`` with its
reason (``scoped`` does the same for records read elsewhere, e.g. the API sync).

Messages are plain English strings; the importer and CLI translate what they show.
"""

from __future__ import annotations

from .detect import detect_format
from .extract_date import source_date
from .model import (
    FORMATS,
    SERVICE_TYPE_CODES,
    SOCIAL_CARE_SERVICE_TYPES,
    SPECIALISM_BANDS,
    USER_BANDS,
    WHOLE_RECORD,
    OutOfScope,
    ReadFailed,
    RegisterRow,
    RowError,
    Unchanged,
    UnrecognisedFile,
)
from .reading import Held, Record, read_register, scoped, size_hint

__all__ = [
    "FORMATS",
    "SERVICE_TYPE_CODES",
    "SOCIAL_CARE_SERVICE_TYPES",
    "SPECIALISM_BANDS",
    "USER_BANDS",
    "WHOLE_RECORD",
    "Held",
    "OutOfScope",
    "ReadFailed",
    "Record",
    "RegisterRow",
    "RowError",
    "Unchanged",
    "UnrecognisedFile",
    "detect_format",
    "read_register",
    "scoped",
    "size_hint",
    "source_date",
]
