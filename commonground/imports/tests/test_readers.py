from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from commonground.imports.readers import (
    UnreadableFile,
    open_table,
    preview,
)
from commonground.lib.exports import safe_cell

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def write(tmp_path: Path, data: bytes, name: str = "extract.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_all(path: Path, **kwargs):
    table = open_table(path, **kwargs)
    return table, list(table.rows())


def xlsx_bytes(rows, *, title: str = "Members") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def add_to_zip(data: bytes, name: str, payload: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    return out.getvalue()


# --- CSV: encodings ----------------------------------------------------------------------

SAMPLE = "Membership Number,First name,Surname\n12345,Siobhán,Testperson\n12346,Zoë,Exampleton\n"


def test_it_reads_utf8(tmp_path):
    table, rows = read_all(write(tmp_path, SAMPLE.encode("utf-8")))
    assert table.format == "csv"
    assert table.encoding == "utf-8"
    assert table.delimiter == ","
    assert table.headers == ["Membership Number", "First name", "Surname"]
    assert rows == [
        (2, ["12345", "Siobhán", "Testperson"]),
        (3, ["12346", "Zoë", "Exampleton"]),
    ]


def test_it_strips_a_utf8_bom(tmp_path):
    table, rows = read_all(write(tmp_path, SAMPLE.encode("utf-8-sig")))
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "Membership Number"
    assert rows[0] == (2, ["12345", "Siobhán", "Testperson"])


def test_it_detects_windows_1252(tmp_path):
    text = "Member No;Forename;Notes\r\n12345;Siobhán;Paid £12 – “test”\r\n"
    table, rows = read_all(write(tmp_path, text.encode("cp1252")))
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert rows == [(2, ["12345", "Siobhán", "Paid £12 – “test”"])]


def test_it_checks_the_whole_file_not_just_the_start_for_utf8(tmp_path):
    # Well past the sniffing sample: ASCII, then a single Windows-1252 pound sign.
    body = "".join(f"{10000 + i},Testa,Example\n" for i in range(3000))
    data = ("Member No,First name,Surname\n" + body).encode("ascii") + "99999,£,X\n".encode(
        "cp1252"
    )
    table, rows = read_all(write(tmp_path, data))
    assert table.encoding == "cp1252"
    assert rows[-1] == (3002, ["99999", "£", "X"])


def test_it_reads_utf8_with_stray_windows_1252_bytes(tmp_path):
    data = "Member No,First name\n12345,Zoë\n".encode() + "12346,£ Siobhán\n".encode("cp1252")
    table, rows = read_all(write(tmp_path, data))
    assert table.encoding == "utf-8+cp1252"
    assert rows == [(2, ["12345", "Zoë"]), (3, ["12346", "£ Siobhán"])]


def test_it_reads_utf16_with_a_bom_as_excel_unicode_text(tmp_path):
    text = "Member No\tFirst name\r\n12345\tSiobhán\r\n"
    table, rows = read_all(write(tmp_path, text.encode("utf-16")))
    assert table.encoding == "utf-16"
    assert table.delimiter == "\t"
    assert rows == [(2, ["12345", "Siobhán"])]


def test_it_reads_utf16_without_a_bom(tmp_path):
    text = "Member No,First name\r\n12345,Testa\r\n"
    table, rows = read_all(write(tmp_path, text.encode("utf-16-le")))
    assert table.encoding == "utf-16-le"
    assert rows == [(2, ["12345", "Testa"])]


# --- CSV: dialects -----------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_it_detects_the_delimiter(tmp_path, delimiter):
    lines = [
        ["Membership Number", "First name", "Surname", "Workplace"],
        ["12345", "Testa", "Example", "Synthetic House, Unit 2"],
        ["12346", "Sampla", "Testperson", "Synthetic; Lodge"],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(lines)
    table, rows = read_all(write(tmp_path, out.getvalue().encode()))
    assert table.delimiter == delimiter
    assert table.headers == lines[0]
    assert [cells for _, cells in rows] == lines[1:]


def test_it_is_not_fooled_by_delimiters_inside_quoted_headers(tmp_path):
    text = '"Name, full";Email;Phone\n"Example, Testa";t@example.org;07700900123\n'
    table, rows = read_all(write(tmp_path, text.encode()))
    assert table.delimiter == ";"
    assert table.headers == ["Name, full", "Email", "Phone"]
    assert rows == [(2, ["Example, Testa", "t@example.org", "07700900123"])]


def test_it_reads_a_single_column(tmp_path):
    table, rows = read_all(write(tmp_path, b"Membership Number\n12345\n12346\n"))
    assert table.headers == ["Membership Number"]
    assert rows == [(2, ["12345"]), (3, ["12346"])]


def test_it_numbers_records_by_the_line_they_start_on(tmp_path):
    text = (
        "Member No,Address,Surname\r\n"
        '12345,"1 Synthetic Street\r\nTestville\r\nTS1 1AA",Example\r\n'
        "12346,2 Sample Road,Testperson\r\n"
        '12347,"Flat ""B""\nSample Close",Dummy\r\n'
    )
    _, rows = read_all(write(tmp_path, text.encode()))
    assert rows == [
        (2, ["12345", "1 Synthetic Street\r\nTestville\r\nTS1 1AA", "Example"]),
        (5, ["12346", "2 Sample Road", "Testperson"]),
        (6, ["12347", 'Flat "B"\nSample Close', "Dummy"]),
    ]


def test_it_reads_old_mac_line_endings(tmp_path):
    _, rows = read_all(write(tmp_path, b"Member No,Surname\r12345,Example\r12346,Test\r"))
    assert rows == [(2, ["12345", "Example"]), (3, ["12346", "Test"])]


def test_it_returns_ragged_and_blank_rows_for_the_validator_to_judge(tmp_path):
    text = "a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n,,\n"
    _, rows = read_all(write(tmp_path, text.encode()))
    assert rows == [
        (2, ["1", "2", "3"]),
        (3, ["1", "2"]),
        (4, []),
        (5, ["1", "2", "3", "4"]),
        (6, ["", "", ""]),
    ]


def test_it_skips_blank_lines_before_the_header(tmp_path):
    table, rows = read_all(write(tmp_path, b"\n\n  \nMember No,Surname\n12345,Example\n"))
    assert table.header_line == 4
    assert table.headers == ["Member No", "Surname"]
    assert rows == [(5, ["12345", "Example"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_skips_a_report_title_above_the_header(tmp_path, delimiter):
    text = (
        "Membership extract 01/02/2024\n"
        "\n"
        f"Member No{delimiter}First name{delimiter}Surname\n"
        f'12345{delimiter}Testa{delimiter}"Example, Jr"\n'
    )
    table, rows = read_all(write(tmp_path, text.encode()))
    assert table.delimiter == delimiter
    assert table.header_line == 3
    assert table.headers == ["Member No", "First name", "Surname"]
    assert rows == [(4, ["12345", "Testa", "Example, Jr"])]


def test_it_keeps_a_single_column_header(tmp_path):
    table, rows = read_all(write(tmp_path, b"Member No\n12345\n12346\n12347\n12348\n12349\n"))
    assert (table.header_line, table.headers) == (1, ["Member No"])
    assert len(rows) == 5


def test_it_labels_blank_and_repeated_headers(tmp_path):
    table = open_table(write(tmp_path, b" Email ,,email,Email\n1,2,3,4\n"))
    assert table.headers == ["Email", "Column 2", "email (2)", "Email (3)"]


def test_it_streams_and_can_be_read_twice(tmp_path):
    table = open_table(write(tmp_path, SAMPLE.encode()))
    first = table.rows()
    assert next(first) == (2, ["12345", "Siobhán", "Testperson"])
    assert list(table.rows()) == list(open_table(table.path).rows())


def test_it_reports_a_runaway_quote_as_unreadable(tmp_path):
    text = 'Member No,Notes\n12345,"never closed\n' + ("x" * 200 + "\n") * 1000
    table = open_table(write(tmp_path, text.encode()))
    with pytest.raises(UnreadableFile, match=r"record starting on line 2 .* quote left open"):
        list(table.rows())


# --- CSV: refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"\n\n   \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04not really a zip", "spreadsheet"),
    ],
)
def test_it_refuses_what_is_not_a_table(tmp_path, data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        open_table(write(tmp_path, data))


def test_it_refuses_a_file_over_the_size_limit(tmp_path):
    path = write(tmp_path, SAMPLE.encode())
    with pytest.raises(UnreadableFile, match="limit"):
        open_table(path, max_bytes=10)
    assert open_table(path, max_bytes=1000).headers


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="cannot open"):
        open_table(tmp_path / "nope.csv")


def test_it_refuses_a_header_wider_than_the_column_limit(tmp_path):
    header = ",".join(f"c{i}" for i in range(2000))
    with pytest.raises(UnreadableFile, match="columns"):
        open_table(write(tmp_path, (header + "\n").encode()))


# --- XLSX --------------------------------------------------------------------------------


def test_it_reads_xlsx_values_as_strings(tmp_path):
    data = xlsx_bytes(
        [
            ["Membership Number", "Join date", "Mobile", "Hours", "Checked", "Start", "Notes"],
            [12345, datetime(2024, 2, 3), 7700900123, 37.5, True, time(9, 30), None],
            ["AB12345", date(2020, 1, 1), "07700 900123", 16.0, False, None, "Testa"],
            [12347, datetime(2024, 2, 3, 14, 5), -3, 0.1, None, None, None],
        ]
    )
    table, rows = read_all(write(tmp_path, data, "extract.xlsx"))
    assert table.format == "xlsx"
    assert table.sheet == "Members"
    assert table.encoding is None and table.delimiter is None
    assert table.headers[1] == "Join date"
    assert rows == [
        (2, ["12345", "2024-02-03", "7700900123", "37.5", "TRUE", "09:30:00", ""]),
        (3, ["AB12345", "2020-01-01", "07700 900123", "16", "FALSE", "", "Testa"]),
        (4, ["12347", "2024-02-03T14:05:00", "-3", "0.1", "", "", ""]),
    ]


def test_it_keeps_xlsx_row_numbers_across_gaps_and_a_late_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Members report"
    ws["B3"] = "Member No"
    ws["C3"] = "Surname"
    ws["B4"] = "12345"
    ws["C4"] = "Example"
    ws["B7"] = "12346"
    ws["E7"] = "stray"
    path = tmp_path / "gaps.xlsx"
    wb.save(path)
    table, rows = read_all(path)
    assert table.header_line == 3
    assert table.headers == ["Column 1", "Member No", "Surname"]
    assert rows == [
        (4, ["", "12345", "Example"]),
        (5, ["", "", ""]),
        (6, ["", "", ""]),
        (7, ["", "12346", "", "", "stray"]),
    ]


def test_it_detects_xlsx_by_content_not_name(tmp_path):
    table = open_table(write(tmp_path, xlsx_bytes([["Member No"], [1]]), "upload.bin"))
    assert table.format == "xlsx"


def test_it_refuses_a_zip_bomb_xlsx(tmp_path):
    data = add_to_zip(
        xlsx_bytes([["Member No"], [12345]]), "xl/media/image1.png", b"\0" * 20_000_000
    )
    assert len(data) < 100_000
    with pytest.raises(UnreadableFile, match="zip bomb"):
        open_table(write(tmp_path, data, "bomb.xlsx"))


def test_it_refuses_an_xlsx_that_unpacks_too_large(tmp_path):
    path = write(tmp_path, xlsx_bytes([["Member No"], [12345]]), "big.xlsx")
    with pytest.raises(UnreadableFile, match="unpacks"):
        open_table(path, max_uncompressed=1000)


def test_it_refuses_an_xlsx_with_external_links(tmp_path):
    data = add_to_zip(
        xlsx_bytes([["Member No"], [12345]]),
        "xl/externalLinks/externalLink1.xml",
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    )
    with pytest.raises(UnreadableFile, match="links to other files"):
        open_table(write(tmp_path, data, "linked.xlsx"))


def test_it_refuses_a_zip_that_is_not_a_workbook(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableFile, match="not a spreadsheet"):
        open_table(write(tmp_path, out.getvalue(), "x.xlsx"))


def test_it_reads_opendocument_as_it_reads_xlsx(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Members")
    for values in (["Member No", "Join date"], ["12345", date(2024, 2, 3)], [], ["AB1", 16.0]):
        row = TableRow()
        for value in values:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif isinstance(value, float):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    path = tmp_path / "members.ods"
    document.save(str(path))
    table, rows = read_all(path)
    assert (table.format, table.sheet, table.headers) == (
        "ods",
        "Members",
        ["Member No", "Join date"],
    )
    assert rows == [(2, ["12345", "2024-02-03"]), (3, ["", ""]), (4, ["AB1", "16"])]


def test_it_refuses_a_damaged_opendocument(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(UnreadableFile):
        open_table(write(tmp_path, out.getvalue(), "x.ods"))


def test_it_refuses_a_damaged_xlsx(tmp_path):
    data = xlsx_bytes([["Member No"], [12345]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                payload = payload[: len(payload) // 2]
            dst.writestr(info, payload)
    with pytest.raises(UnreadableFile, match="damaged"):
        read_all(write(tmp_path, out.getvalue(), "broken.xlsx"))


def test_it_refuses_an_empty_sheet(tmp_path):
    with pytest.raises(UnreadableFile, match="no header"):
        open_table(write(tmp_path, xlsx_bytes([]), "empty.xlsx"))


# --- preview -----------------------------------------------------------------------------


def test_preview_shows_detection_and_the_first_non_blank_rows(tmp_path):
    text = "Member No;Surname\n" + "\n" + "".join(f"{10000 + i};Example\n" for i in range(20))
    result = preview(write(tmp_path, text.encode("utf-8-sig")), n=3)
    assert result == {
        "format": "csv",
        "encoding": "utf-8-sig",
        "delimiter": ";",
        "sheet": None,
        "headers": ["Member No", "Surname"],
        "rows": [(3, ["10000", "Example"]), (4, ["10001", "Example"]), (5, ["10002", "Example"])],
    }


# --- formula injection -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+441234", "+441234"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-3.5", "-3.5"),
        ("-2", "-2"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("Testa Example", "Testa Example"),
        ("", ""),
        ("a=b", "a=b"),
        ("3.5", "3.5"),
    ],
)
def test_it_neutralises_formulas(value, expected):
    assert safe_cell(value) == expected


@given(st.text())
@settings(deadline=None)
def test_neutralised_values_never_start_a_formula(value):
    result = safe_cell(value)
    assert result in (value, "'" + value)
    assert safe_cell(result) == result  # idempotent
    stripped = result.lstrip()
    if result[:1] in ("\t", "\r") or stripped[:1] in ("=", "+", "-", "@"):
        # Only plain numbers may keep a sign at the front.
        float(stripped.replace(",", "."))


# --- fuzzing -----------------------------------------------------------------------------


def _read_or_refuse(path: Path) -> None:
    try:
        table = open_table(path, max_bytes=1_000_000)
        for line, cells in table.rows():
            assert line > table.header_line
            assert all(isinstance(cell, str) for cell in cells)
    except UnreadableFile as exc:
        assert str(exc)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_are_read_or_refused_with_a_reason(tmp_path, data):
    _read_or_refuse(write(tmp_path, data, "fuzz.csv"))


@FUZZ
@given(
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04"]),
    text=st.text(alphabet=st.sampled_from(list('ab1,;\t|"\r\n é£\x00')), max_size=300),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16-le"]),
)
def test_csv_like_text_is_read_or_refused_with_a_reason(tmp_path, prefix, text, encoding):
    data = prefix + text.encode(encoding, errors="replace")
    _read_or_refuse(write(tmp_path, data, "fuzz.csv"))


_VALID_XLSX = xlsx_bytes([["Member No", "Joined"], [12345, date(2024, 1, 2)], ["AB1", "x"]])


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(_VALID_XLSX) - 1), st.integers(0, 255)), max_size=8
    ),
    cut=st.integers(0, len(_VALID_XLSX)),
)
def test_damaged_xlsx_is_read_or_refused_with_a_reason(tmp_path, edits, cut):
    data = bytearray(_VALID_XLSX)
    for offset, byte in edits:
        data[offset] = byte
    _read_or_refuse(write(tmp_path, bytes(data[: max(cut, 4)]), "fuzz.xlsx"))


_CELL = st.text(alphabet=st.sampled_from(list("abcXYZ019 \"'\n-.@é£")), max_size=12)


@FUZZ
@given(
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    width=st.integers(2, 6),
    body=st.lists(st.lists(_CELL, min_size=6, max_size=6), max_size=15),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_csv_written_by_the_csv_module_reads_back_exactly(
    tmp_path, delimiter, width, body, encoding
):
    header = [f"Column {chr(65 + i)}" for i in range(width)]
    records = [header] + [row[:width] for row in body]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(records)
    data = out.getvalue().encode(encoding)
    if encoding == "cp1252":
        # Windows-1252 bytes that are valid UTF-8 too ("é££" is E9 A3 A3, which is also "飣")
        # cannot be told apart; the reader rightly reads them as UTF-8 (also in a file of
        # mixed encodings). Only unambiguous files are checked.
        as_utf8 = data.decode("utf-8", errors="surrogateescape")
        assume(not any(ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF for ch in as_utf8))
    table, rows = read_all(write(tmp_path, data, "round.csv"))
    assert table.delimiter == delimiter
    assert table.headers == header
    non_blank = [cells for _, cells in rows if any(cells)]
    assert non_blank == [r for r in records[1:] if any(r)]
