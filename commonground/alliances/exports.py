"""Alliance exports: partners (organisations, not their contacts) and the reciprocity ledger."""

from __future__ import annotations

from django.db.models import QuerySet

from commonground.alliances.models import LedgerEntry, Partner
from commonground.audit.exports import Exporter
from commonground.lib.exports import Column


class PartnerExporter(Exporter):
    identifier = "alliance-partners"
    perm = "export_alliances"
    audit_code = "alliances.partner.exported"
    sheet = "Partners"
    columns = (
        Column("name", "name"),
        Column("type", "get_kind_display"),
        Column("website", "website"),
        Column("issues", lambda p: "; ".join(i.name for i in p.issues.all())),
        Column("active affiliations", "active_affiliations"),
        Column("joint actions", "action_count"),
        Column("description", "description"),
    )

    def __init__(self, partners: QuerySet[Partner]) -> None:
        super().__init__(partners.prefetch_related("issues"))


class LedgerExporter(Exporter):
    identifier = "alliance-ledger"
    perm = "export_alliances"
    audit_code = "alliances.ledger.exported"
    sheet = "Ledger"
    columns = (
        Column("date", "date"),
        Column("partner", "partner.name"),
        Column("branch", "branch.code"),
        Column("direction", "get_direction_display"),
        Column("support", "get_kind_display"),
        Column("quantity", "quantity"),
        Column("unit", "get_unit_display"),
        Column("joint action", "joint_action.title"),
        Column("description", "description"),
    )

    def __init__(self, entries: QuerySet[LedgerEntry]) -> None:
        super().__init__(entries.select_related("partner", "branch", "joint_action"))
