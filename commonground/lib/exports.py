"""CSV/XLSX rendering for every export (docs/style.md §5): columns, cells, files.

Every text cell passes through :func:`safe_cell`, the single formula-injection guard; CSV
streams and XLSX is built in write-only mode. The audited part (an exporter class per export,
``export_response``) is ``audit.exports``; this module knows no domain and no app.
"""

from __future__ import annotations

import csv
import datetime
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Query-string keys that are not filters (never recorded as such).
NOT_FILTERS = frozenset({"format", "page"})


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


def plain(value: object) -> object:
    """A cell value as a spreadsheet should hold it: text, a number, or empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def csv_cell(value: object) -> str:
    return safe_cell(plain(value))


def xlsx_cell(value: object) -> object:
    """Numbers stay numbers (a number cannot be a formula); everything else is made safe."""
    v = plain(value)
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, Decimal):
        return float(v)
    return safe_cell(v)


@dataclass(frozen=True)
class Column:
    """One exported column: its header and how to read it from a record.

    ``value`` is a dotted path (``"council.name"``, dict keys too; a ``get_x_display``
    method is called) or a callable taking the record.
    """

    header: str
    value: str | Callable[[Any], object]

    def read(self, record: Any) -> object:
        if callable(self.value):
            return self.value(record)
        current: Any = record
        for part in self.value.split("."):
            if current is None:
                return None
            current = (
                current.get(part) if isinstance(current, Mapping) else getattr(current, part, None)
            )
            if callable(current) and not isinstance(current, models.Model):
                current = current()
        return current


def requested_format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "csv")
    return fmt if fmt in FORMATS else "csv"


def filters_of(request: HttpRequest) -> dict[str, str]:
    """The filters a list page was showing (query string minus format and page)."""
    return {
        k: ", ".join(values)
        for k, values in request.GET.lists()
        if k not in NOT_FILTERS and any(values)
    }


def render_csv(rows: Iterable[Sequence[object]], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(Echo())
    stream = (writer.writerow([csv_cell(c) for c in row]) for row in rows)
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def render_xlsx(rows: Iterable[Sequence[object]], filename: str, sheet: str) -> FileResponse:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    for row in rows:
        worksheet.append([xlsx_cell(c) for c in row])
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(tmp)
    tmp.seek(0)
    return FileResponse(
        tmp, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
