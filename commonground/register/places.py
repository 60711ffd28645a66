"""Places: importing councils, boundaries and postcode districts, and resolving a council.

``CouncilResolver`` loads every council once into dictionaries, so resolving 15,000 register
rows costs no queries. It never guesses: a row it cannot place is reported as unresolved.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from commonground.jobs.progress import Progress, null_progress
from commonground.lib.postcodes import outcode
from commonground.register.models import (
    Boundary,
    Council,
    CouncilKind,
    PostcodeDistrict,
    Region,
)

# ONS boundary names that match no name in the authority list (shared/data/README.md).
BOUNDARY_NAME_MAP = {
    "Kingston upon Hull, City of": "E06000010",
    "Herefordshire, County of": "E06000019",
    "Bristol, City of": "E06000023",
}

_KINDS = {
    "UA": CouncilKind.UNITARY,
    "MD": CouncilKind.METROPOLITAN,
    "LBO": CouncilKind.LONDON_BOROUGH,
    "CTY": CouncilKind.COUNTY,
    "NMD": CouncilKind.DISTRICT,
}
# Rows of the mySociety list that are not councils with places of their own.
_SKIP_TYPES = {"COMB", "CA", "SRA"}


def normalise_name(name: str) -> str:
    """A council name for matching: "Bristol, City of" and "bristol city of" are one key."""
    text = name.casefold().replace("&", " and ").replace("-", " ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _split_alt_names(cell: str) -> list[str]:
    # Alternative names are separated by bare commas; a comma followed by a space is part
    # of a name ("Kingston upon Hull, City of").
    return [part.strip() for part in re.split(r",(?! )", cell) if part.strip()]


def _float(text: str) -> float | None:
    """A finite number, or None ("", "n/a", "nan" and "inf" are all no number)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --- Reading the files: anything malformed is refused with a reason, never a traceback ---


class PlacesFileError(ValueError):
    """The file is not the list we expected; ``str(exc)`` says why (the commands print it)."""


@dataclass(frozen=True)
class RejectedRow:
    """One row (or GeoJSON feature) skipped, with the field at fault and why."""

    line: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "reason": self.reason}


