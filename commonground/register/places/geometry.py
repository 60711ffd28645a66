"""Points in GeoJSON polygons (council boundaries), without a geometry library."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygons(geometry: dict[str, Any]) -> Iterator[list[list[list[float]]]]:
    if geometry.get("type") == "Polygon":
        yield geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["coordinates"]


def bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []
    for polygon in polygons(geometry):
        for x, y, *_rest in polygon[0] if polygon else []:
            xs.append(x)
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def point_in_geometry(x: float, y: float, geometry: dict[str, Any]) -> bool:
    """Whether (longitude x, latitude y) falls in a GeoJSON Polygon/MultiPolygon."""
    for polygon in polygons(geometry):
        if (
            polygon
            and in_ring(x, y, polygon[0])
            and not any(in_ring(x, y, hole) for hole in polygon[1:])
        ):
            return True
    return False


# --- Boundaries -------------------------------------------------------------------------
