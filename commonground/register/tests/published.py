"""CQC's monthly workbook in its published shape, built from the real extracts (tests, bench).

The layout is CQC's "Care directory with filters" file as published in 2026
(``DD_Month_YYYY_HSCA_Active_Locations.ods``; docs/decisions.md cites where it was found):

- a ``README`` sheet first (a title and "Source: CQC database as at DD Month YYYY");
- the data on ``HSCA_Active_Locations``: ``HSCA_COLUMNS``, one row a location, typed cells
  (start and publication dates as dates, beds, coordinates, UPRNs and charity numbers as
  numbers, flags as "Y" or blank);
- ``Dual_Registration_Locations`` after it.

The rows come from the real files in ``COMMONGROUND_DATA_DIR`` (the 2021 England care homes,
the Oldham API records of every sector, provider names from Trafford's list); columns those
files do not carry stay blank, as they would for a location CQC has no value for. Names of
people (registered managers, nominated individuals, partners) are always blank.

Two writers: ``write_ods``/``write_xlsx`` through odfpy/openpyxl (real libraries, for tests)
and ``stream_ods`` (a streaming writer of the same XML, for the 56,000-row bench, which odfpy
cannot build in reasonable memory). Nothing here is imported by the application.
"""

from __future__ import annotations

import csv
import itertools
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from commonground.register.readers import SPECIALISM_BANDS

README_TITLE = (
    "Active locations for providers registered under the Health and Social Care Act (HSCA)"
)
DATA_SHEET = "HSCA_Active_Locations"

_REGULATED = (
    "Accommodation for persons who require nursing or personal care",
    "Accommodation for persons who require treatment for substance misuse",
    "Assessment or medical treatment for persons detained under the Mental Health Act 1983",
    "Diagnostic and screening procedures",
    "Family planning",
    "Management of supply of blood and blood derived products",
    "Maternity and midwifery services",
    "Nursing care",
    "Personal care",
    "Services in slimming clinics",
    "Surgical procedures",
    "Termination of pregnancies",
    "Transport services, triage and medical advice provided remotely",
    "Treatment of disease, disorder or injury",
)
SERVICE_TYPES = (
    "Acute services with overnight beds",
    "Acute services without overnight beds / listed acute services with or without overnight beds",
    "Ambulance service",
    "Blood and Transplant service",
    "Care home service with nursing",
    "Care home service without nursing",
    "Community based services for people who misuse substances",
    "Community based services for people with a learning disability",
    "Community based services for people with mental health needs",
    "Community health care services - Independent Midwives",
    "Community health care services - Nurses Agency only",
    "Community healthcare service",
    "Dental service",
    "Diagnostic and/or screening service",
    "Diagnostic and/or screening service - single handed sessional providers",
    "Doctors consultation service",
    "Doctors treatment service",
    "Domiciliary care service",
    "Extra Care housing services",
    "Hospice services",
    "Hospice services at home",
    (
        "Hospital services for people with mental health needs, learning disabilities and "
        "problems with substance misuse"
    ),
    "Hyperbaric Chamber",
    "Long term conditions services",
    "Mobile doctors service",
    "Prison Healthcare Services",
    "Rehabilitation services",
    "Remote clinical advice service",
    "Residential substance misuse treatment and/or rehabilitation service",
    "Shared Lives",
    "Specialist college service",
    "Supported living service",
    "Urgent care services",
)
USER_BANDS = (
    "Children 0-18 years",
    "Dementia",
    "Learning disabilities or autistic spectrum disorder",
    "Mental Health",
    "Older People",
    "People detained under the Mental Health Act",
    "People who misuse drugs and alcohol",
    "People with an eating disorder",
    "Physical Disability",
    "Sensory Impairment",
    "Whole Population",
    "Younger Adults",
)

