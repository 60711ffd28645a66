"""CSV exports of facility time: one exporter per export (STYLE.md §5)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.facility.figures import Figures
from commonground.facility.models import Entry
from commonground.lib.exports import safe_cell


class EntryExporter:
    identifier = "facility-entries"
    header = (
        "date",
        "activist",
        "branch",
        "employer",
        "category",
        "statutory",
        "paid",
        "hours",
        "status",
        "approved_by",
        "description",
    )

    @staticmethod
    def available_for_user(user: User) -> bool:
        return has_perm(user, "export_facility")

    def __init__(self, entries: QuerySet[Entry]) -> None:
        self.entries = entries

    def rows(self) -> Iterator[list[str]]:
        yield [safe_cell(h) for h in self.header]
        for e in self.entries.iterator(chunk_size=500):
            yield [
                safe_cell(v)
                for v in (
                    e.date.isoformat(),
                    e.activist.get_full_name() or e.activist.username,
                    e.branch.code,
                    e.employer.name,
                    e.get_category_display(),
                    e.statutory_kind,
                    "yes" if e.is_paid else "no",
                    e.hours,
                    e.status,
                    e.decided_by.username if e.decided_by else "",
                    e.description,
                )
            ]


class FiguresExporter:
    identifier = "facility-figures"

    @staticmethod
    def available_for_user(user: User) -> bool:
        return has_perm(user, "export_facility")

    def __init__(self, figures: Figures) -> None:
        self.figures = figures

    def rows(self) -> Iterator[list[str]]:
        for row in self.figures.as_rows():
            yield [safe_cell(v) for v in row]
