"""Density aggregates are cached per scope when COMMONGROUND_CACHE_SECONDS is set."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from commonground.density import measure, queries, ranking
from commonground.density.tests.conftest import add_member
from commonground.lib import datacache


@override_settings(COMMONGROUND_CACHE_SECONDS=60)
def test_it_reuses_figures_of_the_same_scope_until_the_generation_moves(
    homes: Any,
    region: Any,
    branch_a: Any,
    branch_organiser_a: Any,
    outsider_branch_b: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    datacache.clear()
    scope = measure.scope_for(branch_organiser_a, region)
    first = {r.key: r.members for r in queries.council_rows(scope)}
    with CaptureQueriesContext(connection) as ctx:
        again = {r.key: r.members for r in queries.council_rows(scope)}
        targets = ranking.targets(scope)
        targets_again = ranking.targets(scope)
    assert again == first
    assert [t.row.key for t in targets] == [t.row.key for t in targets_again]
    assert len(ctx.captured_queries) == 4  # the targets once; ratios, council rows: cached

    other = measure.scope_for(outsider_branch_b, region)  # another scope: its own figures
    # Branch T-B's patch is Liverpool: Bolton's figures are not among its own.
    assert "E08000001" not in {r.key for r in queries.council_rows(other)}

    # A saved person moves the "people" generation at once (the saving transaction reads its
    # own change) and again when the change commits (what another process cached in between).
    before = datacache.generation("people")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_member(branch_a, homes["small"])
    fresh = {r.key: r.members for r in queries.council_rows(scope)}
    assert fresh["E08000001"] == first["E08000001"] + 1
    during = datacache.generation("people")
    assert during > before
    for callback in callbacks:
        callback()
    assert datacache.generation("people") > during
    datacache.clear()


@override_settings(COMMONGROUND_CACHE_SECONDS=60)
def test_only_changes_that_density_counts_make_figures_stale(
    homes: Any,
    branch_a: Any,
    branch_organiser_a: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from commonground.people.actions import link_person_to_location, record_assessment

    datacache.clear()
    person = add_member(branch_a, homes["small"])
    before = datacache.generation("people")
    with django_capture_on_commit_callbacks(execute=True):
        record_assessment(branch_organiser_a, person, 2)  # the wall chart, not density
    assert datacache.generation("people") == before
    with django_capture_on_commit_callbacks(execute=True):
        link_person_to_location(branch_organiser_a, person, homes["big"], method="manual")
    assert datacache.generation("people") > before
    datacache.clear()
