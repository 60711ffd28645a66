"""Spreadsheet-formula injection: every CSV/XLSX export neutralises cells (lib.exports).

Two guards: a scan that every module writing CSV or XLSX goes through ``safe_cell`` (or the
``csv_cell``/``xlsx_cell``/``export_response`` helpers built on it), and a live check that a
person, a workplace and an audit entry named ``=HYPERLINK("http://x")`` come out of each
export URL as text, never as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import NoReverseMatch, reverse

import commonground
from commonground.audit.log import log_action
from commonground.testing import make_location

FORMULA = '=HYPERLINK("http://x")'
ROOT = Path(commonground.__file__).parent
WRITES = re.compile(r"csv\.(?:writer|DictWriter)\(|\bWorkbook\(|\.writerows?\(|\bws\.append\(")
GUARDS = ("safe_cell", "csv_cell", "xlsx_cell", "export_response", "render_csv", "render_xlsx")


def test_every_module_that_writes_csv_or_xlsx_goes_through_safe_cell():
    unguarded = []
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {"tests", "migrations"} or path.name == "testing.py":
            continue
        text = path.read_text(encoding="utf-8")
        if WRITES.search(text) and not any(guard in text for guard in GUARDS):
            unguarded.append(str(path.relative_to(ROOT)))
    assert unguarded == [], f"exports that bypass lib.exports.safe_cell: {unguarded}"


@pytest.fixture
def poisoned(admin, branch_a, council_a):
    from commonground.people.models import Person

    location = make_location(council_a, name=FORMULA)
    Person.objects.create(branch=branch_a, location=location, full_name=FORMULA, email="")
    log_action(None, "test.formula.named", admin, {"name": FORMULA})
    return location


EXPORTS = [
    ("people:person-export", []),
    ("register:location-export", []),
    ("density:table-export", ["location"]),
    ("audit:entry-export", []),
]


def cells_of(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        cells = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{cell.coordinate} holds a formula"
                    cells.append("" if cell.value is None else str(cell.value))
        return cells
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "args"), EXPORTS)
def test_each_export_neutralises_a_formula(client, admin, poisoned, name, args, fmt):
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"{name} is not routed")
    client.force_login(admin)
    response = client.get(url, {"format": fmt, "region": poisoned.council.region.slug})
    assert response.status_code == 200, (name, response.status_code)
    cells = [c for c in cells_of(response) if "HYPERLINK" in c]
    assert cells, f"{name} ({fmt}) did not export the poisoned record"
    for cell in cells:
        # Either the cell is neutralised with a leading apostrophe, or the formula sits
        # inside a longer text (e.g. JSON of an audit entry) where it cannot run.
        assert cell.startswith("'") or not cell.lstrip().startswith(("=", "+", "-", "@")), cell
