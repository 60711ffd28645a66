"""Turning uploaded bytes or pasted text into a parsed motion, safely.

The parser never raises on a ``str``; this module makes sure it only ever gets text, and
says clearly when a file is not text at all (a PDF, a Word file, an image).
"""

from __future__ import annotations

import codecs
import hashlib
import re

from commonground.lib.textfiles import decode
from commonground.motions.models import Body
from commonground.motions.parser import MAX_INPUT_CHARS

MAX_FILE_BYTES = 2 * 1024 * 1024


class NotTextError(ValueError):
    """The bytes are not a text file."""


_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a Word, zip or other Office file"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) file"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"{\\rtf", "an RTF file"),
)


def decode_upload(data: bytes) -> str:
    """Text from uploaded bytes, or ``NotTextError`` saying what the file seems to be."""
    if len(data) > MAX_FILE_BYTES:
        raise NotTextError(
            f"The file is too large ({len(data) // 1024} KB); a motion page is a few KB."
        )
    for magic, what in _BINARY_SIGNATURES:
        if data.startswith(magic):
            raise NotTextError(f"This looks like {what}, not text. Save the page as plain text.")
    is_utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not is_utf16 and b"\x00" in data[:8192]:
        raise NotTextError("This file contains binary data, not text. Save it as plain text.")
    text = decode(data)
    if text and text.count("\ufffd") > max(10, len(text) // 20):
        raise NotTextError("The text cannot be decoded. Save it as UTF-8 plain text.")
    return text[:MAX_INPUT_CHARS]


def text_hash(text: str) -> str:
    normalised = "\n".join(line.strip() for line in text.strip().splitlines())
    return hashlib.sha256(normalised.encode("utf-8", errors="replace")).hexdigest()


_BODIES = (
    (re.compile(r"service group executive|\bsge\b", re.I), Body.SGE),
    (re.compile(r"national executive|\bnec\b", re.I), Body.NEC),
    (re.compile(r"\bregion", re.I), Body.REGIONS),
    (re.compile(r"\bbranch", re.I), Body.BRANCHES),
)


def body_for(calls_on: str | None) -> str:
    """The responsible body named by "Conference calls on the … to:" (empty if none)."""
    if not calls_on:
        return ""
    for pattern, body in _BODIES:
        if pattern.search(calls_on):
            return body.value
    return Body.OTHER.value
