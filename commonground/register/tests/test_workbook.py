"""CQC's monthly workbook (.ods, .xlsx) in its published shape, built from the real rows.

The workbooks are written here by odfpy and openpyxl (dev-only) from the real extracts in
``COMMONGROUND_DATA_DIR`` (see ``published``); tests skip when those are absent.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import threading
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from commonground.imports import ods
from commonground.register.importers import RegisterImporter
from commonground.register.models import Location, Provider
from commonground.register.readers import (
    OutOfScope,
    RegisterRow,
    RowError,
    UnrecognisedFile,
    detect_format,
    read_register,
    source_date,
)
from commonground.register.readers.mappers import HscaMapper
from commonground.register.tests import published
from commonground.register.tests.conftest import DATA, ENGLAND, OLDHAM, need_data

AS_AT = date(2026, 10, 1)
NAME = "01_October_2026_HSCA_Active_Locations"


@functools.cache
def _rows() -> list[published.Row]:
    """Real rows: North West care homes (Trafford's with their providers' names) and every
    registered location in the Oldham API extract (GPs, dentists, hospitals among them)."""
    need_data(ENGLAND, OLDHAM)
    oldham = published.api_rows(DATA)
    in_api = {r["Location ID"] for r in oldham}
    england = [
        r
        for r in published.england_rows(DATA)
        if r["Location Region"] == "North West" and r["Location ID"] not in in_api
    ]
    trafford = [r for r in england[60:] if r["Provider Name"]]
    return [*england[:60], *trafford, *oldham]


@functools.cache
def _written(kind: str, name: str, titled: bool) -> Path:
    """Each workbook is written once a session (odfpy is slow), into its own directory."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cg-workbook-test-"))
    path = folder / f"{name}.{kind}"
    title_rows = published.TITLE_ROWS if titled else ()
    if kind == "ods":
        return published.write_ods(path, _rows(), as_at=AS_AT, title_rows=title_rows)
    if kind == "xlsx":
        return published.write_xlsx(path, _rows(), as_at=AS_AT, title_rows=title_rows)
    return published.write_csv(folder / "HSCA_Active_Locations_2026-10-01.csv", _rows())


def _ods(tmp_path: Path, name: str = NAME, titled: bool = True) -> Path:
    return _written("ods", name, titled)


def _xlsx(tmp_path: Path, name: str = NAME, titled: bool = True) -> Path:
    return _written("xlsx", name, titled)


def _csv(tmp_path: Path) -> Path:
    return _written("csv", "", True)


def _lineless(records) -> list[Any]:
    """Records without their line numbers (a sheet row is not a CSV line)."""
    return [dataclasses.replace(r, line=0) for r in records]


# --- Reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("write", [_ods, _xlsx], ids=["ods", "xlsx"])
def test_it_reads_a_workbook_as_the_same_rows_in_csv(tmp_path: Path, write) -> None:
    book = write(tmp_path)
    assert detect_format(book) == "hsca"
    from_book = list(read_register(book))
    from_csv = list(read_register(_csv(tmp_path)))
    assert not [r for r in from_book if isinstance(r, RowError)]
    assert len(from_book) == len(_rows())
    assert _lineless(from_book) == _lineless(from_csv)


def test_it_finds_the_data_sheet_and_header_by_content_not_position(tmp_path: Path) -> None:
    titled = list(read_register(_ods(tmp_path)))
    plain = list(read_register(_ods(tmp_path, name="plain", titled=False)))
    assert _lineless(titled) == _lineless(plain)
    # README is the first sheet; the data's header is on row 4 under two title rows.
    assert titled[0].line == 5
    assert plain[0].line == 2


