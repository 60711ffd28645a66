"""Council boundaries: ONS district shapes joined to councils by name, checked first."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction

from commonground.jobs.progress import Progress, null_progress
from commonground.register.models import (
    Boundary,
    Council,
    CouncilKind,
)

from .files import (
    BOUNDARY_NAME_MAP,
    PlacesFileError,
    PlacesSummary,
)
from .geometry import polygons
from .resolver import CouncilResolver


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
            county_parts[council.parent_id].extend(polygons(shapes[council_id]))
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
