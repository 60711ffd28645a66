"""The people export: one exporter, rendered as streaming CSV or as XLSX (STYLE.md §5).

Sensitive fields (employment type, immigration details) and conversation notes are never
exported. Every cell goes through ``safe_cell``.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.lib.exports import Echo, safe_cell
from commonground.people.models import Person


class PeopleExporter:
    identifier = "people"
    headers = (
        "id",
        "name",
        "branch",
        "membership number",
        "status",
        "joined",
        "phone",
        "email",
        "postcode",
        "job title",
        "employer (as written)",
        "workplace (as written)",
        "workplace (register)",
        "CQC location id",
        "shift",
        "unit",
        "assessment",
        "lawful basis",
        "last contacted",
        "follow-up due",
    )

    @staticmethod
    def available_for_user(user: User) -> bool:
        return has_perm(user, "export_people")

    def __init__(self, qs: QuerySet[Person]) -> None:
        self.qs = qs.select_related("branch", "membership", "location").order_by("pk")

    def rows(self) -> Iterator[list[Any]]:
        yield list(self.headers)
        for p in self.qs.iterator(chunk_size=2000):
            m = getattr(p, "membership", None)
            yield [
                p.pk,
                p.full_name,
                p.branch.code,
                m.number if m else "",
                m.status if m else "",
                m.joined.isoformat() if m and m.joined else "",
                p.phone,
                p.email,
                p.postcode,
                p.job_title,
                p.employer_text,
                p.workplace_text,
                p.location.name if p.location else "",
                p.location.cqc_id if p.location else "",
                p.shift,
                p.unit,
                p.assessment or "",
                p.lawful_basis or "none",
                p.last_contacted.date().isoformat() if p.last_contacted else "",
                p.follow_up_due.isoformat() if p.follow_up_due else "",
            ]


def render(exporter: PeopleExporter, fmt: str) -> HttpResponseBase:
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("People")
        for row in exporter.rows():
            sheet.append([safe_cell(c) for c in row])
        tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        workbook.save(tmp)
        tmp.seek(0)
        return FileResponse(
            tmp,
            as_attachment=True,
            filename=f"people-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    writer = csv.writer(Echo())
    stream = (writer.writerow([safe_cell(c) for c in row]) for row in exporter.rows())
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="people-{stamp}.csv"'
    return response