def test_it_reads_typed_cells_as_the_csv_text_they_stand_for(tmp_path: Path) -> None:
    row = {
        **_rows()[0],
        "Care homes beds": 45.0,
        "Location HSCA start date": date(2011, 2, 3),
        "Publication Date": date(2024, 5, 6),
        "Location Latest Overall Rating": "Good",
        # A number column in a spreadsheet loses the leading zero of "01234567".
        "Provider Companies House Number": 1234567.0,
        "Provider Charity Number": 1012345.0,
        "Provider Ownership Type": "Organisation",
        "Provider ID": "1-101641521",
        "Provider Name": "Abbey Healthcare (Synthetic) Ltd",
        "Brand ID": "BD123",
        "Brand Name": "BRAND Synthetic Care",
        "Location UPRN ID": 100012743826.0,
    }
    for write in (published.write_ods, published.write_xlsx):
        book = write(tmp_path / f"typed.{write.__name__[-4:]}", [row], as_at=AS_AT)
        (read,) = read_register(book)
        assert isinstance(read, RegisterRow)
        assert read.beds == 45
        assert read.registration_date == date(2011, 2, 3)
        assert (read.rating, read.rating_date) == ("Good", date(2024, 5, 6))
        assert read.companies_house_number == "01234567"
        assert read.charity_number == "1012345"
        assert (read.brand_id, read.brand_name) == ("BD123", "BRAND Synthetic Care")
        assert read.provider_name == "Abbey Healthcare (Synthetic) Ltd"
        assert read.ownership_type == "Organisation"
        assert read.inspection_category == "Residential social care"
        assert read.user_bands  # the England row's Y columns


def test_it_dates_a_workbook_by_its_readme(tmp_path: Path) -> None:
    # The README's "Source: CQC database as at 1 October 2026" wins over the file's name.
    book = _ods(tmp_path, name="HSCA_Active_Locations_download")
    assert source_date(book) == AS_AT
    assert source_date(_xlsx(tmp_path, name="HSCA_Active_Locations_download")) == AS_AT


def test_it_keeps_social_care_and_says_why_the_rest_is_out(tmp_path: Path) -> None:
    records = list(read_register(_ods(tmp_path), social_care_only=True))
    kept = [r for r in records if isinstance(r, RegisterRow)]
    out = [r for r in records if isinstance(r, OutOfScope)]
    assert kept and out
    assert all(r.is_social_care for r in kept)
    assert {r.reason for r in out} >= {"Primary Dental Care", "Primary Medical Services"}
    kinds = {kind for r in kept for kind in r.service_types}
    assert {"care_home", "home_care", "supported_living"} <= kinds


def test_it_cuts_an_ods_into_slices_without_moving_a_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _ods(tmp_path)
    whole = list(read_register(book))
    monkeypatch.setattr(ods, "SLICE_BYTES", 4000)
    assert len(list(ods.slices(str(book)))) > 20
    assert list(read_register(book)) == whole


