"""The one export mechanism (``audit.exports``, ``lib.exports``) as every list page uses it."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from commonground.audit.exports import Exporter
from commonground.audit.models import Entry
from commonground.lib.exports import Column, csv_cell, safe_cell, xlsx_cell
from commonground.people.models import Person
from commonground.testing import make_location

pytestmark = pytest.mark.django_db

# Every list export: URL name, args, the permission it needs.
EXPORTS: list[tuple[str, list[str], str]] = [
    ("register:location-export", [], "export_register"),
    ("people:person-export", [], "export_people"),
    ("density:table-export", ["council"], "export_density"),
    ("density:target-export", [], "export_density"),
    ("charters:target-export", [], "export_charters"),
    ("charters:scoreboard-export", [], "export_charters"),
    ("campaigns:event-export", [], "export_campaigns"),
    ("alliances:partner-export", [], "export_alliances"),
    ("alliances:ledger-export", [], "export_alliances"),
    ("library:item-export", [], "export_library"),
    ("facility:entry-export", [], "export_facility"),
    ("motions:motion-export", [], "export_motions"),
]


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _xlsx(response: Any) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]


def test_it_neutralises_formulas_in_every_format() -> None:
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("  @SUM(A1)") == "'  @SUM(A1)"
    assert safe_cell("-3.5") == "-3.5"
    assert csv_cell(None) == "" and csv_cell(True) == "yes"
    assert xlsx_cell(7) == 7 and xlsx_cell("+1+1") == "'+1+1"


def test_it_reads_columns_by_path_or_callable() -> None:
    class Rows(Exporter):
        identifier = "t"
        perm = "export_register"
        audit_code = "t.t.exported"
        columns = (Column("a", "x.y"), Column("b", lambda r: r["n"] * 2))

    rows = list(Rows([{"x": {"y": "deep"}, "n": 2}, {"x": None, "n": 1}]).rows())
    assert rows == [["a", "b"], ["deep", 4], [None, 2]]


@pytest.mark.parametrize(("name", "args", "perm"), EXPORTS)
def test_it_exports_every_list_as_csv_and_xlsx_for_the_admin(
    admin: Any, region: Any, name: str, args: list[str], perm: str
) -> None:
    c = _client(admin)
    url = reverse(name, args=args)
    response = c.get(url, {"format": "csv"})
    assert response.status_code == 200, name
    assert response["Content-Type"].startswith("text/csv")
    assert len(_csv(response)) >= 1
    response = c.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert len(_xlsx(response)) >= 1
    assert Entry.objects.filter(actor=admin, data__format="xlsx").count() == 1
    assert c.post(url).status_code == 405


@pytest.mark.parametrize(("name", "args", "perm"), EXPORTS)
def test_it_forbids_exports_to_reps_and_people_exports_to_viewers(
    rep_at_workplace_x: Any, viewer: Any, name: str, args: list[str], perm: str
) -> None:
    url = reverse(name, args=args)
    assert _client(rep_at_workplace_x).get(url).status_code == 403
    # Viewers export aggregates only: the density tables.
    expected = 200 if perm == "export_density" else 403
    assert _client(viewer).get(url).status_code == expected


def test_it_exports_the_filtered_register_with_an_audit_row(
    regional_organiser: Any, council_a: Any, council_b: Any
) -> None:
    make_location(council_a, name='=HYPERLINK("http://evil")')
    make_location(council_a, name="Synthetic Elm House")
    make_location(council_b, name="Synthetic Far Away Home")
    c = _client(regional_organiser)
    response = c.get(
        reverse("register:location-export"), {"council": council_a.ons_code, "page": "2"}
    )
    rows = _csv(response)
    names = [r[rows[0].index("name")] for r in rows[1:]]
    assert sorted(names) == ['\'=HYPERLINK("http://evil")', "Synthetic Elm House"]
    entry = Entry.objects.get(action="register.location.exported")
    assert entry.actor == regional_organiser
    assert entry.data == {
        "format": "csv",
        "count": 2,
        "filters": {"council": council_a.ons_code},
    }
    sheet = _xlsx(c.get(reverse("register:location-export"), {"format": "xlsx", "q": "evil"}))
    assert len(sheet) == 2 and sheet[1][1] == '\'=HYPERLINK("http://evil")'


def test_it_exports_only_the_people_in_scope(
    branch_organiser_a: Any, branch_a: Any, branch_b: Any
) -> None:
    Person.objects.create(branch=branch_a, full_name="Synthetic Inscope Person")
    Person.objects.create(branch=branch_b, full_name="Synthetic Outofscope Person")
    response: Any = _client(branch_organiser_a).get(reverse("people:person-export"))
    body = b"".join(response.streaming_content).decode()
    assert "Synthetic Inscope Person" in body
    assert "Synthetic Outofscope Person" not in body
    assert Entry.objects.get(action="people.person.exported").data["count"] == 1


def test_list_pages_offer_export_links_carrying_the_filters(
    regional_organiser: Any, viewer: Any, council_a: Any
) -> None:
    make_location(council_a, name="Synthetic Oak Lodge")
    page = _client(regional_organiser).get(
        reverse("register:location-list"), {"council": council_a.ons_code}
    )
    assert f"export/?council={council_a.ons_code}&amp;format=xlsx" in page.content.decode()
    page = _client(viewer).get(reverse("register:location-list"))
    assert "format=csv" not in page.content.decode()
