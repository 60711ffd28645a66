"""What a register import compares and writes: the fields, and how values are written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Which service type a location is counted as (workforce ratios, filters): the first held.
PRIMARY_ORDER = (
    "care_home_nursing",
    "care_home",
    "home_care",
    "supported_living",
    "extra_care",
    "shared_lives",
    "other_social_care",
    "hospital",
    "gp",
    "dentist",
    "other",
)

# Fields compared and written by the import (the rest belong to people: overrides etc.).
COMPARED_FIELDS = (
    "name",
    "also_known_as",
    "provider_id",
    "brand_id",
    "brand_name",
    "council_id",
    "district_code",
    "address",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "coordinates_approximate",
    "beds",
    "service_types_text",
    "primary_service_type",
    "is_social_care",
    "registration_status",
    "registration_date",
    "deregistration_date",
    "dormant",
    "rating",
    "rating_date",
    "inspection_directorate",
    "inspection_category",
    "user_bands_text",
    "predecessor_ids",
    "successor_ids",
    "not_in_latest_file",
)
# Provider fields a file may carry (RegisterRow attribute = Provider field). None: the file
# does not say, and what an earlier file said is kept.
PROVIDER_FIELDS = (
    "companies_house_number",
    "charity_number",
    "ownership_type",
)

# None: the file does not say (kept); "": the file says there is none (a brand of "-"),
# which is written.
SAID_BLANK = {"brand_id", "brand_name"}

# Written even when the new value is blank: the row always says something about these.
ALWAYS_SET = {
    "is_social_care",
    "registration_status",
    "not_in_latest_file",
    "coordinates_approximate",
    "service_types_text",
    "primary_service_type",
}


def primary_service_type(types: Sequence[str]) -> str:
    for kind in PRIMARY_ORDER:
        if kind in types:
            return kind
    return ""


def service_text(types: Sequence[str]) -> str:
    ordered = sorted(set(types))
    return f"|{'|'.join(ordered)}|" if ordered else ""


def bands_text(bands: Sequence[str]) -> str:
    text = f"|{'|'.join(bands)}|" if bands else ""
    return text if len(text) <= 500 else ""


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
