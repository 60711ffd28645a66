"""Text files people upload: which encoding, which CSV delimiter.

Pure Python, no Django: the table reader of the import framework
(:mod:`commonground.imports.readers`, used by the people importer), the register readers
and the motions importer all decode through here, so a file saved by Excel on Windows, a
UTF-8 export with a BOM and a file with rows appended from another system read the same
everywhere.

The rules:

- a byte-order mark decides (UTF-8, UTF-16, UTF-32); UTF-16 without one is recognised by
  its NUL bytes;
- otherwise UTF-8, decided on the whole file, not a sample (one "é" near the end of a
  million-row extract would otherwise decide wrongly); Windows-1252 when no byte sequence
  is UTF-8 at all; both (:data:`MIXED_ENCODING`: UTF-8, each undecodable byte read as
  Windows-1252) when rows were appended from another system;
- bytes no encoding defines become U+FFFD: they never stop an import;
- the delimiter is the one of :data:`DELIMITERS` that gives the sample's lines one
  consistent width (the csv module's sniffer, checked against that).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Final

__all__ = [
    "DELIMITERS",
    "MIXED_ENCODING",
    "decode",
    "detect_delimiter",
    "detect_encoding",
    "open_detected",
    "open_text",
]

DELIMITERS: Final = ",;\t|"
# UTF-8 with some Windows-1252 bytes mixed in: each undecodable byte is read as cp1252.
MIXED_ENCODING: Final = "utf-8+cp1252"

_SCAN_CHUNK = 1024 * 1024
_SNIFF_LINES = 50
_SNIFF_CHARS = 32 * 1024
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes surrogateescape could not decode
_FALLBACK = "commonground.cp1252"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


def _by_marks(sample: bytes) -> str | None:
    """The encoding a BOM or UTF-16's NUL bytes give away, else None."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _by_content(chunks: Iterable[bytes]) -> str:
    """UTF-8, Windows-1252 or both, from every byte (ASCII chunks at memory speed)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    valid = invalid = 0
    for chunk in chunks:
        if not chunk.isascii():
            text = decoder.decode(chunk)
            bad = len(_ESCAPED.findall(text))
            invalid += bad
            valid += len(text) - len(text.encode("ascii", "ignore")) - bad
    invalid += len(_ESCAPED.findall(decoder.decode(b"", final=True)))
    if not invalid:
        return "utf-8"
    if not valid:
        return "cp1252"
    # Both real UTF-8 and stray Windows-1252 bytes: rows appended from another system.
    return MIXED_ENCODING


def detect_encoding(path: Path) -> str:
    """The encoding to read ``path`` with (for :func:`open_text`). Raises OSError."""
    with Path(path).open("rb") as fh:
        marked = _by_marks(fh.read(4096))
        if marked is not None:
            return marked
        fh.seek(0)
        return _by_content(iter(lambda: fh.read(_SCAN_CHUNK), b""))


def open_text(path: Path, encoding: str) -> IO[str]:
    """``path`` opened for reading as text in ``encoding`` (from :func:`detect_encoding`),
    with universal newlines left to the csv module."""
    if encoding == MIXED_ENCODING:
        return Path(path).open(encoding="utf-8", errors=_FALLBACK, newline="")
    # errors="replace": cp1252 leaves five bytes undefined, and a truncated UTF-16 file
    # ends mid-character; neither should stop an import.
    return Path(path).open(encoding=encoding, errors="replace", newline="")


def open_detected(path: Path) -> IO[str]:
    """``path`` opened as text in the encoding :func:`detect_encoding` finds."""
    return open_text(path, detect_encoding(path))


def decode(data: bytes) -> str:
    """Bytes already in memory (an upload, the head of a file) as text, by the same rules;
    a BOM is dropped."""
    encoding = _by_marks(data[:4096]) or _by_content([data])
    if encoding == MIXED_ENCODING:
        return data.decode("utf-8", errors=_FALLBACK)
    text = data.decode(encoding, errors="replace")
    return text.removeprefix("\ufeff")


def _consistency(lines: list[str], delimiter: str) -> tuple[int, int]:
    """(how many lines share the commonest width above 1, that width) for ``delimiter``."""
    try:
        widths = Counter(len(cells) for cells in csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return (0, 1)
    del widths[0], widths[1]
    if not widths:
        return (0, 1)
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
    return (count, width)


def detect_delimiter(sample: str) -> str:
    """The CSV delimiter of a text sample (the first 32 KB or so of the file); "," if none."""
    lines = [line for line in sample.splitlines() if line.strip()][:_SNIFF_LINES]
    scores = {d: _consistency(lines, d) for d in DELIMITERS}
    # Cut the sample at a line end so the sniffer does not see half a record.
    if len(sample) >= _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""  # e.g. a title line above the header puts the sniffer off
    if sniffed in scores and scores[sniffed][1] > 1:
        return sniffed
    best = max(DELIMITERS, key=lambda d: scores[d])  # ties keep the earlier, i.e. ","
    return best if scores[best][1] > 1 else ","
