"""Property tests: the council, postcode and boundary imports never crash on bad files.

They go through the management commands (what an operator runs): a file is either imported,
with each bad row rejected as (line, field, reason), or refused with a ``CommandError``
that says why. No other exception escapes.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from commonground.register.models import Boundary, Council, PostcodeDistrict
from commonground.register.places import (
    PlacesFileError,
    geometry_problem,
    import_boundaries,
    import_councils,
    import_postcodes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

COUNCIL_HEADER = (
    "local-authority-code,official-name,nice-name,gss-code,replaced-by,nation,region,"
    "local-authority-type,county-la,alt-names,former-gss-codes,current-authority,lat,long"
)
POSTCODE_HEADER = "Postcode,Latitude,Longitude,Town/Area,Region,Post Town"


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Module scope: hypothesis reruns the test body, not function-scoped fixtures.
    return tmp_path_factory.mktemp("places")


def run(command: str, path: Path) -> dict[str, Any] | None:
    """The command's JSON summary, or None when it refused the file with a reason."""
    out = StringIO()
    try:
        call_command(command, str(path), "--json", stdout=out)
    except CommandError as exc:
        assert str(exc).strip()
        return None
    summary: dict[str, Any] = json.loads(out.getvalue())
    assert summary["rejected"] == len(summary["rejected_rows"]) or summary["rejected"] > 50
    for row in summary["rejected_rows"]:
        assert row["line"] >= 1 and row["field"] and row["reason"]
    return summary


# --- arbitrary bytes --------------------------------------------------------------------


@given(data=st.binary(max_size=2000))
def test_councils_survive_arbitrary_bytes(fuzz_dir: Path, data: bytes) -> None:
    path = fuzz_dir / "councils.csv"
    path.write_bytes(data)
    run("import_councils", path)


@given(data=st.binary(max_size=2000))
def test_postcodes_survive_arbitrary_bytes(fuzz_dir: Path, data: bytes) -> None:
    path = fuzz_dir / "postcodes.csv"
    path.write_bytes(data)
    run("import_postcodes", path)


@given(data=st.binary(max_size=2000))
def test_boundaries_survive_arbitrary_bytes(fuzz_dir: Path, data: bytes) -> None:
    path = fuzz_dir / "boundaries.geojson"
    path.write_bytes(data)
    run("import_boundaries", path)


# --- malformed structure: the right header, then rows of anything ----------------------

_CELL = st.text(alphabet=st.sampled_from(list('aZ09E,-."\n é£=+@;')), max_size=14)
_CODE = st.one_of(_CELL, st.from_regex(r"E0[6-9]\d{6}", fullmatch=True))
_NUMBER = st.one_of(
    _CELL, st.floats(allow_nan=True, allow_infinity=True).map(str), st.sampled_from(["nan"])
)


@given(
    rows=st.lists(
        st.tuples(
            _CELL, _CELL, _CELL, _CODE, _CELL, _CELL, _CELL, _CELL, _CELL, _CELL, _CELL,
            st.sampled_from(["True", "False", ""]), _NUMBER, _NUMBER,
        ),
        max_size=8,
    ),
    ragged=st.integers(0, 14),
)  # fmt: skip
def test_councils_survive_malformed_rows(fuzz_dir: Path, rows: list[tuple[str, ...]], ragged: int):
    import csv

    path = fuzz_dir / "councils.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(COUNCIL_HEADER + "\n")
        writer = csv.writer(fh)
        for index, row in enumerate(rows):
            writer.writerow(row[:ragged] if index % 2 else row)
    run("import_councils", path)


@given(
    rows=st.lists(
        st.tuples(
            st.one_of(_CELL, st.from_regex(r"[A-Z]{1,2}\d{1,2}", fullmatch=True)),
            _NUMBER,
            _NUMBER,
            _CELL,
            _CELL,
            _CELL,
        ),
        max_size=8,
    )
)
def test_postcodes_survive_malformed_rows(fuzz_dir: Path, rows: list[tuple[str, ...]]) -> None:
    import csv

    path = fuzz_dir / "postcodes.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(POSTCODE_HEADER + "\n")
        csv.writer(fh).writerows(rows)
    run("import_postcodes", path)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)
