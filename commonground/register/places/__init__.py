"""Places: importing councils, boundaries and postcode districts, and resolving a council.

``files`` (what the three files share), ``councils``, ``boundaries`` (with ``geometry``),
``postcodes``, and ``resolver`` (``CouncilResolver``: loads every council once into
dictionaries, so resolving 15,000 register rows costs no queries; it never guesses).
"""

from __future__ import annotations

from .boundaries import geometry_problem, import_boundaries
from .councils import import_councils
from .files import BOUNDARY_NAME_MAP, PlaceRejection, PlacesFileError, PlacesSummary, normalise_name
from .geometry import point_in_geometry
from .postcodes import import_postcodes
from .resolver import CouncilResolver, Resolution

__all__ = [
    "BOUNDARY_NAME_MAP",
    "CouncilResolver",
    "PlaceRejection",
    "PlacesFileError",
    "PlacesSummary",
    "Resolution",
    "geometry_problem",
    "import_boundaries",
    "import_councils",
    "import_postcodes",
    "normalise_name",
    "point_in_geometry",
]
