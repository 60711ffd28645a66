"""Every router the API lists is mounted: none is skipped because it does not exist.

The list used to be names imported at run time, skipping a missing module in silence, so
``facility`` was listed and the API had no facility endpoints without anyone knowing.
"""

from __future__ import annotations

from commonground.api.api import ROUTERS, api


def test_every_listed_router_has_endpoints_in_the_schema():
    paths = api.get_openapi_schema()["paths"]
    empty = [name for name in ROUTERS if not any(p.startswith(f"/api/v1/{name}/") for p in paths)]
    assert empty == []
