"""Property tests for ``commonground import-people``: CSV and XLSX, arbitrary and malformed.

Whatever the file, the command either imports it (every row counted as accepted or
rejected, each rejected row written with its line and reasons) or refuses it with a
``CommandError`` that says why. No other exception escapes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

HEADERS = ["Membership No", "First name", "Surname", "Email", "Mobile", "Postcode", "Joined"]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("people-fuzz")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def run(path: Path, branch, *, dry_run: bool = True) -> dict[str, Any] | None:
    """The command's JSON result, or None when it refused the file with a reason."""
    out = StringIO()
    args = [str(path), "--branch", branch.code, "--json"]
    if dry_run:
        args.append("--dry-run")
    try:
        call_command("import_people", *args, stdout=out)
    except CommandError as exc:
        assert str(exc).startswith("Cannot import") and len(str(exc)) > len("Cannot import ")
        return None
    result: dict[str, Any] = json.loads(out.getvalue())
    assert result["read"] == result["accepted"] + result["rejected"]
    with open(result["rejected_file"], encoding="utf-8-sig", newline="") as fh:
        rejected = list(csv.reader(fh))
    assert rejected[0][:2] == ["line", "reasons"]
    assert len(rejected) - 1 == result["rejected"]
    for row in rejected[1:]:
        assert int(row[0]) >= 1 and row[1].strip()  # a line and a reason for every row
    return result


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- arbitrary bytes ---------------------------------------------------------------------


@given(data=st.binary(max_size=1500), suffix=st.sampled_from([".csv", ".xlsx", ""]))
def test_arbitrary_bytes_are_imported_or_refused(fuzz_dir, branch_a, media, data, suffix):
    path = fuzz_dir / f"extract{suffix}"
    path.write_bytes(data)
    run(path, branch_a)


@given(data=st.binary(max_size=1500))
def test_bytes_that_start_like_a_zip_are_refused_with_a_reason(fuzz_dir, branch_a, media, data):
    path = fuzz_dir / "extract.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    assert run(path, branch_a) is None


# --- malformed structure -----------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from(list('ab1Z9 ,;"\n\t\r=+-@é£\x00')), max_size=16)
_CELL = st.one_of(
    st.none(),
    _TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["=1+1", '=HYPERLINK("http://x")', "=A1/0", "12345", "M41 5BU"]),
)
_ROWS = st.lists(st.lists(_CELL, max_size=9), max_size=10)


@given(
    rows=_ROWS,
    header=st.one_of(st.just(HEADERS), st.lists(_TEXT, max_size=5)),
    dry_run=st.booleans(),
)
def test_xlsx_with_any_cells_is_imported_or_refused(
    fuzz_dir, branch_a, media, rows, header, dry_run
):
    path = fuzz_dir / "extract.xlsx"
    try:
        data = xlsx([header, *rows])
    except IllegalCharacterError:
        return  # openpyxl itself will not write control characters
    path.write_bytes(data)
    run(path, branch_a, dry_run=dry_run)


@given(
    rows=st.lists(st.lists(_TEXT, max_size=9), max_size=10),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    dry_run=st.booleans(),
)
def test_csv_with_any_cells_is_imported_or_refused(
    fuzz_dir, branch_a, media, rows, delimiter, encoding, dry_run
):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADERS, *rows])
    path = fuzz_dir / "extract.csv"
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    run(path, branch_a, dry_run=dry_run)


_VALID = xlsx([HEADERS, ["10001", "Testa", "Example", "t@example.invalid", "", "M41 5BU", ""]])


@given(
    edits=st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), max_size=6),
    cut=st.integers(4, len(_VALID)),
)
def test_damaged_xlsx_is_imported_or_refused(fuzz_dir, branch_a, media, edits, cut):
    data = bytearray(_VALID)
    for offset, byte in edits:
        data[offset] = byte
    path = fuzz_dir / "extract.xlsx"
    path.write_bytes(bytes(data[:cut]))
    run(path, branch_a)


# --- the XLSX guard, through the command -------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, branch_a, media):
    out = io.BytesIO(_VALID)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"\0" * (50 * 1024 * 1024))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 200_000
    with pytest.raises(CommandError, match="zip bomb"):
        call_command("import_people", str(path), "--branch", branch_a.code, "--dry-run")


def test_an_external_link_is_refused(tmp_path, branch_a, media):
    out = io.BytesIO(_VALID)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(
            "xl/externalLinks/externalLink1.xml",
            b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        )
    path = tmp_path / "linked.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(CommandError, match="links to other files"):
        call_command("import_people", str(path), "--branch", branch_a.code, "--dry-run")


def test_formulas_are_read_as_their_cached_value_never_evaluated(tmp_path, branch_a, media):
    # openpyxl writes no cached value, so a formula cell reads as empty: nothing is evaluated
    # and the formula text never reaches the database.
    path = tmp_path / "formula.xlsx"
    formula = '=HYPERLINK("http://x","y")'
    path.write_bytes(xlsx([HEADERS, ["10001", "Testa", "Example", formula]]))
    result = run(path, branch_a, dry_run=False)
    assert result is not None and result["created"] == 1
    from commonground.people.models import Person

    person = Person.objects.get(branch=branch_a)
    assert person.full_name == "Testa Example" and person.email == ""
