"""The one text-file sniffer: encodings as Excel, LibreOffice and old systems save them,
and CSV delimiters."""

from __future__ import annotations

import codecs

import pytest

from commonground.lib.textfiles import (
    MIXED_ENCODING,
    decode,
    detect_delimiter,
    detect_encoding,
    open_detected,
)

TEXT = "Name,Workplace\nSiân Jones,Café Court\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"Name,Workplace\nAnn,Rose Court\n", "utf-8"),  # plain ASCII
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with a BOM, as Excel's "Unicode text"
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("cp1252"), "cp1252"),  # Excel's "CSV" on Windows
        # rows appended from another system: UTF-8 first, Windows-1252 a million bytes on
        (TEXT.encode() + b"x" * 2_000_000 + "Zoë\n".encode("cp1252"), MIXED_ENCODING),
        (b"x" * 2_000_000 + "Zoë\n".encode("cp1252"), "cp1252"),  # not only the head
    ],
)
def test_it_detects_the_encoding_of_the_whole_file(tmp_path, data, encoding):
    path = tmp_path / "upload.csv"
    path.write_bytes(data)
    assert detect_encoding(path) == encoding
    with open_detected(path) as fh:
        text = fh.read()
    assert "Siân" in text or "Zoë" in text or "Rose Court" in text
    assert "\ufffd" not in text and "\ufeff" not in text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Fair pay – now".encode(), "Fair pay – now"),
        (b"\xef\xbb\xbfFair pay", "Fair pay"),
        ("Fair pay".encode("utf-16"), "Fair pay"),
        ("Members’ pay".encode("cp1252"), "Members’ pay"),
        ("Siân – ".encode() + "Members’".encode("cp1252"), "Siân – Members’"),
        (b"undefined \x81 byte", "undefined \ufffd byte"),  # never stops a read
        (b"", ""),
    ],
)
def test_it_decodes_bytes_in_memory_by_the_same_rules(data, text):
    assert decode(data) == text


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),  # a decimal comma in a semicolon file
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('Members at 01/02/2024\nname;"Smith, Ann";x\nb;c;d\n', ";"),  # a title line first
        ("just one column\nvalue\n", ","),
        ("", ","),
    ],
)
def test_it_finds_the_delimiter(sample, delimiter):
    assert detect_delimiter(sample) == delimiter