HSCA_COLUMNS: tuple[str, ...] = (
    "Location ID",
    "Location HSCA start date",
    "Dormant (Y/N)",
    "Care home?",
    "Location Name",
    "Location ODS Code",
    "Location Telephone Number",
    "Registered manager",
    "Location Web Address",
    "Care homes beds",
    "Location Type/Sector",
    "Location Inspection Directorate",
    "Location Primary Inspection Category",
    "Location Latest Overall Rating",
    "Publication Date",
    "Inherited Rating (Y/N)",
    "Location Region",
    "Location NHS Region",
    "Location Local Authority",
    "Location ONSPD CCG Code",
    "Location ONSPD CCG",
    "Location Commissioning CCG Code",
    "Location Commissioning CCG",
    "Location Street Address",
    "Location Address Line 2",
    "Location City",
    "Location County",
    "Location Postal Code",
    "Location PAF ID",
    "Location UPRN ID",
    "Location Latitude",
    "Location Longitude",
    "Location Parliamentary Constituency",
    "Brand ID",
    "Brand Name",
    "Provider Companies House Number",
    "Provider Charity Number",
    "Provider ID",
    "Provider Name",
    "Provider HSCA start date",
    "Provider Type/Sector",
    "Provider Inspection Directorate",
    "Provider Primary Inspection Category",
    "Provider Ownership Type",
    "Provider Telephone Number",
    "Provider Web Address",
    "Provider Street Address",
    "Provider Address Line 2",
    "Provider City",
    "Provider County",
    "Provider Postal Code",
    "Provider PAF ID",
    "Provider UPRN ID",
    "Provider Local Authority",
    "Provider Region",
    "Provider NHS Region",
    "Provider Latitude",
    "Provider Longitude",
    "Provider Parliamentary Constituency",
    "Provider Nominated Individual Name",
    "Provider Main Partner Name",
    *(f"Regulated activity - {name}" for name in _REGULATED),
    *(f"Service type - {name}" for name in SERVICE_TYPES),
    *(f"Service user band - {name}" for name in USER_BANDS),
    "Location Dual Registered",
    "Primary ID (Dual registration locations)",
)

Row = dict[str, Any]


# --- Real rows, in the published columns --------------------------------------------------


