"""Density exports: a table at one level, and the ranked targets. Aggregates only.

Small counts stay hidden for roles that may not see the people (``Row.as_dict``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from commonground.audit.exports import Exporter
from commonground.lib.exports import Column

ROW_FIELDS = (
    "level",
    "key",
    "name",
    "members",
    "workforce_estimate",
    "density",
    "reps",
    "locations",
)


class DensityTableExporter(Exporter):
    """Rows of ``density.queries.Row`` (one level of the density table)."""

    identifier = "density"
    perm = "export_density"
    audit_code = "density.table.exported"
    sheet = "Density"
    columns = tuple(Column(f, f) for f in ROW_FIELDS)

    def records(self) -> Iterator[Any]:
        return (r.as_dict() for r in super().records())


class DensityTargetExporter(Exporter):
    """``density.queries.Target`` rows, best first."""

    identifier = "density-targets"
    perm = "export_density"
    audit_code = "density.target.exported"
    sheet = "Targets"
    columns = (
        Column("rank", "rank"),
        Column("CQC location id", "row.key"),
        Column("name", "row.name"),
        Column("provider", lambda t: t.row.extra.get("provider", "")),
        Column("council", "council"),
        Column("postcode", "postcode"),
        Column("workforce_estimate", "row.workforce"),
        Column("members", lambda t: t.row.as_dict()["members"]),
        Column("density", lambda t: t.row.as_dict()["density"]),
        Column("reps", lambda t: t.row.as_dict()["reps"]),
        Column("score", "score"),
        Column("reasons", lambda t: "; ".join(str(r) for r in t.reasons)),
    )

    def records(self) -> Iterator[Any]:
        for i, target in enumerate(super().records(), start=1):
            target.rank = i
            yield target
