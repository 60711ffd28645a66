"""Charter exports: the targets list (status on every charter) and a scoreboard."""

from __future__ import annotations

from django.db.models import QuerySet

from commonground.audit.exports import Exporter
from commonground.charters.models import Charter, Status, Target
from commonground.lib.exports import Column


def _status_on(charter: Charter) -> Column:
    def read(target: Target) -> object:
        for ts in target.statuses.all():
            if ts.charter_id == charter.pk:
                return Status(ts.status).label
        return Status.NOT_APPROACHED.label

    return Column(charter.name, read)


class TargetExporter(Exporter):
    identifier = "charter-targets"
    perm = "export_charters"
    audit_code = "charters.target.exported"
    sheet = "Targets"

    def __init__(self, targets: QuerySet[Target], charters: list[Charter]) -> None:
        super().__init__(targets.select_related("council", "provider").prefetch_related("statuses"))
        self.columns = (
            Column("name", "name"),
            Column("kind", "get_kind_display"),
            Column("council", "council.name"),
            Column("provider", "provider.name"),
            *(_status_on(c) for c in charters),
        )


class ScoreboardExporter(Exporter):
    """``charters.queries.Row`` rows of one charter's scoreboard."""

    identifier = "charter-scoreboard"
    perm = "export_charters"
    audit_code = "charters.scoreboard.exported"
    sheet = "Scoreboard"
    columns = (
        Column("name", "name"),
        Column("kind", "kind_label"),
        Column("status", "status_label"),
        Column("since", "since"),
        Column("signed on", "signed_on"),
        Column("commitments met", "met"),
        Column("commitments", "commitments"),
    )
