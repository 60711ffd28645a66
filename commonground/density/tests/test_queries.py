from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from commonground.density import measure, queries, ranking
from commonground.density.models import DensitySnapshot

pytestmark = pytest.mark.django_db


def test_it_counts_density_at_every_level(homes: Any, region: Any) -> None:
    scope = measure.full_scope(region)
    council = {r.key: r for r in queries.council_rows(scope)}["E08000001"]
    assert (council.members, council.workforce, council.reps) == (4, 30, 1)
    assert council.density == pytest.approx(4 / 30)

    locs = {r.key: r for r in queries.rows_for_level(scope, "location")}
    assert (locs[homes["big"].cqc_id].members, locs[homes["big"].cqc_id].workforce) == (3, 20)
    assert locs[homes["small"].cqc_id].reps == 0

    providers = {r.key: r for r in queries.rows_for_level(scope, "provider")}
    p = providers[str(homes["provider"].pk)]
    assert (p.members, p.workforce, p.locations) == (5, 30, 2)  # provider-only member counts

    branch = {r.key: r for r in queries.branch_rows(scope)}["T-A"]
    assert (branch.members, branch.workforce) == (5, 30)
    assert queries.region_rows(scope)[0].members == 5


def test_it_hides_small_counts_from_viewers(homes: Any, region: Any, viewer: Any) -> None:
    scope = measure.scope_for(viewer, region)
    council = {r.key: r for r in queries.council_rows(scope)}["E08000001"]
    assert council.members_label == "<5" and council.density is None
    assert council.as_dict()["members"] is None


def test_it_ranks_targets_with_reasons(homes: Any, region: Any, branch_organiser_a: Any) -> None:
    targets = ranking.targets(measure.scope_for(branch_organiser_a, region))
    by_name = {t.row.name: t for t in targets}
    small = by_name["Synthetic Small Home"]
    assert "no rep" in small.reasons
    assert "3 members at other workplaces in BL1" in small.reasons
    # 10 × (1 − 0.1 / 0.5) × 1.5 (no rep) × 1.5 (organised neighbours) = 18
    assert small.score == 18.0
    big = by_name["Synthetic Big Home"]
    assert "1 rep" in big.reasons and "1 reps" not in big.reasons
    assert "1 member at other workplaces in BL1" in big.reasons
    assert "density 10.0% (1 member)" in small.reasons
    # 20 × (1 − 0.15 / 0.5) × 1 × 1.5 (1 member at the small home next door) = 21
    assert big.score == 21.0
    # The home without a rep comes first although the one with a rep scores higher.
    assert [t.row.name for t in targets] == ["Synthetic Small Home", "Synthetic Big Home"]


def test_it_filters_targets(
    homes: Any, region: Any, branch_a: Any, regional_organiser: Any
) -> None:
    from commonground.register.models import Council
    from commonground.testing import make_location

    other = Council.objects.get(ons_code="E08000002")
    make_location(other, "Synthetic Bury Home", postcode="BL9 0AA", workforce_override=60)
    scope = measure.scope_for(regional_organiser, region)
    found = ranking.targets(scope)

    def names(**f: Any) -> list[str]:
        return [
            t.row.name for t in ranking.filter_targets(scope, found, ranking.TargetFilters(**f))
        ]

    assert "Synthetic Bury Home" in names()
    assert names(council="E08000002") == ["Synthetic Bury Home"]
    assert names(rep="yes") == ["Synthetic Big Home"]
    assert "Synthetic Big Home" not in names(rep="no")
    assert names(size="50-99") == ["Synthetic Bury Home"]
    assert names(provider=homes["provider"].pk, rep="no") == ["Synthetic Small Home"]
    assert names(q="bury") == ["Synthetic Bury Home"]
    assert names(rating="Good") == []
    assert names(service_type="home_care") == []
    # Branch A covers Bolton only (its patch).
    assert set(names(branch=branch_a.code)) == {"Synthetic Small Home", "Synthetic Big Home"}


def test_it_snapshots_a_month_idempotently(homes: Any, region: Any) -> None:
    out = io.StringIO()
    call_command("density_snapshot", month="2026-01", stdout=out)
    call_command("density_snapshot", month="2026-01", stdout=out)
    snap = DensitySnapshot.objects.get(month=date(2026, 1, 1), level="council", key="E08000001")
    assert (snap.members, snap.workforce) == (4, 30)
    assert DensitySnapshot.objects.filter(month=date(2026, 1, 1), key="E08000001").count() == 1


def test_it_prints_a_level_as_json(homes: Any, region: Any) -> None:
    out = io.StringIO()
    call_command("density", level="council", region="north-west", json=True, stdout=out)
    data = json.loads(out.getvalue())
    bolton = next(r for r in data["rows"] if r["key"] == "E08000001")
    assert bolton["members"] == 4 and bolton["workforce_estimate"] == 30
    assert data["workforce_is_estimate"] is True
