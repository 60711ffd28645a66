"""Helpers shared by every CSV/XLSX export."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file-like object whose ``write`` returns what it was given (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection: a leading ``'`` stops =, +, -, @ evaluating."""
    text = "" if value is None else str(value)
    if text.startswith(_DANGEROUS) and not _NUMBER.match(text):
        return "'" + text
    return text
