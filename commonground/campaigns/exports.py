"""Campaign exports: the filtered events list (no sign-ups: they are personal data)."""

from __future__ import annotations

from django.db.models import QuerySet

from commonground.audit.exports import Exporter
from commonground.campaigns.models import Event
from commonground.lib.exports import Column


class EventExporter(Exporter):
    identifier = "campaign-events"
    perm = "export_campaigns"
    audit_code = "campaigns.event.exported"
    sheet = "Events"
    columns = (
        Column("campaign", "campaign.name"),
        Column("kind", "get_kind_display"),
        Column("title", "title"),
        Column("starts", "starts_at"),
        Column("ends", "ends_at"),
        Column("place", "place"),
        Column("council", "council.name"),
        Column("branch", "branch.code"),
        Column("status", "get_status_display"),
        Column("headcount", "headcount"),
        Column("partners involved", "partners"),
        Column("outcomes", "outcomes"),
    )

    def __init__(self, events: QuerySet[Event]) -> None:
        super().__init__(events.select_related("campaign", "council", "branch"))
