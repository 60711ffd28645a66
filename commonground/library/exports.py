"""Library export: the filtered catalogue (titles, summaries and tags, not the bodies)."""

from __future__ import annotations

from django.db.models import QuerySet

from commonground.audit.exports import Exporter
from commonground.lib.exports import Column
from commonground.library.models import Item


class ItemExporter(Exporter):
    identifier = "library"
    perm = "export_library"
    audit_code = "library.item.exported"
    sheet = "Library"
    columns = (
        Column("title", "title"),
        Column("kind", "get_kind_display"),
        Column("summary", "summary"),
        Column("tags", lambda i: "; ".join(t.name for t in i.tags.all())),
        Column("branch", "branch.code"),
        Column("written on", "written_on"),
        Column("review by", "review_by"),
        Column("public", "is_public"),
        Column("public address", lambda i: i.slug if i.is_public else ""),
    )

    def __init__(self, items: QuerySet[Item]) -> None:
        super().__init__(items.select_related("branch").prefetch_related("tags"))
