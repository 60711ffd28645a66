from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(settings.COMMONGROUND_DATA_DIR)
ENGLAND = DATA / "cqc" / "cqc_care_homes_england_2021-03-01.csv"
OLDHAM = DATA / "cqc" / "cqc_api_locations_oldham_2025-03.jsonl"
COUNCILS = DATA / "boundaries" / "uk_local_authorities_future_mysociety.csv"
BOUNDARIES = DATA / "boundaries" / "england_lad_2024_buc_names_only.geojson"
POSTCODES = DATA / "postcodes" / "postcode_districts_doogal_2023-09.csv"

HSCA_HEADER = (
    "Location ID,Location HSCA start date,Care home?,Location Name,Care homes beds,"
    "Location Region,lad24_name_spatial_join,Location Street Address,Location City,"
    "Location Postal Code,Location Latitude,Location Longitude,"
    "Service type - Care home service with nursing,Service type - Care home service without nursing,"
    "lad24_code_spatial_join\n"
)


def hsca_row(
    cqc_id: str,
    name: str,
    *,
    beds: str = "40",
    district: str = "Bolton",
    code: str = "E08000001",
    postcode: str = "BL1 4AA",
    lat: str = "53.58",
    lng: str = "-2.43",
    nursing: bool = False,
) -> str:
    return (
        f"{cqc_id},2015-01-01,Y,{name},{beds},North West,{district},1 High Street,Town,"
        f"{postcode},{lat},{lng},{'Y' if nursing else ''},{'' if nursing else 'Y'},{code}\n"
    )


@pytest.fixture
def write_hsca(tmp_path: Path):
    def write(name: str, *rows: str) -> Path:
        path = tmp_path / name
        path.write_text(HSCA_HEADER + "".join(rows), encoding="utf-8")
        return path

    return write


def need_data(*paths: Path) -> None:
    for path in paths:
        if not path.is_file():
            pytest.skip(f"{path} is absent (set COMMONGROUND_DATA_DIR; CI has the data)")
