"""Which council a register row is in: codes, names, postcode districts, then coordinates.

``CouncilResolver`` loads every council once into dictionaries, so resolving 15,000 register
rows costs no queries. It never guesses: a row it cannot place is reported as unresolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from commonground.lib.postcodes import outcode
from commonground.register.models import (
    Boundary,
    Council,
    CouncilKind,
    PostcodeDistrict,
)

from .files import (
    normalise_name,
)
from .geometry import bbox, point_in_geometry


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
                box = bbox(geometry)
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
