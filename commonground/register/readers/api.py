"""CQC API records: one object, an array, an API page or JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from commonground.lib.postcodes import normalise_postcode
from commonground.lib.textfiles import detect_encoding, open_text

from . import values
from .model import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    RAW_TEXT_LIMIT,
    SERVICE_TYPE_NAMES,
    SPECIALISM_BANDS,
    WHOLE_RECORD,
    BadValue,
    RegisterRow,
    RowError,
)


def read_api(path: Path) -> Iterator[RegisterRow | RowError]:
    encoding = detect_encoding(path)
    with open_text(path, encoding) as fh:
        first_text = next((text for text in fh if text.strip()), "")
    if not _is_json_object_line(first_text):
        # Not one object per line: a whole document (pretty-printed object, array or
        # API page). That is small, so it is parsed at once.
        document = _whole_json(path, encoding)
        if document is not None:
            yield from _api_document(document)
            return
    with open_text(path, encoding) as fh:
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except (ValueError, RecursionError) as exc:
                yield RowError(
                    line=number,
                    field=WHOLE_RECORD,
                    reason=f"not valid JSON: {exc}",
                    raw={"text": text.strip()[:RAW_TEXT_LIMIT]},
                )
                continue
            if _is_api_page(record):
                yield from _api_document(record)
            else:
                yield api_record(record, number)


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


def _whole_json(path: Path, encoding: str) -> Any:
    with open_text(path, encoding) as fh:
        text = fh.read()
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _dump(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)[:RAW_TEXT_LIMIT]
    except (ValueError, RecursionError):
        return "(unprintable)"


def _api_document(document: Any) -> Iterator[RegisterRow | RowError]:
    if _is_api_page(document):
        document = document["locations"]  # items are numbered by position in the page
    if isinstance(document, list):
        for position, record in enumerate(document, start=1):
            yield api_record(record, position)
    else:
        yield api_record(document, 1)


def api_record(record: Any, line: int) -> RegisterRow | RowError:
    if not isinstance(record, dict):
        return RowError(
            line=line,
            field=WHOLE_RECORD,
            reason=f"expected a JSON object, found {_json_type(record)}",
            raw={"text": _dump(record)},
        )
    try:
        return _api_row(record, line)
    except BadValue as bad:
        raw = {
            str(key): value[:RAW_TEXT_LIMIT] if isinstance(value, str) else _dump(value)
            for key, value in record.items()
        }
        return RowError(line=line, field=bad.field, reason=bad.reason, raw=raw)


def _api_row(record: Mapping[str, Any], line: int) -> RegisterRow:
    location_id = values.location_id(_text(record, "locationId"), "locationId")
    name = _text(record, "name") or _text(record, "locationName")
    name = values.required(name, "name")
    care_home = values.yes_no(_text(record, "careHome"), "careHome")
    codes: set[str] = set()
    for item in _list_of_objects(record, "gacServiceTypes"):
        description = _text(item, "description", "gacServiceTypes")
        short_name = _text(item, "name", "gacServiceTypes")
        if description.casefold() in SERVICE_TYPE_NAMES:
            codes.add(SERVICE_TYPE_NAMES[description.casefold()])
        elif description or short_name:
            codes.add(values.service_code(short_name or description))
    sector = _text(record, "type") or None
    directorate = _text(record, "inspectionDirectorate") or None
    social = values.is_social_care(codes, sector, care_home, directorate)
    bands = [
        SPECIALISM_BANDS[key]
        for item in _list_of_objects(record, "specialisms")
        if (key := _text(item, "name", "specialisms").casefold()) in SPECIALISM_BANDS
    ]
    category = next(
        (
            _text(item, "name", "inspectionCategories")
            for item in _list_of_objects(record, "inspectionCategories")
            if _text(item, "primary", "inspectionCategories").casefold() == "true"
        ),
        "",
    )
    status = _text(record, "registrationStatus")
    deregistration_date = values.date_value(
        _text(record, "deregistrationDate"), "deregistrationDate"
    )
    if status.casefold() in ("registered", "deregistered"):
        status = status.casefold()
    elif not status:
        status = "deregistered" if deregistration_date else "registered"
    else:
        raise BadValue("registrationStatus", f"unknown registration status {status!r}")
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
            predecessors.append(values.location_id(related, "relationships"))
        elif "successor" in kind:
            successors.append(values.location_id(related, "relationships"))
    postcode_raw = _text(record, "postalCode")
    return RegisterRow(
        line=line,
        source_format="api",
        location_id=location_id,
        name=name,
        also_known_as=_text(record, "alsoKnownAs") or None,
        provider_id=values.optional_id(_text(record, "providerId"), "providerId"),
        provider_name=_text(record, "providerName") or None,
        brand_id=_text(record, "brandId") or None,
        brand_name=_text(record, "brandName") or None,
        address=values.join(
            _text(record, "postalAddressLine1"), _text(record, "postalAddressLine2")
        ),
        town=_text(record, "postalAddressTownCity") or None,
        postcode=normalise_postcode(postcode_raw),
        postcode_raw=postcode_raw,
        latitude=values.coordinate(_text(record, "onspdLatitude"), "onspdLatitude", LATITUDE_RANGE),
        longitude=values.coordinate(
            _text(record, "onspdLongitude"), "onspdLongitude", LONGITUDE_RANGE
        ),
        beds=values.beds(values.count(_text(record, "numberOfBeds"), "numberOfBeds"), care_home),
        service_types=values.ordered(values.social_care_codes(codes, social)),
        user_bands=values.ordered_bands(bands),
        is_social_care=social,
        registration_status=status,
        registration_date=values.date_value(_text(record, "registrationDate"), "registrationDate"),
        deregistration_date=deregistration_date,
        dormant=values.yes_no(_text(record, "dormancy"), "dormancy"),
        rating=values.rating(_text(overall, "rating", "currentRatings")),
        rating_date=values.date_value(rating_date, "currentRatings"),
        last_inspection_date=values.date_value(
            _text(last_inspection, "date", "lastInspection"), "lastInspection"
        ),
        location_type=sector,
        inspection_directorate=directorate,
        inspection_category=category or None,
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
    raise BadValue(field or key, f"{key} should be text or a number, found {_json_type(value)}")


def _object(record: Mapping[str, Any], key: str, field: str | None = None) -> Mapping[str, Any]:
    value = record.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadValue(field or key, f"{key} should be an object, found {_json_type(value)}")
    return value


def _list_of_objects(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadValue(key, f"{key} should be a list of objects")
    return value