def _read_csv(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` pairs of a UTF-8 CSV whose header has every ``required`` column.

    Short rows are padded with ""; cells beyond the header are dropped.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise PlacesFileError("the file is empty")
            missing = [c for c in required if c not in header]
            if missing:
                raise PlacesFileError(
                    f"the header has no {', '.join(repr(c) for c in missing)} column"
                    f"{'s' if len(missing) > 1 else ''}"
                )
            rows: list[tuple[int, dict[str, str]]] = []
            line = reader.line_num
            for cells in reader:
                padded = [*cells, *[""] * (len(header) - len(cells))]
                rows.append((line + 1, dict(zip(header, padded, strict=False))))
                line = reader.line_num
    except UnicodeDecodeError as exc:
        raise PlacesFileError(
            f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read)"
        ) from exc
    except csv.Error as exc:
        raise PlacesFileError(f"the CSV cannot be read ({exc})") from exc
    except OSError as exc:
        raise PlacesFileError(f"cannot read the file: {exc.strerror or exc}") from exc
    return rows


@dataclass
class PlacesSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: list[str] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    def reject(self, line: int, field_name: str, reason: str) -> None:
        self.rejected.append(RejectedRow(line, field_name, reason))

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unmatched": len(self.unmatched),
            "unmatched_names": self.unmatched[:50],
            "rejected": len(self.rejected),
            "rejected_rows": [r.as_dict() for r in self.rejected[:50]],
        }


# --- Councils ---------------------------------------------------------------------------

_COUNCIL_COLUMNS = (
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "county-la",
    "alt-names",
    "former-gss-codes",
    "current-authority",
    "lat",
    "long",
)
_GSS_CODE = re.compile(r"^[EJKLMNSW]\d{8}$")


def _council_problem(row: Mapping[str, str]) -> tuple[str, str] | None:
    """(field, reason) if this council row cannot be stored, else None."""
    code = row["gss-code"]
    if not _GSS_CODE.match(code):
        return "gss-code", f"{code[:40]!r} is not a GSS code (like E08000001)"
    if not row["nice-name"].strip():
        return "nice-name", "the council has no name"
    for name, limit in (
        ("nice-name", 200),
        ("official-name", 255),
        ("region", 100),
        ("nation", 100),
    ):
        if len(row[name]) > limit:
            return name, f"longer than {limit} characters"
    for name, low, high in (("lat", -90.0, 90.0), ("long", -180.0, 180.0)):
        value = _float(row[name])
        if row[name].strip() and (value is None or not low <= value <= high):
            return name, f"{row[name][:40]!r} is not a {name}itude"
    return None


@transaction.atomic
def import_councils(path: Path, progress: Progress = null_progress) -> PlacesSummary:
    """Upsert councils from the mySociety authority list (keyed on the GSS code).

    Names an admin (or the North West seed) set are kept; codes, alternative names,
    parents, successors and centroids come from the list.
    """
    summary = PlacesSummary()
    rows: list[dict[str, str]] = []
    for line, row in _read_csv(path, _COUNCIL_COLUMNS):
        if not row["gss-code"]:
            continue  # combined authorities and the like have no code of their own
        problem = _council_problem(row)
        if problem is not None:
            summary.read += 1
            summary.reject(line, *problem)
            continue
        rows.append(row)
    by_local_code = {r["local-authority-code"]: r["gss-code"] for r in rows}
    regions: dict[str, Region] = {r.name: r for r in Region.objects.all()}
    existing = {c.ons_code: c for c in Council.objects.all()}
    pending_parents: list[tuple[str, str]] = []
    total = len(rows)
    for n, row in enumerate(rows, start=1):
        summary.read += 1
        if row["local-authority-type"] in _SKIP_TYPES:
            continue
        code = row["gss-code"]
        region_name = row["region"] if row["nation"] == "England" else row["nation"]
        region = regions.get(region_name)
        if region is None and region_name and slugify(region_name):
            region, _ = Region.objects.get_or_create(
                slug=slugify(region_name)[:50], defaults={"name": region_name}
            )
            regions[region_name] = region
        alt = _split_alt_names(row["alt-names"])
        values: dict[str, Any] = {
            "official_name": row["official-name"],
            "alt_names": alt,
            "former_codes": [c for c in row["former-gss-codes"].split(",") if c],
            "successor_codes": [
                by_local_code[c] for c in row["replaced-by"].split(",") if c in by_local_code
            ],
            "active": row["current-authority"] == "True",
            "latitude": _float(row["lat"]),
            "longitude": _float(row["long"]),
        }
        council = existing.get(code)
        if council is None:
            council = Council.objects.create(
                ons_code=code,
                name=row["nice-name"],
                kind=_KINDS.get(row["local-authority-type"], CouncilKind.OTHER),
                region=region,
                **values,
            )
            existing[code] = council
            summary.created += 1
        else:
            if council.region_id is None:
                values["region"] = region
            changed = [
                k
                for k, v in values.items()
                if getattr(council, k) != v
                # Keep codes the seed (or an admin) knows when the list has none.
                and not (k in ("successor_codes", "former_codes") and not v)
            ]
            for k in changed:
                setattr(council, k, values[k])
            if changed:
                council.save(update_fields=changed)
                summary.updated += 1
            else:
                summary.unchanged += 1
        if row["county-la"] and row["county-la"] in by_local_code:
            pending_parents.append((code, by_local_code[row["county-la"]]))
        progress(n, total, code)
    for code, parent_code in pending_parents:
        child, parent = existing.get(code), existing.get(parent_code)
        if child and parent and child.parent_id is None:
            child.parent = parent
            child.save(update_fields=["parent"])
    return summary


# --- Resolution -------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    council_id: int | None
    how: str  # "code", "district", "name", "postcode", "coordinates" or why it failed


class CouncilResolver:
    """Council lookups in memory: codes, names and alternative names, postcode districts."""

    def __init__(self) -> None:
        self.by_code: dict[str, Council] = {}
        self.by_id: dict[int, Council] = {}
        names: dict[str, set[int]] = defaultdict(set)
        for council in Council.objects.all():
            self.by_id[council.pk] = council
            self.by_code[council.ons_code] = council
            for former in council.former_codes or []:
                self.by_code.setdefault(former, council)
            for name in [council.name, council.official_name, *(council.alt_names or [])]:
                if name:
                    names[normalise_name(name)].add(council.pk)
        self.by_name: dict[str, list[int]] = {k: sorted(v) for k, v in names.items()}
        self.postcode_council: dict[str, int | None] = dict(
            PostcodeDistrict.objects.values_list("outcode", "council_id")
        )
        self.centroids: dict[str, tuple[float, float]] = {
            oc: (float(lat or 0), float(lng or 0))
            for oc, lat, lng in PostcodeDistrict.objects.filter(
                latitude__isnull=False, longitude__isnull=False
            ).values_list("outcode", "latitude", "longitude")
        }
        self._shapes: dict[int, Any] | None = None
        self._final_shapes: list[tuple[int, tuple[float, float, float, float], Any]] | None = None

    # A council "with social care duties": active and not a district.
    def _is_final(self, council: Council) -> bool:
        return council.active and council.kind != CouncilKind.DISTRICT

    def council_by_name(self, name: str) -> Council | None:
        """The council with this name or alternative name; None if none or ambiguous."""
        ids = self.by_name.get(normalise_name(name), [])
        candidates = [self.by_id[i] for i in ids]
        if len(candidates) > 1:
            # "Durham" names a county of the past and a unitary of today: prefer current.
            candidates = [c for c in candidates if c.active] or candidates
        if len(candidates) > 1:
            finals = [c for c in candidates if self._is_final(c)]
            candidates = finals if len(finals) == 1 else candidates
        return candidates[0] if len(candidates) == 1 else None

    def roll_up(
        self,
        council: Council,
        *,
        postcode: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> Resolution:
        """From any council (district, abolished county) to the one with social care duties."""
        seen: set[int] = set()
        how = ""
        while council.pk not in seen:
            seen.add(council.pk)
            if self._is_final(council):
                return Resolution(council.pk, how)
            if council.active and council.kind == CouncilKind.DISTRICT:
                parent = self.by_id.get(council.parent_id) if council.parent_id else None
                if parent is None:
                    return Resolution(None, f"district {council.name} has no county")
                council = parent
                continue
            successors = [self.by_code[c] for c in council.successor_codes if c in self.by_code]
            if len(successors) == 1:
                council = successors[0]
                continue
            if not successors:
                return Resolution(None, f"{council.name} is abolished with no successor")
            chosen = self._choose_successor(successors, postcode, latitude, longitude)
            if chosen is None:
                names = " / ".join(s.name for s in successors)
                return Resolution(
                    None, f"{council.name} split into {names}; location not placed in either"
                )
            council, how = chosen
        return Resolution(None, "council hierarchy loops")

    def _choose_successor(
        self,
        successors: list[Council],
        postcode: str | None,
        latitude: float | None,
        longitude: float | None,
    ) -> tuple[Council, str] | None:
        ids = {s.pk for s in successors}
        district = outcode(postcode) if postcode else None
        if district and self.postcode_council.get(district) in ids:
            found = self.postcode_council[district]
            assert found is not None
            return self.by_id[found], "postcode"
        if latitude is not None and longitude is not None:
            for successor in successors:
                shape = self._shape(successor.pk)
                if shape is not None and point_in_geometry(longitude, latitude, shape):
                    return successor, "coordinates"
        return None

    def council_at(self, latitude: float, longitude: float) -> int | None:
        """The council with social care duties whose boundary holds the point, if any."""
        if self._final_shapes is None:
            self._final_shapes = []
            finals = {pk for pk, c in self.by_id.items() if self._is_final(c)}
            for council_id, geometry in Boundary.objects.filter(council_id__in=finals).values_list(
                "council_id", "geojson"
            ):
                box = _bbox(geometry)
                if box is not None:
                    self._final_shapes.append((council_id, box, geometry))
        for council_id, (x0, y0, x1, y1), geometry in self._final_shapes:
            if (
                x0 <= longitude <= x1
                and y0 <= latitude <= y1
                and point_in_geometry(longitude, latitude, geometry)
            ):
                return council_id
        return None

    def _shape(self, council_id: int) -> Any:
        if self._shapes is None:
            self._shapes = {}
        if council_id not in self._shapes:
            boundary = Boundary.objects.filter(council_id=council_id).first()
            self._shapes[council_id] = boundary.geojson if boundary else None
        return self._shapes[council_id]

    def resolve(
        self,
        *,
        code: str | None = None,
        district_code: str | None = None,
        names: Iterable[str | None] = (),
        postcode: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> Resolution:
        """The council with social care duties for a location, from the best evidence given.

        In order: an ONS code, a district code, CQC's local authority name (or a district
        name), the postcode district. Each is rolled up (district → county, abolished →
        successor, split → by postcode district or coordinates).
        """
        reasons: list[str] = []
        for value, how in ((code, "code"), (district_code, "district")):
            if value and value in self.by_code:
                result = self.roll_up(
                    self.by_code[value], postcode=postcode, latitude=latitude, longitude=longitude
                )
                if result.council_id:
                    return Resolution(result.council_id, result.how or how)
                reasons.append(result.how)
        for name in names:
            if not name:
                continue
            council = self.council_by_name(name)
            if council is None:
                reasons.append(f"no council named {name!r}")
                continue
            result = self.roll_up(
                council, postcode=postcode, latitude=latitude, longitude=longitude
            )
            if result.council_id:
                return Resolution(result.council_id, result.how or "name")
            reasons.append(result.how)
        district = outcode(postcode) if postcode else None
        if district and self.postcode_council.get(district):
            found = self.postcode_council[district]
            assert found is not None
            result = self.roll_up(
                self.by_id[found], postcode=postcode, latitude=latitude, longitude=longitude
            )
            if result.council_id:
                return Resolution(result.council_id, "postcode")
        if latitude is not None and longitude is not None:
            found_at = self.council_at(latitude, longitude)
            if found_at is not None:
                return Resolution(found_at, "coordinates")
        return Resolution(None, "; ".join(reasons) or "no council code, name or postcode")


# --- Point in polygon (no GEOS) ---------------------------------------------------------


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geometry: dict[str, Any]) -> Iterator[list[list[list[float]]]]:
    if geometry.get("type") == "Polygon":
        yield geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["coordinates"]


def _bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []
    for polygon in _polygons(geometry):
        for x, y, *_rest in polygon[0] if polygon else []:
            xs.append(x)
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def point_in_geometry(x: float, y: float, geometry: dict[str, Any]) -> bool:
    """Whether (longitude x, latitude y) falls in a GeoJSON Polygon/MultiPolygon."""
    for polygon in _polygons(geometry):
        if (
            polygon
            and _in_ring(x, y, polygon[0])
            and not any(_in_ring(x, y, hole) for hole in polygon[1:])
        ):
            return True
    return False


# --- Boundaries -------------------------------------------------------------------------


@transaction.atomic
def import_boundaries(path: Path, progress: Progress = null_progress) -> PlacesSummary:
    """Store the ONS district shapes against councils, joined by name.

    The file has names only (codes stripped): names and alternative names from the
    authority list join them, three need ``BOUNDARY_NAME_MAP``. A county's shape is the
    MultiPolygon of its districts' polygons (no GEOS needed: the map draws them together).
    """
    summary = PlacesSummary()
    resolver = CouncilResolver()
    features = _read_features(path)
    shapes: dict[int, dict[str, Any]] = {}
    for n, feature in enumerate(features, start=1):
        summary.read += 1
        if not isinstance(feature, dict):
            summary.reject(n, "feature", "a feature should be an object")
            continue
        properties = feature.get("properties")
        name = properties.get("name") if isinstance(properties, dict) else None
        if not isinstance(name, str) or not name.strip():
            summary.reject(n, "properties.name", "the feature has no name")
            continue
        geometry = feature.get("geometry")
        problem = geometry_problem(geometry)
        if problem is not None:
            summary.reject(n, "geometry", problem)
            continue
        assert isinstance(geometry, dict)
        council: Council | None
        if name in BOUNDARY_NAME_MAP:
            council = resolver.by_code.get(BOUNDARY_NAME_MAP[name])
        else:
            council = resolver.council_by_name(name)
        if council is None:
            summary.unmatched.append(name)
            continue
        shapes[council.pk] = geometry
        progress(n, len(features), name)
    # Counties (Lancashire): the union of their districts, as one MultiPolygon.
    county_parts: dict[int, list[Any]] = defaultdict(list)
    for council_id in shapes:
        council = resolver.by_id[council_id]
        if council.kind == CouncilKind.DISTRICT and council.parent_id:
            county_parts[council.parent_id].extend(_polygons(shapes[council_id]))
    for county_id, parts in county_parts.items():
        if county_id not in shapes:
            shapes[county_id] = {"type": "MultiPolygon", "coordinates": parts}
    existing = {b.council_id: b for b in Boundary.objects.all()}
    for council_id, geometry in shapes.items():
        boundary = existing.get(council_id)
        if boundary is None:
            Boundary.objects.create(council_id=council_id, geojson=geometry, source=path.name)
            summary.created += 1
        elif boundary.geojson != geometry:
            boundary.geojson = geometry
            boundary.source = path.name
            boundary.save(update_fields=["geojson", "source"])
            summary.updated += 1
        else:
            summary.unchanged += 1
    return summary


def _read_features(path: Path) -> list[Any]:
    """The ``features`` of a GeoJSON FeatureCollection, or :class:`PlacesFileError`."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            document = json.load(fh)
    except UnicodeDecodeError as exc:
        raise PlacesFileError(
            f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read)"
        ) from exc
    except (ValueError, RecursionError) as exc:
        # ValueError covers JSONDecodeError; RecursionError a file of nested brackets.
        raise PlacesFileError(f"the file is not valid JSON ({str(exc)[:200]})") from exc
    except OSError as exc:
        raise PlacesFileError(f"cannot read the file: {exc.strerror or exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        raise PlacesFileError("the file is not a GeoJSON FeatureCollection (no features list)")
    features: list[Any] = document["features"]
    return features


def _is_ring(ring: Any) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(
            isinstance(point, list)
            and len(point) >= 2
            and all(
                isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
                for c in point[:2]
            )
            and -180 <= point[0] <= 180
            and -90 <= point[1] <= 90
            for point in ring
        )
    )


def geometry_problem(geometry: Any) -> str | None:
    """Why ``geometry`` is not a usable GeoJSON Polygon/MultiPolygon in WGS84, or None."""
    if not isinstance(geometry, dict):
        return "the feature has no geometry object"
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            return "a MultiPolygon needs a list of polygons"
        polygons = coordinates
    else:
        return f"{str(kind)[:40]!r} is not a Polygon or MultiPolygon"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "a polygon needs a list of rings"
        if not all(_is_ring(ring) for ring in polygon):
            return (
                "a ring needs four or more [longitude, latitude] points "
                "(numbers within -180..180, -90..90)"
            )
    return None


# --- Postcode districts -----------------------------------------------------------------

# An outward code: the district part of a postcode ("M41", "EC1A", "BF1"); non-geographic
# ones included.
_OUTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][0-9A-Z]?|GIR|NPT)$")


@transaction.atomic
def import_postcodes(path: Path, progress: Progress = null_progress) -> PlacesSummary:
    """Postcode districts (outcodes) with centroids from the Doogal list.

    Its "Region" column is the local authority name (old district names included): each is
    resolved to the council with social care duties, so Carlisle's districts land in
    Cumberland.
    """
    summary = PlacesSummary()
    resolver = CouncilResolver()
    existing = {p.outcode: p for p in PostcodeDistrict.objects.all()}
    to_create: list[PostcodeDistrict] = []
    to_update: list[PostcodeDistrict] = []
    fields = ["latitude", "longitude", "town", "council_name", "council"]
    numbered = _read_csv(path, ("Postcode",))
    seen: set[str] = set()
    rows = [row for _line, row in numbered]
    for n, (line, row) in enumerate(numbered, start=1):
        summary.read += 1
        code = (row.get("Postcode") or "").strip().upper()
        if not _OUTCODE.match(code):
            summary.reject(line, "Postcode", f"{code[:40]!r} is not a postcode district")
            continue
        if code in seen:
            summary.reject(line, "Postcode", f"{code} appears more than once")
            continue
        seen.add(code)
        la_name = (row.get("Region") or "").strip()
        lat, lng = _float(row.get("Latitude") or ""), _float(row.get("Longitude") or "")
        if lat is not None and not -90 <= lat <= 90:
            summary.reject(line, "Latitude", f"{lat} is not a latitude")
            continue
        if lng is not None and not -180 <= lng <= 180:
            summary.reject(line, "Longitude", f"{lng} is not a longitude")
            continue
        council_id: int | None = None
        if la_name:
            council = resolver.council_by_name(la_name)
            if council is not None:
                council_id = resolver.roll_up(council, latitude=lat, longitude=lng).council_id
        if council_id is None and lat is not None and lng is not None:
            # Names such as "Bingley" are towns, not councils: place the centroid instead.
            council_id = resolver.council_at(lat, lng)
        if council_id is None and la_name:
            summary.unmatched.append(f"{code} ({la_name})")
        values = {
            "latitude": lat,
            "longitude": lng,
            "town": (row.get("Post Town") or row.get("Town/Area") or "")[:100],
            "council_name": la_name[:200],
            "council_id": council_id,
        }
        current = existing.get(code)
        if current is None:
            to_create.append(PostcodeDistrict(outcode=code, **values))
            summary.created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
            summary.updated += 1
        else:
            summary.unchanged += 1
        if n % 500 == 0:
            progress(n, len(rows), code)
    PostcodeDistrict.objects.bulk_create(to_create, batch_size=1000)
    PostcodeDistrict.objects.bulk_update(to_update, fields, batch_size=1000)
    progress(len(rows), len(rows), "")
    return summary