def _iso(text: str) -> date | None:
    text = (text or "").strip()[:10]
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _uk(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return _iso(text)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def trafford_providers(data: Path) -> dict[str, str]:
    """Location id → provider name, from Trafford's list (CQC's care directory names)."""
    path = data / "cqc" / "trafford_care_homes_2026-02-25.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["cqc_id"]: r["provider"] for r in csv.DictReader(fh) if r.get("provider")}


def england_rows(data: Path, limit: int | None = None) -> list[Row]:
    """The 2021 England care homes (real rows), in the published columns."""
    providers = trafford_providers(data)
    path = data / "cqc" / "cqc_care_homes_england_2021-03-01.csv"
    rows: list[Row] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for raw in itertools.islice(csv.DictReader(fh), limit):
            nursing = raw.get("Service type - Care home service with nursing") == "Y"
            row: Row = {
                "Location ID": raw["Location ID"],
                "Location HSCA start date": _uk(raw["Location HSCA start date"]),
                "Dormant (Y/N)": "N",
                "Care home?": raw["Care home?"],
                "Location Name": raw["Location Name"],
                "Care homes beds": _float(raw["Care homes beds"]),
                "Location Type/Sector": "Social Care Org",
                "Location Inspection Directorate": "Adult social care",
                "Location Primary Inspection Category": "Residential social care",
                "Location Region": raw["Location Region"],
                "Location Local Authority": raw["lad24_name_spatial_join"],
                "Location Street Address": raw["Location Street Address"],
                "Location City": raw["Location City"],
                "Location Postal Code": raw["Location Postal Code"],
                "Location Latitude": _float(raw["Location Latitude"]),
                "Location Longitude": _float(raw["Location Longitude"]),
                "Location Parliamentary Constituency": raw["Location Parliamentary Constituency"],
                "Brand ID": "-",
                "Brand Name": "-",
                "Provider Name": providers.get(raw["Location ID"], ""),
                "Regulated activity - Accommodation for persons who require nursing or "
                "personal care": "Y",
                "Service type - Care home service with nursing": "Y" if nursing else "",
                "Service type - Care home service without nursing": raw.get(
                    "Service type - Care home service without nursing", ""
                ),
            }
            for band in USER_BANDS:
                value = raw.get(f"Service user band - {band}", "")
                if value:
                    row[f"Service user band - {band}"] = value
            rows.append(row)
    return rows


def api_rows(data: Path, *, registered_only: bool = True) -> list[Row]:
    """The Oldham API records (real, every sector), in the published columns."""
    path = data / "cqc" / "cqc_api_locations_oldham_2025-03.jsonl"
    rows: list[Row] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if registered_only and record.get("registrationStatus") != "Registered":
                continue
            rows.append(_api_row(record))
    return rows


def _api_row(r: dict[str, Any]) -> Row:
    overall = (r.get("currentRatings") or {}).get("overall") or {}
    categories = r.get("inspectionCategories") or []
    primary = next((c for c in categories if c.get("primary") == "true"), None) or (
        categories[0] if categories else {}
    )
    row: Row = {
        "Location ID": r["locationId"],
        "Location HSCA start date": _iso(r.get("registrationDate", "")),
        "Dormant (Y/N)": "Y" if r.get("dormancy") == "Y" else "N",
        "Care home?": "Y" if r.get("careHome") == "Y" else "N",
        "Location Name": r.get("name", ""),
        "Location ODS Code": r.get("odsCode", ""),
        "Care homes beds": float(r["numberOfBeds"]) if r.get("numberOfBeds") else None,
        "Location Type/Sector": r.get("type", ""),
        "Location Inspection Directorate": r.get("inspectionDirectorate", ""),
        "Location Primary Inspection Category": primary.get("name", ""),
        "Location Latest Overall Rating": overall.get("rating", ""),
        "Publication Date": _iso(overall.get("reportDate", "")),
        "Location Region": r.get("region", ""),
        "Location Local Authority": r.get("localAuthority", ""),
        "Location Street Address": r.get("postalAddressLine1", ""),
        "Location Address Line 2": r.get("postalAddressLine2", ""),
        "Location City": r.get("postalAddressTownCity", ""),
        "Location County": r.get("postalAddressCounty", ""),
        "Location Postal Code": r.get("postalCode", ""),
        "Location UPRN ID": _float(r.get("uprn", "")),
        "Location Latitude": r.get("onspdLatitude"),
        "Location Longitude": r.get("onspdLongitude"),
        "Location Parliamentary Constituency": r.get("constituency", ""),
        "Brand ID": r.get("brandId") or "-",
        "Brand Name": r.get("brandName") or "-",
        "Provider ID": r.get("providerId", ""),
    }
    for service in r.get("gacServiceTypes") or []:
        column = f"Service type - {service.get('description', '')}"
        if column in HSCA_COLUMNS:
            row[column] = "Y"
    for activity in r.get("regulatedActivities") or []:
        column = f"Regulated activity - {activity.get('name', '')}"
        if column in HSCA_COLUMNS:
            row[column] = "Y"
    for specialism in r.get("specialisms") or []:
        band = SPECIALISM_BANDS.get(specialism.get("name", "").casefold())
        if band:
            row[f"Service user band - {band}"] = "Y"
    return row


def bench_rows(data: Path, total: int = 56_000) -> Iterator[Row]:
    """``total`` rows shaped like the national file: every real England care home and Oldham
    API record, then copies of the Oldham records (every sector, in Oldham's mix) under new
    ids at the England homes' addresses, so that councils across England resolve."""
    # A location is listed once: the Oldham homes the 2021 file holds come as its API rows.
    oldham = api_rows(data)
    in_api = {row["Location ID"] for row in oldham}
    england = [row for row in england_rows(data) if row["Location ID"] not in in_api]
    yield from england
    yield from oldham
    places = itertools.cycle(england)
    copies = itertools.cycle(oldham)
    place_columns = (
        "Location Region",
        "Location Local Authority",
        "Location Street Address",
        "Location City",
        "Location Postal Code",
        "Location Latitude",
        "Location Longitude",
        "Location Parliamentary Constituency",
    )
    for n in range(total - len(england) - len(oldham)):
        place = next(places)
        row = dict(next(copies))
        row["Location ID"] = f"1-8{n:09d}"
        row["Location Name"] = f"{row['Location Name']} {n}"
        row.update({column: place.get(column) for column in place_columns})
        yield row


# --- CSV (the same rows, as the HSCA CSV carries them) ---------------------------------------


def csv_text(value: Any) -> str:
    """A cell as CQC's CSV exports write it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def write_csv(path: Path, rows: Iterable[Row], columns: Sequence[str] = HSCA_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_text(row.get(column)) for column in columns])
    return path


# --- Workbooks through the libraries (tests) -------------------------------------------------


def readme_lines(as_at: date) -> list[str]:
    return [
        README_TITLE,
        "",
        f"Source: CQC database as at {as_at.day} {as_at:%B %Y}",
        "Filter the service type, regulated activity and service user band columns for 'Y'.",
        "Dual registration locations are listed on the Dual_Registration_Locations sheet.",
    ]


TITLE_ROWS = (
    "Care directory with filters",
    "Locations registered under the Health and Social Care Act 2008",
)


def _data_rows(rows: Iterable[Row], title_rows: Sequence[str]) -> Iterator[list[Any]]:
    for title in title_rows:
        yield [title]
    if title_rows:
        yield []
    yield list(HSCA_COLUMNS)
    for row in rows:
        yield [row.get(column) for column in HSCA_COLUMNS]


def write_xlsx(
    path: Path, rows: Iterable[Row], *, as_at: date, title_rows: Sequence[str] = TITLE_ROWS
) -> Path:
    """The workbook as .xlsx, through openpyxl (dates are real date cells)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    readme = book.create_sheet("README")
    for line in readme_lines(as_at):
        readme.append([line or None])
    data = book.create_sheet(DATA_SHEET)
    for cells in _data_rows(rows, title_rows):
        data.append([None if value == "" else value for value in cells])
    dual = book.create_sheet("Dual_Registration_Locations")
    dual.append(["Location ID", "Location Name", "Primary ID (Dual registration locations)"])
    book.save(path)
    return path


def write_ods(
    path: Path, rows: Iterable[Row], *, as_at: date, title_rows: Sequence[str] = TITLE_ROWS
) -> Path:
    """The workbook as .ods, through odfpy (typed cells as LibreOffice writes them)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()

    def sheet(name: str, lines: Iterable[Sequence[Any]]) -> None:
        table = Table(name=name)
        for cells in lines:
            tr = TableRow()
            for value in cells:
                tr.addElement(odf_cell(TableCell, P, value))
            table.addElement(tr)
        document.spreadsheet.addElement(table)

    sheet("README", [[line] for line in readme_lines(as_at)])
    sheet(DATA_SHEET, _data_rows(rows, title_rows))
    sheet(
        "Dual_Registration_Locations",
        [["Location ID", "Location Name", "Primary ID (Dual registration locations)"]],
    )
    document.save(str(path))
    return path


def odf_cell(table_cell: Any, paragraph: Any, value: Any) -> Any:
    if value is None or value == "":
        return table_cell()
    if isinstance(value, date):
        cell = table_cell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(paragraph(text=value.strftime("%d/%m/%Y")))
    elif isinstance(value, float | int):
        cell = table_cell(valuetype="float", value=value)
        cell.addElement(paragraph(text=csv_text(float(value))))
    else:
        cell = table_cell(valuetype="string")
        cell.addElement(paragraph(text=str(value)))
    return cell


# --- A streaming .ods writer (bench) ----------------------------------------------------------

_CONTENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
    'office:version="1.3"><office:body><office:spreadsheet>'
)
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _xml_cell(value: Any) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"'
            f' calcext:value-type="date"><text:p>{value:%d/%m/%Y}</text:p></table:table-cell>'
        )
    if isinstance(value, float | int):
        text = csv_text(float(value))
        return (
            f'<table:table-cell office:value-type="float" office:value="{text}"'
            f' calcext:value-type="float"><text:p>{text}</text:p></table:table-cell>'
        )
    return (
        '<table:table-cell office:value-type="string" calcext:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def _xml_row(cells: Sequence[Any]) -> str:
    parts: list[str] = []
    blanks = 0
    for value in cells:
        if value is None or value == "":
            blanks += 1
            continue
        if blanks:
            parts.append(f'<table:table-cell table:number-columns-repeated="{blanks}"/>')
            blanks = 0
        parts.append(_xml_cell(value))
    # LibreOffice pads every row out to the sheet's width with one repeated blank cell.
    parts.append(f'<table:table-cell table:number-columns-repeated="{blanks + 1024}"/>')
    return "<table:table-row>" + "".join(parts) + "</table:table-row>"


def stream_ods(
    path: Path, rows: Iterable[Row], *, as_at: date, title_rows: Sequence[str] = TITLE_ROWS
) -> Path:
    """The same workbook as ``write_ods``, written row by row (for 56,000 rows)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        with archive.open("content.xml", "w", force_zip64=True) as raw:
            write = raw.write
            write(_CONTENT_HEAD.encode())
            write(b'<table:table table:name="README">')
            for line in readme_lines(as_at):
                write(_xml_row([line]).encode())
            write(b'</table:table><table:table table:name="' + DATA_SHEET.encode() + b'">')
            for cells in _data_rows(rows, title_rows):
                write(_xml_row(cells).encode())
            write(b'</table:table><table:table table:name="Dual_Registration_Locations">')
            write(_xml_row(["Location ID", "Location Name"]).encode())
            write(b"</table:table>" + _CONTENT_TAIL.encode())
    return path


def densified(row: Row) -> Row:
    """The row with the columns the importer does not read filled as CQC fills them
    (placeholder telephones, web addresses, NHS areas, the provider's own address), so a
    bench workbook is as large as the published one. Never a name of a person."""
    n = zlib.crc32(row["Location ID"].encode()) % 10**9
    town = row.get("Location City") or "Town"
    dense = {
        "Location ODS Code": f"VN{n % 99999:05d}",
        "Location Telephone Number": f"01{n % 10**9:09d}",
        "Location Web Address": f"www.example-care-{n}.org.uk",
        "Inherited Rating (Y/N)": "N",
        "Location NHS Region": "North West",
        "Location ONSPD CCG Code": f"E38000{n % 999:03d}",
        "Location ONSPD CCG": f"NHS {town} ICB - 00{n % 9}",
        "Location Commissioning CCG Code": f"{n % 99:02d}T",
        "Location Commissioning CCG": f"NHS {town} ICB - 01{n % 9}",
        "Location County": "Greater Manchester",
        "Location PAF ID": float(n % 10**8),
        "Location UPRN ID": float(10**11 + n),
        "Provider HSCA start date": row.get("Location HSCA start date"),
        "Provider Type/Sector": row.get("Location Type/Sector"),
        "Provider Inspection Directorate": row.get("Location Inspection Directorate"),
        "Provider Primary Inspection Category": row.get("Location Primary Inspection Category"),
        "Provider Ownership Type": "Organisation",
        "Provider Telephone Number": f"03{n % 10**9:09d}",
        "Provider Web Address": f"www.example-provider-{n % 5000}.co.uk",
        "Provider Street Address": row.get("Location Street Address"),
        "Provider Address Line 2": "Business Park",
        "Provider City": town,
        "Provider County": "Greater Manchester",
        "Provider Postal Code": row.get("Location Postal Code"),
        "Provider PAF ID": float(n % 10**8),
        "Provider UPRN ID": float(10**11 + n + 1),
        "Provider Local Authority": row.get("Location Local Authority"),
        "Provider Region": row.get("Location Region"),
        "Provider NHS Region": "North West",
        "Provider Latitude": row.get("Location Latitude"),
        "Provider Longitude": row.get("Location Longitude"),
        "Provider Parliamentary Constituency": row.get("Location Parliamentary Constituency"),
    }
    return {**dense, **{k: v for k, v in row.items() if v not in (None, "")}}
