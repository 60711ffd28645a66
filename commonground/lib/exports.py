"""Helpers shared by every CSV/XLSX export."""

from __future__ import annotations

import re

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


class Echo:
    """A file-like object whose ``write`` returns what it was given (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    """Make ``value`` safe to put in a CSV/XLSX cell that a spreadsheet will open.

    Cells starting with ``= + - @`` (or tab/CR) are run as formulas by Excel and LibreOffice
    (OWASP "CSV injection"), so they get a leading apostrophe, which spreadsheets show as text.
    Plain numbers such as ``-3.5`` are left alone.
    """
    text = "" if value is None else str(value)
    if not text:
        return text
    if text[0] in "\t\r":
        return "'" + text
    # Excel ignores leading spaces before "=", so look past them.
    stripped = text.lstrip()
    if stripped[:1] in ("=", "+", "-", "@") and not _PLAIN_NUMBER.fullmatch(stripped):
        return "'" + text
    return text