def test_it_explains_a_workbook_without_register_data(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "members.xlsx"
    book = Workbook()
    book.active.append(["Membership number", "Name"])
    book.save(path)
    with pytest.raises(UnrecognisedFile, match="no register header on any sheet"):
        detect_format(path)


# --- Importing -------------------------------------------------------------------------


def _run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("import_register", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


COUNTS = ("read", "created", "updated", "unchanged", "skipped", "rejected", "deregistered")


@pytest.mark.django_db
@pytest.mark.parametrize("write", [_ods, _xlsx], ids=["ods", "xlsx"])
def test_it_imports_a_workbook_with_the_counts_of_the_same_rows_in_csv(
    region, tmp_path: Path, write
) -> None:
    book = _run(str(write(tmp_path)))
    assert book["skipped"] > 0
    assert set(book["skipped_reasons"]) >= {"Primary Dental Care", "Primary Medical Services"}
    assert sum(book["skipped_reasons"].values()) == book["skipped"]
    held = {
        loc.cqc_id: (loc.name, loc.beds, loc.service_types_text, loc.rating, loc.user_bands_text)
        for loc in Location.objects.all()
    }
    again = _run(str(write(tmp_path)))
    assert (again["created"], again["updated"]) == (0, 0)
    assert again["unchanged"] == book["created"]

    Location.objects.all().delete()
    Provider.objects.all().delete()
    csv = _run(str(_csv(tmp_path)))
    assert {k: csv[k] for k in COUNTS} == {k: book[k] for k in COUNTS}
    assert csv["skipped_reasons"] == book["skipped_reasons"]
    assert {
        loc.cqc_id: (loc.name, loc.beds, loc.service_types_text, loc.rating, loc.user_bands_text)
        for loc in Location.objects.all()
    } == held
    csv_again = _run(str(_csv(tmp_path)))
    assert (csv_again["created"], csv_again["updated"]) == (0, 0)


@pytest.mark.django_db
def test_it_keeps_provider_names_and_numbers_a_later_file_lacks(region, tmp_path: Path) -> None:
    row = {
        **_rows()[0],
        "Provider ID": "1-101641521",
        "Provider Name": "Abbey Healthcare (Synthetic) Ltd",
        "Provider Companies House Number": "01234567",
        "Brand ID": "BD123",
        "Brand Name": "BRAND Synthetic Care",
        "Provider Ownership Type": "Organisation",
    }
    # The same provider's other home, under another of its brands: brand is per location.
    sister = {
        **_rows()[1],
        **{k: row[k] for k in row if k.startswith("Provider")},
        "Brand ID": "BD999",
        "Brand Name": "BRAND Other Synthetic",
    }
    first = published.write_ods(
        tmp_path / "01_September_2026_x.ods", [row, sister], as_at=date(2026, 9, 1)
    )
    _run(str(first))
    provider = Provider.objects.get(cqc_id="1-101641521")
    location = Location.objects.get(cqc_id=row["Location ID"])
    assert (provider.name, provider.companies_house_number) == (
        "Abbey Healthcare (Synthetic) Ltd",
        "01234567",
    )
    assert (location.brand_id, location.brand_name) == ("BD123", "BRAND Synthetic Care")
    other = Location.objects.get(cqc_id=sister["Location ID"])
    assert (other.provider, other.brand_id, other.brand_name) == (
        provider,
        "BD999",
        "BRAND Other Synthetic",
    )
    # A newer file without those columns' values keeps them; "-" says "no brand" and does.
    later = {**row, "Provider Name": "", "Provider Companies House Number": "", "Brand ID": "-"}
    later["Brand Name"] = "-"
    second = published.write_ods(tmp_path / "01_October_2026_x.ods", [later], as_at=AS_AT)
    _run(str(second))
    provider.refresh_from_db()
    assert provider.name == "Abbey Healthcare (Synthetic) Ltd"
    assert provider.companies_house_number == "01234567"
    location.refresh_from_db()
    assert (location.brand_id, location.brand_name) == ("", "")
    assert location.provider == provider


@pytest.mark.django_db
def test_the_command_says_what_it_skipped_and_why(region, tmp_path: Path) -> None:
    out = StringIO()
    call_command("import_register", str(_ods(tmp_path)), stdout=out)
    text = out.getvalue()
    assert "skipped" in text
    assert "Primary Dental Care" in text


@pytest.mark.django_db
def test_fetch_register_takes_the_published_workbook(region, tmp_path: Path) -> None:
    book = _ods(tmp_path)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(book.parent))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = StringIO()
        url = f"http://127.0.0.1:{server.server_address[1]}/{book.name}"
        call_command("fetch_register", url, "--json", stdout=out)
        summary = json.loads(out.getvalue())
        assert summary["files"][0]["source_date"] == "2026-10-01"
        assert summary["created"] > 0 and summary["skipped"] > 0
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_it_refuses_a_workbook_that_is_not_the_register(region, tmp_path: Path) -> None:
    path = tmp_path / "notes.ods"
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    row = TableRow()
    cell = TableCell(valuetype="string")
    cell.addElement(P(text="Shopping list"))
    row.addElement(cell)
    table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    with pytest.raises(CommandError, match="no register header on any sheet"):
        call_command("import_register", str(path), stdout=StringIO())


@pytest.mark.django_db
def test_a_change_to_one_location_never_writes_over_another_in_the_same_batch(
    region, tmp_path: Path
) -> None:
    first, second = (dict(r) for r in _rows()[:2])
    book = published.write_ods(
        tmp_path / "01_September_2026_a.ods", [first, second], as_at=date(2026, 9, 1)
    )
    _run(str(book))
    held = {
        loc.cqc_id: (loc.name, loc.beds, loc.town, loc.postcode)
        for loc in Location.objects.filter(cqc_id__in=[first["Location ID"], second["Location ID"]])
    }
    # One location is renamed, the other changes its beds: neither takes the other's blanks.
    renamed = {**first, "Location Name": first["Location Name"] + " (renamed)"}
    resized = {**second, "Care homes beds": 97.0}
    later = published.write_ods(tmp_path / "01_October_2026_b.ods", [renamed, resized], as_at=AS_AT)
    counts = _run(str(later))
    assert counts["updated"] == 2
    a = Location.objects.get(cqc_id=first["Location ID"])
    b = Location.objects.get(cqc_id=second["Location ID"])
    old_a, old_b = held[a.cqc_id], held[b.cqc_id]
    assert (a.name, a.beds, a.town, a.postcode) == (renamed["Location Name"], *old_a[1:])
    assert a.previous_names == [old_a[0]]
    assert (b.name, b.beds, b.town, b.postcode) == (old_b[0], 97, *old_b[2:])
    assert b.previous_names == []


@pytest.mark.django_db
def test_a_reimport_skips_rows_whose_cells_are_as_last_imported_but_nothing_else(
    region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapped: list[int] = []
    row = HscaMapper.row

    def counted(self: HscaMapper, cells: Any, line: int, **options: Any) -> Any:
        mapped.append(line)
        return row(self, cells, line, **options)

    monkeypatch.setattr(HscaMapper, "row", counted)
    first, second, third = (dict(r) for r in _rows()[:3])
    september = published.write_ods(
        tmp_path / "01_September_2026_a.ods", [first, second, third], as_at=date(2026, 9, 1)
    )
    assert _run(str(september))["created"] == 3
    # October: the same cells for two locations (taken as unchanged, dated October like any
    # unchanged row), new beds for the third.
    resized = {**third, "Care homes beds": 97.0}
    october = published.write_ods(
        tmp_path / "01_October_2026_a.ods", [first, second, resized], as_at=AS_AT
    )
    mapped.clear()
    counts = _run(str(october))
    assert (counts["unchanged"], counts["updated"], counts["created"]) == (2, 1, 0)
    assert len(mapped) == 1  # only the changed row was read beyond its id
    assert Location.objects.get(cqc_id=third["Location ID"]).beds == 97
    assert set(Location.objects.values_list("source_date", flat=True)) == {AS_AT}
    assert set(Location.objects.values_list("source", flat=True)) == {october.name}
    # Another source (the API) changes the first since: the same cells are no longer what
    # the location holds, so a newer file's row is compared in full and wins again.
    held = Location.objects.get(cqc_id=first["Location ID"])
    api = RegisterImporter()
    api.import_rows(
        [
            RegisterRow(
                line=1,
                source_format="api",
                location_id=held.cqc_id,
                name=f"{held.name} (renamed by the API)",
                is_social_care=True,
            )
        ],
        file_date=date(2026, 10, 15),
        source="CQC API (sync-register)",
    )
    assert Location.objects.get(cqc_id=held.cqc_id).name != held.name
    november = published.write_ods(
        tmp_path / "01_November_2026_a.ods", [first, second, resized], as_at=date(2026, 11, 1)
    )
    mapped.clear()
    counts = _run(str(november))
    assert (counts["unchanged"], counts["updated"]) == (2, 1)
    assert len(mapped) == 1
    assert Location.objects.get(cqc_id=held.cqc_id).name == held.name
    # --force compares every row: the same outcome, nothing changed.
    mapped.clear()
    forced = _run(str(november), "--force")
    assert (forced["unchanged"], forced["updated"], forced["created"]) == (3, 0, 0)
    assert len(mapped) == 3
