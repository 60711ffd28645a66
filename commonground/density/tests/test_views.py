from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import User
from commonground.audit.models import Entry
from commonground.testing import make_location

from .conftest import add_member

pytestmark = pytest.mark.django_db

PAGES = [
    ("density:overview", []),
    ("density:table", ["location"]),
    ("density:table", ["provider"]),
    ("density:table", ["council"]),
    ("density:table", ["branch"]),
    ("density:table", ["region"]),
    ("density:targets", []),
    ("density:map-councils", []),
]


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize(
    "persona", ["admin", "regional_organiser", "branch_organiser_a", "viewer", "rep_at_workplace_x"]
)
def test_it_shows_aggregates_to_every_role(
    persona: str, personas: dict[str, User], homes: Any
) -> None:
    c = _client(personas[persona])
    for name, args in PAGES:
        assert c.get(reverse(name, args=args)).status_code == 200, name


def test_it_hides_small_counts_and_names_from_viewers(viewer: User, homes: Any) -> None:
    r = _client(viewer).get(reverse("density:overview"))
    assert b"&lt;5" in r.content
    assert b"Synthetic Density Person" not in r.content


def test_it_rejects_the_wrong_method(regional_organiser: User, homes: Any) -> None:
    c = _client(regional_organiser)
    assert c.post(reverse("density:overview")).status_code == 405
    assert c.post(reverse("density:table-export", args=["council"])).status_code == 405


def test_it_404s_an_unknown_level(regional_organiser: User) -> None:
    assert (
        _client(regional_organiser).get(reverse("density:table", args=["street"])).status_code
        == 404
    )


def test_it_exports_csv_with_an_audit_row(regional_organiser: User, homes: Any) -> None:
    r = _client(regional_organiser).get(reverse("density:table-export", args=["location"]))
    assert r.status_code == 200
    body = b"".join(r.streaming_content).decode()  # type: ignore[attr-defined]
    assert (
        body.splitlines()[0] == "level,key,name,members,workforce_estimate,density,reps,locations"
    )
    assert "Synthetic Big Home" in body
    entry = Entry.objects.get(action="density.table.exported")
    assert entry.actor == regional_organiser and entry.data["level"] == "location"


def test_it_forbids_export_to_roles_without_it(personas: dict[str, User], homes: Any) -> None:
    r = _client(personas["rep_at_workplace_x"]).get(
        reverse("density:table-export", args=["council"])
    )
    assert r.status_code == 403


def test_it_lets_viewers_export_aggregates_with_small_counts_hidden(
    viewer: User, homes: Any
) -> None:
    r = _client(viewer).get(reverse("density:table-export", args=["location"]))
    assert r.status_code == 200
    b"".join(r.streaming_content)  # type: ignore[attr-defined]
    entry = Entry.objects.get(action="density.table.exported")
    assert entry.data["suppressed"] is True


def test_it_keeps_query_counts_constant_as_data_grows(
    regional_organiser: User,
    homes: Any,
    council_a: Any,
    council_b: Any,
    branch_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    c = _client(regional_organiser)
    urls = [reverse(name, args=args) for name, args in PAGES]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as ctx:
            c.get(url)
        counts[url] = len(ctx.captured_queries)
    for i in range(15):
        loc = make_location(
            council_a if i % 2 else council_b,
            f"Synthetic Growth {i}",
            postcode=f"BL{i % 9 + 1} 3CC",
        )
        for _ in range(3):
            add_member(branch_a, loc)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            c.get(url)


def test_the_overview_draws_the_trend_with_the_one_chart_module(
    regional_organiser: User, region: Any, homes: Any
) -> None:
    """The trend is lib.charts' line chart (the report's and dashboard's), with its table."""
    from commonground.density.snapshots import take_snapshot

    take_snapshot(datetime.date(2026, 1, 1), synthetic=True)
    take_snapshot(datetime.date(2026, 2, 1))
    html = _client(regional_organiser).get(reverse("density:overview")).content.decode()
    assert 'class="chart"' in html and 'role="img"' in html
    assert "The figures as a table" in html and "Jan 26" in html
    # Region North West: 5 members of ~30 workers; the tooltip says so, the badge says made up.
    assert "Feb 26: 16.7% (5 / ~30)" in html
    assert "Demo snapshots: made-up history" in html


def _bury_home() -> Any:
    from commonground.register.models import Council

    bury = Council.objects.get(ons_code="E08000002")
    return make_location(bury, "Synthetic Bury Home", postcode="BL9 0AA", workforce_override=60)


def test_targets_page_filters_by_council_and_rep(regional_organiser: User, homes: Any) -> None:
    _bury_home()
    c = _client(regional_organiser)
    everything = c.get(reverse("density:targets")).content.decode()
    assert "Synthetic Bury Home" in everything and "Synthetic Big Home" in everything
    bolton = c.get(reverse("density:targets"), {"council": "E08000001"}).content.decode()
    assert "Synthetic Bury Home" not in bolton and "Synthetic Big Home" in bolton
    no_rep = c.get(reverse("density:targets"), {"rep": "no"}).content.decode()
    assert "Synthetic Big Home" not in no_rep and "Synthetic Small Home" in no_rep
    assert "1 reps" not in everything and "1 rep<" in everything


def test_targets_page_ignores_what_it_cannot_read(regional_organiser: User, homes: Any) -> None:
    c = _client(regional_organiser)
    for params in (
        {"council": "nowhere"},
        {"provider": "x"},
        {"provider": str(2**70)},
        {"size": "huge"},
        {"branch": "NOPE"},
        {"rep": "maybe"},
        {"q": "x" * 500},
    ):
        r = c.get(reverse("density:targets"), params)
        assert r.status_code == 200, params
        assert "Synthetic Big Home" in r.content.decode(), params
        assert "not understood" in r.content.decode(), params


def test_targets_page_says_when_nothing_matches(regional_organiser: User, homes: Any) -> None:
    r = _client(regional_organiser).get(reverse("density:targets"), {"q": "no such home"})
    assert "No targets match these filters." in r.content.decode()
    assert "Show every target" in r.content.decode()


def test_a_branch_organiser_cannot_filter_by_another_branch(
    branch_organiser_a: User, branch_b: Any, homes: Any
) -> None:
    r = _client(branch_organiser_a).get(reverse("density:targets"), {"branch": branch_b.code})
    body = r.content.decode()
    assert "not understood" in body and f'value="{branch_b.code}"' not in body
    assert "Synthetic Big Home" in body


def test_targets_export_applies_the_filters(regional_organiser: User, homes: Any) -> None:
    _bury_home()
    r = _client(regional_organiser).get(
        reverse("density:target-export"), {"council": "E08000002", "format": "csv"}
    )
    body = b"".join(r.streaming_content).decode()  # type: ignore[attr-defined]
    assert "Synthetic Bury Home" in body and "Synthetic Big Home" not in body
    entry = Entry.objects.get(action="density.target.exported")
    assert entry.data["filters"] == {"council": "E08000002"} and entry.data["count"] == 1
