"""The people export (docs/style.md §5); rendered and audited by ``audit.exports.export_response``.

Sensitive fields (employment type, immigration details) and conversation notes are never
exported. Every cell goes through ``safe_cell``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from commonground.audit.exports import Exporter
from commonground.lib.exports import Column
from commonground.people.models import Person


def _membership(field: str) -> Any:
    def read(p: Person) -> object:
        m = getattr(p, "membership", None)
        return getattr(m, field) if m else ""

    return read


class PeopleExporter(Exporter):
    identifier = "people"
    perm = "export_people"
    audit_code = "people.person.exported"
    sheet = "People"
    columns = (
        Column("id", "pk"),
        Column("name", "full_name"),
        Column("branch", "branch.code"),
        Column("membership number", _membership("number")),
        Column("status", _membership("status")),
        Column("joined", _membership("joined")),
        Column("phone", "phone"),
        Column("email", "email"),
        Column("postcode", "postcode"),
        Column("job title", "job_title"),
        Column("employer (as written)", "employer_text"),
        Column("workplace (as written)", "workplace_text"),
        Column("workplace (register)", "location.name"),
        Column("CQC location id", "location.cqc_id"),
        Column("shift", "shift"),
        Column("unit", "unit"),
        Column("assessment", lambda p: p.assessment or ""),
        Column("lawful basis", lambda p: p.lawful_basis or "none"),
        Column("last contacted", lambda p: p.last_contacted.date() if p.last_contacted else ""),
        Column("follow-up due", "follow_up_due"),
    )

    def __init__(self, qs: QuerySet[Person]) -> None:
        super().__init__(qs.select_related("branch", "membership", "location").order_by("pk"))
