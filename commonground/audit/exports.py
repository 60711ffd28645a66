"""Audited exports (docs/style.md §5): one exporter class per export.

An exporter names its columns and where its rows come from; :func:`export_response`
checks the role may export, writes one audit row (format, filters, row count) and renders
the rows (``lib.exports``: streaming CSV, or an XLSX workbook built in write-only mode, every
cell through ``safe_cell``).

A list page offers the links with ``{% include "includes/export_links.html" with
url=export_url %}``; they carry the page's current filters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.lib.exports import Column, filters_of, render_csv, render_xlsx, requested_format

__all__ = ["Exporter", "export_response"]


class Exporter:
    """One export: a header row, then one row per record.

    Subclasses set ``identifier`` (file-name stem), ``perm`` (the role permission, e.g.
    ``"export_register"``), ``audit_code`` (``app.model.exported``) and ``columns``.
    """

    identifier: ClassVar[str]
    perm: ClassVar[str]
    audit_code: ClassVar[str]
    sheet: ClassVar[str] = "Export"
    columns: Sequence[Column]
    chunk_size: ClassVar[int] = 2000

    def __init__(self, source: QuerySet[Any] | Iterable[Any]) -> None:
        self.source = source

    @classmethod
    def available_for_user(cls, user: Any) -> bool:
        return has_perm(user, cls.perm)

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def records(self) -> Iterator[Any]:
        if isinstance(self.source, QuerySet):
            return self.source.iterator(chunk_size=self.chunk_size)
        return iter(self.source)

    def rows(self) -> Iterator[list[object]]:
        """The header row, then the data rows (raw values; the renderers make them safe)."""
        yield list(self.headers())
        for record in self.records():
            yield [c.read(record) for c in self.columns]

    def count(self) -> int:
        if isinstance(self.source, QuerySet):
            return self.source.count()
        if not isinstance(self.source, (list, tuple)):
            self.source = list(self.source)
        return len(self.source)


def export_response(
    request: HttpRequest,
    exporter: Exporter,
    *,
    filters: Mapping[str, object] | None = None,
    subject: models.Model | None = None,
    extra: Mapping[str, object] | None = None,
    name: str = "",
) -> HttpResponseBase:
    """Check, audit and render ``exporter`` in the format the request asks for.

    403 unless the user's role grants ``exporter.perm`` (callers also scope the records).
    One audit row: the format, the filters shown and the number of rows exported.
    """
    if not exporter.available_for_user(request.user):
        raise PermissionDenied
    fmt = requested_format(request)
    count = exporter.count()
    log_action(
        subject,
        exporter.audit_code,
        request.user,
        {
            "format": fmt,
            "count": count,
            "filters": dict(filters) if filters is not None else filters_of(request),
            **(extra or {}),
        },
        request=request,
    )
    stem = "-".join(p for p in (exporter.identifier, name, timezone.localdate().isoformat()) if p)
    if fmt == "xlsx":
        return render_xlsx(exporter.rows(), stem, exporter.sheet)
    return render_csv(exporter.rows(), stem)