_POINT = st.lists(st.one_of(st.floats(), st.integers(-200, 200), _JSON), min_size=0, max_size=3)
_RING = st.lists(_POINT, max_size=6)
_GEOMETRY = st.one_of(
    _JSON,
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["Polygon", "MultiPolygon", "Point", 3]),
            "coordinates": st.one_of(_JSON, st.lists(_RING, max_size=3)),
        }
    ),
)
_FEATURE = st.one_of(
    _JSON,
    st.fixed_dictionaries(
        {
            "type": st.just("Feature"),
            "properties": st.one_of(
                _JSON, st.fixed_dictionaries({"name": st.one_of(_JSON, st.just("Bolton"))})
            ),
            "geometry": _GEOMETRY,
        }
    ),
)


@given(
    document=st.one_of(
        _JSON,
        st.fixed_dictionaries(
            {"type": st.just("FeatureCollection"), "features": st.lists(_FEATURE, max_size=5)}
        ),
    )
)
def test_boundaries_survive_malformed_geojson(fuzz_dir: Path, council_a, document: Any) -> None:
    path = fuzz_dir / "boundaries.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    run("import_boundaries", path)
    for boundary in Boundary.objects.all():
        assert geometry_problem(boundary.geojson) is None


# --- examples: each rejection names the row, the field and the reason -------------------


def test_it_rejects_council_rows_with_a_line_field_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "councils.csv"
    path.write_text(
        COUNCIL_HEADER + "\n"
        "BOL,Bolton Council,Bolton,E08000001,,England,North West,MD,,,,True,53.5,-2.4\n"
        "BAD,Nowhere,Nowhere,X123,,England,North West,MD,,,,True,53.5,-2.4\n"
        "LAT,Lat Council,Lat,E08000002,,England,North West,MD,,,,True,nan,-2.4\n",
        encoding="utf-8",
    )
    summary = import_councils(path)
    assert Council.objects.filter(ons_code="E08000001").exists()
    assert [(r.line, r.field) for r in summary.rejections] == [(3, "gss-code"), (4, "lat")]
    assert "not a GSS code" in summary.rejections[0].reason


def test_it_refuses_a_council_list_without_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "councils.csv"
    path.write_text("name,code\nBolton,E08000001\n", encoding="utf-8")
    with pytest.raises(PlacesFileError, match="no 'local-authority-code'"):
        import_councils(path)
    with pytest.raises(CommandError, match="not the expected file"):
        call_command("import_councils", str(path))


def test_it_rejects_bad_and_repeated_postcode_districts(tmp_path: Path) -> None:
    path = tmp_path / "postcodes.csv"
    path.write_text(
        POSTCODE_HEADER + "\nBL1,53.58,-2.43,Bolton,,Bolton\nBL1,53.58,-2.43,Bolton,,Bolton\n"
        "=HYPERLINK(1),1,1,,,\nBL2,95,-2.4,,,\n",
        encoding="utf-8",
    )
    summary = import_postcodes(path)
    assert list(PostcodeDistrict.objects.values_list("outcode", flat=True)) == ["BL1"]
    assert [(r.line, r.field) for r in summary.rejections] == [
        (3, "Postcode"),
        (4, "Postcode"),
        (5, "Latitude"),
    ]


def test_it_refuses_non_utf8_postcodes(tmp_path: Path) -> None:
    path = tmp_path / "postcodes.csv"
    path.write_bytes(POSTCODE_HEADER.encode() + b"\nBL1,\xff\xfe,1\n")
    with pytest.raises(PlacesFileError, match="not UTF-8"):
        import_postcodes(path)


def test_it_rejects_features_with_broken_geometry(tmp_path: Path, council_a) -> None:
    ring = [[-2.5, 53.5], [-2.3, 53.5], [-2.3, 53.7], [-2.5, 53.5]]
    features = [
        {"properties": {"name": council_a.name}, "geometry": {"type": "Polygon"}},
        {"properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
        "not a feature",
        {"properties": {"name": council_a.name}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
    ]  # fmt: skip
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    summary = import_boundaries(path)
    assert [(r.line, r.field) for r in summary.rejections] == [
        (1, "geometry"),
        (2, "properties.name"),
        (3, "feature"),
    ]
    assert Boundary.objects.get(council=council_a).geojson["coordinates"] == [ring]


def test_it_refuses_geojson_that_is_not_a_feature_collection(tmp_path: Path) -> None:
    path = tmp_path / "b.geojson"
    path.write_text("[" * 100_000)
    with pytest.raises(PlacesFileError, match="not valid JSON"):
        import_boundaries(path)
    path.write_text('{"type": "Feature"}')
    with pytest.raises(PlacesFileError, match="FeatureCollection"):
        import_boundaries(path)
