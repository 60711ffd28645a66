"""Done-means checks on the real extracts (skipped when COMMONGROUND_DATA_DIR lacks them).

One test: the England import is the slow part, so it runs once and everything is checked on it.
"""

from __future__ import annotations

import pytest

from commonground.register.importers import import_register
from commonground.register.models import Council, CouncilKind, Location, LocationChange
from commonground.register.places import import_boundaries, import_councils, import_postcodes
from commonground.register.tests.conftest import (
    BOUNDARIES,
    COUNCILS,
    ENGLAND,
    OLDHAM,
    POSTCODES,
    need_data,
)

pytestmark = pytest.mark.django_db


def test_it_imports_england_then_oldham_as_the_issue_says(region, capsys):
    need_data(ENGLAND, OLDHAM, COUNCILS, BOUNDARIES, POSTCODES)
    import_councils(COUNCILS)
    boundaries = import_boundaries(BOUNDARIES)
    assert boundaries.unmatched == []
    import_postcodes(POSTCODES)
    lancashire = Council.objects.get(ons_code="E10000017")
    assert lancashire.boundary.geojson["type"] == "MultiPolygon"
    assert len(lancashire.boundary.geojson["coordinates"]) >= 12

    england = import_register([ENGLAND])
    assert england.created == 15403 == Location.objects.count()
    nw_councils = set(
        Council.objects.filter(region=region, active=True)
        .exclude(kind=CouncilKind.DISTRICT)
        .values_list("pk", flat=True)
    )
    assert len(nw_councils) == 24
    # The North West's 1,920 care homes all resolve to one of its 24 councils.
    nw_ids = set(_north_west_ids())
    assert len(nw_ids) == 1920
    placed = Location.objects.filter(cqc_id__in=nw_ids, council_id__in=nw_councils).count()
    assert placed == 1920
    print(f"England: {england.created} created, {england.unresolved_council} unresolved")

    again = import_register([ENGLAND])
    assert (again.created, again.updated, again.deregistered, again.unchanged) == (0, 0, 0, 15403)

    oldham = Council.objects.get(ons_code="E08000004")
    before = set(Location.objects.filter(council=oldham).values_list("cqc_id", flat=True))
    api = import_register([OLDHAM])
    after = Location.objects.filter(council=oldham)
    # updates, never duplicates, the care homes already there from 2021
    assert before <= set(after.values_list("cqc_id", flat=True))
    assert Location.objects.count() == 15403 + api.created
    assert api.updated == len(before)
    assert api.unresolved_council == 0
    assert after.filter(service_types_text__contains="|home_care|").count() > 50
    assert after.filter(service_types_text__contains="|supported_living|").exists()
    assert api.deregistered > 0
    assert after.filter(registration_status="deregistered").count() == api.deregistered
    assert api.skipped == 451 - 224  # GPs, dentists and the like
    # predecessor/successor links
    assert Location.predecessors.through.objects.exists()
    linked = after.filter(predecessors__isnull=False).first()
    assert linked is not None
    predecessor = linked.predecessors.first()
    assert predecessor is not None and predecessor.successors.filter(pk=linked.pk).exists()
    assert LocationChange.objects.filter(location__council=oldham).exists()
    print(
        f"Oldham: {api.created} created, {api.updated} updated, "
        f"{api.deregistered} deregistered, {api.links} links"
    )

    repeat = import_register([OLDHAM])
    assert (repeat.created, repeat.updated, repeat.deregistered) == (0, 0, 0)
    # the 2021 file is now older than what we hold for Oldham's care homes
    older = import_register([ENGLAND])
    assert older.stale == len(before) and older.updated == 0


def _north_west_ids():
    from commonground.register.readers import RegisterRow, read_register

    for row in read_register(ENGLAND):
        if isinstance(row, RegisterRow) and row.region == "North West":
            yield row.location_id
