"""Facility-time exports (docs/style.md §5); rendered and audited by ``audit.exports``."""

from __future__ import annotations

import operator

from django.db.models import QuerySet

from commonground.audit.exports import Exporter
from commonground.facility.figures import Figures
from commonground.facility.models import TimeEntry
from commonground.lib.exports import Column


class EntryExporter(Exporter):
    identifier = "facility-time"
    perm = "export_facility"
    audit_code = "facility.entry.exported"
    sheet = "Facility time"
    chunk_size = 500
    columns = (
        Column("date", "date"),
        Column("activist", lambda e: e.activist.get_full_name() or e.activist.username),
        Column("branch", "branch.code"),
        Column("employer", "employer.name"),
        Column("category", "get_category_display"),
        Column("statutory", "statutory_kind"),
        Column("paid", "is_paid"),
        Column("hours", "hours"),
        Column("status", "status"),
        Column("approved_by", "decided_by.username"),
        Column("description", "description"),
    )

    def __init__(self, entries: QuerySet[TimeEntry]) -> None:
        super().__init__(entries.select_related("activist", "branch", "employer", "decided_by"))


class FiguresExporter(Exporter):
    """The statutory publication figures of one period (already strings, header first)."""

    identifier = "facility-figures"
    perm = "export_facility"
    audit_code = "facility.figures.exported"
    sheet = "Figures"
    columns = tuple(
        Column(h, operator.itemgetter(i))
        for i, h in enumerate(("table", "figure", "value", "note"))
    )

    def __init__(self, figures: Figures) -> None:
        super().__init__(figures.as_rows()[1:])
